#ifndef HEARTH_SERIALIZE_BASE58_H
#define HEARTH_SERIALIZE_BASE58_H

// Base58 and Base58Check (legacy addresses, WIF keys, BIP32 extended keys), with Core's rules.

#include <hearth/util/bytes.h>
#include <hearth/util/result.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace hearth::serialize {

/// Base58 with Bitcoin's alphabet (no 0, O, I, l); each leading zero byte becomes a leading '1'.
std::string EncodeBase58(util::ByteSpan data);

/// Decodes Base58 as Core's DecodeBase58: leading and trailing whitespace (space, \t, \n, \v, \f, \r) are
/// skipped, but whitespace inside, a NUL or any character outside the alphabet is an error. Fails as soon
/// as the output would exceed `max_out_len` bytes, so untrusted input cannot make it work hard.
util::Result<util::Bytes> DecodeBase58(std::string_view str, size_t max_out_len);

/// Base58 of `payload` followed by the first 4 bytes of SHA256d(payload).
std::string EncodeBase58Check(util::ByteSpan payload);

/// Decodes Base58Check: a payload of at most `max_payload_len` bytes plus a 4-byte SHA256d checksum,
/// which must match. Returns the payload.
util::Result<util::Bytes> DecodeBase58Check(std::string_view str, size_t max_payload_len);

} // namespace hearth::serialize

#endif // HEARTH_SERIALIZE_BASE58_H
