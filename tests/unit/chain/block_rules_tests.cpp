// Every block rule of issue 4, broken by one generated regtest block at a time (btcd's fullblocktests
// idea): each bad block is rejected with Core's reject reason, the tip does not move, and the chain keeps
// accepting good blocks afterwards. Where a rule has a boundary (coinbase maturity, lock times, sigops,
// timestamps, the coinbase amount) the block just inside it is accepted.

#include "chain_test_util.h"
#include "testutil/block_builder.h"

#include <hearth/consensus/block_check.h>
#include <hearth/consensus/consensus.h>
#include <hearth/consensus/tx_check.h>
#include <hearth/primitives/merkle.h>
#include <hearth/script/script.h>

using namespace hearth;
using namespace hearth::chain;
using namespace hearth::chain::test;
using primitives::MutableTransaction;
using primitives::TxIn;
using primitives::TxOut;
using testutil::BlockOptions;
using testutil::ChainBuilder;
using testutil::OutputType;
using testutil::Utxo;

namespace {

const char* const EVAL_FALSE_REASON = "block-script-verify-flag-failed (Script evaluated without error but finished "
                                      "with a false/empty top stack element)";

class BlockRulesTest : public GeneratedPrefixTest
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_chain.ok());
        m_chain.SubmitAll(Prefix());
        ASSERT_EQ(m_chain.Height(), PREFIX);
    }

    Hash256 Tip() { return m_chain.TipHash(); }
    int Height() { return m_chain.Height(); }

    /// The coinbase of the active block at `height`.
    Utxo CoinbaseAt(int height) { return B().Get(m_chain.cs().Chain()[height]->GetHash()).coinbase; }

    /// An unsigned one-in-one-out transaction spending `coin` (to OP_TRUE) paying `fee`.
    static MutableTransaction SpendSkeleton(const Utxo& coin, primitives::Amount fee = 1000)
    {
        MutableTransaction tx;
        tx.version = 2;
        TxIn in;
        in.prevout = coin.outpoint;
        tx.vin.push_back(in);
        TxOut out;
        out.value = coin.out.value - fee;
        out.script_pubkey = {script::OP_TRUE};
        tx.vout.push_back(out);
        return tx;
    }

    /// A signed spend of `coin`.
    primitives::TransactionRef SignedSpend(const Utxo& coin, primitives::Amount fee = 1000)
    {
        return B().Sign(SpendSkeleton(coin, fee));
    }

    /// Submits `bad`: expects `reason`, an unchanged tip, and that a good block on the same parent (`good`,
    /// or an empty one) is then accepted.
    void ExpectRejected(const BlockRef& bad, const std::string& reason, BlockRef good = nullptr)
    {
        const Hash256 tip = Tip();
        EXPECT_EQ(m_chain.Submit(bad), reason);
        EXPECT_EQ(Tip(), tip) << reason;
        if (!good) good = B().NextBlock(tip);
        ASSERT_EQ(good->header.prev_block, tip);
        ExpectAccepted(good);
    }

    void ExpectAccepted(const BlockRef& good)
    {
        EXPECT_EQ(m_chain.Submit(good), "");
        EXPECT_EQ(Tip(), good->GetHash());
    }

    /// Status flags of a block the chainstate knows (0 if unknown).
    uint32_t Status(const BlockRef& block)
    {
        const BlockIndex* i = m_chain.cs().LookupBlockIndex(block->GetHash());
        return i ? i->status : 0;
    }

    /// Replaces transaction `index` of a copy of `block` (header unchanged: a mutated block).
    static BlockRef Mutate(const BlockRef& block, const std::function<void(primitives::Block&)>& edit)
    {
        primitives::Block copy = *block;
        edit(copy);
        return std::make_shared<const primitives::Block>(std::move(copy));
    }

    TestChain m_chain{RegtestParams()};
};

} // namespace

// ------------------------------------------------------------------------------------- CheckBlock

TEST_F(BlockRulesTest, MerkleRootMismatchIsMutatedNotInvalid)
{
    auto good = B().NextBlock(Tip(), {SignedSpend(CoinbaseAt(1))});
    // Same header, another transaction list: bad-txnmrklroot, and the header is not marked invalid...
    auto bad = Mutate(good, [](primitives::Block& b) {
        ChainBuilder::EditTx(b, 1, [](MutableTransaction& tx) { tx.vout[0].value -= 1; });
    });
    ASSERT_EQ(bad->GetHash(), good->GetHash());
    EXPECT_EQ(m_chain.Submit(bad), "bad-txnmrklroot");
    EXPECT_EQ(Status(good) & BLOCK_FAILED_MASK, 0U);
    // ... so the real block is accepted afterwards.
    ExpectAccepted(good);
    // A header whose merkle root matches nothing.
    BlockOptions opt;
    opt.after_merkle = [](primitives::Block& b) { b.header.merkle_root.data()[5] ^= 0x10; };
    ExpectRejected(B().NextBlock(Tip(), {}, opt), "bad-txnmrklroot");
}

TEST_F(BlockRulesTest, DuplicatedTransactionsAreMutated)
{
    // CVE-2012-2459: [cb, a, b] and [cb, a, b, b] have the same merkle root.
    auto a = SignedSpend(CoinbaseAt(1));
    auto b = SignedSpend(CoinbaseAt(2));
    auto good = B().NextBlock(Tip(), {a, b});
    auto bad = Mutate(good, [&](primitives::Block& blk) { blk.vtx.push_back(b); });
    ASSERT_EQ(primitives::BlockMerkleRoot(*bad), good->header.merkle_root);
    EXPECT_EQ(m_chain.Submit(bad), "bad-txns-duplicate");
    EXPECT_EQ(Tip(), Prefix().back()->GetHash());
    ExpectAccepted(good);
}

TEST_F(BlockRulesTest, OversizedBlockAndEmptyBlock)
{
    // Stripped size above 1,000,000 bytes. (A transaction that large would also be bad-txns-oversize, but
    // Core checks the block size first, so that reason cannot come from a block.)
    MutableTransaction big = SpendSkeleton(CoinbaseAt(1));
    big.vout.push_back(TxOut{0, primitives::ScriptBytes(1'000'000, script::OP_RETURN)});
    ExpectRejected(B().NextBlock(Tip(), {B().Sign(big)}), "bad-blk-length");

    BlockOptions none;
    none.edit_block = [](primitives::Block& b) { b.vtx.clear(); };
    ExpectRejected(B().NextBlock(Tip(), {}, none), "bad-blk-length");
}

TEST_F(BlockRulesTest, CoinbaseMissingOrRepeated)
{
    BlockOptions missing;
    missing.edit_block = [](primitives::Block& b) { b.vtx.erase(b.vtx.begin()); };
    ExpectRejected(B().NextBlock(Tip(), {SignedSpend(CoinbaseAt(1))}, missing), "bad-cb-missing");

    BlockOptions twice;
    twice.edit_block = [](primitives::Block& b) {
        MutableTransaction second = b.vtx[0]->ToMutable();
        second.vin[0].script_sig.push_back(script::OP_1);
        b.vtx.push_back(primitives::MakeTransactionRef(std::move(second)));
    };
    ExpectRejected(B().NextBlock(Tip(), {}, twice), "bad-cb-multiple");
}

TEST_F(BlockRulesTest, CheckTransactionRules)
{
    const Utxo coin = CoinbaseAt(1);
    struct Case {
        std::string reason;
        std::function<void(MutableTransaction&)> edit;
    };
    const std::vector<Case> cases = {
        {"bad-txns-vin-empty", [](MutableTransaction& tx) { tx.vin.clear(); }},
        {"bad-txns-vout-empty", [](MutableTransaction& tx) { tx.vout.clear(); }},
        {"bad-txns-vout-negative", [](MutableTransaction& tx) { tx.vout[0].value = -1; }},
        {"bad-txns-vout-toolarge", [](MutableTransaction& tx) { tx.vout[0].value = primitives::MAX_MONEY + 1; }},
        {"bad-txns-txouttotal-toolarge",
         [](MutableTransaction& tx) {
             tx.vout[0].value = primitives::MAX_MONEY;
             tx.vout.push_back(tx.vout[0]);
         }},
        {"bad-txns-inputs-duplicate", [](MutableTransaction& tx) { tx.vin.push_back(tx.vin[0]); }},
        {"bad-txns-prevout-null", [](MutableTransaction& tx) { tx.vin.push_back(TxIn{}); }},
    };
    for (const Case& c : cases) {
        MutableTransaction tx = SpendSkeleton(coin);
        c.edit(tx);
        ExpectRejected(B().NextBlock(Tip(), {primitives::MakeTransactionRef(tx)}), c.reason);
    }
    // The coinbase scriptSig must be 2..100 bytes (checked before BIP34's height).
    for (size_t size : {size_t{1}, size_t{101}}) {
        BlockOptions opt;
        opt.coinbase_script_sig = primitives::ScriptBytes(size, script::OP_1);
        ExpectRejected(B().NextBlock(Tip(), {}, opt), "bad-cb-length");
    }
    BlockOptions longest;
    longest.edit_coinbase = [](MutableTransaction& cb) { cb.vin[0].script_sig.resize(100, script::OP_1); };
    ExpectAccepted(B().NextBlock(Tip(), {}, longest));
}

TEST_F(BlockRulesTest, LegacySigopLimit)
{
    // CheckBlock: legacy sigops × 4 may not exceed 80,000. Fill an unspendable output with OP_CHECKSIGs
    // so that the block counts exactly 20,000 (accepted) or 20,001 (rejected).
    auto block_with = [&](int target) {
        MutableTransaction tx = SpendSkeleton(CoinbaseAt(2)); // P2TR: no sigops at connection either
        tx.vout.push_back(TxOut{0, {}});
        BlockOptions opt;
        opt.coinbase_type = OutputType::P2WPKH; // no legacy sigops in the coinbase
        opt.edit_block = [&, target](primitives::Block& b) {
            unsigned others = 0;
            for (const auto& t : b.vtx) others += consensus::GetLegacySigOpCount(*t);
            MutableTransaction m = b.vtx[1]->ToMutable();
            m.vout[1].script_pubkey.assign(static_cast<size_t>(target) - others, script::OP_CHECKSIG);
            b.vtx[1] = B().Sign(m); // re-signed: the outputs changed
        };
        return B().NextBlock(Tip(), {B().Sign(tx)}, opt);
    };
    ExpectRejected(block_with(20'001), "bad-blk-sigops");
    ExpectAccepted(block_with(20'000));
}

TEST_F(BlockRulesTest, SigopCostLimitCountsWitnessSigops)
{
    // ConnectBlock: legacy × 4 + P2SH × 4 + witness sigops ≤ 80,000. With the legacy count at exactly
    // 20,000, spending a P2WPKH coin (one witness sigop) crosses the limit; a P2TR spend (no sigops) not.
    auto block_spending = [&](const Utxo& coin) {
        MutableTransaction tx = SpendSkeleton(coin);
        tx.vout.push_back(TxOut{0, {}});
        auto signed_tx = B().Sign(tx); // the filler output is set below, so it is signed again there
        BlockOptions opt;
        opt.coinbase_type = OutputType::P2WPKH;
        opt.edit_block = [&](primitives::Block& b) {
            unsigned others = 0;
            for (const auto& t : b.vtx) others += consensus::GetLegacySigOpCount(*t);
            MutableTransaction m = b.vtx[1]->ToMutable();
            m.vout[1].script_pubkey.assign(20'000 - others, script::OP_CHECKSIG);
            b.vtx[1] = B().Sign(m);
        };
        return B().NextBlock(Tip(), {signed_tx}, opt);
    };
    ASSERT_EQ(CoinbaseAt(1).type, OutputType::P2WPKH); // height % 3 == 1
    ASSERT_EQ(CoinbaseAt(2).type, OutputType::P2TR);
    ExpectRejected(block_spending(CoinbaseAt(1)), "bad-blk-sigops");
    ExpectAccepted(block_spending(CoinbaseAt(2)));
}

// ------------------------------------------------------------------------------------- contextual

TEST_F(BlockRulesTest, NonFinalTransaction)
{
    // nLockTime is a height (< 500,000,000): final only if below the block's height, or if every input
    // has SEQUENCE_FINAL.
    auto locked = [&](int coin, uint32_t locktime, uint32_t sequence) {
        MutableTransaction tx = SpendSkeleton(CoinbaseAt(coin));
        tx.locktime = locktime;
        tx.vin[0].sequence = sequence;
        return B().NextBlock(Tip(), {B().Sign(tx)});
    };
    const auto next = [&] { return static_cast<uint32_t>(Height() + 1); };
    ExpectRejected(locked(1, next() + 1, 0xfffffffe), "bad-txns-nonfinal");
    ExpectRejected(locked(1, next(), 0xfffffffe), "bad-txns-nonfinal", locked(1, next() - 1, 0xfffffffe));
    ExpectAccepted(locked(3, next() + 10, TxIn::SEQUENCE_FINAL));

    // A time lock is compared with the parent's median time past (BIP113).
    const auto mtp = static_cast<uint32_t>(B().MedianTimePast(Tip()));
    MutableTransaction tx = SpendSkeleton(CoinbaseAt(2));
    tx.locktime = mtp;
    tx.vin[0].sequence = 0;
    ExpectRejected(B().NextBlock(Tip(), {B().Sign(tx)}), "bad-txns-nonfinal");
    tx.locktime = static_cast<uint32_t>(B().MedianTimePast(Tip())) - 1;
    ExpectAccepted(B().NextBlock(Tip(), {B().Sign(tx)}));
}

TEST_F(BlockRulesTest, Bip68SequenceLocks)
{
    // A coin confirmed at height H, spent by a version-2 transaction with a relative lock of 10 blocks, is
    // spendable from height H + 10 on (coin height + value − 1 < block height).
    auto funding = B().Spend(std::vector<Utxo>{CoinbaseAt(1)}, 3);
    ExpectAccepted(B().NextBlock(Tip(), {funding}));
    const int coin_height = Height();
    const auto coins = B().Coins(*funding);
    ASSERT_EQ(coins.size(), 3U);
    for (int i = 0; i < 8; ++i) ExpectAccepted(B().NextBlock(Tip()));
    auto relative = [&](size_t coin, int32_t version, uint32_t sequence) {
        MutableTransaction tx = SpendSkeleton(coins[coin]);
        tx.version = version;
        tx.vin[0].sequence = sequence;
        return B().Sign(tx);
    };
    ASSERT_EQ(Height() + 1, coin_height + 9);
    // At H + 9 the lock still holds. Version 1 transactions, and inputs with the disable flag, have no
    // relative lock: a block with those at the same height is accepted.
    ExpectRejected(
        B().NextBlock(Tip(), {relative(0, 2, 10)}), "bad-txns-nonfinal",
        B().NextBlock(Tip(), {relative(1, 1, 10), relative(2, 2, 10 | TxIn::SEQUENCE_LOCKTIME_DISABLE_FLAG)}));
    ASSERT_EQ(Height() + 1, coin_height + 10);
    ExpectAccepted(B().NextBlock(Tip(), {relative(0, 2, 10)}));

    // Time locks (units of 512 s) count from the median time past of the block before the coin's block.
    auto funding2 = SignedSpend(CoinbaseAt(2));
    ExpectAccepted(B().NextBlock(Tip(), {funding2}));
    const Utxo coin2 = B().Coins(*funding2).at(0);
    const int64_t start = B().MedianTimePast(m_chain.cs().Tip()->prev->GetHash());
    const uint32_t units = 4; // 2048 s: about 3.4 blocks of 600 s
    auto timed = [&]() {
        MutableTransaction tx = SpendSkeleton(coin2);
        tx.vin[0].sequence = TxIn::SEQUENCE_LOCKTIME_TYPE_FLAG | units;
        return B().Sign(tx);
    };
    int rejected = 0;
    while (!(start + (int64_t{units} << 9) - 1 < B().MedianTimePast(Tip()))) {
        ExpectRejected(B().NextBlock(Tip(), {timed()}), "bad-txns-nonfinal");
        ++rejected;
    }
    EXPECT_GT(rejected, 0);
    ExpectAccepted(B().NextBlock(Tip(), {timed()}));
}

TEST_F(BlockRulesTest, CoinbaseHeight)
{
    BlockOptions opt;
    opt.coinbase_script_sig = (script::Script{} << int64_t{Height() + 2} << script::OP_0).bytes();
    ExpectRejected(B().NextBlock(Tip(), {}, opt), "bad-cb-height");
    // A non-minimal push of the right height is not the BIP34 encoding either.
    opt.coinbase_script_sig = primitives::ScriptBytes{0x02, static_cast<uint8_t>(Height() + 1), 0x00};
    ExpectRejected(B().NextBlock(Tip(), {}, opt), "bad-cb-height");
}

TEST_F(BlockRulesTest, WitnessCommitmentRules)
{
    auto witness_tx = [&](int height) { return SignedSpend(CoinbaseAt(height)); }; // P2WPKH at h % 3 == 1
    ASSERT_TRUE(witness_tx(1)->HasWitness());

    // The reserved value (coinbase witness) must be exactly one 32-byte item.
    BlockOptions nonce;
    nonce.edit_coinbase = [](MutableTransaction& cb) { cb.vin[0].witness = {util::Bytes(31, 0)}; };
    ExpectRejected(B().NextBlock(Tip(), {witness_tx(1)}, nonce), "bad-witness-nonce-size");

    // A commitment that does not match.
    BlockOptions wrong;
    wrong.after_merkle = [](primitives::Block& b) {
        const auto pos = primitives::GetWitnessCommitmentIndex(b);
        ChainBuilder::EditTx(b, 0, [&](MutableTransaction& cb) { cb.vout[*pos].script_pubkey[10] ^= 1; });
        b.header.merkle_root = primitives::BlockMerkleRoot(b);
    };
    ExpectRejected(B().NextBlock(Tip(), {witness_tx(1)}, wrong), "bad-witness-merkle-match");

    // Witness data without any commitment.
    BlockOptions none;
    none.commitment = BlockOptions::Commitment::NEVER;
    ExpectRejected(B().NextBlock(Tip(), {witness_tx(1)}, none), "unexpected-witness");

    // A witness changed after mining keeps the header: mutated, not invalid; the real block is accepted.
    auto good = B().NextBlock(Tip(), {witness_tx(4)});
    auto bad = Mutate(good, [](primitives::Block& b) {
        ChainBuilder::EditTx(b, 1, [](MutableTransaction& tx) { tx.vin[0].witness[0][8] ^= 1; });
    });
    ASSERT_EQ(bad->GetHash(), good->GetHash());
    EXPECT_EQ(m_chain.Submit(bad), "bad-witness-merkle-match");
    EXPECT_EQ(Status(good) & BLOCK_FAILED_MASK, 0U);
    ExpectAccepted(good);
}

TEST_F(BlockRulesTest, BlockWeight)
{
    // Stripped size small, witness large: only the weight limit (checked after the commitment) catches it.
    MutableTransaction tx = SpendSkeleton(CoinbaseAt(1));
    tx.vin[0].witness = {util::Bytes(1'000'000, 1), util::Bytes(1'000'000, 2), util::Bytes(1'000'000, 3),
                         util::Bytes(1'000'000, 4)};
    auto bad = B().NextBlock(Tip(), {primitives::MakeTransactionRef(tx)});
    ASSERT_LE(primitives::GetBlockStrippedSize(*bad) * 4, 4'000'000U);
    ASSERT_GT(primitives::GetBlockWeight(*bad), 4'000'000);
    ExpectRejected(bad, "bad-blk-weight");
}

// ------------------------------------------------------------------------------------- ConnectBlock

TEST_F(BlockRulesTest, MissingOrSpentInputs)
{
    MutableTransaction ghost = SpendSkeleton(CoinbaseAt(1));
    ghost.vin[0].prevout.hash.data()[0] ^= 0x55;
    ExpectRejected(B().NextBlock(Tip(), {primitives::MakeTransactionRef(ghost)}), "bad-txns-inputs-missingorspent");

    // Two transactions of one block spending the same coin.
    auto first = SignedSpend(CoinbaseAt(1), 1000);
    auto second = SignedSpend(CoinbaseAt(1), 2000);
    ExpectRejected(B().NextBlock(Tip(), {first, second}), "bad-txns-inputs-missingorspent");

    // A coin spent in an earlier block.
    ExpectAccepted(B().NextBlock(Tip(), {first}));
    ExpectRejected(B().NextBlock(Tip(), {second}), "bad-txns-inputs-missingorspent");

    // A transaction spending an output of a later transaction of the same block.
    auto parent = SignedSpend(CoinbaseAt(2));
    auto child = SignedSpend(B().Coins(*parent).at(0));
    ExpectRejected(B().NextBlock(Tip(), {child, parent}), "bad-txns-inputs-missingorspent");
    ExpectAccepted(B().NextBlock(Tip(), {parent, child}));
}

TEST_F(BlockRulesTest, CoinbaseMaturityBoundary)
{
    // The next block is at PREFIX + 1 = 111: the coinbase of height 12 has 99 confirmations' distance
    // (111 − 12 = 99 < 100), that of height 11 exactly 100.
    ExpectRejected(B().NextBlock(Tip(), {SignedSpend(CoinbaseAt(12))}), "bad-txns-premature-spend-of-coinbase");
    // The tip is now 111, the next block 112: height 12 is exactly mature (100), 13 not yet (99).
    ExpectRejected(B().NextBlock(Tip(), {SignedSpend(CoinbaseAt(13))}), "bad-txns-premature-spend-of-coinbase",
                   B().NextBlock(Tip(), {SignedSpend(CoinbaseAt(12))}));
    ASSERT_EQ(Height(), 112);
}

TEST_F(BlockRulesTest, OutputsAboveInputs)
{
    const Utxo coin = CoinbaseAt(1);
    ExpectRejected(B().NextBlock(Tip(), {SignedSpend(coin, -1)}), "bad-txns-in-belowout");
    ExpectAccepted(B().NextBlock(Tip(), {SignedSpend(coin, 0)})); // zero fee is fine
}

TEST_F(BlockRulesTest, CoinbaseAmount)
{
    auto tx = SignedSpend(CoinbaseAt(1), 12345);
    BlockOptions greedy;
    greedy.coinbase_extra = 1;
    ExpectRejected(B().NextBlock(Tip(), {tx}, greedy), "bad-cb-amount");
    // Subsidy + fees exactly (the default), and less, are both fine.
    ExpectAccepted(B().NextBlock(Tip(), {tx}));
    BlockOptions modest;
    modest.coinbase_extra = -5000;
    ExpectAccepted(B().NextBlock(Tip(), {}, modest));
}

TEST_F(BlockRulesTest, ScriptFailures)
{
    // Heights 1, 2, 3 pay to P2WPKH, P2TR and P2PKH.
    struct Case {
        int height;
        OutputType type;
        std::string reason;
    };
    for (const Case& c : {Case{1, OutputType::P2WPKH, EVAL_FALSE_REASON},
                          Case{2, OutputType::P2TR, "block-script-verify-flag-failed (Invalid Schnorr signature)"},
                          Case{3, OutputType::P2PKH, EVAL_FALSE_REASON}}) {
        const Utxo coin = CoinbaseAt(c.height);
        ASSERT_EQ(coin.type, c.type);
        MutableTransaction tx = B().Sign(SpendSkeleton(coin))->ToMutable();
        if (c.type == OutputType::P2PKH) {
            tx.vin[0].script_sig[10] ^= 1; // inside the DER signature
        } else {
            tx.vin[0].witness[0][10] ^= 1;
        }
        ExpectRejected(B().NextBlock(Tip(), {primitives::MakeTransactionRef(tx)}), c.reason);
    }
    // A valid signature by the wrong key.
    MutableTransaction tx = SpendSkeleton(CoinbaseAt(3));
    testutil::Utxo wrong_key = CoinbaseAt(3);
    wrong_key.key_index = 999'999;
    testutil::SignTransaction(B().Keys(), tx, std::vector<Utxo>{wrong_key});
    ExpectRejected(B().NextBlock(Tip(), {primitives::MakeTransactionRef(tx)}),
                   "block-script-verify-flag-failed (Script failed an OP_EQUALVERIFY operation)");
}

// ------------------------------------------------------------------------------------- headers

TEST_F(BlockRulesTest, ProofOfWorkAndBits)
{
    BlockOptions high;
    high.fail_pow = true;
    auto bad = B().NextBlock(Tip(), {}, high);
    ExpectRejected(bad, "high-hash");
    EXPECT_EQ(m_chain.cs().LookupBlockIndex(bad->GetHash()), nullptr); // not even the header is kept

    BlockOptions bits;
    bits.bits = 0x207ffffe; // a valid, slightly harder target, but not the required one
    ExpectRejected(B().NextBlock(Tip(), {}, bits), "bad-diffbits");
}

TEST_F(BlockRulesTest, Timestamps)
{
    const auto mtp = static_cast<uint32_t>(B().MedianTimePast(Tip()));
    BlockOptions old;
    old.time = mtp;
    ExpectRejected(B().NextBlock(Tip(), {}, old), "time-too-old");
    old.time = static_cast<uint32_t>(B().MedianTimePast(Tip())) + 1;
    ExpectAccepted(B().NextBlock(Tip(), {}, old));

    BlockOptions future;
    future.time = static_cast<uint32_t>(TEST_NOW + consensus::MAX_FUTURE_BLOCK_TIME + 1);
    auto bad = B().NextBlock(Tip(), {}, future);
    ExpectRejected(bad, "time-too-new");
    // Not cached as invalid: it may become valid later.
    EXPECT_EQ(m_chain.cs().LookupBlockIndex(bad->GetHash()), nullptr);
    future.time = static_cast<uint32_t>(TEST_NOW + consensus::MAX_FUTURE_BLOCK_TIME);
    ExpectAccepted(B().NextBlock(Tip(), {}, future));
}

TEST_F(BlockRulesTest, ObsoleteVersions)
{
    // Regtest buries BIP34, BIP66 and BIP65 at height 1: versions below 4 are obsolete.
    for (int32_t version : {1, 2, 3}) {
        BlockOptions opt;
        opt.version = version;
        char reason[32];
        std::snprintf(reason, sizeof reason, "bad-version(0x%08x)", version);
        ExpectRejected(B().NextBlock(Tip(), {}, opt), reason);
    }
    BlockOptions four;
    four.version = 4;
    ExpectAccepted(B().NextBlock(Tip(), {}, four));
}

TEST_F(BlockRulesTest, InvalidBlocksAreRememberedAndTheirChildrenRejected)
{
    // Invalid at connection (bad-cb-amount): marked failed; again → duplicate-invalid; a child → bad-prevblk.
    BlockOptions greedy;
    greedy.coinbase_extra = 1;
    auto bad = B().NextBlock(Tip(), {}, greedy);
    ExpectRejected(bad, "bad-cb-amount");
    EXPECT_NE(Status(bad) & BLOCK_FAILED_VALID, 0U);
    EXPECT_EQ(m_chain.Submit(bad), "duplicate-invalid");
    EXPECT_EQ(m_chain.Submit(B().NextBlock(bad->GetHash())), "bad-prevblk");

    // Invalid in CheckBlock (not mutated): marked failed too.
    BlockOptions twice;
    twice.edit_block = [](primitives::Block& b) {
        MutableTransaction second = b.vtx[0]->ToMutable();
        second.vin[0].script_sig.push_back(script::OP_2);
        b.vtx.push_back(primitives::MakeTransactionRef(std::move(second)));
    };
    auto bad2 = B().NextBlock(Tip(), {}, twice);
    ExpectRejected(bad2, "bad-cb-multiple");
    EXPECT_EQ(m_chain.Submit(bad2), "duplicate-invalid");

    // A block whose parent was never seen.
    auto orphan_parent = B().NextBlock(Tip());
    EXPECT_EQ(m_chain.Submit(B().NextBlock(orphan_parent->GetHash())), "prev-blk-not-found");
    ExpectAccepted(orphan_parent);
}

// ------------------------------------------------------------------------------------- BIP94

TEST(Bip94Test, TimewarpRuleAtPeriodStart)
{
    consensus::ChainOptions options;
    options.test_options = {"bip94"};
    const auto params = RegtestParams(options);
    ChainBuilder builder{params};
    TestChain chain{params};
    ASSERT_TRUE(chain.ok());
    chain.SubmitAll(builder.Extend(builder.Genesis().hash, 143));
    ASSERT_EQ(chain.Height() + 1, 144); // the next block starts a difficulty period
    const uint32_t prev_time = builder.Get(chain.TipHash()).time;
    BlockOptions warp;
    warp.time = prev_time - 601; // still after the median time past (prev − 3000)
    EXPECT_EQ(chain.Submit(builder.NextBlock(chain.TipHash(), {}, warp)), "time-timewarp-attack");
    warp.time = prev_time - 600;
    EXPECT_EQ(chain.Submit(builder.NextBlock(chain.TipHash(), {}, warp)), "");
    EXPECT_EQ(chain.Height(), 144);

    // Without -test=bip94 the same block is fine.
    ChainBuilder plain_builder{RegtestParams()};
    TestChain plain{RegtestParams()};
    plain.SubmitAll(plain_builder.Extend(plain_builder.Genesis().hash, 143));
    BlockOptions plain_warp;
    plain_warp.time = plain_builder.Get(plain.TipHash()).time - 601;
    EXPECT_EQ(plain.Submit(plain_builder.NextBlock(plain.TipHash(), {}, plain_warp)), "");
}
