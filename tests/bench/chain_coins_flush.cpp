// Flushing the coins cache to LevelDB (issue 4) on 1 and 2 threads: 300,000 new coins (P2WPKH, P2TR and P2PKH in equal
// shares, as the import benchmark's chain) written by CoinsViewCache::Sync into a fresh obfuscated chainstate, the work
// the import's final flush does while the other core has nothing left to check. Baseline in the same run: LevelDB
// writing the very same records, already encoded and sorted, in batches of 4096 (the floor any flush has to pay); the
// ratio is flush time ÷ baseline time.

#include "bench_util.h"
#include "testutil/temp_dir.h"

#include <hearth/chain/coins.h>
#include <hearth/crypto/sha256.h>
#include <hearth/storage/coin.h>
#include <hearth/storage/leveldb_store.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

using namespace hearth;

namespace {

constexpr uint32_t COINS = 300'000;

storage::LeveldbOptions ChainstateOptions()
{
    storage::LeveldbOptions opts; // as Chainstate::Open with the default -dbcache
    opts.name = "chainstate";
    opts.block_cache_bytes = 8 << 20;
    opts.write_buffer_bytes = 2 << 20;
    opts.obfuscate = true;
    return opts;
}

const std::vector<std::pair<primitives::OutPoint, storage::Coin>>& Coins()
{
    static const auto coins = [] {
        std::vector<std::pair<primitives::OutPoint, storage::Coin>> out;
        out.reserve(COINS);
        for (uint32_t i = 0; i < COINS; ++i) {
            primitives::OutPoint outpoint{crypto::Sha256Hash(util::AsBytes("coin" + std::to_string(i / 3))), i % 3};
            primitives::TxOut txout;
            txout.value = 1000 + i;
            const util::Uint256 h = crypto::Sha256Hash(outpoint.hash.span());
            switch (i % 3) {
            case 0:
                txout.script_pubkey = util::Bytes{0x00, 0x14};
                break; // P2WPKH
            case 1:
                txout.script_pubkey = util::Bytes{0x51, 0x20};
                break; // P2TR
            default:
                txout.script_pubkey = util::Bytes{0x76, 0xa9, 0x14};
                break; // P2PKH
            }
            auto& script = txout.script_pubkey;
            script.insert(script.end(), h.begin(), h.begin() + (i % 3 == 1 ? 32 : 20));
            if (i % 3 == 2) script.insert(script.end(), {0x88, 0xac});
            out.emplace_back(outpoint, storage::Coin{std::move(txout), 100 + i / 500, false});
        }
        return out;
    }();
    return coins;
}

double Seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

/// Seconds for Sync of Coins() on `threads` threads; negative on an error.
double TimeFlush(unsigned threads)
{
    const testutil::TempDir dir;
    double seconds = -1;
    if (auto store = storage::OpenLeveldbStore(dir.path() / "chainstate", ChainstateOptions())) {
        chain::CoinsViewDb db{std::move(*store), 32 << 20, threads};
        chain::CoinsViewCache cache{&db};
        for (const auto& [outpoint, coin] : Coins()) cache.AddCoin(outpoint, coin, false);
        cache.SetBestBlock(crypto::Sha256Hash(util::AsBytes("tip")));
        const auto t0 = std::chrono::steady_clock::now();
        if (cache.Sync()) seconds = Seconds(t0, std::chrono::steady_clock::now());
    }
    return seconds;
}

/// Seconds for LevelDB alone to take the same records, encoded and sorted up front; negative on an error.
double TimeLeveldbOnly()
{
    std::vector<std::pair<util::Bytes, util::Bytes>> records;
    records.reserve(COINS);
    for (const auto& [outpoint, coin] : Coins()) {
        records.emplace_back(storage::CoinKey(outpoint), storage::EncodeCoin(coin));
    }
    std::sort(records.begin(), records.end());
    const testutil::TempDir dir;
    double seconds = -1;
    if (auto store = storage::OpenLeveldbStore(dir.path() / "chainstate", ChainstateOptions())) {
        storage::KvStore& kv = **store;
        auto batch = kv.NewBatch();
        bool ok = true;
        const auto t0 = std::chrono::steady_clock::now();
        for (size_t i = 0; i < records.size() && ok; ++i) {
            batch->Put(records[i].first, records[i].second);
            if ((i + 1) % 4096 == 0) { // the flush's slices: LevelDB is faster at these than at 32 MiB
                ok = kv.Write(*batch, false).has_value();
                batch->Clear();
            }
        }
        if (ok && kv.Write(*batch, true)) seconds = Seconds(t0, std::chrono::steady_clock::now());
    }
    return seconds;
}

void CoinsFlush(benchmark::State& state)
{
    const auto threads = static_cast<unsigned>(state.range(0));
    double flush_s = 0;
    double raw_s = 0;
    for (auto _ : state) {
        // In a child (bench::InChild says why): ours, Sync as the import's final flush, then the baseline.
        auto [bytes, rss_kib] = bench::InChild([&] {
            const double times[2] = {TimeFlush(threads), TimeLeveldbOnly()};
            return std::string(reinterpret_cast<const char*>(times), sizeof times);
        });
        double times[2];
        if (bytes.size() != sizeof times) {
            state.SkipWithError("the flush child died");
            return;
        }
        std::memcpy(times, bytes.data(), sizeof times);
        if (times[0] < 0 || times[1] < 0) {
            state.SkipWithError("a LevelDB write failed");
            return;
        }
        flush_s = times[0];
        raw_s = times[1];
        state.SetIterationTime(flush_s);
    }
    state.counters["coins"] = COINS;
    state.counters["flush_ms"] = flush_s * 1e3;
    state.counters["leveldb_only_ms"] = raw_s * 1e3;
    state.counters["ratio_to_leveldb_only"] = flush_s / raw_s;
    state.counters["ns_per_coin"] = flush_s * 1e9 / COINS;
}
BENCHMARK(CoinsFlush)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

} // namespace
