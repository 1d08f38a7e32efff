#ifndef HEARTH_CHAIN_CHAINSTATE_H
#define HEARTH_CHAIN_CHAINSTATE_H

// The chainstate: block index, active chain, UTXO set and block storage, and the rules that move the tip
// (Core's ChainstateManager + Chainstate + BlockManager, in one class with one lock).
//
// Every public method takes the chainstate lock (recursive, like Core's cs_main); a caller that needs
// several calls to see one consistent state can hold Lock() around them. Block connection releases the lock
// between blocks so RPC stays responsive during import.
//
// Durability (FlushStateToDisk): (1) fsync block and undo files, (2) write the dirty block index entries and
// file infos in one synced batch, (3) flush the coins with the 'H'/'B' marker protocol, (4) only then record
// pruned files in the index and delete them. A crash at any point leaves a state Open() can recover: the
// coins' 'H' marker makes it replay (roll back / forward) blocks that are all still on disk.

#include <hearth/chain/active_chain.h>
#include <hearth/chain/block_index.h>
#include <hearth/chain/block_tree_db.h>
#include <hearth/chain/coins.h>
#include <hearth/chain/notifications.h>
#include <hearth/consensus/params.h>
#include <hearth/consensus/validation_state.h>
#include <hearth/primitives/block.h>
#include <hearth/script/sighash.h>
#include <hearth/storage/block_files.h>
#include <hearth/storage/leveldb_store.h>
#include <hearth/storage/undo.h>
#include <hearth/util/logging.h>
#include <hearth/util/result.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

namespace hearth::chain {

struct ScriptCheckFailure;
struct ScriptCheck;
template <typename Check, typename Failure>
class CheckQueue;
} // namespace hearth::chain
namespace hearth::script {
class SignatureCache;
}
namespace hearth::chain {

/// Keep undo data for at least this many blocks below the tip (reorg safety under pruning).
constexpr int MIN_BLOCKS_TO_KEEP = 288;
/// Smallest -prune target in bytes (550 MiB).
constexpr uint64_t MIN_DISK_SPACE_FOR_BLOCK_FILES = 550ULL * 1024 * 1024;

struct ChainstateOptions {
    /// <datadir>/<net>; blocks/, blocks/index/ and chainstate/ live below it.
    std::filesystem::path data_dir;
    /// Opens the two LevelDB databases; tests may wrap them (e.g. in a storage::FaultStore). Default:
    /// storage::OpenLeveldbStore.
    std::function<util::Result<std::unique_ptr<storage::KvStore>>(const std::filesystem::path&,
                                                                  const storage::LeveldbOptions&)>
        open_store;
    /// Bytes for the in-memory coins cache (-dbcache minus the databases' own caches).
    size_t coins_cache_bytes{300 << 20};
    /// Largest LevelDB batch of one coins flush (Core's -dbbatchsize); tests make it small so that a flush
    /// spans several batches and a crash can fall between them.
    size_t coins_batch_bytes{32 << 20};
    /// LevelDB caches for blocks/index and chainstate.
    size_t block_index_cache_bytes{2 << 20};
    size_t coins_db_cache_bytes{8 << 20};
    /// Signature cache size (Core's -maxsigcachesize; script::DEFAULT_SIGNATURE_CACHE_BYTES). Tests that open
    /// hundreds of chainstates make it small: it is allocated and zeroed up front.
    size_t signature_cache_bytes{32 << 20};
    /// Script-check worker threads besides the validation thread (-par minus one).
    unsigned script_threads{0};
    /// -assumevalid: nullopt = the network's default; a null hash = verify every script.
    std::optional<Hash256> assume_valid;
    /// -prune target in bytes (0: no pruning; 1: manual pruning via PruneBlockchain only).
    uint64_t prune_target{0};
    /// -reindex: wipe the block index and chainstate and rebuild from the blk files.
    bool reindex{false};
    /// -reindex-chainstate: wipe the chainstate and reconnect the stored blocks.
    bool reindex_chainstate{false};
    /// Clock for "now" (UNIX seconds): time-too-new checks, IBD, flush intervals. Mockable (setmocktime).
    std::function<int64_t()> now;
    /// How often to write everything even if the cache is not full (Core: about an hour).
    std::chrono::seconds flush_interval{3600};
    /// Storage options for tests (smaller blk files etc.). dir and magic are filled in by Open.
    storage::BlockFilesOptions block_files;
    /// Receives events; may be null.
    ChainNotifications* notifications{nullptr};
    /// Where the chainstate's few messages go (reindex progress, fatal errors); null: stderr.
    util::Logger* logger{nullptr};
};

enum class FlushMode { IF_NEEDED, PERIODIC, ALWAYS };

/// Result of gettxoutsetinfo's scan (Core's CCoinsStats).
struct CoinStats {
    int height{0};
    Hash256 best_block;
    uint64_t transactions{0}; ///< distinct txids with unspent outputs
    uint64_t txouts{0};
    uint64_t bogosize{0};
    primitives::Amount total_amount{0};
    uint64_t disk_size{0};
    /// SHA256d of every coin's serialization in key order (hash_serialized_3), if asked for.
    std::optional<Hash256> hash_serialized;
    /// MuHash3072 digest, if asked for.
    std::optional<Hash256> muhash;
};
enum class CoinStatsHash { NONE, HASH_SERIALIZED, MUHASH };

/// A disconnect's outcome (Core's DisconnectResult).
enum class DisconnectResult { OK, UNCLEAN, FAILED };

class Chainstate
{
public:
    /// Opens (or creates) the block index, block files and chainstate under options.data_dir, recovers from
    /// an interrupted flush, stores and connects genesis on a new data directory. Errors name the problem
    /// and the fix (e.g. -reindex).
    [[nodiscard]] static util::Result<std::unique_ptr<Chainstate>> Open(const consensus::ChainParams& params,
                                                                        ChainstateOptions options);
    ~Chainstate();
    Chainstate(const Chainstate&) = delete;
    Chainstate& operator=(const Chainstate&) = delete;

    /// The chainstate lock. A caller that has to wait for it is counted, so that block connection, which
    /// takes it again right after releasing it between blocks, can let that caller in first.
    std::unique_lock<std::recursive_mutex> Lock() const
    {
        std::unique_lock lock{m_cs, std::try_to_lock};
        if (!lock.owns_lock()) {
            m_lock_waiters.fetch_add(1, std::memory_order_relaxed);
            lock.lock();
            m_lock_waiters.fetch_sub(1, std::memory_order_relaxed);
        }
        return lock;
    }
    const consensus::ChainParams& Params() const { return m_params; }

    // ------------------------------------------------------------------------------ blocks in
    /// Checks and stores a block, then moves the tip to the best chain (Core's ProcessNewBlock). Returns
    /// false with `state` set if the block itself is invalid or could not be stored; a valid block on a side
    /// branch returns true. `new_block` tells whether it was not stored before. `force`: store even if it
    /// is not (yet) on a better chain (submitblock, -loadblock).
    bool ProcessNewBlock(const std::shared_ptr<const primitives::Block>& block, bool force, bool* new_block,
                         consensus::BlockValidationState& state);
    /// Checks and adds headers (Core's ProcessNewBlockHeaders). `last` gets the last accepted header's entry.
    bool ProcessNewBlockHeaders(std::span<const primitives::BlockHeader> headers,
                                consensus::BlockValidationState& state, const BlockIndex** last = nullptr);
    /// Imports a Core-format block file (-loadblock; magic + size + block records, as blk*.dat): stores and
    /// connects every block, holding back blocks that come before their parent until it arrives. Blocks
    /// already known are skipped; invalid ones are reported in `stats` and skipped. `interrupted` is polled
    /// between blocks (shutdown).
    struct ImportStats {
        uint64_t blocks_read{0};
        uint64_t blocks_new{0};
        uint64_t blocks_invalid{0};
        uint64_t orphans_left{0}; ///< blocks whose parent never appeared
        std::string first_error;
    };
    [[nodiscard]] util::Result<ImportStats> LoadExternalBlockFile(const std::filesystem::path& path,
                                                                  const std::function<bool()>& interrupted = {});

    /// Connects/disconnects until the tip is the valid chain with most work.
    bool ActivateBestChain(consensus::BlockValidationState& state,
                           std::shared_ptr<const primitives::Block> block = nullptr);
    /// Marks `index` and its descendants invalid and moves the tip off them (invalidateblock).
    bool InvalidateBlock(consensus::BlockValidationState& state, BlockIndex* index);
    /// Clears failure flags of `index`, its ancestors and descendants (reconsiderblock); then call
    /// ActivateBestChain.
    void ReconsiderBlock(BlockIndex* index);

    // ------------------------------------------------------------------------------ state out
    const ActiveChain& Chain() const { return m_chain; }
    BlockIndex* Tip() const { return m_chain.Tip(); }
    BlockIndex* LookupBlockIndex(const Hash256& hash) const;
    const BlockIndex* BestHeader() const { return m_best_header; }
    const BlockMap& BlockIndexMap() const { return m_block_index; }
    CoinsViewCache& CoinsTip() { return *m_coins_tip; }
    CoinsViewDb& CoinsDb() { return *m_coins_db; }
    bool IsInitialBlockDownload() const;
    /// Core's GuessVerificationProgress for `index` (default: tip).
    double VerificationProgress(const BlockIndex* index = nullptr) const;
    /// Now, per the injected clock.
    int64_t Now() const { return m_options.now(); }

    [[nodiscard]] util::Result<primitives::Block> ReadBlock(const BlockIndex& index) const;
    [[nodiscard]] util::Result<util::Bytes> ReadRawBlock(const BlockIndex& index) const;
    [[nodiscard]] util::Result<storage::BlockUndo> ReadUndo(const BlockIndex& index) const;

    /// Scans the flushed UTXO set (flushes first) as gettxoutsetinfo does.
    [[nodiscard]] util::Result<CoinStats> ComputeCoinStats(CoinStatsHash hash);

    /// Writes state to disk per `mode`; errors are also reported through ChainNotifications::FatalError.
    [[nodiscard]] util::Result<void> Flush(FlushMode mode = FlushMode::ALWAYS);

    // ------------------------------------------------------------------------------ pruning, disk
    bool IsPruneMode() const { return m_options.prune_target > 0; }
    /// The -prune target in bytes (1: manual pruning only).
    uint64_t PruneTarget() const { return m_options.prune_target; }
    /// Whether any block files were ever pruned.
    bool HavePruned() const { return m_have_pruned; }
    /// Lowest height whose block data is still stored (0 if nothing was pruned).
    int PruneHeight() const;
    /// Prunes block files whose blocks are all at or below `height` (and below tip − 288); returns the
    /// new prune height (pruneblockchain).
    [[nodiscard]] util::Result<int> PruneBlockchain(int height);
    /// Bytes of blk/rev files (size_on_disk).
    uint64_t BlockFilesSize() const;

    /// Re-checks the last `depth` blocks of the active chain at `level` 0–4 (verifychain): 0 read,
    /// 1 CheckBlock, 2 undo readable, 3 disconnect in memory, 4 reconnect.
    [[nodiscard]] util::Result<bool> VerifyChain(int level, int depth);

    /// Test seam (Core's ConnectBlock with fJustCheck, as TestBlockValidity uses it): runs every check
    /// ConnectBlock makes on `block` as the child of `prev` (CheckBlock without proof of work and merkle
    /// root, BIP30, inputs and amounts, sequence locks, sigops, scripts unless assume-valid skips them, the
    /// coinbase amount) against `view`, whose best block must be prev's hash. Stores nothing; `view` gets
    /// the block's coin changes. `prev` need not be in this chainstate's index (e.g. a stand-in chain for
    /// a historic block whose real ancestors are not at hand).
    bool ConnectBlockForTest(const primitives::Block& block, consensus::BlockValidationState& state, BlockIndex* prev,
                             CoinsViewCache& view);

    /// Number of block index entries written per flush so far (for tests and logs).
    uint64_t FlushCount() const { return m_flush_count; }

private:
    Chainstate(const consensus::ChainParams& params, ChainstateOptions options);

    util::Result<void> LoadBlockIndex();
    util::Result<void> ReplayBlocks();
    util::Result<void> LoadChainTip();
    util::Result<void> ReindexFromBlockFiles();

    BlockIndex* AddToBlockIndex(const primitives::BlockHeader& header);
    bool AcceptBlockHeader(const primitives::BlockHeader& header, consensus::BlockValidationState& state,
                           BlockIndex** out);
    /// What a caller may already know of a block it hands to AcceptBlock: -loadblock's reader thread works
    /// these out ahead, so that the validation thread does not.
    struct BlockPreparation {
        /// Its serialization (decoding is canonical, so the bytes it was decoded from), written to the blk
        /// file as is; empty: AcceptBlock serializes the block.
        util::ByteSpan raw;
        /// consensus::CheckBlock (with PoW and merkle root) passed on this very object; if false AcceptBlock
        /// runs it, as always.
        bool checked{false};
    };
    /// `known_pos`: the block is already stored there (-reindex); record it instead of writing it.
    bool AcceptBlock(const std::shared_ptr<const primitives::Block>& block, consensus::BlockValidationState& state,
                     bool force, bool* new_block, BlockIndex** out, const storage::FlatFilePos* known_pos = nullptr,
                     const BlockPreparation* prepared = nullptr);
    /// Shared by LoadExternalBlockFile and -reindex: `file` ≥ 0 means the blocks are this blk file of ours.
    util::Result<ImportStats> ImportBlockFile(const std::filesystem::path& path, int32_t file,
                                              const std::function<bool()>& interrupted);
    util::Result<void> ReceivedBlockTransactions(const primitives::Block& block, BlockIndex* index,
                                                 const storage::FlatFilePos& pos);

    BlockIndex* FindMostWorkChain();
    bool ActivateBestChainStep(consensus::BlockValidationState& state, BlockIndex* most_work,
                               const std::shared_ptr<const primitives::Block>& block, bool& invalid_found);
    bool ConnectTip(consensus::BlockValidationState& state, BlockIndex* index,
                    std::shared_ptr<const primitives::Block> block);
    bool DisconnectTip(consensus::BlockValidationState& state);
    /// `block_checked`: CheckBlock already passed on this very object (skips re-checking it).
    bool ConnectBlock(const primitives::Block& block, consensus::BlockValidationState& state, BlockIndex* index,
                      CoinsViewCache& view, bool just_check = false, bool block_checked = false);
    DisconnectResult DisconnectBlock(const primitives::Block& block, const BlockIndex* index, CoinsViewCache& view);
    util::Result<void> RollforwardBlock(const BlockIndex* index, CoinsViewCache& view);
    bool ShouldCheckScripts(const BlockIndex* index) const;

    void InvalidBlockFound(BlockIndex* index, const consensus::BlockValidationState& state);
    void InvalidChainFound(BlockIndex* new_tip);
    void RebuildCandidates();
    /// Best header = most-work header not marked failed (after invalidateblock / reconsiderblock).
    void RecalculateBestHeader();
    void TryAddCandidate(BlockIndex* index);
    void PruneCandidates();

    util::Result<void> FlushLocked(FlushMode mode);
    /// Writes the dirty block index entries and file infos (synced); `emptied_files` are recorded as empty
    /// (about to be pruned).
    util::Result<void> WriteBlockIndex(std::span<const int32_t> emptied_files = {});
    std::vector<int32_t> FindFilesToPrune(int prune_below_height, bool manual);
    util::Result<void> PruneFiles(const std::vector<int32_t>& files);
    void FatalError(const std::string& message);
    /// Logs through options.logger, or to stderr without one.
    void LogMessage(util::LogLevel level, const std::string& message) const;
    /// Called between blocks with the lock released: waits briefly while threads wait for the lock, so
    /// that an RPC call is answered between two blocks instead of after the whole import (a mutex is not
    /// fair: the thread that just released it usually takes it again first).
    void LetLockWaitersIn() const;

    struct CandidateOrder {
        bool operator()(const BlockIndex* a, const BlockIndex* b) const;
    };

    const consensus::ChainParams m_params;
    ChainstateOptions m_options;
    mutable std::recursive_mutex m_cs;
    mutable std::atomic<int> m_lock_waiters{0}; ///< threads blocked in Lock()

    BlockMap m_block_index;
    ActiveChain m_chain;
    BlockIndex* m_best_header{nullptr};
    BlockIndex* m_best_invalid{nullptr};
    std::set<BlockIndex*, CandidateOrder> m_candidates;
    /// Blocks with data whose parent's data is missing: parent → children (Core's m_blocks_unlinked).
    std::unordered_multimap<BlockIndex*, BlockIndex*> m_blocks_unlinked;
    std::set<BlockIndex*> m_dirty_index;
    /// Block file infos changed but not yet written to the index (kept across failed writes).
    std::set<int32_t> m_dirty_files;
    int32_t m_sequence_id{1};
    bool m_have_pruned{false};

    std::unique_ptr<BlockTreeDb> m_block_tree;
    std::unique_ptr<storage::BlockFiles> m_block_files;
    std::unique_ptr<CoinsViewDb> m_coins_db;
    std::unique_ptr<CoinsViewCache> m_coins_tip;
    std::unique_ptr<CheckQueue<ScriptCheck, ScriptCheckFailure>> m_check_queue;
    std::unique_ptr<script::SignatureCache> m_sigcache;
    /// What the last connected block left behind: freed by the next ConnectBlock while the script threads
    /// check that block, instead of between blocks, when they would wait (thousands of frees of cold memory:
    /// a quarter of the validation thread's time between two blocks of the import benchmark).
    struct RetiredBlock {
        std::shared_ptr<const primitives::Block> block;
        storage::BlockUndo undo;
        std::vector<script::PrecomputedTransactionData> txdata;
    };
    RetiredBlock m_retired;

    Hash256 m_assume_valid;
    int64_t m_last_flush_time{0};
    mutable bool m_ibd_latched_false{false};
    uint64_t m_flush_count{0};
};

} // namespace hearth::chain

#endif // HEARTH_CHAIN_CHAINSTATE_H
