// Crash safety at unit level. The two databases sit on in-memory stores that outlive a chainstate (the
// "disk"), behind a storage::FaultStore each (via ChainstateOptions::open_store) and a gate that counts
// writes across both. A crash at write N: the gate refuses write N+1 and every later one, and both
// FaultStores drop their unsynced batches beyond the first k (FaultStore::SimulateCrash(k)), as a power cut
// would; blk/rev files lose everything the index on disk does not cover (LoseUnsyncedBlockData: the worst
// a power cut can do, given that the chainstate fsyncs them before the index that points into them). The chainstate is
// then reopened: it must recover to a consistent tip — one of the blocks it was given, with exactly the UTXO set a
// clean node has at that block — and, given the blocks again, reach the same final state as a run without a crash.
// Scenarios: importing blocks with transactions, and a reorganisation; coins flushed after every block (many small
// multi-batch flushes) or only at shutdown (one big flush). Disk full (FaultStore::FailWritesAfter): a clean error,
// nothing corrupted, and a restart recovers.

#include "chain_test_util.h"
#include "testutil/block_builder.h"

#include <hearth/storage/block_files.h>
#include <hearth/storage/fault_store.h>
#include <hearth/storage/forwarding_store.h>

using namespace hearth;
using namespace hearth::chain;
using namespace hearth::chain::test;
using testutil::ChainBuilder;
using testutil::Utxo;

namespace {

/// Forwards to a store it shares with the test: the "disk" that survives the chainstate.
class SharedStore final : public storage::ForwardingStore
{
public:
    explicit SharedStore(std::shared_ptr<storage::KvStore> inner) : ForwardingStore{*inner}, m_inner{std::move(inner)}
    {}

private:
    std::shared_ptr<storage::KvStore> m_inner;
};

/// When to crash, shared by the two databases of one chainstate instance.
struct CrashPlan {
    /// Writes (both databases together) that succeed before the crash; nullopt: never crash.
    std::optional<uint64_t> crash_after;
    /// Unsynced batches each database keeps at the crash (SimulateCrash's k).
    size_t keep_unsynced{0};
    uint64_t writes{0};
    bool crashed{false};
    std::vector<storage::FaultStore*> faults;
};

/// The outermost store: counts writes and crashes at the planned one.
class CrashGate final : public storage::ForwardingStore
{
public:
    CrashGate(std::unique_ptr<storage::FaultStore> fault, CrashPlan* plan) :
        ForwardingStore{static_cast<storage::KvStore&>(*fault)}, m_fault{std::move(fault)}, m_plan{plan}
    {}
    util::Result<void> Write(storage::WriteBatch& batch, bool sync) override
    {
        if (m_plan->crashed) return util::Error{"simulated crash: the process is gone"};
        if (m_plan->crash_after && m_plan->writes == *m_plan->crash_after) {
            m_plan->crashed = true;
            for (storage::FaultStore* f : m_plan->faults) {
                if (auto ok = f->SimulateCrash(m_plan->keep_unsynced); !ok) ADD_FAILURE() << ok.error();
            }
            return util::Error{"simulated crash"};
        }
        ++m_plan->writes;
        return m_fault->Write(batch, sync);
    }

private:
    std::unique_ptr<storage::FaultStore> m_fault;
    CrashPlan* m_plan;
};

/// What survives a crash: the databases' contents and the blocks directory.
struct Disk {
    std::shared_ptr<storage::MemoryStore> index = std::make_shared<storage::MemoryStore>();
    std::shared_ptr<storage::MemoryStore> coins = std::make_shared<storage::MemoryStore>();
    TempDir dir{TempDir::FastBase()};

    /// A copy of `other` (databases and files).
    void CopyFrom(const Disk& other)
    {
        for (auto [to, from] : {std::pair{index, other.index}, std::pair{coins, other.coins}}) {
            auto batch = to->NewBatch();
            auto it = from->NewIterator();
            for (it->SeekToFirst(); it->Valid(); it->Next()) batch->Put(it->Key(), it->Value());
            ASSERT_TRUE(to->Write(*batch, true));
        }
        std::filesystem::copy(other.dir.path(), dir.path(),
                              std::filesystem::copy_options::recursive |
                                  std::filesystem::copy_options::overwrite_existing);
    }
};

struct Config {
    /// Coins cache size: 1 byte flushes after every block; large flushes only at shutdown.
    size_t coins_cache_bytes;
    /// Coins flush batch size: small, so one flush is several batches.
    size_t coins_batch_bytes;
    /// -prune target (0: no pruning), and tiny block files so that pruning happens often.
    uint64_t prune_target{0};
};

std::unique_ptr<Chainstate> Open(const consensus::ChainParams& params, Disk& disk, CrashPlan* plan,
                                 const Config& config, RecordingNotifications* notes = nullptr,
                                 std::string* error = nullptr)
{
    ChainstateOptions opts;
    opts.data_dir = disk.dir.path();
    opts.now = [] { return TEST_NOW; };
    opts.assume_valid = Hash256{};
    opts.coins_cache_bytes = config.coins_cache_bytes;
    opts.coins_batch_bytes = config.coins_batch_bytes;
    opts.signature_cache_bytes = 64 << 10;
    opts.notifications = notes;
    // Small pre-allocation steps: the blocks folder is copied for every run.
    opts.block_files.blockfile_chunk_size = 64 << 10;
    opts.block_files.undofile_chunk_size = 16 << 10;
    if (config.prune_target) {
        opts.prune_target = config.prune_target;
        opts.block_files.max_blockfile_size = 4 << 10;
        opts.block_files.blockfile_chunk_size = 1 << 10;
        opts.block_files.undofile_chunk_size = 1 << 10;
    }
    opts.open_store = [&disk,
                       plan](const std::filesystem::path&,
                             const storage::LeveldbOptions& o) -> util::Result<std::unique_ptr<storage::KvStore>> {
        auto fault = std::make_unique<storage::FaultStore>(
            std::make_unique<SharedStore>(o.name == "chainstate" ? disk.coins : disk.index));
        plan->faults.push_back(fault.get());
        return std::unique_ptr<storage::KvStore>{std::make_unique<CrashGate>(std::move(fault), plan)};
    };
    auto cs = Chainstate::Open(params, std::move(opts));
    if (!cs) {
        if (error) *error = cs.error();
        return nullptr;
    }
    return std::move(*cs);
}

/// A power cut also loses blk/rev data that was never fsynced. The chainstate fsyncs block and undo data
/// before the index records that point into it, so the worst case is: every file cut back to the size the
/// index on disk records for it (files it does not know at all are gone).
void LoseUnsyncedBlockData(Disk& disk)
{
    std::map<int32_t, storage::BlockFileInfo> infos;
    auto it = disk.index->NewIterator();
    const uint8_t prefix = 'f';
    for (it->Seek({&prefix, 1}); it->Valid() && !it->Key().empty() && it->Key()[0] == prefix; it->Next()) {
        const util::ByteSpan key = it->Key();
        ASSERT_EQ(key.size(), 5U);
        const int32_t file = static_cast<int32_t>(uint32_t{key[1]} | uint32_t{key[2]} << 8 | uint32_t{key[3]} << 16 |
                                                  uint32_t{key[4]} << 24);
        auto info = storage::DecodeBlockFileInfo(it->Value());
        ASSERT_TRUE(info);
        infos[file] = *info;
    }
    const auto blocks = disk.dir.path() / "blocks";
    for (const auto& entry : std::filesystem::directory_iterator(blocks)) {
        const std::string name = entry.path().filename().string();
        if (name.size() != 12 || (name.rfind("blk", 0) != 0 && name.rfind("rev", 0) != 0)) continue;
        const int32_t file = std::stoi(name.substr(3, 5));
        const auto found = infos.find(file);
        const uint64_t keep = found == infos.end() ? 0 : name[0] == 'b' ? found->second.size : found->second.undo_size;
        if (entry.file_size() > keep) std::filesystem::resize_file(entry.path(), keep);
    }
}

/// Submits blocks until one fails (a crash or a write error); returns how many were processed.
size_t SubmitUntilFailure(Chainstate& cs, const Blocks& blocks)
{
    for (size_t i = 0; i < blocks.size(); ++i) {
        consensus::BlockValidationState state;
        bool new_block = false;
        if (!cs.ProcessNewBlock(blocks[i], true, &new_block, state)) {
            EXPECT_TRUE(state.IsError()) << "block " << i << ": " << state.ToString(); // not the block's fault
            return i;
        }
    }
    return blocks.size();
}

Hash256 UtxoHashOf(Chainstate& cs)
{
    auto stats = cs.ComputeCoinStats(CoinStatsHash::HASH_SERIALIZED);
    EXPECT_TRUE(stats) << (stats ? "" : stats.error());
    return stats ? *stats->hash_serialized : Hash256{};
}

/// Runs `blocks` from the base disk with a crash after `crash_after` writes (nullopt: no crash), then
/// reopens, checks the recovered state and finishes the run. Returns the writes counted before the crash.
uint64_t RunWithCrash(const consensus::ChainParams& params, const std::map<Hash256, Hash256>& reference,
                      const Disk* base, const Blocks& blocks, const Config& config, std::optional<uint64_t> crash_after,
                      size_t keep)
{
    Disk disk;
    if (base) disk.CopyFrom(*base);
    CrashPlan plan;
    plan.crash_after = crash_after;
    plan.keep_unsynced = keep;
    const std::string where = "crash after write " + (crash_after ? std::to_string(*crash_after) : "-") + ", keeping " +
                              std::to_string(keep) + " unsynced batches";
    {
        // The crashed instance's complaints (its shutdown flush fails too) are expected noise.
        testing::internal::CaptureStderr();
        auto cs = Open(params, disk, &plan, config);
        if (cs) SubmitUntilFailure(*cs, blocks);
        EXPECT_TRUE(cs || plan.crashed) << where;
        cs.reset(); // shutdown: flushes unless crashed
        testing::internal::GetCapturedStderr();
    }
    if (plan.crashed) LoseUnsyncedBlockData(disk);
    const uint64_t writes = plan.writes;

    // Restart.
    CrashPlan after;
    std::string error;
    auto cs = Open(params, disk, &after, config, nullptr, &error);
    EXPECT_TRUE(cs) << where << ": " << error;
    if (!cs) return writes;
    const Hash256 tip = cs->Tip()->GetHash();
    auto ref = reference.find(tip);
    EXPECT_NE(ref, reference.end()) << where << ": recovered to an unknown tip at height " << cs->Chain().Height();
    if (ref != reference.end()) {
        EXPECT_EQ(UtxoHashOf(*cs), ref->second) << where << ": UTXO set at height " << cs->Chain().Height();
    }
    auto verified = cs->VerifyChain(4, 6);
    EXPECT_TRUE(verified && *verified) << where << ": " << (verified ? "" : verified.error());
    // Given the blocks again, it ends where a clean run ends.
    EXPECT_EQ(SubmitUntilFailure(*cs, blocks), blocks.size()) << where;
    EXPECT_EQ(cs->Tip()->GetHash(), blocks.back()->GetHash()) << where;
    EXPECT_EQ(UtxoHashOf(*cs), reference.at(blocks.back()->GetHash())) << where;
    return writes;
}

/// Crashes at every write of the scenario, losing all, all but one, or none of the unsynced batches.
void CrashEverywhere(const consensus::ChainParams& params, const std::map<Hash256, Hash256>& reference,
                     const Disk* base, const Blocks& blocks, const Config& config)
{
    const uint64_t total = RunWithCrash(params, reference, base, blocks, config, std::nullopt, 0);
    ASSERT_GT(total, 0U);
    for (uint64_t n = 0; n < total && !::testing::Test::HasFailure(); ++n) {
        for (size_t keep : {0, 1, 1000}) RunWithCrash(params, reference, base, blocks, config, n, keep);
    }
    ::testing::Test::RecordProperty("writes", static_cast<int>(total));
    std::printf("crashed at each of %llu writes\n", static_cast<unsigned long long>(total));
}

class CrashTest : public GeneratedPrefixTest
{
protected:
    static void SetUpTestSuite()
    {
        GeneratedPrefixTest::SetUpTestSuite();
        s_base = std::make_unique<Disk>();
        ChainBuilder& b = B();
        const Blocks& prefix = Prefix();
        // The disk every run starts from: the prefix imported and cleanly shut down.
        {
            CrashPlan plan;
            auto cs = Open(b.Params(), *s_base, &plan, Config{1 << 20, 32 << 20});
            ASSERT_TRUE(cs);
            ASSERT_EQ(SubmitUntilFailure(*cs, prefix), prefix.size());
        }
        // Main branch: 12 blocks, each spending a mature coinbase into 3 outputs and an output of the block
        // before; side branch: 7 blocks on main[6], spending other coins; it wins at its 6th block, a
        // reorganisation of depth 5.
        auto branch = [&](const Hash256& parent, int count, int first_coin) {
            Blocks out;
            Hash256 tip = parent;
            std::optional<Utxo> carry;
            for (int i = 0; i < count; ++i) {
                std::vector<primitives::TransactionRef> txs;
                txs.push_back(b.Spend(std::vector<Utxo>{b.Ancestor(parent, first_coin + i).coinbase}, 3, 1000));
                if (carry) txs.push_back(b.Spend(std::vector<Utxo>{*carry}, 2, 500));
                carry = b.Coins(*txs.front()).at(2);
                out.push_back(b.NextBlock(tip, txs));
                tip = out.back()->GetHash();
            }
            return out;
        };
        const Blocks main = branch(prefix.back()->GetHash(), 12, 1);
        const Blocks side = branch(main[6]->GetHash(), 7, 8); // coins 8..12 conflict with main[7..11]
        s_import = main;
        s_reorg = main;
        s_reorg.insert(s_reorg.end(), side.begin(), side.end());

        // Reference UTXO hashes of a clean node at every block of both branches.
        TestChain ref{b.Params()};
        s_reference[ref.TipHash()] = ref.UtxoHash();
        for (const auto& block : prefix) {
            ASSERT_EQ(ref.Submit(block), "");
            s_reference[block->GetHash()] = ref.UtxoHash();
        }
        for (const Blocks* branch_blocks : {&main, &side}) {
            if (branch_blocks == &side) {
                consensus::BlockValidationState state;
                ASSERT_TRUE(ref.cs().InvalidateBlock(state, ref.cs().LookupBlockIndex(main[7]->GetHash())));
                ASSERT_EQ(ref.TipHash(), main[6]->GetHash());
            }
            for (const auto& block : *branch_blocks) {
                ASSERT_EQ(ref.Submit(block), "");
                ASSERT_EQ(ref.TipHash(), block->GetHash());
                s_reference[block->GetHash()] = ref.UtxoHash();
            }
        }
    }
    static void TearDownTestSuite()
    {
        s_import.clear();
        s_reorg.clear();
        s_reference.clear();
        s_base.reset();
        GeneratedPrefixTest::TearDownTestSuite();
    }

    inline static std::unique_ptr<Disk> s_base;
    inline static Blocks s_import;
    inline static Blocks s_reorg;
    inline static std::map<Hash256, Hash256> s_reference;
};

constexpr Config FLUSH_EVERY_BLOCK{1, 150};
constexpr Config FLUSH_AT_SHUTDOWN{64 << 20, 300};

} // namespace

// From an empty data directory (genesis is stored and connected inside Open, and the first coins flush
// has no previous best block), with one large flush at shutdown.
TEST_F(CrashTest, FirstImportIntoEmptyDataDir)
{
    CrashEverywhere(P(), s_reference, nullptr, Prefix(), FLUSH_AT_SHUTDOWN);
}
TEST_F(CrashTest, ImportFlushingEveryBlock)
{
    CrashEverywhere(P(), s_reference, s_base.get(), s_import, FLUSH_EVERY_BLOCK);
}
TEST_F(CrashTest, ImportFlushingAtShutdown)
{
    CrashEverywhere(P(), s_reference, s_base.get(), s_import, FLUSH_AT_SHUTDOWN);
}
TEST_F(CrashTest, ReorgFlushingEveryBlock)
{
    CrashEverywhere(P(), s_reference, s_base.get(), s_reorg, FLUSH_EVERY_BLOCK);
}
TEST_F(CrashTest, ReorgFlushingAtShutdown)
{
    CrashEverywhere(P(), s_reference, s_base.get(), s_reorg, FLUSH_AT_SHUTDOWN);
}

TEST_F(CrashTest, DiskFullIsACleanErrorAndRestartRecovers)
{
    const auto& params = P();
    const Blocks& blocks = s_reorg;
    for (uint64_t allowed : {0, 1, 2, 3, 5, 8, 13}) {
        const std::string where = "disk full after " + std::to_string(allowed) + " more writes";
        Disk disk;
        disk.CopyFrom(*s_base);
        {
            CrashPlan plan;
            RecordingNotifications notes;
            auto cs = Open(params, disk, &plan, FLUSH_EVERY_BLOCK, &notes);
            ASSERT_TRUE(cs);
            // Half the blocks go in; then the disk fills up.
            const size_t half = blocks.size() / 2;
            ASSERT_EQ(SubmitUntilFailure(*cs, Blocks(blocks.begin(), blocks.begin() + static_cast<ptrdiff_t>(half))),
                      half);
            for (storage::FaultStore* f : plan.faults) f->FailWritesAfter(allowed);
            testing::internal::CaptureStderr();
            const Blocks rest(blocks.begin() + static_cast<ptrdiff_t>(half), blocks.end());
            const size_t done = SubmitUntilFailure(*cs, rest);
            EXPECT_LT(done, rest.size()) << where;
            EXPECT_FALSE(notes.fatal.empty()) << where; // the node is told to shut down
            // Reading still works and the tip is a block we gave it.
            EXPECT_TRUE(s_reference.count(cs->Tip()->GetHash())) << where;
            uint64_t refused = 0;
            for (storage::FaultStore* f : plan.faults) refused += f->FailedWriteCount();
            EXPECT_GT(refused, 0U) << where;
            cs.reset(); // the shutdown flush fails as well
            testing::internal::GetCapturedStderr();
        }
        // Space freed, restart.
        CrashPlan after;
        auto cs = Open(params, disk, &after, FLUSH_EVERY_BLOCK);
        ASSERT_TRUE(cs) << where;
        auto ref = s_reference.find(cs->Tip()->GetHash());
        ASSERT_NE(ref, s_reference.end()) << where;
        EXPECT_EQ(UtxoHashOf(*cs), ref->second) << where;
        EXPECT_EQ(SubmitUntilFailure(*cs, blocks), blocks.size()) << where;
        EXPECT_EQ(cs->Tip()->GetHash(), blocks.back()->GetHash()) << where;
        EXPECT_EQ(UtxoHashOf(*cs), s_reference.at(blocks.back()->GetHash())) << where;
    }
}

// ------------------------------------------------------------------------------------- with pruning

namespace {

/// Crashes while a pruning node imports: block files are deleted during flushes, and a restart must never
/// find the block index pointing at files that are gone.
class PruneCrashTest : public ::testing::Test
{
protected:
    static constexpr int BASE = 400;
    static constexpr int MORE = 40;
    static constexpr Config PRUNING{64 << 20, 300, 2}; // prune all that may go

    static void SetUpTestSuite()
    {
        s_builder = std::make_unique<ChainBuilder>(FastPruneParams());
        ChainBuilder& b = *s_builder;
        s_base = std::make_unique<Disk>();
        const Blocks all = SpendingChain(b, BASE + MORE);
        {
            CrashPlan plan;
            auto cs = Open(b.Params(), *s_base, &plan, PRUNING);
            ASSERT_TRUE(cs);
            ASSERT_EQ(SubmitUntilFailure(*cs, Blocks(all.begin(), all.begin() + BASE)), size_t{BASE});
            ASSERT_TRUE(cs->HavePruned());
        }
        s_more = Blocks(all.begin() + BASE, all.end());
        TestChain ref{b.Params()};
        for (size_t i = 0; i < all.size(); ++i) {
            ASSERT_EQ(ref.Submit(all[i]), "");
            if (i + 1 >= BASE) s_reference[all[i]->GetHash()] = ref.UtxoHash();
        }
    }
    static void TearDownTestSuite()
    {
        s_more.clear();
        s_reference.clear();
        s_base.reset();
        s_builder.reset();
    }

    inline static std::unique_ptr<ChainBuilder> s_builder;
    inline static std::unique_ptr<Disk> s_base;
    inline static Blocks s_more;
    inline static std::map<Hash256, Hash256> s_reference;
};

} // namespace

TEST_F(PruneCrashTest, CrashWhilePruning)
{
    CrashEverywhere(s_builder->Params(), s_reference, s_base.get(), s_more, PRUNING);
}

TEST_F(CrashTest, IndexWriteFailsThenSucceedsBeforeShutdown)
{
    // The block index write fails once (disk full), then space is freed and the shutdown flush succeeds.
    // Whatever that flush writes must still describe the block files correctly: after a restart, new
    // blocks must not be written over blocks the index points to.
    const auto& params = P();
    const Blocks& blocks = s_reorg;
    for (uint64_t allowed : {0, 1, 2, 4}) {
        const std::string where = "index write refused after " + std::to_string(allowed) + " more";
        Disk disk;
        disk.CopyFrom(*s_base);
        {
            CrashPlan plan;
            RecordingNotifications notes;
            auto cs = Open(params, disk, &plan, FLUSH_EVERY_BLOCK, &notes);
            ASSERT_TRUE(cs);
            storage::FaultStore* index_store = plan.faults.at(0);
            testing::internal::CaptureStderr();
            index_store->FailWritesAfter(allowed);
            const size_t done = SubmitUntilFailure(*cs, blocks);
            EXPECT_LT(done, blocks.size()) << where;
            index_store->ClearFaults();
            cs.reset(); // the shutdown flush succeeds
            testing::internal::GetCapturedStderr();
        }
        CrashPlan after;
        std::string error;
        auto cs = Open(params, disk, &after, FLUSH_EVERY_BLOCK, nullptr, &error);
        ASSERT_TRUE(cs) << where << ": " << error;
        EXPECT_EQ(SubmitUntilFailure(*cs, blocks), blocks.size()) << where;
        EXPECT_EQ(cs->Tip()->GetHash(), blocks.back()->GetHash()) << where;
        // Every stored block of the active chain still reads back as itself.
        for (int h = 1; h <= cs->Chain().Height(); ++h) {
            auto block = cs->ReadBlock(*cs->Chain()[h]);
            EXPECT_TRUE(block) << where << ": height " << h << ": " << (block ? "" : block.error());
        }
        auto verified = cs->VerifyChain(2, 0);
        EXPECT_TRUE(verified && *verified) << where << ": " << (verified ? "" : verified.error());
        EXPECT_EQ(UtxoHashOf(*cs), s_reference.at(blocks.back()->GetHash())) << where;
    }
}
