#include <hearth/util/small_bytes.h>

#include <gtest/gtest.h>

#include <utility>
#include <vector>

using hearth::util::Bytes;
using hearth::util::ByteSpan;
using hearth::util::SmallBytes;

namespace {

Bytes Pattern(size_t n)
{
    Bytes b(n);
    for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(i * 7 + 1);
    return b;
}

} // namespace

TEST(SmallBytesTest, KeepsShortContentsInlineAndLongOnTheHeap)
{
    for (const size_t n : {0, 1, 22, 34, 40, 41, 67, 10'001}) {
        const Bytes want = Pattern(n);
        SmallBytes<40> s{want};
        EXPECT_EQ(s.size(), n);
        EXPECT_EQ(s.empty(), n == 0);
        EXPECT_EQ(s, ByteSpan{want});
        EXPECT_EQ(Bytes(s.begin(), s.end()), want);
        if (n > 0) {
            EXPECT_EQ(s[n - 1], want[n - 1]);
        }
        // Inline contents live inside the object; longer ones do not, and are counted as heap bytes.
        const auto* object = reinterpret_cast<const uint8_t*>(&s);
        const bool inside = s.data() >= object && s.data() < object + sizeof(s);
        EXPECT_EQ(inside, n <= 40) << n;
        EXPECT_EQ(s.HeapBytes(), n <= 40 ? 0u : n);
    }
}

TEST(SmallBytesTest, CopiesMovesAndAssignsEitherWay)
{
    const Bytes short_bytes = Pattern(25), long_bytes = Pattern(300);
    for (const Bytes* from : {&short_bytes, &long_bytes}) {
        for (const Bytes* to : {&short_bytes, &long_bytes}) {
            SmallBytes<40> a{*from}, b{*to};
            b = a; // copy
            EXPECT_EQ(a, ByteSpan{*from});
            EXPECT_EQ(b, ByteSpan{*from});
            EXPECT_EQ(a, b);
            SmallBytes<40> c{*to};
            c = std::move(a); // move: the source is left empty
            EXPECT_EQ(c, ByteSpan{*from});
            EXPECT_TRUE(a.empty()); // NOLINT(bugprone-use-after-move): documented state
            SmallBytes<40> d{std::move(c)};
            EXPECT_EQ(d, ByteSpan{*from});
            EXPECT_TRUE(c.empty()); // NOLINT(bugprone-use-after-move)
            auto& same = d;
            d = same; // self-assignment keeps the contents
            EXPECT_EQ(d, ByteSpan{*from});
            d.Assign(*to);
            EXPECT_EQ(d, ByteSpan{*to});
        }
    }
}

TEST(SmallBytesTest, InAVectorThatGrows)
{
    // Moves on reallocation keep every element's contents, inline or not.
    std::vector<SmallBytes<40>> v;
    for (size_t n = 0; n < 200; ++n) v.emplace_back(ByteSpan{Pattern(n)});
    for (size_t n = 0; n < 200; ++n) EXPECT_EQ(v[n], ByteSpan{Pattern(n)}) << n;
    EXPECT_NE(v[3], v[4]);
}
