#ifndef HEARTH_WALLET_DESCRIPTOR_H
#define HEARTH_WALLET_DESCRIPTOR_H

// Output script descriptors with keys (BIP380-386, Core's script/descriptor.cpp): parsing with Core's error
// messages, the canonical public string form, and expansion into scriptPubKeys at a derivation position.
//
// Supported: pk, pkh, wpkh, combo, multi, sortedmulti, sh(...), wsh(...), addr, raw, tr (key path, and script
// trees whose leaves are pk, pkh, multi_a or sortedmulti_a), rawtr, multi_a, sortedmulti_a; keys as hex
// (compressed, uncompressed, x-only inside tr), WIF, xpub/xprv with derivation paths, ranges /* and /*' (or
// /*h), multipath steps <a;b;...>, and key origins [fingerprint/path]. Miniscript fragments other than those
// listed are not (Core would parse them inside wsh() and tr()): they are reported as Core reports a string
// that is not a descriptor at all.
//
// The checksum itself (BIP380) lives in script/descriptor.h, which also infers descriptors from scripts.

#include <hearth/crypto/key.h>
#include <hearth/script/address.h>
#include <hearth/util/bytes.h>
#include <hearth/util/result.h>
#include <hearth/util/uint256.h>
#include <hearth/wallet/bip32.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::wallet {

/// A parsed descriptor (Core's Descriptor). Immutable; share it freely.
class Descriptor
{
public:
    virtual ~Descriptor() = default;

    /// Whether it expands to different scripts at different positions (a /* step somewhere).
    virtual bool IsRange() const = 0;
    /// Whether it describes how to spend its outputs (false only for addr() and raw(), as Core).
    virtual bool IsSolvable() const = 0;
    /// The canonical form without private keys, with its "#checksum" (Core's Descriptor::ToString): xprv
    /// keys become xpubs, WIF keys become hex public keys, addresses are re-encoded.
    std::string ToString() const;
    /// The form without checksum.
    virtual std::string ToStringNoChecksum() const = 0;
    /// The scriptPubKeys at derivation position `pos` (ignored when not ranged): one for most descriptors,
    /// two or four for combo() (P2PK, P2PKH, and for compressed keys P2WPKH and P2SH-P2WPKH). nullopt if a
    /// key cannot be derived: a hardened step below an xpub without its xprv, or an invalid child key.
    virtual std::optional<std::vector<util::Bytes>> Expand(uint32_t pos) const = 0;
};

/// The result of parsing a descriptor string.
struct ParsedDescriptor {
    /// One descriptor, or one per alternative of a multipath step <a;b;...>, in that order.
    std::vector<std::shared_ptr<const Descriptor>> descriptors;
    /// Private keys written in the string (WIF or xprv), by HASH160 of their compressed public key (the
    /// root key for an xprv). getdescriptorinfo's "hasprivatekeys" is whether this is non-empty.
    std::map<util::Uint160, crypto::PrivKey> keys;
};

/// Parses a descriptor (Core's Parse). A "#checksum" suffix is verified if present and required if
/// `require_checksum`. WIF keys, xpubs and xprvs are read with `params` (this network's prefixes). The error
/// is Core's message ("pkh(): key 'x' is not valid", "Missing checksum", …); like Core, it is empty when
/// the string has trailing characters after a complete expression.
util::Result<ParsedDescriptor> ParseDescriptor(std::string_view descriptor, const script::AddressParams& params,
                                               bool require_checksum);

} // namespace hearth::wallet

#endif // HEARTH_WALLET_DESCRIPTOR_H
