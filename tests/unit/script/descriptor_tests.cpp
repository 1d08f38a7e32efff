#include <hearth/crypto/key.h>
#include <hearth/script/address.h>
#include <hearth/script/descriptor.h>
#include <hearth/util/hex.h>

#include "testutil/vectors.h"

#include <gtest/gtest.h>

#include <string>

namespace hearth::script {
namespace {

using testutil::Hex;

// Core's descriptor_tests.cpp checksum cases (BIP380).
const std::string XPRV_DESC =
    "sh(multi(2,[00000000/111'/222]xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcx"
    "FLJ8HFsTjSyQbLYnMpCqE2VbFWc,xprv9uPDJpEQgRQfDcW7BkF7eTya6RPxXeJCqCJGHuCJ4GiRVLzkTXBAJMu2qaMWPrS7AANYqdq6vcBcBUdJCV"
    "VFceUvJFjaPdGZ2y9WACViL4L/0))";
const std::string XPUB_DESC =
    "sh(multi(2,[00000000/111'/222]xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY"
    "2grBGRjaDMzQLcgJvLJuZZvRcEL,"
    "xpub68NZiKmJWnxxS6aaHmn81bvJeTESw724CRDs6HbuccFQN9Ku14VQrADWgqbhhTHBaohPX4CjNLf9fq9MYo6"
    "oDaPPLPxSb7gwQN3ih19Zm4Y/0))";

TEST(DescriptorChecksumTest, MatchesCoreDescriptorTests)
{
    EXPECT_EQ(DescriptorChecksum(XPRV_DESC), "ggrsrxfy");
    EXPECT_EQ(DescriptorChecksum(XPUB_DESC), "tjg09x5t");
    // The same with a threshold of 3: Core's "Error in payload" case reports this computed checksum.
    std::string xpub3 = XPUB_DESC;
    xpub3.replace(xpub3.find("multi(2"), 7, "multi(3");
    EXPECT_EQ(DescriptorChecksum(xpub3), "d4x0uxyv");

    EXPECT_EQ(
        DescriptorChecksum("rawtr(xprv9vHkqa6EV4sPZHYqZznhT2NPtPCjKuDKGY38FBWLvgaDx45zo9WQRUT3dKYnjwih2yJD9mkrocEZX"
                           "o1ex8G81dwSM1fwqWpWkeS3v86pgKt/86'/1'/0'/1/*)"),
        "a5gn3t7k");
    EXPECT_EQ(
        DescriptorChecksum("rawtr(xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmm"
                           "DznezpbZb7ap6r1D3tgFxHmwMkQTPH/86'/1'/0'/1/*)"),
        "4ur3xhft");
    EXPECT_EQ(
        DescriptorChecksum("rawtr([5a61ff8e/86'/1'/0']xpub6DtZpc9PRL2B6pwoNGysmHAaBofDmWv5S6KQEKKGPKhf5fV62ywDtSziS"
                           "ApYVK3JnYY5KUSgiCwiXW5wtd8z7LNBxT9Mu5sEro8itdGfTeA/1/*)"),
        "llheyd9x");
}

TEST(DescriptorChecksumTest, RejectsCharactersOutsideTheSet)
{
    EXPECT_EQ(DescriptorChecksum("raw(\xc3\x9c)"), ""); // "raw(Ü)"
    EXPECT_EQ(DescriptorChecksum("pk(\n)"), "");
}

TEST(DescriptorChecksumTest, AddChecksumAppendsHashAndChecksum)
{
    EXPECT_EQ(AddChecksum(XPUB_DESC), XPUB_DESC + "#tjg09x5t");
    EXPECT_EQ(AddChecksum("addr(bc1q4t7h8phena94prkqtm500mwzupcjvcs2akcdy9)"),
              "addr(bc1q4t7h8phena94prkqtm500mwzupcjvcs2akcdy9)#qmxeweuu");
}

TEST(DescriptorChecksumTest, CheckChecksumUsesCoreMessages)
{
    // Valid, with and without a checksum.
    const std::string with_checksum = XPRV_DESC + "#ggrsrxfy";
    auto ok = CheckChecksum(with_checksum, true);
    ASSERT_TRUE(ok) << ok.error();
    EXPECT_EQ(*ok, XPRV_DESC);
    ok = CheckChecksum(XPRV_DESC, false);
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, XPRV_DESC);

    const auto error_of = [](const std::string& desc, bool require) {
        const auto r = CheckChecksum(desc, require);
        return r ? std::string{"(ok)"} : r.error();
    };
    EXPECT_EQ(error_of(XPRV_DESC, true), "Missing checksum");
    EXPECT_EQ(error_of(XPRV_DESC + "#", false), "Expected 8 character checksum, not 0 characters");
    EXPECT_EQ(error_of(XPRV_DESC + "#ggrsrxfyq", false), "Expected 8 character checksum, not 9 characters");
    EXPECT_EQ(error_of(XPUB_DESC + "#tjg09x5", false), "Expected 8 character checksum, not 7 characters");
    EXPECT_EQ(error_of(XPUB_DESC + "#tjq09x4t", false),
              "Provided checksum 'tjq09x4t' does not match computed checksum 'tjg09x5t'");
    EXPECT_EQ(error_of(XPRV_DESC + "##ggssrxfy", false), "Multiple '#' symbols");
    EXPECT_EQ(error_of("raw(\xc3\x9c)#00000000", false), "Invalid characters in payload");

    EXPECT_EQ(GetDescriptorChecksum(XPUB_DESC), "tjg09x5t");
    EXPECT_EQ(GetDescriptorChecksum(XPUB_DESC + "#tjg09x5t"), "tjg09x5t");
    EXPECT_EQ(GetDescriptorChecksum(XPUB_DESC + "#tjq09x4t"), "");
}

// Expected descriptors below are Core's own output (decoderawtransaction, decodescript, gettxout and
// getrawtransaction results published with their inputs).
struct InferCase {
    const char* script_hex;
    const char* network;
    const char* descriptor;
};

AddressParams Network(const std::string& name)
{
    if (name == "main") return MainAddressParams();
    if (name == "test") return TestAddressParams();
    return RegtestAddressParams();
}

TEST(InferDescriptorTest, MatchesCoreForEveryOutputType)
{
    const InferCase cases[] = {
        // P2PK, uncompressed (the first bitcoin payment, f4184fc5…, and block 1's coinbase)
        {"4104ae1a62fe09c5f51b13905f07f06b99a2f7159b2225f374cd378d71302fa28414e7aab37397f554a7df5f142c21c1b7303b8a0626f"
         "1baded5c72a704f7e6cd84cac",
         "main",
         "pk("
         "04ae1a62fe09c5f51b13905f07f06b99a2f7159b2225f374cd378d71302fa28414e7aab37397f554a7df5f142c21c1b7303b8a0626f"
         "1baded5c72a704f7e6cd84c)#hsw9ejus"},
        {"410496b538e853519c726a2c91e61ec11600ae1390813a627c66fb8be7947be63c52da7589379515d4e0a604f8141781e62294721166b"
         "f621e73a82cbf2342c858eeac",
         "main",
         "pk("
         "0496b538e853519c726a2c91e61ec11600ae1390813a627c66fb8be7947be63c52da7589379515d4e0a604f8141781e62294721166b"
         "f621e73a82cbf2342c858ee)#qnv32gt7"},
        // P2PK, compressed (decodescript on regtest)
        {"2103c8edf725b59d9f370870a5dcd5e70b0baea493a5b85cb227c1ef6a8e8cdad8fbac", "regtest",
         "pk(03c8edf725b59d9f370870a5dcd5e70b0baea493a5b85cb227c1ef6a8e8cdad8fb)#uyjfg78q"},
        // P2PKH
        {"76a9141fc11f39be1729bf973a7ab6a615ca4729d6457488ac", "main",
         "addr(13tuJJDR2RgArmgfv6JScSdreahzgc4T6o)#ztmwxg4c"},
        // P2SH
        {"a91429d13058087ddf2d48de404376fdcb5c4abff4bc87", "main", "addr(35W8E71bdDhQw4ZC7uUZvXG3qhyWVYxfMB)#4rtfrxzg"},
        {"a9144b09d828dfc8baaba5d04ee77397e04b1050cc7387", "main", "addr(38XnPvu9PmonFU9WouPXUjYbW91wa5MerL)#ap48vquh"},
        // P2WPKH
        {"0014aafd7386f99f4b508ec05ee8f7edc2e07126620a", "main",
         "addr(bc1q4t7h8phena94prkqtm500mwzupcjvcs2akcdy9)#qmxeweuu"},
        {"0014e81e24f8e2cc2ed33f8475968a8138707ffdf906", "regtest",
         "addr(bcrt1qaq0zf78zeshdx0uywktg4qfcwpllm7gxxetln2)#cky7t7p2"},
        // P2WSH
        {"0020f8f8051105b5fcb6d9bb0290dc83393cf122c4d537cbb45c35b9861f2749ba27", "regtest",
         "addr(bcrt1qlruq2yg9kh7tdkdmq2gdeqee8ncj93x4xl9mghp4hxrp7f6fhgnsfx49g7)#f0fug0tt"},
        {"002003a3b77a35754da4934709a41c9f4eb0e1d16895babc74c10a437137fc635d75", "regtest",
         "addr(bcrt1qqw3mw734w4x6fy68pxjpe86wkrsaz6y4h278fsg2gdcn0lrrt46sn4yvyt)#ffm9cu7e"},
        // P2TR with a valid output key: rawtr()
        {"512083698e458c6664e1595d75da2597de1e22ee97d798e706c4c0a4b5a9823cd743", "test",
         "rawtr(83698e458c6664e1595d75da2597de1e22ee97d798e706c4c0a4b5a9823cd743)#lr3hfg6s"},
        {"5120c2247efbfd92ac47f6f40b8d42d169175a19fa9fa10e4a25d7f35eb4dd85b692", "test",
         "rawtr(c2247efbfd92ac47f6f40b8d42d169175a19fa9fa10e4a25d7f35eb4dd85b692)#cyyjcwg3"},
        {"51209bcbd366c542d77635150211f6283d3ff4d9979d312cdf42e4bbd047aa77d961", "regtest",
         "rawtr(9bcbd366c542d77635150211f6283d3ff4d9979d312cdf42e4bbd047aa77d961)#q2ud38tc"},
        // Pay-to-anchor (a descriptor signet users import; Core checks its checksum)
        {"51024e73", "test", "addr(tb1pfees9rn5nz)#8njps4hg"},
        // Bare multisig (an SRC-20 transaction with a 0202…02 burn key, and two decodescript results)
        {"512103c46b73fe2ff939bea5d0a577950dc8876e863bed11c887d681417dfd70533e5121039036c8182c70770f8f6bd702a25c7179bff"
         "f1ccb3a844297a717226b88b976cc2102020202020202020202020202020202020202020202020202020202020202020253ae",
         "main",
         "multi(1,03c46b73fe2ff939bea5d0a577950dc8876e863bed11c887d681417dfd70533e51,"
         "039036c8182c70770f8f6bd702a25c7179bf"
         "ff1ccb3a844297a717226b88b976cc,020202020202020202020202020202020202020202020202020202020202020202)#jjleg3k0"},
        {"52210276d4d259f156bc953231ae2365555c9a445d50f40e0f9d49f43b062a38df621321020498177dced0022d4538f0b39a09d315ec9"
         "4"
         "4c7205307dc126af8f132975cae3210202835b62db105222c0d5208b31189660bd8a2f636d25d91329f73be56282fe5253ae",
         "test",
         "multi(2,0276d4d259f156bc953231ae2365555c9a445d50f40e0f9d49f43b062a38df6213,"
         "020498177dced0022d4538f0b39a09d315ec9"
         "44c7205307dc126af8f132975cae3,0202835b62db105222c0d5208b31189660bd8a2f636d25d91329f73be56282fe52)#lugfm7u3"},
        {"522103262802797e4a68f1b213d2d781e0ec24a404aea09837931aea0a95a1e0b524fb210256dd26ef322b12a5fa823d97455d2fa99b1"
         "b"
         "18940afe18ddfcdb05762674b3932103d9a61a19c36661a50a9da518df397173c284d22e9e69348cfded0fcf7eb74be421021b3afa8c5"
         "6"
         "59391d79311f11ac4b276605932d71f93713e260b72a289b9d398854ae",
         "regtest",
         "multi(2,03262802797e4a68f1b213d2d781e0ec24a404aea09837931aea0a95a1e0b524fb,"
         "0256dd26ef322b12a5fa823d97455d2fa99b"
         "1b18940afe18ddfcdb05762674b393,03d9a61a19c36661a50a9da518df397173c284d22e9e69348cfded0fcf7eb74be4,"
         "021b3afa8c56"
         "59391d79311f11ac4b276605932d71f93713e260b72a289b9d3988)#u9s67nn4"},
        // OP_RETURN (a runestone)
        {"6a5d21020704b5e1d8e1c8eeb788a30705a02d039f3e01020680dc9afd2808c7e8430a64", "main",
         "raw(6a5d21020704b5e1d8e1c8eeb788a30705a02d039f3e01020680dc9afd2808c7e8430a64)#d24em3lg"},
        // Nonstandard (decodescript of a CSV-locked key script)
        {"203e61dd9b70d4f6d5a2c30f955995b4186f0374c781a69cbbce244b7140d24281ad02f003b2", "regtest",
         "raw(203e61dd9b70d4f6d5a2c30f955995b4186f0374c781a69cbbce244b7140d24281ad02f003b2)#fejnhmtz"},
    };
    for (const InferCase& c : cases) {
        SCOPED_TRACE(c.script_hex);
        EXPECT_EQ(InferDescriptor(Hex(c.script_hex), Network(c.network)), c.descriptor);
    }
}

TEST(InferDescriptorTest, OpReturnFromBitcoinTxIsRaw)
{
    // Core's test/util/data/txcreatedata1.json.
    const std::string script =
        "6a4c4f54686973204f505f52455455524e207472616e73616374696f6e206f7574707574207761732063726561746564206279206d6f64"
        "6966696564206372656174657261777472616e73616374696f6e2e";
    EXPECT_EQ(InferDescriptor(Hex(script), MainAddressParams()), "raw(" + script + ")#zf2avljj");
}

TEST(InferDescriptorTest, HybridKeysAreRaw)
{
    // Solver accepts 06/07 keys as P2PK and multisig; Core's InferPubkey refuses hybrid keys, so the
    // descriptor falls back to raw().
    const std::string key = "06" + std::string(128, '1');
    const std::string p2pk = "41" + key + "ac";
    EXPECT_EQ(InferDescriptor(Hex(p2pk), MainAddressParams()), AddChecksum("raw(" + p2pk + ")"));
    const std::string multisig = "5121"
                                 "02" +
                                 std::string(64, '2') + "41" + key + "52ae";
    EXPECT_EQ(InferDescriptor(Hex(multisig), MainAddressParams()), AddChecksum("raw(" + multisig + ")"));
}

TEST(InferDescriptorTest, KeysAreCheckedForEncodingOnly)
{
    // Core's InferPubkey accepts any 02/03/04 key of the right length (CPubKey::IsValidNonHybrid), on the
    // curve or not: x = 5 has no point (5^3 + 7 is not a square mod p).
    const std::string off_curve = "02" + std::string(62, '0') + "05";
    ASSERT_FALSE(crypto::PubKey{Hex(off_curve)}.IsFullyValid());
    EXPECT_EQ(InferDescriptor(Hex("21" + off_curve + "ac"), MainAddressParams()), AddChecksum("pk(" + off_curve + ")"));
    const std::string on_curve = "03" + std::string(62, '0') + "01";
    EXPECT_EQ(InferDescriptor(Hex("5121" + on_curve + "21" + off_curve + "52ae"), MainAddressParams()),
              AddChecksum("multi(1," + on_curve + "," + off_curve + ")"));
}

TEST(InferDescriptorTest, TaprootKeyOffTheCurveIsAddr)
{
    // x = 2^256 - 1 is above the field size, so no point has it: Core falls through to addr().
    const std::string program(64, 'f');
    ASSERT_FALSE(crypto::XOnlyPubKey::FromBytes(Hex(program))->IsFullyValid());
    const util::Bytes script = Hex("5120" + program);
    const auto address = EncodeAddress(script, MainAddressParams());
    ASSERT_TRUE(address);
    EXPECT_EQ(InferDescriptor(script, MainAddressParams()), AddChecksum("addr(" + *address + ")"));
    EXPECT_EQ(address->substr(0, 4), "bc1p");
}

TEST(InferDescriptorTest, UnknownWitnessVersionIsAddr)
{
    const util::Bytes script = Hex("5202abcd"); // witness v2, 2-byte program
    const auto address = EncodeAddress(script, MainAddressParams());
    ASSERT_TRUE(address);
    EXPECT_EQ(address->substr(0, 4), "bc1z");
    EXPECT_EQ(InferDescriptor(script, MainAddressParams()), AddChecksum("addr(" + *address + ")"));
}

TEST(InferDescriptorTest, NonstandardAndEmptyScriptsAreRaw)
{
    EXPECT_EQ(InferDescriptor({}, MainAddressParams()), AddChecksum("raw()"));
    EXPECT_EQ(InferDescriptor(Hex("51"), MainAddressParams()), AddChecksum("raw(51)"));
    // Witness v0 with a 21-byte program has no address.
    const std::string v0_bad = "0015" + std::string(42, '0');
    EXPECT_EQ(InferDescriptor(Hex(v0_bad), MainAddressParams()), AddChecksum("raw(" + v0_bad + ")"));
    // A truncated push.
    EXPECT_EQ(InferDescriptor(Hex("4c05ab"), MainAddressParams()), AddChecksum("raw(4c05ab)"));
}

} // namespace
} // namespace hearth::script
