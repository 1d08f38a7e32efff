#include <hearth/storage/fault_store.h>

#include <hearth/util/check.h>

#include <algorithm>

namespace hearth::storage {

namespace {

/// Records the operations (to compute undo data) and forwards them to the wrapped store's batch.
class FaultBatch final : public WriteBatch
{
public:
    explicit FaultBatch(std::unique_ptr<WriteBatch> inner) : m_inner{std::move(inner)} {}

    void Put(util::ByteSpan key, util::ByteSpan value) override
    {
        m_keys.push_back(util::ToBytes(key));
        m_inner->Put(key, value);
    }
    void Erase(util::ByteSpan key) override
    {
        m_keys.push_back(util::ToBytes(key));
        m_inner->Erase(key);
    }
    void Clear() override
    {
        m_keys.clear();
        m_inner->Clear();
    }
    size_t ApproximateSize() const override { return m_inner->ApproximateSize(); }
    size_t Count() const override { return m_inner->Count(); }

    const std::vector<util::Bytes>& keys() const { return m_keys; }
    WriteBatch& inner() { return *m_inner; }

private:
    std::unique_ptr<WriteBatch> m_inner;
    std::vector<util::Bytes> m_keys;
};

} // namespace

FaultStore::FaultStore(std::unique_ptr<KvStore> inner) : ForwardingStore{*Assert(inner)}, m_inner{std::move(inner)} {}

std::unique_ptr<WriteBatch> FaultStore::NewBatch() const { return std::make_unique<FaultBatch>(m_inner->NewBatch()); }

util::Result<void> FaultStore::Write(WriteBatch& batch, bool sync)
{
    auto* b = dynamic_cast<FaultBatch*>(&batch);
    Assert(b != nullptr); // a batch from another store is a programming error
    ++m_writes;
    if (m_writes_left) {
        if (*m_writes_left == 0) {
            ++m_failed_writes;
            return util::Error{"simulated disk full: write of " + std::to_string(b->Count()) +
                               " operations refused, nothing written"};
        }
        --*m_writes_left;
    }

    UndoRecord undo;
    if (!sync) {
        for (const util::Bytes& key : b->keys()) {
            if (undo.contains(key)) continue;
            auto old = m_inner->Get(key);
            if (!old) return util::Error{old.error()};
            undo.emplace(key, std::move(*old));
        }
    }
    if (auto r = m_inner->Write(b->inner(), sync); !r) return r;
    if (sync) {
        // The fsync of the log makes this batch and all before it durable.
        m_unsynced.clear();
        ++m_synced_writes;
    } else {
        m_unsynced.push_back(std::move(undo));
    }
    return {};
}

util::Result<void> FaultStore::SimulateCrash(size_t keep_unsynced)
{
    keep_unsynced = std::min(keep_unsynced, m_unsynced.size());
    // Undo the lost batches newest first, so each key ends at its value before the oldest lost batch.
    while (m_unsynced.size() > keep_unsynced) {
        auto restore = m_inner->NewBatch();
        for (const auto& [key, old] : m_unsynced.back()) {
            if (old) {
                restore->Put(key, *old);
            } else {
                restore->Erase(key);
            }
        }
        if (auto r = m_inner->Write(*restore, /*sync=*/true); !r) return r;
        m_unsynced.pop_back();
    }
    m_unsynced.clear();
    return {};
}

} // namespace hearth::storage
