#ifndef HEARTH_CRYPTO_HASH_H
#define HEARTH_CRYPTO_HASH_H

// RIPEMD-160, HASH160, HMAC-SHA256/512 and PBKDF2-HMAC-SHA512 (all OpenSSL).

#include <hearth/util/bytes.h>
#include <hearth/util/uint256.h>

#include <array>
#include <cstdint>

namespace hearth::crypto {

/// RIPEMD-160 of `data`.
util::Uint160 Ripemd160(util::ByteSpan data);
/// RIPEMD-160(SHA-256(data)): the hash in P2PKH, P2SH and P2WPKH outputs.
util::Uint160 Hash160(util::ByteSpan data);
/// SHA-1 of `data` (only for OP_SHA1).
util::Uint160 Sha1(util::ByteSpan data);

/// HMAC-SHA256(key, data) (RFC 2104), used by -rpcauth.
util::Uint256 HmacSha256(util::ByteSpan key, util::ByteSpan data);
/// HMAC-SHA512(key, data) (RFC 2104), used by BIP32.
std::array<uint8_t, 64> HmacSha512(util::ByteSpan key, util::ByteSpan data);
/// PBKDF2-HMAC-SHA512 (RFC 8018) producing `out_len` bytes, used by BIP39 seeds.
util::Bytes Pbkdf2HmacSha512(util::ByteSpan password, util::ByteSpan salt, uint32_t iterations, size_t out_len);

} // namespace hearth::crypto

#endif // HEARTH_CRYPTO_HASH_H
