#ifndef HEARTH_STORAGE_MEMORY_STORE_H
#define HEARTH_STORAGE_MEMORY_STORE_H

// An in-memory KvStore (an ordered map) for unit tests and fixtures: the same contract as the LevelDB
// store (bytewise key order, atomic batches, snapshot iterators), nothing on disk, nothing survives the
// object. Thread-safe.

#include <hearth/storage/kv_store.h>

#include <map>
#include <memory>
#include <mutex>

namespace hearth::storage {

class MemoryStore final : public KvStore
{
public:
    MemoryStore();

    util::Result<std::optional<util::Bytes>> Get(util::ByteSpan key) const override;
    util::Result<bool> Exists(util::ByteSpan key) const override;
    std::unique_ptr<WriteBatch> NewBatch() const override;
    util::Result<void> Write(WriteBatch& batch, bool sync) override;
    std::unique_ptr<KvIterator> NewIterator() const override;
    /// Sum of key and value sizes in [begin, end).
    uint64_t EstimateSize(util::ByteSpan begin, util::ByteSpan end) const override;
    util::Result<void> Compact() override { return {}; }
    /// Sum of all key and value sizes.
    uint64_t DiskSize() const override;

    /// Number of entries.
    size_t size() const;

    /// std::vector<uint8_t>'s operator< compares unsigned bytes lexicographically: LevelDB's order.
    using Map = std::map<util::Bytes, util::Bytes, std::less<>>;

private:
    mutable std::mutex m_mutex;
    /// Copy-on-write: iterators share the map they started on; a write made while one is alive copies
    /// it first, so iterators see a snapshot without a copy per iterator.
    std::shared_ptr<Map> m_map;
    uint64_t m_bytes{0};
};

} // namespace hearth::storage

#endif // HEARTH_STORAGE_MEMORY_STORE_H
