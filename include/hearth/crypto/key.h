#ifndef HEARTH_CRYPTO_KEY_H
#define HEARTH_CRYPTO_KEY_H

// Thin wrappers over libsecp256k1: public keys (compressed, uncompressed, x-only), private keys,
// ECDSA and BIP340 Schnorr signatures, and BIP341 taproot tweaks. All curve math is libsecp256k1's;
// one context is created once per process (see secp256k1_context.h).

#include <hearth/util/bytes.h>
#include <hearth/util/uint256.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <utility>

namespace hearth::crypto {

/// A serialized ECDSA public key: 33 bytes (compressed, 02/03 prefix) or 65 (uncompressed, 04; also the
/// hybrid 06/07 forms, which consensus accepts where STRICTENC is off). Stores bytes without parsing;
/// IsFullyValid() parses.
class PubKey
{
public:
    static constexpr size_t COMPRESSED_SIZE = 33;
    static constexpr size_t SIZE = 65;

    PubKey() = default;
    /// Keeps `bytes` if their length matches the header byte's (Core's CPubKey::Set); else invalid.
    explicit PubKey(util::ByteSpan bytes);

    /// Length matches the header byte (cheap, no curve math).
    bool IsValid() const { return m_size > 0; }
    /// Parses as a point on the curve.
    bool IsFullyValid() const;
    bool IsCompressed() const { return m_size == COMPRESSED_SIZE; }
    size_t size() const { return m_size; }
    util::ByteSpan span() const { return {m_data.data(), m_size}; }

    /// HASH160 of the serialized key (the P2PKH/P2WPKH key hash).
    util::Uint160 GetId() const;

    /// Verifies an ECDSA signature over a 32-byte hash as consensus does (Core's CPubKey::Verify):
    /// the DER signature is parsed laxly (BER-like, as Core's ecdsa_signature_parse_der_lax) and S is
    /// normalized to low-S before verifying. `sig` excludes the sighash byte.
    bool VerifyEcdsa(const util::Uint256& hash, util::ByteSpan sig) const;

    /// True if `sig` (lax-DER, no sighash byte) parses and has S ≤ n/2 (BIP62 LOW_S).
    static bool CheckLowS(util::ByteSpan sig);

    /// The 65-byte uncompressed form of a valid key; nullopt if invalid.
    std::optional<PubKey> Decompressed() const;

    /// This key plus tweak·G, serialized with this key's compression (BIP32 public child derivation, Core's
    /// CPubKey::Derive). nullopt if this key is not on the curve, `tweak32` is not 32 bytes or not below the
    /// curve order, or the sum is the point at infinity.
    std::optional<PubKey> TweakAdd(util::ByteSpan tweak32) const;

    friend bool operator==(const PubKey& a, const PubKey& b)
    {
        return a.m_size == b.m_size && std::equal(a.m_data.begin(), a.m_data.begin() + a.m_size, b.m_data.begin());
    }
    friend bool operator<(const PubKey& a, const PubKey& b)
    {
        return std::lexicographical_compare(a.m_data.begin(), a.m_data.begin() + a.m_size, b.m_data.begin(),
                                            b.m_data.begin() + b.m_size);
    }

private:
    std::array<uint8_t, SIZE> m_data{};
    size_t m_size{0};
};

/// A BIP340 x-only public key: 32 bytes, the x coordinate of a point with even y.
class XOnlyPubKey
{
public:
    XOnlyPubKey() = default;
    explicit XOnlyPubKey(const util::Uint256& x) : m_x{x} {}
    /// `bytes` must be exactly 32 bytes; otherwise nullopt.
    static std::optional<XOnlyPubKey> FromBytes(util::ByteSpan bytes);
    /// The x coordinate of a full public key (drops the parity).
    static XOnlyPubKey FromPubKey(const PubKey& key);

    /// Parses as a point on the curve.
    bool IsFullyValid() const;
    const util::Uint256& data() const { return m_x; }
    util::ByteSpan span() const { return m_x.span(); }

    /// Verifies a 64-byte BIP340 signature over a 32-byte message. False if `sig64` is not 64 bytes.
    bool VerifySchnorr(const util::Uint256& msg, util::ByteSpan sig64) const;
    /// Verifies a 64-byte BIP340 signature over a message of any length (BIP340 allows variable-length
    /// messages; consensus only ever signs 32-byte hashes).
    bool VerifySchnorrMessage(util::ByteSpan msg, util::ByteSpan sig64) const;

    /// BIP341 TapTweak hash: tagged "TapTweak" of this key, followed by the merkle root if any.
    util::Uint256 ComputeTapTweakHash(const util::Uint256* merkle_root) const;
    /// Q = P + t·G with t = TapTweak(P, merkle_root); returns (x(Q), parity of Q's y). nullopt if this key
    /// is invalid or the tweak is out of range (negligible chance).
    std::optional<std::pair<XOnlyPubKey, bool>> CreateTapTweak(const util::Uint256* merkle_root) const;
    /// True if this key equals the tweak of `internal` by `merkle_root` with y parity `parity` (BIP341
    /// script-path check of the control block).
    bool CheckTapTweak(const XOnlyPubKey& internal, const util::Uint256& merkle_root, bool parity) const;

    friend bool operator==(const XOnlyPubKey&, const XOnlyPubKey&) = default;
    friend auto operator<=>(const XOnlyPubKey&, const XOnlyPubKey&) = default;

private:
    util::Uint256 m_x;
};

/// A secp256k1 secret key (32 bytes, 0 < k < n) and whether its public key is used compressed.
/// Wiped from memory on destruction.
class PrivKey
{
public:
    PrivKey() = default;
    ~PrivKey();
    PrivKey(const PrivKey&) = default;
    PrivKey& operator=(const PrivKey&) = default;

    /// Sets the secret from 32 bytes; invalid (IsValid() false) if not in [1, n-1].
    static PrivKey FromBytes(util::ByteSpan secret, bool compressed = true);
    /// A fresh random key from the system CSPRNG.
    static PrivKey Generate(bool compressed = true);

    bool IsValid() const { return m_valid; }
    bool IsCompressed() const { return m_compressed; }
    util::ByteSpan span() const { return {m_secret.data(), m_secret.size()}; }

    PubKey GetPubKey() const;
    XOnlyPubKey GetXOnlyPubKey() const;

    /// (this + tweak) mod n with the same compression flag (BIP32 private child derivation, Core's
    /// CKey::Derive). Invalid (IsValid() false) if this key is invalid, `tweak32` is not 32 bytes or not
    /// below the curve order, or the sum is zero.
    PrivKey TweakAdd(util::ByteSpan tweak32) const;

    /// Deterministic (RFC 6979) low-S ECDSA signature of `hash`, DER-encoded, without sighash byte.
    /// Grinds R to 32 bytes (as Core) so signatures are 71 bytes or less.
    util::Bytes SignEcdsa(const util::Uint256& hash) const;

    /// BIP340 Schnorr signature of `msg` with auxiliary randomness `aux`, as Core's CKey::SignSchnorr:
    ///  - merkle_root == nullptr: the untweaked key signs (plain BIP340, tapscript signatures);
    ///  - *merkle_root all zero: the key tweaked with no script tree signs (BIP86 key path);
    ///  - otherwise: the key tweaked by TapTweak(P, *merkle_root) signs (BIP341 key path).
    /// nullopt if the key is invalid.
    std::optional<std::array<uint8_t, 64>> SignSchnorr(const util::Uint256& msg, const util::Uint256* merkle_root,
                                                       const util::Uint256& aux) const;
    /// BIP340 Schnorr signature of a message of any length with the untweaked key and auxiliary
    /// randomness `aux` (the BIP340 default nonce function). nullopt if the key is invalid.
    std::optional<std::array<uint8_t, 64>> SignSchnorrMessage(util::ByteSpan msg, const util::Uint256& aux) const;

private:
    std::array<uint8_t, 32> m_secret{};
    bool m_valid{false};
    bool m_compressed{true};
};

} // namespace hearth::crypto

#endif // HEARTH_CRYPTO_KEY_H
