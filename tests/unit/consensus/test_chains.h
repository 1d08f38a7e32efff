#ifndef HEARTH_TESTS_UNIT_CONSENSUS_TEST_CHAINS_H
#define HEARTH_TESTS_UNIT_CONSENSUS_TEST_CHAINS_H

// Helpers for the consensus tests: header chains as plain data, and reading Core-format block files.

#include <hearth/consensus/header_chain.h>
#include <hearth/primitives/block.h>
#include <hearth/util/bytes.h>

#include "testutil/vectors.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace hearth::consensus::test {

/// A chain given header by header (index = height).
class VectorChain final : public HeaderChainView
{
public:
    std::vector<ChainHeader> headers;

    int TipHeight() const override { return static_cast<int>(headers.size()) - 1; }
    ChainHeader HeaderAt(int height) const override { return headers.at(static_cast<size_t>(height)); }
};

/// A chain of which only some heights are known, for cases that read only those (asking for any other
/// height fails the test).
class SparseChain final : public HeaderChainView
{
public:
    int tip{-1};
    std::map<int, ChainHeader> known;

    int TipHeight() const override { return tip; }
    ChainHeader HeaderAt(int height) const override
    {
        const auto it = known.find(height);
        if (it == known.end()) {
            ADD_FAILURE() << "header at height " << height << " was read but not provided";
            return {};
        }
        return it->second;
    }
};

/// A chain ending at `tip` whose every header has the same fields (median time past = that time).
class UniformChain final : public HeaderChainView
{
public:
    UniformChain(int tip, ChainHeader header) : m_tip{tip}, m_header{header} {}
    int TipHeight() const override { return m_tip; }
    ChainHeader HeaderAt(int) const override { return m_header; }

private:
    int m_tip;
    ChainHeader m_header;
};

/// Splits a Core blk*.dat image (magic, 4-byte LE length, block) into raw blocks.
inline std::vector<util::Bytes> SplitBlockFile(const util::Bytes& file, const std::string& magic_hex)
{
    std::vector<util::Bytes> out;
    const util::Bytes magic = testutil::Hex(magic_hex);
    size_t pos = 0;
    while (pos + 8 <= file.size()) {
        EXPECT_TRUE(std::equal(magic.begin(), magic.end(), file.begin() + static_cast<std::ptrdiff_t>(pos)));
        const size_t len = file[pos + 4] | (file[pos + 5] << 8) | (file[pos + 6] << 16) | (size_t{file[pos + 7]} << 24);
        pos += 8;
        if (pos + len > file.size()) {
            ADD_FAILURE() << "truncated record";
            break;
        }
        out.emplace_back(file.begin() + static_cast<std::ptrdiff_t>(pos),
                         file.begin() + static_cast<std::ptrdiff_t>(pos + len));
        pos += len;
    }
    EXPECT_EQ(pos, file.size());
    return out;
}

/// The decoded blocks of a mainnet-magic block file in the vectors folder.
inline std::vector<primitives::Block> ReadMainnetBlocks(const std::string& name)
{
    std::vector<primitives::Block> blocks;
    for (const util::Bytes& raw : SplitBlockFile(testutil::ReadBinaryFile(testutil::VectorPath(name)), "f9beb4d9")) {
        auto block = primitives::DecodeBlock(raw);
        if (!block) {
            ADD_FAILURE() << block.error();
            continue;
        }
        blocks.push_back(std::move(*block));
    }
    return blocks;
}

/// A raw block file (no record header) in the vectors folder, decoded.
inline primitives::Block ReadRawBlock(const std::string& name)
{
    auto block = primitives::DecodeBlock(testutil::ReadBinaryFile(testutil::VectorPath(name)));
    if (!block) {
        ADD_FAILURE() << name << ": " << block.error();
        return {};
    }
    return std::move(*block);
}

} // namespace hearth::consensus::test

#endif // HEARTH_TESTS_UNIT_CONSENSUS_TEST_CHAINS_H
