#ifndef HEARTH_RPC_JSON_H
#define HEARTH_RPC_JSON_H

// JSON for RPC: nlohmann's ordered_json (objects keep insertion order, as Core's UniValue does, so results
// list their fields in Core's order), written byte-for-byte as UniValue writes it (compact, or pretty with
// UniValue's indentation, escapes and number format), plus exact decimal numbers: Core prints amounts as
// "0.00001000", which a double cannot carry, so such numbers travel as a RawNumber.
//
// Request parameters are parsed with ParseJsonPreservingNumbers: integers are int64/uint64, every other
// number is a RawNumber holding the client's exact text (so amounts parse exactly and echo returns what it
// got). Handlers test numbers with IsNumber()/GetReal()/GetInt64() (rpc/util.h), not json::is_number().

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::rpc {

/// The JSON value type of every RPC parameter and result.
using json = nlohmann::ordered_json;

/// A number given by its exact decimal text (e.g. "0.00001000"); written verbatim. Stored as a binary value
/// with a private subtype, so code that inspects results must use IsNumber/GetDouble below.
json RawNumber(std::string text);
/// True if `v` is a RawNumber.
bool IsRawNumber(const json& v);
/// The text of a RawNumber.
std::string RawNumberText(const json& v);
/// True for a JSON number, including a RawNumber.
bool IsNumber(const json& v);
/// The value of any number as a double (nullopt for non-numbers).
std::optional<double> GetDouble(const json& v);

/// An amount in satoshis as Core's ValueFromAmount prints it: a number with exactly 8 decimals.
json ValueFromAmount(int64_t amount);

/// Writes `v` as UniValue::write(indent) does: compact when indent is 0, else pretty with `indent` spaces
/// per level, "key": value, empty containers as "[\n]"/"{\n}", doubles with 16 significant digits.
std::string WriteJson(const json& v, unsigned indent = 0);

/// Parses JSON text; nullopt if it is not exactly one JSON value (surrounding whitespace allowed).
/// Non-integer numbers are kept as RawNumber so that printing them again reproduces the text exactly
/// (hearth-cli prints the server's numbers as sent).
std::optional<json> ParseJsonPreservingNumbers(std::string_view text);

/// Parses JSON text (numbers become int64/uint64/double); nullopt on any syntax error.
std::optional<json> ParseJson(std::string_view text);

/// UniValue's type names: "null", "bool", "object", "array", "string", "number".
std::string_view JsonTypeName(const json& v);

} // namespace hearth::rpc

#endif // HEARTH_RPC_JSON_H
