#ifndef HEARTH_RPC_CLI_H
#define HEARTH_RPC_CLI_H

// hearth-cli: bitcoin-cli's options, request format and output conventions (Core's src/bitcoin-cli.cpp;
// CORE-FACTS §4), plus the people-friendly `status` command. The pieces are separate functions so that the
// parsing, formatting and exit codes are unit-tested; RunCli strings them together for main().
//
// Output: a string result prints raw, null prints nothing, anything else as 2-space JSON, exit 0. An RPC
// error prints "error code: N" / "error message:" / text on stderr and exits |N| (the shell sees it mod
// 256). Connection and other failures print "error: ..." and exit 1.

#include <hearth/node/args.h>
#include <hearth/rpc/json.h>

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace hearth::rpc {

/// Registers hearth-cli's options (bitcoin-cli's set).
void SetupCliArgs(node::ArgsManager& args);

/// What to print and the exit status.
struct CliOutput {
    std::string text;
    bool to_stderr{false};
    int exit_code{0};
};

/// Formats one reply object ({"result": ...} or {"error": {...}}) as bitcoin-cli does.
CliOutput FormatReply(const json& reply);

/// The -getinfo text from the combined object (Core's ParseGetInfoResult). Fields that are missing
/// (methods the node does not have yet) print empty or are skipped.
std::string FormatGetInfo(const json& info, bool color);
/// Combines the four -getinfo replies (getnetworkinfo, getblockchaininfo, getwalletinfo, getbalances) into
/// the object FormatGetInfo prints. Replies that are errors are treated as absent.
json CombineGetInfo(const json& network, const json& blockchain, const json& wallet, const json& balances);

/// Inputs of `hearth-cli status`, each absent if the node cannot tell yet.
struct StatusInfo {
    std::string chain;
    std::optional<std::string> version;
    std::optional<int64_t> uptime_seconds;
    std::optional<int64_t> blocks;
    std::optional<int64_t> headers;
    std::optional<double> progress;
    std::optional<bool> initial_block_download;
    /// Blocks per second measured over a short sample (for the ETA).
    std::optional<double> blocks_per_second;
    std::optional<int64_t> size_on_disk;
    std::optional<bool> pruned;
    std::optional<int64_t> connections;
    std::optional<int64_t> connections_in;
    std::optional<int64_t> connections_out;
    std::optional<int64_t> mempool_size;
    std::optional<int64_t> mempool_bytes;
    std::optional<std::string> wallet_balance;
    std::optional<std::string> warnings;
};
/// The `status` text: one line per known item, a progress bar while syncing.
std::string FormatStatus(const StatusInfo& info, bool color);

/// Core's GetProgressBar: 20 cells of ▒ (done) and ░ (to do); empty outside [0, 1].
std::string ProgressBar(double progress);
/// "3 d 4 h", "2 h 13 min", "5 min 2 s", "42 s".
std::string FormatDuration(int64_t seconds);
/// "612.3 GB", "1.2 MB", "512 B" (decimal units).
std::string FormatBytes(int64_t bytes);

/// Runs hearth-cli (`version` is shown by -version/-help). Reads -stdin/-stdinrpcpass lines from `in`;
/// prints to `out`/`err`; colours only if `out_is_tty` (with -color=auto). Returns the exit status.
int RunCli(int argc, const char* const argv[], const std::string& version, std::istream& in, std::ostream& out,
           std::ostream& err, bool out_is_tty);

} // namespace hearth::rpc

#endif // HEARTH_RPC_CLI_H
