#ifndef HEARTH_CHAIN_COINS_H
#define HEARTH_CHAIN_COINS_H

// The UTXO set as layered views (Core's coins.h/txdb.h):
//   CoinsViewDb     the chainstate/ database (KvStore), with the crash-safe flush protocol of CORE-FACTS §3;
//   CoinsViewCache  an in-memory layer over another view; the node keeps one big cache sized by -dbcache
//                   over the database, and block connection works in a small throw-away cache on top, so
//                   a block that turns out invalid changes nothing.

#include <hearth/primitives/transaction.h>
#include <hearth/storage/coin.h>
#include <hearth/storage/kv_store.h>
#include <hearth/util/result.h>
#include <hearth/util/slab_hash_map.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace hearth::chain {

using primitives::Hash256;
using primitives::OutPoint;
using storage::Coin;

/// Salted SipHash of an outpoint: the cache is keyed by data peers choose, so an unsalted hash would let
/// them force collisions (Core's SaltedOutpointHasher).
class SaltedOutpointHasher
{
public:
    SaltedOutpointHasher();
    size_t operator()(const OutPoint& o) const;

private:
    uint64_t m_k0;
    uint64_t m_k1;
};

/// A cached coin and how it relates to the view below (Core's CCoinsCacheEntry):
///  DIRTY: differs from the parent, must be written on flush;
///  FRESH: the parent does not have it unspent, so if it is spent here it can simply be forgotten.
struct CoinsCacheEntry {
    enum Flags : uint8_t { DIRTY = 1, FRESH = 2 };
    Coin coin;
    uint8_t flags{0};
};

/// Entries in chunks with an open-addressing index (slab_hash_map.h): fewer cache misses per lookup than a
/// node-based map, and no allocation per coin.
using CoinsMap = util::SlabHashMap<OutPoint, CoinsCacheEntry, SaltedOutpointHasher>;

/// Read access to a UTXO set.
class CoinsView
{
public:
    virtual ~CoinsView() = default;
    /// The unspent coin at `outpoint`, or nullopt.
    virtual std::optional<Coin> GetCoin(const OutPoint& outpoint) const = 0;
    virtual bool HaveCoin(const OutPoint& outpoint) const { return GetCoin(outpoint).has_value(); }
    /// The block this view's coins are the state after.
    virtual Hash256 GetBestBlock() const = 0;
    /// Writes the DIRTY entries of `coins` (erasing spent ones) and sets the best block. Entries are
    /// consumed: the map is left empty.
    [[nodiscard]] virtual util::Result<void> BatchWrite(CoinsMap& coins, const Hash256& best_block) = 0;
    /// As BatchWrite, but leaves `coins` as it is (CoinsViewCache::Sync keeps its entries). The default
    /// copies the DIRTY entries and hands the copy to BatchWrite; CoinsViewDb writes straight from `coins`.
    [[nodiscard]] virtual util::Result<void> BatchWriteKeep(const CoinsMap& coins, const Hash256& best_block);
};

/// Called when the database cannot be read: the node cannot continue safely (a missing coin would be
/// taken as "spent" and a valid block rejected), so it must stop. Core aborts; the default here logs to
/// stderr and aborts too, and the node may install its own that logs first.
using FatalErrorHandler = std::function<void(const std::string& message)>;

/// The chainstate database.
class CoinsViewDb final : public CoinsView
{
public:
    /// `batch_bytes` caps one LevelDB batch during a flush (Core's -dbbatchsize, 32 MiB). `flush_threads`
    /// threads encode a flush's records (the writes stay on the flushing thread, in the same order).
    CoinsViewDb(std::unique_ptr<storage::KvStore> db, size_t batch_bytes = 32 << 20, unsigned flush_threads = 1);

    std::optional<Coin> GetCoin(const OutPoint& outpoint) const override;
    bool HaveCoin(const OutPoint& outpoint) const override;
    /// The 'B' marker: null if absent (new database, or a flush was interrupted — see GetHeadBlocks).
    Hash256 GetBestBlock() const override;
    /// The 'H' marker {new tip, old tip} written at the start of a flush and erased at its end; present
    /// only if a flush was interrupted (then the coins are a mix of the two states).
    std::optional<std::pair<Hash256, Hash256>> GetHeadBlocks() const;
    /// The flush protocol of CORE-FACTS §3: erase 'B' and write 'H'=[new, old] in a first batch, then the
    /// coins in key order, in batches of 4096 records (at most about batch_bytes), then erase 'H' and write
    /// 'B'=new in a last batch, which is synced (docs/storage.md §3.3).
    [[nodiscard]] util::Result<void> BatchWrite(CoinsMap& coins, const Hash256& best_block) override;
    [[nodiscard]] util::Result<void> BatchWriteKeep(const CoinsMap& coins, const Hash256& best_block) override;

    /// True if the database holds pre-0.15 per-transaction records (not supported: -reindex-chainstate).
    bool HasLegacyRecords() const;
    storage::KvStore& store() { return *m_db; }
    const storage::KvStore& store() const { return *m_db; }
    /// Estimated disk bytes of the coin records (Core's gettxoutsetinfo disk_size).
    uint64_t EstimateCoinsSize() const;

    void SetFatalErrorHandler(FatalErrorHandler handler) { m_fatal = std::move(handler); }

private:
    [[noreturn]] void Fatal(const std::string& message) const;

    std::unique_ptr<storage::KvStore> m_db;
    size_t m_batch_bytes;
    unsigned m_flush_threads;
    FatalErrorHandler m_fatal;
};

/// An in-memory layer over another view (see the file comment).
class CoinsViewCache : public CoinsView
{
public:
    explicit CoinsViewCache(CoinsView* base);

    std::optional<Coin> GetCoin(const OutPoint& outpoint) const override;
    bool HaveCoin(const OutPoint& outpoint) const override;
    Hash256 GetBestBlock() const override;
    void SetBestBlock(const Hash256& hash) { m_best_block = hash; }
    [[nodiscard]] util::Result<void> BatchWrite(CoinsMap& coins, const Hash256& best_block) override;

    /// The coin at `outpoint` (fetched into the cache), or nullptr if none is unspent. The pointer is
    /// valid until the next modification of this cache.
    const Coin* AccessCoin(const OutPoint& outpoint) const;
    /// True if the coin is in this cache already (no lookup below).
    bool HaveCoinInCache(const OutPoint& outpoint) const;
    /// HaveCoin of the view below, not going through (nor filling) this cache.
    bool HaveCoinBelow(const OutPoint& outpoint) const { return m_base->HaveCoin(outpoint); }

    /// Adds an unspent coin. Unless `possible_overwrite`, an existing unspent coin at the outpoint is a
    /// programming error (callers check BIP30 first); coinbases may overwrite (the two BIP30 repeats).
    void AddCoin(const OutPoint& outpoint, Coin coin, bool possible_overwrite);
    /// What AddCoinReporting found at the outpoint, and did.
    enum class AddOutcome {
        INSERTED,     ///< no entry: added (whether the view below has a coin there is not asked)
        OVER_SPENT,   ///< a spent entry: replaced
        OVER_UNSPENT, ///< an unspent coin: replaced (possible_overwrite)
        REFUSED,      ///< an unspent coin, and no possible_overwrite: nothing changed
        SKIPPED,      ///< an unspendable output (OP_RETURN, oversized script): never stored
    };
    /// AddCoin that reports what was at the outpoint instead of treating an unspent coin in the way as a
    /// programming error: ConnectBlock's BIP30 check reads its answer from here (bip30_check.h).
    [[nodiscard]] AddOutcome AddCoinReporting(const OutPoint& outpoint, Coin coin, bool possible_overwrite);
    /// Spends a coin; moves it to `moved_to` if given (for undo data). False if it was not unspent.
    /// While a journal is open, `*moved_to` must stay as it is until CommitJournal or RollBackJournal:
    /// a rollback copies the coin back from there.
    bool SpendCoin(const OutPoint& outpoint, Coin* moved_to = nullptr);

    /// Hints that `outpoint` is looked up soon (SlabHashMap::PrefetchSlot, then a while later PrefetchEntry):
    /// lookups of coins scattered over a big cache miss the CPU cache, and hints issued a transaction or two
    /// ahead let those misses overlap the work in between instead of stalling it one after the other.
    void PrefetchSlot(const OutPoint& outpoint) const { m_coins.PrefetchSlot(outpoint); }
    void PrefetchEntry(const OutPoint& outpoint) const { m_coins.PrefetchEntry(outpoint); }

    /// Starts recording AddCoin, SpendCoin and SetBestBlock so that RollBackJournal can undo them. Block
    /// connection works on the tip cache itself this way, instead of in a child cache that is merged into
    /// the tip afterwards (a second lookup, allocation and copy per coin); a block that fails is rolled
    /// back. Entries read from below meanwhile stay cached (they are clean: the coins set is the same).
    /// No flush, sync, uncache or BatchWrite into this cache while the journal is open.
    void BeginJournal();
    /// Keeps the changes made since BeginJournal and closes the journal.
    void CommitJournal();
    /// Restores every coin changed since BeginJournal (value, flags) and the best block; closes the journal.
    void RollBackJournal();
    bool JournalOpen() const { return m_journal_open; }

    /// Pushes all changes to the view below and empties this cache.
    [[nodiscard]] util::Result<void> Flush();
    /// Pushes all changes to the view below but keeps the coins cached, now clean (Core's Sync): a
    /// periodic write does not cost the cache its warm entries.
    [[nodiscard]] util::Result<void> Sync();
    /// Drops an unmodified entry from memory (a coin read only to check a tx).
    void Uncache(const OutPoint& outpoint);

    /// Entries in the cache.
    size_t CacheSize() const { return m_coins.size(); }
    /// Estimated heap bytes used by the cache (entries, buckets and scripts), compared against -dbcache.
    size_t DynamicMemoryUsage() const;

private:
    /// How an entry was before a change made while the journal is open.
    struct JournalEntry {
        OutPoint outpoint;
        bool existed{false}; ///< the map had an entry (spent or not)
        uint8_t flags{0};
        Coin coin;                     ///< its coin, unless it was moved to `moved_to`
        const Coin* moved_to{nullptr}; ///< SpendCoin moved the coin there
    };

    CoinsMap::iterator FetchCoin(const OutPoint& outpoint) const;
    static size_t ScriptUsage(const Coin& coin);

    CoinsView* m_base;
    mutable CoinsMap m_coins;
    mutable size_t m_scripts_usage{0};
    mutable Hash256 m_best_block;
    bool m_journal_open{false};
    std::vector<JournalEntry> m_journal;
    Hash256 m_journal_best_block;
};

/// Adds the outputs of `tx` (confirmed at `height`) to `view`: OP_RETURN outputs and scripts over 10,000
/// bytes never enter the UTXO set (Core's AddCoins / IsUnspendable). `check_overwrite` as AddCoin's
/// possible_overwrite for non-coinbases.
void AddCoins(CoinsViewCache& view, const primitives::Transaction& tx, int height, bool check_overwrite = false);

} // namespace hearth::chain

#endif // HEARTH_CHAIN_COINS_H
