#ifndef HEARTH_RPC_CLIENT_H
#define HEARTH_RPC_CLIENT_H

// hearth-cli's argument conversion (Core's src/rpc/client.cpp): command-line parameters are strings unless
// the (method, position/name) pair is listed here, in which case the text is parsed as JSON (numbers,
// booleans, arrays, objects). The list must match the argument types in the method tables; a unit test
// compares it with `help dump_all_command_conversions`, so add a line here when you register a method with
// a non-string argument.

#include <hearth/rpc/json.h>

#include <string>
#include <string_view>
#include <vector>

namespace hearth::rpc {

/// One convertible parameter.
struct ConvertParam {
    std::string_view method;
    int position;
    std::string_view name;
};

/// The whole table (for the consistency test).
const std::vector<ConvertParam>& ConvertParams();
/// True if positional parameter `position` of `method` is JSON.
bool ShouldConvert(std::string_view method, int position);
/// True if named parameter `name` of `method` is JSON.
bool ShouldConvert(std::string_view method, std::string_view name);

/// Parses a converted parameter; throws std::runtime_error("Error parsing JSON: <text>").
json ParseNonRfcJsonValue(std::string_view text);
/// Positional parameters from strings (Core's RPCConvertValues).
json ConvertValues(const std::string& method, const std::vector<std::string>& args);
/// Named parameters from "name=value" strings (Core's RPCConvertNamedValues): later values overwrite earlier
/// ones; arguments without '=' are collected as positional parameters under "args".
json ConvertNamedValues(const std::string& method, const std::vector<std::string>& args);

} // namespace hearth::rpc

#endif // HEARTH_RPC_CLIENT_H
