// A block that fails while being connected must leave the chainstate exactly as if it had never been tried:
// the block is connected on the tip cache itself and rolled back on failure, so these tests fail blocks at
// every stage (BIP30 before anything is spent, a missing input and a bad script late in the block after
// many coins changed, the coinbase amount after all of them) with the tip cache warm (dirty, fresh coins),
// freshly written (clean coins) and cold (emptied after every block: every coin comes from the database).
// After each failure the same coins must still be spendable, and the UTXO set after a good block must be
// the one a node that never saw the bad block has.

#include "chain_test_util.h"

#include <hearth/script/script.h>

using namespace hearth;
using namespace hearth::chain;
using namespace hearth::chain::test;
using primitives::MutableTransaction;
using primitives::TxIn;
using primitives::TxOut;
using testutil::ChainBuilder;
using testutil::Utxo;

namespace {

const char* const EVAL_FALSE_REASON = "block-script-verify-flag-failed (Script evaluated without error but finished "
                                      "with a false/empty top stack element)";

enum class CacheMode { WARM, WRITTEN, COLD };

class ConnectRollbackTest : public GeneratedPrefixTest, public ::testing::WithParamInterface<CacheMode>
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_chain.ok());
        m_chain.SubmitAll(Prefix());
        ASSERT_EQ(m_chain.Height(), PREFIX);
        m_blocks = Prefix();
        if (GetParam() == CacheMode::COLD) {
            EXPECT_EQ(m_chain.cs().CoinsTip().CacheSize(), 0U);
        }
    }

    Hash256 Tip() { return m_chain.TipHash(); }
    Utxo CoinbaseAt(int height) { return B().Get(m_chain.cs().Chain()[height]->GetHash()).coinbase; }

    /// Spends of the coinbases at heights `from`.. (one each), the first of them paying into three outputs
    /// that a further transaction of the same block spends: coins created, spent and fetched in one block.
    std::vector<primitives::TransactionRef> Spends(int from)
    {
        std::vector<primitives::TransactionRef> txs;
        auto fan = B().Spend(std::vector<Utxo>{CoinbaseAt(from)}, 3);
        txs.push_back(fan);
        const auto fan_coins = B().Coins(*fan);
        txs.push_back(B().Spend(std::vector<Utxo>{fan_coins[0], fan_coins[2]}, 2));
        for (int h = from + 1; h < from + 4; ++h) txs.push_back(B().Spend(std::vector<Utxo>{CoinbaseAt(h)}, 2));
        return txs;
    }

    /// A spend of the coinbase at `height` into two outputs, confirmed in a block on the tip.
    primitives::TransactionRef ConfirmSpendOfCoinbase(int height)
    {
        auto tx = B().Spend(std::vector<Utxo>{CoinbaseAt(height)}, 2);
        auto block = B().NextBlock(Tip(), {tx});
        EXPECT_EQ(m_chain.Submit(block), "");
        m_blocks.push_back(block);
        return tx;
    }

    /// Submits `bad` (expecting `reason` and an unchanged tip), optionally checks the UTXO set right away,
    /// then submits `good` on the same parent and compares the UTXO set with a node that only saw the good
    /// blocks.
    void BadThenGood(const BlockRef& bad, const std::string& reason, const BlockRef& good)
    {
        const Hash256 tip = Tip();
        if (GetParam() == CacheMode::WRITTEN) (void)m_chain.UtxoHash(); // every cached coin clean
        EXPECT_EQ(m_chain.Submit(bad), reason);
        EXPECT_EQ(Tip(), tip);
        if (GetParam() == CacheMode::COLD) {
            EXPECT_EQ(m_chain.cs().CoinsTip().CacheSize(), 0U);
        }
        EXPECT_EQ(m_chain.Submit(good), "");
        ASSERT_EQ(Tip(), good->GetHash());
        m_blocks.push_back(good);
        EXPECT_EQ(m_chain.UtxoHash(), TestChain::UtxoHashOf(P(), m_blocks)) << reason;
    }

    /// In COLD mode the tip cache is always "full": emptied into the database after every block.
    TestChain m_chain{RegtestParams(), [](ChainstateOptions& o) {
                          if (GetParam() == CacheMode::COLD) o.coins_cache_bytes = 1;
                      }};
    Blocks m_blocks;
};

TEST_P(ConnectRollbackTest, BadScriptInTheLastTransaction)
{
    auto txs = Spends(1);
    auto good = B().NextBlock(Tip(), txs);
    MutableTransaction last = txs.back()->ToMutable(); // spends the P2WPKH coinbase of height 4
    ASSERT_FALSE(last.vin[0].witness.empty());
    last.vin[0].witness[0][10] ^= 1; // inside the DER signature
    txs.back() = primitives::MakeTransactionRef(last);
    BadThenGood(B().NextBlock(Tip(), txs), EVAL_FALSE_REASON, good);
}

TEST_P(ConnectRollbackTest, MissingInputInTheLastTransaction)
{
    auto txs = Spends(1);
    auto good = B().NextBlock(Tip(), txs);
    MutableTransaction orphan;
    orphan.version = 2;
    TxIn in;
    in.prevout.hash.data()[0] = 0x42; // no such transaction
    orphan.vin.push_back(in);
    orphan.vout.push_back(TxOut{1000, {script::OP_TRUE}});
    txs.push_back(primitives::MakeTransactionRef(orphan));
    BadThenGood(B().NextBlock(Tip(), txs), "bad-txns-inputs-missingorspent", good);
}

TEST_P(ConnectRollbackTest, CoinbaseAmountAfterEverySpend)
{
    auto txs = Spends(1);
    auto good = B().NextBlock(Tip(), txs);
    testutil::BlockOptions greedy;
    greedy.coinbase_extra = 1;
    BadThenGood(B().NextBlock(Tip(), txs, greedy), "bad-cb-amount", good);
}

TEST_P(ConnectRollbackTest, Bip30AfterSpendsOfTheSameBlock)
{
    // Block 111 confirms `dup`; block 112 spends coins and then repeats `dup` while its outputs are unspent.
    auto dup = ConfirmSpendOfCoinbase(10);
    auto txs = Spends(1);
    auto good = B().NextBlock(Tip(), txs);
    txs.push_back(dup);
    BadThenGood(B().NextBlock(Tip(), txs), "bad-txns-BIP30", good);
}

TEST_P(ConnectRollbackTest, Bip30WhenTheOverwrittenCoinWasSpentEarlierInTheBlock)
{
    // The pre-block state decides: `dup`'s outputs are unspent before the block, so repeating `dup` is a
    // BIP30 violation even though an earlier transaction of the same block spends them first (without
    // BIP30 the repeat would fail for its already spent input).
    auto dup = ConfirmSpendOfCoinbase(10);
    auto txs = Spends(1);
    auto good = B().NextBlock(Tip(), txs);
    txs.push_back(B().Spend(B().Coins(*dup), 1)); // both outputs
    txs.push_back(dup);
    BadThenGood(B().NextBlock(Tip(), txs), "bad-txns-BIP30", good);
}

TEST_P(ConnectRollbackTest, SeveralFailuresInARowThenTheGoodBlock)
{
    auto txs = Spends(1);
    auto good = B().NextBlock(Tip(), txs);
    testutil::BlockOptions greedy;
    greedy.coinbase_extra = 7;
    const Hash256 tip = Tip();
    EXPECT_EQ(m_chain.Submit(B().NextBlock(tip, txs, greedy)), "bad-cb-amount");
    auto more = Spends(5);
    more.insert(more.begin(), txs.begin(), txs.end());
    greedy.coinbase_extra = 9;
    EXPECT_EQ(m_chain.Submit(B().NextBlock(tip, more, greedy)), "bad-cb-amount");
    BadThenGood(B().NextBlock(tip, txs, greedy), "bad-cb-amount", good);
}

INSTANTIATE_TEST_SUITE_P(CacheModes, ConnectRollbackTest,
                         ::testing::Values(CacheMode::WARM, CacheMode::WRITTEN, CacheMode::COLD),
                         [](const ::testing::TestParamInfo<CacheMode>& info) {
                             return info.param == CacheMode::WARM      ? std::string{"Warm"}
                                    : info.param == CacheMode::WRITTEN ? std::string{"Written"}
                                                                       : std::string{"Cold"};
                         });

} // namespace
