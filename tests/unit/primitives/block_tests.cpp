// Real mainnet blocks and transactions from ../shared/vectors: hashes, merkle roots, witness commitments,
// sizes and weights (checked against an independent walk of the bytes), prev-hash links and byte-identical
// re-serialization.

#include <hearth/primitives/block.h>
#include <hearth/primitives/merkle.h>

#include <hearth/crypto/sha256.h>
#include <hearth/util/arith_uint256.h>
#include <hearth/util/hex.h>

#include "raw_walker.h"
#include "testutil/vectors.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hearth::primitives {
namespace {

using testutil::ReadBinaryFile;
using testutil::VectorPath;

/// Splits a Core blk*.dat image (magic f9beb4d9, 4-byte LE length, block) into raw blocks.
std::vector<util::Bytes> SplitMainnetBlockFile(const std::string& name)
{
    const util::Bytes file = ReadBinaryFile(VectorPath(name));
    std::vector<util::Bytes> out;
    size_t pos = 0;
    while (pos + 8 <= file.size()) {
        EXPECT_EQ(util::HexStr({file.data() + pos, 4}), "f9beb4d9");
        const size_t len = file[pos + 4] | (file[pos + 5] << 8) | (file[pos + 6] << 16) | (size_t{file[pos + 7]} << 24);
        pos += 8;
        EXPECT_LE(pos + len, file.size());
        if (pos + len > file.size()) break;
        out.emplace_back(file.begin() + static_cast<std::ptrdiff_t>(pos),
                         file.begin() + static_cast<std::ptrdiff_t>(pos + len));
        pos += len;
    }
    EXPECT_EQ(pos, file.size());
    return out;
}

/// Everything that must hold for any well-formed real block; returns the decoded block.
Block CheckRealBlock(const util::Bytes& raw)
{
    auto decoded = DecodeBlock(raw);
    EXPECT_TRUE(decoded) << decoded.error();
    if (!decoded) return {};
    const Block& block = *decoded;

    // The hash is SHA256d of the first 80 bytes.
    EXPECT_EQ(block.GetHash(), crypto::Sha256d({raw.data(), 80}));
    // Proof of work: the hash meets the header's own target.
    EXPECT_LE(util::ArithUint256::FromUint256(block.GetHash()), util::ArithUint256::FromCompact(block.header.bits));

    // Byte-identical re-serialization, with and without going through the header alone.
    EXPECT_EQ(SerializeBlock(block), raw);
    const auto header = DecodeBlockHeader({raw.data(), 80});
    EXPECT_TRUE(header);
    if (header) {
        EXPECT_EQ(*header, block.header);
    }

    // Merkle root of the txids matches the header, and the tree is not mutated.
    bool mutated = true;
    EXPECT_EQ(BlockMerkleRoot(block, &mutated), block.header.merkle_root);
    EXPECT_FALSE(mutated);

    // Sizes and weight equal an independent walk of the bytes.
    const test::RawBlock walk = test::WalkBlock(raw);
    EXPECT_EQ(walk.total, raw.size());
    EXPECT_EQ(GetBlockTotalSize(block), raw.size());
    EXPECT_EQ(GetBlockStrippedSize(block), walk.stripped);
    EXPECT_EQ(GetBlockWeight(block), static_cast<int64_t>(walk.stripped * 3 + walk.total));
    EXPECT_EQ(SerializeBlock(block, TxWitnessMode::WITHOUT).size(), walk.stripped);
    EXPECT_LE(GetBlockWeight(block), 4'000'000);
    EXPECT_EQ(walk.txs.size(), block.vtx.size());
    for (size_t i = 0; i < block.vtx.size() && i < walk.txs.size(); ++i) {
        const Transaction& tx = *block.vtx[i];
        const test::RawTx& w = walk.txs[i];
        EXPECT_EQ(tx.GetTotalSize(), w.total) << "tx " << i;
        EXPECT_EQ(GetStrippedSize(tx), w.stripped);
        EXPECT_EQ(GetTransactionWeight(tx), static_cast<int64_t>(w.stripped * 3 + w.total));
        EXPECT_EQ(tx.HasWitness(), w.has_witness);
        // txid: SHA256d of the bytes without witness; wtxid: of the bytes as they are.
        const util::ByteSpan bytes{raw.data() + w.offset, w.total};
        EXPECT_EQ(tx.GetWtxid(), crypto::Sha256d(bytes));
        EXPECT_EQ(SerializeTransaction(tx), util::Bytes(bytes.begin(), bytes.end()));
        if (!w.has_witness) {
            EXPECT_EQ(tx.GetTxid(), crypto::Sha256d(bytes));
        }
        EXPECT_EQ(tx.GetTxid(), crypto::Sha256d(SerializeTransaction(tx, TxWitnessMode::WITHOUT)));
        EXPECT_EQ(tx.IsCoinBase(), i == 0);
    }

    // BIP141 witness commitment: present and matching in a block with witnesses.
    bool any_witness = false;
    for (const auto& tx : block.vtx) any_witness |= tx->HasWitness();
    if (any_witness) {
        const auto pos = GetWitnessCommitmentIndex(block);
        EXPECT_TRUE(pos);
        if (pos) {
            const auto& reserved = block.vtx[0]->vin[0].witness;
            EXPECT_EQ(reserved.size(), 1u);
            if (reserved.size() == 1 && reserved[0].size() == 32) {
                const Hash256 commitment =
                    ComputeWitnessCommitment(BlockWitnessMerkleRoot(block), Hash256{util::ByteSpan{reserved[0]}});
                const ScriptBytes& script = block.vtx[0]->vout[*pos].script_pubkey;
                EXPECT_EQ(util::HexStr({script.data() + 6, 32}), util::HexStr(commitment.span()));
            }
        }
    }
    return block;
}

TEST(RealBlocksTest, MainnetBlocks0To255)
{
    const std::vector<util::Bytes> raws = SplitMainnetBlockFile("mainnet-blocks-0-255.dat");
    ASSERT_EQ(raws.size(), 256u);
    Hash256 prev_hash;
    for (size_t h = 0; h < raws.size(); ++h) {
        SCOPED_TRACE("height " + std::to_string(h));
        const Block block = CheckRealBlock(raws[h]);
        // Each block links to the one before (genesis to nothing).
        EXPECT_EQ(block.header.prev_block, prev_hash);
        prev_hash = block.GetHash();
        // Early blocks: version 1, no witness, the coinbase pays 50 BTC.
        EXPECT_EQ(block.header.version, 1);
        EXPECT_EQ(GetBlockWeight(block), static_cast<int64_t>(raws[h].size() * 4));
        EXPECT_EQ(block.vtx[0]->GetValueOut(), 50 * COIN);
        if (h == 0) {
            EXPECT_EQ(block.GetHash().ToHex(), "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
        }
        if (h == 255) {
            EXPECT_EQ(block.GetHash().ToHex(), "00000000d0a75c861fabf9ff7b92022f60e4afeed9331fe5aa073d8e4706fe3c");
        }
    }
}

TEST(RealBlocksTest, HeadersFileMatchesBlocks)
{
    // blockheaders-mainnet-1-11.txt holds the headers of heights 1..11, one hex line each.
    const std::vector<util::Bytes> raws = SplitMainnetBlockFile("mainnet-blocks-0-255.dat");
    const std::string text = testutil::ReadTextFile(VectorPath("blockheaders-mainnet-1-11.txt"));
    size_t h = 1, start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        start = end + 1;
        if (line.empty()) continue;
        const auto header = DecodeBlockHeader(testutil::Hex(line));
        ASSERT_TRUE(header) << header.error();
        ASSERT_LT(h, raws.size());
        EXPECT_EQ(header->GetHash(), DecodeBlock(raws[h])->GetHash());
        ++h;
    }
    EXPECT_EQ(h, 12u);
}

TEST(RealBlocksTest, Block277647)
{
    const auto raws = SplitMainnetBlockFile("277647.dat");
    ASSERT_EQ(raws.size(), 1u);
    const Block block = CheckRealBlock(raws[0]);
    EXPECT_EQ(block.GetHash().ToHex(), "0000000000000000054a714e580b16c583701712ab91060e92dbde6eb1e052a8");
    EXPECT_EQ(block.vtx.size(), 213u);
    size_t inputs = 0;
    for (const auto& tx : block.vtx) inputs += tx->IsCoinBase() ? 0 : tx->vin.size();
    EXPECT_EQ(inputs, 732u); // the README's count of spent outputs
}

TEST(RealBlocksTest, Block413567)
{
    const util::Bytes raw = ReadBinaryFile(VectorPath("block413567.raw"));
    ASSERT_EQ(raw.size(), 999'887u);
    const Block block = CheckRealBlock(raw);
    EXPECT_EQ(block.GetHash().ToHex(), "0000000000000000025aff8be8a55df8f89c77296db6198f272d6577325d4069");
    EXPECT_EQ(block.vtx.size(), 1557u);
    EXPECT_EQ(GetBlockWeight(block), 4 * 999'887);
}

TEST(RealBlocksTest, SegwitBlock574200)
{
    const std::string hash = "0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2";
    const util::Bytes raw = ReadBinaryFile(VectorPath("block-" + hash + ".blk"));
    const Block block = CheckRealBlock(raw);
    EXPECT_EQ(block.GetHash().ToHex(), hash);
    EXPECT_EQ(block.vtx.size(), 3315u);
    size_t with_witness = 0;
    for (const auto& tx : block.vtx) with_witness += tx->HasWitness();
    EXPECT_EQ(with_witness, 1341u);
    EXPECT_LT(GetBlockStrippedSize(block), raw.size());
    EXPECT_TRUE(GetWitnessCommitmentIndex(block));
}

TEST(RealBlocksTest, SegwitBlock540107)
{
    const std::string hash = "00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab";
    const util::Bytes raw = ReadBinaryFile(VectorPath("block-" + hash + ".blk"));
    const Block block = CheckRealBlock(raw);
    EXPECT_EQ(block.GetHash().ToHex(), hash);
    EXPECT_EQ(block.vtx.size(), 230u);
    size_t with_witness = 0;
    for (const auto& tx : block.vtx) with_witness += tx->HasWitness();
    EXPECT_EQ(with_witness, 104u);
    // A 2.26 MB block is only possible with witness data: its base size is far smaller.
    EXPECT_GT(raw.size(), 2'000'000u);
    EXPECT_LT(GetBlockStrippedSize(block), 1'000'000u);
}

TEST(RealBlocksTest, MegaTransactionRoundTrips)
{
    const util::Bytes raw = ReadBinaryFile(VectorPath("megatx.bin"));
    ASSERT_EQ(raw.size(), 999'657u);
    const auto tx = DecodeTransaction(raw);
    ASSERT_TRUE(tx) << tx.error();
    EXPECT_EQ((*tx)->GetTxid().ToHex(), "bb41a757f405890fb0f5856228e23b715702d714d59bf2b1feb70d8b2b4e3e08");
    EXPECT_EQ((*tx)->vin.size(), 5569u);
    EXPECT_EQ((*tx)->vout.size(), 1u);
    EXPECT_FALSE((*tx)->HasWitness());
    EXPECT_EQ((*tx)->GetWtxid(), (*tx)->GetTxid());
    EXPECT_EQ(SerializeTransaction(**tx), raw);
    EXPECT_EQ((*tx)->GetTotalSize(), raw.size());
    EXPECT_EQ(GetTransactionWeight(**tx), static_cast<int64_t>(4 * raw.size()));
    // Also decodes without witness mode to the same transaction.
    const auto legacy = DecodeTransaction(raw, TxWitnessMode::WITHOUT);
    ASSERT_TRUE(legacy);
    EXPECT_EQ((*legacy)->GetTxid(), (*tx)->GetTxid());
}

TEST(RealBlocksTest, BtcdTestChainAndSideChain)
{
    const auto chain = SplitMainnetBlockFile("blk_0_to_4.dat");
    ASSERT_EQ(chain.size(), 5u);
    const char* expected[] = {"000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
                              "00000000ebe5ec3e94d8dfe18100e5c0f3b1955bc6107fbe24d95732b814551b",
                              "00000000952ccb1bf9b799fcd0cc654dd48363f76781f8b1c61dbf1696c39f97",
                              "00000000bc3589303953766cc9364130cb97bc3749bae170f476d45f1e23f850",
                              "000000002f264d6504013e73b9c913de9098d4d771c1bb219af475d2a01b128e"};
    std::vector<Block> blocks;
    for (size_t i = 0; i < chain.size(); ++i) {
        SCOPED_TRACE(i);
        blocks.push_back(CheckRealBlock(chain[i]));
        EXPECT_EQ(blocks.back().GetHash().ToHex(), expected[i]);
        if (i > 0) {
            EXPECT_EQ(blocks[i].header.prev_block, blocks[i - 1].GetHash());
        }
    }
    // The side chain 3A ← 4A ← 5A forks off block 2.
    const std::pair<const char*, const char*> side[] = {
        {"blk_3A.dat", "00000000474284d20067a4d33f6a02284e6ef70764a3a26d6a5b9df52ef663dd"},
        {"blk_4A.dat", "00000000551dc04c148242d1f648802577df8cf7d4e1b469211016280204a2bf"},
        {"blk_5A.dat", "00000000195f85184e77c18914bd0febd11278d950f5e4731a38f71ed79f044e"}};
    Hash256 prev = blocks[2].GetHash();
    for (const auto& [file, hash] : side) {
        SCOPED_TRACE(file);
        const auto raws = SplitMainnetBlockFile(file);
        ASSERT_EQ(raws.size(), 1u);
        const Block b = CheckRealBlock(raws[0]);
        EXPECT_EQ(b.GetHash().ToHex(), hash);
        EXPECT_EQ(b.header.prev_block, prev);
        prev = b.GetHash();
    }
}

} // namespace
} // namespace hearth::primitives
