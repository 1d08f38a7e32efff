// hearthd: parses options, picks the network, prepares the data directory, starts the RPC server (in
// warm-up), loads the chainstate, starts the -loadblock import thread and runs until `stop`, SIGINT/SIGTERM
// or a fatal chain error, then shuts down cleanly: waiters woken, import interrupted between blocks, RPC
// drained, chainstate flushed, cookie removed, log flushed. Mempool and P2P join NodeContext as they land.

#include <hearth/chain/chainstate.h>
#include <hearth/consensus/params.h>
#include <hearth/node/args.h>
#include <hearth/node/chain_events.h>
#include <hearth/node/chainstate_setup.h>
#include <hearth/node/clock.h>
#include <hearth/node/config.h>
#include <hearth/node/context.h>
#include <hearth/node/datadir.h>
#include <hearth/node/import.h>
#include <hearth/node/logging.h>
#include <hearth/node/shutdown.h>
#include <hearth/rpc/register.h>
#include <hearth/rpc/server.h>
#include <hearth/rpc/table.h>
#include <hearth/util/hex.h>
#include <hearth/version.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace hearth;

constexpr const char* PID_FILENAME = "hearthd.pid";

/// With -daemon, the child reports the outcome of start-up to the waiting parent through this pipe:
/// "1" for success, or "0" followed by the error message.
int daemon_report_fd = -1;

void ReportDaemonResult(bool ok, const std::string& message = {})
{
    if (daemon_report_fd < 0) return;
    const std::string data = (ok ? "1" : "0") + message;
    [[maybe_unused]] const ssize_t n = ::write(daemon_report_fd, data.data(), data.size());
    ::close(daemon_report_fd);
    daemon_report_fd = -1;
}

int InitError(const std::string& message, node::Logger* logger = nullptr)
{
    if (logger) logger->Error(message);
    if (daemon_report_fd >= 0) {
        ReportDaemonResult(false, message);
    } else {
        std::fprintf(stderr, "Error: %s\n", message.c_str());
    }
    return EXIT_FAILURE;
}

std::string VersionString() { return std::string{"Hearth version v"} + HEARTH_VERSION_STRING; }

/// Forks; the parent waits for the child's start-up report and exits with its outcome. Returns in the child.
void Daemonize()
{
    int fds[2];
    if (::pipe(fds) != 0) {
        std::fprintf(stderr, "Error: -daemon failed: cannot create pipe\n");
        std::exit(EXIT_FAILURE);
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        std::fprintf(stderr, "Error: -daemon failed: fork\n");
        std::exit(EXIT_FAILURE);
    }
    if (pid > 0) {
        ::close(fds[1]);
        std::string data;
        char buf[512];
        ssize_t n;
        while ((n = ::read(fds[0], buf, sizeof(buf))) > 0) data.append(buf, static_cast<size_t>(n));
        if (data.empty()) {
            std::fprintf(stderr, "Error: hearthd exited during start-up\n");
            std::exit(EXIT_FAILURE);
        }
        if (data[0] != '1') {
            std::fprintf(stderr, "Error: %s\n", data.substr(1).c_str());
            std::exit(EXIT_FAILURE);
        }
        std::exit(EXIT_SUCCESS);
    }
    ::close(fds[0]);
    daemon_report_fd = fds[1];
    ::setsid();
    // Detach from the terminal: the parent has already printed everything the user needs.
    if (FILE* f = std::freopen("/dev/null", "r", stdin)) (void)f;
    if (FILE* f = std::freopen("/dev/null", "w", stdout)) (void)f;
    if (FILE* f = std::freopen("/dev/null", "w", stderr)) (void)f;
}

/// The process's peak resident memory in KiB (Linux's VmHWM), or nothing where /proc does not say. Not
/// getrusage's ru_maxrss: that also counts the memory of the process that started us, before the exec.
std::optional<long> PeakResidentKib()
{
    std::ifstream status{"/proc/self/status"};
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
    }
    return std::nullopt;
}

int Run(int argc, char** argv)
{
    node::ArgsManager args;
    node::SetupServerArgs(args);
    if (auto parsed = args.ParseParameters(argc, argv); !parsed) {
        std::fprintf(stderr, "Error parsing command line arguments: %s\n", parsed.error().c_str());
        return EXIT_FAILURE;
    }
    if (args.HelpRequested() || args.IsArgSet("-version")) {
        std::string usage = VersionString() + "\n";
        if (!args.IsArgSet("-version")) {
            usage += "\nThe Hearth daemon (hearthd) is a Bitcoin full node.\n\nUsage:  hearthd [options]\n\n";
            usage += args.GetHelpMessage(args.IsArgSet("-help-debug"));
        }
        std::fputs(usage.c_str(), stdout);
        return EXIT_SUCCESS;
    }
    if (args.IsArgSet("-rpc-help-markdown")) {
        rpc::RpcTable table;
        rpc::RegisterAllRpcs(table);
        std::fputs(table.Markdown().c_str(), stdout);
        return EXIT_SUCCESS;
    }
    if (const auto command = args.GetCommand(); !command.empty()) {
        return InitError("Command line contains unexpected token '" + command.front() +
                         "', see hearthd -h for a list of options.");
    }

    // Data directory and configuration.
    std::error_code ec;
    const fs::path datadir_arg = args.GetPathArg("-datadir");
    if (!datadir_arg.empty() && !fs::is_directory(fs::absolute(datadir_arg), ec)) {
        return InitError("Specified data directory \"" + args.GetArg("-datadir", "") + "\" does not exist.");
    }
    if (auto read = args.ReadConfigFiles(node::HEARTH_CONF_FILENAME, node::GetDefaultDataDir()); !read) {
        return InitError("Error reading configuration file: " + read.error());
    }
    const auto chain = node::GetChainType(args);
    if (!chain) return InitError(chain.error());
    args.SelectConfigNetwork(std::string{consensus::ChainTypeToString(*chain)});
    for (const auto& arg : args.GetUnsuitableSectionOnlyArgs()) {
        const std::string net{consensus::ChainTypeToString(*chain)};
        return InitError("Config setting for " + arg + " only applied on " + net + " network when in [" + net +
                         "] section.");
    }
    auto params = consensus::CreateChainParams(*chain, node::ReadChainOptions(args));
    if (!params) return InitError(params.error());

    const fs::path datadir = args.GetDataDirBase(node::GetDefaultDataDir());
    auto net_dir = node::CreateNetDataDir(datadir, std::string{consensus::ChainTypeDataDir(*chain)});
    if (!net_dir) return InitError(net_dir.error());

    if (args.GetBoolArg("-daemon", false) || args.GetBoolArg("-daemonwait", false)) Daemonize();

    auto lock = node::DirectoryLock::Acquire(*net_dir, node::CLIENT_NAME);
    if (!lock) return InitError(lock.error());

    // Logging.
    node::Logger logger;
    auto log_options = node::ReadLoggingOptions(args, *net_dir);
    if (!log_options) return InitError(log_options.error());
    if (auto opened = logger.Open(*log_options); !opened) return InitError(opened.error());

    logger.Info(VersionString());
    // The ports in effect: the network's defaults unless -port/-rpcport say otherwise.
    logger.Info("Network: ", consensus::ChainTypeToString(*chain), " (magic ", util::HexStr(params->message_start),
                ", P2P port ", args.GetIntArg("-port", params->default_port), ", RPC port ",
                args.GetIntArg("-rpcport", params->rpc_port), ")");
    logger.Info("Using data directory ", net_dir->string());
    if (!args.GetConfigFilePath().empty())
        logger.Info("Config file: ", args.GetConfigFilePath().string(),
                    fs::exists(args.GetConfigFilePath(), ec) ? "" : " (not found, skipping)");
    for (const auto& line : args.DescribeArgs()) logger.Info(line);
    for (const auto& warning : args.GetWarnings()) logger.Warning(warning);
    for (const auto& section : args.GetUnrecognizedSections()) {
        logger.Warning(section.file, ":", section.line, " Section [", section.name, "] is not recognized.");
    }

    // The pid file (removed again at shutdown).
    fs::path pid_file;
    if (!args.IsArgNegated("-pid")) {
        pid_file = node::AbsPathForConfigVal(*net_dir, args.GetPathArg("-pid", PID_FILENAME));
        std::ofstream out{pid_file};
        if (!out) return InitError("Unable to create the PID file '" + pid_file.string() + "'", &logger);
        out << ::getpid() << "\n";
    }

    // Chainstate options are read before anything starts, so bad values stop hearthd at once.
    auto chain_setup = node::ReadChainstateSetup(args, *net_dir, std::max(1u, std::thread::hardware_concurrency()));
    if (!chain_setup) return InitError(chain_setup.error(), &logger);
    for (const auto& line : chain_setup->log_lines) logger.Info(line);

    node::ShutdownSignal shutdown;
    node::InstallSignalHandlers(shutdown, &logger);

    node::Clock clock;
    // Core: SetMockTime(-mocktime); 0 (the default) keeps the system clock.
    clock.SetMockTime(args.GetIntArg("-mocktime", 0));
    node::ChainEvents chain_events{&logger, &shutdown};

    node::NodeContext node;
    node.args = &args;
    node.logger = &logger;
    node.shutdown = &shutdown;
    node.chain_params = &*params;
    node.data_dir = datadir;
    node.net_data_dir = *net_dir;
    node.clock = &clock;
    node.chain_events = &chain_events;

    rpc::RpcTable table;
    rpc::RegisterAllRpcs(table);
    std::unique_ptr<rpc::RpcServer> server;
    if (args.GetBoolArg("-server", true)) {
        auto rpc_options = node::ReadRpcOptions(args, params->rpc_port, *net_dir);
        if (!rpc_options) return InitError(rpc_options.error(), &logger);
        auto started = rpc::RpcServer::Start(*rpc_options, table, node);
        if (!started) return InitError("Unable to start HTTP server: " + started.error(), &logger);
        server = std::move(*started);
        for (const auto& [host, port] : server->BoundAddresses())
            logger.Info("RPC server listening on ", host, " port ", port);
    }

    // The chainstate (RPC answers -28 with the current step meanwhile).
    const auto set_status = [&](const std::string& status) {
        table.SetWarmupStatus(status);
        logger.Info("init message: ", status);
    };
    std::vector<fs::path> load_block_files = chain_setup->load_block_files;
    const bool stop_after_import = chain_setup->stop_after_block_import;
    auto loaded = node::LoadChainstate(*params, std::move(*chain_setup), clock, chain_events, &logger, set_status);
    if (!loaded) {
        if (server) server->Stop();
        if (!pid_file.empty()) fs::remove(pid_file, ec);
        return InitError(loaded.error(), &logger);
    }
    std::unique_ptr<chain::Chainstate> chainstate = std::move(*loaded);
    node.chainstate = chainstate.get();

    // -loadblock files are imported in the background (Core's ImportBlocks); RPC serves meanwhile.
    std::unique_ptr<node::BlockImporter> importer;
    if (!load_block_files.empty() || stop_after_import) {
        std::function<void()> on_done;
        if (stop_after_import) {
            on_done = [&] {
                logger.Info("Stopping after block import");
                shutdown.Request();
            };
        }
        importer = std::make_unique<node::BlockImporter>(*chainstate, &logger, std::move(load_block_files),
                                                         std::move(on_done));
        importer->Start();
    }

    table.SetWarmupFinished();
    logger.Info("init message: Done loading");
    ReportDaemonResult(true);

    shutdown.Wait();

    logger.Info("Shutdown: In progress...");
    chain_events.Interrupt(); // wakes waitfornewblock & co.
    if (importer) importer->Stop();
    if (server) server->Stop();
    node.chainstate = nullptr;
    if (auto flushed = chainstate->Flush(chain::FlushMode::ALWAYS); !flushed) {
        logger.Error("Failed to flush the chainstate at shutdown: ", flushed.error());
    }
    chainstate.reset();
    if (!pid_file.empty()) fs::remove(pid_file, ec);
    const auto fatal = chain_events.FatalErrorMessage();
    // For people sizing a small machine (and the import benchmark): the most memory this run held.
    if (const auto kib = PeakResidentKib()) logger.Info("Peak memory use (VmHWM): ", *kib, " KiB");
    logger.Info("Shutdown: done");
    logger.Close();
    return fatal ? EXIT_FAILURE : EXIT_SUCCESS;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        return Run(argc, argv);
    } catch (const std::exception& e) {
        return InitError(std::string{"Unexpected error: "} + e.what());
    }
}
