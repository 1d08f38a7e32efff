#ifndef HEARTH_CHAIN_BLOCK_TREE_DB_H
#define HEARTH_CHAIN_BLOCK_TREE_DB_H

// The block index database, blocks/index/ (Core's CBlockTreeDB, same keys):
//   'b' ‖ hash (32 raw)          → DiskBlockIndex record (block_index.h)
//   'f' ‖ int32 LE file number   → storage::BlockFileInfo
//   'l'                          → int32 LE number of the last block file
//   'R'                          → 1 byte: '1' while a -reindex is in progress
//   'F' ‖ CompactSize name       → 1 byte flag ('1'/'0'), e.g. "prunedblockfiles"

#include <hearth/chain/block_index.h>
#include <hearth/storage/block_files.h>
#include <hearth/storage/kv_store.h>
#include <hearth/util/result.h>

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace hearth::chain {

class BlockTreeDb
{
public:
    explicit BlockTreeDb(std::unique_ptr<storage::KvStore> db) : m_db{std::move(db)} {}

    /// Calls `visit(hash, record)` for every block index record, in key order.
    [[nodiscard]] util::Result<void>
    LoadBlockIndex(const std::function<util::Result<void>(const Hash256&, const DiskBlockIndex&)>& visit) const;
    /// Infos of files 0..last file (empty for a new database).
    [[nodiscard]] util::Result<std::vector<storage::BlockFileInfo>> ReadFileInfos() const;

    /// Writes file infos, the last file number and index records in one synced batch.
    [[nodiscard]] util::Result<void>
    WriteBatchSync(const std::vector<std::pair<int32_t, storage::BlockFileInfo>>& files, int32_t last_file,
                   std::span<const BlockIndex* const> blocks);

    [[nodiscard]] util::Result<bool> ReadFlag(const std::string& name) const;
    [[nodiscard]] util::Result<void> WriteFlag(const std::string& name, bool value);
    [[nodiscard]] util::Result<bool> IsReindexing() const;
    [[nodiscard]] util::Result<void> WriteReindexing(bool reindexing);

    storage::KvStore& store() { return *m_db; }

private:
    std::unique_ptr<storage::KvStore> m_db;
};

} // namespace hearth::chain

#endif // HEARTH_CHAIN_BLOCK_TREE_DB_H
