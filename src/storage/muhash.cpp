#include <hearth/storage/muhash.h>

#include <hearth/crypto/sha256.h>
#include <hearth/util/check.h>

#include <openssl/bn.h>
#include <openssl/evp.h>

#include <cstring>

namespace hearth::storage {

namespace {

/// 2^3072 − 1103717, the largest 3072-bit safe prime (Core's MAX_PRIME_DIFF = 1103717).
constexpr unsigned long MAX_PRIME_DIFF = 1103717;

struct BnDeleter {
    void operator()(BIGNUM* b) const { BN_free(b); }
};
using Bn = std::unique_ptr<BIGNUM, BnDeleter>;

Bn NewBn()
{
    Bn b{BN_new()};
    Assert(b != nullptr); // out of memory
    return b;
}

Bn DupBn(const BIGNUM* a)
{
    Bn b{BN_dup(a)};
    Assert(b != nullptr);
    return b;
}

/// The modulus and its Montgomery context, built once and only read afterwards (OpenSSL's Montgomery
/// multiplication does not modify the context, so threads may share it).
struct Modulus {
    Bn p;
    BN_MONT_CTX* mont{nullptr};
    /// R mod p, where R = 2^3072 is the Montgomery radix (so R ≡ 1103717).
    Bn r;
    /// R^-1 mod p.
    Bn r_inv;

    Modulus()
    {
        p = NewBn();
        Assert(BN_set_bit(p.get(), 3072) == 1);
        Assert(BN_sub_word(p.get(), MAX_PRIME_DIFF) == 1);
        BN_CTX* ctx = BN_CTX_new();
        Assert(ctx != nullptr);
        mont = BN_MONT_CTX_new();
        Assert(mont != nullptr && BN_MONT_CTX_set(mont, p.get(), ctx) == 1);
        r = NewBn();
        Assert(BN_to_montgomery(r.get(), BN_value_one(), mont, ctx) == 1);
        r_inv = NewBn();
        Assert(BN_mod_inverse(r_inv.get(), r.get(), p.get(), ctx) != nullptr);
        BN_CTX_free(ctx);
    }
    ~Modulus() { BN_MONT_CTX_free(mont); }
};

const Modulus& GetModulus()
{
    static const Modulus m;
    return m;
}

/// ChaCha20 keystream of SHA256(data), nonce 0, counter 0: 384 bytes (Core's MuHash3072::ToNum3072).
std::array<uint8_t, MuHash3072::BYTE_SIZE> Keystream(util::ByteSpan data)
{
    const util::Uint256 key = crypto::Sha256Hash(data);
    std::array<uint8_t, MuHash3072::BYTE_SIZE> out{};
    static constexpr std::array<uint8_t, MuHash3072::BYTE_SIZE> ZEROS{};
    // OpenSSL's 16-byte ChaCha20 IV is the 32-bit little-endian block counter followed by the 96-bit
    // nonce (RFC 8439 layout); all zero here.
    const uint8_t iv[16] = {};
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    Assert(ctx != nullptr);
    int len = 0;
    Assert(EVP_EncryptInit_ex(ctx, EVP_chacha20(), nullptr, key.data(), iv) == 1);
    Assert(EVP_EncryptUpdate(ctx, out.data(), &len, ZEROS.data(), static_cast<int>(ZEROS.size())) == 1);
    Assert(len == static_cast<int>(out.size()));
    EVP_CIPHER_CTX_free(ctx);
    return out;
}

/// Reads 384 little-endian bytes, reduced below p (Montgomery multiplication needs inputs < p).
Bn FromBytes(util::ByteSpan le, BN_CTX* ctx)
{
    Assert(le.size() == MuHash3072::BYTE_SIZE);
    Bn b{BN_lebin2bn(le.data(), static_cast<int>(le.size()), nullptr)};
    Assert(b != nullptr);
    if (BN_cmp(b.get(), GetModulus().p.get()) >= 0) Assert(BN_nnmod(b.get(), b.get(), GetModulus().p.get(), ctx) == 1);
    return b;
}

void ToBytes(const BIGNUM* b, uint8_t* out)
{
    Assert(BN_bn2lebinpad(b, out, static_cast<int>(MuHash3072::BYTE_SIZE)) == static_cast<int>(MuHash3072::BYTE_SIZE));
}

} // namespace

/// A value v is kept as (s, k) with v ≡ s·R^k (mod p): each Montgomery product divides by R, and
/// counting those instead of undoing each one halves the work per element.
struct MuHash3072::Impl {
    Bn num;
    Bn den;
    int64_t num_k{0};
    int64_t den_k{0};
    BN_CTX* ctx;

    Impl() : num{NewBn()}, den{NewBn()}, ctx{BN_CTX_new()}
    {
        Assert(ctx != nullptr);
        BN_one(num.get());
        BN_one(den.get());
    }
    Impl(const Impl& o) :
        num{DupBn(o.num.get())}, den{DupBn(o.den.get())}, num_k{o.num_k}, den_k{o.den_k}, ctx{BN_CTX_new()}
    {
        Assert(ctx != nullptr);
    }
    Impl& operator=(const Impl&) = delete;
    ~Impl() { BN_CTX_free(ctx); }

    /// s ← s·x·R^-1, so k grows by one (plus x's own count when x is scaled too).
    void MulInto(Bn& s, int64_t& k, const BIGNUM* x, int64_t x_k)
    {
        Assert(BN_mod_mul_montgomery(s.get(), s.get(), x, GetModulus().mont, ctx) == 1);
        k += x_k + 1;
    }

    /// The true value s·R^k mod p.
    Bn Value(const BIGNUM* s, int64_t k)
    {
        const Modulus& m = GetModulus();
        Bn out = DupBn(s);
        if (k == 0) return out;
        Bn e = NewBn();
        Assert(BN_set_word(e.get(), static_cast<BN_ULONG>(k < 0 ? -k : k)) == 1);
        Bn factor = NewBn();
        Assert(BN_mod_exp_mont(factor.get(), k < 0 ? m.r_inv.get() : m.r.get(), e.get(), m.p.get(), ctx, m.mont) == 1);
        Assert(BN_mod_mul(out.get(), out.get(), factor.get(), m.p.get(), ctx) == 1);
        return out;
    }

    /// Replaces (s, k) by (v, 0) for numerator and denominator.
    void Normalize()
    {
        num = Value(num.get(), num_k);
        num_k = 0;
        den = Value(den.get(), den_k);
        den_k = 0;
    }
};

MuHash3072::MuHash3072() : m_impl{std::make_unique<Impl>()} {}

MuHash3072::MuHash3072(util::ByteSpan data) : MuHash3072() { Insert(data); }

MuHash3072::~MuHash3072() = default;
MuHash3072::MuHash3072(const MuHash3072& other) : m_impl{std::make_unique<Impl>(*other.m_impl)} {}
MuHash3072& MuHash3072::operator=(const MuHash3072& other)
{
    if (this != &other) m_impl = std::make_unique<Impl>(*other.m_impl);
    return *this;
}
MuHash3072::MuHash3072(MuHash3072&&) noexcept = default;
MuHash3072& MuHash3072::operator=(MuHash3072&&) noexcept = default;

std::array<uint8_t, MuHash3072::BYTE_SIZE> MuHash3072::ToNum3072(util::ByteSpan data) { return Keystream(data); }

MuHash3072& MuHash3072::Insert(util::ByteSpan data)
{
    const auto bytes = Keystream(data);
    const Bn x = FromBytes(bytes, m_impl->ctx);
    m_impl->MulInto(m_impl->num, m_impl->num_k, x.get(), 0);
    return *this;
}

MuHash3072& MuHash3072::Remove(util::ByteSpan data)
{
    const auto bytes = Keystream(data);
    const Bn x = FromBytes(bytes, m_impl->ctx);
    m_impl->MulInto(m_impl->den, m_impl->den_k, x.get(), 0);
    return *this;
}

MuHash3072& MuHash3072::operator*=(const MuHash3072& other)
{
    if (this == &other) {
        const MuHash3072 copy{other};
        return *this *= copy;
    }
    m_impl->MulInto(m_impl->num, m_impl->num_k, other.m_impl->num.get(), other.m_impl->num_k);
    m_impl->MulInto(m_impl->den, m_impl->den_k, other.m_impl->den.get(), other.m_impl->den_k);
    return *this;
}

MuHash3072& MuHash3072::operator/=(const MuHash3072& other)
{
    if (this == &other) {
        const MuHash3072 copy{other};
        return *this /= copy;
    }
    m_impl->MulInto(m_impl->num, m_impl->num_k, other.m_impl->den.get(), other.m_impl->den_k);
    m_impl->MulInto(m_impl->den, m_impl->den_k, other.m_impl->num.get(), other.m_impl->num_k);
    return *this;
}

util::Uint256 MuHash3072::Finalize()
{
    const Modulus& m = GetModulus();
    m_impl->Normalize();
    Bn inv = NewBn();
    // The denominator is a product of non-zero numbers below a prime, so it is invertible (a zero
    // element would need SHA256+ChaCha20 to output a multiple of p).
    Assert(BN_mod_inverse(inv.get(), m_impl->den.get(), m.p.get(), m_impl->ctx) != nullptr);
    Assert(BN_mod_mul(m_impl->num.get(), m_impl->num.get(), inv.get(), m.p.get(), m_impl->ctx) == 1);
    BN_one(m_impl->den.get());
    std::array<uint8_t, BYTE_SIZE> bytes{};
    ToBytes(m_impl->num.get(), bytes.data());
    return crypto::Sha256Hash(bytes);
}

std::array<uint8_t, 2 * MuHash3072::BYTE_SIZE> MuHash3072::Serialize() const
{
    Impl copy{*m_impl};
    copy.Normalize();
    std::array<uint8_t, 2 * BYTE_SIZE> out{};
    ToBytes(copy.num.get(), out.data());
    ToBytes(copy.den.get(), out.data() + BYTE_SIZE);
    return out;
}

util::Result<MuHash3072> MuHash3072::Deserialize(util::ByteSpan bytes)
{
    if (bytes.size() != 2 * BYTE_SIZE) {
        return util::Error{"MuHash3072 state must be " + std::to_string(2 * BYTE_SIZE) + " bytes, got " +
                           std::to_string(bytes.size())};
    }
    MuHash3072 out;
    out.m_impl->num = FromBytes(bytes.first(BYTE_SIZE), out.m_impl->ctx);
    out.m_impl->den = FromBytes(bytes.subspan(BYTE_SIZE), out.m_impl->ctx);
    if (BN_is_zero(out.m_impl->den.get())) return util::Error{"MuHash3072 state has a zero denominator"};
    return out;
}

} // namespace hearth::storage
