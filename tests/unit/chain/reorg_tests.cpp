// Forks and reorganisations on generated regtest chains with real transactions on both branches (conflicting
// spends, chains of unconfirmed-in-branch spends, coinbases of the branch spent after maturity): after a
// reorg of depth 1, 10 or 150 the UTXO set equals that of a node that only ever saw the winning chain.
// Also invalidateblock/reconsiderblock, and a side branch holding an invalid block.

#include "chain_test_util.h"
#include "testutil/block_builder.h"

#include <deque>

using namespace hearth;
using namespace hearth::chain;
using namespace hearth::chain::test;
using testutil::BlockOptions;
using testutil::ChainBuilder;
using testutil::Utxo;

namespace {

Blocks Concat(const Blocks& a, const Blocks& b)
{
    Blocks out = a;
    out.insert(out.end(), b.begin(), b.end());
    return out;
}

class ReorgTest : public GeneratedPrefixTest
{
protected:
    /// `count` blocks on `parent` with transactions: each spends the next mature coin of `pool` (coins of
    /// the prefix, then the branch's own coinbases once 100 deep) into two outputs, and spends one output
    /// of the previous block's transaction. `first_coin` picks where in the prefix's coinbases it starts,
    /// so two branches can spend the same coins differently.
    Blocks Branch(const Hash256& parent, int count, int first_coin, primitives::Amount fee)
    {
        std::deque<Utxo> pool;
        const int parent_height = B().Get(parent).height;
        for (int h = first_coin; h <= PREFIX - 100; ++h) pool.push_back(B().Ancestor(parent, h).coinbase);
        Blocks blocks;
        Hash256 tip = parent;
        std::optional<Utxo> change;
        for (int i = 0; i < count; ++i) {
            const int height = parent_height + i + 1;
            std::vector<primitives::TransactionRef> txs;
            if (!pool.empty() && height - pool.front().height >= 100) {
                txs.push_back(B().Spend(std::vector<Utxo>{pool.front()}, 2, fee));
                pool.pop_front();
            }
            if (change) txs.push_back(B().Spend(std::vector<Utxo>{*change}, 1, fee));
            change.reset();
            if (!txs.empty()) change = B().Coins(*txs.front()).back();
            blocks.push_back(B().NextBlock(tip, txs));
            tip = blocks.back()->GetHash();
            pool.push_back(B().Get(tip).coinbase); // matures 100 blocks later
        }
        return blocks;
    }
};

} // namespace

TEST_F(ReorgTest, EqualWorkFirstSeenWinsThenDepthOneReorg)
{
    TestChain chain{P()};
    chain.SubmitAll(Prefix());
    const Hash256 fork = chain.TipHash();
    const Blocks a = Branch(fork, 1, 1, 1000);
    const Blocks b = Branch(fork, 2, 1, 2000); // spends the same coinbase as a[0], differently
    chain.SubmitAll(a);
    EXPECT_EQ(chain.Submit(b[0]), "");
    EXPECT_EQ(chain.TipHash(), a[0]->GetHash()); // same work: the first seen stays
    EXPECT_NE(chain.cs().LookupBlockIndex(b[0]->GetHash())->status & BLOCK_HAVE_DATA, 0U);
    EXPECT_EQ(chain.Submit(b[1]), "");
    EXPECT_EQ(chain.TipHash(), b[1]->GetHash());
    EXPECT_EQ(chain.notes().disconnected, 1);
    EXPECT_EQ(chain.UtxoHash(), TestChain::UtxoHashOf(P(), Concat(Prefix(), b)));
}

TEST_F(ReorgTest, DepthTenReorgAndBack)
{
    TestChain chain{P()};
    chain.SubmitAll(Prefix());
    const Hash256 fork = chain.TipHash();
    Blocks a = Branch(fork, 10, 1, 1000);
    const Blocks b = Branch(fork, 11, 2, 3000);
    chain.SubmitAll(a);
    const Hash256 utxo_a = chain.UtxoHash();
    for (size_t i = 0; i < b.size(); ++i) {
        EXPECT_EQ(chain.Submit(b[i]), "");
        EXPECT_EQ(chain.TipHash(), i < 10 ? a.back()->GetHash() : b.back()->GetHash());
    }
    EXPECT_EQ(chain.notes().disconnected, 10);
    EXPECT_EQ(chain.UtxoHash(), TestChain::UtxoHashOf(P(), Concat(Prefix(), b)));
    EXPECT_NE(chain.UtxoHash(), utxo_a);

    // Branch A grows past B again: back to A, as if B had never been seen.
    const Blocks more = Branch(a.back()->GetHash(), 2, PREFIX - 99, 1000); // a spent every mature prefix coin
    chain.SubmitAll(more);
    a.insert(a.end(), more.begin(), more.end());
    EXPECT_EQ(chain.TipHash(), a.back()->GetHash());
    EXPECT_EQ(chain.UtxoHash(), TestChain::UtxoHashOf(P(), Concat(Prefix(), a)));
}

TEST_F(ReorgTest, DepthOneHundredFiftyReorg)
{
    // Both branches spend their own coinbases after 100 blocks, so the reorg also undoes spends of coins
    // created inside the disconnected branch. Regtest halves the subsidy at 150 inside both branches.
    TestChain chain{P()};
    chain.SubmitAll(Prefix());
    const Hash256 fork = chain.TipHash();
    const Blocks a = Branch(fork, 150, 1, 1000);
    const Blocks b = Branch(fork, 151, 1, 2500);
    chain.SubmitAll(a);
    chain.SubmitAll(b);
    ASSERT_EQ(chain.TipHash(), b.back()->GetHash());
    EXPECT_EQ(chain.notes().disconnected, 150);
    EXPECT_EQ(chain.UtxoHash(), TestChain::UtxoHashOf(P(), Concat(Prefix(), b)));
}

TEST_F(ReorgTest, InvalidateAndReconsider)
{
    TestChain chain{P()};
    chain.SubmitAll(Prefix());
    const Blocks a = Branch(chain.TipHash(), 10, 1, 1000);
    chain.SubmitAll(a);
    const Hash256 utxo_full = chain.UtxoHash();

    BlockIndex* a5 = chain.cs().LookupBlockIndex(a[4]->GetHash());
    consensus::BlockValidationState state;
    ASSERT_TRUE(chain.cs().InvalidateBlock(state, a5)) << state.ToString();
    EXPECT_EQ(chain.TipHash(), a[3]->GetHash());
    EXPECT_NE(a5->status & BLOCK_FAILED_VALID, 0U);
    for (size_t i = 5; i < a.size(); ++i) {
        EXPECT_NE(chain.cs().LookupBlockIndex(a[i]->GetHash())->status & BLOCK_FAILED_CHILD, 0U) << i;
    }
    const Blocks kept(a.begin(), a.begin() + 4);
    EXPECT_EQ(chain.UtxoHash(), TestChain::UtxoHashOf(P(), Concat(Prefix(), kept)));
    // Children of the invalidated branch are refused.
    EXPECT_EQ(chain.Submit(B().NextBlock(a.back()->GetHash())), "bad-prevblk");

    // Another branch on a[3], shorter than a: active while a[4] stays invalid.
    const Blocks c = Branch(a[3]->GetHash(), 3, 5, 1500);
    chain.SubmitAll(c);
    EXPECT_EQ(chain.TipHash(), c.back()->GetHash());

    // reconsiderblock: a is valid again and has more work.
    chain.cs().ReconsiderBlock(a5);
    ASSERT_TRUE(chain.cs().ActivateBestChain(state)) << state.ToString();
    EXPECT_EQ(chain.TipHash(), a.back()->GetHash());
    EXPECT_EQ(a5->status & BLOCK_FAILED_MASK, 0U);
    EXPECT_EQ(chain.UtxoHash(), utxo_full);
}

TEST_F(ReorgTest, InvalidateTipAndGenesisChild)
{
    TestChain chain{P()};
    chain.SubmitAll(Prefix());
    consensus::BlockValidationState state;
    // The whole chain down to genesis.
    ASSERT_TRUE(chain.cs().InvalidateBlock(state, chain.cs().Chain()[1])) << state.ToString();
    EXPECT_EQ(chain.Height(), 0);
    EXPECT_EQ(chain.UtxoHash(), TestChain{P()}.UtxoHash()); // as a fresh node: empty
    chain.cs().ReconsiderBlock(chain.cs().LookupBlockIndex(Prefix().front()->GetHash()));
    ASSERT_TRUE(chain.cs().ActivateBestChain(state));
    EXPECT_EQ(chain.TipHash(), Prefix().back()->GetHash());
}

TEST_F(ReorgTest, SideBranchWithInvalidBlockIsNeverActivated)
{
    TestChain chain{P()};
    chain.SubmitAll(Prefix());
    const Hash256 fork = chain.TipHash();
    const Blocks a = Branch(fork, 5, 1, 1000);
    chain.SubmitAll(a);
    const Hash256 utxo_a = chain.UtxoHash();

    // Side branch b: b[2] overpays its coinbase, which only connecting it can tell.
    Blocks b = Branch(fork, 2, 2, 1000);
    BlockOptions greedy;
    greedy.coinbase_extra = 1;
    b.push_back(B().NextBlock(b.back()->GetHash(), {}, greedy));
    const Blocks rest = Branch(b.back()->GetHash(), 5, 3, 1000);
    b.insert(b.end(), rest.begin(), rest.end());

    // b[0..4] have at most a's work: stored, not connected. b[5] has more: the reorg tries b, finds b[2]
    // invalid, and returns to a.
    for (size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(chain.Submit(b[i]), "") << i;
        EXPECT_EQ(chain.TipHash(), a.back()->GetHash()) << i;
    }
    EXPECT_EQ(chain.notes().checked[b[2]->GetHash()].GetRejectReason(), "bad-cb-amount");
    EXPECT_NE(chain.cs().LookupBlockIndex(b[2]->GetHash())->status & BLOCK_FAILED_VALID, 0U);
    for (size_t i = 3; i < 6; ++i) {
        EXPECT_NE(chain.cs().LookupBlockIndex(b[i]->GetHash())->status & BLOCK_FAILED_CHILD, 0U) << i;
    }
    // Later blocks of the branch are refused outright (and, not being stored, orphan their children).
    EXPECT_EQ(chain.Submit(b[6]), "bad-prevblk");
    EXPECT_EQ(chain.Submit(b[7]), "prev-blk-not-found");
    EXPECT_EQ(chain.TipHash(), a.back()->GetHash());
    for (size_t i = 2; i < b.size(); ++i) EXPECT_FALSE(chain.notes().ever_connected.count(b[i]->GetHash())) << i;
    EXPECT_EQ(chain.UtxoHash(), utxo_a);
    // And the valid chain goes on.
    const auto next = B().NextBlock(a.back()->GetHash());
    EXPECT_EQ(chain.Submit(next), "");
    EXPECT_EQ(chain.TipHash(), next->GetHash());
}

TEST_F(ReorgTest, InvalidBlockLateInBranchLeavesItsValidPartActive)
{
    // a: 5 blocks. b: 8 blocks with b[6] invalid. After the failed reorg to b[7], b[0..5] (6 blocks) is
    // valid and has more work than a: it stays the tip (the most-work valid chain, not the old one).
    TestChain chain{P()};
    chain.SubmitAll(Prefix());
    const Hash256 fork = chain.TipHash();
    const Blocks a = Branch(fork, 5, 1, 1000);
    chain.SubmitAll(a);
    Blocks b = Branch(fork, 6, 2, 1000);
    BlockOptions greedy;
    greedy.coinbase_extra = 1;
    b.push_back(B().NextBlock(b.back()->GetHash(), {}, greedy));
    b.push_back(B().NextBlock(b.back()->GetHash()));
    // Headers first, then b[6] and b[7] before their parents (waiting, unlinked), then b[0..5]: when
    // b[5] arrives, b[7] is the most-work candidate.
    std::vector<primitives::BlockHeader> headers;
    for (const auto& block : b) headers.push_back(block->header);
    consensus::BlockValidationState state;
    ASSERT_TRUE(chain.cs().ProcessNewBlockHeaders(headers, state)) << state.ToString();
    EXPECT_EQ(chain.Submit(b[6]), "");
    EXPECT_EQ(chain.Submit(b[7]), "");
    for (size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(chain.Submit(b[i]), "") << i;
        if (i < 5) {
            EXPECT_EQ(chain.TipHash(), a.back()->GetHash()) << i;
        }
    }
    EXPECT_EQ(chain.notes().checked[b[6]->GetHash()].GetRejectReason(), "bad-cb-amount");
    EXPECT_NE(chain.cs().LookupBlockIndex(b[7]->GetHash())->status & BLOCK_FAILED_MASK, 0U);
    EXPECT_EQ(chain.TipHash(), b[5]->GetHash());
    EXPECT_EQ(chain.UtxoHash(), TestChain::UtxoHashOf(P(), Concat(Prefix(), Blocks(b.begin(), b.begin() + 6))));
}

TEST_F(ReorgTest, SameTransactionsOnBothBranches)
{
    // Both branches confirm the same transactions (one spending another's output inside the block) at
    // different heights: disconnecting restores their inputs, reconnecting re-creates their outputs with
    // the new height.
    TestChain chain{P()};
    chain.SubmitAll(Prefix());
    const Hash256 fork = chain.TipHash();
    const auto parent = B().Spend(std::vector<Utxo>{B().Ancestor(fork, 1).coinbase}, 2, 1000);
    const auto child = B().Spend(std::vector<Utxo>{B().Coins(*parent).at(0)}, 1, 1000);
    Blocks a{B().NextBlock(fork, {parent, child})};
    a.push_back(B().NextBlock(a.back()->GetHash()));
    chain.SubmitAll(a);
    Blocks b{B().NextBlock(fork)};
    b.push_back(B().NextBlock(b.back()->GetHash()));
    b.push_back(B().NextBlock(b.back()->GetHash(), {parent, child}));
    chain.SubmitAll(b);
    ASSERT_EQ(chain.TipHash(), b.back()->GetHash());
    const Coin* coin = chain.cs().CoinsTip().AccessCoin(OutPoint{child->GetTxid(), 0});
    ASSERT_NE(coin, nullptr);
    EXPECT_EQ(coin->height, static_cast<uint32_t>(PREFIX + 3));
    EXPECT_EQ(chain.UtxoHash(), TestChain::UtxoHashOf(P(), Concat(Prefix(), b)));
}

TEST_F(ReorgTest, InvalidationSurvivesRestart)
{
    // On LevelDB, so the block index (with its failure flags) is really reopened.
    TempDir dir;
    auto open = [&] {
        ChainstateOptions opts;
        opts.data_dir = dir.path();
        opts.now = [] { return TEST_NOW; };
        opts.signature_cache_bytes = 1 << 20;
        auto cs = Chainstate::Open(P(), std::move(opts));
        EXPECT_TRUE(cs) << (cs ? "" : cs.error());
        return cs ? std::move(*cs) : nullptr;
    };
    const Blocks a = Branch(Prefix().back()->GetHash(), 4, 1, 1000);
    {
        auto cs = open();
        ASSERT_TRUE(cs);
        for (const auto& block : Concat(Prefix(), a)) {
            consensus::BlockValidationState state;
            ASSERT_TRUE(cs->ProcessNewBlock(block, true, nullptr, state));
        }
        consensus::BlockValidationState state;
        ASSERT_TRUE(cs->InvalidateBlock(state, cs->LookupBlockIndex(a[1]->GetHash())));
        ASSERT_EQ(cs->Tip()->GetHash(), a[0]->GetHash());
    }
    auto cs = open();
    ASSERT_TRUE(cs);
    EXPECT_EQ(cs->Tip()->GetHash(), a[0]->GetHash());
    EXPECT_NE(cs->LookupBlockIndex(a[1]->GetHash())->status & BLOCK_FAILED_VALID, 0U);
    EXPECT_NE(cs->LookupBlockIndex(a[3]->GetHash())->status & BLOCK_FAILED_MASK, 0U);
    consensus::BlockValidationState state;
    EXPECT_FALSE(cs->ProcessNewBlock(B().NextBlock(a[3]->GetHash()), true, nullptr, state));
    EXPECT_EQ(state.GetRejectReason(), "bad-prevblk");
    cs->ReconsiderBlock(cs->LookupBlockIndex(a[1]->GetHash()));
    consensus::BlockValidationState fresh; // a state is used once: a used one would fail the next check
    ASSERT_TRUE(cs->ActivateBestChain(fresh));
    EXPECT_EQ(cs->Tip()->GetHash(), a.back()->GetHash());
}
