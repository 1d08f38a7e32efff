#ifndef HEARTH_TESTS_UNIT_RPC_RPC_TEST_UTIL_H
#define HEARTH_TESTS_UNIT_RPC_RPC_TEST_UTIL_H

// Calling methods through an RpcTable as one HTTP request would (argument checks included), for the rpc
// unit tests.

#include <hearth/node/context.h>
#include <hearth/rpc/protocol.h>
#include <hearth/rpc/request.h>
#include <hearth/rpc/table.h>

#include <optional>
#include <string>
#include <utility>

namespace hearth::rpc::test {

/// The result of `method` with `params` at `uri`; a JsonRpcError (or another exception) propagates.
inline json CallMethod(const RpcTable& table, node::NodeContext& node, const std::string& method, json params,
                       const std::string& uri = "/")
{
    RpcRequest req;
    req.method = method;
    req.params = std::move(params);
    req.uri = uri;
    return table.Execute(req, node);
}

/// The {code, message} of the JsonRpcError `method` answers with, or nullopt if it succeeds.
inline std::optional<std::pair<int, std::string>> CallError(const RpcTable& table, node::NodeContext& node,
                                                            const std::string& method, json params,
                                                            const std::string& uri = "/")
{
    try {
        CallMethod(table, node, method, std::move(params), uri);
    } catch (const JsonRpcError& e) {
        return std::pair<int, std::string>{e.code_int(), e.what()};
    }
    return std::nullopt;
}

} // namespace hearth::rpc::test

#endif // HEARTH_TESTS_UNIT_RPC_RPC_TEST_UTIL_H
