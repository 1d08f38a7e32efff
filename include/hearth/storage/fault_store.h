#ifndef HEARTH_STORAGE_FAULT_STORE_H
#define HEARTH_STORAGE_FAULT_STORE_H

// FaultStore: wraps a KvStore and injects the failures a crash test needs.
//
// What it models (LevelDB on a journaling file system, Core's assumptions):
//  1. Crash (power cut or kernel panic; a process crash loses nothing LevelDB has been handed). Every
//     Write() appends one record to LevelDB's log; Write(sync=true) fsyncs the log, which makes that
//     batch and every earlier one durable. After a crash the store therefore holds: all batches up to
//     the last synced one, plus some prefix — possibly empty — of the unsynced batches written after
//     it, each either entirely or not at all (log records are checksummed; a torn record is dropped on
//     recovery, and nothing after it is replayed). SimulateCrash(k) keeps exactly the first k unsynced
//     batches (0 = the worst case) and discards the rest, as if the machine had died then.
//  2. Disk full. FailWritesAfter(n): the next n Write() calls succeed, every later one returns an
//     error and changes nothing (LevelDB fails the whole batch when it cannot append it to the log).
//     Reads keep working. ClearFaults() makes writes succeed again (space freed).
//
// Everything written is visible to reads at once, as with LevelDB. The wrapped store is treated as
// perfectly durable; it is usually a MemoryStore, but a LevelDB store works too (e.g. to reopen it).
// Not thread-safe: crash tests drive it from one thread.

#include <hearth/storage/forwarding_store.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace hearth::storage {

class FaultStore final : public ForwardingStore
{
public:
    explicit FaultStore(std::unique_ptr<KvStore> inner);

    std::unique_ptr<WriteBatch> NewBatch() const override;
    util::Result<void> Write(WriteBatch& batch, bool sync) override;

    /// Rolls the store back to what a crash now would leave: the synced state plus the first
    /// `keep_unsynced` batches written since (clamped to how many there are). Afterwards every batch
    /// counts as durable, like a store reopened after the crash.
    [[nodiscard]] util::Result<void> SimulateCrash(size_t keep_unsynced = 0);
    /// Lets `n` more writes succeed, then fails every later one (disk full).
    void FailWritesAfter(uint64_t n) { m_writes_left = n; }
    /// Stops failing writes.
    void ClearFaults() { m_writes_left.reset(); }

    /// Batches written without sync since the last synced one (what a crash may lose).
    size_t UnsyncedBatches() const { return m_unsynced.size(); }
    uint64_t WriteCount() const { return m_writes; }
    uint64_t SyncedWriteCount() const { return m_synced_writes; }
    uint64_t FailedWriteCount() const { return m_failed_writes; }

    KvStore& inner() { return *m_inner; }

private:
    /// Each key a batch touched, with its value before the batch (nullopt = absent): enough to undo it.
    using UndoRecord = std::map<util::Bytes, std::optional<util::Bytes>>;

    std::unique_ptr<KvStore> m_inner;
    std::vector<UndoRecord> m_unsynced;
    std::optional<uint64_t> m_writes_left;
    uint64_t m_writes{0};
    uint64_t m_synced_writes{0};
    uint64_t m_failed_writes{0};
};

} // namespace hearth::storage

#endif // HEARTH_STORAGE_FAULT_STORE_H
