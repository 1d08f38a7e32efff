#include <hearth/rpc/request.h>

#include <hearth/util/hex.h>

namespace hearth::rpc {

namespace {

constexpr std::string_view WALLET_ENDPOINT_BASE{"/wallet/"};

/// Runs one request; errors become error replies when `catch_errors` (2.0 and batch elements), otherwise
/// they propagate to the caller, which answers with an HTTP error status (legacy single requests).
json ExecOne(const RpcRequest& request, const RequestExecutor& execute, bool catch_errors)
{
    if (!catch_errors) return ReplyObject(execute(request), json{}, request.id, request.version);
    try {
        return ReplyObject(execute(request), json{}, request.id, request.version);
    } catch (const JsonRpcError& e) {
        return ReplyObject(json{}, ErrorObject(e.code_int(), e.what()), request.id, request.version);
    } catch (const std::exception& e) {
        return ReplyObject(json{}, ErrorObject(static_cast<int>(RpcErrorCode::MISC_ERROR), e.what()), request.id,
                           request.version);
    }
}

HttpReply ErrorReply(int code, const std::string& message, const RpcRequest& request)
{
    // Legacy errors map to HTTP statuses; this path is also taken by 2.0 requests that fail to parse.
    HttpStatus status = HttpStatus::INTERNAL_SERVER_ERROR;
    if (code == static_cast<int>(RpcErrorCode::INVALID_REQUEST)) status = HttpStatus::BAD_REQUEST;
    if (code == static_cast<int>(RpcErrorCode::METHOD_NOT_FOUND)) status = HttpStatus::NOT_FOUND;
    return {status, WriteJson(ReplyObject(json{}, ErrorObject(code, message), request.id, request.version)) + "\n"};
}

} // namespace

std::optional<std::string> RpcRequest::WalletName() const
{
    if (!uri.starts_with(WALLET_ENDPOINT_BASE)) return std::nullopt;
    return UrlDecode(std::string_view{uri}.substr(WALLET_ENDPOINT_BASE.size()));
}

void ParseRequest(const json& value, RpcRequest& out)
{
    if (!value.is_object()) throw JsonRpcError{RpcErrorCode::INVALID_REQUEST, "Invalid Request object"};
    // The id first, so that later errors are reported with it.
    if (auto it = value.find("id"); it != value.end()) {
        out.id = *it;
    } else {
        out.id.reset();
    }
    out.version = JsonRpcVersion::V1_LEGACY;
    if (auto it = value.find("jsonrpc"); it != value.end() && !it->is_null()) {
        if (!it->is_string()) throw JsonRpcError{RpcErrorCode::INVALID_REQUEST, "jsonrpc field must be a string"};
        // Some old documentation put "jsonrpc": "1.0" in requests; Core keeps accepting it as legacy.
        if (*it == "1.0") {
            out.version = JsonRpcVersion::V1_LEGACY;
        } else if (*it == "2.0") {
            out.version = JsonRpcVersion::V2;
        } else {
            throw JsonRpcError{RpcErrorCode::INVALID_REQUEST, "JSON-RPC version not supported"};
        }
    }
    const auto method = value.find("method");
    if (method == value.end() || method->is_null()) throw JsonRpcError{RpcErrorCode::INVALID_REQUEST, "Missing method"};
    if (!method->is_string()) throw JsonRpcError{RpcErrorCode::INVALID_REQUEST, "Method must be a string"};
    out.method = method->get<std::string>();
    const auto params = value.find("params");
    if (params == value.end() || params->is_null()) {
        out.params = json::array();
    } else if (params->is_array() || params->is_object()) {
        out.params = *params;
    } else {
        throw JsonRpcError{RpcErrorCode::INVALID_REQUEST, "Params must be an array or object"};
    }
}

json ErrorObject(int code, const std::string& message)
{
    json error = json::object();
    error["code"] = code;
    error["message"] = message;
    return error;
}

json ReplyObject(json result, json error, const std::optional<json>& id, JsonRpcVersion version)
{
    json reply = json::object();
    if (version == JsonRpcVersion::V2) reply["jsonrpc"] = "2.0";
    if (error.is_null()) {
        reply["result"] = std::move(result);
        if (version == JsonRpcVersion::V1_LEGACY) reply["error"] = nullptr;
    } else {
        if (version == JsonRpcVersion::V1_LEGACY) reply["result"] = nullptr;
        reply["error"] = std::move(error);
    }
    if (id) reply["id"] = *id;
    return reply;
}

HttpReply ProcessJsonRpcBody(std::string_view body, const RpcRequest& context, const RequestExecutor& execute)
{
    RpcRequest request = context;
    request.id.reset();
    request.version = JsonRpcVersion::V1_LEGACY;
    try {
        const auto value = ParseJsonPreservingNumbers(body);
        if (!value) throw JsonRpcError{RpcErrorCode::PARSE_ERROR, "Parse error"};

        if (value->is_object()) {
            ParseRequest(*value, request);
            // Legacy: failures become HTTP errors. 2.0: failures are replies with HTTP 200.
            const bool catch_errors = request.version == JsonRpcVersion::V2;
            json reply = ExecOne(request, execute, catch_errors);
            if (request.IsNotification()) return {HttpStatus::NO_CONTENT, ""};
            return {HttpStatus::OK, WriteJson(reply) + "\n"};
        }
        if (value->is_array()) {
            // A batch never fails as a whole: each element gets its own reply; notifications get none.
            json replies = json::array();
            for (const auto& element : *value) {
                RpcRequest item = context;
                json reply;
                try {
                    ParseRequest(element, item);
                    reply = ExecOne(item, execute, /*catch_errors=*/true);
                } catch (const JsonRpcError& e) {
                    reply = ReplyObject(json{}, ErrorObject(e.code_int(), e.what()), item.id, item.version);
                } catch (const std::exception& e) {
                    reply = ReplyObject(json{}, ErrorObject(static_cast<int>(RpcErrorCode::PARSE_ERROR), e.what()),
                                        item.id, item.version);
                }
                if (!item.IsNotification()) replies.push_back(std::move(reply));
            }
            // An all-notification batch gets no body; an empty batch gets [] (Core keeps this for old clients).
            if (replies.empty() && !value->empty()) return {HttpStatus::NO_CONTENT, ""};
            return {HttpStatus::OK, WriteJson(replies) + "\n"};
        }
        throw JsonRpcError{RpcErrorCode::PARSE_ERROR, "Top-level object parse error"};
    } catch (const JsonRpcError& e) {
        return ErrorReply(e.code_int(), e.what(), request);
    } catch (const std::exception& e) {
        return ErrorReply(static_cast<int>(RpcErrorCode::PARSE_ERROR), e.what(), request);
    }
}

std::string UrlDecode(std::string_view in)
{
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%' && i + 2 < in.size()) {
            const int hi = util::HexDigit(in[i + 1]);
            const int lo = util::HexDigit(in[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += in[i];
    }
    return out;
}

std::string UrlEncode(std::string_view in)
{
    static constexpr char HEX[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : in) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' || u == '.' ||
            u == '_' || u == '~') {
            out += c;
        } else {
            out += '%';
            out += HEX[u >> 4];
            out += HEX[u & 15];
        }
    }
    return out;
}

} // namespace hearth::rpc
