#ifndef HEARTH_CONSENSUS_TX_CHECK_H
#define HEARTH_CONSENSUS_TX_CHECK_H

// Transaction rules: context-free checks (Core's consensus/tx_check.cpp), finality and BIP68 sequence
// locks, signature-operation counting and the amount checks against the spent coins (Core's
// consensus/tx_verify.cpp). Spent coins arrive as plain data (SpentCoin), so the chain layer's UTXO view
// stays out of this layer.

#include <hearth/consensus/header_chain.h>
#include <hearth/consensus/validation_state.h>
#include <hearth/primitives/transaction.h>

#include <cstdint>
#include <span>
#include <vector>

namespace hearth::consensus {

/// Context-free transaction checks, in Core's order and with Core's reject reasons (all TX_CONSENSUS):
/// bad-txns-vin-empty, bad-txns-vout-empty, bad-txns-oversize (stripped size × 4 > 4M),
/// bad-txns-vout-negative, bad-txns-vout-toolarge, bad-txns-txouttotal-toolarge, bad-txns-inputs-duplicate,
/// bad-cb-length (coinbase scriptSig outside 2..100 bytes), bad-txns-prevout-null.
[[nodiscard]] bool CheckTransaction(const primitives::Transaction& tx, TxValidationState& state);

/// True if `tx` may be included in a block at `block_height` whose lock-time cutoff is `block_time` (the
/// block's time before CSV activation, the parent's median time past after; BIP113). A tx whose inputs all
/// have SEQUENCE_FINAL is final whatever its nLockTime.
bool IsFinalTx(const primitives::Transaction& tx, int block_height, int64_t block_time);

/// The BIP68 relative lock of a transaction: the last height and time at which it is still locked
/// (-1 = no constraint).
struct SequenceLocks {
    int min_height{-1};
    int64_t min_time{-1};
};

/// Computes BIP68 locks for `tx` included in a block at `block_height` whose parent is `chain`'s tip.
/// `prev_heights[i]` is the height of the block that created input i's coin (block_height for a coin created
/// in the same block, as the mempool treats unconfirmed parents). Inputs with the disable flag get
/// prev_heights[i] set to 0, as Core does. `flags` & LOCKTIME_VERIFY_SEQUENCE enables BIP68; without it, or
/// for tx version < 2 (compared unsigned), there is no lock.
SequenceLocks CalculateSequenceLocks(const primitives::Transaction& tx, unsigned flags, std::vector<int>& prev_heights,
                                     int block_height, const HeaderChainView& chain);

/// True if locks computed for a block at `block_height` are satisfied; `prev_median_time_past` is the median
/// time past of that block's parent.
bool EvaluateSequenceLocks(int block_height, int64_t prev_median_time_past, const SequenceLocks& locks);

/// CalculateSequenceLocks then EvaluateSequenceLocks against `chain`'s tip (the block's parent).
bool CheckSequenceLocks(const primitives::Transaction& tx, unsigned flags, std::vector<int>& prev_heights,
                        int block_height, const HeaderChainView& chain);

/// A coin a transaction spends, as CheckTxInputs and sigop counting need it. `script_pubkey` is a view; the
/// caller keeps the bytes alive during the call.
struct SpentCoin {
    primitives::Amount value{0};
    util::ByteSpan script_pubkey;
    /// Height of the block that created the coin.
    int height{0};
    bool is_coinbase{false};
};

/// Legacy signature operations in all scriptSigs and scriptPubKeys (inaccurate count: a CHECKMULTISIG is
/// 20), as CheckBlock limits them.
unsigned GetLegacySigOpCount(const primitives::Transaction& tx);

/// Signature operations in the redeem scripts of P2SH inputs (accurate count); 0 for a coinbase.
/// `coins[i]` is the coin `tx.vin[i]` spends.
unsigned GetP2SHSigOpCount(const primitives::Transaction& tx, std::span<const SpentCoin> coins);

/// BIP141 signature-operation cost: legacy × 4, P2SH × 4 (with SCRIPT_VERIFY_P2SH in `flags`), witness
/// sigops × 1 (with SCRIPT_VERIFY_WITNESS). A coinbase counts only its legacy sigops.
int64_t GetTransactionSigOpCost(const primitives::Transaction& tx, std::span<const SpentCoin> coins, uint32_t flags);

/// Checks `tx`'s inputs against the coins it spends (`coins[i]` for `tx.vin[i]`) when included at
/// `spend_height`, and sets `fee`. Reasons as Core: bad-txns-inputs-missingorspent (TX_MISSING_INPUTS; here:
/// coins.size() != vin.size(), the caller found a coin missing), bad-txns-premature-spend-of-coinbase
/// (TX_PREMATURE_SPEND; fewer than 100 confirmations), bad-txns-inputvalues-outofrange,
/// bad-txns-in-belowout, bad-txns-fee-outofrange (TX_CONSENSUS). Call after CheckTransaction.
[[nodiscard]] bool CheckTxInputs(const primitives::Transaction& tx, TxValidationState& state,
                                 std::span<const SpentCoin> coins, int spend_height, primitives::Amount& fee);

} // namespace hearth::consensus

#endif // HEARTH_CONSENSUS_TX_CHECK_H
