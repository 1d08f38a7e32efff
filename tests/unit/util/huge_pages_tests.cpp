#include <hearth/util/huge_pages.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

using namespace hearth::util;

TEST(HugePagesTest, AlignedZeroedAndWritable)
{
    for (const size_t bytes : {size_t{1}, HUGE_PAGE_BYTES - 1, HUGE_PAGE_BYTES, 3 * HUGE_PAGE_BYTES + 5}) {
        auto* p = static_cast<uint8_t*>(AllocateHugePages(bytes));
        ASSERT_NE(p, nullptr);
        EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % HUGE_PAGE_BYTES, 0u) << bytes;
        // Zero-filled up to the rounded size, and all of it writable.
        const size_t mapped = RoundUpToHugePages(bytes);
        EXPECT_EQ(p[0], 0);
        EXPECT_EQ(p[mapped - 1], 0);
        std::memset(p, 0xab, mapped);
        EXPECT_EQ(p[mapped / 2], 0xab);
        FreeHugePages(p, bytes);
    }
    FreeHugePages(nullptr, HUGE_PAGE_BYTES); // nothing to do
}

TEST(HugePagesTest, RefusesWhatCannotBeMapped)
{
    EXPECT_THROW((void)AllocateHugePages(0), std::bad_alloc);
    EXPECT_THROW((void)AllocateHugePages(SIZE_MAX - 10), std::bad_alloc);
}

TEST(HugePagesTest, AllocatorServesSmallAndLargeArrays)
{
    // Small vectors come from the ordinary heap, large ones from huge pages; both behave as vectors.
    std::vector<uint64_t, HugePageAllocator<uint64_t>> v;
    for (uint64_t i = 0; i < 1'000'000; ++i) v.push_back(i); // grows through both kinds (8 MB at the end)
    EXPECT_EQ(reinterpret_cast<uintptr_t>(v.data()) % HUGE_PAGE_BYTES, 0u);
    for (uint64_t i = 0; i < v.size(); i += 4999) ASSERT_EQ(v[i], i);
    std::vector<uint64_t, HugePageAllocator<uint64_t>> small(10, 7);
    EXPECT_EQ(small[9], 7u);
    v = small; // the large array is given back
    EXPECT_EQ(v.size(), 10u);
}

TEST(HugePagesTest, BufferOwnsItsMemory)
{
    HugePageBuffer a{HUGE_PAGE_BYTES};
    a.data()[0] = std::byte{1};
    HugePageBuffer b{std::move(a)};
    EXPECT_EQ(a.data(), nullptr);
    EXPECT_EQ(b.data()[0], std::byte{1});
    HugePageBuffer c{10};
    c = std::move(b);
    EXPECT_EQ(c.data()[0], std::byte{1});
    EXPECT_EQ(c.size(), HUGE_PAGE_BYTES);
}
