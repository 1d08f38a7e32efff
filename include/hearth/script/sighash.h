#ifndef HEARTH_SCRIPT_SIGHASH_H
#define HEARTH_SCRIPT_SIGHASH_H

// Signature hashes and the transaction signature checker (Core's SignatureHash, SignatureHashSchnorr,
// PrecomputedTransactionData and GenericTransactionSignatureChecker in script/interpreter.*).
//
// Three schemes: legacy (the transaction re-serialized per input, with the SIGHASH_SINGLE bug and
// OP_CODESEPARATOR removal), BIP143 (witness v0) and BIP341/342 (taproot). The BIP143 and BIP341
// sub-hashes over all inputs/outputs are computed once per transaction in PrecomputedTransactionData,
// so a transaction with N inputs hashes O(N) bytes in total for those schemes.

#include <hearth/crypto/key.h>
#include <hearth/primitives/transaction.h>
#include <hearth/script/interpreter.h>
#include <hearth/util/uint256.h>

#include <cstdint>
#include <span>
#include <vector>

namespace hearth::script {

/// Per-transaction hashes shared by every input's signature hash. Fill once with Init, then share
/// read-only between threads checking different inputs.
struct PrecomputedTransactionData {
    // BIP341: single SHA256 of prevouts, sequences, outputs, spent amounts and spent scripts.
    util::Uint256 prevouts_single_hash;
    util::Uint256 sequences_single_hash;
    util::Uint256 outputs_single_hash;
    util::Uint256 spent_amounts_single_hash;
    util::Uint256 spent_scripts_single_hash;
    bool bip341_taproot_ready{false};

    // BIP143: the same three transaction hashes, double SHA256.
    util::Uint256 hash_prevouts;
    util::Uint256 hash_sequence;
    util::Uint256 hash_outputs;
    bool bip143_segwit_ready{false};

    /// The outputs the inputs spend, one per input (needed for BIP341).
    std::vector<primitives::TxOut> spent_outputs;
    bool spent_outputs_ready{false};

    PrecomputedTransactionData() = default;
    /// Init(tx, {}).
    explicit PrecomputedTransactionData(const primitives::Transaction& tx);

    /// Computes what `tx`'s inputs will need, as Core: BIP143 hashes if any input has a witness that is
    /// not a known taproot spend, BIP341 hashes if a witness input spends a 34-byte OP_1 output and
    /// `spent_outputs` (empty, or one per input) is given; everything if `force`.
    template <typename Tx>
    void Init(const Tx& tx, std::vector<primitives::TxOut> spent_outputs, bool force = false);
};

/// Legacy and BIP143 signature hash (Core's SignatureHash). `hash_type` is the full 32-bit value appended
/// to the preimage (only its low byte is on the wire). For BASE, `script_code` is serialized without its
/// OP_CODESEPARATORs, and SIGHASH_SINGLE without a matching output returns the hash 1 (Core's bug, kept
/// by consensus). `cache` (may be null) supplies precomputed BIP143 hashes.
template <typename Tx>
util::Uint256 SignatureHash(util::ByteSpan script_code, const Tx& tx, unsigned n_in, int32_t hash_type,
                            primitives::Amount amount, SigVersion sigversion,
                            const PrecomputedTransactionData* cache = nullptr);

/// BIP341/342 signature message hash (Core's SignatureHashSchnorr). False if `hash_type` is not one of
/// 0x00-0x03, 0x81-0x83, if SIGHASH_SINGLE has no matching output, or if `cache` lacks the BIP341 data.
template <typename Tx>
bool SignatureHashSchnorr(util::Uint256& hash_out, ScriptExecutionData& execdata, const Tx& tx, uint32_t in_pos,
                          uint8_t hash_type, SigVersion sigversion, const PrecomputedTransactionData& cache);

/// Checks signatures against input `n_in` of a transaction spending `amount`.
class TransactionSignatureChecker : public BaseSignatureChecker
{
public:
    /// Without precomputed data: BIP143 hashes are computed per signature, and taproot spends fail (their
    /// hash needs every spent output).
    TransactionSignatureChecker(const primitives::Transaction& tx, unsigned n_in, primitives::Amount amount);
    /// With precomputed data (must outlive the checker).
    TransactionSignatureChecker(const primitives::Transaction& tx, unsigned n_in, primitives::Amount amount,
                                const PrecomputedTransactionData& txdata);

    bool CheckECDSASignature(util::ByteSpan sig, util::ByteSpan pubkey, util::ByteSpan script_code,
                             SigVersion sigversion) const override;
    bool CheckSchnorrSignature(util::ByteSpan sig, util::ByteSpan pubkey, SigVersion sigversion,
                               ScriptExecutionData& execdata, ScriptError* error) const override;
    bool CheckLockTime(const ScriptNum& lock_time) const override;
    bool CheckSequence(const ScriptNum& sequence) const override;

protected:
    /// The curve operations, separated so a cache can wrap them (sigcache.h).
    virtual bool VerifyECDSASignature(util::ByteSpan sig_der, const crypto::PubKey& pubkey,
                                      const util::Uint256& sighash) const;
    virtual bool VerifySchnorrSignature(util::ByteSpan sig64, const crypto::XOnlyPubKey& pubkey,
                                        const util::Uint256& sighash) const;

private:
    const primitives::Transaction& m_tx;
    const unsigned m_in;
    const primitives::Amount m_amount;
    const PrecomputedTransactionData* m_txdata{nullptr};
};

/// Verifies input `index` of `tx`, which spends `spent_outputs` (one per input, in input order), under
/// `flags`: the one-call API for tools such as `hearth-tx verify`. `txdata` may be given to share the
/// per-transaction hashes between inputs; otherwise they are computed here. Returns ScriptError::OK on
/// success. Inputs out of range, a spent-output count that does not match, or flags that break
/// VerifyScript's invariants give UNKNOWN_ERROR.
ScriptError VerifyInput(const primitives::Transaction& tx, std::span<const primitives::TxOut> spent_outputs,
                        size_t index, ScriptFlags flags, const PrecomputedTransactionData* txdata = nullptr);

} // namespace hearth::script

#endif // HEARTH_SCRIPT_SIGHASH_H
