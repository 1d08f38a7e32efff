#include "testutil/vectors.h"

#include <hearth/serialize/base58.h>
#include <hearth/util/hex.h>

#include <gtest/gtest.h>

#include <string>

using namespace hearth;
using hearth::testutil::Hex;
using hearth::util::HexStr;

TEST(Base58Test, EncodeDecodeVectors)
{
    // Core's base58_encode_decode.json: [hex, base58] rows, checked in both directions.
    const auto json = testutil::ReadJsonVector("base58_encode_decode.json");
    ASSERT_GT(json.size(), 10u);
    for (const auto& row : json) {
        const std::string hex = row.at(0);
        const std::string b58 = row.at(1);
        SCOPED_TRACE(b58);
        EXPECT_EQ(serialize::EncodeBase58(Hex(hex)), b58);
        const auto decoded = serialize::DecodeBase58(b58, 256);
        ASSERT_TRUE(decoded) << decoded.error();
        EXPECT_EQ(*decoded, Hex(hex));
    }
}

TEST(Base58Test, WhitespaceOnlyAtTheEnds)
{
    // As Core: surrounding whitespace is skipped, whitespace inside is an error.
    const auto skip = serialize::DecodeBase58(" \t\n\v\f\r skip \r\f\v\n\t ", 3);
    ASSERT_TRUE(skip) << skip.error();
    EXPECT_EQ(HexStr(*skip), "971a55");
    EXPECT_FALSE(serialize::DecodeBase58("sk ip", 3));
    EXPECT_FALSE(serialize::DecodeBase58("sk\tip", 3));
    const auto empty = serialize::DecodeBase58("   ", 3);
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->empty());
}

TEST(Base58Test, RejectsInvalidCharactersAndNul)
{
    for (const char* bad : {"0", "O", "I", "l", "abc0", "+", "\xff"}) {
        EXPECT_FALSE(serialize::DecodeBase58(bad, 100)) << bad;
    }
    using namespace std::string_literals;
    EXPECT_FALSE(serialize::DecodeBase58("3vQB7B6MrGQZaxCuFg4oh\0"s, 100));
    EXPECT_FALSE(serialize::DecodeBase58("3vQB7B6\0MrGQZaxCuFg4oh"s, 100));
}

TEST(Base58Test, MaxOutputLength)
{
    EXPECT_TRUE(serialize::DecodeBase58("1111", 4));
    EXPECT_FALSE(serialize::DecodeBase58("1111", 3)) << "leading zeros count";
    const std::string three = serialize::EncodeBase58(Hex("ffffff"));
    EXPECT_TRUE(serialize::DecodeBase58(three, 3));
    EXPECT_FALSE(serialize::DecodeBase58(three, 2));
    EXPECT_FALSE(serialize::DecodeBase58(serialize::EncodeBase58(Hex("00ffffff")), 3));
    // A huge string fails early instead of doing quadratic work on all of it.
    EXPECT_FALSE(serialize::DecodeBase58(std::string(100000, 'z'), 100));
}

TEST(Base58CheckTest, RoundTripAndChecksum)
{
    EXPECT_EQ(serialize::EncodeBase58Check(util::AsBytes("hello world")), "3vQB7B6MrGQZaxCuFg4oh");
    const auto ok = serialize::DecodeBase58Check("3vQB7B6MrGQZaxCuFg4oh", 100);
    ASSERT_TRUE(ok) << ok.error();
    EXPECT_EQ(std::string(ok->begin(), ok->end()), "hello world");
    EXPECT_FALSE(serialize::DecodeBase58Check("3vQB7B6MrGQZaxCuFg4oi", 100)) << "checksum";
    EXPECT_FALSE(serialize::DecodeBase58Check("3vQB7B6MrGQZaxCuFg4oh0IOl", 100)) << "invalid characters";
    EXPECT_FALSE(serialize::DecodeBase58Check("3vQB7B6MrGQZaxCuFg4oh", 10)) << "payload longer than allowed";
    EXPECT_TRUE(serialize::DecodeBase58Check("3vQB7B6MrGQZaxCuFg4oh", 11));
    EXPECT_FALSE(serialize::DecodeBase58Check("", 100)) << "no room for a checksum";
    EXPECT_FALSE(serialize::DecodeBase58Check("1111", 100)) << "four zero bytes are not a valid checksum of nothing";

    // A mainnet P2PKH address (key_io_valid.json): version byte 0 followed by the key hash.
    const auto addr = serialize::DecodeBase58Check("1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo", 21);
    ASSERT_TRUE(addr) << addr.error();
    EXPECT_EQ(HexStr(*addr), "00a31c06bd463e3923bc1aadbde48b16976c080717");
    EXPECT_EQ(serialize::EncodeBase58Check(*addr), "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo");
    EXPECT_FALSE(serialize::DecodeBase58Check("1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo", 20));
}
