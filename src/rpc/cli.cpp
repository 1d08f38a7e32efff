#include <hearth/rpc/cli.h>

#include <hearth/consensus/params.h>
#include <hearth/node/config.h>
#include <hearth/node/datadir.h>
#include <hearth/rpc/auth.h>
#include <hearth/rpc/client.h>
#include <hearth/rpc/http_client.h>
#include <hearth/rpc/protocol.h>
#include <hearth/rpc/request.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <istream>
#include <map>
#include <ostream>
#include <stdexcept>
#include <thread>

namespace hearth::rpc {

namespace fs = std::filesystem;

namespace {

using node::ArgsManager;
using node::OptionsCategory;

constexpr int DEFAULT_HTTP_CLIENT_TIMEOUT = 900;
constexpr int DEFAULT_WAIT_CLIENT_TIMEOUT = 0;
constexpr const char* DEFAULT_RPCCONNECT = "127.0.0.1";

/// A failure worth retrying with -rpcwait (the server is not up, or is still warming up).
class ConnectionFailed : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

enum class CookieResult { NOT_USED, OK, ERROR, DISABLED };

/// Where and how to call the server.
struct Endpoint {
    std::string host;
    uint16_t port{0};
    std::string credentials;
    CookieResult cookie{CookieResult::NOT_USED};
    fs::path config_path;
    std::chrono::seconds timeout{DEFAULT_HTTP_CLIENT_TIMEOUT};
    std::string path{"/"};
};

std::optional<uint16_t> ParsePort(const std::string& s)
{
    if (s.empty() || s.size() > 5) return std::nullopt;
    unsigned v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v == 0 || v > 65535) return std::nullopt;
    return static_cast<uint16_t>(v);
}

Endpoint MakeEndpoint(const ArgsManager& args, const consensus::ChainParams& params, std::ostream& err)
{
    Endpoint ep;
    // Port: -rpcport, else the port in -rpcconnect, else the network's default.
    ep.port = params.rpc_port;
    uint16_t connect_port = 0;
    const std::string connect = args.GetArg("-rpcconnect", DEFAULT_RPCCONNECT);
    if (!node::SplitHostPort(connect, connect_port, ep.host)) {
        throw std::runtime_error("Invalid port provided in -rpcconnect: " + connect);
    }
    if (connect_port != 0) ep.port = connect_port;
    if (const auto port_arg = args.GetArg("-rpcport")) {
        const auto port = ParsePort(*port_arg);
        if (!port) throw std::runtime_error("Invalid port provided in -rpcport: " + *port_arg);
        ep.port = *port;
        if (connect_port != 0)
            err << "Warning: Port specified in both -rpcconnect and -rpcport. Using -rpcport " << ep.port << "\n";
    }

    ep.config_path = args.GetConfigFilePath();
    ep.timeout =
        std::chrono::seconds{std::max<int64_t>(args.GetIntArg("-rpcclienttimeout", DEFAULT_HTTP_CLIENT_TIMEOUT), 0)};
    if (const auto wallet = args.GetArg("-rpcwallet")) ep.path = "/wallet/" + UrlEncode(*wallet);
    return ep;
}

/// A copy of `ep` with the credentials: -rpcuser/-rpcpassword, or the cookie the daemon writes in its data
/// directory. Read for every attempt, since with -rpcwait the daemon may write its cookie only later.
Endpoint WithCredentials(const ArgsManager& args, const fs::path& net_dir, Endpoint ep)
{
    if (args.GetArg("-rpcpassword", "").empty()) {
        // Fall back to the cookie the daemon writes in its data directory.
        if (args.IsArgNegated("-rpccookiefile")) {
            ep.cookie = CookieResult::DISABLED;
        } else {
            const fs::path cookie = node::AbsPathForConfigVal(net_dir, args.GetPathArg("-rpccookiefile", ".cookie"));
            auto read = ReadAuthCookie(cookie);
            if (read) {
                ep.credentials = *read;
                ep.cookie = CookieResult::OK;
            } else {
                ep.cookie = CookieResult::ERROR;
            }
        }
    } else {
        ep.credentials = args.GetArg("-rpcuser", "") + ":" + args.GetArg("-rpcpassword", "");
    }
    return ep;
}

/// The server answered 401 and we had no cookie to offer: with -rpcwait the daemon may still be writing it.
class CookieNotFound : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// Sends one HTTP body and returns the parsed JSON reply (Core's CallRPC, minus the request building).
json CallRaw(const Endpoint& ep, const std::string& body)
{
    const std::string connect_failed = "Could not connect to the server " + ep.host + ":" + std::to_string(ep.port);
    const std::string advice =
        "\n\nMake sure the hearthd server is running and that you are connecting to the correct RPC port.\n"
        "Use \"hearth-cli -help\" for more info.";
    auto detail = [](const std::string& reason) {
        return reason == "timeout reached" ? " (error code 1 - \"timeout reached\")" : std::string{};
    };
    auto conn = HttpConnection::Connect(ep.host, ep.port, ep.timeout);
    if (!conn) throw ConnectionFailed(connect_failed + detail(conn.error()) + advice);
    auto response = (*conn)->Post(ep.path, body, "Basic " + EncodeBase64(ep.credentials));
    if (!response) throw ConnectionFailed(connect_failed + detail(response.error()) + advice);

    const int status = response->status;
    if (status == 401) {
        if (ep.cookie == CookieResult::ERROR) {
            throw CookieNotFound(
                "Could not locate RPC credentials. No authentication cookie could be found, and RPC password "
                "is not set.  See -rpcpassword and -stdinrpcpass.  Configuration file: (" +
                ep.config_path.string() + ")");
        }
        if (ep.cookie == CookieResult::DISABLED) {
            throw std::runtime_error(
                "Authentication cookie could not be loaded because -norpccookiefile was specified");
        }
        throw std::runtime_error("Authorization failed: Incorrect rpcuser or rpcpassword");
    }
    if (status == 503) throw std::runtime_error("Server response: " + response->body);
    if (status >= 400 && status != 400 && status != 404 && status != 500) {
        throw std::runtime_error("server returned HTTP error " + std::to_string(status));
    }
    if (response->body.empty()) throw std::runtime_error("no response from server");
    auto reply = ParseJsonPreservingNumbers(response->body);
    if (!reply) throw std::runtime_error("couldn't parse reply from server");
    return std::move(*reply);
}

json RequestObject(const std::string& method, json params, int id)
{
    json req = json::object();
    req["jsonrpc"] = "2.0";
    req["method"] = method;
    req["params"] = std::move(params);
    req["id"] = id;
    return req;
}

/// Calls one method; returns the reply object. Throws on transport/HTTP failure.
json CallOne(const Endpoint& ep, const std::string& method, const json& params)
{
    json reply = CallRaw(ep, WriteJson(RequestObject(method, params, 1)));
    if (!reply.is_object()) throw std::runtime_error("expected reply to have result, error and id properties");
    return reply;
}

/// Calls several methods in one batch; returns their replies in call order (missing ones as null).
std::vector<json> CallBatch(const Endpoint& ep, const std::vector<std::string>& methods)
{
    json batch = json::array();
    for (size_t i = 0; i < methods.size(); ++i)
        batch.push_back(RequestObject(methods[i], json::array(), static_cast<int>(i)));
    const json reply = CallRaw(ep, WriteJson(batch));
    if (!reply.is_array()) {
        // A whole-batch failure (e.g. warm-up is per call, but a parse error is not): surface it.
        if (reply.is_object()) return std::vector<json>(methods.size(), reply);
        throw std::runtime_error("Batch must be an array");
    }
    std::vector<json> out(methods.size());
    for (const json& item : reply) {
        if (!item.is_object() || !item.contains("id") || !item["id"].is_number_integer()) {
            throw std::runtime_error("Batch member must be an object with an id");
        }
        const int64_t id = item["id"].get<int64_t>();
        if (id < 0 || id >= static_cast<int64_t>(methods.size()))
            throw std::runtime_error("Batch member id is larger than batch size");
        out[static_cast<size_t>(id)] = item;
    }
    return out;
}

bool HasResult(const json& reply)
{
    return reply.is_object() && reply.contains("result") && (!reply.contains("error") || reply["error"].is_null());
}

bool IsMethodNotFound(const json& reply)
{
    return reply.is_object() && reply.contains("error") && reply["error"].is_object() &&
           reply["error"].value("code", 0) == static_cast<int>(RpcErrorCode::METHOD_NOT_FOUND);
}

const json& Field(const json& obj, const char* key)
{
    static const json null_value;
    if (!obj.is_object()) return null_value;
    auto it = obj.find(key);
    return it == obj.end() ? null_value : *it;
}

/// UniValue's getValStr: numbers and strings as text, everything else empty.
std::string ValStr(const json& v)
{
    if (v.is_string()) return v.get<std::string>();
    if (IsNumber(v)) return WriteJson(v);
    if (v.is_boolean()) return v.get<bool>() ? "1" : "";
    return "";
}

std::optional<int64_t> OptInt(const json& v)
{
    if (v.is_number_integer()) return v.get<int64_t>();
    if (v.is_number_unsigned()) return static_cast<int64_t>(v.get<uint64_t>());
    return std::nullopt;
}

std::string Usage(const ArgsManager& args, const std::string& version)
{
    return "Hearth RPC client version v" + version +
           "\n\nThe hearth-cli utility provides a command line interface to interact with a Hearth RPC server.\n\n"
           "It can be used to query network information, manage wallets, create or broadcast transactions, and control "
           "the Hearth server.\n\n"
           "Use the \"help\" command to list all commands. Use \"help <command>\" to show help for that command.\n"
           "The -named option allows you to specify parameters using the key=value format, eliminating the need to "
           "pass unused positional parameters.\n"
           "\"hearth-cli status\" shows the node's state at a glance.\n\n"
           "Usage: hearth-cli [options] <command> [params]\n"
           "or:    hearth-cli [options] -named <command> [name=value]...\n"
           "or:    hearth-cli [options] help\n"
           "or:    hearth-cli [options] help <command>\n"
           "or:    hearth-cli [options] status\n\n" +
           args.GetHelpMessage();
}

/// Runs one request function, retrying with -rpcwait while the server is down or warming up.
template <typename F>
json WithRetry(const ArgsManager& args, F&& call)
{
    const bool wait = args.GetBoolArg("-rpcwait", false);
    const int64_t timeout = args.GetIntArg("-rpcwaittimeout", DEFAULT_WAIT_CLIENT_TIMEOUT);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{std::max<int64_t>(timeout, 0)};
    while (true) {
        try {
            json reply = call();
            if (wait) {
                const json& error = Field(reply, "error");
                if (error.is_object() && error.value("code", 0) == static_cast<int>(RpcErrorCode::IN_WARMUP)) {
                    throw ConnectionFailed("server in warmup");
                }
            }
            return reply;
        } catch (const ConnectionFailed& e) {
            if (wait && (timeout <= 0 || std::chrono::steady_clock::now() < deadline)) {
                std::this_thread::sleep_for(std::chrono::seconds{1});
            } else {
                throw ConnectionFailed(std::string{"timeout on transient error: "} + e.what());
            }
        } catch (const CookieNotFound&) {
            if (!wait || (timeout > 0 && std::chrono::steady_clock::now() >= deadline)) throw;
            std::this_thread::sleep_for(std::chrono::seconds{1});
        }
    }
}

json GetInfo(const Endpoint& ep)
{
    const auto replies = CallBatch(ep, {"getnetworkinfo", "getblockchaininfo", "getwalletinfo", "getbalances"});
    // Errors from the node parts are fatal, except "Method not found" (areas not in this node yet).
    for (size_t i = 0; i < 2; ++i) {
        if (!HasResult(replies[i]) && !IsMethodNotFound(replies[i])) return replies[i];
    }
    json reply = json::object();
    reply["result"] = CombineGetInfo(replies[0], replies[1], replies[2], replies[3]);
    return reply;
}

StatusInfo CollectStatus(const Endpoint& ep, const std::string& cli_chain)
{
    const auto replies =
        CallBatch(ep, {"getblockchaininfo", "getnetworkinfo", "uptime", "getmempoolinfo", "getbalances"});
    // The server answers -28 to every call while it warms up: report that rather than an empty status.
    for (const json& r : replies) {
        const json& error = Field(r, "error");
        if (error.is_object() && error.value("code", 0) == static_cast<int>(RpcErrorCode::IN_WARMUP)) {
            throw ConnectionFailed("server in warmup: " + error.value("message", std::string{}));
        }
    }
    StatusInfo info;
    info.chain = cli_chain;
    const json& bc = HasResult(replies[0]) ? replies[0]["result"] : json{};
    const json& net = HasResult(replies[1]) ? replies[1]["result"] : json{};
    if (Field(bc, "chain").is_string()) info.chain = bc["chain"].get<std::string>();
    info.blocks = OptInt(Field(bc, "blocks"));
    info.headers = OptInt(Field(bc, "headers"));
    info.progress = GetDouble(Field(bc, "verificationprogress"));
    if (Field(bc, "initialblockdownload").is_boolean())
        info.initial_block_download = bc["initialblockdownload"].get<bool>();
    info.size_on_disk = OptInt(Field(bc, "size_on_disk"));
    if (Field(bc, "pruned").is_boolean()) info.pruned = bc["pruned"].get<bool>();
    // Core returns warnings as an array (a single string with -deprecatedrpc=warnings).
    if (Field(bc, "warnings").is_string() && !bc["warnings"].get<std::string>().empty())
        info.warnings = bc["warnings"].get<std::string>();
    if (Field(bc, "warnings").is_array()) {
        std::string joined;
        for (const json& w : bc["warnings"]) {
            if (w.is_string() && !w.get<std::string>().empty())
                joined += (joined.empty() ? "" : "; ") + w.get<std::string>();
        }
        if (!joined.empty()) info.warnings = joined;
    }
    if (Field(net, "subversion").is_string()) info.version = net["subversion"].get<std::string>();
    info.connections = OptInt(Field(net, "connections"));
    info.connections_in = OptInt(Field(net, "connections_in"));
    info.connections_out = OptInt(Field(net, "connections_out"));
    if (HasResult(replies[2])) info.uptime_seconds = OptInt(replies[2]["result"]);
    if (HasResult(replies[3])) {
        info.mempool_size = OptInt(Field(replies[3]["result"], "size"));
        info.mempool_bytes = OptInt(Field(replies[3]["result"], "bytes"));
    }
    if (HasResult(replies[4])) {
        const json& trusted = Field(Field(replies[4]["result"], "mine"), "trusted");
        if (IsNumber(trusted)) info.wallet_balance = WriteJson(trusted);
    }
    // While syncing, sample again to measure the rate for an ETA.
    if (info.blocks && info.headers && *info.blocks < *info.headers) {
        const auto t0 = std::chrono::steady_clock::now();
        std::this_thread::sleep_for(std::chrono::seconds{2});
        const json again = CallOne(ep, "getblockchaininfo", json::array());
        if (HasResult(again)) {
            if (const auto b = OptInt(Field(again["result"], "blocks"))) {
                const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                info.blocks_per_second = static_cast<double>(*b - *info.blocks) / dt;
                info.blocks = b;
                info.headers = OptInt(Field(again["result"], "headers"));
                info.progress = GetDouble(Field(again["result"], "verificationprogress"));
            }
        }
    }
    return info;
}

int CommandLineRpc(ArgsManager& args, const consensus::ChainParams& params, const fs::path& net_dir, std::istream& in,
                   std::ostream& out, std::ostream& err, bool out_is_tty)
{
    std::string print;
    int ret = 0;
    try {
        std::vector<std::string> command = args.GetCommand();
        if (args.GetBoolArg("-stdinrpcpass", false)) {
            std::string password;
            if (!std::getline(in, password))
                throw std::runtime_error("-stdinrpcpass specified but failed to read from standard input");
            args.ForceSetArg("-rpcpassword", password);
        }
        if (args.GetBoolArg("-stdin", false)) {
            std::string line;
            while (std::getline(in, line)) command.push_back(line);
        }
        const Endpoint ep = MakeEndpoint(args, params, err);
        const std::string color_arg = args.GetArg("-color", "auto");
        if (color_arg != "always" && color_arg != "auto" && color_arg != "never") {
            throw std::runtime_error("Invalid value for -color option. Valid values: always, auto, never.");
        }
        const bool color = color_arg == "always" || (color_arg == "auto" && out_is_tty);

        json reply;
        if (args.GetBoolArg("-getinfo", false)) {
            if (!command.empty()) throw std::runtime_error("-getinfo takes no arguments");
            reply = WithRetry(args, [&] { return GetInfo(WithCredentials(args, net_dir, ep)); });
            if (HasResult(reply)) reply["result"] = FormatGetInfo(reply["result"], color);
        } else {
            if (command.empty()) throw std::runtime_error("too few parameters (need at least command)");
            const std::string method = command.front();
            const std::vector<std::string> method_args(command.begin() + 1, command.end());
            if (method == "status" && method_args.empty()) {
                StatusInfo info;
                WithRetry(args, [&] {
                    info = CollectStatus(WithCredentials(args, net_dir, ep),
                                         std::string{consensus::ChainTypeToString(params.chain_type)});
                    return json::object();
                });
                reply = json::object();
                reply["result"] = FormatStatus(info, color);
            } else {
                const json call_params = args.GetBoolArg("-named", false) ? ConvertNamedValues(method, method_args)
                                                                          : ConvertValues(method, method_args);
                reply =
                    WithRetry(args, [&] { return CallOne(WithCredentials(args, net_dir, ep), method, call_params); });
            }
        }
        const CliOutput output = FormatReply(reply);
        print = output.text;
        ret = output.exit_code;
    } catch (const std::exception& e) {
        print = std::string{"error: "} + e.what();
        ret = EXIT_FAILURE;
    }
    if (!print.empty()) (ret == 0 ? out : err) << print << "\n";
    return ret;
}

} // namespace

void SetupCliArgs(ArgsManager& args)
{
    constexpr unsigned ANY = ArgsManager::ALLOW_ANY;
    args.AddArg("-help", "Print this help message and exit (also -h or -?)", ANY, OptionsCategory::OPTIONS);
    args.AddHiddenArgs({"-h", "-?"});
    args.AddArg("-version", "Print version and exit", ANY, OptionsCategory::OPTIONS);
    args.AddArg(
        "-conf=<file>",
        std::string{"Specify configuration file. Relative paths will be prefixed by datadir location. (default: "} +
            node::HEARTH_CONF_FILENAME + ")",
        ANY, OptionsCategory::OPTIONS);
    args.AddArg("-datadir=<dir>", "Specify data directory", ANY | ArgsManager::DISALLOW_NEGATION,
                OptionsCategory::OPTIONS);
    args.AddArg(
        "-getinfo",
        "Get general information from the remote server. Note that unlike server-side RPC calls, the output of "
        "-getinfo is the result of multiple non-atomic requests. Some entries in the output may represent results from "
        "different states (e.g. wallet balance may be as of a different block from the chain state reported)",
        ANY, OptionsCategory::CLI_COMMANDS);
    node::SetupChainTypeArgs(args);
    args.AddArg(
        "-color=<when>",
        "Color setting for CLI output (default: auto). Valid values: always, auto (add color codes when standard "
        "output is connected to a terminal), never. Only applies to the output of -getinfo and status.",
        ANY | ArgsManager::DISALLOW_NEGATION, OptionsCategory::OPTIONS);
    args.AddArg("-named", "Pass named instead of positional arguments (default: false)", ANY, OptionsCategory::OPTIONS);
    args.AddArg("-rpcclienttimeout=<n>", "Timeout in seconds during HTTP requests, or 0 for no timeout. (default: 900)",
                ANY, OptionsCategory::OPTIONS);
    args.AddArg("-rpcconnect=<ip>",
                std::string{"Send commands to node running on <ip> (default: "} + DEFAULT_RPCCONNECT + ")", ANY,
                OptionsCategory::OPTIONS);
    args.AddArg("-rpccookiefile=<loc>",
                "Location of the auth cookie. Relative paths will be prefixed by a net-specific datadir location. "
                "(default: data dir)",
                ANY, OptionsCategory::OPTIONS);
    args.AddArg("-rpcpassword=<pw>", "Password for JSON-RPC connections", ANY, OptionsCategory::OPTIONS);
    args.AddArg(
        "-rpcport=<port>",
        "Connect to JSON-RPC on <port> (default: 8332, testnet: 18332, testnet4: 48332, signet: 38332, regtest: 18443)",
        ANY | ArgsManager::NETWORK_ONLY, OptionsCategory::OPTIONS);
    args.AddArg("-rpcuser=<user>", "Username for JSON-RPC connections", ANY, OptionsCategory::OPTIONS);
    args.AddArg("-rpcwait", "Wait for RPC server to start", ANY, OptionsCategory::OPTIONS);
    args.AddArg("-rpcwaittimeout=<n>",
                "Timeout in seconds to wait for the RPC server to start, or 0 for no timeout. (default: 0)",
                ANY | ArgsManager::DISALLOW_NEGATION, OptionsCategory::OPTIONS);
    args.AddArg(
        "-rpcwallet=<walletname>",
        "Send RPC for non-default wallet on RPC server (needs to exactly match corresponding -wallet option passed to "
        "hearthd). This changes the RPC endpoint used, e.g. http://127.0.0.1:8332/wallet/<walletname>",
        ANY, OptionsCategory::OPTIONS);
    args.AddArg("-stdin",
                "Read extra arguments from standard input, one per line until EOF/Ctrl-D (recommended for sensitive "
                "information such as passphrases). When combined with -stdinrpcpass, the first line from standard "
                "input is used for the RPC password.",
                ANY, OptionsCategory::OPTIONS);
    args.AddArg("-stdinrpcpass",
                "Read RPC password from standard input as a single line. When combined with -stdin, the first line "
                "from standard input is used for the RPC password.",
                ANY, OptionsCategory::OPTIONS);
}

CliOutput FormatReply(const json& reply)
{
    CliOutput output;
    const json& error = Field(reply, "error");
    if (error.is_null()) {
        const json& result = Field(reply, "result");
        if (result.is_null()) return output;
        output.text = result.is_string() ? result.get<std::string>() : WriteJson(result, 2);
        return output;
    }
    output.to_stderr = true;
    if (error.is_object()) {
        const json& code = Field(error, "code");
        const json& message = Field(error, "message");
        if (!code.is_null()) output.text = "error code: " + ValStr(code) + "\n";
        if (message.is_string()) output.text += "error message:\n" + message.get<std::string>();
        if (code.is_number_integer() && code.get<int64_t>() == static_cast<int>(RpcErrorCode::WALLET_NOT_SPECIFIED)) {
            output.text +=
                " Or for the CLI, specify the \"-rpcwallet=<walletname>\" option before the command (run "
                "\"hearth-cli -h\" for help or \"hearth-cli listwallets\" to see which wallets are currently loaded).";
        }
    } else {
        output.text = "error: " + WriteJson(error);
    }
    const json& code = Field(error, "code");
    output.exit_code = code.is_number_integer() ? static_cast<int>(std::abs(code.get<int64_t>())) : EXIT_FAILURE;
    if (output.exit_code == 0) output.exit_code = EXIT_FAILURE;
    return output;
}

json CombineGetInfo(const json& network, const json& blockchain, const json& wallet, const json& balances)
{
    const json& net = HasResult(network) ? network["result"] : json{};
    const json& bc = HasResult(blockchain) ? blockchain["result"] : json{};
    json result = json::object();
    result["version"] = Field(net, "version");
    result["blocks"] = Field(bc, "blocks");
    result["headers"] = Field(bc, "headers");
    result["verificationprogress"] = Field(bc, "verificationprogress");
    result["timeoffset"] = Field(net, "timeoffset");
    json connections = json::object();
    connections["in"] = Field(net, "connections_in");
    connections["out"] = Field(net, "connections_out");
    connections["total"] = Field(net, "connections");
    result["connections"] = std::move(connections);
    result["networks"] = Field(net, "networks");
    result["difficulty"] = Field(bc, "difficulty");
    result["chain"] = Field(bc, "chain");
    if (HasResult(wallet) && !wallet["result"].is_null()) {
        result["has_wallet"] = true;
        result["keypoolsize"] = Field(wallet["result"], "keypoolsize");
        result["walletname"] = Field(wallet["result"], "walletname");
        if (!Field(wallet["result"], "unlocked_until").is_null())
            result["unlocked_until"] = wallet["result"]["unlocked_until"];
    }
    if (HasResult(balances) && !balances["result"].is_null()) {
        result["balance"] = Field(Field(balances["result"], "mine"), "trusted");
    }
    result["relayfee"] = Field(net, "relayfee");
    result["warnings"] = Field(net, "warnings");
    return result;
}

std::string ProgressBar(double progress)
{
    if (progress < 0 || progress > 1) return {};
    static constexpr double INCREMENT = 0.05;
    std::string bar;
    for (int i = 0; i < progress / INCREMENT; ++i) bar += "\u2592";
    for (int i = 0; i < (1 - progress) / INCREMENT; ++i) bar += "\u2591";
    return bar;
}

std::string FormatGetInfo(const json& info, bool color)
{
    const std::string RESET = color ? "\x1B[0m" : "";
    const std::string GREEN = color ? "\x1B[32m" : "";
    const std::string BLUE = color ? "\x1B[34m" : "";
    const std::string YELLOW = color ? "\x1B[33m" : "";
    const std::string MAGENTA = color ? "\x1B[35m" : "";
    const std::string CYAN = color ? "\x1B[36m" : "";

    std::string s = BLUE + "Chain: " + ValStr(Field(info, "chain")) + RESET + "\n";
    s += "Blocks: " + ValStr(Field(info, "blocks")) + "\n";
    s += "Headers: " + ValStr(Field(info, "headers")) + "\n";
    if (const auto progress = GetDouble(Field(info, "verificationprogress"))) {
        std::string bar;
        // The bar only while syncing (below 99%), as Core shows it.
        if (*progress < 0.99) bar = ProgressBar(*progress) + " ";
        char pct[32];
        std::snprintf(pct, sizeof(pct), "%.4f%%", *progress * 100);
        s += "Verification progress: " + bar + pct + "\n";
    } else {
        s += "Verification progress: \n";
    }
    s += "Difficulty: " + ValStr(Field(info, "difficulty")) + "\n\n";
    const json& conn = Field(info, "connections");
    s += GREEN + "Network: in " + ValStr(Field(conn, "in")) + ", out " + ValStr(Field(conn, "out")) + ", total " +
         ValStr(Field(conn, "total")) + RESET + "\n";
    s += "Version: " + ValStr(Field(info, "version")) + "\n";
    s += "Time offset (s): " + ValStr(Field(info, "timeoffset")) + "\n";

    // Proxies, grouped in order of first appearance.
    std::vector<std::string> order;
    std::map<std::string, std::vector<std::string>> networks_by_proxy;
    const json& networks = Field(info, "networks");
    if (networks.is_array()) {
        for (const json& network : networks) {
            const std::string proxy = ValStr(Field(network, "proxy"));
            if (proxy.empty()) continue;
            if (!networks_by_proxy.contains(proxy)) order.push_back(proxy);
            networks_by_proxy[proxy].push_back(ValStr(Field(network, "name")));
        }
    }
    std::string proxies;
    for (const auto& proxy : order) {
        std::string names;
        for (const auto& n : networks_by_proxy[proxy]) names += (names.empty() ? "" : ", ") + n;
        proxies += (proxies.empty() ? "" : ", ") + proxy + " (" + names + ")";
    }
    s += "Proxies: " + (proxies.empty() ? std::string{"n/a"} : proxies) + "\n";
    s += "Min tx relay fee rate (BTC/kvB): " + ValStr(Field(info, "relayfee")) + "\n\n";

    if (!Field(info, "has_wallet").is_null()) {
        const std::string name = ValStr(Field(info, "walletname"));
        s += MAGENTA + "Wallet: " + (name.empty() ? "\"\"" : name) + RESET + "\n";
        s += "Keypool size: " + ValStr(Field(info, "keypoolsize")) + "\n";
        if (!Field(info, "unlocked_until").is_null()) s += "Unlocked until: " + ValStr(info["unlocked_until"]) + "\n";
    }
    if (!Field(info, "balance").is_null()) s += CYAN + "Balance:" + RESET + " " + ValStr(info["balance"]) + "\n\n";
    const std::string warnings = ValStr(Field(info, "warnings"));
    s += YELLOW + "Warnings:" + RESET + " " + (warnings.empty() ? "(none)" : warnings);
    return s;
}

std::string FormatDuration(int64_t seconds)
{
    if (seconds < 0) seconds = 0;
    const int64_t d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60, s = seconds % 60;
    if (d > 0) return std::to_string(d) + " d " + std::to_string(h) + " h";
    if (h > 0) return std::to_string(h) + " h " + std::to_string(m) + " min";
    if (m > 0) return std::to_string(m) + " min " + std::to_string(s) + " s";
    return std::to_string(s) + " s";
}

std::string FormatBytes(int64_t bytes)
{
    static constexpr const char* UNITS[] = {"B", "kB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1000 && unit < 4) {
        value /= 1000;
        ++unit;
    }
    char buf[32];
    if (unit == 0) {
        std::snprintf(buf, sizeof(buf), "%lld B", static_cast<long long>(bytes));
    } else {
        std::snprintf(buf, sizeof(buf), "%.1f %s", value, UNITS[unit]);
    }
    return buf;
}

std::string FormatStatus(const StatusInfo& info, bool color)
{
    const std::string BOLD = color ? "\x1B[1m" : "";
    const std::string RESET = color ? "\x1B[0m" : "";
    const std::string GREEN = color ? "\x1B[32m" : "";
    const std::string YELLOW = color ? "\x1B[33m" : "";
    auto line = [&](const std::string& label, const std::string& value) {
        std::string l = label;
        l.resize(10, ' ');
        return BOLD + l + RESET + value + "\n";
    };
    std::string s;
    std::string title = "Hearth";
    if (info.version) title += " " + *info.version;
    title += " on " + info.chain;
    if (info.uptime_seconds) title += ", up " + FormatDuration(*info.uptime_seconds);
    s += BOLD + title + RESET + "\n";

    if (info.blocks) {
        std::string value;
        const bool syncing = (info.headers && *info.blocks < *info.headers) ||
                             (info.initial_block_download && *info.initial_block_download);
        if (info.progress) value += ProgressBar(*info.progress) + " ";
        if (info.progress) {
            char pct[32];
            std::snprintf(pct, sizeof(pct), "%.2f%%  ", *info.progress * 100);
            value += pct;
        }
        value += std::to_string(*info.blocks);
        if (info.headers) value += " / " + std::to_string(*info.headers) + " headers";
        if (syncing && info.headers && info.blocks_per_second) {
            if (*info.blocks_per_second > 0) {
                const double eta = static_cast<double>(*info.headers - *info.blocks) / *info.blocks_per_second;
                value += "  ETA " + FormatDuration(static_cast<int64_t>(std::llround(eta)));
            } else {
                value += "  ETA unknown (no progress)";
            }
        }
        value = (syncing ? YELLOW : GREEN) + value + RESET;
        if (!syncing) value += "  (synced)";
        s += line("Blocks", value);
    } else {
        s += line("Blocks", "(chain not available yet)");
    }
    if (info.size_on_disk)
        s += line("Disk", FormatBytes(*info.size_on_disk) + (info.pruned.value_or(false) ? " (pruned)" : ""));
    if (info.connections) {
        std::string peers = std::to_string(*info.connections);
        if (info.connections_in && info.connections_out) {
            peers +=
                " (" + std::to_string(*info.connections_out) + " out, " + std::to_string(*info.connections_in) + " in)";
        }
        s += line("Peers", peers);
    }
    if (info.mempool_size) {
        std::string mempool = std::to_string(*info.mempool_size) + " transactions";
        if (info.mempool_bytes) mempool += ", " + FormatBytes(*info.mempool_bytes);
        s += line("Mempool", mempool);
    }
    if (info.wallet_balance) s += line("Wallet", *info.wallet_balance + " BTC");
    if (info.warnings) s += line("Warnings", YELLOW + *info.warnings + RESET);
    s.pop_back(); // the final newline is added by the printer
    return s;
}

int RunCli(int argc, const char* const argv[], const std::string& version, std::istream& in, std::ostream& out,
           std::ostream& err, bool out_is_tty)
{
    ArgsManager args;
    SetupCliArgs(args);
    if (auto parsed = args.ParseParameters(argc, argv); !parsed) {
        err << "Error parsing command line arguments: " << parsed.error() << "\n";
        return EXIT_FAILURE;
    }
    if (argc < 2 || args.HelpRequested() || args.IsArgSet("-version")) {
        if (args.IsArgSet("-version")) {
            out << "Hearth RPC client version v" << version << "\n";
        } else {
            out << Usage(args, version);
        }
        if (argc < 2) {
            err << "Error: too few parameters\n";
            return EXIT_FAILURE;
        }
        return EXIT_SUCCESS;
    }
    std::error_code ec;
    const fs::path datadir_arg = args.GetPathArg("-datadir");
    if (!datadir_arg.empty() && !fs::is_directory(fs::absolute(datadir_arg), ec)) {
        err << "Error: Specified data directory \"" << args.GetArg("-datadir", "") << "\" does not exist.\n";
        return EXIT_FAILURE;
    }
    if (auto read =
            args.ReadConfigFiles(node::HEARTH_CONF_FILENAME, node::GetDefaultDataDir(), /*ignore_invalid_keys=*/true);
        !read) {
        err << "Error reading configuration file: " << read.error() << "\n";
        return EXIT_FAILURE;
    }
    const auto chain = node::GetChainType(args);
    if (!chain) {
        err << "Error: " << chain.error() << "\n";
        return EXIT_FAILURE;
    }
    args.SelectConfigNetwork(std::string{consensus::ChainTypeToString(*chain)});
    // Only the ports and names matter here; the network's test options are the daemon's business.
    auto params = consensus::CreateChainParams(*chain);
    if (!params) {
        err << "Error: " << params.error() << "\n";
        return EXIT_FAILURE;
    }
    const fs::path net_dir = args.GetDataDirBase(node::GetDefaultDataDir()) / consensus::ChainTypeDataDir(*chain);
    return CommandLineRpc(args, *params, net_dir, in, out, err, out_is_tty);
}

} // namespace hearth::rpc
