// -assumevalid (Chainstate::ShouldCheckScripts, Core's ConnectBlock): scripts are skipped only for an
// ancestor of the assumed-valid block that is also in the best header chain, with enough chain work, and
// more than two weeks of equivalent work (2016 regtest blocks) below the best header. A block with a bad
// signature shows which: it is accepted exactly when its scripts are skipped.

#include "chain_test_util.h"
#include "testutil/block_builder.h"

using namespace hearth;
using namespace hearth::chain;
using namespace hearth::chain::test;
using testutil::ChainBuilder;
using testutil::Utxo;

namespace {

constexpr int TWO_WEEKS = 2016; // blocks of 600 s

const char* const BAD_SIG = "block-script-verify-flag-failed (Script evaluated without error but finished with a "
                            "false/empty top stack element)";

class AssumeValidTest : public GeneratedPrefixTest
{
protected:
    static void SetUpTestSuite()
    {
        GeneratedPrefixTest::SetUpTestSuite();
        ChainBuilder& b = B();
        // Block 111 spends block 1's coinbase (P2WPKH) with a broken signature.
        primitives::MutableTransaction tx =
            b.Spend(std::vector<Utxo>{b.Get(Prefix()[0]->GetHash()).coinbase})->ToMutable();
        tx.vin[0].witness[0][10] ^= 1;
        s_bad = b.NextBlock(Prefix().back()->GetHash(), {primitives::MakeTransactionRef(tx)});
        s_after = b.Extend(s_bad->GetHash(), TWO_WEEKS + 1);
    }
    static void TearDownTestSuite()
    {
        s_after.clear();
        s_bad.reset();
        GeneratedPrefixTest::TearDownTestSuite();
    }

    /// A chain assuming `assume_valid` valid, given the headers of the bad block and the first
    /// `headers_after` blocks after it, then the blocks up to the bad one; returns the bad block's verdict.
    std::string Run(int headers_after, const Hash256& assume_valid)
    {
        TestChain chain{P(), [&](ChainstateOptions& o) { o.assume_valid = assume_valid; }};
        std::vector<primitives::BlockHeader> headers;
        for (const auto& b : Prefix()) headers.push_back(b->header);
        headers.push_back(s_bad->header);
        for (int i = 0; i < headers_after; ++i) headers.push_back(s_after[static_cast<size_t>(i)]->header);
        consensus::BlockValidationState state;
        EXPECT_TRUE(chain.cs().ProcessNewBlockHeaders(headers, state)) << state.ToString();
        chain.SubmitAll(Prefix());
        const std::string verdict = chain.Submit(s_bad);
        EXPECT_EQ(chain.TipHash() == s_bad->GetHash(), verdict.empty());
        return verdict;
    }

    static Hash256 After(int n) { return s_after[static_cast<size_t>(n - 1)]->GetHash(); }

    inline static BlockRef s_bad;
    inline static Blocks s_after;
};

} // namespace

TEST_F(AssumeValidTest, SkipsScriptsMoreThanTwoWeeksBelowTheBestHeader)
{
    EXPECT_EQ(Run(TWO_WEEKS + 1, After(TWO_WEEKS + 1)), "");
}

TEST_F(AssumeValidTest, ChecksScriptsWithinTwoWeeksOfTheBestHeader)
{
    // Exactly two weeks of work above it is not enough (Core: skip only if more than two weeks).
    EXPECT_EQ(Run(TWO_WEEKS, After(TWO_WEEKS)), BAD_SIG);
}

TEST_F(AssumeValidTest, ChecksScriptsWithoutTheHeaders)
{
    // The assumed-valid block is unknown (no headers): everything is checked.
    EXPECT_EQ(Run(0, After(TWO_WEEKS + 1)), BAD_SIG);
    // Known, but the best header is not far enough ahead of the block.
    EXPECT_EQ(Run(5, After(5)), BAD_SIG);
}

TEST_F(AssumeValidTest, ChecksScriptsOfBlocksNotBelowTheAssumedValidBlock)
{
    // The assumed-valid block is an ancestor of the bad block, not a descendant.
    EXPECT_EQ(Run(TWO_WEEKS + 1, Prefix().back()->GetHash()), BAD_SIG);
    // A null hash (-assumevalid=0) checks everything.
    EXPECT_EQ(Run(TWO_WEEKS + 1, Hash256{}), BAD_SIG);
}

TEST_F(AssumeValidTest, ChecksScriptsOffTheAssumedValidChain)
{
    // The same bad transaction in a block on a side branch (a sibling of the bad block) while the headers
    // point at the other branch: not an ancestor of the assumed-valid block, so its scripts are checked.
    ChainBuilder& b = B();
    TestChain chain{b.Params(), [&](ChainstateOptions& o) { o.assume_valid = After(TWO_WEEKS + 1); }};
    std::vector<primitives::BlockHeader> headers;
    for (const auto& blk : Prefix()) headers.push_back(blk->header);
    headers.push_back(s_bad->header);
    for (const auto& blk : s_after) headers.push_back(blk->header);
    consensus::BlockValidationState state;
    ASSERT_TRUE(chain.cs().ProcessNewBlockHeaders(headers, state));
    chain.SubmitAll(Prefix());
    auto sibling = b.NextBlock(Prefix().back()->GetHash(), {s_bad->vtx[1]});
    ASSERT_NE(sibling->GetHash(), s_bad->GetHash());
    EXPECT_EQ(chain.Submit(sibling), BAD_SIG);
    // While the bad block itself, on the assumed-valid chain, is accepted.
    EXPECT_EQ(chain.Submit(s_bad), "");
}
