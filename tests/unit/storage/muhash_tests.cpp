#include "testutil/vectors.h"

#include <hearth/storage/muhash.h>
#include <hearth/util/hex.h>

#include <gtest/gtest.h>

#include <random>

using namespace hearth;
using namespace hearth::storage;

namespace {

/// Core's FromInt: the one-element set {i, 0, 0, ... (32 bytes)}.
MuHash3072 FromInt(uint8_t i)
{
    uint8_t tmp[32] = {i};
    return MuHash3072{util::ByteSpan{tmp, 32}};
}

util::Bytes Element(uint8_t i)
{
    util::Bytes b(32, 0);
    b[0] = i;
    return b;
}

} // namespace

TEST(MuHashTest, CoreVectorMultiplyDivide)
{
    // Core's crypto_tests.cpp muhash_tests: FromInt(0) * FromInt(1) / FromInt(2).
    MuHash3072 acc = FromInt(0);
    acc *= FromInt(1);
    acc /= FromInt(2);
    EXPECT_EQ(acc.Finalize().ToHex(), "10d312b100cbd32ada024a6646e40d3482fcff103668d2625f10002a607d5863");

    MuHash3072 acc2 = FromInt(0);
    acc2.Insert(Element(1));
    acc2.Remove(Element(2));
    EXPECT_EQ(acc2.Finalize().ToHex(), "10d312b100cbd32ada024a6646e40d3482fcff103668d2625f10002a607d5863");
}

TEST(MuHashTest, CoreSerializationVector)
{
    // Core: FromInt(1) *= FromInt(2) serializes as numerator ‖ denominator (1).
    MuHash3072 h = FromInt(1);
    h *= FromInt(2);
    const std::string numerator =
        "1fa093295ea30a6a3acdc7b3f770fa538eff537528e990e2910e40bbcfd7f6696b1256901929094694b56316de342f593303"
        "dd12ac43e06dce1be1ff8301c845beb15468fff0ef002dbf80c29f26e6452bccc91b5cb9437ad410d2a67ea847887fa3c6"
        "a6553309946880fe20db2c73fe0641adbd4e86edfee0d9f8cd0ee1230898873dc13ed8ddcaf045c80faa082774279007a2"
        "253f8922ee3ef361d378a6af3ddaf180b190ac97e556888c36b3d1fb1c85aab9ccd46e3deaeb7b7cf5db067a7e9ff86b65"
        "8cf3acd6662bbcce37232daa753c48b794356c020090c831a8304416e2aa7ad633c0ddb2f11be1be316a81be7f7e472071"
        "c042cb68faef549c221ebff209273638b741aba5a81675c45a5fa92fea4ca821d7a324cb1e1a2ccd3b76c4228ec8066dad"
        "2a5df6e1bd0de45c7dd5de8070bdb46db6c554cf9aefc9b7b2bbf9f75b1864d9f95005314593905c0109b71f703d49944a"
        "e94477b51dac10a816bb6d1c700bafabc8bd86fac8df24be519a2f2836b16392e18036cb13e48c5c";
    ASSERT_EQ(numerator.size(), 768u);
    const std::string denominator = "01" + std::string(766, '0');
    const auto ser = h.Serialize();
    EXPECT_EQ(util::HexStr(ser), numerator + denominator);

    // Deserializing gives the same hash.
    auto back = MuHash3072::Deserialize(ser);
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(back->Finalize(), h.Finalize());
}

TEST(MuHashTest, CoreOverflowVector)
{
    // Core: a numerator of 2^3072 − 1 (above the modulus) over 1 still finalizes; HexStr (not reversed).
    util::Bytes state(768, 0);
    std::fill(state.begin(), state.begin() + 384, 0xff);
    state[384] = 0x01;
    auto h = MuHash3072::Deserialize(state);
    ASSERT_TRUE(h) << h.error();
    EXPECT_EQ(h->Finalize().ToHexInternal(), "3a31e6903aff0de9f62f9a9f7f8b861de76ce2cda09822b90014319ae5dc2271");
    EXPECT_FALSE(MuHash3072::Deserialize(util::ByteSpan{state}.first(767)));
    EXPECT_FALSE(MuHash3072::Deserialize(util::Bytes(768, 0))); // zero denominator
}

TEST(MuHashTest, OrderDoesNotMatter)
{
    // Core's randomized part of muhash_tests: any order of the same multiplications and divisions agrees.
    std::mt19937 rng{1};
    for (int iter = 0; iter < 10; ++iter) {
        int table[4];
        for (int& t : table) t = static_cast<int>(rng() % 8);
        std::optional<util::Uint256> first;
        for (int order = 0; order < 4; ++order) {
            MuHash3072 acc;
            for (int i = 0; i < 4; ++i) {
                const int t = table[i ^ order];
                if (t & 4) {
                    acc /= FromInt(static_cast<uint8_t>(t & 3));
                } else {
                    acc *= FromInt(static_cast<uint8_t>(t & 3));
                }
            }
            const util::Uint256 out = acc.Finalize();
            if (!first) {
                first = out;
            } else {
                EXPECT_EQ(out, *first);
            }
        }

        // X·Y / (Y·X) is the empty set.
        MuHash3072 x = FromInt(static_cast<uint8_t>(rng() % 16));
        MuHash3072 y = FromInt(static_cast<uint8_t>(rng() % 16));
        MuHash3072 z;
        z *= x;
        z *= y;
        y *= x;
        z /= y;
        EXPECT_EQ(z.Finalize(), MuHash3072{}.Finalize());
    }
}

TEST(MuHashTest, FinalizeKeepsAUsableState)
{
    MuHash3072 a;
    a.Insert(Element(1)).Insert(Element(2)).Remove(Element(3));
    const util::Uint256 first = a.Finalize();
    EXPECT_EQ(a.Finalize(), first); // twice in a row: same
    a.Insert(Element(3));
    MuHash3072 b;
    b.Insert(Element(2)).Insert(Element(1));
    EXPECT_EQ(a.Finalize(), b.Finalize());
    // Copies are independent.
    MuHash3072 c = b;
    c.Insert(Element(9));
    EXPECT_NE(c.Finalize(), b.Finalize());
    a *= a; // self-multiplication is a square, not a crash
    MuHash3072 sq = b;
    sq *= MuHash3072{b};
    EXPECT_EQ(a.Finalize(), sq.Finalize());
}

TEST(MuHashTest, ElementIsChaCha20KeystreamOfSha256)
{
    // Our EVP usage: with key = SHA256(""), nonce 0 and counter 0 the first
    // keystream bytes are fixed; computed independently with Python's cryptography (ChaCha20, 16-byte
    // zero IV) for this test.
    const auto num = MuHash3072::ToNum3072({});
    EXPECT_EQ(util::HexStr(util::ByteSpan{num}.first(16)), "98c37c1a7542eb45daa0d48d9c1adee0");
}
