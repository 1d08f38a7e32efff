// RPC throughput: requests/s for a cheap method (`uptime`; `getblockcount` once the chain area registers
// it) against the in-process server on 127.0.0.1, over one keep-alive connection and over 16 parallel
// connections (one per benchmark thread). items_per_second is requests per second.
//
//   build/<dir>/tests/bench/hearth_bench_rpc --benchmark_min_time=2

#include <hearth/node/context.h>
#include <hearth/node/shutdown.h>
#include <hearth/rpc/auth.h>
#include <hearth/rpc/http_client.h>
#include <hearth/rpc/register.h>
#include <hearth/rpc/server.h>

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

namespace {

using namespace hearth;
namespace fs = std::filesystem;

/// One server for the whole process, with hearthd's default thread and queue settings.
struct BenchServer {
    fs::path dir;
    rpc::RpcTable table;
    node::ShutdownSignal shutdown;
    node::NodeContext node;
    std::unique_ptr<rpc::RpcServer> server;
    uint16_t port{0};
    std::string auth;

    BenchServer()
    {
        dir = fs::temp_directory_path() / ("hearth_bench_rpc_" + std::to_string(::getpid()));
        fs::create_directories(dir);
        rpc::RegisterAllRpcs(table);
        table.SetWarmupFinished();
        node.shutdown = &shutdown;
        node::RpcOptions options;
        options.bind = {{"127.0.0.1", 0}};
        options.allow = {*node::Subnet::Parse("127.0.0.0/8")};
        options.cookie_file = dir / ".cookie";
        auto started = rpc::RpcServer::Start(options, table, node);
        if (!started) {
            std::fprintf(stderr, "cannot start RPC server: %s\n", started.error().c_str());
            std::exit(1);
        }
        server = std::move(*started);
        port = server->BoundAddresses().at(0).second;
        auth = "Basic " + rpc::EncodeBase64(*rpc::ReadAuthCookie(options.cookie_file));
    }
    ~BenchServer()
    {
        server.reset();
        fs::remove_all(dir);
    }
};

BenchServer& Server()
{
    static BenchServer server;
    return server;
}

/// The cheapest call that still goes through the whole path (HTTP, auth, queue, table, JSON).
std::string CheapCall()
{
    const char* method = Server().table.Find("getblockcount") ? "getblockcount" : "uptime";
    return std::string{R"({"jsonrpc":"2.0","id":1,"method":")"} + method + R"("})";
}

void RpcKeepAlive(benchmark::State& state)
{
    BenchServer& s = Server();
    const std::string body = CheapCall();
    auto conn = rpc::HttpConnection::Connect("127.0.0.1", s.port, std::chrono::seconds{30});
    if (!conn) {
        state.SkipWithError(conn.error().c_str());
        return;
    }
    for (auto _ : state) {
        auto reply = (*conn)->Post("/", body, s.auth);
        if (!reply || reply->status != 200) {
            state.SkipWithError(reply ? ("HTTP " + std::to_string(reply->status)).c_str() : reply.error().c_str());
            break;
        }
        benchmark::DoNotOptimize(reply->body.data());
    }
    state.SetItemsProcessed(state.iterations());
}

// Threads(1): one connection; Threads(16): 16 connections in parallel (each thread its own).
BENCHMARK(RpcKeepAlive)->Threads(1)->Threads(16)->UseRealTime()->Unit(benchmark::kMicrosecond);

/// A new TCP connection per request (what a naive client does; bitcoin-cli does this once per run).
void RpcNewConnectionPerCall(benchmark::State& state)
{
    BenchServer& s = Server();
    const std::string body = CheapCall();
    for (auto _ : state) {
        auto conn = rpc::HttpConnection::Connect("127.0.0.1", s.port, std::chrono::seconds{30});
        if (!conn) {
            state.SkipWithError(conn.error().c_str());
            break;
        }
        auto reply = (*conn)->Post("/", body, s.auth);
        if (!reply || reply->status != 200) {
            state.SkipWithError("request failed");
            break;
        }
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(RpcNewConnectionPerCall)->UseRealTime()->Unit(benchmark::kMicrosecond);

} // namespace
