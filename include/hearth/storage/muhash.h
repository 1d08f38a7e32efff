#ifndef HEARTH_STORAGE_MUHASH_H
#define HEARTH_STORAGE_MUHASH_H

// MuHash3072, Core's rolling multiset hash of the UTXO set (crypto/muhash.h; gettxoutsetinfo
// hash_type=muhash): the product of one 3072-bit number per element, modulo the prime
// 2^3072 − 1103717. Insertion multiplies a numerator, removal a denominator; the order of operations
// does not matter, so a running hash can be kept per block. Finalize divides and hashes.
//
// An element's number: SHA256 of its bytes is the key of a ChaCha20 keystream (nonce 0, counter 0);
// its first 384 bytes, read little-endian, are the number. Arithmetic uses OpenSSL's BIGNUM with
// Montgomery multiplication.

#include <hearth/util/bytes.h>
#include <hearth/util/result.h>
#include <hearth/util/uint256.h>

#include <array>
#include <cstdint>
#include <memory>

namespace hearth::storage {

class MuHash3072
{
public:
    static constexpr size_t BYTE_SIZE = 384;

    /// The hash of the empty set.
    MuHash3072();
    /// The hash of the one-element set {data}.
    explicit MuHash3072(util::ByteSpan data);
    ~MuHash3072();
    MuHash3072(const MuHash3072& other);
    MuHash3072& operator=(const MuHash3072& other);
    MuHash3072(MuHash3072&&) noexcept;
    MuHash3072& operator=(MuHash3072&&) noexcept;

    /// Adds an element (for the UTXO set: storage::CoinHashSerialization of a coin).
    MuHash3072& Insert(util::ByteSpan data);
    /// Removes an element (need not have been inserted before: the hash is of a multiset quotient).
    MuHash3072& Remove(util::ByteSpan data);
    /// Union of two multisets.
    MuHash3072& operator*=(const MuHash3072& other);
    /// Difference of two multisets.
    MuHash3072& operator/=(const MuHash3072& other);

    /// SHA256 of numerator/denominator as 384 little-endian bytes. Leaves the state equivalent (the
    /// quotient becomes the numerator, the denominator 1), so hashing can continue. Print with
    /// ToHex() (reversed) to match Core's gettxoutsetinfo "muhash".
    util::Uint256 Finalize();

    /// Core's serialization: numerator ‖ denominator, 384 bytes each, little-endian (768 bytes), as
    /// stored by coinstatsindex.
    std::array<uint8_t, 2 * BYTE_SIZE> Serialize() const;
    /// Parses Serialize()'s output. Values need not be reduced (Core accepts any 3072-bit numbers).
    static util::Result<MuHash3072> Deserialize(util::ByteSpan bytes);

    /// The element number of `data` (384 little-endian bytes), exposed for tests.
    static std::array<uint8_t, BYTE_SIZE> ToNum3072(util::ByteSpan data);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace hearth::storage

#endif // HEARTH_STORAGE_MUHASH_H
