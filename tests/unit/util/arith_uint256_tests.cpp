#include <hearth/util/arith_uint256.h>

#include <gtest/gtest.h>

using namespace hearth::util;

TEST(ArithUint256Test, CompactRoundTripsCoreExamples)
{
    // Cases from Core's arith_uint256_tests (SetCompact/GetCompact).
    bool neg = false, ovf = false;
    EXPECT_EQ(ArithUint256::FromCompact(0, &neg, &ovf), ArithUint256{0});
    EXPECT_EQ(ArithUint256::FromCompact(0x00123456), ArithUint256{0});
    EXPECT_EQ(ArithUint256::FromCompact(0x01003456), ArithUint256{0});
    EXPECT_EQ(ArithUint256::FromCompact(0x01123456), ArithUint256{0x12});
    EXPECT_EQ(ArithUint256{0x12}.GetCompact(), 0x01120000U);
    EXPECT_EQ(ArithUint256::FromCompact(0x02123456), ArithUint256{0x1234});
    EXPECT_EQ(ArithUint256::FromCompact(0x04123456), ArithUint256{0x12345600});
    EXPECT_EQ(ArithUint256{0x12345600}.GetCompact(), 0x04123456U);
    ArithUint256::FromCompact(0x04923456, &neg, &ovf);
    EXPECT_TRUE(neg);
    EXPECT_FALSE(ovf);
    ArithUint256::FromCompact(0xff123456, &neg, &ovf);
    EXPECT_TRUE(ovf);
    EXPECT_EQ(ArithUint256{0x80}.GetCompact(), 0x02008000U);
}

TEST(ArithUint256Test, MainnetPowLimit)
{
    const auto limit = ArithUint256::FromCompact(0x1d00ffff);
    EXPECT_EQ(limit.ToHex(), "00000000ffff0000000000000000000000000000000000000000000000000000");
    EXPECT_EQ(limit.GetCompact(), 0x1d00ffffU);
    // Work of one block at that target: 2^256 / (target + 1) = 0x100010001.
    const ArithUint256 work = (~limit / (limit + 1)) + 1;
    EXPECT_EQ(work, ArithUint256{0x100010001ULL});
}

TEST(ArithUint256Test, ArithmeticWrapsAndDivides)
{
    ArithUint256 a = ArithUint256{1} << 255;
    EXPECT_EQ(a.Bits(), 256U);
    EXPECT_EQ(a + a, ArithUint256{0});
    EXPECT_EQ(ArithUint256{0} - ArithUint256{1}, ~ArithUint256{0});
    EXPECT_EQ((a >> 200), ArithUint256{1} << 55);
    const ArithUint256 x = ArithUint256{0xdeadbeefULL} * ArithUint256{0x1234567890ULL};
    EXPECT_EQ(x / ArithUint256{0x1234567890ULL}, ArithUint256{0xdeadbeefULL});
    EXPECT_EQ(ArithUint256::FromUint256(x.ToUint256()), x);
    EXPECT_DOUBLE_EQ((ArithUint256{1} << 100).GetDouble(), 1267650600228229401496703205376.0);
}
