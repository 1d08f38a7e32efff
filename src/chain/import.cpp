// Importing blocks from Core-format block files: -loadblock (external files, blocks are copied into our
// blk files) and -reindex (our own blk files, blocks stay where they are). Core's LoadExternalBlockFile.

#include <hearth/chain/chainstate.h>

#include <hearth/storage/block_file_reader.h>

#include <cstdio>
#include <map>

namespace hearth::chain {

util::Result<Chainstate::ImportStats> Chainstate::LoadExternalBlockFile(const std::filesystem::path& path,
                                                                        const std::function<bool()>& interrupted)
{
    return ImportBlockFile(path, -1, interrupted);
}

util::Result<Chainstate::ImportStats> Chainstate::ImportBlockFile(const std::filesystem::path& path, int32_t file,
                                                                  const std::function<bool()>& interrupted)
{
    auto reader = storage::BlockFileReader::Open(path, m_params.message_start);
    if (!reader) return util::Error{reader.error()};
    ImportStats stats;
    using Pending = std::pair<std::shared_ptr<const primitives::Block>, std::optional<storage::FlatFilePos>>;
    // Blocks that came before their parent, by parent hash (files written by several peers are not ordered).
    std::multimap<Hash256, Pending> unknown_parent;

    auto process = [&](const Pending& item) -> util::Result<void> {
        consensus::BlockValidationState state;
        bool new_block = false;
        bool accepted = false;
        {
            auto lock = Lock();
            accepted = AcceptBlock(item.first, state, true, &new_block, nullptr, item.second ? &*item.second : nullptr);
        }
        if (!accepted) {
            if (state.IsError()) return util::Error{"importing " + path.string() + ": " + state.ToString()};
            ++stats.blocks_invalid;
            if (stats.first_error.empty()) stats.first_error = item.first->GetHash().ToHex() + ": " + state.ToString();
            return {};
        }
        if (new_block) ++stats.blocks_new;
        consensus::BlockValidationState activate;
        // Hand the block on only if AcceptBlock just checked it (see ProcessNewBlock).
        if (!ActivateBestChain(activate, new_block ? item.first : nullptr))
            return util::Error{"importing " + path.string() + ": " + activate.ToString()};
        return {};
    };

    while (!(interrupted && interrupted())) {
        auto next = (*reader)->Next();
        if (!next) return util::Error{next.error()};
        if (!next->has_value()) break;
        ++stats.blocks_read;
        storage::ExternalBlock& ext = **next;
        Pending item{std::make_shared<const primitives::Block>(std::move(ext.block)), std::nullopt};
        if (file >= 0) item.second = storage::FlatFilePos{file, static_cast<uint32_t>(ext.offset)};
        const Hash256& prev = item.first->header.prev_block;
        if (!prev.IsNull() && !LookupBlockIndex(prev)) {
            unknown_parent.emplace(prev, std::move(item));
            continue;
        }
        std::vector<Hash256> queue{item.first->GetHash()};
        if (auto ok = process(item); !ok) return util::Error{ok.error()};
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
                queue.push_back(child.first->GetHash());
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
