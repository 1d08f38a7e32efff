#ifndef HEARTH_SERIALIZE_BECH32_H
#define HEARTH_SERIALIZE_BECH32_H

// Bech32 (BIP173) and Bech32m (BIP350) strings: a human-readable part, the separator '1', and 5-bit values
// followed by a 6-character BCH checksum. Segwit addresses use bech32 for witness version 0 and bech32m
// for versions 1-16 (BIP350); which one applies is the address layer's business, not this one's.

#include <hearth/util/bytes.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hearth::serialize::bech32 {

/// Which checksum constant a string verified with.
enum class Encoding {
    INVALID, ///< Failed to decode
    BECH32,  ///< BIP173 (constant 1)
    BECH32M, ///< BIP350 (constant 0x2bc830a3)
};

/// BIP173's length limit for segwit addresses, checksum and separator included.
constexpr size_t MAX_LENGTH = 90;

/// A decoded string: the encoding it verified with, the lowercased HRP and the 5-bit values without the
/// checksum. On failure encoding is INVALID and the other fields are empty.
struct DecodeResult {
    Encoding encoding{Encoding::INVALID};
    std::string hrp;
    util::Bytes data;
};

/// Encodes `values` (each < 32) under `hrp` with the given checksum, in lowercase. The HRP must not contain
/// uppercase letters (an encoder must emit lowercase; a mixed-case result could never decode). Checks no
/// length limit: callers producing addresses stay within MAX_LENGTH by construction.
std::string Encode(Encoding encoding, std::string_view hrp, util::ByteSpan values);

/// Decodes a bech32 or bech32m string of at most `limit` characters. Rejects mixed case, characters
/// outside 33..126, a missing or misplaced separator, an empty HRP, fewer than 6 checksum characters,
/// characters outside the bech32 alphabet and a bad checksum. All-uppercase input is accepted.
DecodeResult Decode(std::string_view str, size_t limit = MAX_LENGTH);

/// Why `str` does not decode, as Core's bech32::LocateErrors: a message ("" if it decodes) and the
/// positions of the characters at fault when they can be found (up to two substitution errors in the data
/// part are located with the BCH code's error-locating property).
std::pair<std::string, std::vector<int>> LocateErrors(std::string_view str, size_t limit = MAX_LENGTH);

/// Regroups a bit string from `from_bits`-bit values to `to_bits`-bit values (both 1..8), big-endian
/// within the stream. With `pad`, incomplete trailing bits are zero-padded into one more output value;
/// without it, more than from_bits-1 leftover bits or non-zero padding are an error (BIP173's rule for
/// decoding witness programs). nullopt on error or if an input value has more than from_bits bits.
std::optional<util::Bytes> ConvertBits(util::ByteSpan in, int from_bits, int to_bits, bool pad);

} // namespace hearth::serialize::bech32

#endif // HEARTH_SERIALIZE_BECH32_H
