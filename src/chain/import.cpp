// Importing blocks from Core-format block files: -loadblock (external files, blocks are copied into our
// blk files) and -reindex (our own blk files, blocks stay where they are). Core's LoadExternalBlockFile.

#include <hearth/chain/chainstate.h>

#include <hearth/consensus/block_check.h>
#include <hearth/storage/block_file_reader.h>

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace hearth::chain {

namespace {

/// A block read ahead, and whether consensus::CheckBlock passed on it.
struct PrefetchedBlock {
    storage::ExternalBlock ext;
    bool checked{false};
};

/// Reads, decodes and checks (the context-free CheckBlock) the blocks of a file on a thread of its own, a
/// few blocks ahead of the import, so that the validation thread spends its time connecting blocks while
/// the script threads are busy: this work was a sixth of its own per block, done while they waited (the
/// network thread will decode blocks for the node the same way).
class BlockPrefetcher
{
public:
    using Item = util::Result<std::optional<PrefetchedBlock>>;

    BlockPrefetcher(std::unique_ptr<storage::BlockFileReader> reader, const consensus::ConsensusParams& params) :
        m_reader{std::move(reader)}, m_params{params}
    {}
    ~BlockPrefetcher()
    {
        {
            std::lock_guard lock{m_mutex};
            m_stop = true;
        }
        m_cv.notify_all();
        if (m_thread.joinable()) m_thread.join();
    }
    BlockPrefetcher(const BlockPrefetcher&) = delete;
    BlockPrefetcher& operator=(const BlockPrefetcher&) = delete;

    /// Hands a finished block's bytes back, for a block ahead to be read into.
    void Recycle(util::Bytes&& raw)
    {
        if (raw.capacity() == 0) return;
        std::lock_guard lock{m_mutex};
        if (m_spare.size() < 2) m_spare.push_back(std::move(raw)); // the reader takes one per block
    }

    /// As BlockFileReader::Next.
    Item Next()
    {
        std::unique_lock lock{m_mutex};
        if (!m_thread.joinable()) m_thread = std::thread{[this] { Run(); }};
        m_cv.wait(lock, [this] { return !m_queue.empty(); });
        Item item = std::move(m_queue.front());
        m_queue.pop_front();
        if (item && item->has_value()) m_queued_bytes -= (*item)->ext.raw.size();
        lock.unlock();
        m_cv.notify_all();
        return item;
    }

private:
    /// At most this many blocks, and (beyond the first) this many bytes of them, wait decoded.
    static constexpr size_t MAX_BLOCKS_AHEAD = 4;
    static constexpr size_t MAX_BYTES_AHEAD = 8 << 20;

    void Run()
    {
        while (true) {
            {
                std::unique_lock lock{m_mutex};
                m_cv.wait(lock, [this] {
                    return m_stop || m_queue.empty() ||
                           (m_queue.size() < MAX_BLOCKS_AHEAD && m_queued_bytes < MAX_BYTES_AHEAD);
                });
                if (m_stop) return;
            }
            util::Bytes buffer;
            {
                std::lock_guard lock{m_mutex};
                if (!m_spare.empty()) {
                    buffer = std::move(m_spare.back());
                    m_spare.pop_back();
                }
            }
            auto read = m_reader->Next(std::move(buffer)); // the reader is used by this thread only
            Item next = read ? Item{std::nullopt} : Item{util::Error{read.error()}};
            if (read && read->has_value()) {
                PrefetchedBlock block{std::move(**read)};
                consensus::BlockValidationState state; // a failure is found again, and reported, by AcceptBlock
                block.checked = consensus::CheckBlock(block.ext.block, state, m_params);
                next = Item{std::optional<PrefetchedBlock>{std::move(block)}};
            }
            const bool last = !next || !next->has_value();
            {
                std::lock_guard lock{m_mutex};
                if (next && next->has_value()) m_queued_bytes += (*next)->ext.raw.size();
                m_queue.push_back(std::move(next));
            }
            m_cv.notify_all();
            if (last) return;
        }
    }

    std::unique_ptr<storage::BlockFileReader> m_reader;
    const consensus::ConsensusParams& m_params;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<Item> m_queue;
    std::vector<util::Bytes> m_spare; ///< buffers of finished blocks, to read the next ones into
    size_t m_queued_bytes{0};
    bool m_stop{false};
    std::thread m_thread; // started by the first Next()
};

} // namespace

util::Result<Chainstate::ImportStats> Chainstate::LoadExternalBlockFile(const std::filesystem::path& path,
                                                                        const std::function<bool()>& interrupted)
{
    return ImportBlockFile(path, -1, interrupted);
}

util::Result<Chainstate::ImportStats> Chainstate::ImportBlockFile(const std::filesystem::path& path, int32_t file,
                                                                  const std::function<bool()>& interrupted)
{
    auto opened = storage::BlockFileReader::Open(path, m_params.message_start);
    if (!opened) return util::Error{opened.error()};
    BlockPrefetcher reader{std::move(*opened), m_params.consensus};
    ImportStats stats;
    struct Pending {
        std::shared_ptr<const primitives::Block> block;
        std::optional<storage::FlatFilePos> pos; ///< where it is stored already (-reindex)
        util::Bytes raw;                         ///< its serialization (none kept for out-of-order blocks)
        bool checked{false};                     ///< CheckBlock passed on `block`
    };
    // Blocks that came before their parent, by parent hash (files written by several peers are not ordered).
    std::multimap<Hash256, Pending> unknown_parent;

    auto process = [&](const Pending& item) -> util::Result<void> {
        consensus::BlockValidationState state;
        bool new_block = false;
        bool accepted = false;
        const BlockPreparation prepared{item.raw, item.checked};
        {
            LetLockWaitersIn();
            auto lock = Lock();
            accepted =
                AcceptBlock(item.block, state, true, &new_block, nullptr, item.pos ? &*item.pos : nullptr, &prepared);
        }
        if (!accepted) {
            if (state.IsError()) return util::Error{"importing " + path.string() + ": " + state.ToString()};
            ++stats.blocks_invalid;
            if (stats.first_error.empty()) stats.first_error = item.block->GetHash().ToHex() + ": " + state.ToString();
            return {};
        }
        if (new_block) ++stats.blocks_new;
        consensus::BlockValidationState activate;
        // Hand the block on only if AcceptBlock just checked it (see ProcessNewBlock).
        if (!ActivateBestChain(activate, new_block ? item.block : nullptr))
            return util::Error{"importing " + path.string() + ": " + activate.ToString()};
        return {};
    };

    while (!(interrupted && interrupted())) {
        auto next = reader.Next();
        if (!next) return util::Error{next.error()};
        if (!next->has_value()) break;
        ++stats.blocks_read;
        storage::ExternalBlock& ext = (*next)->ext;
        Pending item{
            std::make_shared<const primitives::Block>(std::move(ext.block)), std::nullopt, {}, (*next)->checked};
        if (file >= 0) {
            item.pos = storage::FlatFilePos{file, static_cast<uint32_t>(ext.offset)};
            reader.Recycle(std::move(ext.raw)); // stored already: only the decoded block is needed
        } else {
            item.raw = std::move(ext.raw);
        }
        const Hash256& prev = item.block->header.prev_block;
        if (!prev.IsNull() && !LookupBlockIndex(prev)) {
            item.raw = util::Bytes{}; // a waiting block keeps only its decoded form
            unknown_parent.emplace(prev, std::move(item));
            continue;
        }
        std::vector<Hash256> queue{item.block->GetHash()};
        if (auto ok = process(item); !ok) return util::Error{ok.error()};
        reader.Recycle(std::move(item.raw));
        // Blocks that were waiting for this one (and for them, in turn).
        while (!queue.empty()) {
            const Hash256 parent = queue.back();
            queue.pop_back();
            auto range = unknown_parent.equal_range(parent);
            std::vector<Pending> children;
            for (auto it = range.first; it != range.second; ++it) children.push_back(std::move(it->second));
            unknown_parent.erase(range.first, range.second);
            for (const Pending& child : children) {
                if (auto ok = process(child); !ok) return util::Error{ok.error()};
                queue.push_back(child.block->GetHash());
            }
        }
    }
    stats.orphans_left = unknown_parent.size();
    return stats;
}

util::Result<void> Chainstate::ReindexFromBlockFiles()
{
    // The block index and chainstate were wiped; rebuild them from blk00000.dat, blk00001.dat, ... in place.
    if (auto ok = m_block_tree->WriteReindexing(true); !ok) return ok;
    for (int32_t f = 0;; ++f) {
        const auto path = m_options.data_dir / "blocks" / storage::BlockFileName(f);
        if (!std::filesystem::exists(path)) break;
        auto stats = ImportBlockFile(path, f, {});
        if (!stats) return util::Error{"-reindex: " + stats.error()};
        LogMessage(util::LogLevel::INFO, "Reindexing block file " + path.filename().string() + ": " +
                                             std::to_string(stats->blocks_read) + " blocks");
    }
    if (auto ok = FlushLocked(FlushMode::ALWAYS); !ok) return ok;
    return m_block_tree->WriteReindexing(false);
}

} // namespace hearth::chain
