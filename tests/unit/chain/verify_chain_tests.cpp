// verifychain levels 0–4 on a generated chain: all pass on good data, and each level catches the damage
// the level below it cannot see — a transaction changed on disk (level 1: CheckBlock), undo data changed
// (level 2: its checksum), a witness signature changed on disk (not covered by the merkle root, so only
// level 4, reconnecting with script checks, finds it). Nothing VerifyChain does changes the chain state.

#include "chain_test_util.h"
#include "testutil/block_builder.h"

#include <fstream>

using namespace hearth;
using namespace hearth::chain;
using namespace hearth::chain::test;
using testutil::ChainBuilder;
using testutil::OutputType;

namespace {

/// Flips one byte of a file.
void FlipByte(const std::filesystem::path& path, uint64_t offset)
{
    std::fstream f{path, std::ios::in | std::ios::out | std::ios::binary};
    ASSERT_TRUE(f) << path;
    f.seekg(static_cast<std::streamoff>(offset));
    char c = 0;
    f.get(c);
    f.seekp(static_cast<std::streamoff>(offset));
    f.put(static_cast<char>(c ^ 0x20));
    ASSERT_TRUE(f.good());
}

class VerifyChainTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_chain.ok());
        // 110 blocks; each block from 101 on spends the coinbase of 100 blocks earlier (P2WPKH, P2TR or
        // P2PKH by height) into two outputs.
        for (const auto& block : SpendingChain(m_builder, 110)) ASSERT_EQ(m_chain.Submit(block), "");
        m_utxo = m_chain.UtxoHash();
    }

    util::Result<bool> Verify(int level, int depth = 6) { return m_chain.cs().VerifyChain(level, depth); }
    bool Passes(int level)
    {
        auto ok = Verify(level);
        return ok && *ok;
    }

    /// The blk file of `index` and the file offset of `needle` inside its stored block.
    std::pair<std::filesystem::path, uint64_t> Locate(const BlockIndex& index, util::ByteSpan needle)
    {
        auto raw = m_chain.cs().ReadRawBlock(index);
        EXPECT_TRUE(raw);
        auto it = std::search(raw->begin(), raw->end(), needle.begin(), needle.end());
        EXPECT_NE(it, raw->end());
        return {m_chain.dir() / "blocks" / storage::BlockFileName(index.file),
                index.data_pos + static_cast<uint64_t>(it - raw->begin())};
    }

    void ExpectStateUnchanged()
    {
        EXPECT_EQ(m_chain.Height(), 110);
        EXPECT_EQ(m_chain.UtxoHash(), m_utxo);
    }

    ChainBuilder m_builder{RegtestParams()};
    TestChain m_chain{RegtestParams()};
    Hash256 m_utxo;
};

} // namespace

TEST_F(VerifyChainTest, AllLevelsPassOnGoodData)
{
    for (int level = 0; level <= 4; ++level) {
        auto ok = Verify(level, 20);
        EXPECT_TRUE(ok && *ok) << "level " << level << ": " << (ok ? "" : ok.error());
    }
    // Depth 0 means the whole chain (Core's nCheckDepth <= 0).
    auto all = Verify(4, 0);
    EXPECT_TRUE(all && *all) << (all ? "" : all.error());
    ExpectStateUnchanged();
}

TEST_F(VerifyChainTest, ChangedTransactionFailsLevelOne)
{
    const BlockIndex& tip = *m_chain.cs().Tip();
    auto block = m_chain.cs().ReadBlock(tip);
    ASSERT_TRUE(block);
    // The low byte of an output value of the spending transaction (8-byte value, script length, script):
    // the block still decodes and its header, so its hash, stays the same.
    const auto [path, offset] = Locate(tip, block->vtx[1]->vout[0].script_pubkey);
    FlipByte(path, offset - 9);
    EXPECT_TRUE(Passes(0));
    auto level1 = Verify(1);
    ASSERT_FALSE(level1);
    EXPECT_NE(level1.error().find("bad-txnmrklroot"), std::string::npos) << level1.error();
}

TEST_F(VerifyChainTest, ChangedUndoDataFailsLevelTwo)
{
    const BlockIndex& index = *m_chain.cs().Chain()[108];
    ASSERT_NE(index.status & BLOCK_HAVE_UNDO, 0U);
    FlipByte(m_chain.dir() / "blocks" / storage::UndoFileName(index.file), index.undo_pos + 3);
    EXPECT_TRUE(Passes(1));
    auto level2 = Verify(2);
    ASSERT_FALSE(level2);
    EXPECT_NE(level2.error().find("undo"), std::string::npos) << level2.error();
}

TEST_F(VerifyChainTest, ChangedWitnessFailsOnlyLevelFour)
{
    const BlockIndex& index = *m_chain.cs().Chain()[107]; // spends height 7: P2WPKH (7 % 3 == 1)
    auto block = m_chain.cs().ReadBlock(index);
    ASSERT_TRUE(block);
    ASSERT_TRUE(block->vtx[1]->HasWitness());
    const util::Bytes& sig = block->vtx[1]->vin[0].witness[0];
    const auto [path, offset] = Locate(index, sig);
    FlipByte(path, offset + 10);
    for (int level = 0; level <= 3; ++level) {
        auto ok = Verify(level);
        EXPECT_TRUE(ok && *ok) << "level " << level << ": " << (ok ? "" : ok.error());
    }
    auto level4 = Verify(4);
    ASSERT_FALSE(level4);
    EXPECT_NE(level4.error().find("block-script-verify-flag-failed"), std::string::npos) << level4.error();
    EXPECT_NE(level4.error().find("at 107"), std::string::npos) << level4.error();
    ExpectStateUnchanged();
}
