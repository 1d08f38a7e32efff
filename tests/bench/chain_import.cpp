// Issue 4's macro benchmark: import a generated regtest chain (600 blocks, >100k transactions spending a
// mix of P2PKH, P2WPKH and P2TR coins, 1 to 40 inputs each) the way -loadblock does, with script checks on
// (1 and 2 threads) and with assumevalid; report blocks/s, inputs/s, peak RSS, LevelDB bytes on disk, the
// coins cache's bytes per coin, and the script-check throughput as a ratio to raw libsecp256k1
// verifications of the same signature mix measured in the same run — against two baselines: ratio_to_raw
// with keys and signatures parsed beforehand (verification alone) and ratio_to_raw_parse with them parsed
// from their bytes each time (what verifying a transaction's input costs libsecp256k1 at the least).
//
// The chain is generated once (real signatures: about half a minute) and cached in the build tree next
// to this binary (chain_import_cache/, or $HEARTH_BENCH_CACHE). Generation and each import run in a child
// process: the parent stays small, so a child's peak RSS (from wait4) is the import's own. The import is
// Chainstate::LoadExternalBlockFile, what -loadblock runs. For the assumevalid run the chainstate first
// receives the headers of the chain plus 2,100 empty blocks beyond it, so that every imported block is more
// than two weeks of work below the best header — the condition under which Chainstate::ShouldCheckScripts
// (as Core) skips scripts. The raw rates are measured just before and just after each import (the machine's
// load may change meanwhile) and the ratios taken against their means.
//
// Run: build/<dir>/tests/bench/hearth_bench_chain [--benchmark_filter=...]

#include "bench_util.h"
#include "raw_sig.h"
#include "testutil/block_builder.h"

#include <hearth/chain/chainstate.h>
#include <hearth/consensus/block_check.h>
#include <hearth/consensus/params.h>
#include <hearth/crypto/key.h>
#include <hearth/crypto/sha256.h>
#include <hearth/primitives/block.h>
#include <hearth/script/script.h>
#include <hearth/storage/block_file_reader.h>
#include <hearth/storage/leveldb_store.h>
#include <hearth/util/check.h>

#include <benchmark/benchmark.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <thread>

namespace {

using namespace hearth;
using primitives::Hash256;
using testutil::ChainBuilder;
using testutil::OutputType;
using testutil::Utxo;
using Clock = std::chrono::steady_clock;

/// Bump when the generated chain changes, so an old cache is not reused.
constexpr int GENERATOR_VERSION = 2;
constexpr int CHAIN_LENGTH = 600;
constexpr int EXTENSION = 2100; // headers beyond the chain for the assumevalid run (> 2016 = two weeks)
constexpr int TXS_PER_BLOCK = 205;
constexpr uint32_t KEYS = 256;

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

std::filesystem::path CacheDir()
{
    if (const char* env = std::getenv("HEARTH_BENCH_CACHE"); env && *env) return env;
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return (ec ? std::filesystem::current_path() : exe.parent_path()) / "chain_import_cache";
}

std::filesystem::path ChainFile() { return CacheDir() / ("chain-v" + std::to_string(GENERATOR_VERSION) + ".dat"); }
std::filesystem::path HeadersFile() { return CacheDir() / ("headers-v" + std::to_string(GENERATOR_VERSION) + ".dat"); }
std::filesystem::path StatsFile() { return CacheDir() / ("stats-v" + std::to_string(GENERATOR_VERSION) + ".txt"); }

consensus::ChainParams Regtest()
{
    auto p = consensus::CreateChainParams(consensus::ChainType::REGTEST);
    Assert(static_cast<bool>(p));
    return *p;
}

/// What the generated chain holds (also written next to it).
struct ChainStats {
    uint64_t blocks{0}, txs{0}, inputs{0};
    uint64_t p2pkh{0}, p2wpkh{0}, p2tr{0}; ///< inputs by the type of coin they spend
};

// ------------------------------------------------------------------------------------------ generation

/// Builds the chain and writes the cache files. Runs in a child process.
bool Generate()
{
    const auto params = Regtest();
    ChainBuilder b{params};
    std::mt19937_64 rng{20240601};
    std::vector<primitives::ScriptBytes> scripts[3];
    std::map<primitives::ScriptBytes, std::pair<OutputType, uint32_t>> owner;
    for (uint32_t k = 0; k < KEYS; ++k) {
        for (int t = 0; t < 3; ++t) {
            scripts[t].push_back(b.ScriptFor(static_cast<OutputType>(t), k));
            owner[scripts[t].back()] = {static_cast<OutputType>(t), k};
        }
    }
    std::filesystem::create_directories(CacheDir());
    const auto tmp_chain = ChainFile().string() + ".tmp";
    std::ofstream out{tmp_chain, std::ios::binary | std::ios::trunc};
    std::vector<primitives::BlockHeader> headers;
    ChainStats stats;

    std::vector<Utxo> pool;   // confirmed outputs to spend
    std::vector<Utxo> fanout; // mature coinbases not yet split
    Hash256 tip = b.Genesis().hash;
    const auto started = Clock::now();
    for (int h = 1; h <= CHAIN_LENGTH; ++h) {
        if (h > 100) fanout.push_back(b.Ancestor(tip, h - 100).coinbase);
        struct Unsigned {
            primitives::MutableTransaction tx;
            std::vector<Utxo> spent;
        };
        std::vector<Unsigned> todo;
        auto add_outputs = [&](primitives::MutableTransaction& tx, primitives::Amount total, size_t n) {
            const primitives::Amount each = total / static_cast<primitives::Amount>(n);
            for (size_t i = 0; i < n; ++i) {
                const int type = static_cast<int>(rng() % 3);
                tx.vout.push_back({i == 0 ? total - each * static_cast<primitives::Amount>(n - 1) : each,
                                   scripts[type][rng() % KEYS]});
            }
        };
        // Split each coinbase into 1,000 outputs once it is mature: the supply of coins to spend.
        for (int f = 0; f < 2 && !fanout.empty(); ++f) {
            Unsigned u;
            u.spent.push_back(fanout.front());
            fanout.erase(fanout.begin());
            u.tx.version = 2;
            u.tx.vin.push_back({u.spent[0].outpoint, {}, primitives::TxIn::SEQUENCE_FINAL, {}});
            add_outputs(u.tx, u.spent[0].out.value - 10'000, 1000);
            todo.push_back(std::move(u));
        }
        // Ordinary spends: 1-6 inputs (now and then a 40-input consolidation) into 2 outputs.
        for (int t = 0; t < TXS_PER_BLOCK && !pool.empty(); ++t) {
            size_t n = 1 + rng() % 6;
            if (rng() % 50 == 0) n = 40;
            n = std::min(n, pool.size());
            Unsigned u;
            u.tx.version = 2;
            primitives::Amount total = 0;
            for (size_t i = 0; i < n; ++i) {
                const size_t pick = rng() % pool.size();
                u.spent.push_back(pool[pick]);
                pool[pick] = pool.back();
                pool.pop_back();
                u.tx.vin.push_back({u.spent.back().outpoint, {}, primitives::TxIn::SEQUENCE_FINAL, {}});
                total += u.spent.back().out.value;
            }
            add_outputs(u.tx, total - 1000, 2);
            todo.push_back(std::move(u));
        }
        // Sign on two threads (the key store is only read: every key exists already).
        std::vector<primitives::TransactionRef> txs(todo.size());
        auto sign = [&](size_t from) {
            for (size_t i = from; i < todo.size(); i += 2) {
                testutil::SignTransaction(b.Keys(), todo[i].tx, todo[i].spent);
                txs[i] = primitives::MakeTransactionRef(std::move(todo[i].tx));
            }
        };
        std::thread helper{sign, size_t{1}};
        sign(0);
        helper.join();
        primitives::Amount fees = 0, counted = 0;
        for (const auto& tx : txs) counted += std::max<primitives::Amount>(b.Fee(*tx).value_or(0), 0);
        for (size_t i = 0; i < txs.size(); ++i) {
            primitives::Amount in = 0;
            for (const Utxo& u : todo[i].spent) {
                in += u.out.value;
                ++stats.inputs;
                (u.type == OutputType::P2PKH    ? stats.p2pkh
                 : u.type == OutputType::P2WPKH ? stats.p2wpkh
                                                : stats.p2tr)++;
            }
            fees += in - txs[i]->GetValueOut();
        }
        stats.txs += txs.size() + 1;
        testutil::BlockOptions opt;
        opt.coinbase_extra = fees - counted; // what the builder cannot count itself (it knows most values)
        auto block = b.NextBlock(tip, txs, opt);
        tip = block->GetHash();
        ++stats.blocks;
        headers.push_back(block->header);
        for (const auto& tx : txs) {
            for (uint32_t o = 0; o < tx->vout.size(); ++o) {
                Utxo u;
                u.outpoint = {tx->GetTxid(), o};
                u.out = tx->vout[o];
                const auto& who = owner.at(tx->vout[o].script_pubkey);
                u.type = who.first;
                u.key_index = who.second;
                pool.push_back(std::move(u));
            }
        }
        const util::Bytes raw = primitives::SerializeBlock(*block);
        out.write(reinterpret_cast<const char*>(params.message_start.data()), 4);
        const uint32_t size = static_cast<uint32_t>(raw.size());
        const uint8_t le[4] = {static_cast<uint8_t>(size), static_cast<uint8_t>(size >> 8),
                               static_cast<uint8_t>(size >> 16), static_cast<uint8_t>(size >> 24)};
        out.write(reinterpret_cast<const char*>(le), 4);
        out.write(reinterpret_cast<const char*>(raw.data()), static_cast<std::streamsize>(raw.size()));
        if (h % 100 == 0) {
            std::fprintf(stderr, "generating: block %d, %llu txs, %llu inputs, %.0f s\n", h,
                         static_cast<unsigned long long>(stats.txs), static_cast<unsigned long long>(stats.inputs),
                         Seconds(started, Clock::now()));
        }
    }
    out.close();
    // Empty blocks beyond the chain: only their headers are used.
    for (const auto& block : b.Extend(tip, EXTENSION)) headers.push_back(block->header);
    {
        std::ofstream hf{HeadersFile(), std::ios::binary | std::ios::trunc};
        for (const auto& h : headers) {
            util::Bytes bytes;
            serialize::VectorWriter w{bytes};
            h.Serialize(w);
            hf.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        }
    }
    {
        std::ofstream sf{StatsFile(), std::ios::trunc};
        sf << stats.blocks << ' ' << stats.txs << ' ' << stats.inputs << ' ' << stats.p2pkh << ' ' << stats.p2wpkh
           << ' ' << stats.p2tr << '\n';
    }
    std::filesystem::rename(tmp_chain, ChainFile());
    return static_cast<bool>(out);
}

std::optional<ChainStats> ReadStats()
{
    std::ifstream sf{StatsFile()};
    ChainStats s;
    if (!(sf >> s.blocks >> s.txs >> s.inputs >> s.p2pkh >> s.p2wpkh >> s.p2tr)) return std::nullopt;
    if (!std::filesystem::exists(ChainFile()) || !std::filesystem::exists(HeadersFile())) return std::nullopt;
    return s;
}

const ChainStats& EnsureChain()
{
    static std::optional<ChainStats> stats = [] {
        if (auto s = ReadStats()) return s;
        std::fprintf(stderr, "generating the benchmark chain in %s (cached for later runs)...\n", CacheDir().c_str());
        bench::InChild([] { return Generate() ? std::string{"ok"} : std::string{"failed"}; });
        return ReadStats();
    }();
    if (!stats) {
        std::fprintf(stderr, "could not generate the benchmark chain\n");
        std::exit(1);
    }
    return *stats;
}

// ------------------------------------------------------------------------------------------ raw secp256k1

/// How the raw baseline gets its keys and signatures.
enum class RawMode {
    /// Parsed once up front: verification alone (the strictest baseline; as crypto_sig's RawEcdsaVerify).
    PREPARSED,
    /// Parsed from their serialized bytes on every verification, as any verifier of transactions must
    /// (a compressed or x-only key costs a square root to decompress): the libsecp256k1 work per input.
    PARSE,
};

/// Raw libsecp256k1 verifications per second on `threads` threads at once, with the chain's share of
/// Schnorr signatures (the rest ECDSA with compressed keys, as the chain's P2PKH and P2WPKH inputs).
double RawVerifyRate(unsigned threads, double schnorr_share, RawMode mode)
{
    std::vector<bench::RawSig> samples(3000);
    std::mt19937_64 rng{7};
    for (size_t i = 0; i < samples.size(); ++i) {
        bench::RawSig& s = samples[i];
        const auto key =
            crypto::PrivKey::FromBytes(crypto::Sha256Hash(util::AsBytes("raw" + std::to_string(i))).span());
        s.msg = crypto::Sha256Hash(util::AsBytes("msg" + std::to_string(i)));
        s.schnorr = static_cast<double>(rng() % 1000) / 1000.0 < schnorr_share;
        if (s.schnorr) {
            const auto sig = *key.SignSchnorr(s.msg, nullptr, util::Uint256{});
            s.sig.assign(sig.begin(), sig.end());
            s.pubkey = util::ToBytes(key.GetXOnlyPubKey().span());
        } else {
            s.sig = key.SignEcdsa(s.msg);
            s.pubkey = util::ToBytes(key.GetPubKey().span());
        }
        bench::ParseRawSig(s);
    }
    std::atomic<uint64_t> done{0};
    std::atomic<bool> stop{false};
    auto work = [&](size_t offset) {
        uint64_t n = 0;
        for (size_t i = offset; !stop.load(std::memory_order_relaxed); i = (i + 1) % samples.size()) {
            const bench::RawSig& s = samples[i];
            const int ok = mode == RawMode::PARSE ? bench::RawParseAndVerify(s) : bench::RawVerifyPreparsed(s);
            Assert(ok == 1);
            ++n;
        }
        done += n;
    };
    const auto start = Clock::now();
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work, t * samples.size() / threads);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    stop = true;
    for (auto& t : pool) t.join();
    return static_cast<double>(done.load()) / Seconds(start, Clock::now());
}

double SchnorrShare()
{
    const ChainStats& s = EnsureChain();
    return static_cast<double>(s.p2tr) / static_cast<double>(s.inputs);
}

// ------------------------------------------------------------------------------------------ import

struct ImportResult {
    bool ok{false};
    double seconds{0};        ///< blocks in, then the final flush
    double header_seconds{0}; ///< headers first (assumevalid run only)
    uint64_t blocks{0};
    uint64_t cache_bytes{0}; ///< coins cache DynamicMemoryUsage before the final flush
    uint64_t cache_coins{0};
    uint64_t txouts{0};
    uint64_t chainstate_bytes{0}; ///< chainstate/ directory (LevelDB), compacted after the final flush
    uint64_t index_bytes{0};      ///< blocks/index/ directory (LevelDB), compacted
    uint64_t blocks_bytes{0};     ///< blk/rev files
    char error[200]{};
};

uint64_t DirBytes(const std::filesystem::path& dir)
{
    uint64_t total = 0;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         it != std::filesystem::recursive_directory_iterator(); ++it) {
        if (it->is_regular_file(ec)) total += it->file_size(ec);
    }
    return total;
}

ImportResult Import(unsigned script_threads, bool assume_valid)
{
    ImportResult r;
    auto fail = [&](const std::string& message) {
        std::snprintf(r.error, sizeof r.error, "%s", message.c_str());
        return r;
    };
    const auto params = Regtest();
    const auto dir = CacheDir() / ("datadir-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);

    // Headers (chain + extension): read them all; the assumevalid hash is the last one.
    std::vector<primitives::BlockHeader> headers;
    {
        std::ifstream hf{HeadersFile(), std::ios::binary};
        util::Bytes buf(80);
        while (hf.read(reinterpret_cast<char*>(buf.data()), 80)) {
            auto h = primitives::DecodeBlockHeader(buf);
            if (!h) return fail("bad header file");
            headers.push_back(*h);
        }
    }
    if (headers.size() != CHAIN_LENGTH + EXTENSION) return fail("header file has the wrong length");

    chain::ChainstateOptions opts; // defaults, except:
    opts.data_dir = dir;
    opts.script_threads = script_threads;
    opts.assume_valid = assume_valid ? headers.back().GetHash() : Hash256{};
    const int64_t now = int64_t{headers.back().time} + 3600;
    opts.now = [now] { return now; };
    {
        auto opened = chain::Chainstate::Open(params, opts);
        if (!opened) return fail(opened.error());
        chain::Chainstate& cs = **opened;
        const auto t0 = Clock::now();
        if (assume_valid) {
            consensus::BlockValidationState state;
            if (!cs.ProcessNewBlockHeaders(headers, state)) return fail("headers: " + state.ToString());
        }
        const auto t1 = Clock::now();
        // Exactly what -loadblock runs.
        auto imported = cs.LoadExternalBlockFile(ChainFile());
        if (!imported) return fail(imported.error());
        if (imported->blocks_invalid > 0) return fail("block: " + imported->first_error);
        r.blocks = imported->blocks_new;
        if (cs.Chain().Height() != CHAIN_LENGTH) return fail("tip at " + std::to_string(cs.Chain().Height()));
        r.cache_bytes = cs.CoinsTip().DynamicMemoryUsage();
        r.cache_coins = cs.CoinsTip().CacheSize();
        if (auto ok = cs.Flush(); !ok) return fail(ok.error());
        const auto t2 = Clock::now();
        r.header_seconds = Seconds(t0, t1);
        r.seconds = Seconds(t1, t2);
        auto stats = cs.ComputeCoinStats(chain::CoinStatsHash::NONE);
        if (!stats) return fail(stats.error());
        r.txouts = stats->txouts;
        r.blocks_bytes = cs.BlockFilesSize();
    }
    // Settled: reopened and fully compacted. Right after the flush the directory holds whatever LevelDB had
    // not yet compacted (write-ahead logs, overlapping level-0 tables, files of a compaction cut short by
    // the close), which depends on the batch sizes and timing rather than on the format.
    for (const char* sub : {"chainstate", "blocks/index"}) {
        storage::LeveldbOptions opts;
        opts.name = sub;
        auto store = storage::OpenLeveldbStore(dir / sub, opts);
        if (!store) return fail(store.error());
        if (auto ok = (*store)->Compact(); !ok) return fail(ok.error());
    }
    r.chainstate_bytes = DirBytes(dir / "chainstate");
    r.index_bytes = DirBytes(dir / "blocks" / "index");
    std::filesystem::remove_all(dir);
    r.ok = true;
    return r;
}

/// One import in a child process. Args: script worker threads (0: the validation thread only), assumevalid.
void ChainImport(benchmark::State& state)
{
    const ChainStats& chain = EnsureChain();
    const auto threads = static_cast<unsigned>(state.range(0));
    const bool assume_valid = state.range(1) != 0;
    // Both baselines are measured just before and just after the import (the machine's load may change
    // meanwhile) and the ratios taken against their means.
    double raw = RawVerifyRate(threads + 1, SchnorrShare(), RawMode::PREPARSED);
    double raw_parse = RawVerifyRate(threads + 1, SchnorrShare(), RawMode::PARSE);
    for (auto _ : state) {
        auto [bytes, rss_kib] = bench::InChild([&] {
            ImportResult r = Import(threads, assume_valid);
            return std::string(reinterpret_cast<const char*>(&r), sizeof r);
        });
        raw = (raw + RawVerifyRate(threads + 1, SchnorrShare(), RawMode::PREPARSED)) / 2;
        raw_parse = (raw_parse + RawVerifyRate(threads + 1, SchnorrShare(), RawMode::PARSE)) / 2;
        ImportResult r;
        if (bytes.size() != sizeof r) {
            state.SkipWithError("the import child died");
            return;
        }
        std::memcpy(&r, bytes.data(), sizeof r);
        if (!r.ok) {
            state.SkipWithError(r.error);
            return;
        }
        state.SetIterationTime(r.seconds);
        const double inputs_per_s = static_cast<double>(chain.inputs) / r.seconds;
        state.counters["blocks_per_s"] = static_cast<double>(r.blocks) / r.seconds;
        state.counters["txs_per_s"] = static_cast<double>(chain.txs) / r.seconds;
        state.counters["inputs_per_s"] = inputs_per_s;
        state.counters["raw_verify_per_s"] = raw;
        state.counters["ratio_to_raw"] = inputs_per_s / raw;
        state.counters["raw_parse_verify_per_s"] = raw_parse;
        state.counters["ratio_to_raw_parse"] = inputs_per_s / raw_parse;
        state.counters["peak_rss_MiB"] = static_cast<double>(rss_kib) / 1024.0;
        state.counters["chainstate_MiB"] = static_cast<double>(r.chainstate_bytes) / (1 << 20);
        state.counters["index_MiB"] = static_cast<double>(r.index_bytes) / (1 << 20);
        state.counters["blockfiles_MiB"] = static_cast<double>(r.blocks_bytes) / (1 << 20);
        state.counters["mem_bytes_per_coin"] =
            static_cast<double>(r.cache_bytes) / static_cast<double>(std::max<uint64_t>(r.cache_coins, 1));
        state.counters["disk_bytes_per_coin"] =
            static_cast<double>(r.chainstate_bytes) / static_cast<double>(std::max<uint64_t>(r.txouts, 1));
        state.counters["utxos"] = static_cast<double>(r.txouts);
        if (assume_valid) state.counters["header_s"] = r.header_seconds;
    }
    state.SetLabel(std::to_string(chain.blocks) + " blocks, " + std::to_string(chain.txs) + " txs, " +
                   std::to_string(chain.inputs) + " inputs (P2PKH " + std::to_string(chain.p2pkh) + ", P2WPKH " +
                   std::to_string(chain.p2wpkh) + ", P2TR " + std::to_string(chain.p2tr) + ")");
}
BENCHMARK(ChainImport)
    ->ArgNames({"workers", "assumevalid"})
    ->Args({0, 0})
    ->Args({1, 0})
    ->Args({1, 1})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

/// Raw libsecp256k1 verification rate of the chain's signature mix on 1 and 2 threads, both baselines the
/// import's ratios are measured against.
void RawSignatureLimit(benchmark::State& state)
{
    const auto threads = static_cast<unsigned>(state.range(0));
    for (auto _ : state) {
        state.counters["verify_per_s"] = RawVerifyRate(threads, SchnorrShare(), RawMode::PREPARSED);
        state.counters["parse_verify_per_s"] = RawVerifyRate(threads, SchnorrShare(), RawMode::PARSE);
        state.SetIterationTime(1.0);
    }
}
BENCHMARK(RawSignatureLimit)->ArgName("threads")->Arg(1)->Arg(2)->Iterations(1)->UseManualTime();

} // namespace
