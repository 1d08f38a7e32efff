// Hashes against published vectors: NIST SHA-256, the RIPEMD-160 paper, RFC 4231 HMAC, BIP39 PBKDF2,
// the SipHash paper, BIP340/341 tagged hashes.

#include "testutil/vectors.h"

#include <hearth/crypto/hash.h>
#include <hearth/crypto/random.h>
#include <hearth/crypto/sha256.h>
#include <hearth/crypto/siphash.h>
#include <hearth/util/hex.h>

#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <string>

using namespace hearth;
using hearth::testutil::Hex;
using hearth::util::HexStr;

namespace {

std::string Sha256Hex(std::string_view s) { return crypto::Sha256Hash(util::AsBytes(s)).ToHexInternal(); }

} // namespace

// FIPS 180-2 appendix B (one block, two blocks, one million 'a').
TEST(Sha256Test, NistVectors)
{
    EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, IncrementalEqualsOneShot)
{
    const std::string msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    for (size_t split = 0; split <= msg.size(); ++split) {
        crypto::Sha256 h;
        h.Write(util::AsBytes(std::string_view{msg}.substr(0, split)));
        h.Write(util::AsBytes(std::string_view{msg}.substr(split)));
        EXPECT_EQ(h.Finalize().ToHexInternal(), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }
    // A copied state continues independently (used for tagged-hash and sighash midstates).
    crypto::Sha256 base;
    base.Write(util::AsBytes("ab"));
    crypto::Sha256 copy = base;
    copy.Write(util::AsBytes("c"));
    EXPECT_EQ(copy.Finalize().ToHexInternal(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(base.Write(util::AsBytes("")).Finalize(), crypto::Sha256Hash(util::AsBytes("ab")));
}

TEST(Sha256dTest, KnownValues)
{
    EXPECT_EQ(crypto::Sha256d({}).ToHexInternal(), "5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456");
    // The genesis block header hashes to the well-known block hash (display order is reversed).
    const util::Bytes genesis =
        Hex("0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f61"
            "7fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c");
    ASSERT_EQ(genesis.size(), 80u);
    EXPECT_EQ(crypto::Sha256d(genesis).ToHex(), "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");

    crypto::Sha256d256 inc;
    inc.Write({genesis.data(), 40}).Write({genesis.data() + 40, 40});
    EXPECT_EQ(inc.Finalize(), crypto::Sha256d(genesis));
}

TEST(Sha256dTest, Sha256d64MatchesConcatenation)
{
    for (int i = 0; i < 8; ++i) {
        const util::Uint256 a = crypto::GetRandUint256();
        const util::Uint256 b = crypto::GetRandUint256();
        util::Bytes cat = util::ToBytes(a.span());
        util::Append(cat, b.span());
        EXPECT_EQ(crypto::Sha256d64(a, b), crypto::Sha256d(cat));
    }
}

// Dobbertin, Bosselaers, Preneel: "RIPEMD-160: A Strengthened Version of RIPEMD", test vectors.
TEST(Ripemd160Test, PaperVectors)
{
    auto rmd = [](std::string_view s) { return HexStr(crypto::Ripemd160(util::AsBytes(s)).span()); };
    EXPECT_EQ(rmd(""), "9c1185a5c5e9fc54612808977ee8f548b2258d31");
    EXPECT_EQ(rmd("a"), "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe");
    EXPECT_EQ(rmd("abc"), "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
    EXPECT_EQ(rmd("message digest"), "5d0689ef49d2fae572b881b123a85ffa21595f36");
    EXPECT_EQ(rmd("abcdefghijklmnopqrstuvwxyz"), "f71c27109c692c1b56bbdceb5b9d2865b3708dbc");
    EXPECT_EQ(rmd("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "12a053384a9c0c88e405a06c27dcf49ada62eb2b");
    EXPECT_EQ(rmd("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
              "b0e20b6e3116640286ed3a87a5713079b21f5189");
    std::string eight;
    for (int i = 0; i < 8; ++i) eight += "1234567890";
    EXPECT_EQ(rmd(eight), "9b752e45573d4b39f4dbd3323cab82bf63326bfb");
    EXPECT_EQ(rmd(std::string(1000000, 'a')), "52783243c1697bdbe16d37f97f68f08325dc1528");
}

TEST(Hash160Test, GeneratorPointKeyHash)
{
    // The compressed public key of secret 1 (the generator); its HASH160 is BIP173's example program.
    const util::Bytes g = Hex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    EXPECT_EQ(HexStr(crypto::Hash160(g).span()), "751e76e8199196d454941c45d1b3a323f1433bd6");
    EXPECT_EQ(crypto::Hash160(g), crypto::Ripemd160(crypto::Sha256Hash(g).span()));
}

namespace {

struct HmacCase {
    const char* key;
    const char* data;
    const char* sha256;
    const char* sha512;
    size_t truncate; // bytes compared (test case 5 truncates to 128 bits); 0 = full
};

// RFC 4231 section 4, test cases 1-7 (hex key, hex data, HMAC-SHA-256, HMAC-SHA-512).
const std::string KEY_AA_131(131 * 2, 'a');
const HmacCase RFC4231[] = {
    {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
     "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f17"
     "02e696c203a126854",
     0},
    {"4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
     "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4"
     "b636e070a38bce737",
     0},
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
     "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
     "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942"
     "674278859e13292fb",
     0},
    {"0102030405060708090a0b0c0d0e0f10111213141516171819",
     "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
     "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
     "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2"
     "de2adebeb10a298dd",
     0},
    {"0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "546573742057697468205472756e636174696f6e",
     "a3b6167473100ee06e0c796c2955552b", "415fad6271580a531d4179bc891d87a6", 16},
    {nullptr,
     "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b657920466972"
     "7374",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
     "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0ae"
     "c8b915a985d786598",
     0},
    {nullptr,
     "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e6420"
     "61206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173"
     "686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
     "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de04"
     "46065c97440fa8c6a58",
     0},
};

} // namespace

TEST(HmacTest, Rfc4231Sha256And512)
{
    int number = 0;
    for (const HmacCase& c : RFC4231) {
        ++number;
        SCOPED_TRACE("RFC 4231 test case " + std::to_string(number));
        // Cases 6 and 7 use a 131-byte key of 0xaa (larger than both block sizes, so it is hashed first).
        const util::Bytes key = Hex(c.key ? c.key : KEY_AA_131);
        const util::Bytes data = Hex(c.data);
        const util::Uint256 mac256 = crypto::HmacSha256(key, data);
        const std::array<uint8_t, 64> mac512 = crypto::HmacSha512(key, data);
        const size_t n256 = c.truncate ? c.truncate : 32;
        const size_t n512 = c.truncate ? c.truncate : 64;
        EXPECT_EQ(HexStr({mac256.data(), n256}), c.sha256);
        EXPECT_EQ(HexStr({mac512.data(), n512}), c.sha512);
    }
    EXPECT_EQ(number, 7);
}

TEST(Pbkdf2Test, Bip39FirstEnglishSeed)
{
    // BIP39: seed = PBKDF2-HMAC-SHA512(mnemonic, "mnemonic" + passphrase, 2048, 64). NFKD is the identity
    // on ASCII, so the first English case needs no normalization.
    const auto json = testutil::ReadJsonVector("bip39_vectors.json");
    const auto& row = json.at("english").at(0);
    const std::string mnemonic = row.at(1);
    const util::Bytes seed =
        crypto::Pbkdf2HmacSha512(util::AsBytes(mnemonic), util::AsBytes("mnemonicTREZOR"), 2048, 64);
    EXPECT_EQ(HexStr(seed), row.at(2).get<std::string>());
    EXPECT_EQ(HexStr(seed), "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c9"
                            "2f2cf141630c7a3c4ab7c81b2f001698e7463b04");
}

namespace {

// SipHash-2-4 reference outputs (Aumasson & Bernstein, the reference implementation's vectors_sip64):
// key 00 01 .. 0f, message 00 01 .. (i-1) for i = 0..63.
constexpr uint64_t SIPHASH_VECTORS[64] = {
    0x726fdb47dd0e0e31, 0x74f839c593dc67fd, 0x0d6c8009d9a94f5a, 0x85676696d7fb7e2d, 0xcf2794e0277187b7,
    0x18765564cd99a68d, 0xcbc9466e58fee3ce, 0xab0200f58b01d137, 0x93f5f5799a932462, 0x9e0082df0ba9e4b0,
    0x7a5dbbc594ddb9f3, 0xf4b32f46226bada7, 0x751e8fbc860ee5fb, 0x14ea5627c0843d90, 0xf723ca908e7af2ee,
    0xa129ca6149be45e5, 0x3f2acc7f57c29bdb, 0x699ae9f52cbe4794, 0x4bc1b3f0968dd39c, 0xbb6dc91da77961bd,
    0xbed65cf21aa2ee98, 0xd0f2cbb02e3b67c7, 0x93536795e3a33e88, 0xa80c038ccd5ccec8, 0xb8ad50c6f649af94,
    0xbce192de8a85b8ea, 0x17d835b85bbb15f3, 0x2f2e6163076bcfad, 0xde4daaaca71dc9a5, 0xa6a2506687956571,
    0xad87a3535c49ef28, 0x32d892fad841c342, 0x7127512f72f27cce, 0xa7f32346f95978e3, 0x12e0b01abb051238,
    0x15e034d40fa197ae, 0x314dffbe0815a3b4, 0x027990f029623981, 0xcadcd4e59ef40c4d, 0x9abfd8766a33735c,
    0x0e3ea96b5304a7d0, 0xad0c42d6fc585992, 0x187306c89bc215a9, 0xd4a60abcf3792b95, 0xf935451de4f21df2,
    0xa9538f0419755787, 0xdb9acddff56ca510, 0xd06c98cd5c0975eb, 0xe612a3cb9ecba951, 0xc766e62cfcadaf96,
    0xee64435a9752fe72, 0xa192d576b245165a, 0x0a8787bf8ecb74b2, 0x81b3e73d20b49b6f, 0x7fa8220ba3b2ecea,
    0x245731c13ca42499, 0xb78dbfaf3a8d83bd, 0xea1ad565322a1a0b, 0x60e61c23a3795013, 0x6606d7e446282b93,
    0x6ca4ecb15c5f91e1, 0x9f626da15c9625f3, 0xe51b38608ef25f57, 0x958a324ceb064572,
};

constexpr uint64_t K0 = 0x0706050403020100ULL; // key bytes 00..07, little-endian
constexpr uint64_t K1 = 0x0f0e0d0c0b0a0908ULL; // key bytes 08..0f

/// SipHash-2-4 through OpenSSL's EVP_MAC "SIPHASH" (8-byte output, little-endian).
uint64_t OpenSslSipHash(uint64_t k0, uint64_t k1, util::ByteSpan data)
{
    uint8_t key[16];
    for (int i = 0; i < 8; ++i) {
        key[i] = static_cast<uint8_t>(k0 >> (8 * i));
        key[8 + i] = static_cast<uint8_t>(k1 >> (8 * i));
    }
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "SIPHASH", nullptr);
    EXPECT_NE(mac, nullptr);
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
    unsigned int size = 8;
    OSSL_PARAM params[] = {OSSL_PARAM_construct_uint(OSSL_MAC_PARAM_SIZE, &size), OSSL_PARAM_construct_end()};
    EXPECT_EQ(EVP_MAC_init(ctx, key, sizeof(key), params), 1);
    EXPECT_EQ(EVP_MAC_update(ctx, data.data(), data.size()), 1);
    uint8_t out[8];
    size_t out_len = 0;
    EXPECT_EQ(EVP_MAC_final(ctx, out, &out_len, sizeof(out)), 1);
    EXPECT_EQ(out_len, 8u);
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t{out[i]} << (8 * i);
    return v;
}

} // namespace

TEST(SipHashTest, ReferenceVectors)
{
    uint8_t msg[64];
    for (int i = 0; i < 64; ++i) msg[i] = static_cast<uint8_t>(i);
    for (size_t i = 0; i < 64; ++i) {
        EXPECT_EQ(crypto::SipHash24(K0, K1, {msg, i}), SIPHASH_VECTORS[i]) << "length " << i;
    }
    // Spot checks written out, so a transcription slip in the table cannot hide a bug at the block
    // boundaries (0, 7, 8, 15 bytes) and at the end.
    EXPECT_EQ(crypto::SipHash24(K0, K1, {msg, 0}), 0x726fdb47dd0e0e31ULL);
    EXPECT_EQ(crypto::SipHash24(K0, K1, {msg, 7}), 0xab0200f58b01d137ULL);
    EXPECT_EQ(crypto::SipHash24(K0, K1, {msg, 8}), 0x93f5f5799a932462ULL);
    EXPECT_EQ(crypto::SipHash24(K0, K1, {msg, 15}), 0xa129ca6149be45e5ULL);
    EXPECT_EQ(crypto::SipHash24(K0, K1, {msg, 63}), 0x958a324ceb064572ULL);
}

TEST(SipHashTest, AgreesWithOpenSsl)
{
    EXPECT_EQ(OpenSslSipHash(K0, K1, {}), 0x726fdb47dd0e0e31ULL);
    for (int round = 0; round < 200; ++round) {
        const uint64_t k0 = crypto::GetRandU64();
        const uint64_t k1 = crypto::GetRandU64();
        util::Bytes data(crypto::GetRandU64() % 100);
        crypto::GetStrongRandBytes(data);
        EXPECT_EQ(crypto::SipHash24(k0, k1, data), OpenSslSipHash(k0, k1, data)) << "length " << data.size();
    }
}

TEST(SipHashTest, Uint256ExtraEqualsHashOf36Bytes)
{
    for (int round = 0; round < 100; ++round) {
        const uint64_t k0 = crypto::GetRandU64();
        const uint64_t k1 = crypto::GetRandU64();
        const util::Uint256 val = crypto::GetRandUint256();
        const auto extra = static_cast<uint32_t>(crypto::GetRandU64());
        // An outpoint serialization: the 32 hash bytes, then the index little-endian.
        util::Bytes ser = util::ToBytes(val.span());
        for (int i = 0; i < 4; ++i) ser.push_back(static_cast<uint8_t>(extra >> (8 * i)));
        EXPECT_EQ(crypto::SipHashUint256Extra(k0, k1, val, extra), crypto::SipHash24(k0, k1, ser));
    }
}

TEST(TaggedHashTest, DefinitionAndPrecomputedState)
{
    const util::Bytes data = Hex("000102");
    const util::Uint256 tag = crypto::Sha256Hash(util::AsBytes("BIP0340/challenge"));
    util::Bytes manual = util::ToBytes(tag.span());
    util::Append(manual, tag.span());
    util::Append(manual, data);
    EXPECT_EQ(crypto::TaggedHash("BIP0340/challenge", data), crypto::Sha256Hash(manual));
    EXPECT_EQ(crypto::TaggedHasher("BIP0340/challenge").Write(data).Finalize(), crypto::Sha256Hash(manual));
    EXPECT_NE(crypto::TaggedHash("BIP0340/aux", data), crypto::TaggedHash("BIP0340/nonce", data));
}

TEST(TaggedHashTest, TapLeafMatchesBip341Vectors)
{
    // BIP341 wallet vectors: leaf hash = hash_TapLeaf(leaf_version || compact_size(len) || script).
    const auto json = testutil::ReadJsonVector("bip341_wallet_vectors.json");
    int checked = 0;
    for (const auto& entry : json.at("scriptPubKey")) {
        const auto& tree = entry.at("given").at("scriptTree");
        if (!tree.is_object()) continue; // single leaves only; branches are the interpreter's business
        const util::Bytes script = Hex(tree.at("script"));
        ASSERT_LT(script.size(), 0xfdu);
        util::Bytes leaf{static_cast<uint8_t>(tree.at("leafVersion").get<int>()), static_cast<uint8_t>(script.size())};
        util::Append(leaf, script);
        EXPECT_EQ(crypto::TaggedHash("TapLeaf", leaf).ToHexInternal(),
                  entry.at("intermediary").at("leafHashes").at(0).get<std::string>());
        ++checked;
    }
    EXPECT_GE(checked, 2);
}
