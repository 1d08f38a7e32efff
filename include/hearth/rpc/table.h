#ifndef HEARTH_RPC_TABLE_H
#define HEARTH_RPC_TABLE_H

// The RPC method table (Core's CRPCTable + RPCHelpMan::HandleRequest). Every area registers its methods
// through the same mechanism:
//
//     void RegisterBlockchainRpcs(RpcTable& table)
//     {
//         table.Register({
//             .category = "blockchain",
//             .name = "getblockcount",
//             .description = "Returns the height of the most-work fully-validated chain.",
//             .args = {},
//             .results = {RpcResult{RpcResult::Type::NUM, "", "The current block count"}},
//             .examples = HelpExampleCli("getblockcount", "") + HelpExampleRpc("getblockcount", ""),
//             .handler = [](const RpcContext& ctx, const json& params) -> json { ... },
//         });
//     }
//
// The table checks the call before the handler runs: warm-up (-28), unknown method (-32601), named
// parameters → positions (-8 for unknown/duplicate names), argument count (-1 with the help text, as Core),
// argument types (-3 "Wrong type passed"). A handler throws JsonRpcError for an RPC error; any other
// exception becomes -1 with its message. Registration happens before the server starts; lookups are then
// lock-free.

#include <hearth/node/context.h>
#include <hearth/rpc/json.h>
#include <hearth/rpc/request.h>
#include <hearth/rpc/util.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::rpc {

class RpcTable;
struct RpcMethod;

/// What a handler sees of its call.
struct RpcContext {
    node::NodeContext& node;
    const RpcTable& table;
    const RpcMethod& method;
    const RpcRequest& request;
    /// The positional parameters (named ones already moved to their positions).
    const json& params;

    /// Parameter `i` if given (not null), else the argument's declared RpcArg::Default, else null.
    json Arg(size_t i) const;
    /// True if parameter `i` was given and is not null.
    bool HasArg(size_t i) const { return i < params.size() && !params[i].is_null(); }
};

/// A method's implementation. `params` is always a JSON array here.
using RpcHandler = std::function<json(const RpcContext& ctx, const json& params)>;

/// A method: its documentation (which also drives argument checking) and its handler.
struct RpcMethod {
    /// "control", "blockchain", "mining", "rawtransactions", "util", "network", "wallet", "hidden" (not listed
    /// by `help`, not in docs/rpc.md).
    std::string category{};
    std::string name{};
    std::string description{};
    std::vector<RpcArg> args{};
    std::vector<RpcResult> results{};
    std::string examples{};
    RpcHandler handler{};
    /// Runs against a wallet: on a /wallet/<name> endpoint the wallet must exist (-18 otherwise).
    bool wallet_method{false};

    /// The full help text, as `help <name>` prints it.
    std::string Help() const;
    /// Argument names for named parameters: (names, named_only) pairs (Core's GetArgNames).
    std::vector<std::pair<std::string, bool>> ArgNames() const;
};

/// The registry plus execution bookkeeping (warm-up state, active commands for getrpcinfo).
class RpcTable
{
public:
    /// Adds a method. Registering a name twice is a programming error (asserts).
    void Register(RpcMethod method);
    const RpcMethod* Find(std::string_view name) const;
    /// Methods sorted by category then name (help order), hidden ones included.
    std::vector<const RpcMethod*> SortedMethods() const;

    /// Checks and runs one call. Throws JsonRpcError on any failure.
    json Execute(const RpcRequest& request, node::NodeContext& node) const;

    /// `help` output: every non-hidden method's first line grouped by category, or one method's full help
    /// ("help: unknown command: x" if there is none).
    std::string Help(const std::string& command) const;
    /// Core's `help dump_all_command_conversions`: [method, position, name, is_string] per argument.
    json ArgConversionMap() const;
    /// docs/rpc.md: every non-hidden method's help, by category.
    std::string Markdown() const;

    /// Until SetWarmupFinished, every call fails with -28 and this status (Core's SetRPCWarmupStatus).
    void SetWarmupStatus(const std::string& status);
    void SetWarmupFinished();
    bool InWarmup() const;

    /// Calls running now: [{"method", "duration" (µs)}] (getrpcinfo).
    json ActiveCommands() const;

    /// Lets /wallet/<name> requests find wallets. Unset (no wallet support yet) every /wallet/<name> call is
    /// answered -18; once set, only wallet methods check their wallet, as in Core.
    void SetWalletExists(std::function<bool(const std::string&)> exists);

private:
    struct ActiveCommand {
        std::string method;
        std::chrono::steady_clock::time_point start;
    };

    std::map<std::string, RpcMethod, std::less<>> m_methods;
    std::function<bool(const std::string&)> m_wallet_exists;

    mutable std::mutex m_warmup_mutex;
    bool m_in_warmup{true};
    std::string m_warmup_status{"RPC server started"};

    mutable std::mutex m_active_mutex;
    mutable std::list<ActiveCommand> m_active;
};

/// Turns named parameters into positions (Core's transformNamedArguments); throws JsonRpcError(-8).
json TransformNamedArguments(const json& named, const std::vector<std::pair<std::string, bool>>& arg_names);

} // namespace hearth::rpc

#endif // HEARTH_RPC_TABLE_H
