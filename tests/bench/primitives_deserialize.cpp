// Block deserialization on real blocks, against two baselines measured in the same run: copying the bytes
// (the floor for anything that materializes a block) and SHA-256d over them (decoding computes every txid
// and wtxid, so it hashes each byte about twice). Also the merkle root of a full block.
//
// Counters: MB/s (bytes_per_second), ms_per_block (CPU time), and for the decode benchmarks x_memcpy /
// x_sha256d: the decode CPU time as a multiple of copying / hashing the same bytes, each measured just before
// the decode loop.

#include <hearth/crypto/sha256.h>
#include <hearth/primitives/block.h>
#include <hearth/primitives/merkle.h>

#include "bench_util.h"

#include <benchmark/benchmark.h>

#include <cstring>
#include <ctime>
#include <string>

namespace {

using namespace hearth;

/// CPU seconds used by this thread (the machine is shared: wall time would count other processes; this
/// matches the benchmark's own CPU column).
double ThreadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

const std::string BLOCK_94AB = "block-00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab.blk";
const std::string BLOCK_413567 = "block413567.raw";

/// CPU seconds per call of `fn`, averaged over enough calls to take about 0.2 s.
template <typename Fn>
double SecondsPerCall(Fn&& fn)
{
    fn(); // warm up
    int reps = 1;
    while (true) {
        const double start = ThreadCpuSeconds();
        for (int i = 0; i < reps; ++i) fn();
        const double elapsed = ThreadCpuSeconds() - start;
        if (elapsed > 0.2) return elapsed / reps;
        reps *= 2;
    }
}

double CopySeconds(const util::Bytes& raw)
{
    util::Bytes dst(raw.size());
    return SecondsPerCall([&] {
        std::memcpy(dst.data(), raw.data(), raw.size());
        benchmark::DoNotOptimize(dst.data());
        benchmark::ClobberMemory();
    });
}

double HashSeconds(const util::Bytes& raw)
{
    return SecondsPerCall([&] {
        const util::Uint256 h = crypto::Sha256d(raw);
        benchmark::DoNotOptimize(h);
    });
}

void DeserializeBlock(benchmark::State& state, const std::string& file)
{
    const util::Bytes raw = bench::ReadVectorFile(file);
    const double copy_s = CopySeconds(raw);
    const double hash_s = HashSeconds(raw);
    const double start = ThreadCpuSeconds();
    for (auto _ : state) {
        auto block = primitives::DecodeBlock(raw);
        if (!block) state.SkipWithError("decode failed");
        benchmark::DoNotOptimize(block);
    }
    const double per_block = (ThreadCpuSeconds() - start) / static_cast<double>(state.iterations());
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * raw.size()));
    state.counters["ms_per_block"] = per_block * 1e3;
    state.counters["x_memcpy"] = per_block / copy_s;
    state.counters["x_sha256d"] = per_block / hash_s;
}

void DeserializeBlock94ab(benchmark::State& state) { DeserializeBlock(state, BLOCK_94AB); }
BENCHMARK(DeserializeBlock94ab)->Unit(benchmark::kMillisecond);

void DeserializeBlock413567(benchmark::State& state) { DeserializeBlock(state, BLOCK_413567); }
BENCHMARK(DeserializeBlock413567)->Unit(benchmark::kMillisecond);

void Baseline(benchmark::State& state, const std::string& file, bool hash)
{
    const util::Bytes raw = bench::ReadVectorFile(file);
    util::Bytes dst(raw.size());
    for (auto _ : state) {
        if (hash) {
            const util::Uint256 h = crypto::Sha256d(raw);
            benchmark::DoNotOptimize(h);
        } else {
            std::memcpy(dst.data(), raw.data(), raw.size());
            benchmark::DoNotOptimize(dst.data());
            benchmark::ClobberMemory();
        }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * raw.size()));
}

void CopyBlock94ab(benchmark::State& state) { Baseline(state, BLOCK_94AB, false); }
BENCHMARK(CopyBlock94ab)->Unit(benchmark::kMillisecond);
void Sha256dBlock94ab(benchmark::State& state) { Baseline(state, BLOCK_94AB, true); }
BENCHMARK(Sha256dBlock94ab)->Unit(benchmark::kMillisecond);
void CopyBlock413567(benchmark::State& state) { Baseline(state, BLOCK_413567, false); }
BENCHMARK(CopyBlock413567)->Unit(benchmark::kMillisecond);
void Sha256dBlock413567(benchmark::State& state) { Baseline(state, BLOCK_413567, true); }
BENCHMARK(Sha256dBlock413567)->Unit(benchmark::kMillisecond);

void SerializeBlock413567(benchmark::State& state)
{
    const auto block = primitives::DecodeBlock(bench::ReadVectorFile(BLOCK_413567));
    if (!block) {
        state.SkipWithError("decode failed");
        return;
    }
    for (auto _ : state) {
        util::Bytes out = primitives::SerializeBlock(*block);
        benchmark::DoNotOptimize(out);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * primitives::GetBlockTotalSize(*block)));
}
BENCHMARK(SerializeBlock413567)->Unit(benchmark::kMillisecond);

/// Merkle root of block 413567 (1,557 txids, already cached by decoding): 1,557 + 779 + … ≈ 1,560
/// 64-byte SHA-256d compressions.
void MerkleRootBlock413567(benchmark::State& state)
{
    const auto block = primitives::DecodeBlock(bench::ReadVectorFile(BLOCK_413567));
    if (!block) {
        state.SkipWithError("decode failed");
        return;
    }
    for (auto _ : state) {
        bool mutated = false;
        const primitives::Hash256 root = primitives::BlockMerkleRoot(*block, &mutated);
        benchmark::DoNotOptimize(root);
        if (root != block->header.merkle_root || mutated) state.SkipWithError("wrong merkle root");
    }
    state.counters["txs"] = static_cast<double>(block->vtx.size());
}
BENCHMARK(MerkleRootBlock413567)->Unit(benchmark::kMicrosecond);

} // namespace
