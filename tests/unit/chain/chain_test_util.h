#ifndef HEARTH_TESTS_UNIT_CHAIN_CHAIN_TEST_UTIL_H
#define HEARTH_TESTS_UNIT_CHAIN_CHAIN_TEST_UTIL_H

// Helpers for chain tests: temporary data directories, reading Core-format block files, and a chainstate
// on in-memory databases that reports reject reasons the way submitblock does.

#include <hearth/chain/chainstate.h>
#include <hearth/consensus/params.h>
#include <hearth/storage/block_file_reader.h>
#include <hearth/storage/memory_store.h>

#include "testutil/vectors.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace hearth::chain::test {

/// A fresh directory under the system temp dir, removed when the object dies.
class TempDir
{
public:
    TempDir() : TempDir{std::filesystem::temp_directory_path()} {}
    /// Under `base` instead of the system temp dir.
    explicit TempDir(const std::filesystem::path& base)
    {
        std::random_device rd;
        m_path = base / ("hearth-chain-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(m_path);
    }
    /// A directory in memory (/dev/shm) where there is one, else the temp dir: for tests that write and
    /// fsync block files thousands of times, where a disk's fsync latency would dominate.
    static std::filesystem::path FastBase()
    {
        std::error_code ec;
        if (std::filesystem::is_directory("/dev/shm", ec)) {
            const auto probe =
                std::filesystem::path{"/dev/shm"} / ("hearth-probe-" + std::to_string(std::random_device{}()));
            if (std::filesystem::create_directory(probe, ec)) {
                std::filesystem::remove(probe, ec);
                return "/dev/shm";
            }
        }
        return std::filesystem::temp_directory_path();
    }
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

/// Every block of a Core-format block file (magic + size + block records).
inline std::vector<std::shared_ptr<const primitives::Block>> ReadBlockFile(const std::string& name,
                                                                           const storage::MessageStart& magic)
{
    std::vector<std::shared_ptr<const primitives::Block>> blocks;
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
    std::string Submit(const std::shared_ptr<const primitives::Block>& block)
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
    void SubmitAll(const std::vector<std::shared_ptr<const primitives::Block>>& blocks)
    {
        for (const auto& b : blocks) {
            const std::string reason = Submit(b);
            ASSERT_EQ(reason, "") << "block at " << m_cs->LookupBlockIndex(b->header.prev_block)->height + 1;
        }
    }

    /// A fresh chain that sees only `blocks` (in order) and returns its UTXO hash: what a node that never saw
    /// any other branch has.
    static Hash256 UtxoHashOf(const consensus::ChainParams& params,
                              const std::vector<std::shared_ptr<const primitives::Block>>& blocks)
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

} // namespace hearth::chain::test

#endif // HEARTH_TESTS_UNIT_CHAIN_CHAIN_TEST_UTIL_H
