#include <hearth/node/config.h>
#include <hearth/node/datadir.h>
#include <hearth/node/logging.h>
#include <hearth/node/shutdown.h>

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace hearth;
using namespace hearth::node;
namespace fs = std::filesystem;

namespace {

void ServerArgs(ArgsManager& args, std::vector<std::string> argv)
{
    SetupServerArgs(args);
    argv.insert(argv.begin(), "hearthd");
    std::vector<const char*> ptrs;
    for (const auto& a : argv) ptrs.push_back(a.c_str());
    auto r = args.ParseParameters(static_cast<int>(ptrs.size()), ptrs.data());
    EXPECT_TRUE(r) << r.error();
}

fs::path TestDir(const std::string& name)
{
    const fs::path dir = fs::temp_directory_path() / ("hearth_config_" + std::to_string(::getpid()) + "_" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::vector<uint8_t> V4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) { return {a, b, c, d}; }

} // namespace

TEST(ConfigTest, ServerAcceptsTestFrameworkOptionsAndRejectsUnknown)
{
    ArgsManager args;
    ServerArgs(args, {"-regtest", "-connect=0", "-dnsseed=0", "-listen=0", "-rpcport=1", "-printtoconsole=0"});
    EXPECT_EQ(*GetChainType(args), consensus::ChainType::REGTEST);
    ArgsManager bad;
    SetupServerArgs(bad);
    const char* argv[] = {"hearthd", "-foo"};
    auto r = bad.ParseParameters(2, argv);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "Invalid parameter -foo");
}

TEST(ConfigTest, UnknownChainNameIsAnError)
{
    ArgsManager args;
    ServerArgs(args, {"-chain=moon"});
    auto chain = GetChainType(args);
    ASSERT_FALSE(chain);
    EXPECT_EQ(chain.error(), "Unknown chain moon.");
}

TEST(ConfigTest, RpcDefaultsBindLoopbackOnly)
{
    ArgsManager args;
    ServerArgs(args, {"-regtest"});
    args.SelectConfigNetwork("regtest");
    auto options = ReadRpcOptions(args, 18443, "/data/regtest");
    ASSERT_TRUE(options) << options.error();
    EXPECT_EQ(options->port, 18443);
    ASSERT_EQ(options->bind.size(), 2u);
    EXPECT_EQ(options->bind[0], (std::pair<std::string, uint16_t>{"::1", 18443}));
    EXPECT_EQ(options->bind[1], (std::pair<std::string, uint16_t>{"127.0.0.1", 18443}));
    EXPECT_EQ(options->cookie_file, fs::path{"/data/regtest/.cookie"});
    EXPECT_FALSE(options->cookie_perms);
    EXPECT_EQ(options->threads, 16);
    EXPECT_EQ(options->work_queue, 64);
    EXPECT_EQ(options->server_timeout, std::chrono::seconds{30});
    EXPECT_TRUE(options->warnings.empty());
    // Loopback is always allowed, others are not.
    auto allowed = [&](const std::vector<uint8_t>& a) {
        for (const auto& s : options->allow) {
            if (s.Match(a)) return true;
        }
        return false;
    };
    EXPECT_TRUE(allowed(V4(127, 0, 0, 1)));
    EXPECT_TRUE(allowed(V4(127, 9, 9, 9)));
    EXPECT_FALSE(allowed(V4(10, 0, 0, 1)));
}

TEST(ConfigTest, RpcBindNeedsRpcAllowIp)
{
    ArgsManager args;
    ServerArgs(args, {"-rpcbind=0.0.0.0", "-rpcport=9000"});
    args.SelectConfigNetwork("main");
    auto options = ReadRpcOptions(args, 8332, "/d");
    ASSERT_TRUE(options);
    ASSERT_EQ(options->bind.size(), 2u);
    EXPECT_EQ(options->bind[1].second, 9000);
    ASSERT_EQ(options->warnings.size(), 1u);
    EXPECT_EQ(
        options->warnings[0],
        "option -rpcbind was ignored because -rpcallowip was not specified, refusing to allow everyone to connect");

    ArgsManager args2;
    ServerArgs(args2, {"-rpcbind=0.0.0.0", "-rpcbind=[::]:9999", "-rpcallowip=10.0.0.0/8"});
    args2.SelectConfigNetwork("main");
    auto options2 = ReadRpcOptions(args2, 8332, "/d");
    ASSERT_TRUE(options2);
    ASSERT_EQ(options2->bind.size(), 2u);
    EXPECT_EQ(options2->bind[0], (std::pair<std::string, uint16_t>{"0.0.0.0", 8332}));
    EXPECT_EQ(options2->bind[1], (std::pair<std::string, uint16_t>{"::", 9999}));
}

TEST(ConfigTest, RpcOptionErrorsUseCoreMessages)
{
    {
        ArgsManager args;
        ServerArgs(args, {"-rpcauth=nodollar:abc"});
        args.SelectConfigNetwork("main");
        auto r = ReadRpcOptions(args, 8332, "/d");
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error(), "Invalid -rpcauth argument.");
    }
    {
        ArgsManager args;
        ServerArgs(args, {"-rpcallowip=1.2.3.4/33"});
        args.SelectConfigNetwork("main");
        auto r = ReadRpcOptions(args, 8332, "/d");
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().rfind("Invalid -rpcallowip subnet specification: 1.2.3.4/33.", 0), 0u);
    }
    {
        ArgsManager args;
        ServerArgs(args, {"-rpccookieperms=world"});
        args.SelectConfigNetwork("main");
        auto r = ReadRpcOptions(args, 8332, "/d");
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error(), "Invalid -rpccookieperms=world; must be one of 'owner', 'group', or 'all'.");
    }
    {
        ArgsManager args;
        ServerArgs(args, {"-rpcport=70000"});
        args.SelectConfigNetwork("main");
        auto r = ReadRpcOptions(args, 8332, "/d");
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error(), "Invalid port specified in -rpcport: '70000'");
    }
}

TEST(ConfigTest, RpcAuthCookieAndCredentials)
{
    ArgsManager args;
    ServerArgs(args, {"-rpcauth=alice:salt$abcd", "-rpcauth=bob:s2$ef", "-rpcuser=u", "-rpcpassword=p",
                      "-rpccookiefile=sub/my.cookie", "-rpccookieperms=group", "-rpcthreads=0"});
    args.SelectConfigNetwork("main");
    auto options = ReadRpcOptions(args, 8332, "/d/net");
    ASSERT_TRUE(options);
    ASSERT_EQ(options->auth.size(), 2u);
    EXPECT_EQ(options->auth[0].user, "alice");
    EXPECT_EQ(options->auth[0].salt, "salt");
    EXPECT_EQ(options->auth[0].hash_hex, "abcd");
    EXPECT_EQ(options->user, "u");
    EXPECT_EQ(options->password, "p");
    EXPECT_EQ(options->cookie_file, fs::path{"/d/net/sub/my.cookie"});
    EXPECT_EQ(*options->cookie_perms, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    EXPECT_EQ(options->threads, 1); // at least one worker

    ArgsManager args2;
    ServerArgs(args2, {"-norpccookiefile"});
    args2.SelectConfigNetwork("main");
    EXPECT_TRUE(ReadRpcOptions(args2, 8332, "/d")->cookie_file.empty());
}

TEST(ConfigTest, SubnetParsingAndMatching)
{
    auto s = Subnet::Parse("192.168.1.0/24");
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->Match(V4(192, 168, 1, 77)));
    EXPECT_FALSE(s->Match(V4(192, 168, 2, 1)));
    auto mask = Subnet::Parse("10.1.2.3/255.255.0.0");
    ASSERT_TRUE(mask);
    EXPECT_EQ(mask->prefix_length, 16);
    EXPECT_TRUE(mask->Match(V4(10, 1, 200, 200)));
    EXPECT_FALSE(Subnet::Parse("10.0.0.0/255.0.255.0")); // not contiguous
    EXPECT_FALSE(Subnet::Parse("not-an-ip"));
    EXPECT_FALSE(Subnet::Parse("1.2.3.4/abc"));
    auto all4 = Subnet::Parse("0.0.0.0/0");
    ASSERT_TRUE(all4);
    EXPECT_TRUE(all4->Match(V4(8, 8, 8, 8)));
    auto v6 = Subnet::Parse("fe80::/10");
    ASSERT_TRUE(v6);
    std::array<uint8_t, 16> fe80{0xfe, 0x80};
    fe80[15] = 1;
    EXPECT_TRUE(v6->Match(fe80));
    EXPECT_FALSE(v6->Match(V4(1, 2, 3, 4)));
    // An IPv4-mapped IPv6 peer is matched as IPv4.
    std::array<uint8_t, 16> mapped{};
    mapped[10] = mapped[11] = 0xff;
    mapped[12] = 192, mapped[13] = 168, mapped[14] = 1, mapped[15] = 5;
    EXPECT_TRUE(s->Match(mapped));
    auto single = Subnet::Parse("1.2.3.4");
    ASSERT_TRUE(single);
    EXPECT_TRUE(single->Match(V4(1, 2, 3, 4)));
    EXPECT_FALSE(single->Match(V4(1, 2, 3, 5)));
}

TEST(ConfigTest, SplitHostPortAsCore)
{
    uint16_t port = 1;
    std::string host;
    EXPECT_TRUE(SplitHostPort("127.0.0.1", port, host));
    EXPECT_EQ(host, "127.0.0.1");
    EXPECT_EQ(port, 1);
    EXPECT_TRUE(SplitHostPort("127.0.0.1:8332", port, host));
    EXPECT_EQ(port, 8332);
    EXPECT_TRUE(SplitHostPort("[::1]:18443", port, host));
    EXPECT_EQ(host, "::1");
    EXPECT_EQ(port, 18443);
    port = 5;
    EXPECT_TRUE(SplitHostPort("::1", port, host)); // bare IPv6: no port
    EXPECT_EQ(host, "::1");
    EXPECT_EQ(port, 5);
    EXPECT_FALSE(SplitHostPort("host:0", port, host));
    EXPECT_FALSE(SplitHostPort("host:65536", port, host));
}

TEST(ConfigTest, LoggingOptions)
{
    ArgsManager args;
    ServerArgs(args, {"-debug=net", "-debug=rpc", "-debugexclude=net", "-printtoconsole=0"});
    auto options = ReadLoggingOptions(args, "/d/regtest");
    ASSERT_TRUE(options);
    EXPECT_EQ(options->file, fs::path{"/d/regtest/debug.log"});
    EXPECT_FALSE(options->print_to_console);
    EXPECT_EQ(options->categories, static_cast<uint32_t>(LogCategory::RPC));

    ArgsManager none;
    ServerArgs(none, {"-debug=net", "-debug=none", "-nodebuglogfile"});
    auto n = ReadLoggingOptions(none, "/d");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->categories, 0u);
    EXPECT_TRUE(n->file.empty());
    EXPECT_TRUE(n->print_to_console); // Core's default without -daemon

    ArgsManager bad;
    ServerArgs(bad, {"-debug=nosuch"});
    auto b = ReadLoggingOptions(bad, "/d");
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error(), "Unsupported logging category -debug=nosuch.");
}

TEST(LoggerTest, WritesLinesBufferedBeforeOpenAndFiltersCategories)
{
    const fs::path dir = TestDir("logger");
    Logger logger;
    logger.Info("before open");
    std::vector<std::string> seen;
    logger.SetCallback([&](std::string_view line) { seen.emplace_back(line); });
    ASSERT_TRUE(logger.Open({.file = dir / "debug.log",
                             .print_to_console = false,
                             .timestamps = false,
                             .time_micros = false,
                             .categories = static_cast<uint32_t>(LogCategory::RPC)}));
    logger.Debug(LogCategory::NET, "net is off");
    logger.Debug(LogCategory::RPC, "rpc ", 42);
    logger.Warning("careful");
    EXPECT_TRUE(logger.EnableCategory("net"));
    logger.Debug(LogCategory::NET, "net now on");
    EXPECT_FALSE(logger.EnableCategory("nosuch"));
    EXPECT_TRUE(logger.DisableCategory("all"));
    EXPECT_EQ(logger.EnabledCategories(), 0u);
    logger.Close();

    std::ifstream in{dir / "debug.log"};
    std::stringstream text;
    text << in.rdbuf();
    const std::string log = text.str();
    // The early line keeps its timestamp (it was formatted before options were known).
    EXPECT_NE(log.find("Z before open\n"), std::string::npos);
    EXPECT_NE(log.find("[rpc] rpc 42\n"), std::string::npos);
    EXPECT_NE(log.find("[warning] careful\n"), std::string::npos);
    EXPECT_NE(log.find("[net] net now on\n"), std::string::npos);
    EXPECT_EQ(log.find("net is off"), std::string::npos);
    EXPECT_EQ(seen.size(), 3u);
    fs::remove_all(dir);
}

TEST(DataDirTest, LockIsExclusiveBetweenProcesses)
{
    const fs::path dir = TestDir("lock");
    auto lock = DirectoryLock::Acquire(dir, "Hearth");
    ASSERT_TRUE(lock) << lock.error();
    // fcntl locks are per process: try from a child.
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        auto second = DirectoryLock::Acquire(dir, "Hearth");
        const bool ok = !second && second.error() == "Cannot obtain a lock on data directory " + dir.string() +
                                                         ". Hearth is probably already running.";
        ::_exit(ok ? 0 : 1);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    lock->reset();
    // Released: another process can take it now.
    const pid_t pid2 = ::fork();
    ASSERT_GE(pid2, 0);
    if (pid2 == 0) ::_exit(DirectoryLock::Acquire(dir, "Hearth") ? 0 : 1);
    ::waitpid(pid2, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    fs::remove_all(dir);
}

TEST(DataDirTest, NetworkSubfolderAndPaths)
{
    const fs::path dir = TestDir("netdir");
    auto net = CreateNetDataDir(dir, "regtest");
    ASSERT_TRUE(net);
    EXPECT_EQ(*net, dir / "regtest");
    EXPECT_TRUE(fs::is_directory(*net));
    EXPECT_EQ(*CreateNetDataDir(dir, ""), dir);
    EXPECT_EQ(AbsPathForConfigVal("/a", "b.log"), fs::path{"/a/b.log"});
    EXPECT_EQ(AbsPathForConfigVal("/a", "/c/b.log"), fs::path{"/c/b.log"});
    EXPECT_EQ(GetDefaultDataDir().filename(), ".hearth");
    fs::remove_all(dir);
}

TEST(ShutdownTest, RequestWakesWaiterOnce)
{
    ShutdownSignal signal;
    EXPECT_FALSE(signal.WaitFor(std::chrono::milliseconds{20}));
    std::thread t{[&] {
        std::this_thread::sleep_for(std::chrono::milliseconds{30});
        signal.Request();
        signal.Request(); // idempotent
    }};
    const auto start = std::chrono::steady_clock::now();
    signal.Wait();
    t.join();
    EXPECT_TRUE(signal.Requested());
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds{5});
    EXPECT_TRUE(signal.WaitFor(std::chrono::milliseconds{0}));
}
