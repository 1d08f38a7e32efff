// hearth-cli: argument conversion, output formatting and exit codes, and whole runs against an in-process
// server on 127.0.0.1.

#include <hearth/node/logging.h>
#include <hearth/node/shutdown.h>
#include <hearth/rpc/cli.h>
#include <hearth/rpc/client.h>
#include <hearth/rpc/register.h>
#include <hearth/rpc/server.h>

#include "testutil/temp_dir.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <sys/socket.h>
#include <unistd.h>

using namespace hearth;
using namespace hearth::rpc;
namespace fs = std::filesystem;

TEST(CliTest, FormatsResultsAsBitcoinCli)
{
    auto out = FormatReply(json::parse(R"({"result":"text\nwith lines","id":1})"));
    EXPECT_EQ(out.text, "text\nwith lines");
    EXPECT_EQ(out.exit_code, 0);
    EXPECT_FALSE(out.to_stderr);
    out = FormatReply(json::parse(R"({"result":null,"error":null,"id":1})"));
    EXPECT_EQ(out.text, "");
    EXPECT_EQ(out.exit_code, 0);
    out = FormatReply(json::parse(R"({"result":{"a":[1,2],"b":{}},"id":1})"));
    EXPECT_EQ(out.text, "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {\n  }\n}");
    out = FormatReply(json::parse(R"({"result":5,"id":1})"));
    EXPECT_EQ(out.text, "5");
    auto amount = json::object();
    amount["result"] = ValueFromAmount(1000);
    EXPECT_EQ(FormatReply(amount).text, "0.00001000");
}

TEST(CliTest, FormatsErrorsWithAbsoluteCodeAsExitStatus)
{
    auto out =
        FormatReply(json::parse(R"({"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":1})"));
    EXPECT_TRUE(out.to_stderr);
    EXPECT_EQ(out.text, "error code: -32601\nerror message:\nMethod not found");
    EXPECT_EQ(out.exit_code, 32601); // the shell sees 32601 % 256 = 89
    out = FormatReply(json::parse(R"({"error":{"code":-8,"message":"bad"}})"));
    EXPECT_EQ(out.exit_code, 8);
    out = FormatReply(json::parse(R"({"error":{"code":-19,"message":"Wallet file not specified."}})"));
    EXPECT_NE(out.text.find("specify the \"-rpcwallet=<walletname>\" option"), std::string::npos);
    out = FormatReply(json::parse(R"({"error":"weird"})"));
    EXPECT_EQ(out.text, "error: \"weird\"");
    EXPECT_EQ(out.exit_code, 1);
}

TEST(CliTest, ConvertsOnlyListedParameters)
{
    EXPECT_EQ(WriteJson(ConvertValues("echo", {"1", "true"})), R"(["1","true"])");
    EXPECT_EQ(WriteJson(ConvertValues("echojson", {"1", "true", "[1,\"a\"]", "0.10"})), R"([1,true,[1,"a"],0.10])");
    EXPECT_EQ(WriteJson(ConvertValues("getblockhash", {"7"})), "[7]");
    EXPECT_EQ(WriteJson(ConvertValues("logging", {"[\"net\"]"})), R"([["net"]])");
    try {
        ConvertValues("echojson", {"{bad"});
        ADD_FAILURE();
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "Error parsing JSON: {bad");
    }
}

TEST(CliTest, ConvertsNamedParameters)
{
    EXPECT_EQ(WriteJson(ConvertNamedValues("echojson", {"arg1=5", "arg0=\"x\"", "arg1=6"})),
              R"({"arg1":6,"arg0":"x"})");
    // Arguments without '=' become leading positional ones under "args".
    EXPECT_EQ(WriteJson(ConvertNamedValues("echojson", {"1", "arg3=[2]", "true"})), R"({"arg3":[2],"args":[1,true]})");
    EXPECT_EQ(WriteJson(ConvertNamedValues("echo", {"arg2=a=b"})), R"({"arg2":"a=b"})");
}

TEST(CliTest, ProgressDurationAndSizes)
{
    EXPECT_EQ(ProgressBar(0.5), "▒▒▒▒▒▒▒▒▒▒░░░░░░░░░░");
    EXPECT_EQ(ProgressBar(0), "░░░░░░░░░░░░░░░░░░░░");
    EXPECT_EQ(ProgressBar(1.0), "▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒");
    EXPECT_EQ(ProgressBar(1.5), "");
    EXPECT_EQ(FormatDuration(42), "42 s");
    EXPECT_EQ(FormatDuration(302), "5 min 2 s");
    EXPECT_EQ(FormatDuration(7980), "2 h 13 min");
    EXPECT_EQ(FormatDuration(3 * 86400 + 4 * 3600 + 5), "3 d 4 h");
    EXPECT_EQ(FormatBytes(512), "512 B");
    EXPECT_EQ(FormatBytes(1'234'567), "1.2 MB");
    EXPECT_EQ(FormatBytes(612'300'000'000), "612.3 GB");
}

TEST(CliTest, GetInfoTextAsCore)
{
    json info = json::parse(R"({"version":319900,"blocks":100,"headers":200,"verificationprogress":0.5,"timeoffset":0,
        "connections":{"in":1,"out":2,"total":3},
        "networks":[{"name":"ipv4","proxy":"127.0.0.1:9050"},{"name":"ipv6","proxy":""},{"name":"onion","proxy":"127.0.0.1:9050"}],
        "difficulty":4.656542373906925e-10,"chain":"regtest","has_wallet":true,"keypoolsize":1000,"walletname":"","warnings":""})");
    info["balance"] = ValueFromAmount(150'000'000);
    info["relayfee"] = ValueFromAmount(1000);
    EXPECT_EQ(FormatGetInfo(info, false), "Chain: regtest\nBlocks: 100\nHeaders: 200\n"
                                          "Verification progress: ▒▒▒▒▒▒▒▒▒▒░░░░░░░░░░ 50.0000%\n"
                                          "Difficulty: 4.656542373906925e-10\n\n"
                                          "Network: in 1, out 2, total 3\nVersion: 319900\nTime offset (s): 0\n"
                                          "Proxies: 127.0.0.1:9050 (ipv4, onion)\n"
                                          "Min tx relay fee rate (BTC/kvB): 0.00001000\n\n"
                                          "Wallet: \"\"\nKeypool size: 1000\nBalance: 1.50000000\n\nWarnings: (none)");
    EXPECT_EQ(FormatGetInfo(info, true).rfind("\x1B[34mChain: regtest\x1B[0m\n", 0), 0u);
    // Nodes without the network/wallet parts still get the text.
    const json missing = json::parse(R"({"error":{"code":-32601,"message":"Method not found"}})");
    const json combined = CombineGetInfo(missing, missing, missing, missing);
    EXPECT_FALSE(combined.contains("has_wallet"));
    EXPECT_EQ(FormatGetInfo(combined, false).rfind("Chain: \nBlocks: \nHeaders: \nVerification progress: \n", 0), 0u);
}

TEST(CliTest, StatusText)
{
    StatusInfo synced;
    synced.chain = "main";
    synced.version = "/Hearth:0.1.0/";
    synced.uptime_seconds = 7980;
    synced.blocks = 800'000;
    synced.headers = 800'000;
    synced.progress = 1.0;
    synced.size_on_disk = 612'300'000'000;
    synced.connections = 10;
    synced.connections_in = 2;
    synced.connections_out = 8;
    EXPECT_EQ(FormatStatus(synced, false), "Hearth /Hearth:0.1.0/ on main, up 2 h 13 min\n"
                                           "Blocks    ▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒ 100.00%  800000 / 800000 headers  (synced)\n"
                                           "Disk      612.3 GB\n"
                                           "Peers     10 (8 out, 2 in)");
    StatusInfo syncing;
    syncing.chain = "regtest";
    syncing.blocks = 100;
    syncing.headers = 1100;
    syncing.progress = 0.5;
    syncing.blocks_per_second = 10;
    EXPECT_EQ(FormatStatus(syncing, false),
              "Hearth on regtest\nBlocks    ▒▒▒▒▒▒▒▒▒▒░░░░░░░░░░ 50.00%  100 / 1100 headers  ETA 1 min 40 s");
    StatusInfo nothing;
    nothing.chain = "regtest";
    nothing.uptime_seconds = 3;
    EXPECT_EQ(FormatStatus(nothing, false), "Hearth on regtest, up 3 s\nBlocks    (chain not available yet)");
}

namespace {

/// A regtest-style data directory with a running in-process server and its cookie.
class CliFixture
{
public:
    CliFixture()
    {
        fs::create_directories(m_dir / "regtest");
        // A node without a chainstate: only the control methods (the chain's need one).
        RegisterControlRpcs(m_table);
        m_table.SetWarmupFinished();
        m_node.shutdown = &m_shutdown;
        m_node.logger = &m_logger;
        node::RpcOptions options;
        options.bind = {{"127.0.0.1", 0}};
        options.allow = {*node::Subnet::Parse("127.0.0.0/8")};
        options.cookie_file = m_dir / "regtest" / ".cookie";
        options.threads = 2;
        auto server = RpcServer::Start(options, m_table, m_node);
        if (!server) throw std::runtime_error(server.error());
        m_server = std::move(*server);
        m_port = m_server->BoundAddresses().at(0).second;
    }
    ~CliFixture()
    {
        m_server.reset(); // before the directory goes
    }

    struct Run {
        int code;
        std::string out;
        std::string err;
    };
    Run Cli(std::vector<std::string> args, const std::string& stdin_text = "", bool with_connection_args = true)
    {
        std::vector<std::string> argv{"hearth-cli"};
        if (with_connection_args) {
            argv.push_back("-regtest");
            argv.push_back("-datadir=" + m_dir.string());
            argv.push_back("-rpcport=" + std::to_string(m_port));
        }
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<const char*> ptrs;
        for (const auto& a : argv) ptrs.push_back(a.c_str());
        std::istringstream in{stdin_text};
        std::ostringstream out, err;
        const int code = RunCli(static_cast<int>(ptrs.size()), ptrs.data(), "9.9.9", in, out, err, false);
        return {code, out.str(), err.str()};
    }

    testutil::TempDir m_tmp;
    const fs::path m_dir{m_tmp.path()};
    RpcTable m_table;
    node::ShutdownSignal m_shutdown;
    node::Logger m_logger;
    node::NodeContext m_node;
    std::unique_ptr<RpcServer> m_server;
    uint16_t m_port{0};
};

/// A loopback port nothing listens on (bound, then released).
uint16_t UnusedPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    socklen_t len = sizeof(addr);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

} // namespace

TEST(CliRunTest, CallsMethodsAndPrintsResults)
{
    CliFixture f;
    auto r = f.Cli({"echo", "a", "1"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, "[\n  \"a\",\n  \"1\"\n]\n");
    EXPECT_EQ(r.err, "");
    r = f.Cli({"help", "uptime"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out.rfind("uptime\n\nReturns the total uptime of the server.\n", 0), 0u);
    r = f.Cli({"-named", "echojson", "arg1=5", "arg0=[true]"});
    EXPECT_EQ(r.out, "[\n  [\n    true\n  ],\n  5\n]\n");
    r = f.Cli({"-stdin", "echo", "first"}, "second line\nthird\n");
    EXPECT_EQ(r.out, "[\n  \"first\",\n  \"second line\",\n  \"third\"\n]\n");
    r = f.Cli({"echojson", "0.00001000"});
    EXPECT_EQ(r.out, "[\n  0.00001000\n]\n"); // numbers come back exactly as sent
}

TEST(CliRunTest, RpcErrorsExitWithTheirCode)
{
    CliFixture f;
    auto r = f.Cli({"nosuchmethod"});
    EXPECT_EQ(r.code, 32601);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "error code: -32601\nerror message:\nMethod not found\n");
    r = f.Cli({"-rpcwallet=nope", "uptime"});
    EXPECT_EQ(r.code, 18);
    EXPECT_EQ(r.err, "error code: -18\nerror message:\nRequested wallet does not exist or is not loaded\n");
    r = f.Cli({"logging", "[\"nosuch\"]"});
    EXPECT_EQ(r.code, 8);
    r = f.Cli({"uptime", "extra"}); // wrong argument count: help text as error -1
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err.rfind("error code: -1\nerror message:\nuptime\n", 0), 0u);
}

TEST(CliRunTest, OtherFailuresExitOne)
{
    CliFixture f;
    auto r = f.Cli({"echojson", "{bad"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "error: Error parsing JSON: {bad\n");
    r = f.Cli({"-rpcuser=a", "-rpcpassword=b", "uptime"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "error: Authorization failed: Incorrect rpcuser or rpcpassword\n");
    r = f.Cli({"-getinfo", "extra"});
    EXPECT_EQ(r.err, "error: -getinfo takes no arguments\n");
    r = f.Cli({});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "error: too few parameters (need at least command)\n");
    const uint16_t port = UnusedPort();
    r = f.Cli({"-regtest", "-datadir=" + f.m_dir.string(), "-rpcport=" + std::to_string(port), "uptime"}, "", false);
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err,
              "error: timeout on transient error: Could not connect to the server 127.0.0.1:" + std::to_string(port) +
                  "\n\nMake sure the hearthd server is running and that you are connecting to the correct RPC port.\n"
                  "Use \"hearth-cli -help\" for more info.\n");
    r = f.Cli({"-regtest", "-datadir=" + (f.m_dir / "empty").string(), "uptime"}, "", false);
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "Error: Specified data directory \"" + (f.m_dir / "empty").string() + "\" does not exist.\n");
    // Without a cookie and without a password.
    fs::create_directories(f.m_dir / "other" / "regtest");
    r = f.Cli(
        {"-regtest", "-datadir=" + (f.m_dir / "other").string(), "-rpcport=" + std::to_string(f.m_port), "uptime"}, "",
        false);
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err.rfind("error: Could not locate RPC credentials. No authentication cookie could be found", 0), 0u);
}

TEST(CliRunTest, OptionErrorsHelpAndVersion)
{
    CliFixture f;
    auto r = f.Cli({"-foo", "uptime"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "Error parsing command line arguments: Invalid parameter -foo\n");
    r = f.Cli({"-version"}, "", false);
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, "Hearth RPC client version v9.9.9\n");
    r = f.Cli({"-help"}, "", false);
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("Usage: hearth-cli [options] <command> [params]"), std::string::npos);
    EXPECT_NE(r.out.find("  -rpcwait\n"), std::string::npos);
    r = f.Cli({}, "", false);
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "Error: too few parameters\n");
    r = f.Cli({"-regtest", "-testnet", "uptime"}, "", false);
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(
        r.err,
        "Error: Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.\n");
}

TEST(CliRunTest, ReadsPortAndCredentialsFromConfigFile)
{
    CliFixture f;
    {
        std::ofstream conf{f.m_dir / "hearth.conf"};
        conf << "# written by the daemon's user\nregtest=1\ndbcache=100\n[regtest]\nrpcport=" << f.m_port << "\n";
    }
    auto r = f.Cli({"-datadir=" + f.m_dir.string(), "uptime"}, "", false);
    EXPECT_EQ(r.code, 0) << r.err;
}

TEST(CliRunTest, GetInfoAndStatusWorkWithoutChain)
{
    CliFixture f;
    auto r = f.Cli({"-getinfo"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("Chain: \nBlocks: \n", 0), 0u);
    EXPECT_NE(r.out.find("Warnings: (none)\n"), std::string::npos);
    r = f.Cli({"status"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("Hearth on regtest, up ", 0), 0u);
    EXPECT_NE(r.out.find("Blocks    (chain not available yet)\n"), std::string::npos);
}
