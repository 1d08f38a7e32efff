#ifndef HEARTH_TESTUTIL_VECTORS_H
#define HEARTH_TESTUTIL_VECTORS_H

// Access to ../shared/vectors (or $HEARTH_VECTORS) from unit tests.

#include <hearth/util/bytes.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace hearth::testutil {

/// The vectors folder: $HEARTH_VECTORS if set, else the path configured at build time.
std::filesystem::path VectorsDir();
/// Full path of a vectors file; the test fails (ADD_FAILURE) if it is missing.
std::filesystem::path VectorPath(const std::string& name);
/// Whole file contents as bytes (empty, with a test failure, if unreadable).
util::Bytes ReadBinaryFile(const std::filesystem::path& path);
/// Whole file contents as text.
std::string ReadTextFile(const std::filesystem::path& path);
/// Parses a vectors JSON file.
nlohmann::json ReadJsonVector(const std::string& name);
/// Decodes hex or fails the test.
util::Bytes Hex(const std::string& hex);

} // namespace hearth::testutil

#endif // HEARTH_TESTUTIL_VECTORS_H
