// Hashing throughput on the shapes Bitcoin hashes most: 64-byte merkle nodes, 80-byte headers, and bulk
// data (transactions, blocks) via a 1 MiB buffer.

#include <hearth/crypto/sha256.h>
#include <hearth/util/bytes.h>
#include <hearth/util/uint256.h>

#include <benchmark/benchmark.h>

#include <array>

namespace {

using namespace hearth;

void Sha256d64Bytes(benchmark::State& state)
{
    std::array<uint8_t, 64> in{};
    for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<uint8_t>(i);
    for (auto _ : state) {
        const util::Uint256 h = crypto::Sha256d(in);
        benchmark::DoNotOptimize(h);
        in[0] = h[0]; // chain iterations so the work cannot be hoisted
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * 64);
}
BENCHMARK(Sha256d64Bytes);

void Sha256d64MerkleNode(benchmark::State& state)
{
    util::Uint256 a, b;
    a[0] = 1;
    b[0] = 2;
    for (auto _ : state) {
        a = crypto::Sha256d64(a, b);
        benchmark::DoNotOptimize(a);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * 64);
}
BENCHMARK(Sha256d64MerkleNode);

void Sha256dHeader80Bytes(benchmark::State& state)
{
    // The genesis block header.
    const std::array<uint8_t, 80> header = {
        0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x3b, 0xa3, 0xed, 0xfd, 0x7a, 0x7b, 0x12, 0xb2, 0x7a, 0xc7, 0x2c, 0x3e,
        0x67, 0x76, 0x8f, 0x61, 0x7f, 0xc8, 0x1b, 0xc3, 0x88, 0x8a, 0x51, 0x32, 0x3a, 0x9f, 0xb8, 0xaa,
        0x4b, 0x1e, 0x5e, 0x4a, 0x29, 0xab, 0x5f, 0x49, 0xff, 0xff, 0x00, 0x1d, 0x1d, 0xac, 0x2b, 0x7c,
    };
    std::array<uint8_t, 80> in = header;
    uint32_t nonce = 0;
    for (auto _ : state) {
        // Vary the nonce as a miner (or a header-sync loop over different headers) would.
        ++nonce;
        in[76] = static_cast<uint8_t>(nonce);
        in[77] = static_cast<uint8_t>(nonce >> 8);
        benchmark::DoNotOptimize(crypto::Sha256d(in));
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * 80);
}
BENCHMARK(Sha256dHeader80Bytes);

void Sha256OneMiB(benchmark::State& state)
{
    util::Bytes data(1 << 20);
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7);
    for (auto _ : state) benchmark::DoNotOptimize(crypto::Sha256Hash(data));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(data.size()));
}
BENCHMARK(Sha256OneMiB);

} // namespace
