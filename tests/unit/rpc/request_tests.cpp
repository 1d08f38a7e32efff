// The JSON-RPC-over-HTTP behaviour table of CORE-FACTS §4, request by request.

#include <hearth/rpc/request.h>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace hearth::rpc;

namespace {

/// Executes "ok" (returns "done"), "fail" (RPC error -8), "throw" (std::exception) and nothing else.
struct Recorder {
    std::vector<std::string> calls;

    RequestExecutor Executor()
    {
        return [this](const RpcRequest& r) -> json {
            calls.push_back(r.method);
            if (r.method == "ok") return "done";
            if (r.method == "fail") throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "bad"};
            if (r.method == "throw") throw std::runtime_error("boom");
            throw JsonRpcError{RpcErrorCode::METHOD_NOT_FOUND, "Method not found"};
        };
    }
};

HttpReply Process(Recorder& rec, const std::string& body)
{
    return ProcessJsonRpcBody(body, RpcRequest{}, rec.Executor());
}

} // namespace

TEST(JsonRpcTest, LegacySuccessHasResultErrorAndId)
{
    Recorder rec;
    auto r = Process(rec, R"({"method":"ok","params":[],"id":7})");
    EXPECT_EQ(r.status, HttpStatus::OK);
    EXPECT_EQ(r.body, "{\"result\":\"done\",\"error\":null,\"id\":7}\n");
    // "jsonrpc":"1.0" is legacy too.
    r = Process(rec, R"({"jsonrpc":"1.0","method":"ok","id":"x"})");
    EXPECT_EQ(r.body, "{\"result\":\"done\",\"error\":null,\"id\":\"x\"}\n");
}

TEST(JsonRpcTest, V2SuccessHasOnlyResult)
{
    Recorder rec;
    auto r = Process(rec, R"({"jsonrpc":"2.0","method":"ok","id":1})");
    EXPECT_EQ(r.status, HttpStatus::OK);
    EXPECT_EQ(r.body, "{\"jsonrpc\":\"2.0\",\"result\":\"done\",\"id\":1}\n");
    // A null id is an id: answered.
    r = Process(rec, R"({"jsonrpc":"2.0","method":"ok","id":null})");
    EXPECT_EQ(r.body, "{\"jsonrpc\":\"2.0\",\"result\":\"done\",\"id\":null}\n");
}

TEST(JsonRpcTest, LegacyErrorsMapToHttpStatus)
{
    Recorder rec;
    auto r = Process(rec, R"({"method":"fail","id":1})");
    EXPECT_EQ(r.status, HttpStatus::INTERNAL_SERVER_ERROR);
    EXPECT_EQ(r.body, "{\"result\":null,\"error\":{\"code\":-8,\"message\":\"bad\"},\"id\":1}\n");
    r = Process(rec, R"({"method":"nosuch","id":1})");
    EXPECT_EQ(r.status, HttpStatus::NOT_FOUND);
    // The method table turns handler exceptions into -1; one escaping the executor itself is reported as
    // Core's httprpc.cpp does: a parse error.
    r = Process(rec, R"({"method":"throw","id":1})");
    EXPECT_EQ(r.status, HttpStatus::INTERNAL_SERVER_ERROR);
    EXPECT_EQ(r.body, "{\"result\":null,\"error\":{\"code\":-32700,\"message\":\"boom\"},\"id\":1}\n");
    r = Process(rec, R"({"id":1})");
    EXPECT_EQ(r.status, HttpStatus::BAD_REQUEST);
    EXPECT_EQ(r.body, "{\"result\":null,\"error\":{\"code\":-32600,\"message\":\"Missing method\"},\"id\":1}\n");
}

TEST(JsonRpcTest, V2ErrorsAreHttp200)
{
    Recorder rec;
    auto r = Process(rec, R"({"jsonrpc":"2.0","method":"nosuch","id":3})");
    EXPECT_EQ(r.status, HttpStatus::OK);
    EXPECT_EQ(r.body, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":3}\n");
    r = Process(rec, R"({"jsonrpc":"2.0","method":"throw","id":3})");
    EXPECT_EQ(r.status, HttpStatus::OK);
    EXPECT_EQ(r.body, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-1,\"message\":\"boom\"},\"id\":3}\n");
}

TEST(JsonRpcTest, V2RequestThatFailsToParseIsAnHttpError)
{
    Recorder rec;
    // Parsing happens before execution: Core answers these with an HTTP error even for 2.0.
    auto r = Process(rec, R"({"jsonrpc":"2.0","method":5,"id":3})");
    EXPECT_EQ(r.status, HttpStatus::BAD_REQUEST);
    EXPECT_EQ(r.body,
              "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Method must be a string\"},\"id\":3}\n");
    r = Process(rec, R"({"jsonrpc":"2.0","method":"ok","params":"x","id":3})");
    EXPECT_EQ(r.status, HttpStatus::BAD_REQUEST);
    EXPECT_NE(r.body.find("Params must be an array or object"), std::string::npos);
    EXPECT_TRUE(rec.calls.empty());
}

TEST(JsonRpcTest, UnsupportedVersionIsInvalidRequest)
{
    Recorder rec;
    auto r = Process(rec, R"({"jsonrpc":"3.0","method":"ok","id":1})");
    EXPECT_EQ(r.status, HttpStatus::BAD_REQUEST);
    EXPECT_EQ(
        r.body,
        "{\"result\":null,\"error\":{\"code\":-32600,\"message\":\"JSON-RPC version not supported\"},\"id\":1}\n");
    r = Process(rec, R"({"jsonrpc":2,"method":"ok","id":1})");
    EXPECT_NE(r.body.find("jsonrpc field must be a string"), std::string::npos);
}

TEST(JsonRpcTest, NotificationsRunButGetNoReply)
{
    Recorder rec;
    auto r = Process(rec, R"({"jsonrpc":"2.0","method":"ok"})");
    EXPECT_EQ(r.status, HttpStatus::NO_CONTENT);
    EXPECT_EQ(r.body, "");
    // Even a failing notification is silent.
    r = Process(rec, R"({"jsonrpc":"2.0","method":"fail"})");
    EXPECT_EQ(r.status, HttpStatus::NO_CONTENT);
    EXPECT_EQ(rec.calls, (std::vector<std::string>{"ok", "fail"}));
    // Legacy without id is no notification: answered, without "id".
    r = Process(rec, R"({"method":"ok"})");
    EXPECT_EQ(r.status, HttpStatus::OK);
    EXPECT_EQ(r.body, "{\"result\":\"done\",\"error\":null}\n");
}

TEST(JsonRpcTest, MalformedJsonIsParseError)
{
    Recorder rec;
    auto r = Process(rec, "{\"method\":");
    EXPECT_EQ(r.status, HttpStatus::INTERNAL_SERVER_ERROR);
    EXPECT_EQ(r.body, "{\"result\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}\n");
    r = Process(rec, "42");
    EXPECT_EQ(r.status, HttpStatus::INTERNAL_SERVER_ERROR);
    EXPECT_NE(r.body.find("Top-level object parse error"), std::string::npos);
}

TEST(JsonRpcTest, BatchesAreAlwaysHttp200)
{
    Recorder rec;
    auto r = Process(
        rec,
        R"([{"jsonrpc":"2.0","method":"ok","id":1},{"method":"nosuch","id":2},7,{"jsonrpc":"2.0","method":"ok"},{"jsonrpc":"2.0","method":"fail","id":5}])");
    EXPECT_EQ(r.status, HttpStatus::OK);
    EXPECT_EQ(r.body, "[{\"jsonrpc\":\"2.0\",\"result\":\"done\",\"id\":1},"
                      "{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":2},"
                      "{\"result\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid Request object\"}},"
                      "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-8,\"message\":\"bad\"},\"id\":5}]\n");
    EXPECT_EQ(rec.calls.size(), 4u); // the notification ran too
}

TEST(JsonRpcTest, EmptyAndAllNotificationBatches)
{
    Recorder rec;
    auto r = Process(rec, "[]");
    EXPECT_EQ(r.status, HttpStatus::OK);
    EXPECT_EQ(r.body, "[]\n");
    r = Process(rec, R"([{"jsonrpc":"2.0","method":"ok"},{"jsonrpc":"2.0","method":"ok"}])");
    EXPECT_EQ(r.status, HttpStatus::NO_CONTENT);
    EXPECT_EQ(r.body, "");
}

TEST(JsonRpcTest, RequestFieldsAndWalletEndpoint)
{
    RpcRequest req;
    ParseRequest(json::parse(R"({"method":"m","params":{"a":1},"id":[1]})"), req);
    EXPECT_EQ(req.method, "m");
    EXPECT_TRUE(req.params.is_object());
    EXPECT_EQ(*req.id, json::array({1}));
    EXPECT_FALSE(req.IsNotification());
    req.uri = "/wallet/my%20wallet%2Fx";
    EXPECT_EQ(*req.WalletName(), "my wallet/x");
    req.uri = "/";
    EXPECT_FALSE(req.WalletName());
    EXPECT_EQ(UrlEncode("my wallet/é"), "my%20wallet%2F%C3%A9");
    EXPECT_EQ(UrlDecode("a%2"), "a%2");
    EXPECT_EQ(UrlDecode("a+b%41"), "a+bA");
}
