// Writing 100k coins as chainstate records in one batch (as a coins-cache flush does): LevelDB in a
// temp dir (synced, then compacted to measure bytes on disk) vs the memory store. Coins are synthetic
// with a realistic mix: 60% P2WPKH, 20% P2TR, 15% P2PKH, 5% P2SH; amounts of 4-8 significant digits.

#include <hearth/storage/coin.h>
#include <hearth/storage/leveldb_store.h>
#include <hearth/storage/memory_store.h>

#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <random>
#include <unistd.h>

using namespace hearth;
using namespace hearth::storage;

namespace {

constexpr size_t COINS = 100'000;

struct Record {
    util::Bytes key;
    util::Bytes value;
};

const std::vector<Record>& Records()
{
    static const std::vector<Record> records = [] {
        std::mt19937_64 rng{2024};
        std::vector<Record> out;
        out.reserve(COINS);
        auto rand_bytes = [&](size_t n) {
            util::Bytes b(n);
            for (auto& x : b) x = static_cast<uint8_t>(rng());
            return b;
        };
        for (size_t i = 0; i < COINS; ++i) {
            primitives::OutPoint op;
            const util::Bytes txid = rand_bytes(32);
            op.hash = util::Uint256{txid};
            op.n = static_cast<uint32_t>(rng() % 4);
            primitives::ScriptBytes script;
            const unsigned kind = static_cast<unsigned>(rng() % 100);
            if (kind < 60) {
                script = {0x00, 0x14};
                util::Append(script, rand_bytes(20));
            } else if (kind < 80) {
                script = {0x51, 0x20};
                util::Append(script, rand_bytes(32));
            } else if (kind < 95) {
                script = {0x76, 0xa9, 0x14};
                util::Append(script, rand_bytes(20));
                script.push_back(0x88);
                script.push_back(0xac);
            } else {
                script = {0xa9, 0x14};
                util::Append(script, rand_bytes(20));
                script.push_back(0x87);
            }
            uint64_t amount = 1 + rng() % 99'999'999;
            for (unsigned z = static_cast<unsigned>(rng() % 5); z > 0; --z) amount = amount / 10 * 10;
            const Coin coin{primitives::TxOut{static_cast<primitives::Amount>(amount), script},
                            static_cast<uint32_t>(800'000 + rng() % 100'000), rng() % 50 == 0};
            out.push_back({CoinKey(op), EncodeCoin(coin)});
        }
        return out;
    }();
    return records;
}

void BM_LeveldbWrite100kCoins(benchmark::State& state)
{
    const auto& records = Records();
    const auto dir = std::filesystem::temp_directory_path() / ("hearth_bench_kv_" + std::to_string(::getpid()));
    uint64_t disk = 0;
    uint64_t compacted = 0;
    for (auto _ : state) {
        state.PauseTiming();
        std::filesystem::remove_all(dir);
        auto store = OpenLeveldbStore(dir, LeveldbOptions{.name = "bench"});
        if (!store) {
            state.SkipWithError(store.error().c_str());
            return;
        }
        state.ResumeTiming();
        auto batch = (*store)->NewBatch();
        for (const auto& r : records) batch->Put(r.key, r.value);
        if (auto w = (*store)->Write(*batch, /*sync=*/true); !w) {
            state.SkipWithError(w.error().c_str());
            return;
        }
        state.PauseTiming();
        disk = (*store)->DiskSize();
        (void)(*store)->Compact();
        compacted = (*store)->DiskSize();
        store->reset();
        state.ResumeTiming();
    }
    std::filesystem::remove_all(dir);
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * records.size()));
    state.counters["ns_per_coin"] =
        benchmark::Counter(static_cast<double>(records.size()),
                           benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    state.counters["disk_B_per_coin_log"] = static_cast<double>(disk) / static_cast<double>(records.size());
    state.counters["disk_B_per_coin_compacted"] = static_cast<double>(compacted) / static_cast<double>(records.size());
}

void BM_MemoryStoreWrite100kCoins(benchmark::State& state)
{
    const auto& records = Records();
    for (auto _ : state) {
        auto store = std::make_unique<MemoryStore>();
        auto batch = store->NewBatch();
        for (const auto& r : records) batch->Put(r.key, r.value);
        if (auto w = store->Write(*batch, true); !w) {
            state.SkipWithError(w.error().c_str());
            return;
        }
        benchmark::DoNotOptimize(store->size());
        state.PauseTiming();
        store.reset(); // destruction is not part of the write
        state.ResumeTiming();
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * records.size()));
    state.counters["ns_per_coin"] =
        benchmark::Counter(static_cast<double>(records.size()),
                           benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_LeveldbRandomGet(benchmark::State& state)
{
    const auto& records = Records();
    const auto dir = std::filesystem::temp_directory_path() / ("hearth_bench_kvget_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    auto store = OpenLeveldbStore(dir, LeveldbOptions{.name = "bench"});
    if (!store) {
        state.SkipWithError(store.error().c_str());
        return;
    }
    auto batch = (*store)->NewBatch();
    for (const auto& r : records) batch->Put(r.key, r.value);
    (void)(*store)->Write(*batch, true);
    (void)(*store)->Compact();
    std::mt19937 rng{5};
    for (auto _ : state) {
        auto v = (*store)->Get(records[rng() % records.size()].key);
        benchmark::DoNotOptimize(v);
    }
    store->reset();
    std::filesystem::remove_all(dir);
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

} // namespace

// Wall-clock time: the LevelDB write includes an fsync.
BENCHMARK(BM_LeveldbWrite100kCoins)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();
BENCHMARK(BM_MemoryStoreWrite100kCoins)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();
BENCHMARK(BM_LeveldbRandomGet);
