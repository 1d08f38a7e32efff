// Chainstate: opening, loading the block index, crash recovery, flushing, pruning and reading stored data.
// Block acceptance and tip movement are in chainstate_validation.cpp.

#include <hearth/chain/chainstate.h>

#include <hearth/chain/check_queue.h>
#include <hearth/chain/script_check.h>
#include <hearth/consensus/pow.h>
#include <hearth/script/sigcache.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace hearth::chain {

using consensus::BlockValidationState;

namespace {

// Erases every record of a store (restarting an interrupted -reindex).
util::Result<void> WipeStore(storage::KvStore& store)
{
    auto batch = store.NewBatch();
    auto it = store.NewIterator();
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
        batch->Erase(it->Key());
        if (batch->ApproximateSize() > (16 << 20)) {
            if (auto ok = store.Write(*batch, false); !ok) return ok;
            batch->Clear();
        }
    }
    if (auto ok = it->status(); !ok) return ok;
    return store.Write(*batch, true);
}

} // namespace

bool Chainstate::CandidateOrder::operator()(const BlockIndex* a, const BlockIndex* b) const
{
    // Ascending "goodness": the best candidate is the last element (Core's CBlockIndexWorkComparator).
    if (a->chain_work != b->chain_work) return a->chain_work < b->chain_work;
    // Equal work: the block whose data arrived first wins (a lower sequence id is better).
    if (a->sequence_id != b->sequence_id) return a->sequence_id > b->sequence_id;
    return a > b; // identical otherwise: any fixed order
}

Chainstate::Chainstate(const consensus::ChainParams& params, ChainstateOptions options) :
    m_params{params}, m_options{std::move(options)}
{
    if (!m_options.now) m_options.now = [] { return static_cast<int64_t>(std::time(nullptr)); };
    if (!m_options.open_store) m_options.open_store = storage::OpenLeveldbStore;
    m_assume_valid = m_options.assume_valid.value_or(m_params.consensus.default_assume_valid);
    m_check_queue = std::make_unique<CheckQueue<ScriptCheck, ScriptCheckFailure>>(m_options.script_threads);
    m_sigcache = std::make_unique<script::SignatureCache>(m_options.signature_cache_bytes);
}

Chainstate::~Chainstate()
{
    auto lock = Lock();
    if (m_coins_tip && m_block_files && m_block_tree) {
        if (auto ok = FlushLocked(FlushMode::ALWAYS); !ok) {
            LogMessage(util::LogLevel::ERROR, "Error flushing chainstate at shutdown: " + ok.error());
        }
    }
}

util::Result<std::unique_ptr<Chainstate>> Chainstate::Open(const consensus::ChainParams& params,
                                                           ChainstateOptions options)
{
    std::unique_ptr<Chainstate> cs{new Chainstate(params, std::move(options))};
    auto lock = cs->Lock();
    const ChainstateOptions& opt = cs->m_options;
    const auto blocks_dir = opt.data_dir / "blocks";
    std::error_code ec;
    std::filesystem::create_directories(blocks_dir, ec);
    if (ec) return util::Error{"cannot create " + blocks_dir.string() + ": " + ec.message()};

    storage::LeveldbOptions index_opts;
    index_opts.name = "block index";
    index_opts.block_cache_bytes = opt.block_index_cache_bytes;
    index_opts.wipe = opt.reindex;
    auto index_store = opt.open_store(blocks_dir / "index", index_opts);
    if (!index_store) return util::Error{index_store.error()};
    cs->m_block_tree = std::make_unique<BlockTreeDb>(std::move(*index_store));

    storage::LeveldbOptions coins_opts;
    coins_opts.name = "chainstate";
    coins_opts.block_cache_bytes = opt.coins_db_cache_bytes;
    coins_opts.write_buffer_bytes = std::max<size_t>(opt.coins_db_cache_bytes / 4, 1 << 20);
    coins_opts.wipe = opt.reindex || opt.reindex_chainstate;
    coins_opts.obfuscate = true;
    auto coins_store = opt.open_store(opt.data_dir / "chainstate", coins_opts);
    if (!coins_store) return util::Error{coins_store.error()};
    cs->m_coins_db =
        std::make_unique<CoinsViewDb>(std::move(*coins_store), opt.coins_batch_bytes, opt.script_threads + 1);
    if (cs->m_coins_db->HasLegacyRecords()) {
        return util::Error{"the chainstate database has an old, unsupported format; restart with -reindex-chainstate"};
    }
    cs->m_coins_db->SetFatalErrorHandler([raw = cs.get()](const std::string& m) { raw->FatalError(m); });
    cs->m_coins_tip = std::make_unique<CoinsViewCache>(cs->m_coins_db.get());

    auto reindex_pending = cs->m_block_tree->IsReindexing();
    if (!reindex_pending) return util::Error{reindex_pending.error()};
    auto infos = cs->m_block_tree->ReadFileInfos();
    if (!infos) return util::Error{infos.error()};
    storage::BlockFilesOptions files_opts = opt.block_files;
    files_opts.dir = blocks_dir;
    files_opts.magic = params.message_start;
    if (opt.reindex || *reindex_pending) infos->clear();
    auto files = storage::BlockFiles::Open(files_opts, std::move(*infos));
    if (!files) return util::Error{files.error() + " (restart with -reindex to rebuild the block index)"};
    cs->m_block_files = std::move(*files);

    auto pruned = cs->m_block_tree->ReadFlag("prunedblockfiles");
    if (!pruned) return util::Error{pruned.error()};
    cs->m_have_pruned = *pruned;
    if (cs->m_have_pruned && !cs->IsPruneMode()) {
        // Core's message, two spaces and all.
        return util::Error{"You need to rebuild the database using -reindex to go back to unpruned mode.  "
                           "This will redownload the entire blockchain"};
    }

    auto reindexing = cs->m_block_tree->IsReindexing();
    if (!reindexing) return util::Error{reindexing.error()};
    if (*reindexing && !opt.reindex) {
        // A -reindex was interrupted: start it again from scratch.
        if (auto ok = WipeStore(cs->m_block_tree->store()); !ok) return util::Error{ok.error()};
        if (auto ok = WipeStore(cs->m_coins_db->store()); !ok) return util::Error{ok.error()};
        cs->m_options.reindex = true;
    }
    if (auto ok = cs->LoadBlockIndex(); !ok) return util::Error{ok.error()};
    if (cs->m_options.reindex) {
        if (auto ok = cs->ReindexFromBlockFiles(); !ok) return util::Error{ok.error()};
    }
    if (auto ok = cs->ReplayBlocks(); !ok) return util::Error{ok.error()};
    if (auto ok = cs->LoadChainTip(); !ok) return util::Error{ok.error()};

    if (cs->m_block_index.empty()) {
        // A new data directory: store genesis; ActivateBestChain connects it.
        BlockValidationState state;
        auto genesis = std::make_shared<const primitives::Block>(params.genesis);
        BlockIndex* index = nullptr;
        if (!cs->AcceptBlock(genesis, state, true, nullptr, &index)) {
            return util::Error{"cannot store the genesis block: " + state.ToString()};
        }
    }
    BlockValidationState state;
    if (!cs->ActivateBestChain(state)) return util::Error{"cannot activate the best chain: " + state.ToString()};
    cs->m_last_flush_time = cs->Now();
    return cs;
}

// ------------------------------------------------------------------------------------ block index

util::Result<void> Chainstate::LoadBlockIndex()
{
    auto get_or_create = [this](const Hash256& hash) -> BlockIndex* {
        auto [it, inserted] = m_block_index.try_emplace(hash);
        if (inserted) it->second.hash = &it->first;
        return &it->second;
    };
    auto loaded =
        m_block_tree->LoadBlockIndex([&](const Hash256& hash, const DiskBlockIndex& rec) -> util::Result<void> {
            BlockIndex* index = get_or_create(hash);
            index->prev = rec.header.prev_block.IsNull() ? nullptr : get_or_create(rec.header.prev_block);
            index->height = rec.height;
            index->status = rec.status;
            index->tx_count = rec.tx_count;
            index->file = rec.file;
            index->data_pos = rec.data_pos;
            index->undo_pos = rec.undo_pos;
            index->version = rec.header.version;
            index->merkle_root = rec.header.merkle_root;
            index->time = rec.header.time;
            index->bits = rec.header.bits;
            index->nonce = rec.header.nonce;
            if (rec.header.GetHash() != hash)
                return util::Error{"corrupt block index: record for " + hash.ToHex() + " has another header"};
            return {};
        });
    if (!loaded) return loaded;

    std::vector<BlockIndex*> by_height;
    by_height.reserve(m_block_index.size());
    for (auto& [hash, index] : m_block_index) {
        if (index.time == 0 && index.bits == 0) {
            return util::Error{"corrupt block index: block " + hash.ToHex() +
                               " is referenced but missing; restart with -reindex"};
        }
        by_height.push_back(&index);
    }
    std::sort(by_height.begin(), by_height.end(),
              [](const BlockIndex* a, const BlockIndex* b) { return a->height < b->height; });
    for (BlockIndex* index : by_height) {
        if (index->prev && index->prev->height != index->height - 1) {
            return util::Error{"corrupt block index: bad height for block " + index->GetHash().ToHex()};
        }
        index->chain_work =
            (index->prev ? index->prev->chain_work : util::ArithUint256{}) + consensus::GetBlockProof(index->bits);
        index->time_max = index->prev ? std::max(index->prev->time_max, index->time) : index->time;
        index->BuildSkip();
        index->sequence_id = 0; // loaded from disk: before anything received in this run
        if (index->tx_count > 0) {
            if (!index->prev || index->prev->chain_tx > 0) {
                index->chain_tx = (index->prev ? index->prev->chain_tx : 0) + index->tx_count;
            } else {
                m_blocks_unlinked.emplace(index->prev, index);
            }
        }
        if (!(index->status & BLOCK_FAILED_MASK) && index->prev && (index->prev->status & BLOCK_FAILED_MASK)) {
            index->status |= BLOCK_FAILED_CHILD;
            m_dirty_index.insert(index);
        }
        if ((index->status & BLOCK_FAILED_MASK) &&
            (!m_best_invalid || index->chain_work > m_best_invalid->chain_work)) {
            m_best_invalid = index;
        }
        if (index->IsValid(BLOCK_VALID_TREE) && (!m_best_header || CandidateOrder{}(m_best_header, index))) {
            m_best_header = index;
        }
    }
    return {};
}

util::Result<void> Chainstate::LoadChainTip()
{
    const Hash256 best = m_coins_db->GetBestBlock();
    if (best.IsNull()) {
        m_chain.SetTip(nullptr); // empty chainstate: connect from genesis
    } else {
        BlockIndex* tip = LookupBlockIndex(best);
        if (!tip)
            return util::Error{"the chainstate refers to block " + best.ToHex() +
                               " which the block index does not know; restart with -reindex"};
        m_chain.SetTip(tip);
    }
    RebuildCandidates();
    return {};
}

BlockIndex* Chainstate::LookupBlockIndex(const Hash256& hash) const
{
    auto lock = Lock();
    auto it = m_block_index.find(hash);
    return it == m_block_index.end() ? nullptr : const_cast<BlockIndex*>(&it->second);
}

void Chainstate::TryAddCandidate(BlockIndex* index)
{
    if (index->IsValid(BLOCK_VALID_TRANSACTIONS) && index->chain_tx > 0 && (index->status & BLOCK_HAVE_DATA) &&
        (!m_chain.Tip() || !CandidateOrder{}(index, m_chain.Tip()))) {
        m_candidates.insert(index);
    }
}

void Chainstate::RebuildCandidates()
{
    m_candidates.clear();
    for (auto& [hash, index] : m_block_index) TryAddCandidate(&index);
    if (m_chain.Tip()) m_candidates.insert(m_chain.Tip());
}

void Chainstate::PruneCandidates()
{
    // Drop candidates worse than the tip; keep the tip itself, to return to it if a reorg fails.
    auto it = m_candidates.begin();
    while (it != m_candidates.end() && CandidateOrder{}(*it, m_chain.Tip())) it = m_candidates.erase(it);
}

// ------------------------------------------------------------------------------------ crash recovery

util::Result<void> Chainstate::RollforwardBlock(const BlockIndex* index, CoinsViewCache& view)
{
    auto block = ReadBlock(*index);
    if (!block)
        return util::Error{"ReplayBlocks(): cannot read block " + index->GetHash().ToHex() + ": " + block.error()};
    for (const auto& tx : block->vtx) {
        // The coins may already reflect this block in part: spending is idempotent, overwriting allowed.
        if (!tx->IsCoinBase()) {
            for (const auto& in : tx->vin) view.SpendCoin(in.prevout);
        }
        AddCoins(view, *tx, index->height, true);
    }
    return {};
}

util::Result<void> Chainstate::ReplayBlocks()
{
    // An interrupted coins flush left 'H' = [new, old]: the database holds a mix of the two states. Roll
    // back old → fork with undo data, then forward fork → new (Core's ReplayBlocks).
    const auto heads = m_coins_db->GetHeadBlocks();
    if (!heads) return {};
    BlockIndex* new_tip = LookupBlockIndex(heads->first);
    if (!new_tip)
        return util::Error{"ReplayBlocks(): reorganization to unknown block requested; restart with -reindex"};
    BlockIndex* old_tip = nullptr;
    if (!heads->second.IsNull()) {
        old_tip = LookupBlockIndex(heads->second);
        if (!old_tip)
            return util::Error{"ReplayBlocks(): reorganization from unknown block requested; restart with -reindex"};
    }
    const BlockIndex* fork = old_tip ? LastCommonAncestor(old_tip, new_tip) : nullptr;
    // Core's messages ("Replaying blocks", "Rolling back ...", "Rolling forward ...").
    LogMessage(util::LogLevel::INFO, "Replaying blocks");
    if (old_tip)
        LogMessage(util::LogLevel::INFO,
                   "Rolling back from " + old_tip->GetHash().ToHex() + " (" + std::to_string(old_tip->height) + ")");
    LogMessage(util::LogLevel::INFO,
               "Rolling forward to " + new_tip->GetHash().ToHex() + " (" + std::to_string(new_tip->height) + ")");
    CoinsViewCache cache{m_coins_db.get()};
    for (const BlockIndex* index = old_tip; index && index != fork; index = index->prev) {
        if (index->height == 0) continue; // genesis changes nothing
        auto block = ReadBlock(*index);
        if (!block)
            return util::Error{"ReplayBlocks(): cannot read block " + index->GetHash().ToHex() + ": " + block.error()};
        if (DisconnectBlock(*block, index, cache) == DisconnectResult::FAILED) {
            return util::Error{"ReplayBlocks(): rollback failed at block " + index->GetHash().ToHex() +
                               "; restart with -reindex-chainstate"};
        }
    }
    const int start = fork ? fork->height + 1 : 0;
    for (int h = start; h <= new_tip->height; ++h) {
        const BlockIndex* index = new_tip->GetAncestor(h);
        if (h == 0) continue;
        if (auto ok = RollforwardBlock(index, cache); !ok) return ok;
    }
    cache.SetBestBlock(new_tip->GetHash());
    return cache.Flush();
}

// ------------------------------------------------------------------------------------ flushing

void Chainstate::LogMessage(util::LogLevel level, const std::string& message) const
{
    if (m_options.logger) {
        m_options.logger->LogMessage(level, {}, message);
    } else {
        std::fprintf(stderr, "%s\n", message.c_str());
    }
}

void Chainstate::FatalError(const std::string& message)
{
    // The notification's receiver (the node) logs the error itself; without one, say it here.
    if (m_options.notifications) {
        m_options.notifications->FatalError(message);
    } else {
        LogMessage(util::LogLevel::ERROR, "Fatal error: " + message);
    }
}

util::Result<void> Chainstate::WriteBlockIndex(std::span<const int32_t> emptied_files)
{
    // Dirty file infos stay dirty until written: if a failed write (disk full) dropped them, a later flush
    // would record blocks beyond the file sizes on disk, and after a restart new blocks would be written
    // over them.
    for (int32_t f : m_block_files->TakeDirtyInfos()) m_dirty_files.insert(f);
    m_dirty_files.insert(emptied_files.begin(), emptied_files.end());
    std::vector<std::pair<int32_t, storage::BlockFileInfo>> files;
    for (int32_t f : m_dirty_files) {
        const bool emptied = std::find(emptied_files.begin(), emptied_files.end(), f) != emptied_files.end();
        files.emplace_back(f, emptied ? storage::BlockFileInfo{} : m_block_files->FileInfo(f));
    }
    std::vector<const BlockIndex*> blocks(m_dirty_index.begin(), m_dirty_index.end());
    if (files.empty() && blocks.empty()) return {};
    if (auto ok = m_block_tree->WriteBatchSync(files, m_block_files->LastFile(), blocks); !ok) return ok;
    m_dirty_index.clear();
    m_dirty_files.clear();
    return {};
}

util::Result<void> Chainstate::Flush(FlushMode mode)
{
    auto lock = Lock();
    return FlushLocked(mode);
}

util::Result<void> Chainstate::FlushLocked(FlushMode mode)
{
    const int64_t now = Now();
    const bool cache_full = m_coins_tip->DynamicMemoryUsage() > m_options.coins_cache_bytes;
    const bool periodic = mode == FlushMode::PERIODIC && now > m_last_flush_time + m_options.flush_interval.count();
    std::vector<int32_t> prune_files;
    if (IsPruneMode() && m_options.prune_target > 1 && m_chain.Tip()) {
        prune_files = FindFilesToPrune(m_chain.Height() - MIN_BLOCKS_TO_KEEP, false);
    }
    if (mode != FlushMode::ALWAYS && !cache_full && !periodic && prune_files.empty()) return {};

    if (m_options.logger && m_options.logger->DebugEnabled("coindb")) {
        m_options.logger->LogMessage(util::LogLevel::DEBUG, "coindb",
                                     util::LogConcat("Flushing chainstate at height ", m_chain.Height(), ": ",
                                                     m_coins_tip->CacheSize(), " cached coins, ",
                                                     m_coins_tip->DynamicMemoryUsage() >> 10, " KiB",
                                                     cache_full ? " (cache full)"
                                                     : periodic ? " (periodic)"
                                                                : ""));
    }
    const auto started = std::chrono::steady_clock::now();
    const size_t coins = m_coins_tip->CacheSize();
    // 1. Block and undo data durable, 2. the index that points at them, 3. the coins that need them.
    auto ok = m_block_files->Flush();
    if (ok) ok = WriteBlockIndex();
    if (ok && !m_coins_tip->GetBestBlock().IsNull()) {
        // A full cache is emptied; otherwise the coins stay cached (clean) for the blocks to come.
        ok = cache_full ? m_coins_tip->Flush() : m_coins_tip->Sync();
    }
    // 4. Only now may old block files go: nothing on disk needs them for recovery any more.
    if (ok && !prune_files.empty()) ok = PruneFiles(prune_files);
    if (!ok) {
        FatalError("failed to write to disk: " + ok.error());
        return ok;
    }
    if (m_options.logger && m_options.logger->DebugEnabled("coindb")) {
        // As Core's "write coins cache to disk (N coins, …) completed (… ms)" (-debug=bench there).
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
        m_options.logger->LogMessage(util::LogLevel::DEBUG, "coindb",
                                     util::LogConcat("Flushed chainstate (", coins, " cached coins) in ", ms, " ms"));
    }
    m_last_flush_time = now;
    ++m_flush_count;
    return {};
}

// ------------------------------------------------------------------------------------ pruning

int Chainstate::PruneHeight() const
{
    auto lock = Lock();
    if (!m_have_pruned) return 0;
    // The lowest active-chain block whose data is still stored (Core's GetFirstBlock).
    const BlockIndex* walk = m_chain.Tip();
    if (!walk || !(walk->status & BLOCK_HAVE_DATA)) return walk ? walk->height + 1 : 0;
    while (walk->prev && (walk->prev->status & BLOCK_HAVE_DATA)) walk = walk->prev;
    return walk->height;
}

std::vector<int32_t> Chainstate::FindFilesToPrune(int prune_below_height, bool manual)
{
    std::vector<int32_t> files;
    if (!m_chain.Tip() || m_chain.Height() < static_cast<int>(m_params.prune_after_height)) return files;
    const int32_t last_file = m_block_files->LastFile();
    uint64_t usage = m_block_files->TotalSize();
    const uint64_t target = m_options.prune_target;
    for (int32_t f = 0; f < last_file; ++f) { // never the file being written
        const storage::BlockFileInfo info = m_block_files->FileInfo(f);
        if (info.size == 0) continue;
        if (!manual && usage <= target) break;
        if (static_cast<int>(info.height_last) > prune_below_height) continue;
        files.push_back(f);
        usage -= info.size + info.undo_size;
    }
    return files;
}

util::Result<void> Chainstate::PruneFiles(const std::vector<int32_t>& files)
{
    // Record in the index first that these blocks are gone, then delete: a crash between the two only
    // leaves unreferenced files behind.
    std::set<int32_t> doomed(files.begin(), files.end());
    for (auto& [hash, index] : m_block_index) {
        if (doomed.count(index.file) && (index.status & BLOCK_HAVE_MASK)) {
            index.status &= ~uint32_t{BLOCK_HAVE_MASK};
            index.file = -1;
            index.data_pos = index.undo_pos = 0;
            m_dirty_index.insert(&index);
            // Pruned blocks cannot be connected again: children waiting on them are unlinked for good.
            m_blocks_unlinked.erase(&index);
        }
    }
    if (!m_have_pruned) {
        if (auto ok = m_block_tree->WriteFlag("prunedblockfiles", true); !ok) return ok;
        m_have_pruned = true;
    }
    // The index (block records and the emptied file infos) is synced before the files are unlinked, as
    // Core's FlushStateToDisk does: deleting first, a crash before the index write left records of files
    // that no longer exist, and the node could not start without -reindex.
    if (auto ok = WriteBlockIndex(files); !ok) return ok;
    if (auto ok = m_block_files->DeleteFiles(files); !ok) return ok;
    RebuildCandidates();
    return {};
}

util::Result<int> Chainstate::PruneBlockchain(int height)
{
    auto lock = Lock();
    if (!IsPruneMode()) return util::Error{"Cannot prune blocks because node is not in prune mode."};
    if (!m_chain.Tip()) return util::Error{"Blockchain is shorter than the attempted prune height."};
    height = std::min(height, m_chain.Height() - MIN_BLOCKS_TO_KEEP);
    if (auto ok = m_block_files->Flush(); !ok) return util::Error{ok.error()};
    if (auto ok = WriteBlockIndex(); !ok) return util::Error{ok.error()};
    if (auto ok = m_coins_tip->Flush(); !ok) return util::Error{ok.error()};
    const auto files = FindFilesToPrune(height, true);
    if (!files.empty()) {
        if (auto ok = PruneFiles(files); !ok) return util::Error{ok.error()};
    }
    return PruneHeight();
}

uint64_t Chainstate::BlockFilesSize() const
{
    auto lock = Lock();
    return m_block_files->TotalSize();
}

// ------------------------------------------------------------------------------------ reading

util::Result<primitives::Block> Chainstate::ReadBlock(const BlockIndex& index) const
{
    auto lock = Lock();
    const storage::FlatFilePos pos = index.BlockPos();
    if (pos.IsNull()) return util::Error{"Block not available (pruned data)"};
    auto block = m_block_files->ReadBlock(pos);
    if (!block) return block;
    if (block->GetHash() != index.GetHash()) {
        return util::Error{"block at " + std::to_string(pos.file) + ":" + std::to_string(pos.pos) + " is not " +
                           index.GetHash().ToHex()};
    }
    return block;
}

util::Result<util::Bytes> Chainstate::ReadRawBlock(const BlockIndex& index) const
{
    auto lock = Lock();
    const storage::FlatFilePos pos = index.BlockPos();
    if (pos.IsNull()) return util::Error{"Block not available (pruned data)"};
    return m_block_files->ReadRawBlock(pos);
}

util::Result<storage::BlockUndo> Chainstate::ReadUndo(const BlockIndex& index) const
{
    auto lock = Lock();
    const storage::FlatFilePos pos = index.UndoPos();
    if (pos.IsNull()) return util::Error{"Undo data not available"};
    if (!index.prev) return util::Error{"genesis has no undo data"};
    return m_block_files->ReadUndo(pos, index.prev->GetHash());
}

// ------------------------------------------------------------------------------------ status

bool Chainstate::IsInitialBlockDownload() const
{
    auto lock = Lock();
    if (m_ibd_latched_false) return false;
    const BlockIndex* tip = m_chain.Tip();
    if (!tip) return true;
    if (tip->chain_work < util::ArithUint256::FromUint256(m_params.consensus.minimum_chain_work)) return true;
    constexpr int64_t MAX_TIP_AGE = 24 * 60 * 60; // Core's DEFAULT_MAX_TIP_AGE
    if (tip->time < Now() - MAX_TIP_AGE) return true;
    m_ibd_latched_false = true;
    return false;
}

double Chainstate::VerificationProgress(const BlockIndex* index) const
{
    auto lock = Lock();
    if (!index) index = m_chain.Tip();
    if (!index || index->chain_tx == 0) return 0.0;
    const auto& data = m_params.chain_tx_data;
    const int64_t now = Now();
    double total;
    if (index->chain_tx <= data.tx_count) {
        total = static_cast<double>(data.tx_count) + static_cast<double>(now - data.time) * data.tx_rate;
    } else {
        total = static_cast<double>(index->chain_tx) + static_cast<double>(now - index->time) * data.tx_rate;
    }
    return std::min(static_cast<double>(index->chain_tx) / total, 1.0);
}

} // namespace hearth::chain
