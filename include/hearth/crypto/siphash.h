#ifndef HEARTH_CRYPTO_SIPHASH_H
#define HEARTH_CRYPTO_SIPHASH_H

#include <hearth/util/bytes.h>
#include <hearth/util/uint256.h>

#include <cstdint>

namespace hearth::crypto {

/// SipHash-2-4 with a 128-bit key (k0, k1), returning the 64-bit tag.
///
/// Written here rather than through OpenSSL's EVP_MAC "SIPHASH": hash tables call it millions of times
/// on 32- to 36-byte keys, where EVP's per-call context setup costs more than the hash itself. The test
/// checks it against the reference vectors and against OpenSSL.
uint64_t SipHash24(uint64_t k0, uint64_t k1, util::ByteSpan data);

/// SipHash-2-4 of a 256-bit value followed by a 32-bit integer (an outpoint), as Core's SipHashUint256Extra.
uint64_t SipHashUint256Extra(uint64_t k0, uint64_t k1, const util::Uint256& val, uint32_t extra);

} // namespace hearth::crypto

#endif // HEARTH_CRYPTO_SIPHASH_H
