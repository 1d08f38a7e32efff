#ifndef HEARTH_SCRIPT_STANDARD_H
#define HEARTH_SCRIPT_STANDARD_H

// Standard output templates (Core's script/solver.h) and the text forms of scripts: the "asm" of
// decodescript/decoderawtransaction (Core's ScriptToAsmStr) and Core's test assembly (ParseScript).

#include <hearth/primitives/transaction.h>
#include <hearth/util/bytes.h>
#include <hearth/util/result.h>

#include <string>
#include <string_view>
#include <vector>

namespace hearth::script {

/// The template an output script matches.
enum class TxoutType {
    NONSTANDARD,
    // 'standard' types:
    ANCHOR, ///< pay-to-anchor, OP_1 <4e73>
    PUBKEY,
    PUBKEYHASH,
    SCRIPTHASH,
    MULTISIG,
    NULL_DATA, ///< unspendable OP_RETURN script that carries data
    WITNESS_V0_SCRIPTHASH,
    WITNESS_V0_KEYHASH,
    WITNESS_V1_TAPROOT,
    WITNESS_UNKNOWN, ///< only for witness versions not already defined above
};

/// Core's names: "nonstandard", "anchor", "pubkey", "pubkeyhash", "scripthash", "multisig", "nulldata",
/// "witness_v0_scripthash", "witness_v0_keyhash", "witness_v1_taproot", "witness_unknown".
std::string_view GetTxnOutputType(TxoutType type);

/// Matches `script_pubkey` against the standard templates (Core's Solver) and returns the parts:
///  - PUBKEY: the key; PUBKEYHASH/SCRIPTHASH: the 20-byte hash; WITNESS_V0_*, WITNESS_V1_TAPROOT: the program;
///  - MULTISIG: {m}, each key, {n} (single bytes); WITNESS_UNKNOWN: {version}, program;
///  - NONSTANDARD, NULL_DATA, ANCHOR: nothing.
TxoutType Solver(util::ByteSpan script_pubkey, std::vector<util::Bytes>& solutions);

/// The "asm" text of a script, exactly as Core's ScriptToAsmStr: pushes of up to 4 bytes as decimal script
/// numbers, longer ones as hex, opcodes by GetOpName, "[error]" for an undecodable tail. With
/// `attempt_sighash_decode` (scriptSigs, witness items) a push that is a strictly encoded signature shows
/// its hash type as "[ALL]", "[SINGLE|ANYONECANPAY]", … instead of the last byte.
std::string ScriptToAsmStr(util::ByteSpan script, bool attempt_sighash_decode = false);

/// Parses Core's test assembly (core_read.cpp ParseScript), as used by script_tests.json and the
/// tx_valid/tx_invalid vectors: opcode names with or without OP_ (OP_RESERVED and OP_NOP..OP_NOP10),
/// decimal numbers in ±0xffffffff (pushed as by PushInt), `0x..` raw bytes inserted as they are, and
/// `'text'` pushed as data. Words are separated by spaces, tabs or newlines.
util::Result<primitives::ScriptBytes> ParseScript(std::string_view text);

} // namespace hearth::script

#endif // HEARTH_SCRIPT_STANDARD_H
