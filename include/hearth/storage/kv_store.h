#ifndef HEARTH_STORAGE_KV_STORE_H
#define HEARTH_STORAGE_KV_STORE_H

// KvStore: an ordered key-value store with atomic batches, the only database interface the chain layer
// sees. Implementations: LevelDB (leveldb_store.h), in-memory (memory_store.h) and a fault-injecting
// wrapper for crash tests (fault_store.h).
//
// Keys are compared bytewise as unsigned bytes (memcmp order), so iteration order is the same on every
// implementation and every machine. Batches and iterators must not outlive the store that made them.
// The LevelDB and memory stores may be used from several threads at once; FaultStore may not. Nothing here throws: I/O
// errors and corruption come back as util::Result errors whose message names the database and what went wrong.

#include <hearth/util/bytes.h>
#include <hearth/util/result.h>

#include <cstdint>
#include <memory>
#include <optional>

namespace hearth::storage {

/// A set of puts and erases applied all together or not at all by KvStore::Write. Created by the store
/// it will be written to (KvStore::NewBatch): each implementation keeps the operations in its own form,
/// so a LevelDB batch is built once, without an intermediate copy. Operations apply in the order given;
/// a later operation on the same key wins.
class WriteBatch
{
public:
    virtual ~WriteBatch() = default;
    virtual void Put(util::ByteSpan key, util::ByteSpan value) = 0;
    virtual void Erase(util::ByteSpan key) = 0;
    /// Removes every operation, so the batch can be reused.
    virtual void Clear() = 0;
    /// Approximate bytes the batch holds (keys + values + small per-operation overhead); callers flush
    /// large updates in batches of a bounded size (Core's -dbbatchsize).
    virtual size_t ApproximateSize() const = 0;
    /// Number of operations since construction or the last Clear().
    virtual size_t Count() const = 0;
};

/// An ordered cursor over a snapshot of the store taken when the iterator was created. Writes made
/// afterwards are not seen. Key()/Value() views stay valid only until the next Seek/Next.
class KvIterator
{
public:
    virtual ~KvIterator() = default;
    /// Positions at the first key >= `key`.
    virtual void Seek(util::ByteSpan key) = 0;
    virtual void SeekToFirst() = 0;
    /// True while positioned on an entry (false past the end, or after an error; see status()).
    virtual bool Valid() const = 0;
    /// Moves to the next key in order; requires Valid().
    virtual void Next() = 0;
    /// Requires Valid().
    virtual util::ByteSpan Key() const = 0;
    /// Requires Valid().
    virtual util::ByteSpan Value() const = 0;
    /// An error met while iterating (corruption, I/O). When Valid() turns false, check this before
    /// trusting that the range was complete.
    virtual util::Result<void> status() const = 0;
};

/// Ordered key-value store (see the file comment).
class KvStore
{
public:
    virtual ~KvStore() = default;

    /// The value stored at `key`, or nullopt if there is none.
    [[nodiscard]] virtual util::Result<std::optional<util::Bytes>> Get(util::ByteSpan key) const = 0;
    /// Whether `key` has a value.
    [[nodiscard]] virtual util::Result<bool> Exists(util::ByteSpan key) const = 0;

    /// An empty batch for this store.
    virtual std::unique_ptr<WriteBatch> NewBatch() const = 0;
    /// Applies `batch` atomically: after a crash either all of it or none of it is there. With `sync`
    /// the call returns only once the batch (and every earlier one) is on stable storage; without it a
    /// crash of the machine (not of the process) may lose this and other unsynced batches, but never
    /// part of a batch and never a synced batch. `batch` must come from this store's NewBatch().
    [[nodiscard]] virtual util::Result<void> Write(WriteBatch& batch, bool sync) = 0;

    /// A cursor over a consistent snapshot, positioned nowhere (call Seek or SeekToFirst).
    virtual std::unique_ptr<KvIterator> NewIterator() const = 0;

    /// Estimated bytes on disk used by keys in [begin, end) (LevelDB's GetApproximateSizes: data still
    /// in the in-memory write buffer counts as 0).
    virtual uint64_t EstimateSize(util::ByteSpan begin, util::ByteSpan end) const = 0;
    /// Compacts the whole key range (reclaims space after many erases; slow).
    [[nodiscard]] virtual util::Result<void> Compact() = 0;
    /// Total bytes the store occupies on disk (all of its files); the memory store reports its payload.
    virtual uint64_t DiskSize() const = 0;
};

} // namespace hearth::storage

#endif // HEARTH_STORAGE_KV_STORE_H
