// Addresses and WIF keys against Core's key_io vectors, BIP173/BIP350 segwit vectors, and Core's
// DecodeDestination error messages.

#include "testutil/vectors.h"

#include <hearth/crypto/key.h>
#include <hearth/script/address.h>
#include <hearth/serialize/base58.h>
#include <hearth/util/hex.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace hearth;
using hearth::script::AddressParams;
using hearth::testutil::Hex;
using hearth::util::HexStr;

namespace {

/// key_io_valid.json's chain names: testnet4 and signet share testnet's prefixes.
AddressParams ParamsFor(const std::string& chain)
{
    if (chain == "main") return script::MainAddressParams();
    if (chain == "regtest") return script::RegtestAddressParams();
    EXPECT_TRUE(chain == "testnet4" || chain == "signet" || chain == "test") << chain;
    return script::TestAddressParams();
}

std::vector<AddressParams> AllParams()
{
    return {script::MainAddressParams(), script::TestAddressParams(), script::RegtestAddressParams()};
}

std::string FlipCase(std::string s)
{
    for (char& c : s) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        } else if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return s;
}

} // namespace

TEST(AddressTest, KeyIoValidBothWays)
{
    const auto json = testutil::ReadJsonVector("key_io_valid.json");
    ASSERT_EQ(json.size(), 70u);
    for (const auto& row : json) {
        const std::string str = row.at(0);
        const util::Bytes payload = Hex(row.at(1));
        const auto& meta = row.at(2);
        const AddressParams params = ParamsFor(meta.at("chain"));
        SCOPED_TRACE(str + " on " + meta.at("chain").get<std::string>());

        if (meta.at("isPrivkey").get<bool>()) {
            const bool compressed = meta.at("isCompressed").get<bool>();
            const crypto::PrivKey key = script::DecodeSecret(str, params);
            ASSERT_TRUE(key.IsValid());
            EXPECT_EQ(key.IsCompressed(), compressed);
            EXPECT_EQ(util::Bytes(key.span().begin(), key.span().end()), payload);
            EXPECT_EQ(script::EncodeSecret(crypto::PrivKey::FromBytes(payload, compressed), params), str);
            // A private key is not an address.
            EXPECT_FALSE(script::DecodeAddress(str, params));
        } else {
            const auto script = script::DecodeAddress(str, params);
            ASSERT_TRUE(script) << script.error();
            EXPECT_EQ(HexStr(*script), HexStr(payload));
            const auto encoded = script::EncodeAddress(payload, params);
            ASSERT_TRUE(encoded);
            EXPECT_EQ(*encoded, str);
            // Bech32 is case-insensitive as a whole (tryCaseFlip); base58 is case-sensitive.
            const bool try_case_flip = meta.contains("tryCaseFlip") && meta.at("tryCaseFlip").get<bool>();
            const auto flipped = script::DecodeAddress(FlipCase(str), params);
            EXPECT_EQ(flipped.has_value(), try_case_flip);
            if (flipped) {
                EXPECT_EQ(*flipped, payload);
            }
            // An address is not a private key.
            EXPECT_FALSE(script::DecodeSecret(str, params).IsValid());
        }
    }
}

TEST(AddressTest, KeyIoInvalidOnEveryNetwork)
{
    const auto json = testutil::ReadJsonVector("key_io_invalid.json");
    ASSERT_EQ(json.size(), 70u);
    for (const auto& row : json) {
        const std::string str = row.at(0);
        for (const AddressParams& params : AllParams()) {
            SCOPED_TRACE(str + " with hrp " + params.bech32_hrp);
            const auto decoded = script::DecodeAddress(str, params);
            EXPECT_FALSE(decoded);
            if (!decoded) {
                EXPECT_FALSE(decoded.error().empty());
            }
            EXPECT_FALSE(script::DecodeSecret(str, params).IsValid());
        }
    }
}

TEST(AddressTest, SegwitVectorsBip350)
{
    const auto json = testutil::ReadJsonVector("bech32_vectors.json");
    const auto& segwit = json.at("segwit_addresses");
    for (const auto& v : segwit.at("valid")) {
        const std::string addr = v.at("address");
        SCOPED_TRACE(addr);
        const bool main = addr.substr(0, 2) == "bc" || addr.substr(0, 2) == "BC";
        const AddressParams params = main ? script::MainAddressParams() : script::TestAddressParams();
        const auto script = script::DecodeAddress(addr, params);
        ASSERT_TRUE(script) << script.error();
        EXPECT_EQ(HexStr(*script), v.at("scriptPubKey").get<std::string>());
        std::string lower = addr;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        EXPECT_EQ(script::EncodeAddress(*script, params), lower);
        // Not valid on the other network.
        EXPECT_FALSE(script::DecodeAddress(addr, main ? script::TestAddressParams() : script::MainAddressParams()));
    }
    for (const auto& v : segwit.at("invalid")) {
        for (const AddressParams& params : AllParams()) {
            EXPECT_FALSE(script::DecodeAddress(v.at("address").get<std::string>(), params))
                << v.at("address").get<std::string>() << " (" << v.at("reason").get<std::string>() << ")";
        }
    }
}

TEST(AddressTest, CoreErrorMessagesOnMainnet)
{
    // Core's DecodeDestination messages (as rpc_validateaddress.py checks them on main).
    const std::vector<std::pair<std::string, std::string>> cases = {
        // BIP173 invalid addresses
        {"tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty", "Invalid or unsupported Segwit (Bech32) or Base58 encoding."},
        {"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "Invalid Bech32 checksum"},
        {"BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2", "Version 1+ witness address must use Bech32m checksum"},
        {"bc1rw5uspcuh", "Version 1+ witness address must use Bech32m checksum"},
        {"bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",
         "Version 1+ witness address must use Bech32m checksum"},
        {"BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", "Invalid Bech32 v0 address program size (16 bytes), per BIP141"},
        {"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",
         "Invalid or unsupported Segwit (Bech32) or Base58 encoding."},
        {"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3t4", "Invalid character or mixed case"},
        {"bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du", "Version 1+ witness address must use Bech32m checksum"},
        {"bc1gmk9yu", "Empty Bech32 data section"},
        // BIP350 invalid addresses
        {"tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
         "Invalid or unsupported Segwit (Bech32) or Base58 encoding."},
        {"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
         "Version 1+ witness address must use Bech32m checksum"},
        {"BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
         "Version 1+ witness address must use Bech32m checksum"},
        {"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "Version 0 witness address must use Bech32 checksum"},
        {"bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", "Invalid Base 32 character"},
        {"BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", "Invalid Bech32 address witness version"},
        {"bc1pw5dgrnzv", "Invalid Bech32 address program size (1 byte)"},
        {"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
         "Invalid Bech32 address program size (41 bytes)"},
        {"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", "Invalid padding in Bech32 data section"},
        // A regtest address carries a different HRP that starts with "bc".
        {"bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9",
         "Invalid or unsupported prefix for Segwit (Bech32) address (expected bc, got bcrt)."},
        // Base58
        {"mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ", "Invalid or unsupported Base58-encoded address."},
        {serialize::EncodeBase58Check(util::Bytes(20, 0)), "Invalid length for Base58 address (P2PKH or P2SH)"},
        {serialize::EncodeBase58Check(Hex("05"
                                          "00112233445566778899")),
         "Invalid length for Base58 address (P2PKH or P2SH)"},
        {"1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mp", "Invalid checksum or length of Base58 address (P2PKH or P2SH)"},
        {"5Kd3NBUAdUnhyzenEwVLy9pBKxSwXvE9FMPyR4UKZvpe6E3AgLr",
         "Invalid checksum or length of Base58 address (P2PKH or P2SH)"},
        // The empty string is valid (empty) base58 without a checksum.
        {"", "Invalid checksum or length of Base58 address (P2PKH or P2SH)"},
        {"1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2m0", "Invalid or unsupported Segwit (Bech32) or Base58 encoding."},
    };
    const AddressParams main = script::MainAddressParams();
    for (const auto& [addr, message] : cases) {
        const auto decoded = script::DecodeAddress(addr, main);
        ASSERT_FALSE(decoded) << addr;
        EXPECT_EQ(decoded.error(), message) << addr;
    }
}

TEST(AddressTest, EncodeRecognisesOnlyAddressableTemplates)
{
    const AddressParams main = script::MainAddressParams();
    const util::Bytes hash20 = Hex("751e76e8199196d454941c45d1b3a323f1433bd6");
    util::Bytes p2pkh = Hex("76a914");
    util::Append(p2pkh, hash20);
    util::Append(p2pkh, Hex("88ac"));
    EXPECT_EQ(script::EncodeAddress(p2pkh, main), "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH");
    util::Bytes p2wpkh = Hex("0014");
    util::Append(p2wpkh, hash20);
    EXPECT_EQ(script::EncodeAddress(p2wpkh, main), "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
    EXPECT_EQ(script::EncodeAddress(Hex("51024e73"), main), "bc1pfeessrawgf") << "pay-to-anchor (v1, 2 bytes)";
    const auto p2a = script::DecodeAddress("bc1pfeessrawgf", main);
    ASSERT_TRUE(p2a);
    EXPECT_EQ(HexStr(*p2a), "51024e73");

    // No address: bare public key, OP_RETURN, v0 with a 21-byte program, too-short or too-long programs,
    // a near-miss P2PKH, the empty script.
    const std::vector<std::string> none = {
        "210279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798ac",
        "6a0401020304",
        "0015751e76e8199196d454941c45d1b3a323f1433bd600",
        "510101",
        "5129" + std::string(82, '0'),
        "76a914751e76e8199196d454941c45d1b3a323f1433bd688ad",
        "0014751e76e8199196d454941c45d1b3a323f1433b", // push longer than the script
        "",
    };
    for (const std::string& hex : none) EXPECT_FALSE(script::EncodeAddress(Hex(hex), main)) << hex;
}

TEST(WifTest, RejectsWrongNetworkAndShapes)
{
    const crypto::PrivKey key = crypto::PrivKey::Generate();
    const std::string wif = script::EncodeSecret(key, script::MainAddressParams());
    const crypto::PrivKey back = script::DecodeSecret(wif, script::MainAddressParams());
    ASSERT_TRUE(back.IsValid());
    EXPECT_TRUE(back.IsCompressed());
    EXPECT_EQ(back.GetPubKey(), key.GetPubKey());
    EXPECT_FALSE(script::DecodeSecret(wif, script::TestAddressParams()).IsValid()) << "prefix 239 expected";

    util::Bytes data{128};
    util::Append(data, key.span());
    data.push_back(2); // compression flag must be 1
    EXPECT_FALSE(script::DecodeSecret(serialize::EncodeBase58Check(data), script::MainAddressParams()).IsValid());
    data.back() = 1;
    data.push_back(1); // too long
    EXPECT_FALSE(script::DecodeSecret(serialize::EncodeBase58Check(data), script::MainAddressParams()).IsValid());
    // The secret must be in range.
    util::Bytes zero{128};
    zero.resize(33, 0);
    EXPECT_FALSE(script::DecodeSecret(serialize::EncodeBase58Check(zero), script::MainAddressParams()).IsValid());
}
