#include <hearth/consensus/tx_check.h>

#include <hearth/consensus/consensus.h>
#include <hearth/script/script.h>
#include <hearth/script/verify_flags.h>
#include <hearth/util/check.h>

#include <algorithm>
#include <string>
#include <vector>

namespace hearth::consensus {

using primitives::Amount;
using primitives::MoneyRange;
using primitives::OutPoint;
using primitives::Transaction;
using primitives::TxIn;
using primitives::TxOut;

namespace {

// Core's FormatMoney for debug messages: "1.5" BTC as "1.50", at least two decimals, no grouping.
std::string FormatMoney(Amount n)
{
    const uint64_t abs = n < 0 ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
    std::string frac = std::to_string(abs % primitives::COIN);
    frac.insert(0, 8 - frac.size(), '0');
    while (frac.size() > 2 && frac.back() == '0') frac.pop_back();
    return (n < 0 ? "-" : "") + std::to_string(abs / primitives::COIN) + "." + frac;
}

} // namespace

bool CheckTransaction(const Transaction& tx, TxValidationState& state)
{
    if (tx.vin.empty()) return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-vin-empty");
    if (tx.vout.empty()) return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-vout-empty");
    // Size limit without the witness: its malleability has not been checked yet (Core).
    if (static_cast<int64_t>(primitives::GetStrippedSize(tx)) * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT) {
        return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-oversize");
    }

    // Negative or overflowing output values (CVE-2010-5139).
    Amount value_out = 0;
    for (const TxOut& out : tx.vout) {
        if (out.value < 0) return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-vout-negative");
        if (out.value > primitives::MAX_MONEY) {
            return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-vout-toolarge");
        }
        value_out += out.value;
        if (!MoneyRange(value_out)) {
            return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-txouttotal-toolarge");
        }
    }

    // Duplicate inputs (CVE-2018-17144): CheckTxInputs does not catch them, and spending one coin twice
    // would inflate the supply.
    if (tx.vin.size() > 1) {
        std::vector<const OutPoint*> prevouts;
        prevouts.reserve(tx.vin.size());
        for (const TxIn& in : tx.vin) prevouts.push_back(&in.prevout);
        std::sort(prevouts.begin(), prevouts.end(), [](const OutPoint* a, const OutPoint* b) { return *a < *b; });
        const auto dup = std::adjacent_find(prevouts.begin(), prevouts.end(),
                                            [](const OutPoint* a, const OutPoint* b) { return *a == *b; });
        if (dup != prevouts.end()) return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-inputs-duplicate");
    }

    if (tx.IsCoinBase()) {
        const size_t size = tx.vin[0].script_sig.size();
        if (size < 2 || size > 100) return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-cb-length");
    } else {
        for (const TxIn& in : tx.vin) {
            if (in.prevout.IsNull()) return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-prevout-null");
        }
    }
    return true;
}

bool IsFinalTx(const Transaction& tx, int block_height, int64_t block_time)
{
    if (tx.locktime == 0) return true;
    const int64_t cutoff = tx.locktime < LOCKTIME_THRESHOLD ? int64_t{block_height} : block_time;
    if (static_cast<int64_t>(tx.locktime) < cutoff) return true;
    // nLockTime is ignored when every input is final.
    return std::all_of(tx.vin.begin(), tx.vin.end(),
                       [](const TxIn& in) { return in.sequence == TxIn::SEQUENCE_FINAL; });
}

SequenceLocks CalculateSequenceLocks(const Transaction& tx, unsigned flags, std::vector<int>& prev_heights,
                                     int block_height, const HeaderChainView& chain)
{
    Assert(prev_heights.size() == tx.vin.size());
    SequenceLocks locks;
    // BIP68 applies to version ≥ 2, compared as unsigned as Core does (a "negative" version counts as large).
    const bool enforce_bip68 = static_cast<uint32_t>(tx.version) >= 2 && (flags & LOCKTIME_VERIFY_SEQUENCE);
    if (!enforce_bip68) return locks;

    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const uint32_t sequence = tx.vin[i].sequence;
        if (sequence & TxIn::SEQUENCE_LOCKTIME_DISABLE_FLAG) {
            // This input has no relative lock; Core zeroes its height so callers can tell.
            prev_heights[i] = 0;
            continue;
        }
        const int coin_height = prev_heights[i];
        const int64_t value = sequence & TxIn::SEQUENCE_LOCKTIME_MASK;
        if (sequence & TxIn::SEQUENCE_LOCKTIME_TYPE_FLAG) {
            // Time lock: measured from the median time past of the block before the coin's block, so that
            // it starts when the coin's block could first have been mined. The coin's block is at most the
            // block being checked, so its parent is within `chain`.
            Assert(coin_height <= block_height);
            const int64_t coin_time = chain.MedianTimePast(std::max(coin_height - 1, 0));
            locks.min_time = std::max(locks.min_time, coin_time + (value << TxIn::SEQUENCE_LOCKTIME_GRANULARITY) - 1);
        } else {
            locks.min_height = std::max(locks.min_height, coin_height + static_cast<int>(value) - 1);
        }
    }
    return locks;
}

bool EvaluateSequenceLocks(int block_height, int64_t prev_median_time_past, const SequenceLocks& locks)
{
    return !(locks.min_height >= block_height || locks.min_time >= prev_median_time_past);
}

bool CheckSequenceLocks(const Transaction& tx, unsigned flags, std::vector<int>& prev_heights, int block_height,
                        const HeaderChainView& chain)
{
    Assert(block_height == chain.TipHeight() + 1);
    const SequenceLocks locks = CalculateSequenceLocks(tx, flags, prev_heights, block_height, chain);
    return EvaluateSequenceLocks(block_height, chain.MedianTimePast(chain.TipHeight()), locks);
}

unsigned GetLegacySigOpCount(const Transaction& tx)
{
    unsigned sigops = 0;
    for (const TxIn& in : tx.vin) sigops += script::GetSigOpCount(in.script_sig, /*accurate=*/false);
    for (const TxOut& out : tx.vout) sigops += script::GetSigOpCount(out.script_pubkey, /*accurate=*/false);
    return sigops;
}

unsigned GetP2SHSigOpCount(const Transaction& tx, std::span<const SpentCoin> coins)
{
    if (tx.IsCoinBase()) return 0;
    Assert(coins.size() == tx.vin.size());
    unsigned sigops = 0;
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        if (script::IsPayToScriptHash(coins[i].script_pubkey)) {
            sigops += script::GetSigOpCount(coins[i].script_pubkey, tx.vin[i].script_sig);
        }
    }
    return sigops;
}

int64_t GetTransactionSigOpCost(const Transaction& tx, std::span<const SpentCoin> coins, uint32_t flags)
{
    int64_t cost = int64_t{GetLegacySigOpCount(tx)} * WITNESS_SCALE_FACTOR;
    if (tx.IsCoinBase()) return cost;
    Assert(coins.size() == tx.vin.size());
    if (flags & script::SCRIPT_VERIFY_P2SH) cost += int64_t{GetP2SHSigOpCount(tx, coins)} * WITNESS_SCALE_FACTOR;
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        cost += static_cast<int64_t>(
            script::CountWitnessSigOps(tx.vin[i].script_sig, coins[i].script_pubkey, &tx.vin[i].witness, flags));
    }
    return cost;
}

bool CheckTxInputs(const Transaction& tx, TxValidationState& state, std::span<const SpentCoin> coins, int spend_height,
                   Amount& fee)
{
    if (coins.size() != tx.vin.size()) {
        return state.Invalid(TxValidationResult::TX_MISSING_INPUTS, "bad-txns-inputs-missingorspent",
                             "CheckTxInputs: inputs missing/spent");
    }
    Amount value_in = 0;
    for (const SpentCoin& coin : coins) {
        if (coin.is_coinbase && spend_height - coin.height < COINBASE_MATURITY) {
            return state.Invalid(TxValidationResult::TX_PREMATURE_SPEND, "bad-txns-premature-spend-of-coinbase",
                                 "tried to spend coinbase at depth " + std::to_string(spend_height - coin.height));
        }
        // Negative or overflowing input values. Each coin is in range, so the sum cannot overflow before
        // it is checked.
        if (!MoneyRange(coin.value))
            return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-inputvalues-outofrange");
        value_in += coin.value;
        if (!MoneyRange(value_in))
            return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-inputvalues-outofrange");
    }

    const Amount value_out = tx.GetValueOut();
    if (value_in < value_out) {
        return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-in-belowout",
                             "value in (" + FormatMoney(value_in) + ") < value out (" + FormatMoney(value_out) + ")");
    }
    const Amount txfee = value_in - value_out;
    if (!MoneyRange(txfee)) return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-fee-outofrange");
    fee = txfee;
    return true;
}

} // namespace hearth::consensus
