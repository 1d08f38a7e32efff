#ifndef HEARTH_RPC_UTIL_H
#define HEARTH_RPC_UTIL_H

// Describing RPC methods (Core's RPCHelpMan, src/rpc/util.h): arguments with types, optionality and
// defaults; results as a tree; examples. The same description drives argument checking (count and type,
// with Core's messages), named parameters, `help`, docs/rpc.md and the consistency test against
// hearth-cli's conversion table. Also value accessors with UniValue's error messages for handlers.

#include <hearth/rpc/json.h>
#include <hearth/rpc/protocol.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hearth::rpc {

/// Argument types (Core's RPCArg::Type).
enum class RpcArgType {
    OBJ,
    ARR,
    STR,
    NUM,
    BOOL,
    /// An object whose inner arguments may also be passed as named parameters.
    OBJ_NAMED_PARAMS,
    /// An object with user-chosen keys.
    OBJ_USER_KEYS,
    /// A number or a string holding a decimal amount.
    AMOUNT,
    STR_HEX,
    /// A number or a [begin, end] array.
    RANGE,
};

/// Presentation and checking options of an argument (Core's RPCArgOptions).
struct RpcArgOptions {
    /// Accept any JSON type (the handler checks).
    bool skip_type_check{false};
    /// Replaces the generated one-line form in the signature line.
    std::string oneline_description{};
    /// Replaces the type names in help: {type in signature, type in description}.
    std::vector<std::string> type_str{};
    /// Not shown in help (and nor is any argument after it).
    bool hidden{false};
    /// For inner arguments of OBJ_NAMED_PARAMS: may also be given positionally inside the object.
    bool also_positional{false};
};

/// One argument (Core's RPCArg).
struct RpcArg {
    /// Required, or optional without a default (absent means "not given").
    enum class Optional { NO, OMITTED };
    /// A default described in words ("all commands"); the handler applies it.
    struct DefaultHint {
        std::string text;
    };
    /// A default value, applied by RpcContext::Arg and shown in help.
    struct Default {
        json value;
    };
    using Fallback = std::variant<Optional, DefaultHint, Default>;

    /// "name" or "name|alias|...": the first name is shown; all are accepted as named parameters.
    std::string names;
    RpcArgType type;
    Fallback fallback;
    std::string description;
    std::vector<RpcArg> inner;
    RpcArgOptions options;

    RpcArg(std::string names_, RpcArgType type_, Fallback fallback_, std::string description_,
           std::vector<RpcArg> inner_ = {}, RpcArgOptions options_ = {});

    std::string FirstName() const;
    bool IsOptional() const;
    /// "" if the value's type fits, else Core's "JSON value of type X is not of expected type Y".
    std::string TypeMismatch(const json& value) const;
    /// The argument in the signature line: "\"name\"", name, ["elem",...], {"key":...}.
    std::string ToOneLine() const;
    /// "(string, optional, default=x) description".
    std::string ToDescription(bool is_named_arg) const;
    /// As an object member: "\"name\": \"str\"".
    std::string ToObjectMember(bool oneline) const;
};

/// Result documentation (Core's RPCResult).
struct RpcResult {
    enum class Type {
        OBJ,
        ANY,
        NONE,
        STR,
        NUM,
        BOOL,
        ARR,
        ARR_FIXED,
        NUM_TIME,
        ELISION,
        STR_HEX,
        STR_AMOUNT,
        OBJ_DYN,
    };
    enum class Optional { NO, YES };

    /// When this result applies ("if verbose is set to true"); empty for the only/default result.
    std::string cond;
    Type type;
    std::string key;
    bool optional{false};
    std::string description;
    std::vector<RpcResult> inner;

    RpcResult(Type type_, std::string key_, std::string description_, std::vector<RpcResult> inner_ = {});
    RpcResult(Type type_, std::string key_, Optional optional_, std::string description_,
              std::vector<RpcResult> inner_ = {});
    RpcResult(std::string cond_, Type type_, std::string key_, std::string description_,
              std::vector<RpcResult> inner_ = {});
};

/// "> hearth-cli method args\n" (Core's HelpExampleCli).
std::string HelpExampleCli(const std::string& method, const std::string& args);
/// "> hearth-cli -named method key=value ...\n".
std::string HelpExampleCliNamed(const std::string& method,
                                const std::vector<std::pair<std::string, std::string>>& args);
/// The curl example Core prints (Core's HelpExampleRpc; port 8332).
std::string HelpExampleRpc(const std::string& method, const std::string& args);

/// Help text from the parts of a method description (used by RpcTable; public for tests).
std::string FormatMethodHelp(const std::string& name, const std::string& description, const std::vector<RpcArg>& args,
                             const std::vector<RpcResult>& results, const std::string& examples);

// Accessors for values inside parameters, with UniValue's messages. A value of the wrong type throws
// JsonRpcError(TYPE_ERROR) (-3), as Core's dispatcher answers UniValue::type_error; "JSON integer out of range"
// is a std::runtime_error, which the table reports as -1, as in Core.

/// The string, or throws "JSON value of type X is not of expected type string".
const std::string& GetStr(const json& v);
/// The boolean, or throws.
bool GetBool(const json& v);
/// The integer, or throws (type error; "JSON integer out of range" for fractions and overflow).
int64_t GetInt64(const json& v);
/// As GetInt64, range-checked to int.
int GetInt(const json& v);
/// The number as a double, or throws.
double GetReal(const json& v);
/// Throws unless `v` is an array / object.
const json& GetArray(const json& v);
const json& GetObject(const json& v);

} // namespace hearth::rpc

#endif // HEARTH_RPC_UTIL_H
