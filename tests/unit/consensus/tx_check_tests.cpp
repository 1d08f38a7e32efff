#include <hearth/consensus/tx_check.h>

#include <hearth/consensus/consensus.h>
#include <hearth/script/script.h>
#include <hearth/script/verify_flags.h>

#include "test_chains.h"
#include "testutil/vectors.h"

#include <gtest/gtest.h>

namespace hearth::consensus {
namespace {

using primitives::Amount;
using primitives::COIN;
using primitives::Hash256;
using primitives::MAX_MONEY;
using primitives::MutableTransaction;
using primitives::OutPoint;
using primitives::Transaction;
using primitives::TxIn;
using primitives::TxOut;
using testutil::Hex;

Hash256 SomeHash(uint8_t b)
{
    Hash256 h;
    h[0] = b;
    h[31] = 0x42;
    return h;
}

MutableTransaction ValidTx()
{
    MutableTransaction tx;
    tx.version = 2;
    TxIn in;
    in.prevout = OutPoint{SomeHash(1), 0};
    in.script_sig = {script::OP_1};
    tx.vin.push_back(in);
    tx.vout.push_back(TxOut{50'000, {script::OP_1}});
    return tx;
}

MutableTransaction Coinbase(size_t script_sig_size)
{
    MutableTransaction tx;
    tx.version = 1;
    TxIn in; // null prevout
    in.script_sig.assign(script_sig_size, script::OP_1);
    tx.vin.push_back(in);
    tx.vout.push_back(TxOut{50 * COIN, {script::OP_1}});
    return tx;
}

std::string Reject(const MutableTransaction& mtx)
{
    const Transaction tx{mtx};
    TxValidationState state;
    const bool ok = CheckTransaction(tx, state);
    EXPECT_EQ(ok, state.IsValid());
    if (ok) return "valid";
    EXPECT_TRUE(state.IsInvalid());
    EXPECT_EQ(state.GetResult(), TxValidationResult::TX_CONSENSUS);
    return state.GetRejectReason();
}

TEST(CheckTransactionTest, AcceptsValidTransactions)
{
    EXPECT_EQ(Reject(ValidTx()), "valid");
    EXPECT_EQ(Reject(Coinbase(2)), "valid");
    EXPECT_EQ(Reject(Coinbase(100)), "valid");
}

TEST(CheckTransactionTest, RejectsNoInputs)
{
    MutableTransaction tx = ValidTx();
    tx.vin.clear();
    EXPECT_EQ(Reject(tx), "bad-txns-vin-empty");
}

TEST(CheckTransactionTest, RejectsNoOutputs)
{
    MutableTransaction tx = ValidTx();
    tx.vout.clear();
    EXPECT_EQ(Reject(tx), "bad-txns-vout-empty");
}

TEST(CheckTransactionTest, RejectsOversizeWithoutCountingWitness)
{
    // Stripped size × 4 > 4,000,000: an output script making the tx just over 1,000,000 bytes.
    MutableTransaction tx = ValidTx();
    const size_t base = primitives::SerializeTransaction(tx, primitives::TxWitnessMode::WITHOUT).size();
    // Grow the script to about the limit, then trim to exactly 1,000,000 bytes (allowed); one more byte is not.
    tx.vout[0].script_pubkey.resize(1'000'000 - base + 2);
    const auto size = [&] { return primitives::SerializeTransaction(tx, primitives::TxWitnessMode::WITHOUT).size(); };
    while (size() > 1'000'000) tx.vout[0].script_pubkey.pop_back();
    ASSERT_EQ(size(), 1'000'000u);
    EXPECT_EQ(Reject(tx), "valid");
    tx.vout[0].script_pubkey.push_back(script::OP_1);
    EXPECT_EQ(Reject(tx), "bad-txns-oversize");

    // A large witness does not count here (its malleability is not known yet).
    MutableTransaction witness_tx = ValidTx();
    witness_tx.vin[0].witness = {util::Bytes(1'500'000, 0x01)};
    EXPECT_EQ(Reject(witness_tx), "valid");
}

TEST(CheckTransactionTest, RejectsNegativeOutput)
{
    MutableTransaction tx = ValidTx();
    tx.vout[0].value = -1;
    EXPECT_EQ(Reject(tx), "bad-txns-vout-negative");
}

TEST(CheckTransactionTest, RejectsOutputAboveMaxMoney)
{
    MutableTransaction tx = ValidTx();
    tx.vout[0].value = MAX_MONEY;
    EXPECT_EQ(Reject(tx), "valid");
    tx.vout[0].value = MAX_MONEY + 1;
    EXPECT_EQ(Reject(tx), "bad-txns-vout-toolarge");
}

TEST(CheckTransactionTest, RejectsOutputTotalAboveMaxMoney)
{
    MutableTransaction tx = ValidTx();
    tx.vout = {TxOut{MAX_MONEY, {script::OP_1}}, TxOut{1, {script::OP_1}}};
    EXPECT_EQ(Reject(tx), "bad-txns-txouttotal-toolarge");
}

TEST(CheckTransactionTest, RejectsDuplicateInputs)
{
    MutableTransaction tx = ValidTx();
    tx.vin.push_back(tx.vin[0]);
    tx.vin[1].script_sig = {script::OP_2}; // different scriptSig, same outpoint
    EXPECT_EQ(Reject(tx), "bad-txns-inputs-duplicate");
    // Same txid, another index: fine.
    tx.vin[1].prevout.n = 1;
    EXPECT_EQ(Reject(tx), "valid");
    // Duplicates far apart in a longer list are found too.
    MutableTransaction many = ValidTx();
    for (uint32_t i = 1; i < 50; ++i)
        many.vin.push_back(TxIn{OutPoint{SomeHash(static_cast<uint8_t>(i + 1)), i}, {}, 0, {}});
    many.vin.push_back(many.vin[3]);
    EXPECT_EQ(Reject(many), "bad-txns-inputs-duplicate");
}

TEST(CheckTransactionTest, RejectsCoinbaseScriptSigOutsideTwoToHundredBytes)
{
    EXPECT_EQ(Reject(Coinbase(1)), "bad-cb-length");
    EXPECT_EQ(Reject(Coinbase(101)), "bad-cb-length");
}

TEST(CheckTransactionTest, RejectsNullPrevoutOutsideCoinbase)
{
    MutableTransaction tx = ValidTx();
    tx.vin.push_back(TxIn{}); // null prevout, but two inputs: not a coinbase
    EXPECT_EQ(Reject(tx), "bad-txns-prevout-null");
}

TEST(CheckTransactionTest, ChecksInCoreOrder)
{
    // Negative output and duplicate inputs: outputs are checked first.
    MutableTransaction tx = ValidTx();
    tx.vin.push_back(tx.vin[0]);
    tx.vout[0].value = -5;
    EXPECT_EQ(Reject(tx), "bad-txns-vout-negative");
    // No inputs and no outputs: inputs first.
    MutableTransaction empty;
    EXPECT_EQ(Reject(empty), "bad-txns-vin-empty");
}

TEST(CheckTransactionTest, CoreTxInvalidBadTxRows)
{
    // Every row of Core's tx_invalid.json marked BADTX fails CheckTransaction, with the reason its comment
    // names.
    const std::vector<std::string> expected = {
        "bad-txns-vout-empty",       "bad-txns-vout-negative", "bad-txns-vout-toolarge", "bad-txns-txouttotal-toolarge",
        "bad-txns-inputs-duplicate", "bad-cb-length",          "bad-cb-length",          "bad-txns-prevout-null",
        "bad-txns-prevout-null"};
    size_t n = 0;
    for (const auto& row : testutil::ReadJsonVector("tx_invalid.json")) {
        if (!row[0].is_array() || row[2].get<std::string>().find("BADTX") == std::string::npos) continue;
        auto tx = primitives::DecodeTransaction(Hex(row[1].get<std::string>()));
        ASSERT_TRUE(tx) << tx.error();
        TxValidationState state;
        EXPECT_FALSE(CheckTransaction(**tx, state)) << row[1];
        ASSERT_LT(n, expected.size());
        EXPECT_EQ(state.GetRejectReason(), expected[n]) << row[1];
        ++n;
    }
    EXPECT_EQ(n, expected.size());
}

TEST(CheckTransactionTest, CoreTxValidRowsPass)
{
    size_t n = 0;
    for (const auto& row : testutil::ReadJsonVector("tx_valid.json")) {
        if (!row[0].is_array()) continue;
        auto tx = primitives::DecodeTransaction(Hex(row[1].get<std::string>()));
        ASSERT_TRUE(tx) << tx.error();
        TxValidationState state;
        EXPECT_TRUE(CheckTransaction(**tx, state)) << state.ToString() << " " << row[1];
        ++n;
    }
    EXPECT_EQ(n, 121u);
}

// ------------------------------------------------------------------------------------------ finality

TEST(IsFinalTxTest, LockTimeRules)
{
    MutableTransaction tx = ValidTx();
    tx.vin[0].sequence = 0;
    tx.locktime = 0;
    EXPECT_TRUE(IsFinalTx(Transaction{tx}, 1, 0));
    // Height lock: final strictly after the lock height.
    tx.locktime = 100;
    EXPECT_FALSE(IsFinalTx(Transaction{tx}, 100, 2'000'000'000));
    EXPECT_TRUE(IsFinalTx(Transaction{tx}, 101, 0));
    // Time lock (≥ 500,000,000): compared with the block time / cutoff.
    tx.locktime = LOCKTIME_THRESHOLD;
    EXPECT_FALSE(IsFinalTx(Transaction{tx}, 1'000'000, LOCKTIME_THRESHOLD));
    EXPECT_TRUE(IsFinalTx(Transaction{tx}, 0, LOCKTIME_THRESHOLD + 1));
    tx.locktime = LOCKTIME_THRESHOLD - 1; // still a height
    EXPECT_FALSE(IsFinalTx(Transaction{tx}, LOCKTIME_THRESHOLD - 1, 2'000'000'000));
    EXPECT_TRUE(IsFinalTx(Transaction{tx}, LOCKTIME_THRESHOLD, 0));
    // All inputs final: lock time ignored.
    tx.locktime = 0xffffffff;
    tx.vin[0].sequence = TxIn::SEQUENCE_FINAL;
    EXPECT_TRUE(IsFinalTx(Transaction{tx}, 1, 1));
    tx.vin.push_back(TxIn{OutPoint{SomeHash(9), 0}, {}, TxIn::SEQUENCE_FINAL - 1, {}});
    EXPECT_FALSE(IsFinalTx(Transaction{tx}, 1, 1));
}

// ------------------------------------------------------------------------------------- sequence locks

// A chain of `n` blocks whose block h has time 1,000,000 + 100·h, so MTP(h) = time(max(h − 5, 0)).
test::VectorChain TimedChain(int n)
{
    test::VectorChain c;
    for (int h = 0; h < n; ++h)
        c.headers.push_back(ChainHeader{4, 1'000'000u + 100u * static_cast<uint32_t>(h), 0x207fffff});
    return c;
}

TEST(SequenceLocksTest, MedianTimePastOfChain)
{
    const test::VectorChain c = TimedChain(30);
    EXPECT_EQ(c.MedianTimePast(0), 1'000'000);
    EXPECT_EQ(c.MedianTimePast(1), 1'000'100); // two times: the upper one
    EXPECT_EQ(c.MedianTimePast(10), 1'000'500);
    EXPECT_EQ(c.MedianTimePast(20), 1'001'500);
    // Unsorted times: the median, not the middle one.
    test::VectorChain u;
    for (uint32_t t : {5u, 1u, 9u, 3u, 7u}) u.headers.push_back(ChainHeader{1, t, 0});
    EXPECT_EQ(u.MedianTimePast(4), 5);
}

TEST(SequenceLocksTest, HeightLock)
{
    const test::VectorChain chain = TimedChain(120);
    MutableTransaction tx = ValidTx();
    tx.vin[0].sequence = 10; // 10 blocks after the coin's block
    std::vector<int> heights{100};
    const SequenceLocks locks = CalculateSequenceLocks(Transaction{tx}, LOCKTIME_VERIFY_SEQUENCE, heights, 120, chain);
    EXPECT_EQ(locks.min_height, 109);
    EXPECT_EQ(locks.min_time, -1);
    EXPECT_FALSE(EvaluateSequenceLocks(109, 0, locks));
    EXPECT_TRUE(EvaluateSequenceLocks(110, 0, locks));
    // Bits outside the flags and the 16-bit value are ignored.
    tx.vin[0].sequence = 0x003f000a;
    EXPECT_EQ(CalculateSequenceLocks(Transaction{tx}, LOCKTIME_VERIFY_SEQUENCE, heights, 120, chain).min_height, 109);
}

TEST(SequenceLocksTest, TimeLockCountsFromParentOfCoinBlock)
{
    const test::VectorChain chain = TimedChain(120);
    MutableTransaction tx = ValidTx();
    tx.vin[0].sequence = TxIn::SEQUENCE_LOCKTIME_TYPE_FLAG | 2; // 2 × 512 s
    std::vector<int> heights{100};
    const SequenceLocks locks = CalculateSequenceLocks(Transaction{tx}, LOCKTIME_VERIFY_SEQUENCE, heights, 120, chain);
    EXPECT_EQ(locks.min_height, -1);
    EXPECT_EQ(locks.min_time, chain.MedianTimePast(99) + 1024 - 1);
    EXPECT_FALSE(EvaluateSequenceLocks(120, locks.min_time, locks));
    EXPECT_TRUE(EvaluateSequenceLocks(120, locks.min_time + 1, locks));
    // A coin from genesis uses MTP(0).
    std::vector<int> genesis{0};
    EXPECT_EQ(CalculateSequenceLocks(Transaction{tx}, LOCKTIME_VERIFY_SEQUENCE, genesis, 120, chain).min_time,
              chain.MedianTimePast(0) + 1023);
}

TEST(SequenceLocksTest, CombinesInputsAndHonoursDisableFlag)
{
    const test::VectorChain chain = TimedChain(200);
    MutableTransaction tx = ValidTx();
    tx.vin = {TxIn{OutPoint{SomeHash(1), 0}, {}, 5, {}}, TxIn{OutPoint{SomeHash(2), 0}, {}, 20, {}},
              TxIn{OutPoint{SomeHash(3), 0}, {}, TxIn::SEQUENCE_LOCKTIME_DISABLE_FLAG | 1000, {}},
              TxIn{OutPoint{SomeHash(4), 0}, {}, TxIn::SEQUENCE_LOCKTIME_TYPE_FLAG | 1, {}}};
    std::vector<int> heights{150, 140, 199, 150};
    const SequenceLocks locks = CalculateSequenceLocks(Transaction{tx}, LOCKTIME_VERIFY_SEQUENCE, heights, 200, chain);
    EXPECT_EQ(locks.min_height, 159); // max(150 + 5, 140 + 20) − 1
    EXPECT_EQ(locks.min_time, chain.MedianTimePast(149) + 511);
    EXPECT_EQ(heights, (std::vector<int>{150, 140, 0, 150})); // disabled input's height zeroed
}

TEST(SequenceLocksTest, OnlyVersionTwoAndWithFlag)
{
    const test::VectorChain chain = TimedChain(120);
    MutableTransaction tx = ValidTx();
    tx.vin[0].sequence = 10;
    std::vector<int> heights{100};
    tx.version = 1;
    SequenceLocks locks = CalculateSequenceLocks(Transaction{tx}, LOCKTIME_VERIFY_SEQUENCE, heights, 120, chain);
    EXPECT_EQ(locks.min_height, -1);
    tx.version = 2;
    locks = CalculateSequenceLocks(Transaction{tx}, 0, heights, 120, chain);
    EXPECT_EQ(locks.min_height, -1);
    // Version is compared unsigned: -1 (0xffffffff) enforces BIP68.
    tx.version = -1;
    locks = CalculateSequenceLocks(Transaction{tx}, LOCKTIME_VERIFY_SEQUENCE, heights, 120, chain);
    EXPECT_EQ(locks.min_height, 109);
}

TEST(SequenceLocksTest, CheckSequenceLocksUsesParentMedianTimePast)
{
    test::VectorChain chain = TimedChain(111); // parent of the block at 111 is 110
    MutableTransaction tx = ValidTx();
    tx.vin[0].sequence = 10;
    std::vector<int> heights{101};
    EXPECT_TRUE(CheckSequenceLocks(Transaction{tx}, LOCKTIME_VERIFY_SEQUENCE, heights, 111, chain));
    heights = {102};
    EXPECT_FALSE(CheckSequenceLocks(Transaction{tx}, LOCKTIME_VERIFY_SEQUENCE, heights, 111, chain));
}

// ----------------------------------------------------------------------------------- CheckTxInputs

std::string RejectInputs(const MutableTransaction& mtx, const std::vector<SpentCoin>& coins, int height,
                         Amount* fee_out = nullptr, TxValidationResult* result = nullptr)
{
    TxValidationState state;
    Amount fee = -1;
    const bool ok = CheckTxInputs(Transaction{mtx}, state, coins, height, fee);
    if (fee_out) *fee_out = fee;
    if (result) *result = state.GetResult();
    return ok ? "valid" : state.GetRejectReason();
}

TEST(CheckTxInputsTest, ComputesFee)
{
    MutableTransaction tx = ValidTx();
    Amount fee = 0;
    EXPECT_EQ(RejectInputs(tx, {SpentCoin{60'000, {}, 10, false}}, 11, &fee), "valid");
    EXPECT_EQ(fee, 10'000);
    // Zero fee is fine.
    EXPECT_EQ(RejectInputs(tx, {SpentCoin{50'000, {}, 10, false}}, 11, &fee), "valid");
    EXPECT_EQ(fee, 0);
}

TEST(CheckTxInputsTest, RejectsMissingInputs)
{
    TxValidationResult result{};
    EXPECT_EQ(RejectInputs(ValidTx(), {}, 11, nullptr, &result), "bad-txns-inputs-missingorspent");
    EXPECT_EQ(result, TxValidationResult::TX_MISSING_INPUTS);
}

TEST(CheckTxInputsTest, CoinbaseMaturityIsOneHundredBlocks)
{
    TxValidationResult result{};
    EXPECT_EQ(RejectInputs(ValidTx(), {SpentCoin{50 * COIN, {}, 10, true}}, 109, nullptr, &result),
              "bad-txns-premature-spend-of-coinbase");
    EXPECT_EQ(result, TxValidationResult::TX_PREMATURE_SPEND);
    EXPECT_EQ(RejectInputs(ValidTx(), {SpentCoin{50 * COIN, {}, 10, true}}, 110), "valid");
    // Non-coinbase coins may be spent at once.
    EXPECT_EQ(RejectInputs(ValidTx(), {SpentCoin{60'000, {}, 10, false}}, 10), "valid");
}

TEST(CheckTxInputsTest, RejectsInputValuesOutOfRange)
{
    MutableTransaction tx = ValidTx();
    tx.vin.push_back(TxIn{OutPoint{SomeHash(2), 0}, {}, 0, {}});
    EXPECT_EQ(RejectInputs(tx, {SpentCoin{-1, {}, 1, false}, SpentCoin{60'000, {}, 1, false}}, 5),
              "bad-txns-inputvalues-outofrange");
    EXPECT_EQ(RejectInputs(tx, {SpentCoin{MAX_MONEY + 1, {}, 1, false}, SpentCoin{1, {}, 1, false}}, 5),
              "bad-txns-inputvalues-outofrange");
    EXPECT_EQ(RejectInputs(tx, {SpentCoin{MAX_MONEY, {}, 1, false}, SpentCoin{1, {}, 1, false}}, 5),
              "bad-txns-inputvalues-outofrange");
}

TEST(CheckTxInputsTest, RejectsOutputsAboveInputs)
{
    TxValidationState state;
    Amount fee = 0;
    EXPECT_FALSE(
        CheckTxInputs(Transaction{ValidTx()}, state, std::vector<SpentCoin>{SpentCoin{49'999, {}, 1, false}}, 5, fee));
    EXPECT_EQ(state.GetRejectReason(), "bad-txns-in-belowout");
    EXPECT_EQ(state.GetDebugMessage(), "value in (0.00049999) < value out (0.0005)");
}

TEST(CheckTxInputsTest, FeeRangeCheckFollowsValueChecks)
{
    // Core's last check (fee out of MoneyRange) cannot trigger once inputs are in range and cover the
    // outputs; its place in the order is kept. The maximum possible fee is accepted.
    MutableTransaction tx = ValidTx();
    tx.vout[0].value = 0;
    Amount fee = 0;
    EXPECT_EQ(RejectInputs(tx, {SpentCoin{MAX_MONEY, {}, 1, false}}, 5, &fee), "valid");
    EXPECT_EQ(fee, MAX_MONEY);
}

// ------------------------------------------------------------------------------------------ sigops

TEST(SigOpsTest, LegacyCountIsInaccurate)
{
    MutableTransaction tx = ValidTx();
    tx.vin[0].script_sig = (script::Script{} << script::OP_CHECKSIG << script::OP_CHECKSIGVERIFY).bytes();
    tx.vout[0].script_pubkey =
        (script::Script{} << script::OP_2 << script::OP_3 << script::OP_CHECKMULTISIG).bytes(); // counted as 20
    EXPECT_EQ(GetLegacySigOpCount(Transaction{tx}), 22u);
}

TEST(SigOpsTest, CostCountsP2SHAndWitness)
{
    // Input 0 spends P2SH whose redeem script is 2-of-3 CHECKMULTISIG (accurate: 3).
    const util::Bytes redeem = (script::Script{} << script::OP_2 << util::Bytes(33, 2) << util::Bytes(33, 2)
                                                 << util::Bytes(33, 2) << script::OP_3 << script::OP_CHECKMULTISIG)
                                   .bytes();
    const util::Bytes hash20(20, 7);
    const util::Bytes p2sh = (script::Script{} << script::OP_HASH160 << hash20 << script::OP_EQUAL).bytes();
    // Input 1 spends P2WPKH (1 witness sigop).
    const util::Bytes p2wpkh = (script::Script{} << script::OP_0 << hash20).bytes();

    MutableTransaction tx = ValidTx();
    tx.vin = {TxIn{OutPoint{SomeHash(1), 0}, (script::Script{} << script::OP_0 << redeem).bytes(), 0, {}},
              TxIn{OutPoint{SomeHash(2), 0}, {}, 0, {util::Bytes(71, 1), util::Bytes(33, 2)}}};
    tx.vout = {TxOut{1000, (script::Script{} << script::OP_CHECKSIG).bytes()}};
    const Transaction t{tx};
    const std::vector<SpentCoin> coins{SpentCoin{2000, p2sh, 1, false}, SpentCoin{2000, p2wpkh, 1, false}};

    EXPECT_EQ(GetLegacySigOpCount(t), 1u); // the output's CHECKSIG; the redeem script is a push
    EXPECT_EQ(GetP2SHSigOpCount(t, coins), 3u);
    const uint32_t all = script::SCRIPT_VERIFY_P2SH | script::SCRIPT_VERIFY_WITNESS;
    EXPECT_EQ(GetTransactionSigOpCost(t, coins, all), 1 * 4 + 3 * 4 + 1);
    EXPECT_EQ(GetTransactionSigOpCost(t, coins, script::SCRIPT_VERIFY_P2SH), 1 * 4 + 3 * 4);
    EXPECT_EQ(GetTransactionSigOpCost(t, coins, script::SCRIPT_VERIFY_NONE), 1 * 4);

    // A coinbase counts only legacy sigops.
    MutableTransaction cb = Coinbase(4);
    cb.vout[0].script_pubkey = (script::Script{} << script::OP_CHECKSIG).bytes();
    EXPECT_EQ(GetTransactionSigOpCost(Transaction{cb}, {}, all), 4);
    EXPECT_EQ(GetP2SHSigOpCount(Transaction{cb}, {}), 0u);
}

// ------------------------------------------------------------------------------------ ValidationState

TEST(ValidationStateTest, ModesAndToString)
{
    TxValidationState s;
    EXPECT_TRUE(s.IsValid());
    EXPECT_EQ(s.ToString(), "Valid");
    EXPECT_FALSE(s.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-vin-empty"));
    EXPECT_TRUE(s.IsInvalid());
    EXPECT_EQ(s.ToString(), "bad-txns-vin-empty");
    s.Invalid(TxValidationResult::TX_MISSING_INPUTS, "bad-txns-inputs-missingorspent", "inputs missing");
    EXPECT_EQ(s.GetResult(), TxValidationResult::TX_MISSING_INPUTS);
    EXPECT_EQ(s.ToString(), "bad-txns-inputs-missingorspent, inputs missing");

    BlockValidationState b;
    EXPECT_FALSE(b.Error("disk failure"));
    EXPECT_TRUE(b.IsError());
    EXPECT_FALSE(b.IsInvalid());
    EXPECT_EQ(b.GetRejectReason(), "disk failure");
    // An error stays an error; a later Invalid records the result but not the mode.
    b.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-cb-amount");
    EXPECT_TRUE(b.IsError());
    EXPECT_EQ(b.GetResult(), BlockValidationResult::BLOCK_CONSENSUS);
    // The first error's reason is kept.
    BlockValidationState c;
    c.Invalid(BlockValidationResult::BLOCK_MUTATED, "bad-txnmrklroot");
    c.Error("later");
    EXPECT_TRUE(c.IsError());
    EXPECT_EQ(c.GetRejectReason(), "bad-txnmrklroot");
}

} // namespace
} // namespace hearth::consensus
