#ifndef HEARTH_CRYPTO_SHA256_H
#define HEARTH_CRYPTO_SHA256_H

#include <hearth/util/bytes.h>
#include <hearth/util/uint256.h>

#include <cstdint>
#include <string_view>

namespace hearth::crypto {

/// Incremental SHA-256 (OpenSSL). Copyable, so a common prefix (a BIP340 tag, a sighash midstate) can be
/// hashed once and the state reused.
class Sha256
{
public:
    Sha256();
    Sha256& Write(util::ByteSpan data);
    /// The digest of everything written. The object must not be written to afterwards.
    util::Uint256 Finalize();

private:
    // Storage for OpenSSL's SHA256_CTX (112 bytes), kept opaque so this header needs no OpenSSL.
    alignas(8) unsigned char m_ctx[112];
};

/// SHA-256 of `data`.
util::Uint256 Sha256Hash(util::ByteSpan data);
/// SHA-256(SHA-256(data)): Bitcoin's hash for txids, block hashes, checksums and merkle nodes.
util::Uint256 Sha256d(util::ByteSpan data);
/// SHA-256d of the 64-byte concatenation a ‖ b (a merkle node).
util::Uint256 Sha256d64(const util::Uint256& a, const util::Uint256& b);

/// Incremental SHA-256d: SHA-256 of the SHA-256 of everything written.
class Sha256d256
{
public:
    Sha256d256& Write(util::ByteSpan data)
    {
        m_inner.Write(data);
        return *this;
    }
    util::Uint256 Finalize();

private:
    Sha256 m_inner;
};

/// BIP340 tagged hash: a SHA-256 state already fed SHA256(tag) ‖ SHA256(tag).
Sha256 TaggedHasher(std::string_view tag);
/// BIP340 tagged hash of `data` under `tag`.
util::Uint256 TaggedHash(std::string_view tag, util::ByteSpan data);

} // namespace hearth::crypto

#endif // HEARTH_CRYPTO_SHA256_H
