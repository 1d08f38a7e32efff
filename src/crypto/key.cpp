#include <hearth/crypto/key.h>

#include <hearth/crypto/hash.h>
#include <hearth/crypto/random.h>
#include <hearth/crypto/secp256k1_context.h>
#include <hearth/crypto/sha256.h>
#include <hearth/util/check.h>

#include <openssl/crypto.h>
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

#include <cstring>

namespace hearth::crypto {

namespace {

/// Serialized length implied by a public key's first byte (Core's CPubKey::GetLen): 02/03 compressed,
/// 04 uncompressed, 06/07 hybrid (uncompressed with the y parity repeated in the header); 0 otherwise.
size_t PubKeyLenFromHeader(uint8_t header)
{
    if (header == 2 || header == 3) return PubKey::COMPRESSED_SIZE;
    if (header == 4 || header == 6 || header == 7) return PubKey::SIZE;
    return 0;
}

/// Reads a DER length field that used the long form: `count` bytes, big-endian, after skipping leading
/// zero bytes. Fails (as Core's lax parser) when more than 3 significant length bytes remain, which
/// no real signature needs. `pos` is advanced past the field.
bool ReadLongLength(util::ByteSpan in, size_t& pos, size_t count, size_t& out)
{
    if (count > in.size() - pos) return false;
    while (count > 0 && in[pos] == 0) {
        ++pos;
        --count;
    }
    if (count >= 4) return false;
    out = 0;
    for (; count > 0; --count) out = (out << 8) | in[pos++];
    return true;
}

/// Reads one "02 <len> <bytes>" INTEGER laxly; sets (start, len) to its content. Negative values,
/// excess padding and long-form lengths are tolerated.
bool ReadLaxInteger(util::ByteSpan in, size_t& pos, size_t& start, size_t& len)
{
    if (pos == in.size() || in[pos] != 0x02) return false;
    ++pos;
    if (pos == in.size()) return false;
    const size_t lenbyte = in[pos++];
    if (lenbyte & 0x80) {
        if (!ReadLongLength(in, pos, lenbyte - 0x80, len)) return false;
    } else {
        len = lenbyte;
    }
    if (len > in.size() - pos) return false;
    start = pos;
    pos += len;
    return true;
}

/// Right-aligns an integer's significant bytes into a 32-byte big-endian slot; false if it needs more.
bool CopyScalar(util::ByteSpan in, size_t start, size_t len, uint8_t* out32)
{
    while (len > 0 && in[start] == 0) {
        ++start;
        --len;
    }
    if (len > 32) return false;
    if (len > 0) std::memcpy(out32 + 32 - len, in.data() + start, len);
    return true;
}

/// Lax DER parsing of an ECDSA signature, with the semantics of Core's ecdsa_signature_parse_der_lax
/// (itself from libsecp256k1's contrib/lax_der_parsing.c). Consensus needs exactly this leniency: before
/// BIP66 the chain accepted BER-like encodings (negative integers, padding, long-form lengths, trailing
/// garbage after S), and OpenSSL-era nodes accepted them, so CHECKSIG without DERSIG must too.
///
/// Returns false only for structural failures (missing tags, lengths past the end). An R or S that does
/// not fit in 32 bytes or is ≥ the group order still "parses", into the all-zero signature, which no key
/// verifies — the same outcome as in Core, where such a signature is simply invalid.
bool ParseDerLax(util::ByteSpan in, secp256k1_ecdsa_signature& sig)
{
    const secp256k1_context* ctx = Secp256k1Context();
    size_t pos = 0;

    // SEQUENCE tag; its length is skipped without being checked against the content.
    if (pos == in.size() || in[pos] != 0x30) return false;
    ++pos;
    if (pos == in.size()) return false;
    size_t lenbyte = in[pos++];
    if (lenbyte & 0x80) {
        lenbyte -= 0x80;
        if (lenbyte > in.size() - pos) return false;
        pos += lenbyte;
    }

    size_t r_start = 0, r_len = 0, s_start = 0, s_len = 0;
    if (!ReadLaxInteger(in, pos, r_start, r_len)) return false;
    if (!ReadLaxInteger(in, pos, s_start, s_len)) return false;
    // Bytes after S are ignored.

    uint8_t compact[64] = {0};
    bool ok = CopyScalar(in, r_start, r_len, compact) && CopyScalar(in, s_start, s_len, compact + 32);
    if (ok) ok = secp256k1_ecdsa_signature_parse_compact(ctx, &sig, compact) == 1;
    if (!ok) {
        std::memset(compact, 0, sizeof(compact));
        Assert(secp256k1_ecdsa_signature_parse_compact(ctx, &sig, compact) == 1);
    }
    return true;
}

/// True if the DER encoding of R needs no 0x00 pad byte, i.e. R < 2^255 (Core's SigHasLowR).
bool SigHasLowR(const secp256k1_ecdsa_signature& sig)
{
    uint8_t compact[64];
    secp256k1_ecdsa_signature_serialize_compact(Secp256k1Context(), compact, &sig);
    return compact[0] < 0x80;
}

const Sha256& TapTweakHasher()
{
    static const Sha256 hasher = TaggedHasher("TapTweak");
    return hasher;
}

void WriteLe32(uint8_t* out, uint32_t v)
{
    for (int i = 0; i < 4; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
}

/// A secp256k1 keypair, wiped when it goes out of scope.
struct ScopedKeypair {
    secp256k1_keypair kp;
    ~ScopedKeypair() { OPENSSL_cleanse(&kp, sizeof(kp)); }
};

} // namespace

// ------------------------------------------------------------------------------------------ PubKey

PubKey::PubKey(util::ByteSpan bytes)
{
    if (bytes.empty()) return;
    const size_t len = PubKeyLenFromHeader(bytes[0]);
    if (len == 0 || len != bytes.size()) return;
    std::memcpy(m_data.data(), bytes.data(), len);
    m_size = len;
}

bool PubKey::IsFullyValid() const
{
    if (!IsValid()) return false;
    secp256k1_pubkey pk;
    return secp256k1_ec_pubkey_parse(Secp256k1Context(), &pk, m_data.data(), m_size) == 1;
}

util::Uint160 PubKey::GetId() const { return Hash160(span()); }

bool PubKey::VerifyEcdsa(const util::Uint256& hash, util::ByteSpan sig) const
{
    if (!IsValid()) return false;
    const secp256k1_context* ctx = Secp256k1Context();
    secp256k1_pubkey pk;
    if (!secp256k1_ec_pubkey_parse(ctx, &pk, m_data.data(), m_size)) return false;
    secp256k1_ecdsa_signature parsed;
    if (!ParseDerLax(sig, parsed)) return false;
    // libsecp256k1 only verifies low-S signatures, but consensus never required low S (BIP62 LOW_S is
    // policy), so normalize first as Core's CPubKey::Verify does.
    secp256k1_ecdsa_signature_normalize(ctx, &parsed, &parsed);
    return secp256k1_ecdsa_verify(ctx, &parsed, hash.data(), &pk) == 1;
}

bool PubKey::CheckLowS(util::ByteSpan sig)
{
    secp256k1_ecdsa_signature parsed;
    if (!ParseDerLax(sig, parsed)) return false;
    // normalize() returns 1 when S was high (and would have been changed).
    return secp256k1_ecdsa_signature_normalize(Secp256k1Context(), nullptr, &parsed) == 0;
}

std::optional<PubKey> PubKey::Decompressed() const
{
    if (!IsValid()) return std::nullopt;
    const secp256k1_context* ctx = Secp256k1Context();
    secp256k1_pubkey pk;
    if (!secp256k1_ec_pubkey_parse(ctx, &pk, m_data.data(), m_size)) return std::nullopt;
    uint8_t out[SIZE];
    size_t out_len = SIZE;
    secp256k1_ec_pubkey_serialize(ctx, out, &out_len, &pk, SECP256K1_EC_UNCOMPRESSED);
    return PubKey{util::ByteSpan{out, out_len}};
}

std::optional<PubKey> PubKey::TweakAdd(util::ByteSpan tweak32) const
{
    if (!IsValid() || tweak32.size() != 32) return std::nullopt;
    const secp256k1_context* ctx = Secp256k1Context();
    secp256k1_pubkey pk;
    if (!secp256k1_ec_pubkey_parse(ctx, &pk, m_data.data(), m_size)) return std::nullopt;
    // Fails if the tweak is ≥ n or the result is the point at infinity (BIP32: "the resulting key is invalid").
    if (!secp256k1_ec_pubkey_tweak_add(ctx, &pk, tweak32.data())) return std::nullopt;
    uint8_t out[SIZE];
    size_t out_len = SIZE;
    secp256k1_ec_pubkey_serialize(ctx, out, &out_len, &pk,
                                  IsCompressed() ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED);
    return PubKey{util::ByteSpan{out, out_len}};
}

// ------------------------------------------------------------------------------------- XOnlyPubKey

std::optional<XOnlyPubKey> XOnlyPubKey::FromBytes(util::ByteSpan bytes)
{
    if (bytes.size() != 32) return std::nullopt;
    return XOnlyPubKey{util::Uint256{bytes}};
}

XOnlyPubKey XOnlyPubKey::FromPubKey(const PubKey& key)
{
    // Bytes 1..32 are x in both the compressed and the uncompressed encodings (Core's
    // XOnlyPubKey(const CPubKey&)).
    if (!key.IsValid()) return XOnlyPubKey{};
    return XOnlyPubKey{util::Uint256{key.span().subspan(1, 32)}};
}

bool XOnlyPubKey::IsFullyValid() const
{
    secp256k1_xonly_pubkey pk;
    return secp256k1_xonly_pubkey_parse(Secp256k1Context(), &pk, m_x.data()) == 1;
}

bool XOnlyPubKey::VerifySchnorr(const util::Uint256& msg, util::ByteSpan sig64) const
{
    return VerifySchnorrMessage(msg.span(), sig64);
}

bool XOnlyPubKey::VerifySchnorrMessage(util::ByteSpan msg, util::ByteSpan sig64) const
{
    if (sig64.size() != 64) return false;
    const secp256k1_context* ctx = Secp256k1Context();
    secp256k1_xonly_pubkey pk;
    if (!secp256k1_xonly_pubkey_parse(ctx, &pk, m_x.data())) return false;
    return secp256k1_schnorrsig_verify(ctx, sig64.data(), msg.data(), msg.size(), &pk) == 1;
}

util::Uint256 XOnlyPubKey::ComputeTapTweakHash(const util::Uint256* merkle_root) const
{
    // BIP341: t = hash_TapTweak(P) for a key-only output, hash_TapTweak(P || root) with a script tree.
    Sha256 hasher = TapTweakHasher();
    hasher.Write(m_x.span());
    if (merkle_root != nullptr) hasher.Write(merkle_root->span());
    return hasher.Finalize();
}

std::optional<std::pair<XOnlyPubKey, bool>> XOnlyPubKey::CreateTapTweak(const util::Uint256* merkle_root) const
{
    const secp256k1_context* ctx = Secp256k1Context();
    secp256k1_xonly_pubkey base;
    if (!secp256k1_xonly_pubkey_parse(ctx, &base, m_x.data())) return std::nullopt;
    const util::Uint256 tweak = ComputeTapTweakHash(merkle_root);
    secp256k1_pubkey tweaked;
    if (!secp256k1_xonly_pubkey_tweak_add(ctx, &tweaked, &base, tweak.data())) return std::nullopt;
    secp256k1_xonly_pubkey tweaked_x;
    int parity = 0;
    if (!secp256k1_xonly_pubkey_from_pubkey(ctx, &tweaked_x, &parity, &tweaked)) return std::nullopt;
    util::Uint256 out;
    secp256k1_xonly_pubkey_serialize(ctx, out.data(), &tweaked_x);
    return std::pair{XOnlyPubKey{out}, parity == 1};
}

bool XOnlyPubKey::CheckTapTweak(const XOnlyPubKey& internal, const util::Uint256& merkle_root, bool parity) const
{
    const secp256k1_context* ctx = Secp256k1Context();
    secp256k1_xonly_pubkey internal_key;
    if (!secp256k1_xonly_pubkey_parse(ctx, &internal_key, internal.m_x.data())) return false;
    const util::Uint256 tweak = internal.ComputeTapTweakHash(&merkle_root);
    return secp256k1_xonly_pubkey_tweak_add_check(ctx, m_x.data(), parity ? 1 : 0, &internal_key, tweak.data()) == 1;
}

// ----------------------------------------------------------------------------------------- PrivKey

PrivKey::~PrivKey() { OPENSSL_cleanse(m_secret.data(), m_secret.size()); }

PrivKey PrivKey::FromBytes(util::ByteSpan secret, bool compressed)
{
    PrivKey key;
    key.m_compressed = compressed;
    if (secret.size() != key.m_secret.size()) return key;
    if (secp256k1_ec_seckey_verify(Secp256k1Context(), secret.data()) != 1) return key;
    std::memcpy(key.m_secret.data(), secret.data(), secret.size());
    key.m_valid = true;
    return key;
}

PrivKey PrivKey::Generate(bool compressed)
{
    PrivKey key;
    key.m_compressed = compressed;
    // A uniformly random 256-bit value is outside [1, n-1] with probability ~2^-128; retry as Core does.
    do {
        GetStrongRandBytes(key.m_secret);
    } while (secp256k1_ec_seckey_verify(Secp256k1Context(), key.m_secret.data()) != 1);
    key.m_valid = true;
    return key;
}

PubKey PrivKey::GetPubKey() const
{
    if (!m_valid) return PubKey{};
    const secp256k1_context* ctx = Secp256k1Context();
    secp256k1_pubkey pk;
    Assert(secp256k1_ec_pubkey_create(ctx, &pk, m_secret.data()) == 1);
    uint8_t out[PubKey::SIZE];
    size_t out_len = sizeof(out);
    secp256k1_ec_pubkey_serialize(ctx, out, &out_len, &pk,
                                  m_compressed ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED);
    return PubKey{util::ByteSpan{out, out_len}};
}

XOnlyPubKey PrivKey::GetXOnlyPubKey() const { return XOnlyPubKey::FromPubKey(GetPubKey()); }

PrivKey PrivKey::TweakAdd(util::ByteSpan tweak32) const
{
    PrivKey out;
    out.m_compressed = m_compressed;
    if (!m_valid || tweak32.size() != 32) return out;
    out.m_secret = m_secret;
    // Fails if the tweak is ≥ n or the sum is zero mod n (BIP32: "the resulting key is invalid").
    if (secp256k1_ec_seckey_tweak_add(Secp256k1Context(), out.m_secret.data(), tweak32.data()) != 1) {
        OPENSSL_cleanse(out.m_secret.data(), out.m_secret.size());
        return out;
    }
    out.m_valid = true;
    return out;
}

util::Bytes PrivKey::SignEcdsa(const util::Uint256& hash) const
{
    if (!m_valid) return {};
    const secp256k1_context* ctx = Secp256k1Context();
    secp256k1_ecdsa_signature sig;
    // RFC 6979 nonce; libsecp256k1 always outputs low S. As Core's CKey::Sign (grind = true), retry
    // with a little-endian counter as extra nonce data until R < 2^255: R then encodes in 32 bytes and
    // the signature in at most 70 (71 with the sighash byte), which makes fee estimates exact. The
    // first attempt uses no extra data, so the result equals plain RFC 6979 half of the time.
    uint8_t extra[32] = {0};
    uint32_t counter = 0;
    Assert(secp256k1_ecdsa_sign(ctx, &sig, hash.data(), m_secret.data(), secp256k1_nonce_function_rfc6979, nullptr) ==
           1);
    while (!SigHasLowR(sig)) {
        WriteLe32(extra, ++counter);
        Assert(secp256k1_ecdsa_sign(ctx, &sig, hash.data(), m_secret.data(), secp256k1_nonce_function_rfc6979, extra) ==
               1);
    }
    uint8_t der[72];
    size_t der_len = sizeof(der);
    Assert(secp256k1_ecdsa_signature_serialize_der(ctx, der, &der_len, &sig) == 1);
    // Verify before handing the signature out: a fault during signing could otherwise leak the key.
    secp256k1_pubkey pk;
    Assert(secp256k1_ec_pubkey_create(ctx, &pk, m_secret.data()) == 1);
    Assert(secp256k1_ecdsa_verify(ctx, &sig, hash.data(), &pk) == 1);
    return util::Bytes(der, der + der_len);
}

std::optional<std::array<uint8_t, 64>> PrivKey::SignSchnorr(const util::Uint256& msg, const util::Uint256* merkle_root,
                                                            const util::Uint256& aux) const
{
    if (!m_valid) return std::nullopt;
    const secp256k1_context* ctx = Secp256k1Context();
    ScopedKeypair kp;
    if (!secp256k1_keypair_create(ctx, &kp.kp, m_secret.data())) return std::nullopt;
    if (merkle_root != nullptr) {
        // Key-path spending signs with the output key Q = P + t·G. A null root stands for "no script
        // tree" (BIP86), whose tweak hashes P alone (Core's KeyPair constructor).
        secp256k1_xonly_pubkey internal;
        Assert(secp256k1_keypair_xonly_pub(ctx, &internal, nullptr, &kp.kp) == 1);
        util::Uint256 internal_x;
        secp256k1_xonly_pubkey_serialize(ctx, internal_x.data(), &internal);
        const util::Uint256 tweak =
            XOnlyPubKey{internal_x}.ComputeTapTweakHash(merkle_root->IsNull() ? nullptr : merkle_root);
        if (!secp256k1_keypair_xonly_tweak_add(ctx, &kp.kp, tweak.data())) return std::nullopt;
    }
    std::array<uint8_t, 64> sig{};
    if (!secp256k1_schnorrsig_sign32(ctx, sig.data(), msg.data(), &kp.kp, aux.data())) return std::nullopt;
    // Verify before release, as Core does, so a faulty computation never leaves the process.
    secp256k1_xonly_pubkey out_key;
    Assert(secp256k1_keypair_xonly_pub(ctx, &out_key, nullptr, &kp.kp) == 1);
    Assert(secp256k1_schnorrsig_verify(ctx, sig.data(), msg.data(), 32, &out_key) == 1);
    return sig;
}

std::optional<std::array<uint8_t, 64>> PrivKey::SignSchnorrMessage(util::ByteSpan msg, const util::Uint256& aux) const
{
    if (!m_valid) return std::nullopt;
    const secp256k1_context* ctx = Secp256k1Context();
    ScopedKeypair kp;
    if (!secp256k1_keypair_create(ctx, &kp.kp, m_secret.data())) return std::nullopt;
    // Default (BIP340) nonce function with `aux` as its auxiliary randomness.
    secp256k1_schnorrsig_extraparams params = SECP256K1_SCHNORRSIG_EXTRAPARAMS_INIT;
    params.ndata = const_cast<uint8_t*>(aux.data());
    std::array<uint8_t, 64> sig{};
    if (!secp256k1_schnorrsig_sign_custom(ctx, sig.data(), msg.data(), msg.size(), &kp.kp, &params)) {
        return std::nullopt;
    }
    secp256k1_xonly_pubkey out_key;
    Assert(secp256k1_keypair_xonly_pub(ctx, &out_key, nullptr, &kp.kp) == 1);
    Assert(secp256k1_schnorrsig_verify(ctx, sig.data(), msg.data(), msg.size(), &out_key) == 1);
    return sig;
}

} // namespace hearth::crypto
