#ifndef HEARTH_WALLET_BIP32_H
#define HEARTH_WALLET_BIP32_H

// BIP32 hierarchical deterministic keys (Core's CExtKey/CExtPubKey, key_io's xpub/xprv encoding and
// util/bip32's key paths): master keys from a seed, private (CKDpriv) and public (CKDpub) child derivation,
// the 78-byte serialization with the network's version bytes (script::AddressParams::ext_public_key /
// ext_secret_key) under base58check, key fingerprints, and "m/0h/1'" style paths.

#include <hearth/crypto/key.h>
#include <hearth/script/address.h>
#include <hearth/util/bytes.h>
#include <hearth/util/uint256.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::wallet {

/// Child indexes at or above this are hardened (BIP32).
constexpr uint32_t BIP32_HARDENED = 0x80000000;
/// Serialized extended key without the 4 version bytes: depth, parent fingerprint, child number, chain code,
/// key data (Core's BIP32_EXTKEY_SIZE).
constexpr size_t BIP32_EXTKEY_SIZE = 74;

/// A key fingerprint: the first 4 bytes of HASH160 of the compressed public key.
using Fingerprint = std::array<uint8_t, 4>;

/// An extended public key.
struct ExtPubKey {
    uint8_t depth{0};
    Fingerprint parent_fingerprint{};
    uint32_t child{0};
    util::Uint256 chain_code;
    crypto::PubKey pubkey;

    /// Public child derivation CKDpub (BIP32). nullopt for a hardened index (it needs the private key) or if
    /// the child is invalid (IL ≥ n or the point at infinity; probability below 2^-127).
    std::optional<ExtPubKey> Derive(uint32_t index) const;
    /// This key's own fingerprint (its children's parent fingerprint).
    Fingerprint GetFingerprint() const;
    /// The 74 serialized bytes (Core's CExtPubKey::Encode).
    std::array<uint8_t, BIP32_EXTKEY_SIZE> Encode() const;
    /// Parses 74 bytes (Core's CExtPubKey::Decode): the public key must be on the curve, and a depth-0 key must
    /// have a zero parent fingerprint and child number. nullopt otherwise.
    static std::optional<ExtPubKey> Decode(util::ByteSpan code);

    friend bool operator==(const ExtPubKey&, const ExtPubKey&) = default;
};

/// An extended private key.
struct ExtKey {
    uint8_t depth{0};
    Fingerprint parent_fingerprint{};
    uint32_t child{0};
    util::Uint256 chain_code;
    crypto::PrivKey key;

    /// The master key of a seed (BIP32: HMAC-SHA512 with key "Bitcoin seed"). nullopt if the seed yields an
    /// invalid key (IL = 0 or ≥ n). BIP32 recommends 16 to 64 bytes; any length is accepted, as in Core.
    static std::optional<ExtKey> FromSeed(util::ByteSpan seed);
    /// Private child derivation CKDpriv (hardened or not); nullopt if the child key is invalid.
    std::optional<ExtKey> Derive(uint32_t index) const;
    /// The extended public key (BIP32's N()).
    ExtPubKey Neuter() const;
    /// The 74 serialized bytes: key data is 0x00 followed by the 32-byte secret.
    std::array<uint8_t, BIP32_EXTKEY_SIZE> Encode() const;
    /// Parses 74 bytes (Core's CExtKey::Decode): key data must be 0x00 ‖ a secret in [1, n-1], and a depth-0 key
    /// must have a zero parent fingerprint and child number. nullopt otherwise.
    static std::optional<ExtKey> Decode(util::ByteSpan code);
};

/// "xpub…"/"tpub…" (Core's EncodeExtPubKey).
std::string EncodeExtPubKey(const ExtPubKey& key, const script::AddressParams& params);
/// "xprv…"/"tprv…" (Core's EncodeExtKey).
std::string EncodeExtKey(const ExtKey& key, const script::AddressParams& params);
/// Decodes an extended public key of this network (Core's DecodeExtPubKey): valid base58check, 78 bytes,
/// the network's xpub version bytes and a valid payload; nullopt otherwise.
std::optional<ExtPubKey> DecodeExtPubKey(std::string_view str, const script::AddressParams& params);
/// Decodes an extended private key of this network (Core's DecodeExtKey).
std::optional<ExtKey> DecodeExtKey(std::string_view str, const script::AddressParams& params);

/// Parses a path such as "m/0'/1/2h" (Core's ParseHDKeypath): an optional leading "m", then elements that
/// are decimal numbers below 2^31 with an optional ' or h for hardened. nullopt on any malformed element.
std::optional<std::vector<uint32_t>> ParseHdKeypath(std::string_view path);
/// "/0'/1/2'" (or with h when `apostrophe` is false), as Core's FormatHDKeypath: no leading "m".
std::string FormatHdKeypath(const std::vector<uint32_t>& path, bool apostrophe);
/// "m" + FormatHdKeypath (Core's WriteHDKeypath).
std::string WriteHdKeypath(const std::vector<uint32_t>& path, bool apostrophe);

} // namespace hearth::wallet

#endif // HEARTH_WALLET_BIP32_H
