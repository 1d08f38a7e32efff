#ifndef HEARTH_UTIL_SLAB_HASH_MAP_H
#define HEARTH_UTIL_SLAB_HASH_MAP_H

// A hash map for millions of small entries (the coins cache). Entries live in fixed-size chunks — no
// allocation per entry, addresses stable until the entry is erased — and are found through an
// open-addressing index of 8-byte slots {entry number, 32 bits of the hash}, probed linearly. A lookup reads
// the index (usually one cache line) and, only when the 32 bits match, the entry itself; an insert of a new
// key touches no other entry. std::unordered_map walks bucket → previous node → node, a cache miss each once
// the map outgrows the cache, and mallocs every node: at a block's thousands of lookups that was most of
// the validation thread's own time (issue 4's import benchmark).
//
// Past its first few chunks a map takes its chunks, and its index once that is 2 MiB or more, from
// huge-page memory (huge_pages.h): a lookup in a big map then misses the cache but seldom the TLB.
//
// The interface is the part of std::unordered_map the coins cache uses: find, try_emplace, emplace,
// operator[], erase (by iterator or key), iteration, size, clear. Iteration runs in slot order of the
// chunks, not insertion order. Inserting never moves an entry (unlike a flat table's rehash, which would
// also need twice the memory for a moment); erasing one invalidates only iterators to it.

#include <hearth/util/huge_pages.h>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iterator>
#include <memory>
#include <new>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace hearth::util {

template <typename Key, typename Value, typename Hash, typename KeyEqual = std::equal_to<Key>>
class SlabHashMap
{
public:
    using key_type = Key;
    using mapped_type = Value;
    using value_type = std::pair<const Key, Value>;
    using size_type = size_t;

    /// Entries per chunk: chunks are the unit of allocation (about 90 KiB for a coin).
    static constexpr uint32_t CHUNK_ENTRIES = 1024;

private:
    static constexpr uint32_t NONE = UINT32_MAX;

    /// One index slot: which entry, and 32 bits of its key's hash (whose top bits also give its home slot).
    struct Slot {
        uint32_t entry{NONE};
        uint32_t tag{0};
    };

    struct Chunk {
        alignas(value_type) std::byte storage[CHUNK_ENTRIES * sizeof(value_type)];
        uint64_t used[CHUNK_ENTRIES / 64]{};
    };
    static_assert(std::is_trivially_destructible_v<Chunk>); // slabs are unmapped without destroying chunks

    template <bool Const>
    class Iter
    {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = SlabHashMap::value_type;
        using difference_type = std::ptrdiff_t;
        using pointer = std::conditional_t<Const, const value_type*, value_type*>;
        using reference = std::conditional_t<Const, const value_type&, value_type&>;

        Iter() = default;
        /// iterator → const_iterator.
        template <bool C = Const, typename = std::enable_if_t<C>>
        Iter(const Iter<false>& other) : m_map{other.m_map}, m_entry{other.m_entry}
        {}

        reference operator*() const { return m_map->EntryAt(m_entry); }
        pointer operator->() const { return &m_map->EntryAt(m_entry); }
        Iter& operator++()
        {
            m_entry = m_map->NextUsed(m_entry + 1);
            return *this;
        }
        Iter operator++(int)
        {
            Iter old = *this;
            ++*this;
            return old;
        }
        friend bool operator==(const Iter& a, const Iter& b) { return a.m_entry == b.m_entry; }

    private:
        friend class SlabHashMap;
        template <bool>
        friend class Iter;
        using Map = std::conditional_t<Const, const SlabHashMap, SlabHashMap>;
        Iter(Map* map, uint32_t entry) : m_map{map}, m_entry{entry} {}
        Map* m_map{nullptr};
        uint32_t m_entry{NONE};
    };

public:
    using iterator = Iter<false>;
    using const_iterator = Iter<true>;

    explicit SlabHashMap(const Hash& hash = Hash{}, const KeyEqual& equal = KeyEqual{}) : m_hash{hash}, m_equal{equal}
    {}
    ~SlabHashMap() { clear(); }
    SlabHashMap(const SlabHashMap&) = delete;
    SlabHashMap& operator=(const SlabHashMap&) = delete;
    SlabHashMap(SlabHashMap&& other) noexcept { Swap(other); }
    SlabHashMap& operator=(SlabHashMap&& other) noexcept
    {
        if (this != &other) {
            clear();
            Swap(other);
        }
        return *this;
    }

    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    iterator begin() { return {this, NextUsed(0)}; }
    iterator end() { return {this, NONE}; }
    const_iterator begin() const { return {this, NextUsed(0)}; }
    const_iterator end() const { return {this, NONE}; }

    iterator find(const Key& key) { return {this, FindEntry(key)}; }
    const_iterator find(const Key& key) const { return {this, FindEntry(key)}; }
    size_t count(const Key& key) const { return FindEntry(key) == NONE ? 0 : 1; }

    /// Inserts {key, Value(args...)} unless the key is present; returns the entry and whether it is new.
    template <typename... Args>
    std::pair<iterator, bool> try_emplace(const Key& key, Args&&... args)
    {
        const uint32_t tag = Tag(key);
        size_t pos = 0;
        if (!m_slots.empty()) {
            pos = Probe(key, tag);
            if (m_slots[pos].entry != NONE) return {{this, m_slots[pos].entry}, false};
        }
        // At most 3/4 full: linear probing's runs grow fast beyond that.
        if ((m_size + 1) * 4 > m_slots.size() * 3) {
            Grow();
            pos = EmptySlotFor(tag);
        }
        const uint32_t entry = AllocateEntry();
        try {
            ::new (static_cast<void*>(Address(entry))) value_type(std::piecewise_construct, std::forward_as_tuple(key),
                                                                  std::forward_as_tuple(std::forward<Args>(args)...));
        } catch (...) {
            ReleaseEntry(entry);
            throw;
        }
        MarkUsed(entry, true);
        m_slots[pos] = Slot{entry, tag};
        ++m_size;
        return {{this, entry}, true};
    }

    template <typename V>
    std::pair<iterator, bool> emplace(const Key& key, V&& value)
    {
        return try_emplace(key, std::forward<V>(value));
    }

    Value& operator[](const Key& key) { return try_emplace(key).first->second; }

    /// Erases the entry; returns the iterator to the next one (other entries do not move).
    iterator erase(const_iterator it)
    {
        const uint32_t entry = it.m_entry;
        size_t pos = Home(Tag(EntryAt(entry).first));
        while (m_slots[pos].entry != entry) pos = (pos + 1) & m_mask;
        EraseSlotAt(pos);
        DestroyEntry(entry);
        return {this, NextUsed(entry + 1)};
    }
    iterator erase(iterator it) { return erase(const_iterator{it}); }

    size_t erase(const Key& key)
    {
        if (m_slots.empty()) return 0;
        const size_t pos = Probe(key, Tag(key));
        const uint32_t entry = m_slots[pos].entry;
        if (entry == NONE) return 0;
        EraseSlotAt(pos);
        DestroyEntry(entry);
        return 1;
    }

    /// Hints that `key` is looked up soon: starts loading its home slot into the cache. Changes nothing.
    void PrefetchSlot(const Key& key) const
    {
        if (!m_slots.empty()) __builtin_prefetch(&m_slots[Home(Tag(key))]);
    }
    /// Hints, a while after PrefetchSlot(key), that the lookup is nearer: starts loading the entry whose
    /// 32 hash bits match (the one the lookup will compare `key` with). Reads slots only. Changes nothing.
    void PrefetchEntry(const Key& key) const
    {
        if (m_slots.empty()) return;
        const uint32_t tag = Tag(key);
        for (size_t pos = Home(tag);; pos = (pos + 1) & m_mask) {
            const Slot& slot = m_slots[pos];
            if (slot.entry == NONE) return;
            if (slot.tag == tag) {
                __builtin_prefetch(Address(slot.entry));
                return;
            }
        }
    }

    /// Destroys every entry and gives back all memory.
    void clear()
    {
        if (m_size > 0) {
            for (uint32_t e = NextUsed(0); e != NONE; e = NextUsed(e + 1)) EntryAt(e).~value_type();
        }
        m_chunks.clear();
        m_chunks.shrink_to_fit();
        m_small_chunks.clear();
        m_small_chunks.shrink_to_fit();
        m_slabs.clear();
        m_slabs.shrink_to_fit();
        m_slab_chunks_left = 0;
        decltype(m_slots){}.swap(m_slots);
        m_mask = 0;
        m_bits = 0;
        m_size = 0;
        m_next = 0;
        m_free = NONE;
    }

    /// Heap bytes held: the chunks and the index (not what the entries themselves allocate).
    size_t MemoryUsage() const
    {
        const size_t slots = m_slots.capacity() * sizeof(Slot);
        return m_small_chunks.size() * sizeof(Chunk) + m_slabs.size() * SLAB_BYTES +
               (slots >= HUGE_PAGE_BYTES ? RoundUpToHugePages(slots) : slots);
    }

private:
    uint32_t Tag(const Key& key) const
    {
        // Mixed again: std::hash of an integer is the integer itself, and the top bits choose the home slot.
        const uint64_t h = static_cast<uint64_t>(m_hash(key)) * 0x9E3779B97F4A7C15ULL;
        return static_cast<uint32_t>(h >> 32);
    }
    /// The home slot is the tag's top `m_bits` bits, so it can be found again from the slot alone (erase).
    size_t Home(uint32_t tag) const { return static_cast<size_t>((static_cast<uint64_t>(tag) << m_bits) >> 32); }

    /// The raw storage of an entry: a value_type while used, the number of the next free entry while free.
    std::byte* Address(uint32_t entry) const
    {
        return m_chunks[entry / CHUNK_ENTRIES]->storage + (entry % CHUNK_ENTRIES) * sizeof(value_type);
    }
    value_type& EntryAt(uint32_t entry) const { return *std::launder(reinterpret_cast<value_type*>(Address(entry))); }

    void MarkUsed(uint32_t entry, bool used)
    {
        uint64_t& word = m_chunks[entry / CHUNK_ENTRIES]->used[(entry % CHUNK_ENTRIES) / 64];
        const uint64_t bit = uint64_t{1} << (entry % 64);
        word = used ? (word | bit) : (word & ~bit);
    }

    /// The first used entry at or after `from`, or NONE.
    uint32_t NextUsed(uint32_t from) const
    {
        while (from < m_next) {
            const Chunk& chunk = *m_chunks[from / CHUNK_ENTRIES];
            const uint32_t word_index = (from % CHUNK_ENTRIES) / 64;
            const uint64_t word = chunk.used[word_index] >> (from % 64);
            if (word != 0) {
                const uint32_t found = from + static_cast<uint32_t>(std::countr_zero(word));
                return found < m_next ? found : NONE;
            }
            from = (from / 64 + 1) * 64;
        }
        return NONE;
    }

    /// The slot holding `key`, or else the empty slot that ends its probe run. The index must not be empty.
    size_t Probe(const Key& key, uint32_t tag) const
    {
        for (size_t pos = Home(tag);; pos = (pos + 1) & m_mask) {
            const Slot& slot = m_slots[pos];
            if (slot.entry == NONE || (slot.tag == tag && m_equal(EntryAt(slot.entry).first, key))) return pos;
        }
    }
    /// The first empty slot from `tag`'s home on.
    size_t EmptySlotFor(uint32_t tag) const
    {
        size_t pos = Home(tag);
        while (m_slots[pos].entry != NONE) pos = (pos + 1) & m_mask;
        return pos;
    }

    uint32_t FindEntry(const Key& key) const { return m_slots.empty() ? NONE : m_slots[Probe(key, Tag(key))].entry; }

    uint32_t AllocateEntry()
    {
        if (m_free != NONE) {
            const uint32_t entry = m_free;
            std::memcpy(&m_free, Address(entry), sizeof m_free); // a free entry holds the next free one
            return entry;
        }
        if (m_next % CHUNK_ENTRIES == 0 && m_next / CHUNK_ENTRIES == m_chunks.size()) m_chunks.push_back(NewChunk());
        return m_next++;
    }
    /// The first chunks one by one (a small map stays small); then from huge-page slabs.
    Chunk* NewChunk()
    {
        if (m_small_chunks.size() < CHUNKS_PER_SLAB) {
            m_small_chunks.push_back(std::make_unique<Chunk>());
            return m_small_chunks.back().get();
        }
        if (m_slab_chunks_left == 0) {
            m_slabs.emplace_back(SLAB_BYTES);
            m_slab_chunks_left = CHUNKS_PER_SLAB;
        }
        std::byte* at = m_slabs.back().data() + (CHUNKS_PER_SLAB - m_slab_chunks_left) * sizeof(Chunk);
        --m_slab_chunks_left;
        return ::new (static_cast<void*>(at)) Chunk{};
    }
    void ReleaseEntry(uint32_t entry)
    {
        std::memcpy(Address(entry), &m_free, sizeof m_free);
        m_free = entry;
    }
    void DestroyEntry(uint32_t entry)
    {
        EntryAt(entry).~value_type();
        MarkUsed(entry, false);
        ReleaseEntry(entry);
        --m_size;
    }

    /// Empties slot `hole` and closes the gap (backward-shift deletion: later slots of the probe run move up
    /// unless that would put them before their home), so no tombstones build up.
    void EraseSlotAt(size_t hole)
    {
        for (size_t pos = (hole + 1) & m_mask;; pos = (pos + 1) & m_mask) {
            const Slot slot = m_slots[pos];
            if (slot.entry == NONE) break;
            const size_t home = Home(slot.tag);
            // The slot may fill the hole if its home is not in (hole, pos] cyclically.
            const bool stays = hole <= pos ? (hole < home && home <= pos) : (hole < home || home <= pos);
            if (stays) continue;
            m_slots[hole] = slot;
            hole = pos;
        }
        m_slots[hole] = Slot{};
    }

    void Grow()
    {
        const size_t capacity = m_slots.empty() ? 16 : m_slots.size() * 2;
        decltype(m_slots) old;
        old.swap(m_slots);
        m_slots.assign(capacity, Slot{});
        m_mask = capacity - 1;
        m_bits = static_cast<unsigned>(std::countr_zero(capacity));
        for (const Slot& slot : old) {
            if (slot.entry != NONE) m_slots[EmptySlotFor(slot.tag)] = slot;
        }
    }

    void Swap(SlabHashMap& other) noexcept
    {
        using std::swap;
        swap(m_hash, other.m_hash);
        swap(m_equal, other.m_equal);
        swap(m_chunks, other.m_chunks);
        swap(m_small_chunks, other.m_small_chunks);
        swap(m_slabs, other.m_slabs);
        swap(m_slab_chunks_left, other.m_slab_chunks_left);
        swap(m_slots, other.m_slots);
        swap(m_mask, other.m_mask);
        swap(m_bits, other.m_bits);
        swap(m_size, other.m_size);
        swap(m_next, other.m_next);
        swap(m_free, other.m_free);
    }

    Hash m_hash;
    KeyEqual m_equal;
    // Chunk is trivially destructible: a slab is given back without destroying the chunks in it.
    static constexpr size_t CHUNKS_PER_SLAB = std::max<size_t>(1, HUGE_PAGE_BYTES / sizeof(Chunk));
    static constexpr size_t SLAB_BYTES = RoundUpToHugePages(CHUNKS_PER_SLAB * sizeof(Chunk));

    std::vector<Chunk*> m_chunks; ///< in entry order; owned by m_small_chunks or m_slabs
    std::vector<std::unique_ptr<Chunk>> m_small_chunks;
    std::vector<HugePageBuffer> m_slabs;
    size_t m_slab_chunks_left{0}; ///< chunks the last slab still has room for
    std::vector<Slot, HugePageAllocator<Slot>> m_slots;
    size_t m_mask{0};
    unsigned m_bits{0};
    size_t m_size{0};
    uint32_t m_next{0}; ///< entries below this have been handed out (used or on the free list)
    uint32_t m_free{NONE};
};

} // namespace hearth::util

#endif // HEARTH_UTIL_SLAB_HASH_MAP_H
