#include "block_test_util.h"
#include "testutil/temp_dir.h"

#include <hearth/crypto/sha256.h>
#include <hearth/storage/block_file_reader.h>
#include <hearth/storage/block_files.h>
#include <hearth/util/hex.h>

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <iterator>
#include <sys/resource.h>

using namespace hearth;
using namespace hearth::storage;
using namespace hearth::storage::test;
using testutil::TempDir;

namespace {

util::Bytes ReadFile(const std::filesystem::path& p)
{
    std::ifstream in{p, std::ios::binary};
    return util::Bytes{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

void WriteFileAt(const std::filesystem::path& p, uint64_t offset, util::ByteSpan data)
{
    std::fstream f{p, std::ios::in | std::ios::out | std::ios::binary};
    f.seekp(static_cast<std::streamoff>(offset));
    f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

BlockFilesOptions Options(const std::filesystem::path& dir)
{
    BlockFilesOptions o;
    o.dir = dir;
    o.magic = MAINNET_MAGIC;
    o.min_free_bytes = 0;
    return o;
}

std::unique_ptr<BlockFiles> OpenOrFail(BlockFilesOptions o, std::vector<BlockFileInfo> infos = {})
{
    auto r = BlockFiles::Open(std::move(o), std::move(infos));
    EXPECT_TRUE(r) << r.error();
    return r ? std::move(*r) : nullptr;
}

uint32_t TimeOf(const util::Bytes& block)
{
    return primitives::DecodeBlockHeader(util::ByteSpan{block}.first(80))->time;
}

BlockUndo SampleUndo(uint32_t salt)
{
    BlockUndo undo;
    undo.txundo.resize(1);
    undo.txundo[0].prevouts.push_back(
        Coin{primitives::TxOut{static_cast<primitives::Amount>(salt) * 1000, {0x51, static_cast<uint8_t>(salt)}}, salt,
             salt % 2 == 0});
    return undo;
}

} // namespace

TEST(BlockFilesTest, MainnetBlocksRoundTripByteIdentical)
{
    const auto blocks = MainnetBlocks();
    ASSERT_EQ(blocks.size(), 256u);
    TempDir dir;
    auto files = OpenOrFail(Options(dir.path()));
    ASSERT_TRUE(files);
    EXPECT_EQ(files->LastFile(), -1);

    std::vector<FlatFilePos> positions;
    for (size_t h = 0; h < blocks.size(); ++h) {
        auto pos = files->WriteBlock(blocks[h], static_cast<uint32_t>(h), TimeOf(blocks[h]));
        ASSERT_TRUE(pos) << pos.error();
        positions.push_back(*pos);
    }
    EXPECT_EQ(positions[0], (FlatFilePos{0, 8})); // the payload follows the 8-byte header, as Core
    for (size_t h = 0; h < blocks.size(); ++h) {
        auto raw = files->ReadRawBlock(positions[h]);
        ASSERT_TRUE(raw) << raw.error();
        EXPECT_EQ(*raw, blocks[h]) << "height " << h;
    }
    auto tip = files->ReadBlock(positions.back());
    ASSERT_TRUE(tip) << tip.error();
    EXPECT_EQ(tip->GetHash().ToHex(), "00000000d0a75c861fabf9ff7b92022f60e4afeed9331fe5aa073d8e4706fe3c");

    const BlockFileInfo info = files->FileInfo(0);
    EXPECT_EQ(info.blocks, 256u);
    EXPECT_EQ(info.height_first, 0u);
    EXPECT_EQ(info.height_last, 255u);
    EXPECT_EQ(info.time_first, 1231006505u); // genesis
    EXPECT_EQ(info.time_last, TimeOf(blocks[255]));
    EXPECT_EQ(info.undo_size, 0u);
    ASSERT_TRUE(files->Flush());

    // The used part of blk00000.dat is byte for byte the vector file (same layout, same magic); the rest
    // is pre-allocated zeros up to the 16 MiB chunk.
    const util::Bytes original = testutil::ReadBinaryFile(testutil::VectorPath("mainnet-blocks-0-255.dat"));
    EXPECT_EQ(info.size, original.size());
    const util::Bytes on_disk = ReadFile(dir.path() / "blk00000.dat");
    ASSERT_GE(on_disk.size(), original.size());
    EXPECT_TRUE(std::equal(original.begin(), original.end(), on_disk.begin()));
    EXPECT_EQ(on_disk.size(), BLOCKFILE_CHUNK_SIZE);
    EXPECT_TRUE(std::all_of(on_disk.begin() + static_cast<long>(original.size()), on_disk.end(),
                            [](uint8_t b) { return b == 0; }));
    EXPECT_EQ(files->TotalSize(), original.size());
}

TEST(BlockFilesTest, ReadRejectsBadPositionsAndMagic)
{
    const auto blocks = MainnetBlocks();
    TempDir dir;
    auto files = OpenOrFail(Options(dir.path()));
    auto pos = files->WriteBlock(blocks[1], 1, TimeOf(blocks[1]));
    ASSERT_TRUE(pos);
    EXPECT_FALSE(files->ReadRawBlock(FlatFilePos{}));
    EXPECT_FALSE(files->ReadRawBlock(FlatFilePos{0, 4}));
    EXPECT_FALSE(files->ReadRawBlock(FlatFilePos{7, 8})); // no such file
    auto past = files->ReadRawBlock(FlatFilePos{0, 1u << 30});
    ASSERT_FALSE(past);
    EXPECT_NE(past.error().find("past the end"), std::string::npos) << past.error();
    // A position inside the block: the "header" there is not the magic.
    auto inside = files->ReadRawBlock(FlatFilePos{0, pos->pos + 40});
    ASSERT_FALSE(inside);
    EXPECT_NE(inside.error().find("magic mismatch in blk00000.dat"), std::string::npos) << inside.error();

    // Another network's files are not read as ours.
    BlockFilesOptions regtest = Options(dir.path());
    regtest.magic = REGTEST_MAGIC;
    auto other = OpenOrFail(regtest, files->FileInfos());
    auto wrong = other->ReadRawBlock(*pos);
    ASSERT_FALSE(wrong);
    EXPECT_NE(wrong.error().find("expected fabfb5da, found f9beb4d9"), std::string::npos) << wrong.error();
}

TEST(BlockFilesTest, RollsOverToTheNextFileAtTheMaximumSize)
{
    const auto blocks = MainnetBlocks();
    TempDir dir;
    BlockFilesOptions o = Options(dir.path());
    o.max_blockfile_size = 3000; // a handful of early blocks (~215 bytes each) per file
    o.blockfile_chunk_size = 1024;
    o.undofile_chunk_size = 256;
    auto files = OpenOrFail(o);

    std::vector<FlatFilePos> positions;
    for (size_t h = 0; h < blocks.size(); ++h) {
        auto pos = files->WriteBlock(blocks[h], static_cast<uint32_t>(h), TimeOf(blocks[h]));
        ASSERT_TRUE(pos) << pos.error();
        positions.push_back(*pos);
    }
    const auto infos = files->FileInfos();
    ASSERT_GT(infos.size(), 10u);
    EXPECT_EQ(files->LastFile(), static_cast<int32_t>(infos.size()) - 1);
    uint32_t total_blocks = 0;
    for (size_t f = 0; f < infos.size(); ++f) {
        EXPECT_LT(infos[f].size, o.max_blockfile_size) << "file " << f;
        total_blocks += infos[f].blocks;
        const uint64_t on_disk = std::filesystem::file_size(dir.path() / BlockFileName(static_cast<int32_t>(f)));
        if (f + 1 < infos.size()) {
            EXPECT_EQ(on_disk, infos[f].size) << "a finished file is trimmed to what it holds";
        } else {
            EXPECT_EQ(on_disk % o.blockfile_chunk_size, 0u) << "the current file grows in whole chunks";
            EXPECT_GE(on_disk, infos[f].size);
        }
        if (f > 0) {
            EXPECT_EQ(infos[f].height_first, infos[f - 1].height_last + 1);
        }
    }
    EXPECT_EQ(total_blocks, 256u);
    for (size_t h = 0; h < blocks.size(); ++h) {
        auto raw = files->ReadRawBlock(positions[h]);
        ASSERT_TRUE(raw) << raw.error();
        EXPECT_EQ(*raw, blocks[h]);
    }
    // A block larger than the maximum still goes (alone) into a fresh file.
    util::Bytes big = blocks[0];
    big.resize(5000, 0);
    auto pos = files->WriteBlock(big, 256, 0);
    ASSERT_TRUE(pos);
    EXPECT_EQ(pos->pos, 8u);
    EXPECT_EQ(*files->ReadRawBlock(*pos), big);
}

TEST(BlockFilesTest, UndoRoundTripWithChecksum)
{
    const auto blocks = MainnetBlocks();
    TempDir dir;
    auto files = OpenOrFail(Options(dir.path()));
    auto block_pos = files->WriteBlock(blocks[170], 170, TimeOf(blocks[170]));
    ASSERT_TRUE(block_pos);
    const util::Uint256 hash = crypto::Sha256d(util::ByteSpan{blocks[170]}.first(80));
    const BlockUndo undo = SampleUndo(9);
    auto undo_pos = files->WriteUndo(block_pos->file, undo, hash, 170);
    ASSERT_TRUE(undo_pos) << undo_pos.error();
    EXPECT_EQ(*undo_pos, (FlatFilePos{0, 8}));
    auto second = files->WriteUndo(block_pos->file, SampleUndo(10), hash, 170);
    ASSERT_TRUE(second);

    auto back = files->ReadUndo(*undo_pos, hash);
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(*back, undo);
    EXPECT_EQ(*files->ReadUndo(*second, hash), SampleUndo(10));

    // The record on disk: magic, LE size, BlockUndo, SHA256d(block hash ‖ BlockUndo).
    const util::Bytes payload = EncodeBlockUndo(undo);
    const util::Bytes rev = ReadFile(dir.path() / "rev00000.dat");
    ASSERT_GE(rev.size(), 8 + payload.size() + 32);
    EXPECT_EQ(util::HexStr(util::ByteSpan{rev}.first(4)), "f9beb4d9");
    EXPECT_EQ(rev[4], payload.size());
    EXPECT_EQ(rev[5] | rev[6] | rev[7], 0);
    EXPECT_TRUE(std::equal(payload.begin(), payload.end(), rev.begin() + 8));
    util::Bytes preimage{hash.begin(), hash.end()};
    util::Append(preimage, payload);
    const util::Uint256 checksum = crypto::Sha256d(preimage);
    EXPECT_TRUE(std::equal(checksum.begin(), checksum.end(), rev.begin() + 8 + static_cast<long>(payload.size())));
    EXPECT_EQ(files->FileInfo(0).undo_size, 2 * 8 + payload.size() + EncodeBlockUndo(SampleUndo(10)).size() + 2 * 32);

    // The wrong block's hash fails the checksum.
    util::Uint256 other = hash;
    other[0] ^= 1;
    auto wrong = files->ReadUndo(*undo_pos, other);
    ASSERT_FALSE(wrong);
    EXPECT_NE(wrong.error().find("checksum mismatch in rev00000.dat"), std::string::npos) << wrong.error();

    // One flipped bit in the stored undo data is detected.
    const uint8_t flipped = rev[8 + 2] ^ 0x01;
    WriteFileAt(dir.path() / "rev00000.dat", 8 + 2, util::ByteSpan{&flipped, 1});
    auto corrupt = files->ReadUndo(*undo_pos, hash);
    ASSERT_FALSE(corrupt);
    EXPECT_NE(corrupt.error().find("checksum mismatch"), std::string::npos) << corrupt.error();
    EXPECT_TRUE(files->ReadUndo(*second, hash)); // the neighbour is untouched

    EXPECT_FALSE(files->WriteUndo(5, undo, hash, 1)); // no such block file
}

TEST(BlockFilesTest, OlderUndoFileIsTrimmedWhenItsLastBlockIsConnected)
{
    const auto blocks = MainnetBlocks();
    TempDir dir;
    BlockFilesOptions o = Options(dir.path());
    o.max_blockfile_size = 1000;
    o.blockfile_chunk_size = 512;
    o.undofile_chunk_size = 4096;
    auto files = OpenOrFail(o);
    std::vector<FlatFilePos> pos;
    for (uint32_t h = 0; h < 12; ++h) pos.push_back(*files->WriteBlock(blocks[h], h, TimeOf(blocks[h])));
    ASSERT_GT(files->LastFile(), 0);
    // Undo data arrives later (blocks are connected after download), for blocks of file 0.
    const BlockFileInfo info0 = files->FileInfo(0);
    for (uint32_t h = info0.height_first; h <= info0.height_last; ++h) {
        const util::Uint256 hash = crypto::Sha256d(util::ByteSpan{blocks[h]}.first(80));
        ASSERT_TRUE(files->WriteUndo(0, SampleUndo(h), hash, h));
        const uint64_t rev_size = std::filesystem::file_size(dir.path() / "rev00000.dat");
        if (h < info0.height_last) {
            EXPECT_EQ(rev_size, 4096u) << "pre-allocated while more undo data may come";
        } else {
            EXPECT_EQ(rev_size, files->FileInfo(0).undo_size) << "trimmed after the file's last block";
        }
    }
}

TEST(BlockFilesTest, BlockFileInfoEncoding)
{
    BlockFileInfo info;
    info.AddBlock(10, 1000);
    info.AddBlock(5, 2000);
    info.AddBlock(7, 500);
    EXPECT_EQ(info.blocks, 3u);
    EXPECT_EQ(info.height_first, 5u);
    EXPECT_EQ(info.height_last, 10u);
    EXPECT_EQ(info.time_first, 500u);
    EXPECT_EQ(info.time_last, 2000u);
    info.size = 128;
    info.undo_size = 0;
    // Seven VARINTs: 3, 128 (80 00), 0, 5, 10, 500 (82 74), 2000 (8e 50).
    EXPECT_EQ(util::HexStr(EncodeBlockFileInfo(info)), "03800000050a82748e50");
    auto back = DecodeBlockFileInfo(EncodeBlockFileInfo(info));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, info);
    EXPECT_FALSE(DecodeBlockFileInfo(testutil::Hex("0380")));
    EXPECT_FALSE(DecodeBlockFileInfo(testutil::Hex("03800000050a82748e5000")));
    EXPECT_EQ(BlockFileName(0), "blk00000.dat");
    EXPECT_EQ(UndoFileName(123456), "rev123456.dat");
}

TEST(BlockFilesTest, ReopenAfterSimulatedCrash)
{
    const auto blocks = MainnetBlocks();
    TempDir dir;
    std::vector<BlockFileInfo> persisted;
    std::vector<FlatFilePos> positions;
    {
        auto files = OpenOrFail(Options(dir.path()));
        for (uint32_t h = 0; h < 100; ++h) positions.push_back(*files->WriteBlock(blocks[h], h, TimeOf(blocks[h])));
        ASSERT_TRUE(files->Flush());
        persisted = files->FileInfos(); // what the block index holds after its flush
        for (uint32_t h = 100; h < 150; ++h) ASSERT_TRUE(files->WriteBlock(blocks[h], h, TimeOf(blocks[h])));
        // Crash: no flush, the infos of blocks 100..149 never reach the block index.
    }
    // Power loss: the unsynced tail is partly gone and ends in a torn record.
    const auto blk = dir.path() / "blk00000.dat";
    std::filesystem::resize_file(blk, persisted[0].size + 37);

    auto files = OpenOrFail(Options(dir.path()), persisted);
    ASSERT_TRUE(files);
    for (uint32_t h = 0; h < 100; ++h) EXPECT_EQ(*files->ReadRawBlock(positions[h]), blocks[h]);
    // The node downloads 100..149 again; they go where the index says the file ends.
    for (uint32_t h = 100; h < 150; ++h) {
        auto pos = files->WriteBlock(blocks[h], h, TimeOf(blocks[h]));
        ASSERT_TRUE(pos) << pos.error();
        positions.push_back(*pos);
    }
    ASSERT_TRUE(files->Flush());
    for (uint32_t h = 0; h < 150; ++h) EXPECT_EQ(*files->ReadRawBlock(positions[h]), blocks[h]);

    // A -reindex scan of the file sees exactly the 150 blocks in order.
    auto reader = BlockFileReader::Open(blk, MAINNET_MAGIC);
    ASSERT_TRUE(reader);
    uint32_t n = 0;
    while (true) {
        auto next = (*reader)->Next();
        ASSERT_TRUE(next);
        if (!*next) break;
        EXPECT_EQ((*next)->raw, blocks[n]);
        ++n;
    }
    EXPECT_EQ(n, 150u);
}

TEST(BlockFilesTest, OpenRefusesFilesShorterThanTheIndexSays)
{
    const auto blocks = MainnetBlocks();
    TempDir dir;
    std::vector<BlockFileInfo> infos;
    {
        auto files = OpenOrFail(Options(dir.path()));
        for (uint32_t h = 0; h < 10; ++h) ASSERT_TRUE(files->WriteBlock(blocks[h], h, TimeOf(blocks[h])));
        ASSERT_TRUE(files->Flush());
        infos = files->FileInfos();
    }
    std::filesystem::resize_file(dir.path() / "blk00000.dat", infos[0].size - 1);
    auto r = BlockFiles::Open(Options(dir.path()), infos);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().find("blk00000.dat is only"), std::string::npos) << r.error();
    EXPECT_NE(r.error().find("-reindex"), std::string::npos) << r.error();
    std::filesystem::remove(dir.path() / "blk00000.dat");
    auto missing = BlockFiles::Open(Options(dir.path()), infos);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().find("blk00000.dat is missing"), std::string::npos) << missing.error();
}

TEST(BlockFilesTest, DiskFullBeforeGrowingKeepsWrittenBlocks)
{
    const auto blocks = MainnetBlocks();
    TempDir dir;
    BlockFilesOptions o = Options(dir.path());
    o.blockfile_chunk_size = 1024;
    std::vector<FlatFilePos> positions;
    std::vector<BlockFileInfo> infos;
    {
        auto files = OpenOrFail(o);
        for (uint32_t h = 0; h < 10; ++h) positions.push_back(*files->WriteBlock(blocks[h], h, TimeOf(blocks[h])));
        ASSERT_TRUE(files->Flush());
        infos = files->FileInfos();
    }
    // Less free space than the margin: the next chunk is refused.
    o.min_free_bytes = std::filesystem::space(dir.path()).available + (uint64_t{1} << 40);
    auto files = OpenOrFail(o, infos);
    bool refused = false;
    for (uint32_t h = 10; h < 30 && !refused; ++h) {
        auto pos = files->WriteBlock(blocks[h], h, TimeOf(blocks[h]));
        if (!pos) {
            refused = true;
            EXPECT_NE(pos.error().find("disk full"), std::string::npos) << pos.error();
            EXPECT_EQ(files->FileInfo(0).blocks, h) << "the refused block is not counted";
        } else {
            positions.push_back(*pos);
        }
    }
    ASSERT_TRUE(refused);
    for (size_t h = 0; h < positions.size(); ++h) EXPECT_EQ(*files->ReadRawBlock(positions[h]), blocks[h]);
}

TEST(BlockFilesTest, WriteErrorLeavesRecordedDataIntact)
{
    // The OS refuses to grow the file (RLIMIT_FSIZE: EFBIG, the same path as ENOSPC).
    const auto blocks = MainnetBlocks();
    TempDir dir;
    BlockFilesOptions o = Options(dir.path());
    o.blockfile_chunk_size = 4096;
    auto files = OpenOrFail(o);
    std::vector<FlatFilePos> positions;
    for (uint32_t h = 0; h < 10; ++h) positions.push_back(*files->WriteBlock(blocks[h], h, TimeOf(blocks[h])));
    const BlockFileInfo before = files->FileInfo(0);
    ASSERT_LT(before.size, 4096u);

    struct rlimit old {
    };
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit limit = old;
    limit.rlim_cur = 4096; // the first chunk fits, the second cannot be allocated
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limit), 0);
    std::optional<std::string> error;
    uint32_t h = 10;
    for (; h < 60 && !error; ++h) {
        auto pos = files->WriteBlock(blocks[h], h, TimeOf(blocks[h]));
        if (pos) {
            positions.push_back(*pos);
        } else {
            error = pos.error();
        }
    }
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &old), 0);
    std::signal(SIGXFSZ, old_handler);

    ASSERT_TRUE(error);
    EXPECT_NE(error->find("disk full"), std::string::npos) << *error;
    const uint32_t failed = h - 1;
    EXPECT_EQ(files->FileInfo(0).blocks, failed);
    for (size_t i = 0; i < positions.size(); ++i) EXPECT_EQ(*files->ReadRawBlock(positions[i]), blocks[i]);
    // With space again, the failed block is written where it would have gone.
    auto retry = files->WriteBlock(blocks[failed], failed, TimeOf(blocks[failed]));
    ASSERT_TRUE(retry) << retry.error();
    EXPECT_EQ(retry->pos, positions.back().pos + blocks[failed - 1].size() + 8);
    EXPECT_EQ(*files->ReadRawBlock(*retry), blocks[failed]);
    ASSERT_TRUE(files->Flush());
}

TEST(BlockFilesTest, PruneDeletesFilePairs)
{
    const auto blocks = MainnetBlocks();
    TempDir dir;
    BlockFilesOptions o = Options(dir.path());
    o.max_blockfile_size = 2000;
    o.blockfile_chunk_size = 512;
    o.undofile_chunk_size = 512;
    auto files = OpenOrFail(o);
    std::vector<FlatFilePos> positions;
    for (uint32_t h = 0; h < 40; ++h) {
        positions.push_back(*files->WriteBlock(blocks[h], h, TimeOf(blocks[h])));
        const util::Uint256 hash = crypto::Sha256d(util::ByteSpan{blocks[h]}.first(80));
        ASSERT_TRUE(files->WriteUndo(positions.back().file, SampleUndo(h), hash, h));
    }
    ASSERT_TRUE(files->Flush());
    ASSERT_GE(files->LastFile(), 3);
    (void)files->TakeDirtyInfos();
    const uint64_t before = files->TotalSize();
    const int32_t pruned[] = {0, 1};
    ASSERT_TRUE(files->DeleteFiles(pruned));
    for (int32_t f : pruned) {
        EXPECT_FALSE(std::filesystem::exists(dir.path() / BlockFileName(f)));
        EXPECT_FALSE(std::filesystem::exists(dir.path() / UndoFileName(f)));
        EXPECT_EQ(files->FileInfo(f), BlockFileInfo{});
    }
    EXPECT_EQ(files->TakeDirtyInfos(), (std::vector<int32_t>{0, 1}));
    EXPECT_LT(files->TotalSize(), before);
    EXPECT_TRUE(std::filesystem::exists(dir.path() / BlockFileName(2)));
    EXPECT_FALSE(files->ReadRawBlock(positions[0]));
    EXPECT_TRUE(files->ReadRawBlock(positions.back()));
    const int32_t current[] = {files->LastFile()};
    EXPECT_FALSE(files->DeleteFiles(current));
    // Pruned infos reopen fine (size 0 needs no file).
    EXPECT_TRUE(BlockFiles::Open(o, files->FileInfos()));
}
