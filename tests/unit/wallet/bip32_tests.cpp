#include <hearth/crypto/hash.h>
#include <hearth/util/hex.h>
#include <hearth/wallet/bip32.h>

#include "testutil/vectors.h"

#include <gtest/gtest.h>

namespace hearth::wallet {
namespace {

const script::AddressParams MAIN = script::MainAddressParams();
const script::AddressParams TEST = script::TestAddressParams();

TEST(Bip32Test, AllValidChainsOfTheBipVectors)
{
    const auto vectors = testutil::ReadJsonVector("bip32_vectors.json");
    int chains = 0;
    for (const auto& vec : vectors.at("valid")) {
        const auto seed = testutil::Hex(vec.at("seed").get<std::string>());
        const auto master = ExtKey::FromSeed(seed);
        ASSERT_TRUE(master.has_value());
        for (const auto& chain : vec.at("chains")) {
            const std::string path_str = chain.at("path");
            SCOPED_TRACE("vector " + std::to_string(vec.at("vector").get<int>()) + " " + path_str);
            const auto path = ParseHdKeypath(path_str);
            ASSERT_TRUE(path.has_value());
            // Private derivation along the whole path.
            ExtKey key = *master;
            for (const uint32_t i : *path) key = *key.Derive(i);
            EXPECT_EQ(EncodeExtKey(key, MAIN), chain.at("ext_prv").get<std::string>());
            EXPECT_EQ(EncodeExtPubKey(key.Neuter(), MAIN), chain.at("ext_pub").get<std::string>());

            // Round trips through the serialization.
            const auto dec_prv = DecodeExtKey(chain.at("ext_prv").get<std::string>(), MAIN);
            ASSERT_TRUE(dec_prv.has_value());
            EXPECT_EQ(EncodeExtKey(*dec_prv, MAIN), chain.at("ext_prv").get<std::string>());
            const auto dec_pub = DecodeExtPubKey(chain.at("ext_pub").get<std::string>(), MAIN);
            ASSERT_TRUE(dec_pub.has_value());
            EXPECT_EQ(*dec_pub, key.Neuter());
            // Keys of one network do not decode on another (tpub/tprv version bytes), nor as the other kind.
            EXPECT_FALSE(DecodeExtPubKey(chain.at("ext_pub").get<std::string>(), TEST).has_value());
            EXPECT_FALSE(DecodeExtKey(chain.at("ext_prv").get<std::string>(), TEST).has_value());
            EXPECT_FALSE(DecodeExtKey(chain.at("ext_pub").get<std::string>(), MAIN).has_value());
            EXPECT_FALSE(DecodeExtPubKey(chain.at("ext_prv").get<std::string>(), MAIN).has_value());
            ++chains;
        }
    }
    EXPECT_EQ(chains, 17);
}

TEST(Bip32Test, PublicDerivationMatchesPrivateForNonHardenedSteps)
{
    const auto vectors = testutil::ReadJsonVector("bip32_vectors.json");
    int checked = 0;
    for (const auto& vec : vectors.at("valid")) {
        const auto chains = vec.at("chains");
        // Each chain extends the previous one by one step: a non-hardened step is also derivable from the
        // parent's xpub (CKDpub), a hardened one is not.
        for (size_t c = 1; c < chains.size(); ++c) {
            const auto parent = *DecodeExtPubKey(chains[c - 1].at("ext_pub").get<std::string>(), MAIN);
            const auto path = *ParseHdKeypath(chains[c].at("path").get<std::string>());
            const uint32_t step = path.back();
            const auto child = parent.Derive(step);
            if (step >= BIP32_HARDENED) {
                EXPECT_FALSE(child.has_value());
            } else {
                ASSERT_TRUE(child.has_value());
                EXPECT_EQ(EncodeExtPubKey(*child, MAIN), chains[c].at("ext_pub").get<std::string>());
                ++checked;
            }
        }
    }
    EXPECT_GE(checked, 4);
}

TEST(Bip32Test, RejectsEveryInvalidKeyOfVector5)
{
    const auto vectors = testutil::ReadJsonVector("bip32_vectors.json");
    int count = 0;
    for (const auto& inv : vectors.at("invalid")) {
        const std::string key = inv.at("key");
        SCOPED_TRACE(inv.at("reason").get<std::string>() + ": " + key);
        for (const auto* params : {&MAIN, &TEST}) {
            EXPECT_FALSE(DecodeExtPubKey(key, *params).has_value());
            EXPECT_FALSE(DecodeExtKey(key, *params).has_value());
        }
        ++count;
    }
    EXPECT_EQ(count, 16);
}

TEST(Bip32Test, FingerprintsAndDepth)
{
    const auto master = *ExtKey::FromSeed(testutil::Hex("000102030405060708090a0b0c0d0e0f"));
    // BIP32 vector 1: master fingerprint 3442193e.
    EXPECT_EQ(util::HexStr(master.Neuter().GetFingerprint()), "3442193e");
    const auto child = *master.Derive(BIP32_HARDENED);
    EXPECT_EQ(child.depth, 1);
    EXPECT_EQ(child.child, BIP32_HARDENED);
    EXPECT_EQ(child.parent_fingerprint, master.Neuter().GetFingerprint());
    const auto id = crypto::Hash160(child.key.GetPubKey().span());
    EXPECT_EQ(util::HexStr(child.Neuter().GetFingerprint()), util::HexStr(id.span().first(4)));
}

TEST(Bip32Test, TestnetVersionBytes)
{
    const auto master = *ExtKey::FromSeed(testutil::Hex("000102030405060708090a0b0c0d0e0f"));
    const std::string tprv = EncodeExtKey(master, TEST);
    const std::string tpub = EncodeExtPubKey(master.Neuter(), TEST);
    EXPECT_EQ(tprv.substr(0, 4), "tprv");
    EXPECT_EQ(tpub.substr(0, 4), "tpub");
    EXPECT_EQ(EncodeExtPubKey(*DecodeExtPubKey(tpub, TEST), TEST), tpub);
    EXPECT_EQ(EncodeExtKey(*DecodeExtKey(tprv, TEST), TEST), tprv);
    // Regtest shares testnet's version bytes (CORE-FACTS §1).
    EXPECT_TRUE(DecodeExtPubKey(tpub, script::RegtestAddressParams()).has_value());
}

TEST(Bip32Test, KeyPathParsingAndFormatting)
{
    EXPECT_EQ(*ParseHdKeypath("m"), std::vector<uint32_t>{});
    EXPECT_EQ(*ParseHdKeypath("m/0'/1/2h/3H"),
              (std::vector<uint32_t>{BIP32_HARDENED, 1, BIP32_HARDENED | 2, BIP32_HARDENED | 3}));
    EXPECT_EQ(*ParseHdKeypath("44'/0'"), (std::vector<uint32_t>{BIP32_HARDENED | 44, BIP32_HARDENED}));
    EXPECT_EQ(*ParseHdKeypath("m/2147483647"), std::vector<uint32_t>{0x7fffffff});
    for (const char* bad : {"m/", "m/m", "m/2147483648", "m/1x", "m/-1", "m//1", "m/1''", "m/'", "x"}) {
        EXPECT_FALSE(ParseHdKeypath(bad).has_value()) << bad;
    }
    const std::vector<uint32_t> path{BIP32_HARDENED | 84, 1, BIP32_HARDENED};
    EXPECT_EQ(FormatHdKeypath(path, true), "/84'/1/0'");
    EXPECT_EQ(FormatHdKeypath(path, false), "/84h/1/0h");
    EXPECT_EQ(WriteHdKeypath(path, false), "m/84h/1/0h");
    EXPECT_EQ(WriteHdKeypath({}, true), "m");
}

TEST(Bip32Test, DecodeRejectsMalformedPayloads)
{
    const auto master = *ExtKey::FromSeed(testutil::Hex("000102030405060708090a0b0c0d0e0f"));
    auto code = master.Encode();
    // Private key data must start with 0x00.
    code[41] = 1;
    EXPECT_FALSE(ExtKey::Decode(code).has_value());
    // Wrong length.
    EXPECT_FALSE(ExtKey::Decode(util::ByteSpan{code}.first(73)).has_value());
    auto pub = master.Neuter().Encode();
    EXPECT_TRUE(ExtPubKey::Decode(pub).has_value());
    pub[41] = 0x04; // an uncompressed header cannot fit in 33 bytes
    EXPECT_FALSE(ExtPubKey::Decode(pub).has_value());
}

} // namespace
} // namespace hearth::wallet
