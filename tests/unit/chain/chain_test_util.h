#ifndef HEARTH_TESTS_UNIT_CHAIN_CHAIN_TEST_UTIL_H
#define HEARTH_TESTS_UNIT_CHAIN_CHAIN_TEST_UTIL_H

// Helpers for chain tests: temporary data directories, reading Core-format block files, a chainstate on
// in-memory databases that reports reject reasons the way submitblock does, and a generated regtest chain
// shared by the tests of a suite.

#include <hearth/chain/chainstate.h>
#include <hearth/consensus/params.h>
#include <hearth/storage/block_file_reader.h>
#include <hearth/storage/memory_store.h>

#include "testutil/block_builder.h"
#include "testutil/temp_dir.h"
#include "testutil/vectors.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace hearth::chain::test {

using BlockRef = std::shared_ptr<const primitives::Block>;
using Blocks = std::vector<BlockRef>;

using testutil::TempDir;

/// Every block of a Core-format block file (magic + size + block records).
inline Blocks ReadBlockFile(const std::string& name, const storage::MessageStart& magic)
{
    Blocks blocks;
    auto reader = storage::BlockFileReader::Open(testutil::VectorPath(name), magic);
    if (!reader) {
        ADD_FAILURE() << reader.error();
        return blocks;
    }
    while (true) {
        auto next = (*reader)->Next();
        if (!next) {
            ADD_FAILURE() << next.error();
            break;
        }
        if (!next->has_value()) break;
        blocks.push_back(std::make_shared<const primitives::Block>(std::move((*next)->block)));
    }
    return blocks;
}

inline consensus::ChainParams Params(consensus::ChainType type)
{
    auto params = consensus::CreateChainParams(type);
    EXPECT_TRUE(params) << (params ? "" : params.error());
    return *params;
}

/// Regtest parameters with Core's test-only options (e.g. {"segwit@200"} for -testactivationheight).
inline consensus::ChainParams RegtestParams(consensus::ChainOptions options = {})
{
    auto params = consensus::CreateChainParams(consensus::ChainType::REGTEST, options);
    EXPECT_TRUE(params) << (params ? "" : params.error());
    return *params;
}

/// Regtest with -fastprune: pruning starts after height 100.
inline consensus::ChainParams FastPruneParams()
{
    consensus::ChainOptions options;
    options.fastprune = true;
    return RegtestParams(options);
}

/// `length` blocks on genesis in which every block from height 101 on spends the coinbase of 100 blocks
/// earlier into two outputs: a chain whose blocks carry real undo data.
inline Blocks SpendingChain(testutil::ChainBuilder& b, int length)
{
    Blocks blocks;
    Hash256 tip = b.Genesis().hash;
    for (int h = 1; h <= length; ++h) {
        std::vector<primitives::TransactionRef> txs;
        if (h > 100) txs.push_back(b.Spend(std::vector<testutil::Utxo>{b.Ancestor(tip, h - 100).coinbase}, 2));
        blocks.push_back(b.NextBlock(tip, txs));
        tip = blocks.back()->GetHash();
    }
    return blocks;
}

/// The clock of generated-chain tests: ten years after regtest's genesis, so block times (genesis + 600 s
/// per block) are never "too new" unless a test makes them so.
constexpr int64_t TEST_NOW = 1296688602 + 10LL * 365 * 24 * 60 * 60;

/// Records what the chainstate reports: BlockChecked results by block hash, fatal errors, connects.
class RecordingNotifications final : public ChainNotifications
{
public:
    void BlockChecked(const primitives::Block& block, const consensus::BlockValidationState& state) override
    {
        checked[block.GetHash()] = state;
    }
    void BlockConnected(const std::shared_ptr<const primitives::Block>&, const BlockIndex& index) override
    {
        ++connected;
        ever_connected.insert(index.GetHash());
    }
    void BlockDisconnected(const std::shared_ptr<const primitives::Block>&, const BlockIndex&) override
    {
        ++disconnected;
    }
    void FatalError(const std::string& message) override { fatal.push_back(message); }

    std::map<Hash256, consensus::BlockValidationState> checked;
    std::vector<std::string> fatal;
    std::set<Hash256> ever_connected;
    int connected{0};
    int disconnected{0};
};

/// ChainstateOptions::open_store for tests that need no persistence across reopening: fresh in-memory stores.
inline util::Result<std::unique_ptr<storage::KvStore>> OpenMemoryStore(const std::filesystem::path&,
                                                                       const storage::LeveldbOptions&)
{
    return std::unique_ptr<storage::KvStore>{std::make_unique<storage::MemoryStore>()};
}

/// A chainstate on in-memory databases (block files in a temp dir), a fixed clock and recording
/// notifications, for generated-chain tests.
class TestChain
{
public:
    explicit TestChain(const consensus::ChainParams& params,
                       const std::function<void(ChainstateOptions&)>& tweak = nullptr)
    {
        ChainstateOptions opts;
        opts.data_dir = m_dir.path();
        opts.open_store = OpenMemoryStore;
        opts.now = [] { return TEST_NOW; };
        opts.coins_cache_bytes = 8 << 20;
        opts.script_threads = 1;
        opts.assume_valid = Hash256{}; // check every script unless a test says otherwise
        opts.signature_cache_bytes = 1 << 20;
        opts.notifications = &m_notes;
        if (tweak) tweak(opts);
        auto cs = Chainstate::Open(params, std::move(opts));
        if (!cs) {
            ADD_FAILURE() << cs.error();
            return;
        }
        m_cs = std::move(*cs);
    }

    Chainstate& cs() { return *m_cs; }
    bool ok() const { return m_cs != nullptr; }
    RecordingNotifications& notes() { return m_notes; }
    const std::filesystem::path& dir() const { return m_dir.path(); }

    /// Submits a block as submitblock does (stored even if not on the best chain). Returns "" if it was
    /// accepted (connected, or stored on a side branch), else the reject reason: from ProcessNewBlock's
    /// state, or from BlockChecked if the block failed while being connected.
    std::string Submit(const BlockRef& block)
    {
        const Hash256 hash = block->GetHash();
        m_notes.checked.erase(hash);
        consensus::BlockValidationState state;
        bool new_block = false;
        if (!m_cs->ProcessNewBlock(block, /*force=*/true, &new_block, state)) {
            return state.GetRejectReason().empty() ? "rejected" : state.GetRejectReason();
        }
        auto it = m_notes.checked.find(hash);
        if (it != m_notes.checked.end() && !it->second.IsValid()) return it->second.GetRejectReason();
        return "";
    }

    /// Submits blocks in order; fails the test at the first rejection.
    void SubmitAll(const Blocks& blocks)
    {
        for (const auto& b : blocks) {
            const std::string reason = Submit(b);
            ASSERT_EQ(reason, "") << "block at " << m_cs->LookupBlockIndex(b->header.prev_block)->height + 1;
        }
    }

    /// A fresh chain that sees only `blocks` (in order) and returns its UTXO hash: what a node that never saw
    /// any other branch has.
    static Hash256 UtxoHashOf(const consensus::ChainParams& params, const Blocks& blocks)
    {
        TestChain fresh{params};
        fresh.SubmitAll(blocks);
        EXPECT_EQ(fresh.TipHash(), blocks.back()->GetHash());
        return fresh.UtxoHash();
    }

    Hash256 TipHash() { return m_cs->Tip()->GetHash(); }
    int Height() { return m_cs->Chain().Height(); }

    /// hash_serialized_3 of the UTXO set (flushes first).
    Hash256 UtxoHash()
    {
        auto stats = m_cs->ComputeCoinStats(CoinStatsHash::HASH_SERIALIZED);
        EXPECT_TRUE(stats) << (stats ? "" : stats.error());
        return stats && stats->hash_serialized ? *stats->hash_serialized : Hash256{};
    }

private:
    TempDir m_dir{TempDir::FastBase()};
    RecordingNotifications m_notes;
    std::unique_ptr<Chainstate> m_cs;
};

/// Length of the generated prefix most chain tests start from: blocks 1..110 on regtest, so the coinbases of
/// heights 1..11 are mature for block 111.
constexpr int PREFIX = 110;

/// Base of test suites that share one generated chain, built once per suite (generating and signing blocks
/// is the slow part): a ChainBuilder on regtest and its first PREFIX blocks on genesis. A suite that needs
/// more calls GeneratedPrefixTest::SetUpTestSuite() first from its own.
class GeneratedPrefixTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        s_builder = std::make_unique<testutil::ChainBuilder>(RegtestParams());
        s_prefix = s_builder->Extend(s_builder->Genesis().hash, PREFIX);
    }
    static void TearDownTestSuite()
    {
        s_prefix.clear();
        s_builder.reset();
    }

    static testutil::ChainBuilder& B() { return *s_builder; }
    static const consensus::ChainParams& P() { return s_builder->Params(); }
    /// Blocks 1..PREFIX.
    static const Blocks& Prefix() { return s_prefix; }

private:
    inline static std::unique_ptr<testutil::ChainBuilder> s_builder;
    inline static Blocks s_prefix;
};

} // namespace hearth::chain::test

#endif // HEARTH_TESTS_UNIT_CHAIN_CHAIN_TEST_UTIL_H
