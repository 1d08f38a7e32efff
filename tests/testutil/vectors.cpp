#include "testutil/vectors.h"

#include <hearth/util/hex.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

namespace hearth::testutil {

std::filesystem::path VectorsDir()
{
    if (const char* env = std::getenv("HEARTH_VECTORS"); env && *env) return env;
    return HEARTH_VECTORS_DEFAULT;
}

std::filesystem::path VectorPath(const std::string& name)
{
    auto path = VectorsDir() / name;
    if (!std::filesystem::exists(path)) ADD_FAILURE() << "missing test vector file " << path;
    return path;
}

util::Bytes ReadBinaryFile(const std::filesystem::path& path)
{
    std::ifstream in{path, std::ios::binary};
    if (!in) {
        ADD_FAILURE() << "cannot open " << path;
        return {};
    }
    return util::Bytes{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

std::string ReadTextFile(const std::filesystem::path& path)
{
    std::ifstream in{path, std::ios::binary};
    if (!in) {
        ADD_FAILURE() << "cannot open " << path;
        return {};
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

nlohmann::json ReadJsonVector(const std::string& name) { return nlohmann::json::parse(ReadTextFile(VectorPath(name))); }

util::Bytes Hex(const std::string& hex)
{
    auto bytes = util::ParseHex(hex);
    if (!bytes) {
        ADD_FAILURE() << "bad hex in test: " << hex;
        return {};
    }
    return *bytes;
}

} // namespace hearth::testutil
