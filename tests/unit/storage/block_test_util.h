#ifndef HEARTH_TESTS_UNIT_STORAGE_BLOCK_TEST_UTIL_H
#define HEARTH_TESTS_UNIT_STORAGE_BLOCK_TEST_UTIL_H

// Splits a Core-format block file from the vectors folder into its records, the plain way (magic,
// size, bytes; no tolerance), as ground truth for the block file tests.

#include "testutil/vectors.h"

#include <hearth/storage/block_files.h>

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace hearth::storage::test {

constexpr MessageStart MAINNET_MAGIC{0xf9, 0xbe, 0xb4, 0xd9};
constexpr MessageStart REGTEST_MAGIC{0xfa, 0xbf, 0xb5, 0xda};

inline std::vector<util::Bytes> SplitRecords(const util::Bytes& file, const MessageStart& magic)
{
    std::vector<util::Bytes> out;
    size_t pos = 0;
    while (pos + 8 <= file.size()) {
        EXPECT_EQ(std::memcmp(file.data() + pos, magic.data(), 4), 0) << "at " << pos;
        uint32_t size = 0;
        for (int i = 0; i < 4; ++i) size |= uint32_t{file[pos + 4 + i]} << (8 * i);
        out.emplace_back(file.begin() + static_cast<long>(pos + 8), file.begin() + static_cast<long>(pos + 8 + size));
        pos += 8 + size;
    }
    EXPECT_EQ(pos, file.size());
    return out;
}

inline std::vector<util::Bytes> MainnetBlocks()
{
    return SplitRecords(testutil::ReadBinaryFile(testutil::VectorPath("mainnet-blocks-0-255.dat")), MAINNET_MAGIC);
}

} // namespace hearth::storage::test

#endif // HEARTH_TESTS_UNIT_STORAGE_BLOCK_TEST_UTIL_H
