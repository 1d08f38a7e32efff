#include <hearth/node/logging.h>
#include <hearth/node/shutdown.h>
#include <hearth/rpc/client.h>
#include <hearth/rpc/register.h>
#include <hearth/rpc/table.h>

#include "rpc_test_util.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>

using namespace hearth;
using namespace hearth::rpc;

namespace {

RpcMethod AddMethod()
{
    return {
        .category = "test",
        .name = "add",
        .description = "Adds two numbers.",
        .args = {{"a", RpcArgType::NUM, RpcArg::Optional::NO, "first"},
                 {"b|second", RpcArgType::NUM, RpcArg::Default{10}, "second"}},
        .results = {RpcResult{RpcResult::Type::NUM, "", "the sum"}},
        .examples = HelpExampleCli("add", "1 2"),
        .handler = [](const RpcContext& ctx, const json&) -> json {
            return GetInt64(ctx.Arg(0)) + GetInt64(ctx.Arg(1));
        },
    };
}

/// A table with test methods, out of warm-up.
struct Fixture {
    RpcTable table;
    node::NodeContext node;

    Fixture()
    {
        table.Register(AddMethod());
        table.Register({.category = "test", .name = "thrower", .handler = [](const RpcContext&, const json&) -> json {
                            throw std::runtime_error("kaput");
                        }});
        table.Register({.category = "test", .name = "rpcerr", .handler = [](const RpcContext&, const json&) -> json {
                            throw JsonRpcError{RpcErrorCode::INVALID_ADDRESS_OR_KEY, "Invalid address"};
                        }});
        table.Register({.category = "test",
                        .name = "strarg",
                        .args = {{"s", RpcArgType::STR, RpcArg::Optional::NO, ""},
                                 {"o", RpcArgType::OBJ, RpcArg::Optional::OMITTED, ""}},
                        .handler = [](const RpcContext&, const json& params) -> json { return params; }});
        table.Register({.category = "wallet",
                        .name = "walletm",
                        .handler = [](const RpcContext&, const json&) -> json { return 1; },
                        .wallet_method = true});
        table.SetWarmupFinished();
    }

    json Call(const std::string& method, json params, const std::string& uri = "/")
    {
        return test::CallMethod(table, node, method, std::move(params), uri);
    }

    /// The error of a failing call, as {code, message}.
    std::pair<int, std::string> Error(const std::string& method, json params, const std::string& uri = "/")
    {
        auto error = test::CallError(table, node, method, std::move(params), uri);
        if (!error) ADD_FAILURE() << method << " did not fail";
        return error.value_or(std::pair{0, ""});
    }
};

} // namespace

TEST(RpcTableTest, PositionalNamedAndDefaultArguments)
{
    Fixture f;
    EXPECT_EQ(f.Call("add", json::array({1, 2})), 3);
    EXPECT_EQ(f.Call("add", json::array({1})), 11);
    EXPECT_EQ(f.Call("add", json::array({1, nullptr})), 11);
    EXPECT_EQ(f.Call("add", json{{"a", 5}}), 15);
    EXPECT_EQ(f.Call("add", json{{"second", 1}, {"a", 5}}), 6); // aliases work
}

TEST(RpcTableTest, WarmupUnknownMethodAndWrongCounts)
{
    Fixture f;
    RpcTable cold;
    cold.Register(AddMethod());
    cold.SetWarmupStatus("Loading block index…");
    RpcRequest req;
    req.method = "add";
    try {
        cold.Execute(req, f.node);
        ADD_FAILURE();
    } catch (const JsonRpcError& e) {
        EXPECT_EQ(e.code(), RpcErrorCode::IN_WARMUP);
        EXPECT_STREQ(e.what(), "Loading block index…");
    }
    EXPECT_EQ(f.Error("nosuch", json::array()), (std::pair<int, std::string>{-32601, "Method not found"}));
    // Too few or too many arguments: Core answers with the help text as error -1.
    const auto help = AddMethod().Help();
    EXPECT_EQ(f.Error("add", json::array()), (std::pair<int, std::string>{-1, help}));
    EXPECT_EQ(f.Error("add", json::array({1, 2, 3})), (std::pair<int, std::string>{-1, help}));
}

TEST(RpcTableTest, TypeErrorsUseCoreMessage)
{
    Fixture f;
    EXPECT_EQ(f.Error("add", json::array({"1", true})),
              (std::pair<int, std::string>{
                  -3, "Wrong type passed:\n{\n    \"Position 1 (a)\": \"JSON value of type string is not of expected "
                      "type number\",\n"
                      "    \"Position 2 (b|second)\": \"JSON value of type bool is not of expected type number\"\n}"}));
    EXPECT_EQ(f.Error("strarg", json::array({1})).first, -3);
    EXPECT_EQ(f.Error("strarg", json::array({"x", json::array()})).first, -3);
    EXPECT_EQ(f.Call("strarg", json::array({"x", json::object()})), json::array({"x", json::object()}));
    // A fraction where an integer is expected is caught by the handler's accessor: -1 as in Core.
    EXPECT_EQ(f.Error("add", json::array({RawNumber("1.5")})),
              (std::pair<int, std::string>{-1, "JSON integer out of range"}));
}

TEST(RpcTableTest, NamedParameterErrors)
{
    Fixture f;
    EXPECT_EQ(f.Error("add", json{{"a", 1}, {"c", 2}}), (std::pair<int, std::string>{-8, "Unknown named parameter c"}));
    EXPECT_EQ(
        f.Error("add", json{{"args", json::array({1, 2})}, {"b", 3}}),
        (std::pair<int, std::string>{-8, "Parameter b|second specified twice both as positional and named argument"}));
}

TEST(RpcTableTest, HandlerExceptionsBecomeRpcErrors)
{
    Fixture f;
    EXPECT_EQ(f.Error("thrower", json::array()), (std::pair<int, std::string>{-1, "kaput"}));
    EXPECT_EQ(f.Error("rpcerr", json::array()), (std::pair<int, std::string>{-5, "Invalid address"}));
}

TEST(RpcTableTest, WalletEndpointWithoutWalletSupport)
{
    Fixture f;
    const std::pair<int, std::string> missing{-18, "Requested wallet does not exist or is not loaded"};
    EXPECT_EQ(f.Error("add", json::array({1}), "/wallet/w1"), missing);
    // With wallet support, only wallet methods check the wallet (as Core).
    f.table.SetWalletExists([](const std::string& name) { return name == "w1"; });
    EXPECT_EQ(f.Call("add", json::array({1}), "/wallet/nope"), 11);
    EXPECT_EQ(f.Call("walletm", json::array(), "/wallet/w1"), 1);
    EXPECT_EQ(f.Error("walletm", json::array(), "/wallet/nope"), missing);
}

TEST(RpcTableTest, TransformNamedArgumentsAsCore)
{
    // Core's rpc_namedparams cases.
    const std::vector<std::pair<std::string, bool>> names{
        {"arg1", false}, {"arg2", false}, {"arg3", false}, {"arg4", false}, {"arg5", false}};
    auto t = [&](const char* text) { return WriteJson(TransformNamedArguments(json::parse(text), names)); };
    EXPECT_EQ(t(R"({"arg2": 2, "arg4": 4})"), "[null,2,null,4]");
    EXPECT_EQ(t(R"({"arg5": 5, "args": [1, 2], "arg4": 4})"), "[1,2,null,4,5]");
    EXPECT_EQ(t(R"({"args": [1,2,3,4,5,6,7,8,9,10]})"), "[1,2,3,4,5,6,7,8,9,10]");
    EXPECT_THROW(t(R"({"arg2": 2, "unknown": 6})"), JsonRpcError);
    try {
        t(R"({"args": [1,2,3], "arg4": 4, "arg2": 2})");
        ADD_FAILURE();
    } catch (const JsonRpcError& e) {
        EXPECT_STREQ(e.what(), "Parameter arg2 specified twice both as positional and named argument");
    }
    // Named-only parameters are gathered into an options object.
    const std::vector<std::pair<std::string, bool>> with_options{
        {"a", false}, {"x", true}, {"y", true}, {"options", false}};
    EXPECT_EQ(WriteJson(TransformNamedArguments(json::parse(R"({"y": 2, "a": 1})"), with_options)), R"([1,{"y":2}])");
}

TEST(RpcTableTest, HelpTextFormat)
{
    EXPECT_EQ(AddMethod().Help(), "add a ( b )\n\nAdds two numbers.\n\nArguments:\n"
                                  "1. a    (numeric, required) first\n"
                                  "2. b    (numeric, optional, default=10) second\n\n"
                                  "Result:\nn    (numeric) the sum\n\nExamples:\n> hearth-cli add 1 2\n");
    Fixture f;
    EXPECT_EQ(f.table.Help(""),
              "== Test ==\nadd a ( b )\nrpcerr\nstrarg \"s\" ( {} )\nthrower\n\n== Wallet ==\nwalletm");
    EXPECT_EQ(f.table.Help("nosuch"), "help: unknown command: nosuch");
    EXPECT_EQ(f.table.Help("add"), AddMethod().Help());
}

TEST(RpcTableTest, ControlMethods)
{
    RpcTable table;
    RegisterAllRpcs(table);
    table.SetWarmupFinished();
    node::Logger logger;
    node::ShutdownSignal shutdown;
    node::NodeContext node;
    node.logger = &logger;
    node.shutdown = &shutdown;
    auto call = [&](const std::string& method, json params) {
        return test::CallMethod(table, node, method, std::move(params));
    };
    const std::string help = call("help", json::array());
    EXPECT_NE(help.find("== Control ==\ngetrpcinfo\nhelp ( \"command\" )\nlogging ( [\"include_category\",...] "
                        "[\"exclude_category\",...] )\nstop\nuptime"),
              std::string::npos);
    EXPECT_EQ(help.find("echo"), std::string::npos); // hidden
    EXPECT_EQ(call("help", json::array({"echo"})).get<std::string>().rfind("echo ( \"arg0\" ", 0), 0u);
    EXPECT_TRUE(call("uptime", json::array()).is_number_integer());
    const json info = call("getrpcinfo", json::array());
    ASSERT_EQ(info["active_commands"].size(), 1u);
    EXPECT_EQ(info["active_commands"][0]["method"], "getrpcinfo");
    EXPECT_EQ(info["logpath"], "");
    const json logging = call("logging", json::array({json::array({"net", "rpc"}), json::array({"rpc"})}));
    EXPECT_EQ(logging["net"], true);
    EXPECT_EQ(logging["rpc"], false);
    EXPECT_EQ(logging.size(), node::LogCategories().size());
    try {
        call("logging", json::array({json::array({"nosuch"})}));
        ADD_FAILURE();
    } catch (const JsonRpcError& e) {
        EXPECT_EQ(e.code(), RpcErrorCode::INVALID_PARAMETER);
        EXPECT_STREQ(e.what(), "unknown logging category nosuch");
    }
    EXPECT_EQ(call("echo", json::array({1, "a", nullptr, json::object()})),
              json::array({1, "a", nullptr, json::object()}));
    try {
        call("echo", json::array({0, 1, 2, 3, 4, 5, 6, 7, 8, "trigger_internal_bug"}));
        ADD_FAILURE();
    } catch (const JsonRpcError& e) {
        EXPECT_EQ(e.code(), RpcErrorCode::MISC_ERROR);
        EXPECT_EQ(std::string{e.what()}.rfind("Internal bug detected", 0), 0u);
    }
    EXPECT_FALSE(shutdown.Requested());
    EXPECT_EQ(call("stop", json::array()), "Hearth stopping");
    EXPECT_TRUE(shutdown.Requested());
}

TEST(RpcTableTest, ActiveCommandsListRunningCalls)
{
    Fixture f;
    std::atomic<bool> release{false};
    std::atomic<bool> started{false};
    f.table.Register({.category = "test", .name = "slow", .handler = [&](const RpcContext&, const json&) -> json {
                          started = true;
                          while (!release) std::this_thread::yield();
                          return nullptr;
                      }});
    std::thread t{[&] { f.Call("slow", json::array()); }};
    while (!started) std::this_thread::yield();
    const json active = f.table.ActiveCommands();
    release = true;
    t.join();
    ASSERT_EQ(active.size(), 1u);
    EXPECT_EQ(active[0]["method"], "slow");
    EXPECT_TRUE(active[0]["duration"].is_number_integer());
    EXPECT_TRUE(f.table.ActiveCommands().empty());
}

// hearth-cli's conversion table must agree with the servers' argument types, in both directions
// (Core's rpc_help.py check), for every method registered so far.
TEST(RpcTableTest, CliConversionTableMatchesMethodTables)
{
    RpcTable table;
    RegisterAllRpcs(table);
    const json map = table.ArgConversionMap();
    for (const json& entry : map) {
        const std::string method = entry[0];
        const int position = entry[1];
        const std::string name = entry[2];
        const bool is_string = entry[3];
        EXPECT_EQ(ShouldConvert(method, position), !is_string) << method << " position " << position;
        EXPECT_EQ(ShouldConvert(method, name), !is_string) << method << " " << name;
    }
    for (const auto& p : ConvertParams()) {
        if (!table.Find(p.method)) continue; // an area that has not landed yet
        bool found = false;
        for (const json& entry : map) {
            if (entry[0] == p.method && entry[1] == p.position && entry[2] == p.name) {
                found = true;
                EXPECT_FALSE(entry[3].get<bool>()) << p.method << " " << p.name << " is a string argument";
            }
        }
        EXPECT_TRUE(found) << p.method << " " << p.position << " " << p.name << " is not an argument of the server";
    }
}
