#ifndef HEARTH_BENCH_BENCH_UTIL_H
#define HEARTH_BENCH_BENCH_UTIL_H

// Shared by benchmarks: locate ../shared/vectors and read files (no GoogleTest here).

#include <hearth/util/bytes.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace hearth::bench {

inline std::filesystem::path VectorPath(const std::string& name)
{
    const char* env = std::getenv("HEARTH_VECTORS");
    const std::filesystem::path dir = env && *env ? env : HEARTH_VECTORS_DEFAULT;
    return dir / name;
}

/// Reads a whole file; aborts the benchmark process if it is missing (a benchmark without data is void).
inline util::Bytes ReadVectorFile(const std::string& name)
{
    std::ifstream in{VectorPath(name), std::ios::binary};
    if (!in) {
        std::fprintf(stderr, "missing vector file %s\n", VectorPath(name).c_str());
        std::exit(1);
    }
    return util::Bytes{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

} // namespace hearth::bench

#endif // HEARTH_BENCH_BENCH_UTIL_H
