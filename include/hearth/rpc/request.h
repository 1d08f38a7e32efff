#ifndef HEARTH_RPC_REQUEST_H
#define HEARTH_RPC_REQUEST_H

// JSON-RPC requests and replies with Core's exact semantics (src/rpc/request.cpp, src/httprpc.cpp;
// CORE-FACTS §4): version detection, notifications, batches, error objects and the HTTP status of each
// outcome. Transport-free, so the whole table of behaviours is unit-tested without sockets.

#include <hearth/rpc/json.h>
#include <hearth/rpc/protocol.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::rpc {

/// One parsed call.
struct RpcRequest {
    /// Absent "id" is nullopt (a notification in 2.0); "id": null is a null id.
    std::optional<json> id;
    std::string method;
    /// Array (positional) or object (named); absent params become [].
    json params = json::array();
    JsonRpcVersion version{JsonRpcVersion::V1_LEGACY};
    /// Request path ("/" or "/wallet/<name>"), authenticated user and peer, for handlers and logs.
    std::string uri{"/"};
    std::string auth_user;
    std::string peer;

    /// A 2.0 request without id: executed, never answered.
    bool IsNotification() const { return !id.has_value() && version == JsonRpcVersion::V2; }
    /// The wallet named by a "/wallet/<name>" path (URL-decoded), if any.
    std::optional<std::string> WalletName() const;
};

/// Fills `out` from one request object (Core's JSONRPCRequest::parse). Throws JsonRpcError(-32600) for a
/// malformed request; id and version are stored before anything can fail, so the error reply carries them.
void ParseRequest(const json& value, RpcRequest& out);

/// {"code": code, "message": message}.
json ErrorObject(int code, const std::string& message);
/// A reply object: legacy has both "result" and "error" (one null), 2.0 has "jsonrpc" and only one of them;
/// "id" only if the request had one.
json ReplyObject(json result, json error, const std::optional<json>& id, JsonRpcVersion version);

/// What the HTTP layer sends back.
struct HttpReply {
    HttpStatus status{HttpStatus::OK};
    /// JSON text plus "\n", or empty for 204.
    std::string body;
};

/// Executes one request; throws JsonRpcError or std::exception on failure.
using RequestExecutor = std::function<json(const RpcRequest&)>;

/// Processes a JSON-RPC HTTP body (single request or batch) as Core's HTTPReq_JSONRPC does after
/// authentication. `context` carries uri/user/peer into every parsed request.
HttpReply ProcessJsonRpcBody(std::string_view body, const RpcRequest& context, const RequestExecutor& execute);

/// Decodes %XX escapes (Core's UrlDecode; '+' stays '+').
std::string UrlDecode(std::string_view in);
/// Percent-encodes everything but unreserved characters (libevent's evhttp_uriencode).
std::string UrlEncode(std::string_view in);

} // namespace hearth::rpc

#endif // HEARTH_RPC_REQUEST_H
