#ifndef HEARTH_UTIL_BYTES_H
#define HEARTH_UTIL_BYTES_H

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace hearth::util {

/// An owned, growable byte string.
using Bytes = std::vector<uint8_t>;
/// A read-only view of bytes owned elsewhere.
using ByteSpan = std::span<const uint8_t>;

/// Views the characters of a string as bytes (no copy).
inline ByteSpan AsBytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

/// Copies a span into an owned byte string.
inline Bytes ToBytes(ByteSpan s) { return {s.begin(), s.end()}; }

/// Appends `tail` to `out`.
inline void Append(Bytes& out, ByteSpan tail) { out.insert(out.end(), tail.begin(), tail.end()); }

} // namespace hearth::util

#endif // HEARTH_UTIL_BYTES_H
