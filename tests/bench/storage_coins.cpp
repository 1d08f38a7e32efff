// Coin encoding throughput and size: the 732 real UTXOs of btcd's 277647.utxostore (all P2PKH, 2013),
// and the 3,967 UTXOs of the regtest chain Bitcoin Core mined (P2WPKH, P2TR, P2PKH, P2SH, P2WSH).
// Also MuHash3072 per-coin cost (gettxoutsetinfo hash_type=muhash, coinstatsindex).

#include "bench_util.h"

#include <hearth/crypto/sha256.h>
#include <hearth/storage/block_file_reader.h>
#include <hearth/storage/coin.h>
#include <hearth/storage/muhash.h>

#include <benchmark/benchmark.h>

#include <map>
#include <vector>

using namespace hearth;
using namespace hearth::storage;

namespace {

struct Utxo {
    primitives::OutPoint outpoint;
    Coin coin;
};

const std::vector<Utxo>& Utxos277647()
{
    static const std::vector<Utxo> utxos = [] {
        std::vector<Utxo> out;
        const util::Bytes store = bench::ReadVectorFile("277647.utxostore");
        serialize::Reader r{store};
        while (!r.empty() && r.ok()) {
            Utxo u;
            r.ReadInto({u.outpoint.hash.data(), 32});
            u.outpoint.n = r.ReadU32();
            const uint32_t len = r.ReadU32();
            auto coin = DecodeCoin(r.ReadSpan(len));
            if (!coin) std::abort();
            u.coin = *coin;
            out.push_back(std::move(u));
        }
        return out;
    }();
    return utxos;
}

const std::vector<Utxo>& UtxosRegtest()
{
    static const std::vector<Utxo> utxos = [] {
        std::map<primitives::OutPoint, Coin> set;
        auto reader = BlockFileReader::Open(bench::VectorPath("regtest-core-chain.dat"), {0xfa, 0xbf, 0xb5, 0xda});
        if (!reader) std::abort();
        for (uint32_t height = 0;; ++height) {
            auto next = (*reader)->Next();
            if (!next || !*next) break;
            for (const auto& tx : (*next)->block.vtx) {
                if (!tx->IsCoinBase()) {
                    for (const auto& in : tx->vin) set.erase(in.prevout);
                }
                if (height == 0) continue;
                for (uint32_t i = 0; i < tx->vout.size(); ++i) {
                    const auto& s = tx->vout[i].script_pubkey;
                    if (!s.empty() && s[0] == 0x6a) continue;
                    set[primitives::OutPoint{tx->GetTxid(), i}] = Coin{tx->vout[i], height, tx->IsCoinBase()};
                }
            }
        }
        std::vector<Utxo> out;
        for (auto& [op, coin] : set) out.push_back({op, coin});
        return out;
    }();
    return utxos;
}

void EncodeBench(benchmark::State& state, const std::vector<Utxo>& utxos)
{
    size_t value_bytes = 0;
    size_t key_bytes = 0;
    size_t script_bytes = 0;
    for (const auto& u : utxos) {
        value_bytes += EncodeCoin(u.coin).size();
        key_bytes += CoinKey(u.outpoint).size();
        script_bytes += u.coin.out.script_pubkey.size();
    }
    util::Bytes buf;
    buf.reserve(256);
    for (auto _ : state) {
        for (const auto& u : utxos) {
            buf.clear();
            serialize::VectorWriter w{buf};
            SerializeCoin(w, u.coin);
            benchmark::DoNotOptimize(buf.data());
        }
    }
    const double n = static_cast<double>(utxos.size());
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * utxos.size()));
    state.counters["coins"] = n;
    state.counters["value_B_per_coin"] = static_cast<double>(value_bytes) / n;
    state.counters["record_B_per_coin"] = static_cast<double>(value_bytes + key_bytes) / n;
    // The same facts stored plainly: script, 8-byte amount, 4-byte height/coinbase.
    state.counters["plain_B_per_coin"] = static_cast<double>(script_bytes) / n + 12;
}

void DecodeBench(benchmark::State& state, const std::vector<Utxo>& utxos)
{
    std::vector<util::Bytes> encoded;
    for (const auto& u : utxos) encoded.push_back(EncodeCoin(u.coin));
    for (auto _ : state) {
        for (const auto& e : encoded) {
            auto coin = DecodeCoin(e);
            benchmark::DoNotOptimize(coin);
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * encoded.size()));
}

void BM_CoinEncode277647(benchmark::State& state) { EncodeBench(state, Utxos277647()); }
void BM_CoinDecode277647(benchmark::State& state) { DecodeBench(state, Utxos277647()); }
void BM_CoinEncodeRegtest(benchmark::State& state) { EncodeBench(state, UtxosRegtest()); }
void BM_CoinDecodeRegtest(benchmark::State& state) { DecodeBench(state, UtxosRegtest()); }

void BM_MuHashInsertCoin(benchmark::State& state)
{
    const auto& utxos = UtxosRegtest();
    std::vector<util::Bytes> ser;
    for (const auto& u : utxos) ser.push_back(CoinHashSerialization(u.outpoint, u.coin));
    MuHash3072 acc;
    size_t i = 0;
    for (auto _ : state) {
        acc.Insert(ser[i++ % ser.size()]);
    }
    benchmark::DoNotOptimize(acc.Finalize());
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void BM_HashSerialized3Coin(benchmark::State& state)
{
    const auto& utxos = UtxosRegtest();
    crypto::Sha256d256 h;
    size_t i = 0;
    for (auto _ : state) {
        const auto& u = utxos[i++ % utxos.size()];
        h.Write(CoinHashSerialization(u.outpoint, u.coin));
    }
    benchmark::DoNotOptimize(h.Finalize());
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

} // namespace

BENCHMARK(BM_CoinEncode277647);
BENCHMARK(BM_CoinDecode277647);
BENCHMARK(BM_CoinEncodeRegtest);
BENCHMARK(BM_CoinDecodeRegtest);
BENCHMARK(BM_MuHashInsertCoin);
BENCHMARK(BM_HashSerialized3Coin);
