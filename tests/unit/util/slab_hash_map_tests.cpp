#include <hearth/util/slab_hash_map.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <unordered_map>

using hearth::util::SlabHashMap;

namespace {

/// A hash that sends every key to one of four values: long probe runs, wrap-around and shifting on erase.
struct CollidingHash {
    size_t operator()(uint64_t k) const { return k % 4; }
};

template <typename Map>
std::map<uint64_t, std::string> Contents(const Map& m)
{
    std::map<uint64_t, std::string> out;
    for (const auto& [k, v] : m) EXPECT_TRUE(out.emplace(k, v).second) << "key " << k << " seen twice";
    return out;
}

} // namespace

TEST(SlabHashMapTest, InsertFindEraseLikeUnorderedMap)
{
    SlabHashMap<uint64_t, std::string, std::hash<uint64_t>> m;
    EXPECT_TRUE(m.empty());
    EXPECT_EQ(m.find(1), m.end());
    auto [it, inserted] = m.try_emplace(1, "one");
    EXPECT_TRUE(inserted);
    EXPECT_EQ(it->second, "one");
    auto [again, inserted_again] = m.try_emplace(1, "uno");
    EXPECT_FALSE(inserted_again);
    EXPECT_EQ(again->second, "one"); // the existing value is kept
    m[2] = "two";
    EXPECT_EQ(m.size(), 2u);
    EXPECT_EQ(m.count(2), 1u);
    EXPECT_EQ(m.erase(1), 1u);
    EXPECT_EQ(m.erase(1), 0u);
    EXPECT_EQ(m.find(1), m.end());
    EXPECT_EQ(m.find(2)->second, "two");
    EXPECT_EQ(m.size(), 1u);
    m.clear();
    EXPECT_TRUE(m.empty());
    EXPECT_EQ(m.begin(), m.end());
    EXPECT_EQ(m.MemoryUsage(), 0u);
}

TEST(SlabHashMapTest, EntriesStayPutWhileTheMapGrows)
{
    SlabHashMap<uint64_t, uint64_t, std::hash<uint64_t>> m;
    uint64_t* first = &m[0];
    *first = 42;
    for (uint64_t k = 1; k < 10'000; ++k) m[k] = k; // many index growths and chunks
    EXPECT_EQ(&m.find(0)->second, first);
    EXPECT_EQ(*first, 42u);
    EXPECT_EQ(m.size(), 10'000u);
    EXPECT_GE(m.MemoryUsage(), 10'000 * sizeof(std::pair<const uint64_t, uint64_t>));
}

TEST(SlabHashMapTest, EraseWhileIteratingVisitsEveryEntryOnce)
{
    SlabHashMap<uint64_t, std::string, std::hash<uint64_t>> m;
    for (uint64_t k = 0; k < 3000; ++k) m[k] = std::to_string(k);
    size_t visited = 0;
    for (auto it = m.begin(); it != m.end();) {
        ++visited;
        it = it->first % 3 == 0 ? m.erase(it) : std::next(it);
    }
    EXPECT_EQ(visited, 3000u);
    EXPECT_EQ(m.size(), 2000u);
    for (uint64_t k = 0; k < 3000; ++k) EXPECT_EQ(m.count(k), k % 3 == 0 ? 0u : 1u) << k;
    // Freed entries are reused.
    const size_t memory = m.MemoryUsage();
    for (uint64_t k = 0; k < 3000; k += 3) m[k] = "again";
    EXPECT_EQ(m.MemoryUsage(), memory);
    EXPECT_EQ(m.size(), 3000u);
}

TEST(SlabHashMapTest, MatchesUnorderedMapUnderCollisions)
{
    // Random inserts and erases with a hash that collides constantly, checked against std::unordered_map
    // after every step: probe runs wrap around the index and backward shifts must keep every key findable.
    SlabHashMap<uint64_t, std::string, CollidingHash> m;
    std::unordered_map<uint64_t, std::string> model;
    std::mt19937_64 rng{1};
    for (int step = 0; step < 4000; ++step) {
        const uint64_t k = rng() % 200;
        switch (rng() % 3) {
        case 0:
        case 1: {
            const std::string v = std::to_string(step);
            EXPECT_EQ(m.try_emplace(k, v).second, model.try_emplace(k, v).second);
            break;
        }
        case 2:
            EXPECT_EQ(m.erase(k), model.erase(k));
            break;
        }
        ASSERT_EQ(m.size(), model.size());
        if (step % 97 == 0) {
            std::map<uint64_t, std::string> expected(model.begin(), model.end());
            ASSERT_EQ(Contents(m), expected) << "step " << step;
        }
        for (uint64_t probe = 0; probe < 200; probe += 17) {
            auto it = m.find(probe);
            auto want = model.find(probe);
            ASSERT_EQ(it == m.end(), want == model.end()) << probe;
            if (want != model.end()) {
                ASSERT_EQ(it->second, want->second);
            }
        }
    }
}

TEST(SlabHashMapTest, MovesAndDestroysValues)
{
    auto shared = std::make_shared<int>(7);
    {
        SlabHashMap<uint64_t, std::shared_ptr<int>, std::hash<uint64_t>> m;
        for (uint64_t k = 0; k < 100; ++k) m[k] = shared;
        EXPECT_EQ(shared.use_count(), 101);
        m.erase(5);
        EXPECT_EQ(shared.use_count(), 100);
        SlabHashMap<uint64_t, std::shared_ptr<int>, std::hash<uint64_t>> moved{std::move(m)};
        EXPECT_EQ(moved.size(), 99u);
        EXPECT_EQ(shared.use_count(), 100);
    }
    EXPECT_EQ(shared.use_count(), 1); // every entry destroyed with the map
}

TEST(SlabHashMapTest, BigMapsTakeChunksFromSlabsAndStayCorrect)
{
    // 300k entries: past the first slab's worth of chunks allocated one by one (about 130k entries of this
    // size), chunks are carved from huge-page slabs and the index (4 MiB) is huge-page memory too.
    SlabHashMap<uint64_t, uint64_t, std::hash<uint64_t>> m;
    constexpr uint64_t N = 300'000;
    for (uint64_t k = 0; k < N; ++k) m[k * 7919] = k;
    uint64_t* early = &m.find(3 * 7919)->second;
    uint64_t* late = &m.find((N - 3) * 7919)->second;
    for (uint64_t k = 0; k < N; k += 2) ASSERT_EQ(m.erase(k * 7919), 1u);
    for (uint64_t k = N; k < N + 50'000; ++k) m[k * 7919] = k; // into freed entries, then new ones
    EXPECT_EQ(m.size(), N / 2 + 50'000);
    EXPECT_EQ(&m.find(3 * 7919)->second, early); // entries never move
    EXPECT_EQ(&m.find((N - 3) * 7919)->second, late);
    for (uint64_t k = 0; k < N + 50'000; ++k) {
        const auto it = m.find(k * 7919);
        const bool present = k >= N || k % 2 == 1;
        ASSERT_EQ(it != m.end(), present) << k;
        if (present) {
            ASSERT_EQ(it->second, k);
        }
    }
    size_t visited = 0;
    for (const auto& [key, value] : m) {
        ASSERT_EQ(key, value * 7919);
        ++visited;
    }
    EXPECT_EQ(visited, m.size());
    // Memory is counted in whole slabs and huge pages, never less than the entries and index themselves.
    EXPECT_GE(m.MemoryUsage(), m.size() * sizeof(std::pair<const uint64_t, uint64_t>) + 4 * m.size());
    SlabHashMap<uint64_t, uint64_t, std::hash<uint64_t>> moved{std::move(m)};
    EXPECT_EQ(moved.find((N - 3) * 7919)->second, N - 3);
    moved.clear();
    EXPECT_EQ(moved.MemoryUsage(), 0u);
    moved[1] = 2; // usable again after clear
    EXPECT_EQ(moved.find(1)->second, 2u);
}

TEST(SlabHashMapTest, EntriesLargerThanAHugePage)
{
    // A chunk bigger than a huge page: one chunk per slab. Values with heap memory are destroyed properly.
    struct Big {
        std::string name;
        std::array<uint8_t, 4000> payload{};
    };
    SlabHashMap<uint64_t, Big, std::hash<uint64_t>> m;
    for (uint64_t k = 0; k < 3000; ++k) m[k].name = std::string(40, static_cast<char>('a' + k % 26));
    for (uint64_t k = 0; k < 3000; k += 3) m.erase(k);
    for (uint64_t k = 0; k < 3000; ++k) {
        const auto it = m.find(k);
        ASSERT_EQ(it != m.end(), k % 3 != 0);
        if (it != m.end()) {
            ASSERT_EQ(it->second.name, std::string(40, static_cast<char>('a' + k % 26)));
        }
    }
}

TEST(SlabHashMapTest, PrefetchHintsChangeNothing)
{
    SlabHashMap<uint64_t, uint64_t, CollidingHash> m;
    m.PrefetchSlot(5); // on an empty map
    m.PrefetchEntry(5);
    for (uint64_t k = 0; k < 100; ++k) m[k] = k + 1;
    for (uint64_t k = 0; k < 200; ++k) {
        m.PrefetchSlot(k);
        m.PrefetchEntry(k);
    }
    EXPECT_EQ(m.size(), 100u);
    for (uint64_t k = 0; k < 200; ++k) EXPECT_EQ(m.count(k), k < 100 ? 1u : 0u);
}
