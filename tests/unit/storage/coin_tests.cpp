#include "testutil/vectors.h"

#include <hearth/storage/coin.h>
#include <hearth/storage/undo.h>
#include <hearth/storage/varint.h>
#include <hearth/util/hex.h>

#include <gtest/gtest.h>

#include <map>
#include <sstream>

using namespace hearth;
using namespace hearth::storage;
using hearth::testutil::Hex;

namespace {

util::Bytes EncodeVarInt(uint64_t n)
{
    util::Bytes out;
    serialize::VectorWriter w{out};
    WriteVarInt(w, n);
    return out;
}

template <typename I>
std::optional<I> DecodeVarInt(util::ByteSpan bytes)
{
    serialize::Reader r{bytes};
    const I v = ReadVarInt<I>(r);
    if (!r.ok() || !r.empty()) return std::nullopt;
    return v;
}

util::Bytes CompressedScriptBytes(util::ByteSpan script)
{
    util::Bytes out;
    serialize::VectorWriter w{out};
    WriteCompressedScript(w, script);
    return out;
}

std::optional<primitives::ScriptBytes> ReadScript(util::ByteSpan bytes)
{
    serialize::Reader r{bytes};
    primitives::ScriptBytes script;
    ReadCompressedScript(r, script);
    if (!r.ok() || !r.empty()) return std::nullopt;
    return script;
}

// Keys on the curve (hex): the genesis output's key (odd y) and the generator G (even y).
const char* const GENESIS_KEY = "04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35"
                                "504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f";
const char* const G_UNCOMPRESSED = "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4"
                                   "655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";

util::Bytes P2pk(const util::Bytes& key)
{
    util::Bytes s{static_cast<uint8_t>(key.size())};
    util::Append(s, key);
    s.push_back(0xac);
    return s;
}

} // namespace

// ------------------------------------------------------------------------------------------ VARINT

TEST(VarIntTest, MatchesCoreBitPatterns)
{
    // Core's serialize_tests.cpp varints_bitpatterns.
    const std::pair<uint64_t, const char*> cases[] = {
        {0, "00"},
        {0x7f, "7f"},
        {0x80, "8000"},
        {0x1234, "a334"},
        {0xffff, "82fe7f"},
        {0x123456, "c7e756"},
        {0x80123456, "86ffc7e756"},
        {0xffffffff, "8efefefe7f"},
        {0x7fffffffffffffff, "fefefefefefefefe7f"},
        {0xffffffffffffffff, "80fefefefefefefefe7f"},
    };
    for (const auto& [n, hex] : cases) {
        EXPECT_EQ(util::HexStr(EncodeVarInt(n)), hex);
        EXPECT_EQ(VarIntSize(n), std::string{hex}.size() / 2);
        EXPECT_EQ(DecodeVarInt<uint64_t>(Hex(hex)), n);
    }
}

TEST(VarIntTest, RoundTripsCoreRanges)
{
    // Core's serialize_tests.cpp varints: 0..100000 and 0..1e11 in steps of 999999937, as one stream.
    util::Bytes stream;
    serialize::VectorWriter w{stream};
    std::vector<uint64_t> values;
    for (uint64_t i = 0; i < 100000; ++i) values.push_back(i);
    for (uint64_t i = 0; i < 100000000000ULL; i += 999999937) values.push_back(i);
    for (uint64_t v : values) WriteVarInt(w, v);
    serialize::Reader r{stream};
    for (uint64_t v : values) ASSERT_EQ(ReadVarInt<uint64_t>(r), v);
    EXPECT_TRUE(r.ok());
    EXPECT_TRUE(r.empty());
}

TEST(VarIntTest, RejectsValuesTooLargeForTheType)
{
    EXPECT_EQ(DecodeVarInt<uint32_t>(Hex("8efefefe7f")), 0xffffffffu);
    // 2^32 does not fit 32 bits (Core: "ReadVarInt(): size too large").
    const util::Bytes big = EncodeVarInt(0x100000000ULL);
    EXPECT_EQ(DecodeVarInt<uint64_t>(big), 0x100000000ULL);
    EXPECT_EQ(DecodeVarInt<uint32_t>(big), std::nullopt);
    serialize::Reader r{big};
    (void)ReadVarInt<uint32_t>(r);
    EXPECT_EQ(r.error(), "ReadVarInt(): size too large");
    // 2^64 overflows even 64 bits; an endless continuation too.
    EXPECT_EQ(DecodeVarInt<uint64_t>(Hex("80fefefefefefefeff00")), std::nullopt);
    EXPECT_EQ(DecodeVarInt<uint64_t>(Hex("ffffffffffffffffffffffff")), std::nullopt);
    EXPECT_EQ(DecodeVarInt<uint64_t>(Hex("80")), std::nullopt); // truncated
    EXPECT_EQ(DecodeVarInt<uint8_t>(Hex("807f")), 0xffu);
    EXPECT_EQ(DecodeVarInt<uint8_t>(Hex("8100")), std::nullopt);
}

// ------------------------------------------------------------------------------------ amounts

TEST(CompressAmountTest, MatchesCoreKnownPairs)
{
    // Core's compress_tests.cpp compress_amounts.
    constexpr uint64_t CENT = 1'000'000;
    constexpr uint64_t COIN = 100'000'000;
    const std::pair<uint64_t, uint64_t> pairs[] = {
        {0, 0x0}, {1, 0x1}, {CENT, 0x7}, {COIN, 0x9}, {50 * COIN, 0x32}, {21'000'000 * COIN, 0x1406f40},
    };
    for (const auto& [dec, enc] : pairs) {
        EXPECT_EQ(CompressAmount(dec), enc) << dec;
        EXPECT_EQ(DecompressAmount(enc), dec) << enc;
    }
}

TEST(CompressAmountTest, RoundTripsCoreRanges)
{
    constexpr uint64_t CENT = 1'000'000;
    constexpr uint64_t COIN = 100'000'000;
    for (uint64_t i = 1; i <= 100000; ++i) ASSERT_EQ(DecompressAmount(CompressAmount(i)), i);
    for (uint64_t i = 1; i <= 10000; ++i) ASSERT_EQ(DecompressAmount(CompressAmount(i * CENT)), i * CENT);
    for (uint64_t i = 1; i <= 10000; ++i) ASSERT_EQ(DecompressAmount(CompressAmount(i * COIN)), i * COIN);
    for (uint64_t i = 1; i <= 420000; ++i) ASSERT_EQ(DecompressAmount(CompressAmount(i * 50 * COIN)), i * 50 * COIN);
    for (uint64_t i = 0; i < 100000; ++i) ASSERT_EQ(CompressAmount(DecompressAmount(i)), i);
}

// ------------------------------------------------------------------------------------ scripts

TEST(ScriptCompressionTest, P2pkhAndP2shBecome21Bytes)
{
    const util::Bytes hash = Hex("0102030405060708090a0b0c0d0e0f1011121314");
    util::Bytes p2pkh = Hex("76a914");
    util::Append(p2pkh, hash);
    util::Append(p2pkh, Hex("88ac"));
    util::Bytes p2sh = Hex("a914");
    util::Append(p2sh, hash);
    p2sh.push_back(0x87);

    for (const auto& [script, type] : {std::pair{p2pkh, 0}, std::pair{p2sh, 1}}) {
        const auto c = CompressScript(script);
        ASSERT_TRUE(c);
        ASSERT_EQ(c->size(), 21u);
        EXPECT_EQ((*c)[0], type);
        EXPECT_TRUE(std::equal(hash.begin(), hash.end(), c->begin() + 1));
        EXPECT_EQ(CompressedScriptBytes(script), *c);
        EXPECT_EQ(ReadScript(*c), script);
    }
}

TEST(ScriptCompressionTest, CompressedKeyP2pkBecomes33Bytes)
{
    for (const char* key_hex : {"0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
                                "03678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb6"}) {
        const util::Bytes key = Hex(key_hex);
        const util::Bytes script = P2pk(key);
        const auto c = CompressScript(script);
        ASSERT_TRUE(c);
        ASSERT_EQ(c->size(), 33u);
        EXPECT_EQ(*c, key); // the type byte is the key's own prefix
        EXPECT_EQ(ReadScript(*c), script);
    }
}

TEST(ScriptCompressionTest, UncompressedKeyP2pkKeepsParityInTheType)
{
    // Genesis key: y odd → type 5; G: y even → type 4. Rebuilding needs the point decompressed.
    for (const auto& [key_hex, type] : {std::pair{GENESIS_KEY, 5}, std::pair{G_UNCOMPRESSED, 4}}) {
        const util::Bytes key = Hex(key_hex);
        const util::Bytes script = P2pk(key);
        ASSERT_EQ(script.size(), 67u);
        const auto c = CompressScript(script);
        ASSERT_TRUE(c);
        ASSERT_EQ(c->size(), 33u);
        EXPECT_EQ((*c)[0], type);
        EXPECT_TRUE(std::equal(key.begin() + 1, key.begin() + 33, c->begin() + 1));
        EXPECT_EQ(ReadScript(*c), script);
        EXPECT_EQ(DecompressScript(static_cast<unsigned>(type), util::ByteSpan{*c}.subspan(1)), script);
    }
}

TEST(ScriptCompressionTest, KeysNotOnTheCurve)
{
    // Core's compress_p2pk_scripts_not_on_curve. x = 5 is off the curve (5^3 + 7 is not a square mod p).
    util::Bytes x(32, 0);
    x[31] = 5;
    util::Bytes uncompressed{0x04};
    util::Append(uncompressed, x);
    uncompressed.resize(65, 0);
    const util::Bytes script = P2pk(uncompressed);
    EXPECT_FALSE(CompressScript(script)); // could not be rebuilt from x
    // It is stored raw instead, and comes back as it was.
    const util::Bytes raw = CompressedScriptBytes(script);
    EXPECT_EQ(raw[0], 67 + 6);
    EXPECT_EQ(ReadScript(raw), script);
    for (unsigned type : {4u, 5u}) {
        EXPECT_EQ(DecompressScript(type, x), std::nullopt);
        util::Bytes bad{static_cast<uint8_t>(type)};
        util::Append(bad, x);
        EXPECT_EQ(ReadScript(bad), std::nullopt);
    }
    // A compressed key is kept as bytes whether or not it is on the curve (Core does not check).
    util::Bytes compressed{0x02};
    util::Append(compressed, x);
    const auto c = CompressScript(P2pk(compressed));
    ASSERT_TRUE(c);
    EXPECT_EQ(*c, compressed);
}

TEST(ScriptCompressionTest, OtherScriptsAreStoredWithSizePlusSix)
{
    EXPECT_EQ(util::HexStr(CompressedScriptBytes({})), "06");
    const util::Bytes p2wpkh = Hex("0014751e76e8199196d454941c45d1b3a323f1433bd6");
    EXPECT_EQ(util::HexStr(CompressedScriptBytes(p2wpkh)), "1c" + util::HexStr(p2wpkh));
    const util::Bytes long_script(200, 0x51);
    const util::Bytes enc = CompressedScriptBytes(long_script);
    EXPECT_EQ(util::HexStr(util::ByteSpan{enc}.first(2)), "804e"); // VARINT(206)
    EXPECT_EQ(ReadScript(enc), long_script);
    // Near misses of the special forms stay raw.
    EXPECT_FALSE(CompressScript(Hex("76a91400000000000000000000000000000000000000008888")));
    EXPECT_FALSE(CompressScript(Hex("a914000000000000000000000000000000000000000088")));
    EXPECT_FALSE(CompressScript(P2pk(Hex("0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"))));
}

TEST(ScriptCompressionTest, OverlongScriptReadsAsOpReturn)
{
    // Core replaces a script above MAX_SCRIPT_SIZE with OP_RETURN and skips its bytes.
    const util::Bytes huge(MAX_SCRIPT_SIZE + 1, 0x00);
    EXPECT_EQ(ReadScript(CompressedScriptBytes(huge)), (util::Bytes{0x6a}));
    const util::Bytes limit(MAX_SCRIPT_SIZE, 0x00);
    EXPECT_EQ(ReadScript(CompressedScriptBytes(limit)), limit);
    // Truncated raw and special forms fail.
    EXPECT_EQ(ReadScript(Hex("0a0102")), std::nullopt);
    EXPECT_EQ(ReadScript(Hex("00010203")), std::nullopt);
}

// ------------------------------------------------------------------------------------ coins

TEST(CoinTest, EncodesCoreChainstateValue)
{
    // A coinbase P2PKH coin of 50 BTC at height 120891, hand-assembled from CORE-FACTS §3:
    // VARINT(120891*2+1) ‖ VARINT(CompressAmount(50e8)=50) ‖ 00 ‖ hash160.
    const util::Bytes hash = Hex("816115944e077fe7c803cfa57f29b36bf87c1d35");
    util::Bytes script = Hex("76a914");
    util::Append(script, hash);
    util::Append(script, Hex("88ac"));
    const Coin coin{primitives::TxOut{50 * primitives::COIN, script}, 120891, true};
    util::Bytes expected = EncodeVarInt(120891 * 2 + 1);
    util::Append(expected, Hex("32"));
    expected.push_back(0x00);
    util::Append(expected, hash);
    EXPECT_EQ(EncodeCoin(coin), expected);
    auto back = DecodeCoin(expected);
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(*back, coin);

    util::Bytes trailing = expected;
    trailing.push_back(0);
    EXPECT_FALSE(DecodeCoin(trailing));
    EXPECT_FALSE(DecodeCoin(util::ByteSpan{expected}.first(expected.size() - 1)));
    EXPECT_FALSE(DecodeCoin({}));
}

TEST(CoinTest, SpentCoinState)
{
    Coin coin{primitives::TxOut{5, {0x51}}, 7, true};
    EXPECT_FALSE(coin.IsSpent());
    coin.Clear();
    EXPECT_TRUE(coin.IsSpent());
    EXPECT_EQ(coin.height, 0u);
    EXPECT_FALSE(coin.coinbase);
    EXPECT_TRUE(Coin{}.IsSpent());
}

TEST(CoinTest, ScriptsInlineOrOnTheHeapRoundTrip)
{
    // A coin keeps scripts up to 40 bytes in itself (every standard output but bare multisig and
    // uncompressed P2PK); longer ones on the heap. Either way it equals its TxOut and survives encoding.
    for (const size_t n : {0, 1, 22, 34, 35, 40, 41, 67, 520, 10'000}) {
        util::Bytes script(n);
        for (size_t i = 0; i < n; ++i) script[i] = static_cast<uint8_t>(0x51 + i % 7); // no special form
        const primitives::TxOut out{1234 + static_cast<primitives::Amount>(n), script};
        const Coin coin{out, 500, false};
        EXPECT_TRUE(coin.out == out);
        EXPECT_EQ(coin.out.ToTxOut(), out);
        EXPECT_EQ(coin.out.script_pubkey.HeapBytes(), n <= CoinOut::INLINE_SCRIPT_BYTES ? 0u : n);
        auto back = DecodeCoin(EncodeCoin(coin));
        ASSERT_TRUE(back) << n << ": " << back.error();
        EXPECT_EQ(*back, coin) << n;
        Coin moved{std::move(*back)};
        EXPECT_EQ(moved, coin) << n;
        const primitives::TxOut other_value{out.value + 1, script};
        EXPECT_FALSE(coin.out == other_value);
    }
}

TEST(CoinTest, KeysSortByTxidThenVout)
{
    primitives::OutPoint op;
    op.hash = *util::Uint256::FromHex("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b");
    op.n = 0;
    const util::Bytes k0 = CoinKey(op);
    ASSERT_EQ(k0.size(), 34u);
    EXPECT_EQ(k0[0], 'C');
    EXPECT_TRUE(std::equal(op.hash.begin(), op.hash.end(), k0.begin() + 1)); // raw (internal) order
    EXPECT_EQ(k0[33], 0x00);
    op.n = 200;
    const util::Bytes k200 = CoinKey(op);
    EXPECT_EQ(util::HexStr(util::ByteSpan{k200}.subspan(33)), "8048");
    EXPECT_EQ(DecodeCoinKey(k200), op);
    EXPECT_LT(k0, k200);
    op.n = 0xffffffff;
    EXPECT_EQ(DecodeCoinKey(CoinKey(op)), op);

    EXPECT_FALSE(DecodeCoinKey(util::ByteSpan{k0}.first(33)));
    util::Bytes wrong = k0;
    wrong[0] = 'c';
    EXPECT_FALSE(DecodeCoinKey(wrong));
    util::Bytes trailing = k0;
    trailing.push_back(0);
    EXPECT_FALSE(DecodeCoinKey(trailing));
}

TEST(CoinTest, HeadBlocksRecord)
{
    const auto a = *util::Uint256::FromHex("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
    const auto b = *util::Uint256::FromHex("00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048");
    const util::Bytes v = EncodeHeadBlocks(a, b);
    ASSERT_EQ(v.size(), 65u);
    EXPECT_EQ(v[0], 2);
    const auto back = DecodeHeadBlocks(v);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->first, a);
    EXPECT_EQ(back->second, b);
    EXPECT_FALSE(DecodeHeadBlocks(util::ByteSpan{v}.first(64)));
    EXPECT_EQ(BestBlockKey(), util::Bytes{'B'});
    EXPECT_EQ(HeadBlocksKey(), util::Bytes{'H'});
}

TEST(CoinTest, HashSerializationLayout)
{
    primitives::OutPoint op;
    op.hash = *util::Uint256::FromHex("0000000000000000000000000000000000000000000000000000000000000102");
    op.n = 3;
    const Coin coin{primitives::TxOut{0x0102030405, {0x51, 0x52}}, 0x10, true};
    EXPECT_EQ(util::HexStr(CoinHashSerialization(op, coin)),
              "0201000000000000000000000000000000000000000000000000000000000000" // txid raw
              "03000000"                                                         // vout LE
              "21000000"                                                         // height*2+coinbase, LE, fixed 4
              "0504030201000000"                                                 // amount LE
              "025152");                                                         // CompactSize + script
}

// ------------------------------------------------------------------------------------ undo

TEST(UndoTest, TxInUndoHasLegacyVersionByteAboveHeightZero)
{
    const Coin at0{primitives::TxOut{1, {}}, 0, false};
    util::Bytes out;
    serialize::VectorWriter w{out};
    SerializeTxInUndo(w, at0);
    EXPECT_EQ(util::HexStr(out), "000106"); // code 0, no dummy, amount 1, empty raw script
    out.clear();
    const Coin at1{primitives::TxOut{1, {}}, 1, true};
    SerializeTxInUndo(w, at1);
    EXPECT_EQ(util::HexStr(out), "03000106"); // code 3, dummy 0, amount, script

    // Any legacy version value is accepted and ignored (old nodes stored the tx version there).
    const util::Bytes legacy = Hex("03810001"
                                   "06");
    serialize::Reader r{legacy};
    Coin c;
    UnserializeTxInUndo(r, c);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r.empty());
    EXPECT_EQ(c, at1);
}

TEST(UndoTest, BlockUndoRoundTrip)
{
    BlockUndo undo;
    undo.txundo.resize(2);
    undo.txundo[0].prevouts.push_back(Coin{primitives::TxOut{50 * primitives::COIN, P2pk(Hex(GENESIS_KEY))}, 9, true});
    undo.txundo[1].prevouts.push_back(
        Coin{primitives::TxOut{12345, Hex("0014751e76e8199196d454941c45d1b3a323f1433bd6")}, 170, false});
    undo.txundo[1].prevouts.push_back(Coin{primitives::TxOut{0, {}}, 0, false});
    const util::Bytes bytes = EncodeBlockUndo(undo);
    auto back = DecodeBlockUndo(bytes);
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(*back, undo);
    EXPECT_EQ(util::HexStr(EncodeBlockUndo(BlockUndo{})), "00");

    for (size_t cut = 0; cut < bytes.size(); ++cut) EXPECT_FALSE(DecodeBlockUndo(util::ByteSpan{bytes}.first(cut)));
    // A count far beyond the bytes left is refused before anything is allocated.
    EXPECT_FALSE(DecodeBlockUndo(Hex("fe00000001")));
}

// ------------------------------------------------------------------------ btcd's 277647.utxostore

namespace {

struct CsvRow {
    uint32_t height;
    bool coinbase;
    int64_t amount;
    util::Bytes script;
};

std::map<primitives::OutPoint, CsvRow> ReadUtxoCsv()
{
    std::map<primitives::OutPoint, CsvRow> rows;
    std::istringstream in{testutil::ReadTextFile(testutil::VectorPath("277647-utxos.csv"))};
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::vector<std::string> f;
        std::stringstream ss{line};
        for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
        if (f.size() == 5) f.emplace_back(); // empty script
        EXPECT_EQ(f.size(), 6u) << line;
        if (f.size() != 6) continue;
        primitives::OutPoint op;
        op.hash = *util::Uint256::FromHex(f[0]);
        op.n = static_cast<uint32_t>(std::stoul(f[1]));
        rows[op] = CsvRow{static_cast<uint32_t>(std::stoul(f[2])), f[3] == "1", std::stoll(f[4]), Hex(f[5])};
    }
    return rows;
}

} // namespace

TEST(CoinTest, DecodesEveryRecordOfBtcdUtxoStore)
{
    const util::Bytes store = testutil::ReadBinaryFile(testutil::VectorPath("277647.utxostore"));
    const auto rows = ReadUtxoCsv();
    ASSERT_EQ(rows.size(), 732u);

    serialize::Reader r{store};
    size_t decoded = 0;
    std::map<unsigned, size_t> script_types;
    while (!r.empty() && r.ok()) {
        primitives::OutPoint op;
        r.ReadInto({op.hash.data(), 32});
        op.n = r.ReadU32();
        const uint32_t len = r.ReadU32();
        const util::ByteSpan entry = r.ReadSpan(len);
        ASSERT_TRUE(r.ok()) << r.error();

        auto coin = DecodeCoin(entry);
        ASSERT_TRUE(coin) << coin.error() << " at " << op.ToString();
        const auto row = rows.find(op);
        ASSERT_NE(row, rows.end()) << op.ToString();
        EXPECT_EQ(coin->height, row->second.height) << op.ToString();
        EXPECT_EQ(coin->coinbase, row->second.coinbase) << op.ToString();
        EXPECT_EQ(coin->out.value, row->second.amount) << op.ToString();
        EXPECT_EQ(coin->out.script_pubkey, row->second.script) << op.ToString();
        // Our encoder writes exactly the bytes btcd (and Core) wrote.
        EXPECT_EQ(EncodeCoin(*coin), util::ToBytes(entry)) << op.ToString();
        serialize::Reader e{entry};
        (void)ReadVarInt<uint32_t>(e);
        (void)ReadVarInt<uint64_t>(e);
        const unsigned type = ReadVarInt<uint32_t>(e);
        ++script_types[type < NUM_SPECIAL_SCRIPTS ? type : NUM_SPECIAL_SCRIPTS];
        ++decoded;
    }
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(decoded, rows.size());
    for (const auto& [type, n] : script_types) std::printf("script form %u: %zu coins\n", type, n);
    EXPECT_GT(script_types[0], 0u); // P2PKH
}
