#include "testutil/vectors.h"

#include <hearth/serialize/bech32.h>
#include <hearth/util/hex.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace hearth;
using namespace hearth::serialize;
using hearth::testutil::Hex;
using hearth::util::HexStr;

namespace {

std::string ToLower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](char c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; });
    return s;
}

std::string ToUpper(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](char c) { return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c; });
    return s;
}

std::string FromHexBytes(const std::string& hex)
{
    const util::Bytes b = Hex(hex);
    return std::string(b.begin(), b.end());
}

/// A segwit address decoder with BIP350's rules, built on the bech32 primitives, to check them against the
/// BIP's address vectors: hrp bc or tb, version 0-16 (v0 bech32, v1+ bech32m), program 2-40 bytes (v0:
/// 20 or 32), canonical padding. Returns the scriptPubKey.
std::optional<util::Bytes> DecodeSegwit(const std::string& addr)
{
    const auto dec = bech32::Decode(addr);
    if (dec.encoding == bech32::Encoding::INVALID || dec.data.empty()) return std::nullopt;
    if (dec.hrp != "bc" && dec.hrp != "tb") return std::nullopt;
    const int version = dec.data[0];
    if (version > 16) return std::nullopt;
    if ((version == 0) != (dec.encoding == bech32::Encoding::BECH32)) return std::nullopt;
    const auto program = bech32::ConvertBits(util::ByteSpan{dec.data}.subspan(1), 5, 8, false);
    if (!program || program->size() < 2 || program->size() > 40) return std::nullopt;
    if (version == 0 && program->size() != 20 && program->size() != 32) return std::nullopt;
    util::Bytes spk{static_cast<uint8_t>(version == 0 ? 0 : 0x50 + version), static_cast<uint8_t>(program->size())};
    util::Append(spk, *program);
    return spk;
}

std::string EncodeSegwit(const std::string& hrp, const util::Bytes& spk)
{
    const int version = spk[0] == 0 ? 0 : spk[0] - 0x50;
    util::Bytes data{static_cast<uint8_t>(version)};
    util::Append(data, *bech32::ConvertBits(util::ByteSpan{spk}.subspan(2), 8, 5, true));
    return bech32::Encode(version == 0 ? bech32::Encoding::BECH32 : bech32::Encoding::BECH32M, hrp, data);
}

struct LocateCase {
    std::string str;
    std::string error;
    std::vector<int> locations;
};

} // namespace

TEST(Bech32Test, ValidVectorsRoundTrip)
{
    const auto json = testutil::ReadJsonVector("bech32_vectors.json");
    for (const auto& [section, encoding] :
         {std::pair{"bech32", bech32::Encoding::BECH32}, std::pair{"bech32m", bech32::Encoding::BECH32M}}) {
        const auto& valid = json.at(section).at("valid");
        ASSERT_EQ(valid.size(), 7u);
        for (const auto& v : valid) {
            const std::string str = v;
            SCOPED_TRACE(str);
            const auto dec = bech32::Decode(str);
            EXPECT_EQ(dec.encoding, encoding);
            EXPECT_EQ(bech32::Encode(encoding, dec.hrp, dec.data), ToLower(str)) << "encoders emit lowercase";
            EXPECT_EQ(bech32::LocateErrors(str), (std::pair<std::string, std::vector<int>>{"", {}}));
            // The other checksum constant never verifies the same string.
            const auto other =
                encoding == bech32::Encoding::BECH32 ? bech32::Encoding::BECH32M : bech32::Encoding::BECH32;
            EXPECT_NE(bech32::Encode(other, dec.hrp, dec.data), ToLower(str));
        }
    }
}

TEST(Bech32Test, InvalidVectorsRejected)
{
    const auto json = testutil::ReadJsonVector("bech32_vectors.json");
    int count = 0;
    for (const char* section : {"bech32", "bech32m"}) {
        for (const auto& v : json.at(section).at("invalid")) {
            // Exact bytes come from "hex": some strings hold 0x7f, 0x80 or 0xff.
            const std::string str = FromHexBytes(v.at("hex"));
            SCOPED_TRACE(v.at("reason").get<std::string>() + ": " + v.at("hex").get<std::string>());
            const auto dec = bech32::Decode(str);
            EXPECT_EQ(dec.encoding, bech32::Encoding::INVALID);
            EXPECT_TRUE(dec.hrp.empty());
            EXPECT_TRUE(dec.data.empty());
            EXPECT_FALSE(bech32::LocateErrors(str).first.empty());
            ++count;
        }
    }
    EXPECT_EQ(count, 26);
}

TEST(Bech32Test, LocateErrorsMatchesCore)
{
    // Core's bech32_tests: the invalid BIP173/BIP350 strings plus Core's own, with the message and error
    // positions its LocateErrors reports.
    const std::vector<LocateCase> cases = {
        {" 1nwldj5", "Invalid character or mixed case", {0}},
        {"\x7f"
         "1axkwrx",
         "Invalid character or mixed case",
         {0}},
        {"\x80"
         "1eym55h",
         "Invalid character or mixed case",
         {0}},
        {"an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
         "Bech32 string too long",
         {90}},
        {"pzry9x0s0muk", "Missing separator", {}},
        {"1pzry9x0s0muk", "Invalid separator position", {0}},
        {"x1b4n0q5v", "Invalid Base 32 character", {2}},
        {"li1dgmt3", "Invalid separator position", {2}},
        {"de1lg7wt\xff", "Invalid character or mixed case", {8}},
        // The checksum was computed over the uppercase HRP, so no small set of characters explains it.
        {"A1G7SGD8", "Invalid checksum", {}},
        {"10a06t8", "Invalid separator position", {0}},
        {"1qzzfhee", "Invalid separator position", {0}},
        {"a12UEL5L", "Invalid character or mixed case", {3, 4, 5, 7}},
        {"A12uEL5L", "Invalid character or mixed case", {3}},
        {"abcdef1qpzrz9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "Invalid Bech32 checksum", {11}},
        {"test1zg69w7y6hn0aqy352euf40x77qddq3dc", "Invalid Bech32 checksum", {9, 16}},

        {" 1xj0phk", "Invalid character or mixed case", {0}},
        {"\x7f"
         "1g6xzxy",
         "Invalid character or mixed case",
         {0}},
        {"\x80"
         "1vctc34",
         "Invalid character or mixed case",
         {0}},
        {"an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
         "Bech32 string too long",
         {90}},
        {"qyrz8wqd2c9m", "Missing separator", {}},
        {"1qyrz8wqd2c9m", "Invalid separator position", {0}},
        {"y1b0jsk6g", "Invalid Base 32 character", {2}},
        {"lt1igcx5c0", "Invalid Base 32 character", {3}},
        {"in1muywd", "Invalid separator position", {2}},
        {"mm1crxm3i", "Invalid Base 32 character", {8}},
        {"au1s5cgom", "Invalid Base 32 character", {7}},
        {"M1VUXWEZ", "Invalid checksum", {}},
        {"16plkw9", "Invalid separator position", {0}},
        {"1p2gdwpf", "Invalid separator position", {0}},
        {"abcdef1l7aum6echk45nj2s0wdvt2fg8x9yrzpqzd3ryx", "Invalid Bech32m checksum", {21}},
        {"test1zg69v7y60n00qy352euf40x77qcusag6", "Invalid Bech32m checksum", {13, 32}},
    };
    for (const LocateCase& c : cases) {
        SCOPED_TRACE(c.str);
        EXPECT_EQ(bech32::Decode(c.str).encoding, bech32::Encoding::INVALID);
        const auto [error, locations] = bech32::LocateErrors(c.str);
        EXPECT_EQ(error, c.error);
        EXPECT_EQ(locations, c.locations);
    }
}

TEST(Bech32Test, LocatesEverySingleSubstitution)
{
    // Any one wrong character in the data part is found exactly (the BCH code's guarantee), for both
    // checksums. This exercises the GF(1024) arithmetic and the syndrome constants.
    const std::string alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    util::Bytes values(32);
    for (uint8_t i = 0; i < 32; ++i) values[i] = i;
    for (const auto encoding : {bech32::Encoding::BECH32, bech32::Encoding::BECH32M}) {
        const std::string encoded = bech32::Encode(encoding, "bc", values);
        const size_t sep = encoded.rfind('1');
        for (size_t pos = sep + 1; pos < encoded.size(); ++pos) {
            for (const char replacement : alphabet) {
                if (replacement == encoded[pos]) continue;
                std::string mutated = encoded;
                mutated[pos] = replacement;
                ASSERT_EQ(bech32::Decode(mutated).encoding, bech32::Encoding::INVALID);
                const auto [error, locations] = bech32::LocateErrors(mutated);
                EXPECT_EQ(locations, std::vector<int>{static_cast<int>(pos)}) << mutated;
                EXPECT_EQ(error, encoding == bech32::Encoding::BECH32 ? "Invalid Bech32 checksum"
                                                                      : "Invalid Bech32m checksum");
            }
        }
    }
}

TEST(Bech32Test, LocatesTwoSubstitutions)
{
    util::Bytes values(20, 7);
    const std::string encoded = bech32::Encode(bech32::Encoding::BECH32, "tb", values);
    std::string mutated = encoded;
    mutated[5] = mutated[5] == 'q' ? 'p' : 'q';
    mutated[20] = mutated[20] == 'q' ? 'p' : 'q';
    const auto [error, locations] = bech32::LocateErrors(mutated);
    EXPECT_EQ(error, "Invalid Bech32 checksum");
    EXPECT_EQ(locations, (std::vector<int>{5, 20}));
}

TEST(Bech32Test, CaseAndLength)
{
    util::Bytes values{0, 1, 2, 3, 4, 5, 30, 31};
    for (const auto encoding : {bech32::Encoding::BECH32, bech32::Encoding::BECH32M}) {
        const std::string lower = bech32::Encode(encoding, "bc", values);
        const auto upper = bech32::Decode(ToUpper(lower));
        EXPECT_EQ(upper.encoding, encoding);
        EXPECT_EQ(upper.hrp, "bc") << "the HRP comes back lowercase";
        EXPECT_EQ(upper.data, values);
        std::string mixed = lower;
        mixed[0] = 'B';
        EXPECT_EQ(bech32::Decode(mixed).encoding, bech32::Encoding::INVALID);
    }
    // 91 characters with a valid checksum: over BIP173's limit, accepted only with a larger limit.
    const std::string long_str = bech32::Encode(bech32::Encoding::BECH32, "a", util::Bytes(83, 0));
    ASSERT_EQ(long_str.size(), 91u);
    EXPECT_EQ(bech32::Decode(long_str).encoding, bech32::Encoding::INVALID);
    EXPECT_EQ(bech32::Decode(long_str, 1023).encoding, bech32::Encoding::BECH32);
    EXPECT_EQ(bech32::LocateErrors(long_str).first, "Bech32 string too long");
    const std::string max_str = bech32::Encode(bech32::Encoding::BECH32, "a", util::Bytes(82, 0));
    ASSERT_EQ(max_str.size(), 90u);
    EXPECT_EQ(bech32::Decode(max_str).encoding, bech32::Encoding::BECH32);
}

TEST(Bech32Test, SegwitAddressVectorsBip350)
{
    const auto json = testutil::ReadJsonVector("bech32_vectors.json");
    const auto& segwit = json.at("segwit_addresses");
    for (const auto& v : segwit.at("valid")) {
        const std::string addr = v.at("address");
        SCOPED_TRACE(addr);
        const auto spk = DecodeSegwit(addr);
        ASSERT_TRUE(spk);
        EXPECT_EQ(HexStr(*spk), v.at("scriptPubKey").get<std::string>());
        EXPECT_EQ(EncodeSegwit(bech32::Decode(addr).hrp, *spk), ToLower(addr));
    }
    for (const auto& v : segwit.at("invalid")) {
        SCOPED_TRACE(v.at("address").get<std::string>() + " (" + v.at("reason").get<std::string>() + ")");
        EXPECT_FALSE(DecodeSegwit(v.at("address")));
    }
    // BIP173's original v1+ examples used the bech32 checksum and are invalid under BIP350.
    for (const auto& v : json.at("segwit_addresses_bip173_original").at("valid")) {
        EXPECT_EQ(DecodeSegwit(v.at("address")).has_value(), v.at("valid_after_bip350").get<bool>())
            << v.at("address").get<std::string>();
    }
}

TEST(ConvertBitsTest, RegroupsAndChecksPadding)
{
    const util::Bytes bytes = Hex("751e76e8199196d454941c45d1b3a323f1433bd6");
    const auto five = bech32::ConvertBits(bytes, 8, 5, true);
    ASSERT_TRUE(five);
    EXPECT_EQ(five->size(), 32u); // 160 bits
    const auto back = bech32::ConvertBits(*five, 5, 8, false);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, bytes);

    // 1 byte = 8 bits -> two 5-bit groups, the second padded with two zero bits.
    EXPECT_EQ(*bech32::ConvertBits(Hex("ff"), 8, 5, true), (util::Bytes{31, 28}));
    EXPECT_EQ(*bech32::ConvertBits(util::Bytes{31, 28}, 5, 8, false), Hex("ff"));
    EXPECT_FALSE(bech32::ConvertBits(util::Bytes{31, 29}, 5, 8, false)) << "non-zero padding";
    EXPECT_FALSE(bech32::ConvertBits(util::Bytes{31, 28, 0}, 5, 8, false)) << "a whole group of padding";
    EXPECT_FALSE(bech32::ConvertBits(util::Bytes{32}, 5, 8, true)) << "input wider than 5 bits";
    EXPECT_EQ(*bech32::ConvertBits({}, 8, 5, true), util::Bytes{});
}
