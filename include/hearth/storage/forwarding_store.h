#ifndef HEARTH_STORAGE_FORWARDING_STORE_H
#define HEARTH_STORAGE_FORWARDING_STORE_H

// ForwardingStore: a KvStore that passes every call on to another store, for wrappers that change only a
// few calls (FaultStore's batches and writes, a test's write counter or shared "disk").

#include <hearth/storage/kv_store.h>

#include <cstdint>
#include <memory>
#include <optional>

namespace hearth::storage {

class ForwardingStore : public KvStore
{
public:
    /// Forwards to `target`, which must outlive this store (a derived class usually owns it). To wrap another
    /// ForwardingStore, pass it as a KvStore& (the copy constructor, deleted, would be chosen otherwise).
    explicit ForwardingStore(KvStore& target) : m_target{target} {}
    // A copy would still forward to the original's target.
    ForwardingStore(const ForwardingStore&) = delete;
    ForwardingStore& operator=(const ForwardingStore&) = delete;

    util::Result<std::optional<util::Bytes>> Get(util::ByteSpan key) const override { return m_target.Get(key); }
    util::Result<bool> Exists(util::ByteSpan key) const override { return m_target.Exists(key); }
    std::unique_ptr<WriteBatch> NewBatch() const override { return m_target.NewBatch(); }
    util::Result<void> Write(WriteBatch& batch, bool sync) override { return m_target.Write(batch, sync); }
    std::unique_ptr<KvIterator> NewIterator() const override { return m_target.NewIterator(); }
    uint64_t EstimateSize(util::ByteSpan begin, util::ByteSpan end) const override
    {
        return m_target.EstimateSize(begin, end);
    }
    util::Result<void> Compact() override { return m_target.Compact(); }
    uint64_t DiskSize() const override { return m_target.DiskSize(); }

private:
    KvStore& m_target;
};

} // namespace hearth::storage

#endif // HEARTH_STORAGE_FORWARDING_STORE_H
