// Pruning with small block files (ChainstateOptions::block_files) on regtest with -fastprune (prune after
// height 100): automatic pruning to a target keeps the last 288 blocks, pruned blocks are unreadable,
// manual pruneblockchain, a reorganisation within the kept blocks, and the prune state across restarts.

#include "chain_test_util.h"
#include "testutil/block_builder.h"

#include <hearth/storage/leveldb_store.h>

using namespace hearth;
using namespace hearth::chain;
using namespace hearth::chain::test;
using testutil::ChainBuilder;
using testutil::Utxo;

namespace {

constexpr int LENGTH = 450;

void SmallFiles(ChainstateOptions& opts)
{
    opts.block_files.max_blockfile_size = 16 << 10;
    opts.block_files.blockfile_chunk_size = 4 << 10;
    opts.block_files.undofile_chunk_size = 4 << 10;
}

class PruneTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        s_builder = std::make_unique<ChainBuilder>(FastPruneParams());
        s_blocks = SpendingChain(*s_builder, LENGTH);
        s_unpruned_utxo = TestChain::UtxoHashOf(s_builder->Params(), s_blocks);
    }
    static void TearDownTestSuite()
    {
        s_blocks.clear();
        s_builder.reset();
    }

    static std::function<void(ChainstateOptions&)> Pruning(uint64_t target)
    {
        return [target](ChainstateOptions& opts) {
            SmallFiles(opts);
            opts.prune_target = target;
        };
    }

    /// Checks that blocks below the prune height are gone and the others readable, with undo data.
    static void ExpectPrunedBelow(Chainstate& cs, int prune_height)
    {
        for (int h = 1; h <= cs.Chain().Height(); ++h) {
            const BlockIndex& index = *cs.Chain()[h];
            auto block = cs.ReadBlock(index);
            auto undo = cs.ReadUndo(index);
            if (h < prune_height) {
                EXPECT_FALSE(block) << h;
                EXPECT_FALSE(undo) << h;
                EXPECT_EQ(index.status & BLOCK_HAVE_MASK, 0U) << h;
            } else {
                EXPECT_TRUE(block) << h << ": " << (block ? "" : block.error());
                EXPECT_TRUE(undo) << h << ": " << (undo ? "" : undo.error());
            }
        }
    }

    inline static std::unique_ptr<ChainBuilder> s_builder;
    inline static Blocks s_blocks;
    inline static Hash256 s_unpruned_utxo;
};

} // namespace

TEST_F(PruneTest, AutomaticPruningKeepsTheLast288Blocks)
{
    TestChain unpruned{s_builder->Params(), [](ChainstateOptions& o) { SmallFiles(o); }};
    unpruned.SubmitAll(s_blocks);
    const uint64_t full_size = unpruned.cs().BlockFilesSize();

    TestChain chain{s_builder->Params(), Pruning(2)}; // a tiny target: prune all that may go
    chain.SubmitAll(s_blocks);
    Chainstate& cs = chain.cs();
    ASSERT_EQ(chain.Height(), LENGTH);
    EXPECT_TRUE(cs.IsPruneMode());
    EXPECT_TRUE(cs.HavePruned());
    const int prune_height = cs.PruneHeight();
    // Every block of the last 288 is kept; files holding only older blocks are gone.
    EXPECT_GT(prune_height, 100);
    EXPECT_LE(prune_height, LENGTH - MIN_BLOCKS_TO_KEEP + 1);
    EXPECT_LT(cs.BlockFilesSize(), full_size);
    EXPECT_FALSE(std::filesystem::exists(chain.dir() / "blocks" / "blk00000.dat"));
    EXPECT_FALSE(std::filesystem::exists(chain.dir() / "blocks" / "rev00000.dat"));
    EXPECT_TRUE(std::filesystem::exists(chain.dir() / "blocks" / storage::BlockFileName(cs.Tip()->file)));
    ExpectPrunedBelow(cs, prune_height);
    // Pruning never touches the UTXO set.
    EXPECT_EQ(chain.UtxoHash(), s_unpruned_utxo);
    // VerifyChain stops where the data ends.
    auto verified = cs.VerifyChain(4, LENGTH);
    EXPECT_TRUE(verified && *verified) << (verified ? "" : verified.error());
}

TEST_F(PruneTest, TargetLimitsHowMuchIsDeleted)
{
    TestChain unpruned{s_builder->Params(), [](ChainstateOptions& o) { SmallFiles(o); }};
    unpruned.SubmitAll(s_blocks);
    const uint64_t full_size = unpruned.cs().BlockFilesSize();
    // A target a little under the full size: the oldest file goes, no more.
    const uint64_t target = full_size - (4 << 10);
    TestChain chain{s_builder->Params(), Pruning(target)};
    chain.SubmitAll(s_blocks);
    EXPECT_TRUE(chain.cs().HavePruned());
    EXPECT_LE(chain.cs().BlockFilesSize(), target);
    EXPECT_GT(chain.cs().BlockFilesSize(), target / 2);
    TestChain tiny{s_builder->Params(), Pruning(2)};
    tiny.SubmitAll(s_blocks);
    EXPECT_LT(chain.cs().PruneHeight(), tiny.cs().PruneHeight());
    ExpectPrunedBelow(chain.cs(), chain.cs().PruneHeight());
}

TEST_F(PruneTest, ManualPruning)
{
    TestChain chain{s_builder->Params(), Pruning(1)}; // -prune=1: only pruneblockchain prunes
    chain.SubmitAll(s_blocks);
    Chainstate& cs = chain.cs();
    EXPECT_FALSE(cs.HavePruned());
    EXPECT_EQ(cs.PruneHeight(), 0);
    ExpectPrunedBelow(cs, 0);

    auto pruned = cs.PruneBlockchain(100);
    ASSERT_TRUE(pruned) << pruned.error();
    EXPECT_TRUE(cs.HavePruned());
    EXPECT_GT(*pruned, 1);
    EXPECT_LE(*pruned, 101);
    EXPECT_EQ(*pruned, cs.PruneHeight());
    ExpectPrunedBelow(cs, *pruned);

    // Asking for more than allowed prunes up to tip − 288 only.
    auto more = cs.PruneBlockchain(LENGTH);
    ASSERT_TRUE(more) << more.error();
    EXPECT_GT(*more, *pruned);
    EXPECT_LE(*more, LENGTH - MIN_BLOCKS_TO_KEEP + 1);
    ExpectPrunedBelow(cs, *more);
    EXPECT_EQ(chain.UtxoHash(), s_unpruned_utxo);

    // Not in prune mode: refused with Core's message.
    TestChain full{s_builder->Params()};
    auto refused = full.cs().PruneBlockchain(10);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error(), "Cannot prune blocks because node is not in prune mode.");
}

TEST_F(PruneTest, ReorgWithinKeptBlocksAfterPruning)
{
    TestChain chain{s_builder->Params(), Pruning(2)};
    chain.SubmitAll(s_blocks);
    ASSERT_TRUE(chain.cs().HavePruned());
    // A branch from 10 below the tip, one block longer, spending the same coins differently.
    ChainBuilder& b = *s_builder;
    const Hash256 fork = s_blocks[LENGTH - 11]->GetHash();
    Blocks side;
    Hash256 tip = fork;
    for (int h = LENGTH - 9; h <= LENGTH + 1; ++h) {
        side.push_back(b.NextBlock(tip, {b.Spend(std::vector<Utxo>{b.Ancestor(tip, h - 100).coinbase}, 1, 7777)}));
        tip = side.back()->GetHash();
    }
    chain.SubmitAll(side);
    EXPECT_EQ(chain.TipHash(), side.back()->GetHash());
    EXPECT_EQ(chain.notes().disconnected, 10);
    Blocks winner(s_blocks.begin(), s_blocks.begin() + (LENGTH - 10));
    winner.insert(winner.end(), side.begin(), side.end());
    EXPECT_EQ(chain.UtxoHash(), TestChain::UtxoHashOf(b.Params(), winner));
}

TEST_F(PruneTest, PruneStateSurvivesRestart)
{
    TempDir dir;
    auto open = [&](uint64_t prune_target) {
        ChainstateOptions opts;
        opts.data_dir = dir.path();
        opts.now = [] { return TEST_NOW; };
        opts.signature_cache_bytes = 1 << 20;
        opts.coins_cache_bytes = 4 << 20;
        SmallFiles(opts);
        opts.prune_target = prune_target;
        return Chainstate::Open(s_builder->Params(), std::move(opts));
    };
    int prune_height = 0;
    {
        auto cs = open(2);
        ASSERT_TRUE(cs) << cs.error();
        for (const auto& block : s_blocks) {
            consensus::BlockValidationState state;
            ASSERT_TRUE((*cs)->ProcessNewBlock(block, true, nullptr, state)) << state.ToString();
        }
        prune_height = (*cs)->PruneHeight();
        ASSERT_GT(prune_height, 0);
    }
    {
        auto cs = open(2);
        ASSERT_TRUE(cs) << cs.error();
        EXPECT_EQ((*cs)->Tip()->GetHash(), s_blocks.back()->GetHash());
        EXPECT_TRUE((*cs)->HavePruned());
        EXPECT_EQ((*cs)->PruneHeight(), prune_height);
        ExpectPrunedBelow(**cs, prune_height);
    }
    // Going back to an unpruned node needs -reindex (Core's message).
    auto unpruned = open(0);
    ASSERT_FALSE(unpruned);
    EXPECT_NE(unpruned.error().find("-reindex"), std::string::npos) << unpruned.error();
}
