#ifndef HEARTH_STORAGE_VARINT_H
#define HEARTH_STORAGE_VARINT_H

// Core's VARINT (serialize.h WriteVarInt/ReadVarInt), used only in on-disk formats (chainstate, undo,
// block file info), never on the wire.
//
// Base-128, most significant group first, 0x80 set on every byte but the last, and one subtracted
// from every group before a continuation so each number has exactly one encoding:
//   0 → 00, 127 → 7f, 128 → 80 00, 0x1234 → a3 34, 0xffffffff → 8e fe fe fe 7f.
// Unlike LEB128 this is big-endian by group; it is the same on every machine.

#include <hearth/serialize/stream.h>

#include <concepts>
#include <cstdint>
#include <limits>

namespace hearth::storage {

/// Writes `n` as a VARINT (at most 10 bytes for 64 bits).
template <serialize::Sink S>
void WriteVarInt(S& s, uint64_t n)
{
    uint8_t tmp[10];
    int len = 0;
    while (true) {
        tmp[len] = static_cast<uint8_t>((n & 0x7f) | (len ? 0x80 : 0x00));
        if (n <= 0x7f) break;
        n = (n >> 7) - 1;
        ++len;
    }
    // tmp holds the groups least significant first; emit them reversed.
    uint8_t out[10];
    for (int i = 0; i <= len; ++i) out[i] = tmp[len - i];
    s.Write({out, static_cast<size_t>(len + 1)});
}

/// Number of bytes WriteVarInt(n) produces.
constexpr size_t VarIntSize(uint64_t n)
{
    size_t len = 1;
    while (n > 0x7f) {
        n = (n >> 7) - 1;
        ++len;
    }
    return len;
}

/// Reads a VARINT into an unsigned I, failing `r` with Core's message "ReadVarInt(): size too large"
/// if the value does not fit in I (the same checks as Core, so the same bytes are rejected).
template <std::unsigned_integral I>
I ReadVarInt(serialize::Reader& r)
{
    I n = 0;
    while (true) {
        const uint8_t ch = r.ReadU8();
        if (!r.ok()) return 0;
        if (n > (std::numeric_limits<I>::max() >> 7)) {
            r.Fail("ReadVarInt(): size too large");
            return 0;
        }
        n = static_cast<I>((n << 7) | (ch & 0x7f));
        if (ch & 0x80) {
            if (n == std::numeric_limits<I>::max()) {
                r.Fail("ReadVarInt(): size too large");
                return 0;
            }
            ++n;
        } else {
            return n;
        }
    }
}

} // namespace hearth::storage

#endif // HEARTH_STORAGE_VARINT_H
