#include <hearth/crypto/hash.h>
#include <hearth/crypto/sha256.h>
#include <hearth/script/descriptor.h>
#include <hearth/util/hex.h>
#include <hearth/wallet/descriptor.h>

#include "descriptor_core_cases.h"

#include <gtest/gtest.h>

namespace hearth::wallet {
namespace {

const script::AddressParams MAIN = script::MainAddressParams();
const script::AddressParams REGTEST = script::RegtestAddressParams();

std::vector<std::string> ExpandHex(const Descriptor& desc, uint32_t pos)
{
    std::vector<std::string> out;
    const auto scripts = desc.Expand(pos);
    if (!scripts) return {"<cannot derive>"};
    for (const auto& s : *scripts) out.push_back(util::HexStr(s));
    return out;
}

std::string ParseError(std::string_view text, const script::AddressParams& params = MAIN, bool require_checksum = false)
{
    const auto parsed = ParseDescriptor(text, params, require_checksum);
    if (parsed) return "<parsed>";
    return parsed.error();
}

TEST(DescriptorTest, CoreCheckCases)
{
    for (const auto& c : test::CoreCheckCases()) {
        SCOPED_TRACE(c.prv);
        const auto prv = ParseDescriptor(c.prv, MAIN, false);
        ASSERT_TRUE(prv) << prv.error();
        ASSERT_EQ(prv->descriptors.size(), 1U);
        EXPECT_FALSE(prv->keys.empty());
        const Descriptor& desc = *prv->descriptors[0];
        // The canonical form has no private keys and carries the checksum.
        EXPECT_EQ(desc.ToStringNoChecksum(), c.pub);
        EXPECT_EQ(desc.ToString(), script::AddChecksum(c.pub));
        EXPECT_EQ(desc.IsRange(), c.scripts.size() > 1);
        EXPECT_TRUE(desc.IsSolvable());
        for (size_t pos = 0; pos < c.scripts.size(); ++pos) {
            EXPECT_EQ(ExpandHex(desc, pos), std::vector<std::string>(c.scripts[pos].begin(), c.scripts[pos].end()))
                << "position " << pos;
        }

        // The public form parses to the same thing; with hardened steps below an xpub it cannot derive.
        const auto pub = ParseDescriptor(desc.ToString(), MAIN, /*require_checksum=*/true);
        ASSERT_TRUE(pub) << pub.error();
        const Descriptor& pub_desc = *pub->descriptors[0];
        EXPECT_EQ(pub_desc.ToString(), desc.ToString());
        if (c.hardened) {
            EXPECT_FALSE(pub_desc.Expand(0).has_value());
        } else {
            EXPECT_EQ(ExpandHex(pub_desc, 0), ExpandHex(desc, 0));
            EXPECT_TRUE(pub->keys.empty());
        }
    }
}

TEST(DescriptorTest, CoreMultipathCases)
{
    for (const auto& c : test::CoreMultipathCases()) {
        SCOPED_TRACE(c.prv);
        const auto parsed = ParseDescriptor(c.prv, MAIN, false);
        ASSERT_TRUE(parsed) << parsed.error();
        ASSERT_EQ(parsed->descriptors.size(), c.pubs.size());
        for (size_t i = 0; i < c.pubs.size(); ++i) {
            const Descriptor& desc = *parsed->descriptors[i];
            EXPECT_EQ(desc.ToStringNoChecksum(), c.pubs[i]);
            for (size_t pos = 0; pos < c.scripts[i].size(); ++pos) {
                EXPECT_EQ(ExpandHex(desc, pos),
                          std::vector<std::string>(c.scripts[i][pos].begin(), c.scripts[i][pos].end()));
            }
        }
    }
}

TEST(DescriptorTest, CoreUnparsableCases)
{
    for (const auto& [text, error] : test::CoreUnparsableCases()) {
        EXPECT_EQ(ParseError(text), error) << text;
    }
}

TEST(DescriptorTest, ChecksumRules)
{
    const std::string desc = "wpkh(03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd)";
    const std::string with = script::AddChecksum(desc);
    EXPECT_TRUE(ParseDescriptor(with, MAIN, true));
    EXPECT_TRUE(ParseDescriptor(desc, MAIN, false));
    EXPECT_EQ(ParseError(desc, MAIN, true), "Missing checksum");
    EXPECT_EQ(ParseError(with + "#abc"), "Multiple '#' symbols");
    EXPECT_EQ(ParseError(desc + "#abc"), "Expected 8 character checksum, not 3 characters");
    std::string wrong = with;
    wrong.back() = wrong.back() == 'q' ? 'p' : 'q';
    EXPECT_EQ(ParseError(wrong), "Provided checksum '" + wrong.substr(wrong.size() - 8) +
                                     "' does not match computed checksum '" + with.substr(with.size() - 8) + "'");
    EXPECT_EQ(ParseError("wpkh(\xc3\xa9)#aaaaaaaa"), "Invalid characters in payload");
}

TEST(DescriptorTest, PlacementErrorsAsCore)
{
    const std::string k = "03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd";
    EXPECT_EQ(ParseError("sh(combo(" + k + "))"), "Can only have combo() at top level");
    EXPECT_EQ(ParseError("wsh(wpkh(" + k + "))"), "Can only have wpkh() at top level or inside sh()");
    EXPECT_EQ(ParseError("sh(sh(pk(" + k + ")))"), "Can only have sh() at top level");
    EXPECT_EQ(ParseError("wsh(wsh(pk(" + k + ")))"), "Can only have wsh() at top level or inside sh()");
    EXPECT_EQ(ParseError("sh(addr(bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4))"), "Can only have addr() at top level");
    EXPECT_EQ(ParseError("sh(raw(00))"), "Can only have raw() at top level");
    EXPECT_EQ(ParseError("sh(tr(" + k + "))"), "Can only have tr at top level");
    EXPECT_EQ(ParseError("sh(rawtr(" + k + "))"), "Can only have rawtr at top level");
    EXPECT_EQ(ParseError("tr(" + k + ",multi(1," + k + "))"),
              "Can only have multi/sortedmulti at top level, in sh(), or in wsh()");
    EXPECT_EQ(ParseError("wsh(multi_a(1," + k + "))"), "Can only have multi_a/sortedmulti_a inside tr()");
    EXPECT_EQ(ParseError("sh(foo(" + k + "))"), "A function is needed within P2SH");
    EXPECT_EQ(ParseError("wsh(foo(" + k + "))"), "A function is needed within P2WSH");
    EXPECT_EQ(ParseError("foo(" + k + ")"), "'foo(" + k + ")' is not a valid descriptor function");
    EXPECT_EQ(ParseError(""), "'' is not a valid descriptor function");
    // Something complete followed by more text fails without a message, as Core's Parse.
    EXPECT_EQ(ParseError("pk(" + k + "),x"), "");
    EXPECT_EQ(ParseError("sh(pk(" + k + "),x)"), "");
}

TEST(DescriptorTest, KeyAndThresholdErrorsAsCore)
{
    const std::string k = "03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd";
    EXPECT_EQ(ParseError("pkh()"), "pkh(): No key provided");
    EXPECT_EQ(ParseError("pk( " + k + ")"), "pk(): Key ' " + k + "' is invalid due to whitespace");
    EXPECT_EQ(ParseError("pk(" + k + " )"), "pk(): Key '" + k + " ' is invalid due to whitespace");
    EXPECT_EQ(ParseError("wpkh(zzzz)"), "wpkh(): key 'zzzz' is not valid");
    EXPECT_EQ(ParseError("pk(" + k + "/0)"), "pk(): key '" + k + "' is not valid");
    EXPECT_EQ(ParseError("multi(x," + k + ")"), "Multi threshold 'x' is not valid");
    EXPECT_EQ(ParseError("multi(0," + k + ")"), "Multisig threshold cannot be 0, must be at least 1");
    EXPECT_EQ(ParseError("multi(2," + k + ")"),
              "Multisig threshold cannot be larger than the number of keys; threshold is 2 but only 1 keys specified");
    EXPECT_EQ(ParseError("multi(1)"), "Cannot have 0 keys in multisig; must have between 1 and 20 keys, inclusive");
    EXPECT_EQ(ParseError("multi(1," + k + "," + k + "," + k + "," + k + ")"),
              "Cannot have 4 pubkeys in bare multisig; only at most 3 pubkeys");
    EXPECT_EQ(ParseError("tr(" + k + ",multi_a(1))"),
              "Cannot have 0 keys in multi_a; must have between 1 and 999 keys, inclusive");
    EXPECT_EQ(ParseError("multi(1 ," + k + ")"), "Multi threshold '1 ' is not valid");
    EXPECT_EQ(ParseError("rawtr(" + k + "," + k + ")"), "rawtr(): only one key expected.");
    EXPECT_EQ(ParseError("tr(" + k + "x)"), "tr(): key '" + k + "x' is not valid");
    EXPECT_EQ(ParseError("tr(" + k + ",{pk(" + k + ")})"), "tr(): expected ',' after script expression");
    EXPECT_EQ(ParseError("tr(" + k + ",{pk(" + k + "),pk(" + k + "))"), "tr(): expected '}' after script expression");
    EXPECT_EQ(ParseError("tr(" + k + ",{pk(" + k + "),pk(" + k + ")x})"),
              "'pk(" + k + ")x' is not a valid descriptor function");
    EXPECT_EQ(ParseError("tr(" + k + "+pk(" + k + "))"), "tr(): key '" + k + "+pk(" + k + ")' is not valid");
    EXPECT_EQ(ParseError("tr(" + k + ";pk(" + k + "))"), "tr(): key '" + k + ";pk(" + k + ")' is not valid");
    EXPECT_EQ(ParseError("tr(" + k + ",pk(" + k + "),pk(" + k + "))"), "tr(): expected ')' after script expression");
    EXPECT_EQ(ParseError("tr(" + k + "x" + ")"), "tr(): key '" + k + "x' is not valid");
    EXPECT_EQ(ParseError("addr(bc1qnotanaddress)"), "Address is not valid");
    EXPECT_EQ(ParseError("raw(0g)"), "Raw script is not hex");
    EXPECT_EQ(ParseError("pkh([0123456/1]" + k + ")"),
              "pkh(): Fingerprint is not 4 bytes (7 characters instead of 8 characters)");
    EXPECT_EQ(ParseError("pkh([01234567/<0;1>]" + k + ")"),
              "pkh(): Key path value '<0;1>' specifies multipath in a section where multipath is not allowed");
    const std::string xpub = "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD26"
                             "5TMg7usUDFdp6W1EGMcet8";
    EXPECT_EQ(ParseError("pkh(" + xpub + "/<0;1>/<2;3>)"), "pkh(): Multiple multipath key path specifiers found");
    EXPECT_EQ(ParseError("pkh(" + xpub + "/<0>)"), "pkh(): Multipath key path specifiers must have at least two items");
    EXPECT_EQ(ParseError("multi(1," + xpub + "/<0;1>," + xpub + "/<0;1;2>)"),
              "multi(): Multipath derivation paths have mismatched lengths");
    // Keys of another network are not keys at all.
    EXPECT_EQ(ParseError("pkh(" + xpub + ")", REGTEST), "pkh(): key '" + xpub + "' is not valid");
}

TEST(DescriptorTest, AddrRawRawtrAndSolvability)
{
    const auto addr = ParseDescriptor("addr(BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4)", MAIN, false);
    ASSERT_TRUE(addr) << addr.error();
    const Descriptor& a = *addr->descriptors[0];
    // Re-encoded in lowercase, as Core's EncodeDestination.
    EXPECT_EQ(a.ToStringNoChecksum(), "addr(bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4)");
    EXPECT_EQ(ExpandHex(a, 0), std::vector<std::string>{"0014751e76e8199196d454941c45d1b3a323f1433bd6"});
    EXPECT_FALSE(a.IsSolvable());
    EXPECT_FALSE(a.IsRange());
    EXPECT_TRUE(addr->keys.empty());

    const auto raw = ParseDescriptor("raw(6A0102)", MAIN, false);
    ASSERT_TRUE(raw) << raw.error();
    EXPECT_EQ(raw->descriptors[0]->ToStringNoChecksum(), "raw(6a0102)");
    EXPECT_FALSE(raw->descriptors[0]->IsSolvable());

    // rawtr(): the key is the output key, untweaked.
    const std::string x = "a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd";
    const auto rawtr = ParseDescriptor("rawtr(" + x + ")", MAIN, false);
    ASSERT_TRUE(rawtr) << rawtr.error();
    EXPECT_EQ(ExpandHex(*rawtr->descriptors[0], 0), std::vector<std::string>{"5120" + x});
    EXPECT_TRUE(rawtr->descriptors[0]->IsSolvable());
}

TEST(DescriptorTest, Bip86KeyPathMatchesTheBipVectors)
{
    // BIP86 test vector: m/86'/0'/0'/0/0 of the "abandon ... about" seed.
    const std::string xprv = "xprv9s21ZrQH143K3GJpoapnV8SFfukcVBSfeCficPSGfubmSFDxo1kuHnLisriDvSnRRuL2Qrg5ggqHKNVpxR86Q"
                             "EC8w35uxmGoggxtQTPvfUu";
    const auto parsed = ParseDescriptor("tr(" + xprv + "/86'/0'/0'/0/*)", MAIN, false);
    ASSERT_TRUE(parsed) << parsed.error();
    const Descriptor& d = *parsed->descriptors[0];
    EXPECT_TRUE(d.IsRange());
    EXPECT_EQ(ExpandHex(d, 0),
              std::vector<std::string>{"5120a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c"});
    EXPECT_EQ(ExpandHex(d, 1),
              std::vector<std::string>{"5120a82f29944d65b86ae6b5e5cc75e294ead6c59391a1edc5e016e3498c67fc7bbb"});
}

TEST(DescriptorTest, TapscriptPkhLeafHashesTheXOnlyKey)
{
    // Miniscript's pkh() in a tapscript leaf: DUP HASH160 <HASH160(x-only key)> EQUALVERIFY CHECKSIG (BIP342 keys
    // are 32 bytes). The output key is the internal key tweaked with the single leaf's TapLeaf hash (BIP341).
    const std::string x1 = "a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd";
    const std::string x2 = "669b8afcec803a0d323e9a17f3ea8e68e8abe5a278020a929adbec52421adbd0";
    const auto parsed = ParseDescriptor("tr(" + x1 + ",pkh(" + x2 + "))", MAIN, false);
    ASSERT_TRUE(parsed) << parsed.error();
    EXPECT_EQ(parsed->descriptors[0]->ToStringNoChecksum(), "tr(" + x1 + ",pkh(" + x2 + "))");
    util::Bytes leaf = *util::ParseHex("76a914");
    util::Append(leaf, crypto::Hash160(*util::ParseHex(x2)).span());
    util::Append(leaf, *util::ParseHex("88ac"));
    util::Bytes leaf_data{0xc0, static_cast<uint8_t>(leaf.size())};
    util::Append(leaf_data, leaf);
    const util::Uint256 root = crypto::TaggedHash("TapLeaf", leaf_data);
    const auto internal = *crypto::XOnlyPubKey::FromBytes(*util::ParseHex(x1));
    const auto output = internal.CreateTapTweak(&root);
    ASSERT_TRUE(output);
    EXPECT_EQ(ExpandHex(*parsed->descriptors[0], 0),
              std::vector<std::string>{"5120" + util::HexStr(output->first.span())});
    // pk() in the same place gives another output (different leaf).
    const auto pk = ParseDescriptor("tr(" + x1 + ",pk(" + x2 + "))", MAIN, false);
    EXPECT_NE(ExpandHex(*pk->descriptors[0], 0), ExpandHex(*parsed->descriptors[0], 0));
}

TEST(DescriptorTest, HardenedStepsNeedThePrivateKey)
{
    const std::string xprv = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU"
                             "3TGtRBeJgk33yuGBxrMPHi";
    const std::string xpub = "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD26"
                             "5TMg7usUDFdp6W1EGMcet8";
    for (const std::string path : {"/0h/*", "/0/*h", "/0/*'"}) {
        const auto with_priv = ParseDescriptor("wpkh(" + xprv + path + ")", MAIN, false);
        ASSERT_TRUE(with_priv);
        EXPECT_TRUE(with_priv->descriptors[0]->Expand(7).has_value());
        const auto with_pub = ParseDescriptor("wpkh(" + xpub + path + ")", MAIN, false);
        ASSERT_TRUE(with_pub);
        EXPECT_FALSE(with_pub->descriptors[0]->Expand(7).has_value()) << path;
        // Both print the same public form.
        EXPECT_EQ(with_priv->descriptors[0]->ToString(), with_pub->descriptors[0]->ToString());
    }
    // The last marker decides between ' and h, as Core's m_apostrophe.
    const auto mixed = ParseDescriptor("pkh([01234567/1']" + xpub + "/2h)", MAIN, false);
    ASSERT_TRUE(mixed);
    EXPECT_EQ(mixed->descriptors[0]->ToStringNoChecksum(), "pkh([01234567/1h]" + xpub + "/2h)");
}

TEST(DescriptorTest, RegtestKeysAndAddresses)
{
    // tprv of BIP32 vector 1's master key.
    const std::string tprv = "tprv8ZgxMBicQKsPeDgjzdC36fs6bMjGApWDNLR9erAXMs5skhMv36j9MV5ecvfavji5khqjWaWSFhN3YcCUUdiKH"
                             "6isR4Pwy3U5y5egddBr16m";
    const auto parsed = ParseDescriptor("wpkh(" + tprv + "/0/*)", REGTEST, false);
    ASSERT_TRUE(parsed) << parsed.error();
    EXPECT_EQ(parsed->descriptors[0]->ToStringNoChecksum().substr(0, 9), "wpkh(tpub");
    EXPECT_EQ(ParseError("wpkh(" + tprv + "/0/*)", MAIN), "wpkh(): key '" + tprv + "' is not valid");
    // WIF keys are network-specific too (cQ… is testnet/regtest).
    EXPECT_EQ(ParseError("pk(L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1)", REGTEST),
              "pk(): key 'L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1' is not valid");
    EXPECT_EQ(ParseError("addr(bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4)", REGTEST), "Address is not valid");
}

} // namespace
} // namespace hearth::wallet
