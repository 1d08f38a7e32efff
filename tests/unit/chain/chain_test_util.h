#ifndef HEARTH_TESTS_UNIT_CHAIN_CHAIN_TEST_UTIL_H
#define HEARTH_TESTS_UNIT_CHAIN_CHAIN_TEST_UTIL_H

// Helpers for chain tests: temporary data directories and reading Core-format block files.

#include <hearth/chain/chainstate.h>
#include <hearth/consensus/params.h>
#include <hearth/storage/block_file_reader.h>

#include "testutil/vectors.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace hearth::chain::test {

/// A fresh directory under the system temp dir, removed when the object dies.
class TempDir
{
public:
    TempDir()
    {
        std::random_device rd;
        m_path = std::filesystem::temp_directory_path() / ("hearth-chain-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(m_path);
    }
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

/// Every block of a Core-format block file (magic + size + block records).
inline std::vector<std::shared_ptr<const primitives::Block>> ReadBlockFile(const std::string& name,
                                                                        const storage::MessageStart& magic)
{
    std::vector<std::shared_ptr<const primitives::Block>> blocks;
    auto reader = storage::BlockFileReader::Open(testutil::VectorPath(name), magic);
    if (!reader) {
        ADD_FAILURE() << reader.error();
        return blocks;
    }
    while (true) {
        auto next = (*reader)->Next();
        if (!next) {
            ADD_FAILURE() << next.error();
            break;
        }
        if (!next->has_value()) break;
        blocks.push_back(std::make_shared<const primitives::Block>(std::move((*next)->block)));
    }
    return blocks;
}

inline consensus::ChainParams Params(consensus::ChainType type)
{
    auto params = consensus::CreateChainParams(type);
    EXPECT_TRUE(params) << (params ? "" : params.error());
    return *params;
}

} // namespace hearth::chain::test

#endif // HEARTH_TESTS_UNIT_CHAIN_CHAIN_TEST_UTIL_H
