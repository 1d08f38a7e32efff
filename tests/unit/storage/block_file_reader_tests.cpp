#include "block_test_util.h"
#include "testutil/temp_dir.h"

#include <hearth/storage/block_file_reader.h>

#include <gtest/gtest.h>

#include <fstream>
#include <random>

using namespace hearth;
using namespace hearth::storage;
using namespace hearth::storage::test;
using testutil::TempDir;

namespace {

struct Scan {
    std::vector<ExternalBlock> blocks;
    uint64_t bad_records{0};
    uint64_t skipped{0};
};

Scan ScanFile(const std::filesystem::path& path, const MessageStart& magic)
{
    Scan out;
    auto reader = BlockFileReader::Open(path, magic);
    EXPECT_TRUE(reader) << reader.error();
    if (!reader) return out;
    while (true) {
        auto next = (*reader)->Next();
        EXPECT_TRUE(next) << next.error();
        if (!next || !*next) break;
        out.blocks.push_back(std::move(**next));
    }
    out.bad_records = (*reader)->BadRecords();
    out.skipped = (*reader)->SkippedBytes();
    return out;
}

void WriteBytes(const std::filesystem::path& path, const util::Bytes& data)
{
    std::ofstream out{path, std::ios::binary};
    out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

void AppendRecord(util::Bytes& out, const MessageStart& magic, util::ByteSpan block)
{
    util::Append(out, magic);
    const auto size = static_cast<uint32_t>(block.size());
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(size >> (8 * i)));
    util::Append(out, block);
}

} // namespace

TEST(BlockFileReaderTest, ReadsTheFirst256MainnetBlocks)
{
    const auto expected = MainnetBlocks();
    const Scan scan = ScanFile(testutil::VectorPath("mainnet-blocks-0-255.dat"), MAINNET_MAGIC);
    ASSERT_EQ(scan.blocks.size(), 256u);
    EXPECT_EQ(scan.bad_records, 0u);
    EXPECT_EQ(scan.skipped, 0u);
    uint64_t offset = 0;
    for (size_t h = 0; h < scan.blocks.size(); ++h) {
        offset += 8;
        EXPECT_EQ(scan.blocks[h].offset, offset);
        EXPECT_EQ(scan.blocks[h].raw, expected[h]);
        offset += expected[h].size();
        if (h > 0) {
            EXPECT_EQ(scan.blocks[h].block.header.prev_block, scan.blocks[h - 1].block.GetHash());
        }
    }
    EXPECT_EQ(scan.blocks.front().block.GetHash().ToHex(),
              "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
    EXPECT_EQ(scan.blocks.back().block.GetHash().ToHex(),
              "00000000d0a75c861fabf9ff7b92022f60e4afeed9331fe5aa073d8e4706fe3c");
}

TEST(BlockFileReaderTest, SkipsGarbageBetweenRecords)
{
    const auto blocks = MainnetBlocks();
    std::mt19937 rng{3};
    util::Bytes file;
    size_t garbage = 0;
    for (size_t h = 0; h < blocks.size(); ++h) {
        switch (h % 6) {
        case 1: // pre-allocation zeros
            file.insert(file.end(), 1 + rng() % 300, 0);
            break;
        case 2: { // random bytes
            for (size_t i = 0, n = 1 + rng() % 300; i < n; ++i) file.push_back(static_cast<uint8_t>(rng()));
            break;
        }
        case 3: // a magic with an impossible size
            AppendRecord(file, MAINNET_MAGIC, util::Bytes(10, 0x55));
            break;
        case 4: { // a false magic claiming a plausible size that swallows the next real record
            util::Append(file, MAINNET_MAGIC);
            const uint32_t size = 400;
            for (int i = 0; i < 4; ++i) file.push_back(static_cast<uint8_t>(size >> (8 * i)));
            file.push_back(0x01);
            ++garbage;
            break;
        }
        case 5: // a magic split by garbage, then a real record with another network's magic
            file.push_back(0xf9);
            file.push_back(0xbe);
            AppendRecord(file, REGTEST_MAGIC, blocks[h]);
            break;
        default:
            break;
        }
        AppendRecord(file, MAINNET_MAGIC, blocks[h]);
    }
    // A torn record at the end, as after a crash mid-write.
    AppendRecord(file, MAINNET_MAGIC, util::ByteSpan{blocks[100]}.first(120));
    file.resize(file.size() - 20);

    TempDir dir;
    const auto path = dir.path() / "blk00000.dat";
    WriteBytes(path, file);
    const Scan scan = ScanFile(path, MAINNET_MAGIC);
    ASSERT_EQ(scan.blocks.size(), blocks.size());
    for (size_t h = 0; h < blocks.size(); ++h) {
        EXPECT_EQ(scan.blocks[h].raw, blocks[h]) << "height " << h;
        EXPECT_TRUE(
            std::equal(blocks[h].begin(), blocks[h].end(), file.begin() + static_cast<long>(scan.blocks[h].offset)));
    }
    EXPECT_GE(scan.bad_records, garbage);
    EXPECT_GT(scan.skipped, 0u);
}

TEST(BlockFileReaderTest, ReadsIntoTheBufferItIsGiven)
{
    // -loadblock hands each finished block's buffer back for the next block: same blocks, no new memory
    // when the buffer is big enough — also across a record that fails to decode (a false magic whose
    // claimed 400 bytes swallow the start of the next record).
    const auto blocks = MainnetBlocks();
    util::Bytes file;
    AppendRecord(file, MAINNET_MAGIC, blocks[170]); // the first block with a second transaction: the largest
    util::Append(file, MAINNET_MAGIC);
    for (const uint8_t b : {0x90, 0x01, 0x00, 0x00, 0x01}) file.push_back(b);
    for (size_t h = 1; h <= 5; ++h) AppendRecord(file, MAINNET_MAGIC, blocks[h]);
    TempDir dir;
    const auto path = dir.path() / "blk00000.dat";
    WriteBytes(path, file);

    auto reader = BlockFileReader::Open(path, MAINNET_MAGIC);
    ASSERT_TRUE(reader) << reader.error();
    std::vector<util::Bytes> seen;
    util::Bytes buffer;
    for (int i = 0; i < 10; ++i) {
        const uint8_t* memory = buffer.capacity() > 0 ? buffer.data() : nullptr;
        const size_t capacity = buffer.capacity();
        auto next = (*reader)->Next(std::move(buffer));
        ASSERT_TRUE(next) << next.error();
        if (!*next) break;
        if (memory) {
            ASSERT_GE(capacity, (*next)->raw.size());
            EXPECT_EQ((*next)->raw.data(), memory) << "block " << i << " was not read into the buffer given";
        }
        seen.push_back((*next)->raw);
        buffer = std::move((*next)->raw);
    }
    ASSERT_EQ(seen.size(), 6u);
    EXPECT_EQ(seen[0], blocks[170]);
    for (size_t h = 1; h <= 5; ++h) EXPECT_EQ(seen[h], blocks[h]) << h;
    EXPECT_EQ((*reader)->BadRecords(), 1u);
}

TEST(BlockFileReaderTest, OtherNetworksMagicFindsNothing)
{
    const Scan wrong = ScanFile(testutil::VectorPath("regtest-core-chain.dat"), MAINNET_MAGIC);
    EXPECT_TRUE(wrong.blocks.empty());
    const Scan right = ScanFile(testutil::VectorPath("regtest-core-chain.dat"), REGTEST_MAGIC);
    EXPECT_EQ(right.blocks.size(), 411u);
    EXPECT_EQ(right.bad_records, 0u);
}

TEST(BlockFileReaderTest, EmptyAndMissingFiles)
{
    TempDir dir;
    WriteBytes(dir.path() / "empty.dat", {});
    const Scan empty = ScanFile(dir.path() / "empty.dat", MAINNET_MAGIC);
    EXPECT_TRUE(empty.blocks.empty());
    WriteBytes(dir.path() / "magic.dat", util::Bytes{0xf9, 0xbe, 0xb4, 0xd9, 0x50});
    EXPECT_TRUE(ScanFile(dir.path() / "magic.dat", MAINNET_MAGIC).blocks.empty());
    auto missing = BlockFileReader::Open(dir.path() / "nope.dat", MAINNET_MAGIC);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().find("nope.dat"), std::string::npos);
}
