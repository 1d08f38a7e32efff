// Script verification against the libsecp256k1 floor, and signature-hash scaling.
//
// 1. A block-like batch: 100 transactions of 10 inputs, half P2WPKH and half P2TR key-path spends,
//    verified input by input as a node does (PrecomputedTransactionData per transaction, then
//    VerifyScript with the standard flags). In the same run, and interleaved in the same iterations so
//    machine load hits both alike, the same signatures go through raw libsecp256k1:
//      - "raw verify": secp256k1_ecdsa_verify / secp256k1_schnorrsig_verify on pre-parsed keys and
//        signatures, the pure curve work;
//      - "raw parse+verify": the same plus parsing the serialized key and signature, which any verifier
//        of serialized data must do (a compressed or x-only key costs a field square root to parse).
//    ScriptVerifyBatchVsRaw reports speed ratios raw_time / our_time (1.0 = as fast as raw) measured on
//    thread CPU time.
// 2. BIP143 and BIP341 signature hashes for every input of a 500/1000/2000-input transaction, including
//    PrecomputedTransactionData: the per-input cost stays flat (linear total). Legacy hashing is shown
//    for contrast (quadratic: every input re-serializes the whole transaction).

#include <hearth/crypto/hash.h>
#include <hearth/crypto/key.h>
#include <hearth/crypto/sha256.h>
#include <hearth/primitives/transaction.h>
#include <hearth/script/interpreter.h>
#include <hearth/script/sighash.h>
#include <hearth/util/check.h>

#include "raw_sig.h"

#include <benchmark/benchmark.h>

#include <ctime>
#include <vector>

namespace {

using namespace hearth;
using namespace hearth::script;
using primitives::MutableTransaction;
using primitives::Transaction;
using primitives::TxOut;

constexpr int TXS = 100;
constexpr int INPUTS_PER_TX = 10;

using bench::RawSig; // one signature as raw libsecp256k1 sees it (raw_sig.h)

struct Batch {
    std::vector<primitives::TransactionRef> txs;
    std::vector<std::vector<TxOut>> spent;
    std::vector<RawSig> raw;
};

util::Uint256 Seed(int a, int b)
{
    util::Uint256 h;
    h[0] = static_cast<uint8_t>(a);
    h[1] = static_cast<uint8_t>(a >> 8);
    h[2] = static_cast<uint8_t>(b);
    h[3] = 0x5a;
    return crypto::Sha256Hash(h.span());
}

Batch MakeBatch()
{
    Batch batch;
    for (int t = 0; t < TXS; ++t) {
        MutableTransaction mtx;
        mtx.version = 2;
        std::vector<TxOut> spent;
        std::vector<crypto::PrivKey> keys;
        for (int i = 0; i < INPUTS_PER_TX; ++i) {
            primitives::TxIn in;
            in.prevout.hash = Seed(t, i);
            in.prevout.n = static_cast<uint32_t>(i);
            in.sequence = 0xfffffffd;
            mtx.vin.push_back(in);
            const crypto::PrivKey key = crypto::PrivKey::FromBytes(Seed(t + 1000, i).span());
            keys.push_back(key);
            ScriptBytes spk;
            if (i % 2 == 0) {
                spk = {OP_0, 20};
                util::Append(spk, key.GetPubKey().GetId().span());
            } else {
                const auto tweaked = key.GetXOnlyPubKey().CreateTapTweak(nullptr);
                spk = {OP_1, 32};
                util::Append(spk, tweaked->first.span());
            }
            spent.push_back(TxOut{100000 + i, spk});
        }
        mtx.vout.push_back(
            TxOut{400000, {OP_0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}});
        mtx.vout.push_back(TxOut{500000, {OP_1, 32, 1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
                                          16,   17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}});
        PrecomputedTransactionData txdata;
        txdata.Init(mtx, spent, /*force=*/true);
        for (int i = 0; i < INPUTS_PER_TX; ++i) {
            RawSig raw;
            const crypto::PrivKey& key = keys[i];
            if (i % 2 == 0) {
                const crypto::PubKey pub = key.GetPubKey();
                ScriptBytes code{OP_DUP, OP_HASH160, 20};
                util::Append(code, pub.GetId().span());
                code.push_back(OP_EQUALVERIFY);
                code.push_back(OP_CHECKSIG);
                raw.msg = SignatureHash(code, mtx, i, SIGHASH_ALL, spent[i].value, SigVersion::WITNESS_V0, &txdata);
                raw.sig = key.SignEcdsa(raw.msg);
                raw.pubkey = util::ToBytes(pub.span());
                util::Bytes with_type = raw.sig;
                with_type.push_back(SIGHASH_ALL);
                mtx.vin[i].witness = {with_type, raw.pubkey};
            } else {
                ScriptExecutionData execdata;
                execdata.annex_init = true;
                Assert(SignatureHashSchnorr(raw.msg, execdata, mtx, i, SIGHASH_DEFAULT, SigVersion::TAPROOT, txdata));
                const util::Uint256 no_tree;
                const auto sig = key.SignSchnorr(raw.msg, &no_tree, Seed(t, i + 500));
                raw.schnorr = true;
                raw.sig.assign(sig->begin(), sig->end());
                raw.pubkey.assign(spent[i].script_pubkey.begin() + 2, spent[i].script_pubkey.end());
                mtx.vin[i].witness = {raw.sig};
            }
            bench::ParseRawSig(raw);
            batch.raw.push_back(std::move(raw));
        }
        batch.txs.push_back(primitives::MakeTransactionRef(std::move(mtx)));
        batch.spent.push_back(std::move(spent));
    }
    return batch;
}

const Batch& GetBatch()
{
    static const Batch batch = MakeBatch();
    return batch;
}

/// Verifies the batch as validation does; returns the number of valid inputs.
size_t VerifyBatchOurs(const Batch& b)
{
    size_t ok = 0;
    for (size_t t = 0; t < b.txs.size(); ++t) {
        const Transaction& tx = *b.txs[t];
        PrecomputedTransactionData txdata;
        txdata.Init(tx, b.spent[t]);
        for (unsigned i = 0; i < tx.vin.size(); ++i) {
            const TransactionSignatureChecker checker{tx, i, b.spent[t][i].value, txdata};
            ok += VerifyScript(tx.vin[i].script_sig, b.spent[t][i].script_pubkey, &tx.vin[i].witness,
                               STANDARD_SCRIPT_VERIFY_FLAGS, checker, nullptr);
        }
    }
    return ok;
}

size_t VerifyBatchRawVerifyOnly(const Batch& b)
{
    size_t ok = 0;
    for (const RawSig& r : b.raw) ok += bench::RawVerifyPreparsed(r);
    return ok;
}

size_t VerifyBatchRawParseVerify(const Batch& b)
{
    size_t ok = 0;
    for (const RawSig& r : b.raw) ok += bench::RawParseAndVerify(r);
    return ok;
}

double ThreadCpuSeconds()
{
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void SetPerSignature(benchmark::State& state)
{
    state.counters["per_sig"] =
        benchmark::Counter(static_cast<double>(TXS * INPUTS_PER_TX),
                           benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void ScriptVerifyBatch(benchmark::State& state)
{
    const Batch& b = GetBatch();
    Assert(VerifyBatchOurs(b) == b.raw.size());
    for (auto _ : state) benchmark::DoNotOptimize(VerifyBatchOurs(b));
    SetPerSignature(state);
}
BENCHMARK(ScriptVerifyBatch)->Unit(benchmark::kMillisecond);

void RawVerifyBatch(benchmark::State& state)
{
    const Batch& b = GetBatch();
    Assert(VerifyBatchRawVerifyOnly(b) == b.raw.size());
    for (auto _ : state) benchmark::DoNotOptimize(VerifyBatchRawVerifyOnly(b));
    SetPerSignature(state);
}
BENCHMARK(RawVerifyBatch)->Unit(benchmark::kMillisecond);

void RawParseVerifyBatch(benchmark::State& state)
{
    const Batch& b = GetBatch();
    Assert(VerifyBatchRawParseVerify(b) == b.raw.size());
    for (auto _ : state) benchmark::DoNotOptimize(VerifyBatchRawParseVerify(b));
    SetPerSignature(state);
}
BENCHMARK(RawParseVerifyBatch)->Unit(benchmark::kMillisecond);

/// The three interleaved in every iteration; counters are speed ratios raw/ours on thread CPU time.
void ScriptVerifyBatchVsRaw(benchmark::State& state)
{
    const Batch& b = GetBatch();
    double ours = 0;
    double raw_verify = 0;
    double raw_parse_verify = 0;
    for (auto _ : state) {
        double t0 = ThreadCpuSeconds();
        benchmark::DoNotOptimize(VerifyBatchOurs(b));
        double t1 = ThreadCpuSeconds();
        benchmark::DoNotOptimize(VerifyBatchRawVerifyOnly(b));
        double t2 = ThreadCpuSeconds();
        benchmark::DoNotOptimize(VerifyBatchRawParseVerify(b));
        double t3 = ThreadCpuSeconds();
        ours += t1 - t0;
        raw_verify += t2 - t1;
        raw_parse_verify += t3 - t2;
    }
    state.counters["ratio_vs_raw_verify"] = raw_verify / ours;
    state.counters["ratio_vs_raw_parse_verify"] = raw_parse_verify / ours;
    state.counters["ours_us_per_sig"] = ours / static_cast<double>(state.iterations()) / (TXS * INPUTS_PER_TX) * 1e6;
}
BENCHMARK(ScriptVerifyBatchVsRaw)->Unit(benchmark::kMillisecond)->MinTime(3);

// ------------------------------------------------------------------------------ sighash scaling

MutableTransaction MakeWideTx(int inputs)
{
    MutableTransaction tx;
    tx.version = 2;
    for (int i = 0; i < inputs; ++i) {
        primitives::TxIn in;
        in.prevout.hash = Seed(i, 7);
        in.prevout.n = static_cast<uint32_t>(i);
        in.script_sig = util::Bytes(107, 0x51); // a P2PKH-sized scriptSig, as in a legacy spend
        in.witness = {{0x01}};
        tx.vin.push_back(in);
    }
    for (int i = 0; i < 2; ++i) tx.vout.push_back(TxOut{1000, util::Bytes(22, 0x00)});
    return tx;
}

std::vector<TxOut> SpentFor(int inputs)
{
    std::vector<TxOut> spent;
    for (int i = 0; i < inputs; ++i) spent.push_back(TxOut{5000, util::Bytes(34, 0x51)});
    return spent;
}

void SetPerInput(benchmark::State& state, int inputs)
{
    state.counters["per_input"] =
        benchmark::Counter(inputs, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void SighashBip143AllInputs(benchmark::State& state)
{
    const int n = static_cast<int>(state.range(0));
    const Transaction tx{MakeWideTx(n)};
    const ScriptBytes code(25, 0x76);
    for (auto _ : state) {
        PrecomputedTransactionData txdata;
        txdata.Init(tx, {}, /*force=*/true);
        for (int i = 0; i < n; ++i) {
            benchmark::DoNotOptimize(SignatureHash(code, tx, i, SIGHASH_ALL, 5000, SigVersion::WITNESS_V0, &txdata));
        }
    }
    SetPerInput(state, n);
}
BENCHMARK(SighashBip143AllInputs)->Arg(500)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond);

void SighashBip341AllInputs(benchmark::State& state)
{
    const int n = static_cast<int>(state.range(0));
    const Transaction tx{MakeWideTx(n)};
    const std::vector<TxOut> spent = SpentFor(n);
    for (auto _ : state) {
        PrecomputedTransactionData txdata;
        txdata.Init(tx, spent, /*force=*/true);
        for (int i = 0; i < n; ++i) {
            ScriptExecutionData execdata;
            execdata.annex_init = true;
            util::Uint256 h;
            SignatureHashSchnorr(h, execdata, tx, static_cast<uint32_t>(i), SIGHASH_DEFAULT, SigVersion::TAPROOT,
                                 txdata);
            benchmark::DoNotOptimize(h);
        }
    }
    SetPerInput(state, n);
}
BENCHMARK(SighashBip341AllInputs)->Arg(500)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond);

/// Legacy hashing for contrast: each input serializes the whole transaction, so cost per input grows
/// with the input count (quadratic total). Why BIP143/BIP341 exist.
void SighashLegacyAllInputs(benchmark::State& state)
{
    const int n = static_cast<int>(state.range(0));
    const Transaction tx{MakeWideTx(n)};
    const ScriptBytes code(25, 0x76);
    for (auto _ : state) {
        for (int i = 0; i < n; ++i) {
            benchmark::DoNotOptimize(SignatureHash(code, tx, i, SIGHASH_ALL, 0, SigVersion::BASE));
        }
    }
    SetPerInput(state, n);
}
BENCHMARK(SighashLegacyAllInputs)->Arg(500)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond);

} // namespace
