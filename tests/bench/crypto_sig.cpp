// Signature verification: raw libsecp256k1 calls next to our wrappers, so the wrapper overhead (parsing
// the key and the DER signature, normalizing S, context lookup) is visible in one run.

#include <hearth/crypto/key.h>
#include <hearth/crypto/secp256k1_context.h>
#include <hearth/crypto/sha256.h>
#include <hearth/util/bytes.h>
#include <hearth/util/check.h>

#include <benchmark/benchmark.h>
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

namespace {

using namespace hearth;

struct Fixture {
    crypto::PrivKey key = crypto::PrivKey::FromBytes(crypto::Sha256Hash(util::AsBytes("hearth bench key")).span());
    util::Uint256 hash = crypto::Sha256Hash(util::AsBytes("hearth bench message"));
    crypto::PubKey pub = key.GetPubKey();
    crypto::XOnlyPubKey xonly = key.GetXOnlyPubKey();
    util::Bytes der = key.SignEcdsa(hash);
    std::array<uint8_t, 64> schnorr = *key.SignSchnorr(hash, nullptr, util::Uint256{});
};

const Fixture& Get()
{
    static const Fixture f;
    return f;
}

/// secp256k1_ecdsa_verify on an already parsed key and signature: the floor.
void RawEcdsaVerify(benchmark::State& state)
{
    const Fixture& f = Get();
    const secp256k1_context* ctx = crypto::Secp256k1Context();
    secp256k1_pubkey pk;
    secp256k1_ecdsa_signature sig;
    Assert(secp256k1_ec_pubkey_parse(ctx, &pk, f.pub.span().data(), f.pub.size()) == 1);
    Assert(secp256k1_ecdsa_signature_parse_der(ctx, &sig, f.der.data(), f.der.size()) == 1);
    for (auto _ : state) benchmark::DoNotOptimize(secp256k1_ecdsa_verify(ctx, &sig, f.hash.data(), &pk));
}
BENCHMARK(RawEcdsaVerify);

/// Raw parse of the serialized key and DER signature plus verify: what a script check must do at minimum.
void RawEcdsaParseAndVerify(benchmark::State& state)
{
    const Fixture& f = Get();
    const secp256k1_context* ctx = crypto::Secp256k1Context();
    for (auto _ : state) {
        secp256k1_pubkey pk;
        secp256k1_ecdsa_signature sig;
        int ok = secp256k1_ec_pubkey_parse(ctx, &pk, f.pub.span().data(), f.pub.size());
        ok &= secp256k1_ecdsa_signature_parse_der(ctx, &sig, f.der.data(), f.der.size());
        ok &= secp256k1_ecdsa_verify(ctx, &sig, f.hash.data(), &pk);
        benchmark::DoNotOptimize(ok);
    }
}
BENCHMARK(RawEcdsaParseAndVerify);

/// Our PubKey::VerifyEcdsa: key parse, lax DER parse, normalize, verify.
void PubKeyVerifyEcdsa(benchmark::State& state)
{
    const Fixture& f = Get();
    Assert(f.pub.VerifyEcdsa(f.hash, f.der));
    for (auto _ : state) benchmark::DoNotOptimize(f.pub.VerifyEcdsa(f.hash, f.der));
}
BENCHMARK(PubKeyVerifyEcdsa);

/// Parsing a compressed public key alone (a field square root to recover y): the part of every ECDSA
/// input's cost that pre-parsed raw verification leaves out.
void RawPubKeyParseCompressed(benchmark::State& state)
{
    const Fixture& f = Get();
    const secp256k1_context* ctx = crypto::Secp256k1Context();
    for (auto _ : state) {
        secp256k1_pubkey pk;
        benchmark::DoNotOptimize(secp256k1_ec_pubkey_parse(ctx, &pk, f.pub.span().data(), f.pub.size()));
    }
}
BENCHMARK(RawPubKeyParseCompressed);

/// Parsing an x-only key alone (BIP340 lift_x, a square root): the same for every Taproot key-path input.
void RawXOnlyPubKeyParse(benchmark::State& state)
{
    const Fixture& f = Get();
    const secp256k1_context* ctx = crypto::Secp256k1Context();
    for (auto _ : state) {
        secp256k1_xonly_pubkey pk;
        benchmark::DoNotOptimize(secp256k1_xonly_pubkey_parse(ctx, &pk, f.xonly.span().data()));
    }
}
BENCHMARK(RawXOnlyPubKeyParse);

/// secp256k1_schnorrsig_verify on an already parsed x-only key.
void RawSchnorrVerify(benchmark::State& state)
{
    const Fixture& f = Get();
    const secp256k1_context* ctx = crypto::Secp256k1Context();
    secp256k1_xonly_pubkey pk;
    Assert(secp256k1_xonly_pubkey_parse(ctx, &pk, f.xonly.span().data()) == 1);
    for (auto _ : state) {
        benchmark::DoNotOptimize(secp256k1_schnorrsig_verify(ctx, f.schnorr.data(), f.hash.data(), 32, &pk));
    }
}
BENCHMARK(RawSchnorrVerify);

/// Our XOnlyPubKey::VerifySchnorr: x-only key parse (a square root) and verify.
void XOnlyVerifySchnorr(benchmark::State& state)
{
    const Fixture& f = Get();
    Assert(f.xonly.VerifySchnorr(f.hash, f.schnorr));
    for (auto _ : state) benchmark::DoNotOptimize(f.xonly.VerifySchnorr(f.hash, f.schnorr));
}
BENCHMARK(XOnlyVerifySchnorr);

} // namespace
