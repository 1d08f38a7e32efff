// Context-free and contextual block checks on real blocks (no scripts, no UTXO set): what every block
// costs before ConnectBlock. CheckBlock includes PoW, the merkle root with the mutation check, size and
// coinbase rules, CheckTransaction of every transaction and legacy sigop counting.

#include <hearth/consensus/block_check.h>
#include <hearth/consensus/header_chain.h>

#include "bench_util.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {

using namespace hearth;

/// Every ancestor one second older than the block: enough context for ContextualCheckBlock.
class UniformChain final : public consensus::HeaderChainView
{
public:
    UniformChain(int tip, consensus::ChainHeader header) : m_tip{tip}, m_header{header} {}
    int TipHeight() const override { return m_tip; }
    consensus::ChainHeader HeaderAt(int) const override { return m_header; }

private:
    int m_tip;
    consensus::ChainHeader m_header;
};

void CheckRealBlock(benchmark::State& state, const std::string& file, int height)
{
    const auto params = consensus::CreateChainParams(consensus::ChainType::MAIN);
    const auto block = primitives::DecodeBlock(bench::ReadVectorFile(file));
    if (!params || !block) {
        state.SkipWithError("setup failed");
        return;
    }
    const UniformChain prev{height - 1, {4, block->header.time - 1, block->header.bits}};
    for (auto _ : state) {
        consensus::BlockValidationState s;
        const bool ok = consensus::CheckBlock(*block, s, params->consensus) &&
                        consensus::ContextualCheckBlock(*block, s, params->consensus, prev);
        if (!ok) state.SkipWithError(s.ToString().c_str());
        benchmark::DoNotOptimize(ok);
    }
    state.counters["txs"] = static_cast<double>(block->vtx.size());
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * primitives::GetBlockTotalSize(*block)));
}

void CheckBlock413567(benchmark::State& state) { CheckRealBlock(state, "block413567.raw", 413567); }
BENCHMARK(CheckBlock413567)->Unit(benchmark::kMillisecond);

void CheckBlock574200(benchmark::State& state)
{
    CheckRealBlock(state, "block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk", 574200);
}
BENCHMARK(CheckBlock574200)->Unit(benchmark::kMillisecond);

} // namespace
