// Regression driver for fuzz targets under gcc: replays every file of the corpus folder given as argv[1]
// (if present), then 2,000 deterministic pseudo-random inputs of up to 4 KiB. A crash, sanitizer report
// or abort fails the ctest run; nothing else is asserted here (the target asserts its own invariants).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv)
{
    size_t replayed = 0;
    if (argc > 1 && std::filesystem::is_directory(argv[1])) {
        for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
            if (!entry.is_regular_file()) continue;
            std::ifstream in{entry.path(), std::ios::binary};
            std::vector<uint8_t> buf{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
            LLVMFuzzerTestOneInput(buf.data(), buf.size());
            ++replayed;
        }
    }
    std::mt19937_64 rng{0x4845415254480001ULL}; // fixed seed: the run is reproducible
    for (int i = 0; i < 2000; ++i) {
        std::vector<uint8_t> buf(rng() % 4096);
        for (auto& b : buf) b = static_cast<uint8_t>(rng());
        LLVMFuzzerTestOneInput(buf.data(), buf.size());
    }
    std::printf("replayed %zu corpus files and 2000 random inputs\n", replayed);
    return 0;
}
