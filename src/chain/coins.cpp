#include <hearth/chain/coins.h>

#include <hearth/crypto/random.h>
#include <hearth/crypto/siphash.h>
#include <hearth/script/script.h>
#include <hearth/util/check.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

namespace hearth::chain {

SaltedOutpointHasher::SaltedOutpointHasher() : m_k0{crypto::GetRandU64()}, m_k1{crypto::GetRandU64()} {}

size_t SaltedOutpointHasher::operator()(const OutPoint& o) const
{
    return static_cast<size_t>(crypto::SipHashUint256Extra(m_k0, m_k1, o.hash, o.n));
}

// ------------------------------------------------------------------------------------------ database

CoinsViewDb::CoinsViewDb(std::unique_ptr<storage::KvStore> db, size_t batch_bytes, unsigned flush_threads) :
    m_db{std::move(db)}, m_batch_bytes{batch_bytes}, m_flush_threads{std::max(1U, flush_threads)}
{}

void CoinsViewDb::Fatal(const std::string& message) const
{
    if (m_fatal) m_fatal(message);
    std::fprintf(stderr, "Fatal chainstate database error: %s\n", message.c_str());
    std::fflush(stderr);
    std::abort();
}

std::optional<Coin> CoinsViewDb::GetCoin(const OutPoint& outpoint) const
{
    auto value = m_db->Get(storage::CoinKey(outpoint));
    if (!value) Fatal(value.error());
    if (!value->has_value()) return std::nullopt;
    auto coin = storage::DecodeCoin(**value);
    if (!coin) Fatal("corrupt coin " + outpoint.ToString() + ": " + coin.error());
    return std::move(*coin);
}

bool CoinsViewDb::HaveCoin(const OutPoint& outpoint) const
{
    auto exists = m_db->Exists(storage::CoinKey(outpoint));
    if (!exists) Fatal(exists.error());
    return *exists;
}

Hash256 CoinsViewDb::GetBestBlock() const
{
    auto value = m_db->Get(storage::BestBlockKey());
    if (!value) Fatal(value.error());
    if (!value->has_value() || (*value)->size() != 32) return Hash256{};
    return Hash256{util::ByteSpan{**value}};
}

std::optional<std::pair<Hash256, Hash256>> CoinsViewDb::GetHeadBlocks() const
{
    auto value = m_db->Get(storage::HeadBlocksKey());
    if (!value) Fatal(value.error());
    if (!value->has_value()) return std::nullopt;
    auto heads = storage::DecodeHeadBlocks(**value);
    if (!heads) Fatal("corrupt head-blocks marker: " + heads.error());
    return *heads;
}

bool CoinsViewDb::HasLegacyRecords() const
{
    auto it = m_db->NewIterator();
    const uint8_t legacy = storage::DB_COINS_LEGACY;
    it->Seek({&legacy, 1});
    return it->Valid() && !it->Key().empty() && it->Key()[0] == legacy;
}

uint64_t CoinsViewDb::EstimateCoinsSize() const
{
    const uint8_t begin = storage::DB_COIN;
    const uint8_t end = storage::DB_COIN + 1;
    return m_db->EstimateSize({&begin, 1}, {&end, 1});
}

util::Result<void> CoinsView::BatchWriteKeep(const CoinsMap& coins, const Hash256& best_block)
{
    CoinsMap dirty;
    for (const auto& [outpoint, entry] : coins) {
        if (entry.flags & CoinsCacheEntry::DIRTY) dirty.emplace(outpoint, entry);
    }
    return BatchWrite(dirty, best_block);
}

util::Result<void> CoinsViewDb::BatchWrite(CoinsMap& coins, const Hash256& best_block)
{
    if (auto ok = BatchWriteKeep(coins, best_block); !ok) return ok;
    coins.clear();
    return {};
}

namespace {

/// A DIRTY entry of the cache, to be written.
struct DirtyRef {
    uint64_t prefix; ///< the txid's first 8 bytes, big-endian: integer order = byte order
    const CoinsMap::value_type* entry;
};

/// The DIRTY entries of `coins`, sorted by outpoint (txid bytes, then index: the order of their database
/// keys). Sorted by `prefix` first, so nearly every comparison is of two integers in the array rather than
/// of two keys in entries scattered over the cache (a cache miss each): this sort was a third of the final
/// flush's time at the end of an import.
std::vector<DirtyRef> DirtyInKeyOrder(const CoinsMap& coins)
{
    std::vector<DirtyRef> refs;
    refs.reserve(coins.size());
    for (const auto& entry : coins) {
        if (!(entry.second.flags & CoinsCacheEntry::DIRTY)) continue;
        uint64_t prefix = 0;
        for (size_t i = 0; i < 8; ++i) prefix = (prefix << 8) | entry.first.hash.data()[i];
        refs.push_back({prefix, &entry});
    }
    std::sort(refs.begin(), refs.end(), [](const DirtyRef& a, const DirtyRef& b) {
        if (a.prefix != b.prefix) return a.prefix < b.prefix;
        return a.entry->first < b.entry->first;
    });
    return refs;
}

/// Records per slice of a flush: the unit one thread encodes into batches and the writer then writes.
constexpr size_t SLICE_RECORDS = 4096;

/// Encodes the records of `refs` (a coin, or the erasure of a spent one) into batches of at most about
/// `batch_bytes` each, appended to `out`.
void EncodeRecords(const storage::KvStore& db, std::span<const DirtyRef> refs, size_t batch_bytes,
                   std::vector<std::unique_ptr<storage::WriteBatch>>& out)
{
    util::Bytes key; // reused: no allocation per record
    util::Bytes value;
    for (const DirtyRef& ref : refs) {
        if (out.empty() || out.back()->ApproximateSize() > batch_bytes) out.push_back(db.NewBatch());
        storage::CoinKeyInto(ref.entry->first, key);
        if (ref.entry->second.coin.IsSpent()) {
            out.back()->Erase(key);
        } else {
            storage::EncodeCoinInto(ref.entry->second.coin, value);
            out.back()->Put(key, value);
        }
    }
}

/// Writes the records of `refs` to `db`, slice by slice of SLICE_RECORDS, in order. With `threads` > 1 that
/// many threads encode the slices, at most two slices a thread ahead of the writer, while this thread only
/// writes them: the writes, and so what a crash can leave, are the same as with one thread. Encoding was
/// about half of the import's final flush, during which the other cores had nothing left to check.
util::Result<void> WriteRecords(storage::KvStore& db, std::span<const DirtyRef> refs, unsigned threads,
                                size_t batch_bytes)
{
    const size_t slices = (refs.size() + SLICE_RECORDS - 1) / SLICE_RECORDS;
    auto slice = [&](size_t s) {
        return refs.subspan(s * SLICE_RECORDS, std::min(SLICE_RECORDS, refs.size() - s * SLICE_RECORDS));
    };
    using Batches = std::vector<std::unique_ptr<storage::WriteBatch>>;
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::optional<Batches>> encoded(slices); // slice s, once encoded; dropped once written
    size_t next = 0;                                     // the next slice to hand out
    size_t written = 0;                                  // slices written
    bool stop = false;                                   // a write failed
    const size_t ahead = 2 * size_t{threads};
    auto encoder = [&] {
        while (true) {
            size_t s;
            {
                std::unique_lock lock{mutex};
                changed.wait(lock, [&] { return stop || next >= slices || next < written + ahead; });
                if (stop || next >= slices) return;
                s = next++;
            }
            Batches batches;
            EncodeRecords(db, slice(s), batch_bytes, batches);
            {
                std::lock_guard lock{mutex};
                encoded[s] = std::move(batches);
            }
            changed.notify_all();
        }
    };
    std::vector<std::thread> pool; // none on one thread (or one slice): this thread encodes each slice itself
    if (threads > 1 && slices > 1) {
        pool.reserve(threads);
        for (unsigned t = 0; t < threads; ++t) pool.emplace_back(encoder);
    }
    util::Result<void> result;
    for (size_t s = 0; s < slices && result; ++s) {
        Batches batches;
        if (pool.empty()) {
            EncodeRecords(db, slice(s), batch_bytes, batches);
        } else {
            std::unique_lock lock{mutex};
            changed.wait(lock, [&] { return encoded[s].has_value(); });
            batches = std::move(*encoded[s]);
            encoded[s].reset();
        }
        for (auto& b : batches) {
            if (result = db.Write(*b, false); !result) break;
        }
        {
            std::lock_guard lock{mutex};
            ++written;
            if (!result) stop = true;
        }
        changed.notify_all();
    }
    for (auto& t : pool) t.join();
    return result;
}

} // namespace

util::Result<void> CoinsViewDb::BatchWriteKeep(const CoinsMap& coins, const Hash256& best_block)
{
    Hash256 old_tip = GetBestBlock();
    if (old_tip.IsNull()) {
        // No 'B': either a new database or we are finishing an interrupted flush, whose 'H' names the
        // state it started from (Core's CCoinsViewDB::BatchWrite).
        if (auto heads = GetHeadBlocks()) {
            if (heads->first != best_block) {
                return util::Error{"the chainstate database is in an inconsistent state after a crash; restart "
                                   "with -reindex-chainstate"};
            }
            old_tip = heads->second;
        }
    }

    // Write in key order: the records of one flush then land in few, non-overlapping table files.
    const std::vector<DirtyRef> dirty = DirtyInKeyOrder(coins);

    // First: mark the database as being in transition from old_tip to best_block.
    auto marker = m_db->NewBatch();
    marker->Erase(storage::BestBlockKey());
    marker->Put(storage::HeadBlocksKey(), storage::EncodeHeadBlocks(best_block, old_tip));
    if (auto ok = m_db->Write(*marker, false); !ok) return ok;
    if (auto ok = WriteRecords(*m_db, dirty, m_flush_threads, m_batch_bytes); !ok) return ok;
    // Last: consistent again at best_block. Synced, so the flush is durable once we return.
    marker->Clear();
    marker->Erase(storage::HeadBlocksKey());
    marker->Put(storage::BestBlockKey(), best_block.span());
    return m_db->Write(*marker, true);
}

// ------------------------------------------------------------------------------------------ cache

CoinsViewCache::CoinsViewCache(CoinsView* base) : m_base{base} {}

size_t CoinsViewCache::ScriptUsage(const Coin& coin)
{
    // Only scripts too long to be kept inline have heap memory. malloc rounds to 16 bytes and keeps an 8-byte
    // header (glibc on 64-bit), as Core's MallocUsage.
    const size_t heap = coin.out.script_pubkey.HeapBytes();
    return heap == 0 ? 0 : ((heap + 8 + 15) & ~size_t{15});
}

CoinsMap::iterator CoinsViewCache::FetchCoin(const OutPoint& outpoint) const
{
    auto it = m_coins.find(outpoint);
    if (it != m_coins.end()) return it;
    std::optional<Coin> coin = m_base->GetCoin(outpoint);
    if (!coin) return m_coins.end();
    it = m_coins.emplace(outpoint, CoinsCacheEntry{std::move(*coin), 0}).first;
    m_scripts_usage += ScriptUsage(it->second.coin);
    return it;
}

std::optional<Coin> CoinsViewCache::GetCoin(const OutPoint& outpoint) const
{
    auto it = FetchCoin(outpoint);
    if (it == m_coins.end() || it->second.coin.IsSpent()) return std::nullopt;
    return it->second.coin;
}

const Coin* CoinsViewCache::AccessCoin(const OutPoint& outpoint) const
{
    auto it = FetchCoin(outpoint);
    if (it == m_coins.end() || it->second.coin.IsSpent()) return nullptr;
    return &it->second.coin;
}

bool CoinsViewCache::HaveCoin(const OutPoint& outpoint) const
{
    auto it = FetchCoin(outpoint);
    return it != m_coins.end() && !it->second.coin.IsSpent();
}

bool CoinsViewCache::HaveCoinInCache(const OutPoint& outpoint) const
{
    auto it = m_coins.find(outpoint);
    return it != m_coins.end() && !it->second.coin.IsSpent();
}

Hash256 CoinsViewCache::GetBestBlock() const
{
    if (m_best_block.IsNull()) m_best_block = m_base->GetBestBlock();
    return m_best_block;
}

void CoinsViewCache::AddCoin(const OutPoint& outpoint, Coin coin, bool possible_overwrite)
{
    // Overwriting an unspent coin is a caller bug (BIP30 is checked first); coinbases may (possible_overwrite).
    Assert(AddCoinReporting(outpoint, std::move(coin), possible_overwrite) != AddOutcome::REFUSED);
}

CoinsViewCache::AddOutcome CoinsViewCache::AddCoinReporting(const OutPoint& outpoint, Coin coin,
                                                            bool possible_overwrite)
{
    Assert(!coin.IsSpent());
    if (script::IsUnspendable(coin.out.script_pubkey)) return AddOutcome::SKIPPED;
    auto [it, inserted] = m_coins.try_emplace(outpoint);
    const bool was_unspent = !inserted && !it->second.coin.IsSpent();
    if (was_unspent && !possible_overwrite) return AddOutcome::REFUSED;
    if (m_journal_open) {
        JournalEntry& j = m_journal.emplace_back();
        j.outpoint = outpoint;
        j.existed = !inserted;
        j.flags = it->second.flags;
        // An overwritten unspent coin (a coinbase's possible_overwrite) is kept to be put back.
        if (was_unspent) j.coin = it->second.coin;
    }
    bool fresh = false;
    if (!possible_overwrite) {
        // A DIRTY spent entry has not told the parent it is spent yet, so it must not become FRESH:
        // spending it again would then drop it and the parent would keep the old coin (Core's AddCoin).
        fresh = !(it->second.flags & CoinsCacheEntry::DIRTY);
    }
    if (!inserted) m_scripts_usage -= ScriptUsage(it->second.coin);
    it->second.coin = std::move(coin);
    it->second.flags |= CoinsCacheEntry::DIRTY | (fresh ? CoinsCacheEntry::FRESH : 0);
    m_scripts_usage += ScriptUsage(it->second.coin);
    return inserted ? AddOutcome::INSERTED : was_unspent ? AddOutcome::OVER_UNSPENT : AddOutcome::OVER_SPENT;
}

bool CoinsViewCache::SpendCoin(const OutPoint& outpoint, Coin* moved_to)
{
    auto it = FetchCoin(outpoint);
    if (it == m_coins.end() || it->second.coin.IsSpent()) return false;
    m_scripts_usage -= ScriptUsage(it->second.coin);
    if (m_journal_open) {
        JournalEntry& j = m_journal.emplace_back();
        j.outpoint = outpoint;
        j.existed = true;
        j.flags = it->second.flags;
        if (moved_to) {
            j.moved_to = moved_to;
        } else {
            j.coin = std::move(it->second.coin);
        }
    }
    if (moved_to) *moved_to = std::move(it->second.coin);
    if (it->second.flags & CoinsCacheEntry::FRESH) {
        m_coins.erase(it);
    } else {
        it->second.flags |= CoinsCacheEntry::DIRTY;
        it->second.coin.Clear();
    }
    return true;
}

void CoinsViewCache::BeginJournal()
{
    Assert(!m_journal_open);
    m_journal_open = true;
    m_journal.clear();
    m_journal_best_block = m_best_block;
}

void CoinsViewCache::CommitJournal()
{
    Assert(m_journal_open);
    m_journal_open = false;
    m_journal.clear(); // keeps its capacity for the next block
}

void CoinsViewCache::RollBackJournal()
{
    Assert(m_journal_open);
    m_journal_open = false;
    for (auto j = m_journal.rbegin(); j != m_journal.rend(); ++j) {
        if (!j->existed) {
            auto it = m_coins.find(j->outpoint);
            if (it != m_coins.end()) {
                m_scripts_usage -= ScriptUsage(it->second.coin);
                m_coins.erase(it);
            }
            continue;
        }
        CoinsCacheEntry& entry = m_coins[j->outpoint];
        m_scripts_usage -= ScriptUsage(entry.coin);
        entry.coin = j->moved_to ? *j->moved_to : std::move(j->coin);
        entry.flags = j->flags;
        m_scripts_usage += ScriptUsage(entry.coin);
    }
    m_journal.clear();
    m_best_block = m_journal_best_block;
}

util::Result<void> CoinsViewCache::BatchWrite(CoinsMap& coins, const Hash256& best_block)
{
    Assert(!m_journal_open);
    // Merge a child cache into this one (Core's CCoinsViewCache::BatchWrite).
    for (auto& [outpoint, child] : coins) {
        if (!(child.flags & CoinsCacheEntry::DIRTY)) continue;
        const bool child_fresh = child.flags & CoinsCacheEntry::FRESH;
        auto it = m_coins.find(outpoint);
        if (it == m_coins.end()) {
            // Created and spent within the child: the layers below never knew it.
            if (child_fresh && child.coin.IsSpent()) continue;
            CoinsCacheEntry& entry = m_coins[outpoint];
            entry.coin = std::move(child.coin);
            m_scripts_usage += ScriptUsage(entry.coin);
            // FRESH only if FRESH in the child: otherwise it may exist further down.
            entry.flags = CoinsCacheEntry::DIRTY | (child_fresh ? CoinsCacheEntry::FRESH : 0);
        } else {
            Assert(!(child_fresh && !it->second.coin.IsSpent())); // FRESH child over an unspent parent coin
            if ((it->second.flags & CoinsCacheEntry::FRESH) && child.coin.IsSpent()) {
                // Unknown below us and now spent: forget it.
                m_scripts_usage -= ScriptUsage(it->second.coin);
                m_coins.erase(it);
            } else {
                m_scripts_usage -= ScriptUsage(it->second.coin);
                it->second.coin = std::move(child.coin);
                m_scripts_usage += ScriptUsage(it->second.coin);
                it->second.flags |= CoinsCacheEntry::DIRTY;
                // Not FRESH: the parent's version may have been flushed further down already.
            }
        }
    }
    coins.clear();
    m_best_block = best_block;
    return {};
}

util::Result<void> CoinsViewCache::Flush()
{
    Assert(!m_journal_open);
    auto ok = m_base->BatchWrite(m_coins, GetBestBlock());
    if (!ok) return ok;
    m_coins.clear();
    m_scripts_usage = 0;
    return {};
}

util::Result<void> CoinsViewCache::Sync()
{
    Assert(!m_journal_open);
    // Written straight from the map (no copy of the dirty entries: at a periodic or final flush that is
    // most of the cache).
    auto ok = m_base->BatchWriteKeep(m_coins, GetBestBlock());
    if (!ok) return ok;
    for (auto it = m_coins.begin(); it != m_coins.end();) {
        if (it->second.coin.IsSpent()) {
            m_scripts_usage -= ScriptUsage(it->second.coin);
            it = m_coins.erase(it);
        } else {
            it->second.flags = 0;
            ++it;
        }
    }
    return {};
}

void CoinsViewCache::Uncache(const OutPoint& outpoint)
{
    Assert(!m_journal_open);
    auto it = m_coins.find(outpoint);
    if (it != m_coins.end() && it->second.flags == 0) {
        m_scripts_usage -= ScriptUsage(it->second.coin);
        m_coins.erase(it);
    }
}

size_t CoinsViewCache::DynamicMemoryUsage() const
{
    // The map's chunks and index, and the scripts' own heap blocks.
    return m_coins.MemoryUsage() + m_scripts_usage;
}

void AddCoins(CoinsViewCache& view, const primitives::Transaction& tx, int height, bool check_overwrite)
{
    const bool coinbase = tx.IsCoinBase();
    for (uint32_t i = 0; i < tx.vout.size(); ++i) {
        const OutPoint outpoint{tx.GetTxid(), i};
        // Coinbases may overwrite (BIP30 repeats 91842/91880); otherwise the caller decides.
        const bool overwrite = check_overwrite ? view.HaveCoin(outpoint) : coinbase;
        view.AddCoin(outpoint, Coin{tx.vout[i], static_cast<uint32_t>(height), coinbase}, overwrite);
    }
}

} // namespace hearth::chain
