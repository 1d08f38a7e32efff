#ifndef HEARTH_SCRIPT_DESCRIPTOR_H
#define HEARTH_SCRIPT_DESCRIPTOR_H

// Output script descriptors, the part that needs no wallet: Core's descriptor checksum (BIP380) and the
// descriptor Core infers for a bare scriptPubKey when it knows no keys or scripts (InferDescriptor with
// an empty SigningProvider, as decoderawtransaction/decodescript/gettxout print in "desc").
//
// The wallet layer parses and expands descriptors with keys; it reuses the checksum from here.

#include <hearth/script/address.h>
#include <hearth/util/bytes.h>
#include <hearth/util/result.h>

#include <string>
#include <string_view>

namespace hearth::script {

/// The 8-character checksum of a descriptor without its "#…" suffix (Core's DescriptorChecksum, BIP380);
/// "" if `descriptor` has a character outside the descriptor character set.
std::string DescriptorChecksum(std::string_view descriptor);

/// `descriptor` + "#" + its checksum (Core's AddChecksum). `descriptor` must not already have one and
/// must use only descriptor characters.
std::string AddChecksum(std::string_view descriptor);

/// Splits off and checks a "#checksum" suffix with Core's CheckChecksum rules and messages: "Multiple '#'
/// symbols", "Missing checksum" (only if `require_checksum`), "Expected 8 character checksum, not N
/// characters", "Invalid characters in payload", "Provided checksum 'x' does not match computed checksum
/// 'y'". Returns the descriptor without the suffix (a view into `descriptor`).
util::Result<std::string_view> CheckChecksum(std::string_view descriptor, bool require_checksum);

/// The checksum of a descriptor given with or without a correct "#checksum" (Core's
/// GetDescriptorChecksum, used by getdescriptorinfo); "" if the checksum or the characters are invalid.
std::string GetDescriptorChecksum(std::string_view descriptor);

/// The descriptor Core infers for `script_pubkey` with no wallet knowledge (InferDescriptor with an empty
/// signing provider), checksum included:
///  - P2PK with a compressed or uncompressed (not hybrid) key: `pk(<hex key>)`;
///  - bare multisig whose keys are all compressed or uncompressed: `multi(k,<hex key>,…)`;
///  - P2TR whose output key is a valid x-only point: `rawtr(<hex x-only key>)`;
///  - anything else with an address (P2PKH, P2SH, P2WPKH, P2WSH, P2TR off the curve, pay-to-anchor,
///    unknown witness versions): `addr(<address>)`;
///  - everything else (OP_RETURN, nonstandard, hybrid-key P2PK/multisig): `raw(<hex script>)`.
/// Keys are printed as they appear in the script; only their encoding is checked, not that they lie on
/// the curve (as Core's InferPubkey), except taproot's x-only key, which Core parses.
std::string InferDescriptor(util::ByteSpan script_pubkey, const AddressParams& params);

} // namespace hearth::script

#endif // HEARTH_SCRIPT_DESCRIPTOR_H
