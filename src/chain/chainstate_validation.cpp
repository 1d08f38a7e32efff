// Chainstate: accepting headers and blocks, connecting and disconnecting them, choosing the best chain,
// invalidateblock/reconsiderblock. Core's validation.cpp, with the same reject reasons and check order.

#include <hearth/chain/chainstate.h>

#include <hearth/chain/bip30_check.h>
#include <hearth/chain/check_queue.h>
#include <hearth/chain/script_check.h>
#include <hearth/consensus/block_check.h>
#include <hearth/consensus/consensus.h>
#include <hearth/consensus/pow.h>
#include <hearth/consensus/tx_check.h>
#include <hearth/script/sigcache.h>

#include <algorithm>
#include <limits>
#include <thread>

namespace hearth::chain {

using consensus::BlockValidationResult;
using consensus::BlockValidationState;
using primitives::Block;

namespace {

/// Journals the changes to a coins cache and rolls them back unless committed: ConnectBlock works on the
/// tip cache itself, and a block that fails must leave it as it was.
class JournalScope
{
public:
    explicit JournalScope(CoinsViewCache* view) : m_view{view}
    {
        if (m_view) m_view->BeginJournal();
    }
    ~JournalScope()
    {
        if (m_view) m_view->RollBackJournal();
    }
    JournalScope(const JournalScope&) = delete;
    JournalScope& operator=(const JournalScope&) = delete;
    void Commit()
    {
        if (m_view) m_view->CommitJournal();
        m_view = nullptr;
    }
    /// Rolls back now rather than at the end of the scope.
    void RollBack()
    {
        if (m_view) m_view->RollBackJournal();
        m_view = nullptr;
    }

private:
    CoinsViewCache* m_view;
};

} // namespace

// ------------------------------------------------------------------------------------ headers

BlockIndex* Chainstate::AddToBlockIndex(const primitives::BlockHeader& header)
{
    const Hash256 hash = header.GetHash();
    auto [it, inserted] = m_block_index.try_emplace(hash);
    BlockIndex* index = &it->second;
    if (!inserted) return index;
    index->hash = &it->first;
    index->version = header.version;
    index->merkle_root = header.merkle_root;
    index->time = header.time;
    index->bits = header.bits;
    index->nonce = header.nonce;
    if (!header.prev_block.IsNull()) {
        auto prev = m_block_index.find(header.prev_block);
        Assert(prev != m_block_index.end());
        index->prev = &prev->second;
        index->height = index->prev->height + 1;
        index->BuildSkip();
    }
    index->chain_work =
        (index->prev ? index->prev->chain_work : util::ArithUint256{}) + consensus::GetBlockProof(header.bits);
    index->time_max = index->prev ? std::max(index->prev->time_max, index->time) : index->time;
    index->RaiseValidity(BLOCK_VALID_TREE);
    if (!m_best_header || m_best_header->chain_work < index->chain_work) {
        m_best_header = index;
        if (m_options.notifications) m_options.notifications->HeaderTip(*index);
    }
    m_dirty_index.insert(index);
    return index;
}

bool Chainstate::AcceptBlockHeader(const primitives::BlockHeader& header, BlockValidationState& state, BlockIndex** out)
{
    const Hash256 hash = header.GetHash();
    if (auto it = m_block_index.find(hash); it != m_block_index.end()) {
        *out = &it->second;
        if (it->second.status & BLOCK_FAILED_MASK) {
            return state.Invalid(BlockValidationResult::BLOCK_CACHED_INVALID, "duplicate-invalid");
        }
        return true;
    }
    if (hash == m_params.GenesisHash()) {
        *out = AddToBlockIndex(header);
        return true;
    }
    if (!consensus::CheckBlockHeader(header, state, m_params.consensus)) return false;
    auto prev_it = m_block_index.find(header.prev_block);
    if (prev_it == m_block_index.end()) {
        return state.Invalid(BlockValidationResult::BLOCK_MISSING_PREV, "prev-blk-not-found");
    }
    BlockIndex* prev = &prev_it->second;
    if (prev->status & BLOCK_FAILED_MASK) {
        return state.Invalid(BlockValidationResult::BLOCK_INVALID_PREV, "bad-prevblk");
    }
    if (!consensus::ContextualCheckBlockHeader(header, state, m_params.consensus, BlockIndexHeaderView{prev}, Now())) {
        return false;
    }
    *out = AddToBlockIndex(header);
    return true;
}

bool Chainstate::ProcessNewBlockHeaders(std::span<const primitives::BlockHeader> headers, BlockValidationState& state,
                                        const BlockIndex** last)
{
    auto lock = Lock();
    for (const auto& header : headers) {
        BlockIndex* index = nullptr;
        if (!AcceptBlockHeader(header, state, &index)) return false;
        if (last) *last = index;
    }
    return true;
}

// ------------------------------------------------------------------------------------ blocks

util::Result<void> Chainstate::ReceivedBlockTransactions(const Block& block, BlockIndex* index,
                                                         const storage::FlatFilePos& pos)
{
    index->tx_count = static_cast<uint32_t>(block.vtx.size());
    index->file = pos.file;
    index->data_pos = pos.pos;
    index->status |= BLOCK_HAVE_DATA;
    if (index->height >= m_params.consensus.segwit_height) index->status |= BLOCK_OPT_WITNESS;
    index->RaiseValidity(BLOCK_VALID_TRANSACTIONS);
    m_dirty_index.insert(index);

    if (index->prev && index->prev->chain_tx == 0) {
        // The parent's data is missing: wait for it.
        m_blocks_unlinked.emplace(index->prev, index);
        return {};
    }
    // This block and any descendants that were waiting on it can now be connected.
    std::vector<BlockIndex*> queue{index};
    while (!queue.empty()) {
        BlockIndex* i = queue.back();
        queue.pop_back();
        i->chain_tx = (i->prev ? i->prev->chain_tx : 0) + i->tx_count;
        i->sequence_id = m_sequence_id++;
        TryAddCandidate(i);
        auto range = m_blocks_unlinked.equal_range(i);
        for (auto it = range.first; it != range.second; ++it) queue.push_back(it->second);
        m_blocks_unlinked.erase(range.first, range.second);
    }
    return {};
}

bool Chainstate::AcceptBlock(const std::shared_ptr<const Block>& block, BlockValidationState& state, bool force,
                             bool* new_block, BlockIndex** out, const storage::FlatFilePos* known_pos,
                             const BlockPreparation* prepared)
{
    if (new_block) *new_block = false;
    BlockIndex* index = nullptr;
    if (!AcceptBlockHeader(block->header, state, &index)) return false;
    if (out) *out = index;

    if (index->status & BLOCK_HAVE_DATA) return true; // already stored
    const BlockIndex* tip = m_chain.Tip();
    const bool more_work = !tip || index->chain_work > tip->chain_work;
    // Unrequested blocks far ahead of the tip could fill the disk (Core's fTooFarAhead).
    const bool too_far_ahead = tip && index->height > tip->height + MIN_BLOCKS_TO_KEEP;
    if (!force && (!more_work || too_far_ahead)) return true;
    if (new_block) *new_block = true;

    const bool checked = prepared && prepared->checked;
    if ((!checked && !consensus::CheckBlock(*block, state, m_params.consensus)) ||
        !consensus::ContextualCheckBlock(*block, state, m_params.consensus, BlockIndexHeaderView{index->prev})) {
        // A mutated block may be a relay's fault, not the header's: don't mark the header invalid.
        if (state.IsInvalid() && state.GetResult() != BlockValidationResult::BLOCK_MUTATED) {
            index->status |= BLOCK_FAILED_VALID;
            m_dirty_index.insert(index);
            InvalidChainFound(index);
        }
        return false;
    }

    if (known_pos) {
        const auto size = static_cast<uint32_t>(
            prepared && !prepared->raw.empty() ? prepared->raw.size() : primitives::GetBlockTotalSize(*block));
        m_block_files->RecordKnownBlock(*known_pos, size, static_cast<uint32_t>(index->height), block->header.time);
        if (auto ok = ReceivedBlockTransactions(*block, index, *known_pos); !ok) return state.Error(ok.error());
        return true;
    }
    auto pos = prepared && !prepared->raw.empty()
                   ? m_block_files->WriteBlock(prepared->raw, static_cast<uint32_t>(index->height), block->header.time)
                   : m_block_files->WriteBlock(*block, static_cast<uint32_t>(index->height));
    if (!pos) {
        FatalError("failed to write block: " + pos.error());
        return state.Error("AcceptBlock(): " + pos.error());
    }
    if (auto ok = ReceivedBlockTransactions(*block, index, *pos); !ok) return state.Error(ok.error());
    return true;
}

bool Chainstate::ProcessNewBlock(const std::shared_ptr<const Block>& block, bool force, bool* new_block,
                                 BlockValidationState& state)
{
    bool stored = false;
    {
        auto lock = Lock();
        if (!AcceptBlock(block, state, force, &stored, nullptr)) {
            if (m_options.notifications) m_options.notifications->BlockChecked(*block, state);
            return false;
        }
    }
    if (new_block) *new_block = stored;
    // Invalid blocks found while connecting are reported through BlockChecked and marked in the index. Only a
    // block AcceptBlock just checked is handed on; otherwise the stored copy is read (and checked) again.
    BlockValidationState activate_state;
    if (!ActivateBestChain(activate_state, stored ? block : nullptr)) {
        state = activate_state;
        return false;
    }
    return true;
}

// ------------------------------------------------------------------------------------ best chain

BlockIndex* Chainstate::FindMostWorkChain()
{
    while (true) {
        if (m_candidates.empty()) return nullptr;
        BlockIndex* candidate = *m_candidates.rbegin();
        // Every block between the active chain and the candidate must have data and not be invalid.
        bool usable = true;
        for (BlockIndex* test = candidate; test && !m_chain.Contains(test); test = test->prev) {
            const bool failed = test->status & BLOCK_FAILED_MASK;
            const bool missing_data = !(test->status & BLOCK_HAVE_DATA);
            if (!failed && !missing_data) continue;
            if (failed && (!m_best_invalid || candidate->chain_work > m_best_invalid->chain_work)) {
                m_best_invalid = candidate;
            }
            for (BlockIndex* walk = candidate; walk != test; walk = walk->prev) {
                if (failed) {
                    walk->status |= BLOCK_FAILED_CHILD;
                    m_dirty_index.insert(walk);
                } else {
                    m_blocks_unlinked.emplace(walk->prev, walk);
                }
                m_candidates.erase(walk);
            }
            m_candidates.erase(test);
            usable = false;
            break;
        }
        if (usable) return candidate;
    }
}

void Chainstate::InvalidChainFound(BlockIndex* new_tip)
{
    if (!m_best_invalid || new_tip->chain_work > m_best_invalid->chain_work) m_best_invalid = new_tip;
}

void Chainstate::InvalidBlockFound(BlockIndex* index, const BlockValidationState& state)
{
    if (state.GetResult() != BlockValidationResult::BLOCK_MUTATED) {
        index->status |= BLOCK_FAILED_VALID;
        m_dirty_index.insert(index);
        m_candidates.erase(index);
        InvalidChainFound(index);
    }
}

bool Chainstate::ConnectTip(BlockValidationState& state, BlockIndex* index, std::shared_ptr<const Block> block)
{
    // Callers pass a block only if it is the object AcceptBlock just checked (ProcessNewBlock).
    const bool from_memory = block != nullptr;
    if (!block) {
        auto read = ReadBlock(*index);
        if (!read) {
            FatalError("failed to read block: " + read.error());
            return state.Error("ConnectTip(): " + read.error());
        }
        block = std::make_shared<const Block>(std::move(*read));
    }
    // Connected on the tip cache itself; ConnectBlock rolls its changes back if the block fails.
    const bool ok = ConnectBlock(*block, state, index, *m_coins_tip, false, from_memory);
    if (m_options.notifications) m_options.notifications->BlockChecked(*block, state);
    if (!ok) {
        if (state.IsInvalid()) InvalidBlockFound(index, state);
        return false;
    }
    m_chain.SetTip(index);
    if (m_options.notifications) m_options.notifications->BlockConnected(block, *index);
    m_retired.block = std::move(block);
    if (auto flushed = FlushLocked(FlushMode::IF_NEEDED); !flushed) return state.Error(flushed.error());
    return true;
}

bool Chainstate::DisconnectTip(BlockValidationState& state)
{
    BlockIndex* index = m_chain.Tip();
    auto read = ReadBlock(*index);
    if (!read) {
        FatalError("failed to read block: " + read.error());
        return state.Error("DisconnectTip(): " + read.error());
    }
    auto block = std::make_shared<const Block>(std::move(*read));
    CoinsViewCache view{m_coins_tip.get()};
    if (DisconnectBlock(*block, index, view) != DisconnectResult::OK) {
        return state.Error("DisconnectTip(): DisconnectBlock " + index->GetHash().ToHex() + " failed");
    }
    if (auto flushed = view.Flush(); !flushed) return state.Error(flushed.error());
    m_chain.SetTip(index->prev);
    if (m_options.notifications) m_options.notifications->BlockDisconnected(block, *index);
    if (auto flushed = FlushLocked(FlushMode::IF_NEEDED); !flushed) return state.Error(flushed.error());
    return true;
}

bool Chainstate::ActivateBestChainStep(BlockValidationState& state, BlockIndex* most_work,
                                       const std::shared_ptr<const Block>& block, bool& invalid_found)
{
    const BlockIndex* old_tip = m_chain.Tip();
    const BlockIndex* fork = m_chain.FindFork(most_work);
    while (m_chain.Tip() && m_chain.Tip() != fork) {
        if (!DisconnectTip(state)) return false;
    }
    // Connect at most 32 blocks per round, and return as soon as the tip has more work than before, so
    // the caller can release the lock and announce the new tip (Core's ActivateBestChainStep).
    int height = fork ? fork->height : -1;
    bool keep_going = true;
    std::vector<BlockIndex*> to_connect;
    while (keep_going && height != most_work->height) {
        const int target = std::min(height + 32, most_work->height);
        to_connect.clear();
        for (BlockIndex* i = most_work->GetAncestor(target); i && i->height != height; i = i->prev)
            to_connect.push_back(i);
        height = target;
        for (auto it = to_connect.rbegin(); it != to_connect.rend(); ++it) {
            BlockIndex* index = *it;
            if (!ConnectTip(state, index, index == most_work ? block : nullptr)) {
                if (!state.IsInvalid()) return false; // a system error (disk, database)
                if (state.GetResult() != BlockValidationResult::BLOCK_MUTATED) InvalidChainFound(to_connect.front());
                state = BlockValidationState{};
                invalid_found = true;
                keep_going = false;
                break;
            }
            PruneCandidates();
            if (!old_tip || m_chain.Tip()->chain_work > old_tip->chain_work) {
                keep_going = false;
                break;
            }
        }
    }
    return true;
}

void Chainstate::LetLockWaitersIn() const
{
    // Bounded: a thread that holds the lock itself (recursively) lets nobody in by waiting.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds{500};
    while (m_lock_waiters.load(std::memory_order_relaxed) > 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::yield();
    }
}

bool Chainstate::ActivateBestChain(BlockValidationState& state, std::shared_ptr<const Block> block)
{
    for (bool first = true;; first = false) {
        if (!first) LetLockWaitersIn();
        auto lock = Lock();
        BlockIndex* starting_tip = m_chain.Tip();
        BlockIndex* most_work = FindMostWorkChain();
        if (!most_work || most_work == starting_tip) return true;
        bool invalid_found = false;
        const auto block_to_connect = block && block->GetHash() == most_work->GetHash() ? block : nullptr;
        if (!ActivateBestChainStep(state, most_work, block_to_connect, invalid_found)) return false;
        BlockIndex* new_tip = m_chain.Tip();
        if (new_tip != starting_tip && new_tip && m_options.notifications) {
            m_options.notifications->UpdatedBlockTip(*new_tip, LastCommonAncestor(starting_tip, new_tip),
                                                     IsInitialBlockDownload());
        }
        if (auto flushed = FlushLocked(FlushMode::PERIODIC); !flushed) return state.Error(flushed.error());
        // The lock is released here between rounds so RPC and others can get in.
    }
}

bool Chainstate::InvalidateBlock(BlockValidationState& state, BlockIndex* index)
{
    auto lock = Lock();
    BlockIndex* starting_tip = m_chain.Tip();
    index->status |= BLOCK_FAILED_VALID;
    m_dirty_index.insert(index);
    m_candidates.erase(index);
    while (m_chain.Contains(index)) {
        BlockIndex* walk_tip = m_chain.Tip();
        if (!DisconnectTip(state)) return false;
        if (walk_tip != index) {
            walk_tip->status |= BLOCK_FAILED_CHILD;
            m_dirty_index.insert(walk_tip);
        }
    }
    // Every other descendant is invalid too.
    for (auto& [hash, entry] : m_block_index) {
        if (entry.height > index->height && entry.GetAncestor(index->height) == index &&
            !(entry.status & BLOCK_FAILED_MASK)) {
            entry.status |= BLOCK_FAILED_CHILD;
            m_dirty_index.insert(&entry);
        }
    }
    InvalidChainFound(index);
    RebuildCandidates();
    RecalculateBestHeader();
    BlockIndex* new_tip = m_chain.Tip();
    if (new_tip != starting_tip && new_tip && m_options.notifications) {
        m_options.notifications->UpdatedBlockTip(*new_tip, LastCommonAncestor(starting_tip, new_tip),
                                                 IsInitialBlockDownload());
    }
    return true;
}

void Chainstate::ReconsiderBlock(BlockIndex* index)
{
    auto lock = Lock();
    for (auto& [hash, entry] : m_block_index) {
        if ((entry.status & BLOCK_FAILED_MASK) && entry.GetAncestor(index->height) == index) {
            entry.status &= ~uint32_t{BLOCK_FAILED_MASK};
            m_dirty_index.insert(&entry);
            if (&entry == m_best_invalid) m_best_invalid = nullptr;
        }
    }
    for (BlockIndex* walk = index; walk; walk = walk->prev) {
        if (walk->status & BLOCK_FAILED_MASK) {
            walk->status &= ~uint32_t{BLOCK_FAILED_MASK};
            m_dirty_index.insert(walk);
            if (walk == m_best_invalid) m_best_invalid = nullptr;
        }
    }
    RebuildCandidates();
    RecalculateBestHeader();
}

void Chainstate::RecalculateBestHeader()
{
    // Core's ChainstateManager::RecalculateBestHeader: the most-work header not marked failed (the tip at
    // least), so that an invalidated branch stops counting as "headers" and a reconsidered one counts again.
    m_best_header = m_chain.Tip();
    for (auto& [hash, entry] : m_block_index) {
        if (!(entry.status & BLOCK_FAILED_MASK) && (!m_best_header || m_best_header->chain_work < entry.chain_work)) {
            m_best_header = &entry;
        }
    }
}

// ------------------------------------------------------------------------------------ connect

bool Chainstate::ShouldCheckScripts(const BlockIndex* index) const
{
    // -assumevalid (Core's ConnectBlock): skip scripts only for an ancestor of the assumed-valid block that
    // is also in the best header chain, when that chain has the minimum work and is at least two weeks of
    // work ahead of this block. Blocks off that chain are always fully checked.
    if (m_assume_valid.IsNull()) return true;
    auto it = m_block_index.find(m_assume_valid);
    if (it == m_block_index.end()) return true;
    if (it->second.GetAncestor(index->height) != index) return true;
    if (!m_best_header || m_best_header->GetAncestor(index->height) != index) return true;
    if (m_best_header->chain_work < util::ArithUint256::FromUint256(m_params.consensus.minimum_chain_work)) return true;
    // GetBlockProofEquivalentTime(best header, block, best header).
    util::ArithUint256 work = m_best_header->chain_work - index->chain_work;
    work = work * util::ArithUint256{static_cast<uint64_t>(m_params.consensus.pow_target_spacing)} /
           consensus::GetBlockProof(m_best_header->bits);
    const int64_t seconds = work.Bits() > 63 ? std::numeric_limits<int64_t>::max() : static_cast<int64_t>(work.Low64());
    return seconds <= 60 * 60 * 24 * 7 * 2;
}

bool Chainstate::ConnectBlock(const Block& block, BlockValidationState& state, BlockIndex* index, CoinsViewCache& view,
                              bool just_check, bool block_checked)
{
    const Hash256 hash = index->GetHash();
    Assert(view.GetBestBlock() == (index->prev ? index->prev->GetHash() : Hash256{}));

    // A block read back from disk is checked again: that catches data damaged on disk. One this process has
    // just checked and stored (`block_checked`, the same object) need not be (Core's CBlock::fChecked).
    if (!block_checked && !consensus::CheckBlock(block, state, m_params.consensus, !just_check, !just_check)) {
        if (state.GetResult() == BlockValidationResult::BLOCK_MUTATED) {
            FatalError("Corrupt block found indicating potential hardware failure.");
            return state.Error("Corrupt block found indicating potential hardware failure.");
        }
        return false;
    }
    // Genesis's outputs are not spendable; it changes nothing but the best block.
    if (hash == m_params.GenesisHash()) {
        if (!just_check) view.SetBestBlock(hash);
        return true;
    }

    const int height = index->height;
    const bool check_scripts = ShouldCheckScripts(index);

    // BIP30 (bip30_check.h): up front on a scratch view, else answered while the outputs are added.
    std::optional<Hash256> bip34_ancestor;
    if (index->prev) {
        if (const BlockIndex* a = index->prev->GetAncestor(m_params.consensus.bip34_height))
            bip34_ancestor = a->GetHash();
    }
    const bool journaled = &view == m_coins_tip.get() && !just_check;
    Bip30Check bip30{view, block, consensus::IsBIP30CheckRequired(height, hash, bip34_ancestor, m_params.consensus),
                     journaled};
    if (!bip30.CheckUpFront(block)) {
        return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-txns-BIP30",
                             "tried to overwrite transaction");
    }

    const uint32_t flags = consensus::GetBlockScriptFlags(height, hash, m_params.consensus);
    const unsigned lock_flags = consensus::GetBlockLockTimeFlags(height, m_params.consensus);
    const BlockIndexHeaderView prev_view{index->prev};

    storage::BlockUndo undo;
    undo.txundo.reserve(block.vtx.size() - 1); // no reallocation: the loop keeps a pointer into it
    // On the tip cache (ConnectTip) every change is journaled, and rolled back unless the block passes —
    // while `undo`, where the spent coins went, is still there (the scope is destroyed first).
    JournalScope journal{journaled ? &view : nullptr};
    // Per-tx signature-hash data; sized once so the queued checks' pointers stay valid.
    std::vector<script::PrecomputedTransactionData> txdata(block.vtx.size());
    std::vector<ScriptCheck> checks;
    primitives::Amount fees = 0;
    int64_t sigops_cost = 0;
    std::vector<consensus::SpentCoin> spent_view;
    std::vector<int> prev_heights;
    bool all_outputs_added = false;

    for (size_t i = 0; i < block.vtx.size(); ++i) {
        const primitives::Transaction& tx = *block.vtx[i];
        spent_view.clear();
        // The coins of the next two transactions: their slots now, their entries one transaction later.
        if (i + 2 < block.vtx.size()) {
            for (const primitives::TxIn& in : block.vtx[i + 2]->vin) view.PrefetchSlot(in.prevout);
        }
        if (i + 1 < block.vtx.size() && i > 0) {
            for (const primitives::TxIn& in : block.vtx[i + 1]->vin) view.PrefetchEntry(in.prevout);
        }
        storage::TxUndo* tx_undo = nullptr;
        if (!tx.IsCoinBase()) {
            // Spend the inputs right away, moving each coin into the undo data, and check against those
            // copies: if the block fails, the view's journal (or, for a scratch view, its owner) undoes it.
            tx_undo = &undo.txundo.emplace_back();
            tx_undo->prevouts.resize(tx.vin.size());
            bool missing = false;
            for (size_t j = 0; j < tx.vin.size(); ++j) {
                if (!view.SpendCoin(tx.vin[j].prevout, &tx_undo->prevouts[j])) {
                    missing = true;
                    break;
                }
                bip30.NoteSpent(tx.vin[j].prevout);
            }
            if (missing) {
                state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-txns-inputs-missingorspent",
                              "CheckTxInputs: inputs missing/spent in transaction " + tx.GetTxid().ToHex());
                break;
            }
            for (const Coin& c : tx_undo->prevouts) {
                spent_view.push_back({c.out.value, c.out.script_pubkey, static_cast<int>(c.height), c.coinbase});
            }
            consensus::TxValidationState tx_state;
            primitives::Amount fee = 0;
            if (!consensus::CheckTxInputs(tx, tx_state, spent_view, height, fee)) {
                state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, tx_state.GetRejectReason(),
                              tx_state.GetDebugMessage() + " in transaction " + tx.GetTxid().ToHex());
                break;
            }
            fees += fee;
            if (!primitives::MoneyRange(fees)) {
                state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-txns-accumulated-fee-outofrange",
                              "accumulated fee in the block out of range");
                break;
            }
            // BIP68 sequence locks (from CSV activation; lock_flags says).
            prev_heights.resize(tx.vin.size());
            for (size_t j = 0; j < tx.vin.size(); ++j) prev_heights[j] = spent_view[j].height;
            if (!consensus::CheckSequenceLocks(tx, lock_flags, prev_heights, height, prev_view)) {
                state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-txns-nonfinal",
                              "contains a non-BIP68-final transaction " + tx.GetTxid().ToHex());
                break;
            }
        }
        // BIP141 sigop cost: legacy and P2SH sigops count four times, witness sigops once.
        sigops_cost += consensus::GetTransactionSigOpCost(tx, spent_view, flags);
        if (sigops_cost > consensus::MAX_BLOCK_SIGOPS_COST) {
            state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-blk-sigops", "too many sigops");
            break;
        }
        if (tx_undo && check_scripts) {
            std::vector<primitives::TxOut> outs;
            outs.reserve(tx_undo->prevouts.size());
            for (const Coin& c : tx_undo->prevouts) outs.push_back(c.out.ToTxOut());
            txdata[i].Init(tx, std::move(outs));
            for (unsigned j = 0; j < tx.vin.size(); ++j) {
                checks.push_back(ScriptCheck{&tx, j, &txdata[i].spent_outputs[j], flags, &txdata[i], m_sigcache.get()});
            }
            // Queued per transaction, so the workers start on a block at once (its first transactions
            // may be followed by a long stretch of serial work, say a payout to thousands of outputs).
            m_check_queue->Add(std::move(checks));
            checks.clear();
        }
        if (!bip30.AddOutputs(tx, height)) {
            state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-txns-BIP30", "tried to overwrite transaction");
            break;
        }
        all_outputs_added = i + 1 == block.vtx.size();
    }

    if (state.IsValid()) {
        const primitives::Amount reward = fees + consensus::GetBlockSubsidy(height, m_params.consensus);
        if (block.vtx[0]->GetValueOut() > reward) {
            state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-cb-amount",
                          "coinbase pays too much (actual=" + std::to_string(block.vtx[0]->GetValueOut()) +
                              " vs limit=" + std::to_string(reward) + ")");
        }
    }
    // Always drain the queue: its checks point into this function's data.
    m_check_queue->Add(std::move(checks));
    // While the script threads work: BIP30's lookups in the view below, and the undo data written (it is
    // complete now). Should the block fail after all, the undo record stays in the rev file unreferenced,
    // as a failed block stays in its blk file.
    const bool bip30_below = bip30.FoundBelow();
    std::optional<util::Result<storage::FlatFilePos>> undo_written;
    if (state.IsValid() && !bip30_below && !just_check && !(index->status & BLOCK_HAVE_UNDO)) {
        // The undo checksum commits to the parent's hash (Core's UndoWriteToDisk).
        undo_written.emplace(
            m_block_files->WriteUndo(index->file, undo, index->prev->GetHash(), static_cast<uint32_t>(height)));
    }
    m_retired = RetiredBlock{}; // the previous block's leftovers, while the script threads are busy
    if (auto failure = m_check_queue->Complete(); failure && state.IsValid()) {
        state.Invalid(BlockValidationResult::BLOCK_CONSENSUS,
                      "block-script-verify-flag-failed (" + std::string{script::ScriptErrorString(failure->error)} +
                          ")",
                      failure->debug);
    }
    // BIP30 is the first of ConnectBlock's reasons: it replaces whatever came up meanwhile. A block that
    // failed before all its outputs were added is asked in full, on the view rolled back to before it.
    bool bip30_broken = bip30_below;
    if (!bip30_broken && state.IsInvalid() && !all_outputs_added && state.GetRejectReason() != "bad-txns-BIP30") {
        journal.RollBack();
        bip30_broken = !bip30.CheckAfterRollBack(block);
    }
    if (bip30_broken) {
        state = BlockValidationState{};
        state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-txns-BIP30", "tried to overwrite transaction");
    }
    if (!state.IsValid()) return false;
    if (just_check) return true;

    if (undo_written) {
        if (!*undo_written) {
            FatalError("failed to write undo data: " + undo_written->error());
            return state.Error("ConnectBlock(): " + undo_written->error());
        }
        index->undo_pos = (*undo_written)->pos;
        index->status |= BLOCK_HAVE_UNDO;
    }
    index->RaiseValidity(BLOCK_VALID_SCRIPTS);
    m_dirty_index.insert(index);
    view.SetBestBlock(hash);
    journal.Commit();
    m_retired.undo = std::move(undo);
    m_retired.txdata = std::move(txdata);
    return true;
}

bool Chainstate::ConnectBlockForTest(const Block& block, BlockValidationState& state, BlockIndex* prev,
                                     CoinsViewCache& view)
{
    auto lock = Lock();
    const Hash256 hash = block.GetHash();
    BlockIndex index;
    index.hash = &hash;
    index.prev = prev;
    index.height = prev ? prev->height + 1 : 0;
    index.BuildSkip();
    index.version = block.header.version;
    index.merkle_root = block.header.merkle_root;
    index.time = block.header.time;
    index.bits = block.header.bits;
    index.nonce = block.header.nonce;
    return ConnectBlock(block, state, &index, view, /*just_check=*/true);
}

DisconnectResult Chainstate::DisconnectBlock(const Block& block, const BlockIndex* index, CoinsViewCache& view)
{
    auto undo = ReadUndo(*index);
    if (!undo) return DisconnectResult::FAILED;
    if (undo->txundo.size() + 1 != block.vtx.size()) return DisconnectResult::FAILED;
    bool clean = true;
    // The two BIP30 repeats overwrote earlier coinbases; their outputs may not match (Core's fEnforceBIP30).
    const bool bip30_repeat = consensus::IsBIP30Repeat(index->height, index->GetHash());
    for (size_t i = block.vtx.size(); i-- > 0;) {
        const primitives::Transaction& tx = *block.vtx[i];
        // Every output must still be unspent and match what the block created.
        for (uint32_t o = 0; o < tx.vout.size(); ++o) {
            if (script::IsUnspendable(tx.vout[o].script_pubkey)) continue;
            Coin coin;
            const bool was_unspent = view.SpendCoin(OutPoint{tx.GetTxid(), o}, &coin);
            if (!was_unspent || coin.out != tx.vout[o] || static_cast<int>(coin.height) != index->height ||
                coin.coinbase != tx.IsCoinBase()) {
                if (!(tx.IsCoinBase() && bip30_repeat)) clean = false;
            }
        }
        if (i == 0) break;
        storage::TxUndo& tx_undo = undo->txundo[i - 1];
        if (tx_undo.prevouts.size() != tx.vin.size()) return DisconnectResult::FAILED;
        for (size_t j = tx.vin.size(); j-- > 0;) {
            const OutPoint& out = tx.vin[j].prevout;
            Coin& coin = tx_undo.prevouts[j];
            if (coin.height == 0) return DisconnectResult::FAILED; // no metadata to restore it with
            const bool overwrite = view.HaveCoin(out);
            if (overwrite) clean = false;
            view.AddCoin(out, std::move(coin), overwrite);
        }
    }
    view.SetBestBlock(index->prev ? index->prev->GetHash() : Hash256{});
    return clean ? DisconnectResult::OK : DisconnectResult::UNCLEAN;
}

} // namespace hearth::chain
