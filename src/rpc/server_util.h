#ifndef HEARTH_RPC_SERVER_UTIL_H
#define HEARTH_RPC_SERVER_UTIL_H

// Private helpers shared by the raw-transaction, util and mining methods (Core's rpc/server_util.h and the
// parsing helpers of rpc/util.h): reaching the node's parts with Core's errors when they are missing, and
// parsing hashes and hex with Core's messages.

#include <hearth/chain/chainstate.h>
#include <hearth/consensus/params.h>
#include <hearth/node/chain_events.h>
#include <hearth/node/context.h>
#include <hearth/rpc/table.h>
#include <hearth/script/address.h>
#include <hearth/util/hex.h>
#include <hearth/util/uint256.h>

#include <string>
#include <string_view>

namespace hearth::rpc::detail {

inline chain::Chainstate& EnsureChainstate(const RpcContext& ctx)
{
    if (!ctx.node.chainstate) throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR, "Node chainman not found"};
    return *ctx.node.chainstate;
}

inline node::ChainEvents& EnsureChainEvents(const RpcContext& ctx)
{
    if (!ctx.node.chain_events) throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR, "Node chain notifications not found"};
    return *ctx.node.chain_events;
}

inline const consensus::ChainParams& EnsureChainParams(const RpcContext& ctx)
{
    if (!ctx.node.chain_params) throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR, "Node chain parameters not found"};
    return *ctx.node.chain_params;
}

/// This network's address and key prefixes.
inline const script::AddressParams& NetAddressParams(const RpcContext& ctx) { return EnsureChainParams(ctx).address; }

/// Core's ParseHashV: exactly 64 hex digits, displayed (reversed) order.
inline util::Uint256 ParseHashV(const json& value, std::string_view name)
{
    const std::string& hex = GetStr(value);
    if (auto hash = util::Uint256::FromHex(hex)) return *hash;
    if (hex.size() != 64) {
        throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, std::string{name} + " must be of length 64 (not " +
                                                                std::to_string(hex.size()) + ", for '" + hex + "')"};
    }
    throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                       std::string{name} + " must be hexadecimal string (not '" + hex + "')"};
}

/// Core's ParseHexV: non-empty, even-length hex (a non-string counts as "").
inline util::Bytes ParseHexV(const json& value, std::string_view name)
{
    const std::string hex = value.is_string() ? value.get<std::string>() : std::string{};
    auto bytes = util::IsHex(hex) ? util::ParseHex(hex) : std::nullopt;
    if (!bytes) {
        throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                           std::string{name} + " must be hexadecimal string (not '" + hex + "')"};
    }
    return std::move(*bytes);
}

/// The object member `key` (null if absent), as UniValue's find_value.
inline const json& FindValue(const json& obj, const std::string& key)
{
    static const json null_value;
    auto it = obj.find(key);
    return it == obj.end() ? null_value : *it;
}

} // namespace hearth::rpc::detail

#endif // HEARTH_RPC_SERVER_UTIL_H
