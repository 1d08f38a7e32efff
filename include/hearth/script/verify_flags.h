#ifndef HEARTH_SCRIPT_VERIFY_FLAGS_H
#define HEARTH_SCRIPT_VERIFY_FLAGS_H

// Script verification flags: Core's SCRIPT_VERIFY_* bits (same values, same names), and parsing/printing
// of Core's comma-separated flag names.

#include <hearth/util/result.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::script {

/// A set of SCRIPT_VERIFY_* bits.
using ScriptFlags = uint32_t;

constexpr ScriptFlags SCRIPT_VERIFY_NONE = 0;
/// BIP16: evaluate P2SH redeem scripts.
constexpr ScriptFlags SCRIPT_VERIFY_P2SH = 1U << 0;
/// Strict signature/public key encodings (BIP62 parts; policy): defined hash types, DER, valid pubkey
/// formats.
constexpr ScriptFlags SCRIPT_VERIFY_STRICTENC = 1U << 1;
/// BIP66: strict DER signatures.
constexpr ScriptFlags SCRIPT_VERIFY_DERSIG = 1U << 2;
/// BIP62 rule 5 (policy): S ≤ n/2.
constexpr ScriptFlags SCRIPT_VERIFY_LOW_S = 1U << 3;
/// BIP147: CHECKMULTISIG's dummy element must be empty.
constexpr ScriptFlags SCRIPT_VERIFY_NULLDUMMY = 1U << 4;
/// BIP62 rule 2 (policy): scriptSig must be push-only.
constexpr ScriptFlags SCRIPT_VERIFY_SIGPUSHONLY = 1U << 5;
/// BIP62 rules 3 and 4 (policy): minimal pushes and minimal script numbers.
constexpr ScriptFlags SCRIPT_VERIFY_MINIMALDATA = 1U << 6;
/// Policy: OP_NOP1, OP_NOP4..OP_NOP10 fail (reserved for soft forks).
constexpr ScriptFlags SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS = 1U << 7;
/// BIP62 rule 6 (policy; consensus for witness scripts): exactly one stack element left.
constexpr ScriptFlags SCRIPT_VERIFY_CLEANSTACK = 1U << 8;
/// BIP65: OP_CHECKLOCKTIMEVERIFY.
constexpr ScriptFlags SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY = 1U << 9;
/// BIP112: OP_CHECKSEQUENCEVERIFY.
constexpr ScriptFlags SCRIPT_VERIFY_CHECKSEQUENCEVERIFY = 1U << 10;
/// BIP141/143: segregated witness.
constexpr ScriptFlags SCRIPT_VERIFY_WITNESS = 1U << 11;
/// Policy: unknown witness versions fail.
constexpr ScriptFlags SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM = 1U << 12;
/// Policy (consensus in tapscript): OP_IF/NOTIF argument must be empty or exactly 0x01.
constexpr ScriptFlags SCRIPT_VERIFY_MINIMALIF = 1U << 13;
/// BIP146 (policy): failing signature checks must have empty signatures.
constexpr ScriptFlags SCRIPT_VERIFY_NULLFAIL = 1U << 14;
/// Policy: witness v0 public keys must be compressed.
constexpr ScriptFlags SCRIPT_VERIFY_WITNESS_PUBKEYTYPE = 1U << 15;
/// Policy: no OP_CODESEPARATOR and no FindAndDelete match in legacy scripts.
constexpr ScriptFlags SCRIPT_VERIFY_CONST_SCRIPTCODE = 1U << 16;
/// BIP341/342: taproot and tapscript.
constexpr ScriptFlags SCRIPT_VERIFY_TAPROOT = 1U << 17;
/// Policy: unknown taproot leaf versions fail.
constexpr ScriptFlags SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION = 1U << 18;
/// Policy: OP_SUCCESSx fail.
constexpr ScriptFlags SCRIPT_VERIFY_DISCOURAGE_OP_SUCCESS = 1U << 19;
/// Policy: tapscript public keys of unknown type (not 32 bytes, not empty) fail.
constexpr ScriptFlags SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_PUBKEYTYPE = 1U << 20;
/// One past the highest flag bit.
constexpr int SCRIPT_VERIFY_FLAG_BITS = 21;

/// The consensus flags of today's blocks (Core's MANDATORY_SCRIPT_VERIFY_FLAGS; what hearth-tx calls
/// "consensus").
constexpr ScriptFlags CONSENSUS_SCRIPT_VERIFY_FLAGS =
    SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_NULLDUMMY | SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY |
    SCRIPT_VERIFY_CHECKSEQUENCEVERIFY | SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_TAPROOT;

/// Core's STANDARD_SCRIPT_VERIFY_FLAGS (policy/policy.h): what the mempool checks.
constexpr ScriptFlags STANDARD_SCRIPT_VERIFY_FLAGS =
    CONSENSUS_SCRIPT_VERIFY_FLAGS | SCRIPT_VERIFY_STRICTENC | SCRIPT_VERIFY_MINIMALDATA |
    SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS | SCRIPT_VERIFY_CLEANSTACK | SCRIPT_VERIFY_MINIMALIF |
    SCRIPT_VERIFY_NULLFAIL | SCRIPT_VERIFY_LOW_S | SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM |
    SCRIPT_VERIFY_WITNESS_PUBKEYTYPE | SCRIPT_VERIFY_CONST_SCRIPTCODE |
    SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION | SCRIPT_VERIFY_DISCOURAGE_OP_SUCCESS |
    SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_PUBKEYTYPE;

/// Core's name of a single flag bit ("P2SH", "CHECKLOCKTIMEVERIFY", …); "" for an unknown bit.
std::string_view ScriptFlagName(ScriptFlags flag);

/// Parses Core's comma-separated flag names ("P2SH,WITNESS"; "" and "NONE" are no flags). Also accepts the
/// whole-set names "consensus" and "standard", alone or in the list. Unknown names are an error.
util::Result<ScriptFlags> ParseScriptFlags(std::string_view names);

/// The names of the set bits in bit order, joined with "," (Core's FormatScriptFlags); "" for none.
/// Unknown bits are printed as "0x…".
std::string FormatScriptFlags(ScriptFlags flags);

} // namespace hearth::script

#endif // HEARTH_SCRIPT_VERIFY_FLAGS_H
