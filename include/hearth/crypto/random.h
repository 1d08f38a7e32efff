#ifndef HEARTH_CRYPTO_RANDOM_H
#define HEARTH_CRYPTO_RANDOM_H

#include <hearth/util/bytes.h>
#include <hearth/util/uint256.h>

#include <cstdint>
#include <span>

namespace hearth::crypto {

/// Fills `out` with cryptographically secure random bytes (OpenSSL's CSPRNG). Aborts if the system
/// cannot provide randomness: continuing without it would leak keys.
void GetStrongRandBytes(std::span<uint8_t> out);

/// A random 256-bit value.
util::Uint256 GetRandUint256();

/// A random 64-bit value, for salts and nonces.
uint64_t GetRandU64();

} // namespace hearth::crypto

#endif // HEARTH_CRYPTO_RANDOM_H
