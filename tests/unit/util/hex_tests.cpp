#include <hearth/util/hex.h>
#include <hearth/util/uint256.h>

#include <gtest/gtest.h>

using namespace hearth::util;

TEST(HexTest, RoundTripsBothCases)
{
    const Bytes b{0x00, 0x01, 0xab, 0xff};
    EXPECT_EQ(HexStr(b), "0001abff");
    EXPECT_EQ(*ParseHex("0001ABff"), b);
    EXPECT_EQ(*ParseHex(""), Bytes{});
}

TEST(HexTest, RejectsOddLengthAndNonHex)
{
    EXPECT_FALSE(ParseHex("abc"));
    EXPECT_FALSE(ParseHex("0g"));
    EXPECT_FALSE(ParseHex(" 00"));
    EXPECT_FALSE(IsHex(""));
    EXPECT_TRUE(IsHex("00ff"));
}

TEST(Uint256Test, DisplayOrderIsReversed)
{
    auto h = Uint256::FromHex("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
    ASSERT_TRUE(h);
    EXPECT_EQ((*h)[0], 0x6f);
    EXPECT_EQ((*h)[31], 0x00);
    EXPECT_EQ(h->ToHex(), "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
    EXPECT_FALSE(Uint256::FromHex("00"));
    EXPECT_TRUE(Uint256{}.IsNull());
}
