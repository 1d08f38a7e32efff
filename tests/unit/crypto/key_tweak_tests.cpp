// PubKey::TweakAdd / PrivKey::TweakAdd, the additive tweaks BIP32 child derivation is built on.

#include <hearth/crypto/key.h>
#include <hearth/util/hex.h>

#include <gtest/gtest.h>

namespace hearth::crypto {
namespace {

util::Bytes H(std::string_view hex) { return *util::ParseHex(hex); }

// The secp256k1 group order n.
constexpr std::string_view ORDER = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

TEST(KeyTweakTest, PrivateAndPublicTweaksAgree)
{
    const PrivKey k = PrivKey::FromBytes(H("0000000000000000000000000000000000000000000000000000000000000003"));
    const auto t = H("00000000000000000000000000000000000000000000000000000000000000f0");
    const PrivKey sum = k.TweakAdd(t);
    ASSERT_TRUE(sum.IsValid());
    EXPECT_EQ(util::HexStr(sum.span()), "00000000000000000000000000000000000000000000000000000000000000f3");
    const auto pub = k.GetPubKey().TweakAdd(t);
    ASSERT_TRUE(pub.has_value());
    EXPECT_EQ(*pub, sum.GetPubKey());
    EXPECT_TRUE(pub->IsCompressed());
}

TEST(KeyTweakTest, UncompressedKeysStayUncompressed)
{
    const PrivKey k = PrivKey::FromBytes(H("0000000000000000000000000000000000000000000000000000000000000005"), false);
    const auto t = H("0000000000000000000000000000000000000000000000000000000000000002");
    const auto pub = k.GetPubKey().TweakAdd(t);
    ASSERT_TRUE(pub.has_value());
    EXPECT_FALSE(pub->IsCompressed());
    const PrivKey sum = k.TweakAdd(t);
    EXPECT_FALSE(sum.IsCompressed());
    EXPECT_EQ(*pub, sum.GetPubKey());
}

TEST(KeyTweakTest, RejectsTweaksAtOrAboveTheOrderAndZeroSums)
{
    const PrivKey one = PrivKey::FromBytes(H("0000000000000000000000000000000000000000000000000000000000000001"));
    // t = n: not a valid scalar.
    EXPECT_FALSE(one.TweakAdd(H(ORDER)).IsValid());
    EXPECT_FALSE(one.GetPubKey().TweakAdd(H(ORDER)).has_value());
    // t = n - 1: 1 + t = 0 mod n, the point at infinity.
    const auto n_minus_1 = H("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140");
    EXPECT_FALSE(one.TweakAdd(n_minus_1).IsValid());
    EXPECT_FALSE(one.GetPubKey().TweakAdd(n_minus_1).has_value());
    // Wrong tweak length, invalid keys.
    EXPECT_FALSE(one.TweakAdd(H("01")).IsValid());
    EXPECT_FALSE(one.GetPubKey().TweakAdd(H("01")).has_value());
    EXPECT_FALSE(PrivKey{}.TweakAdd(n_minus_1).IsValid());
    EXPECT_FALSE(PubKey{}.TweakAdd(n_minus_1).has_value());
    // A zero tweak is allowed and changes nothing.
    const auto zero = util::Bytes(32, 0);
    EXPECT_EQ(util::HexStr(one.TweakAdd(zero).span()), util::HexStr(one.span()));
}

} // namespace
} // namespace hearth::crypto
