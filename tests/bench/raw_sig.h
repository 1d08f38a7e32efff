#ifndef HEARTH_BENCH_RAW_SIG_H
#define HEARTH_BENCH_RAW_SIG_H

// The raw libsecp256k1 baselines benchmarks measure our verification against: a signature kept both
// serialized and pre-parsed, verified either on its pre-parsed key and signature (the curve work alone) or
// parsed from its bytes each time (what any verifier of serialized signatures must do at the least: a
// compressed or x-only key costs a field square root to parse).

#include <hearth/crypto/secp256k1_context.h>
#include <hearth/util/bytes.h>
#include <hearth/util/check.h>
#include <hearth/util/uint256.h>

#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

namespace hearth::bench {

struct RawSig {
    bool schnorr{false};
    util::Bytes pubkey; ///< 33-byte compressed, or 32-byte x-only
    util::Bytes sig;    ///< DER (ECDSA) or 64 bytes (Schnorr)
    util::Uint256 msg;
    secp256k1_pubkey parsed_pk{};
    secp256k1_xonly_pubkey parsed_xonly{};
    secp256k1_ecdsa_signature parsed_sig{};
};

/// Fills the parsed fields from the serialized ones (which must parse).
inline void ParseRawSig(RawSig& r)
{
    const secp256k1_context* ctx = crypto::Secp256k1Context();
    if (r.schnorr) {
        Assert(secp256k1_xonly_pubkey_parse(ctx, &r.parsed_xonly, r.pubkey.data()) == 1);
    } else {
        Assert(secp256k1_ec_pubkey_parse(ctx, &r.parsed_pk, r.pubkey.data(), r.pubkey.size()) == 1);
        Assert(secp256k1_ecdsa_signature_parse_der(ctx, &r.parsed_sig, r.sig.data(), r.sig.size()) == 1);
    }
}

/// Verifies on the pre-parsed key and signature: 1 if valid.
inline int RawVerifyPreparsed(const RawSig& r)
{
    const secp256k1_context* ctx = crypto::Secp256k1Context();
    return r.schnorr ? secp256k1_schnorrsig_verify(ctx, r.sig.data(), r.msg.data(), 32, &r.parsed_xonly)
                     : secp256k1_ecdsa_verify(ctx, &r.parsed_sig, r.msg.data(), &r.parsed_pk);
}

/// Parses the serialized key and signature, then verifies: 1 if valid.
inline int RawParseAndVerify(const RawSig& r)
{
    const secp256k1_context* ctx = crypto::Secp256k1Context();
    if (r.schnorr) {
        secp256k1_xonly_pubkey pk;
        return secp256k1_xonly_pubkey_parse(ctx, &pk, r.pubkey.data()) &&
               secp256k1_schnorrsig_verify(ctx, r.sig.data(), r.msg.data(), 32, &pk);
    }
    secp256k1_pubkey pk;
    secp256k1_ecdsa_signature sig;
    return secp256k1_ec_pubkey_parse(ctx, &pk, r.pubkey.data(), r.pubkey.size()) &&
           secp256k1_ecdsa_signature_parse_der(ctx, &sig, r.sig.data(), r.sig.size()) &&
           secp256k1_ecdsa_verify(ctx, &sig, r.msg.data(), &pk);
}

} // namespace hearth::bench

#endif // HEARTH_BENCH_RAW_SIG_H
