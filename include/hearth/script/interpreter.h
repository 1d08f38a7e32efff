#ifndef HEARTH_SCRIPT_INTERPRETER_H
#define HEARTH_SCRIPT_INTERPRETER_H

// The script interpreter, as Bitcoin Core's script/interpreter.h: EvalScript runs one script on a stack,
// VerifyScript checks a whole spend (scriptSig, scriptPubKey, P2SH, witness v0, taproot key and script
// paths). Signatures and lock times are checked through a BaseSignatureChecker, so the interpreter itself
// knows nothing about transactions; TransactionSignatureChecker (sighash.h) is the real one.

#include <hearth/primitives/transaction.h>
#include <hearth/script/script.h>
#include <hearth/script/script_error.h>
#include <hearth/script/verify_flags.h>
#include <hearth/util/bytes.h>
#include <hearth/util/uint256.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace hearth::script {

// Signature hash types (the last byte of an ECDSA signature, optional 65th byte of a Schnorr signature).
constexpr int SIGHASH_ALL = 1;
constexpr int SIGHASH_NONE = 2;
constexpr int SIGHASH_SINGLE = 3;
constexpr int SIGHASH_ANYONECANPAY = 0x80;
/// BIP341: Taproot only; implied when the signature has no hash type byte; means SIGHASH_ALL.
constexpr int SIGHASH_DEFAULT = 0;
constexpr int SIGHASH_OUTPUT_MASK = 3;
constexpr int SIGHASH_INPUT_MASK = 0x80;

// BIP141/BIP341 program sizes and taproot constants.
constexpr size_t WITNESS_V0_SCRIPTHASH_SIZE = 32;
constexpr size_t WITNESS_V0_KEYHASH_SIZE = 20;
constexpr size_t WITNESS_V1_TAPROOT_SIZE = 32;
constexpr uint8_t TAPROOT_LEAF_MASK = 0xfe;
constexpr uint8_t TAPROOT_LEAF_TAPSCRIPT = 0xc0;
constexpr size_t TAPROOT_CONTROL_BASE_SIZE = 33;
constexpr size_t TAPROOT_CONTROL_NODE_SIZE = 32;
constexpr size_t TAPROOT_CONTROL_MAX_NODE_COUNT = 128;
constexpr size_t TAPROOT_CONTROL_MAX_SIZE =
    TAPROOT_CONTROL_BASE_SIZE + TAPROOT_CONTROL_NODE_SIZE * TAPROOT_CONTROL_MAX_NODE_COUNT;
/// BIP341: a last witness item starting with this byte (with at least two items) is the annex.
constexpr uint8_t ANNEX_TAG = 0x50;

/// Which rules a script runs under (and which signature hash it signs).
enum class SigVersion {
    BASE,       ///< bare scriptPubKey / P2SH redeem script
    WITNESS_V0, ///< BIP141/143 P2WPKH and P2WSH
    TAPROOT,    ///< BIP341 key path (no script runs)
    TAPSCRIPT,  ///< BIP342 leaf version 0xc0 script path
};

/// Per-input data for BIP341/342 signature hashes, filled in while a witness is verified.
struct ScriptExecutionData {
    /// Hash of the tapleaf being executed (script path only).
    bool tapleaf_hash_init{false};
    util::Uint256 tapleaf_hash;

    /// Opcode position of the last executed OP_CODESEPARATOR (0xffffffff if none).
    bool codeseparator_pos_init{false};
    uint32_t codeseparator_pos{0};

    /// Whether an annex is present and SHA256 of its compact-size-prefixed serialization.
    bool annex_init{false};
    bool annex_present{false};
    util::Uint256 annex_hash;

    /// BIP342 signature-operation budget left (witness size + 50, minus 50 per executed signature).
    bool validation_weight_left_init{false};
    int64_t validation_weight_left{0};

    /// Cached SHA256 of the output at the input's index, for SIGHASH_SINGLE (computed on first use).
    std::optional<util::Uint256> output_hash;
};

/// What the interpreter needs from the transaction: signature and lock-time checks. The default
/// implementation fails everything (for evaluating scripts without a transaction).
class BaseSignatureChecker
{
public:
    virtual ~BaseSignatureChecker() = default;

    /// ECDSA signature check for BASE/WITNESS_V0. `sig` includes the hash type byte; `script_code` is the
    /// script being signed (already past the last OP_CODESEPARATOR, signatures removed for BASE).
    virtual bool CheckECDSASignature(util::ByteSpan sig, util::ByteSpan pubkey, util::ByteSpan script_code,
                                     SigVersion sigversion) const;

    /// BIP340 signature check for TAPROOT/TAPSCRIPT; `pubkey` is 32 bytes. On failure sets `error` (size,
    /// hash type or signature).
    virtual bool CheckSchnorrSignature(util::ByteSpan sig, util::ByteSpan pubkey, SigVersion sigversion,
                                       ScriptExecutionData& execdata, ScriptError* error) const;

    /// BIP65: true if the transaction's nLockTime satisfies `lock_time`.
    virtual bool CheckLockTime(const ScriptNum& lock_time) const;
    /// BIP112: true if the input's nSequence satisfies `sequence`.
    virtual bool CheckSequence(const ScriptNum& sequence) const;
};

/// A stack element.
using StackItem = util::Bytes;
using Stack = std::vector<StackItem>;

/// Core's CheckSignatureEncoding: under DERSIG/LOW_S/STRICTENC, an ECDSA signature (with hash type byte)
/// must be strict DER, low-S and of a defined hash type; empty signatures always pass. Sets `*error`.
bool CheckSignatureEncoding(util::ByteSpan sig, ScriptFlags flags, ScriptError* error);

/// Script truth: any non-zero byte, except a lone sign bit in the last byte (negative zero).
bool CastToBool(util::ByteSpan value);

/// Runs `script` on `stack` under `flags` (Core's EvalScript). On failure returns false and sets `*error`
/// (if given); on success `*error` is OK. `sigversion` must not be TAPROOT.
bool EvalScript(Stack& stack, util::ByteSpan script, ScriptFlags flags, const BaseSignatureChecker& checker,
                SigVersion sigversion, ScriptExecutionData& execdata, ScriptError* error = nullptr);
bool EvalScript(Stack& stack, util::ByteSpan script, ScriptFlags flags, const BaseSignatureChecker& checker,
                SigVersion sigversion, ScriptError* error = nullptr);

/// Verifies a spend (Core's VerifyScript): runs `script_sig` then `script_pubkey`, then the P2SH redeem
/// script and/or witness program as `flags` enable. `witness` may be null (no witness).
///
/// `flags` must satisfy Core's invariants: WITNESS requires P2SH, and CLEANSTACK requires both (see
/// IsValidFlagCombination); Core aborts on a violation, Hearth fails with UNKNOWN_ERROR.
bool VerifyScript(util::ByteSpan script_sig, util::ByteSpan script_pubkey, const primitives::Witness* witness,
                  ScriptFlags flags, const BaseSignatureChecker& checker, ScriptError* error = nullptr);

/// True if `flags` meets VerifyScript's invariants (WITNESS ⇒ P2SH, CLEANSTACK ⇒ P2SH and WITNESS).
bool IsValidFlagCombination(ScriptFlags flags);

/// BIP341 tapleaf hash: TaggedHash("TapLeaf", leaf_version ‖ compact-size(script) ‖ script).
util::Uint256 ComputeTapleafHash(uint8_t leaf_version, util::ByteSpan script);
/// BIP341 tapbranch hash of two child hashes, ordered lexicographically.
util::Uint256 ComputeTapbranchHash(util::ByteSpan a, util::ByteSpan b);
/// BIP341: the merkle root reached from `tapleaf_hash` through the path in a (size-checked) control block.
util::Uint256 ComputeTaprootMerkleRoot(util::ByteSpan control, const util::Uint256& tapleaf_hash);

} // namespace hearth::script

#endif // HEARTH_SCRIPT_INTERPRETER_H
