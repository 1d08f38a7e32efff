#include <hearth/util/slab_hash_map.h>

#include <gtest/gtest.h>

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
