// The HTTP server in-process on 127.0.0.1 (an ephemeral port), driven by the HTTP client.

#include <hearth/node/shutdown.h>
#include <hearth/rpc/auth.h>
#include <hearth/rpc/http_client.h>
#include <hearth/rpc/register.h>
#include <hearth/rpc/server.h>

#include "testutil/temp_dir.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

using namespace hearth;
using namespace hearth::rpc;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

class ServerFixture
{
public:
    explicit ServerFixture(node::RpcOptions options = DefaultOptions())
    {
        if (options.cookie_file == "COOKIE") options.cookie_file = m_dir / ".cookie";
        RegisterAllRpcs(m_table);
        m_table.Register(
            {.category = "test", .name = "block", .handler = [this](const RpcContext&, const json&) -> json {
                 ++m_blocked;
                 while (!m_release) std::this_thread::sleep_for(1ms);
                 return "released";
             }});
        m_table.SetWarmupFinished();
        m_node.shutdown = &m_shutdown;
        auto server = RpcServer::Start(options, m_table, m_node);
        if (!server) throw std::runtime_error(server.error());
        m_server = std::move(*server);
        m_port = m_server->BoundAddresses().at(0).second;
        if (!options.cookie_file.empty() && options.password.empty())
            m_auth = "Basic " + EncodeBase64(*ReadAuthCookie(options.cookie_file));
    }
    ~ServerFixture()
    {
        m_release = true;
        m_server.reset(); // before the directory goes
    }

    static node::RpcOptions DefaultOptions()
    {
        node::RpcOptions o;
        o.bind = {{"127.0.0.1", 0}};
        o.allow = {*node::Subnet::Parse("127.0.0.0/8"), *node::Subnet::Parse("::1")};
        o.cookie_file = "COOKIE";
        o.threads = 4;
        o.work_queue = 16;
        o.max_body_size = 64 * 1024;
        return o;
    }

    std::unique_ptr<HttpConnection> Connect()
    {
        auto c = HttpConnection::Connect("127.0.0.1", m_port, 10s);
        if (!c) throw std::runtime_error(c.error());
        return std::move(*c);
    }
    HttpResponse Post(const std::string& body, const std::string& path = "/", std::optional<std::string> auth = {})
    {
        auto r = Connect()->Post(path, body, auth.value_or(m_auth));
        if (!r) throw std::runtime_error(r.error());
        return *r;
    }

    testutil::TempDir m_tmp;
    const fs::path m_dir{m_tmp.path()};
    RpcTable m_table;
    node::ShutdownSignal m_shutdown;
    node::NodeContext m_node;
    std::unique_ptr<RpcServer> m_server;
    uint16_t m_port{0};
    std::string m_auth;
    std::atomic<int> m_blocked{0};
    std::atomic<bool> m_release{false};
};

const std::string UPTIME = R"({"jsonrpc":"2.0","id":1,"method":"uptime"})";

} // namespace

TEST(RpcServerTest, ServesManyCallsOverOneKeepAliveConnection)
{
    ServerFixture f;
    auto conn = f.Connect();
    for (int i = 0; i < 5; ++i) {
        auto r = conn->Post(
            "/", R"({"jsonrpc":"2.0","id":)" + std::to_string(i) + R"(,"method":"echo","params":["x"]})", f.m_auth);
        ASSERT_TRUE(r) << r.error();
        EXPECT_EQ(r->status, 200);
        EXPECT_EQ(r->headers["content-type"], "application/json");
        EXPECT_EQ(r->body, R"({"jsonrpc":"2.0","result":["x"],"id":)" + std::to_string(i) + "}\n");
    }
    EXPECT_FALSE(conn->Closed());
}

TEST(RpcServerTest, NotificationIs204WithoutBody)
{
    ServerFixture f;
    auto r = f.Post(R"({"jsonrpc":"2.0","method":"uptime"})");
    EXPECT_EQ(r.status, 204);
    EXPECT_EQ(r.body, "");
}

TEST(RpcServerTest, MissingAndWrongCredentials)
{
    ServerFixture f;
    auto none = f.Post(UPTIME, "/", std::string{});
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(none.headers["www-authenticate"], "Basic realm=\"jsonrpc\"");
    const auto t0 = std::chrono::steady_clock::now();
    auto wrong = f.Post(UPTIME, "/", "Basic " + EncodeBase64("__cookie__:wrong"));
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(wrong.headers["www-authenticate"], "Basic realm=\"jsonrpc\"");
    EXPECT_GE(std::chrono::steady_clock::now() - t0, 250ms); // brute-force deterrent
    EXPECT_EQ(f.Post(UPTIME).status, 200);
}

TEST(RpcServerTest, MethodPathAndBodyLimits)
{
    ServerFixture f;
    auto get = f.Connect()->Request("GET", "/", "", {{"Authorization", f.m_auth}});
    ASSERT_TRUE(get);
    EXPECT_EQ(get->status, 405);
    EXPECT_EQ(get->body, "JSONRPC server handles only POST requests");
    EXPECT_EQ(f.Post(UPTIME, "/rest/chaininfo.json").status, 404);
    const std::string big = R"({"method":"echo","params":[")" + std::string(70 * 1024, 'a') + R"("]})";
    EXPECT_EQ(f.Post(big).status, 413);
    // Still serving after that.
    EXPECT_EQ(f.Post(UPTIME).status, 200);
}

TEST(RpcServerTest, WalletEndpointWithoutWallets)
{
    ServerFixture f;
    auto r = f.Post(R"({"id":1,"method":"uptime"})", "/wallet/w");
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.body, "{\"result\":null,\"error\":{\"code\":-18,\"message\":\"Requested wallet does not exist or is "
                      "not loaded\"},\"id\":1}\n");
}

TEST(RpcServerTest, ClientsOutsideAllowListAreForbidden)
{
    auto options = ServerFixture::DefaultOptions();
    options.allow = {*node::Subnet::Parse("10.0.0.0/8")};
    ServerFixture f{options};
    auto r = f.Post(UPTIME);
    EXPECT_EQ(r.status, 403);
}

TEST(RpcServerTest, FullWorkQueueAnswers503)
{
    auto options = ServerFixture::DefaultOptions();
    options.threads = 1;
    options.work_queue = 1;
    ServerFixture f{options};
    const std::string block = R"({"jsonrpc":"2.0","id":1,"method":"block"})";
    HttpResponse first, second;
    std::thread t1{[&] { first = f.Post(block); }};
    while (f.m_blocked == 0) std::this_thread::sleep_for(1ms); // the only worker is busy
    std::thread t2{[&] { second = f.Post(block); }};
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (f.m_server->QueuedCalls() == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(1ms);
    const bool queued = f.m_server->QueuedCalls() == 1; // the second call sits in the queue
    EXPECT_TRUE(queued);
    if (queued) {
        auto third = f.Post(UPTIME);
        EXPECT_EQ(third.status, 503);
        EXPECT_EQ(third.body, "Work queue depth exceeded");
    }
    f.m_release = true;
    t1.join();
    t2.join();
    EXPECT_EQ(first.status, 200);
    EXPECT_EQ(second.status, 200);
    EXPECT_EQ(second.body, "{\"jsonrpc\":\"2.0\",\"result\":\"released\",\"id\":1}\n");
}

TEST(RpcServerTest, StopFinishesRunningCallsAndRemovesCookie)
{
    auto f = std::make_unique<ServerFixture>();
    const fs::path cookie = f->m_dir / ".cookie";
    EXPECT_TRUE(fs::exists(cookie));
    HttpResponse reply;
    std::thread call{[&] { reply = f->Post(R"({"jsonrpc":"2.0","id":1,"method":"block"})"); }};
    while (f->m_blocked == 0) std::this_thread::sleep_for(1ms);
    std::thread stopper{[&] { f->m_server->Stop(); }};
    std::this_thread::sleep_for(100ms);
    f->m_release = true;
    stopper.join();
    call.join();
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, "{\"jsonrpc\":\"2.0\",\"result\":\"released\",\"id\":1}\n");
    EXPECT_FALSE(fs::exists(cookie));
    EXPECT_FALSE(HttpConnection::Connect("127.0.0.1", f->m_port, 2s)); // no longer listening
}

TEST(RpcServerTest, StopRpcReplyArrivesBeforeShutdown)
{
    ServerFixture f;
    auto r = f.Post(R"({"jsonrpc":"2.0","id":1,"method":"stop"})");
    EXPECT_EQ(r.body, "{\"jsonrpc\":\"2.0\",\"result\":\"Hearth stopping\",\"id\":1}\n");
    EXPECT_TRUE(f.m_shutdown.Requested());
}

TEST(RpcServerTest, PasswordAuthWritesNoCookie)
{
    auto options = ServerFixture::DefaultOptions();
    options.user = "alice";
    options.password = "secret";
    options.auth = {{"bob", "93648e835a54c573682c2eb19f882535",
                     "7681e9c5b74bdd85e78166031d2058e1069b3ed7ed967c93fc63abba06f31144"}};
    ServerFixture f{options};
    EXPECT_FALSE(fs::exists(f.m_dir / ".cookie"));
    EXPECT_EQ(f.Post(UPTIME, "/", "Basic " + EncodeBase64("alice:secret")).status, 200);
    EXPECT_EQ(f.Post(UPTIME, "/", "Basic " + EncodeBase64("bob:cA773lm788buwYe4g4WT+05pKyNruVKjQ25x3n0DQcM=")).status,
              200);
    EXPECT_EQ(f.Post(UPTIME, "/", "Basic " + EncodeBase64("alice:wrong")).status, 401);
}

TEST(RpcServerTest, FailsWhenNothingCanBeBound)
{
    ServerFixture f;
    auto options = ServerFixture::DefaultOptions();
    options.bind = {{"127.0.0.1", f.m_port}}; // taken by f
    options.cookie_file.clear();
    RpcTable table;
    node::NodeContext node;
    auto second = RpcServer::Start(options, table, node);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error(), "Unable to bind any endpoint for RPC server");
}

TEST(RpcServerTest, IdleConnectionsTimeOut)
{
    auto options = ServerFixture::DefaultOptions();
    options.server_timeout = 1s;
    ServerFixture f{options};
    auto conn = f.Connect();
    auto first = conn->Post("/", UPTIME, f.m_auth);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->status, 200);
    std::this_thread::sleep_for(2500ms); // idle longer than -rpcservertimeout: the server closes
    auto second = conn->Post("/", UPTIME, f.m_auth);
    EXPECT_FALSE(second && second->status == 200);
    EXPECT_EQ(f.Post(UPTIME).status, 200); // a new connection is served
}

TEST(RpcServerTest, HeadGets405WithoutBody)
{
    ServerFixture f;
    auto conn = f.Connect();
    auto head = conn->Request("HEAD", "/", "", {{"Authorization", f.m_auth}});
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 405);
    EXPECT_EQ(head->body, "");
    // The connection is still in step: the next reply is read correctly.
    auto next = conn->Post("/", UPTIME, f.m_auth);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->status, 200);
}
