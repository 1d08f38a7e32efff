#ifndef HEARTH_UTIL_HEX_H
#define HEARTH_UTIL_HEX_H

#include <hearth/util/bytes.h>

#include <optional>
#include <string>
#include <string_view>

namespace hearth::util {

/// Lowercase hex of `bytes`, in order.
std::string HexStr(ByteSpan bytes);

/// Decodes an even-length hex string (either case, no prefix, no spaces); nullopt on any other input.
std::optional<Bytes> ParseHex(std::string_view hex);

/// True if `s` is a non-empty, even-length string of hex digits.
bool IsHex(std::string_view s);

/// Value of one hex digit, or -1.
int HexDigit(char c);

} // namespace hearth::util

#endif // HEARTH_UTIL_HEX_H
