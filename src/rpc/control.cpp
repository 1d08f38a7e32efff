// Control methods (Core's src/rpc/server.cpp and src/rpc/node.cpp): help, stop, uptime, getrpcinfo,
// logging, and the hidden echo/echojson test methods.

#include <hearth/node/config.h>
#include <hearth/node/logging.h>
#include <hearth/node/shutdown.h>
#include <hearth/rpc/register.h>
#include <hearth/rpc/table.h>

#include <chrono>
#include <thread>

namespace hearth::rpc {

namespace {

using Type = RpcResult::Type;

const std::string STOP_RESULT = std::string{node::CLIENT_NAME} + " stopping";

RpcMethod Help()
{
    return {
        .category = "control",
        .name = "help",
        .description = "List all commands, or get help for a specified command.",
        .args = {{"command", RpcArgType::STR, RpcArg::DefaultHint{"all commands"}, "The command to get help on"}},
        .results = {RpcResult{Type::STR, "", "The help text"}, RpcResult{Type::ANY, "", ""}},
        .examples = "",
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            const std::string command = params.empty() ? std::string{} : GetStr(params[0]);
            // Undocumented, for the test that compares hearth-cli's conversion table with the server's.
            if (command == "dump_all_command_conversions") return ctx.table.ArgConversionMap();
            return ctx.table.Help(command);
        },
    };
}

RpcMethod Stop()
{
    return {
        .category = "control",
        .name = "stop",
        .description = std::string{"Request a graceful shutdown of "} + node::CLIENT_NAME + ".",
        // The hidden "wait" makes the call return after that many milliseconds (for tests), as in Core.
        .args = {{"wait",
                  RpcArgType::NUM,
                  RpcArg::Optional::OMITTED,
                  "how long to wait in ms",
                  {},
                  RpcArgOptions{.hidden = true}}},
        .results = {RpcResult{Type::STR, "", "A string with the content '" + STOP_RESULT + "'"}},
        .examples = "",
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            if (!ctx.node.shutdown) throw JsonRpcError{RpcErrorCode::MISC_ERROR, "Shutdown is not available"};
            // The reply still goes out: the server drains running calls before it closes connections.
            ctx.node.shutdown->Request();
            if (!params.empty() && IsNumber(params[0])) {
                std::this_thread::sleep_for(std::chrono::milliseconds{GetInt(params[0])});
            }
            return STOP_RESULT;
        },
    };
}

RpcMethod Uptime()
{
    return {
        .category = "control",
        .name = "uptime",
        .description = "Returns the total uptime of the server.",
        .args = {},
        .results = {RpcResult{Type::NUM, "", "The number of seconds that the server has been running"}},
        .examples = HelpExampleCli("uptime", "") + HelpExampleRpc("uptime", ""),
        .handler = [](const RpcContext& ctx, const json&) -> json {
            return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                                    ctx.node.start_time)
                .count();
        },
    };
}

RpcMethod GetRpcInfo()
{
    return {
        .category = "control",
        .name = "getrpcinfo",
        .description = "Returns details of the RPC server.",
        .args = {},
        .results = {RpcResult{
            Type::OBJ,
            "",
            "",
            {
                RpcResult{Type::ARR,
                          "active_commands",
                          "All active commands",
                          {
                              RpcResult{Type::OBJ,
                                        "",
                                        "Information about an active command",
                                        {
                                            RpcResult{Type::STR, "method", "The name of the RPC command"},
                                            RpcResult{Type::NUM, "duration", "The running time in microseconds"},
                                        }},
                          }},
                RpcResult{Type::STR, "logpath", "The complete file path to the debug log"},
            }}},
        .examples = HelpExampleCli("getrpcinfo", "") + HelpExampleRpc("getrpcinfo", ""),
        .handler = [](const RpcContext& ctx, const json&) -> json {
            json result = json::object();
            result["active_commands"] = ctx.table.ActiveCommands();
            result["logpath"] = ctx.node.logger ? ctx.node.logger->FilePath().string() : std::string{};
            return result;
        },
    };
}

std::string LoggingCategoryList()
{
    std::string list;
    for (const auto& [name, category] : node::LogCategories()) list += (list.empty() ? "" : ", ") + name;
    return list;
}

RpcMethod Logging()
{
    return {
        .category = "control",
        .name = "logging",
        .description =
            "Gets and sets the logging configuration.\n"
            "When called without an argument, returns the list of categories with status that are currently being "
            "debug logged or not.\n"
            "When called with arguments, adds or removes categories from debug logging and return the lists above.\n"
            "The arguments are evaluated in order \"include\", \"exclude\".\n"
            "If an item is both included and excluded, it will thus end up being excluded.\n"
            "The valid logging categories are: " +
            LoggingCategoryList() +
            "\n"
            "In addition, the following are available as category names with special meanings:\n"
            "  - \"all\",  \"1\" : represent all logging categories.\n",
        .args =
            {
                {"include",
                 RpcArgType::ARR,
                 RpcArg::Optional::OMITTED,
                 "The categories to add to debug logging",
                 {{"include_category", RpcArgType::STR, RpcArg::Optional::OMITTED, "the valid logging category"}}},
                {"exclude",
                 RpcArgType::ARR,
                 RpcArg::Optional::OMITTED,
                 "The categories to remove from debug logging",
                 {{"exclude_category", RpcArgType::STR, RpcArg::Optional::OMITTED, "the valid logging category"}}},
            },
        .results = {RpcResult{
            Type::OBJ_DYN,
            "",
            "keys are the logging categories, and values indicates its status",
            {
                RpcResult{Type::BOOL, "category", "if being debug logged or not. false:inactive, true:active"},
            }}},
        .examples = HelpExampleCli("logging", "\"[\\\"all\\\"]\" \"[\\\"http\\\"]\"") +
                    HelpExampleRpc("logging", "[\"all\"], [\"http\"]"),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            node::Logger* logger = ctx.node.logger;
            if (!logger) throw JsonRpcError{RpcErrorCode::MISC_ERROR, "Logging is not available"};
            auto apply = [&](const json& categories, bool enable) {
                for (const json& item : categories) {
                    const std::string& name = GetStr(item);
                    const bool ok = enable ? logger->EnableCategory(name) : logger->DisableCategory(name);
                    if (!ok) throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "unknown logging category " + name};
                }
            };
            if (params.size() > 0 && params[0].is_array()) apply(params[0], true);
            if (params.size() > 1 && params[1].is_array()) apply(params[1], false);
            json result = json::object();
            const uint32_t enabled = logger->EnabledCategories();
            for (const auto& [name, category] : node::LogCategories()) {
                result[name] = (enabled & static_cast<uint32_t>(category)) != 0;
            }
            return result;
        },
    };
}

RpcMethod Echo(const std::string& name)
{
    // echojson's arguments are JSON on the command line (hearth-cli converts them); echo's stay strings. The
    // server accepts any type for both.
    const RpcArgType type = name == "echojson" ? RpcArgType::NUM : RpcArgType::STR;
    std::vector<RpcArg> args;
    for (int i = 0; i < 10; ++i) {
        args.emplace_back("arg" + std::to_string(i), type, RpcArg::Optional::OMITTED, "", std::vector<RpcArg>{},
                          RpcArgOptions{.skip_type_check = true});
    }
    return {
        .category = "hidden",
        .name = name,
        .description = "Simply echo back the input arguments. This command is for testing.\n"
                       "\nIt will return an internal bug report when arg9='trigger_internal_bug' is passed.\n"
                       "\nThe difference between echo and echojson is that echojson has argument conversion enabled in "
                       "the client-side table in "
                       "hearth-cli. There is no server-side difference.",
        .args = std::move(args),
        .results = {RpcResult{Type::ANY, "", "Returns whatever was passed in"}},
        .examples = "",
        .handler = [](const RpcContext&, const json& params) -> json {
            if (params.size() > 9 && params[9].is_string() && params[9] == "trigger_internal_bug") {
                throw std::runtime_error{
                    "Internal bug detected: request.params[9].get_str() != \"trigger_internal_bug\"\n"
                    "Please report this issue here: https://github.com/hearth-node/hearth/issues\n"};
            }
            return params;
        },
    };
}

} // namespace

void RegisterControlRpcs(RpcTable& table)
{
    table.Register(Help());
    table.Register(Stop());
    table.Register(Uptime());
    table.Register(GetRpcInfo());
    table.Register(Logging());
    table.Register(Echo("echo"));
    table.Register(Echo("echojson"));
}

} // namespace hearth::rpc
