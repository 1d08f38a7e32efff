// OpenSSL's one-shot SHA256_* functions are deprecated in 3.0 in favour of EVP, but EVP costs a context
// fetch per hash, which dominates for the 64- and 80-byte inputs Bitcoin hashes most (merkle nodes,
// headers). The low-level API is still shipped and uses SHA-NI/AVX2; we keep it behind this one file.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <hearth/crypto/sha256.h>

#include <openssl/sha.h>

#include <cstring>

namespace hearth::crypto {

static_assert(sizeof(SHA256_CTX) == 112, "Sha256::m_ctx must fit SHA256_CTX");

static SHA256_CTX* Ctx(unsigned char* storage) { return reinterpret_cast<SHA256_CTX*>(storage); }

Sha256::Sha256() { SHA256_Init(Ctx(m_ctx)); }

Sha256& Sha256::Write(util::ByteSpan data)
{
    SHA256_Update(Ctx(m_ctx), data.data(), data.size());
    return *this;
}

util::Uint256 Sha256::Finalize()
{
    util::Uint256 out;
    SHA256_Final(out.data(), Ctx(m_ctx));
    return out;
}

// Not OpenSSL's one-shot SHA256(): in 3.0 it goes through EVP_Q_digest (an algorithm fetch per call),
// which measured ~470 ns against ~125 ns for Init/Update/Final on a 64-byte input.
static void OneShot(const uint8_t* data, size_t len, uint8_t* out)
{
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, data, len);
    SHA256_Final(out, &ctx);
}

util::Uint256 Sha256Hash(util::ByteSpan data)
{
    util::Uint256 out;
    OneShot(data.data(), data.size(), out.data());
    return out;
}

util::Uint256 Sha256d(util::ByteSpan data)
{
    util::Uint256 once;
    OneShot(data.data(), data.size(), once.data());
    util::Uint256 out;
    OneShot(once.data(), once.size(), out.data());
    return out;
}

util::Uint256 Sha256d64(const util::Uint256& a, const util::Uint256& b)
{
    unsigned char buf[64];
    std::memcpy(buf, a.data(), 32);
    std::memcpy(buf + 32, b.data(), 32);
    return Sha256d({buf, 64});
}

util::Uint256 Sha256d256::Finalize()
{
    const util::Uint256 once = m_inner.Finalize();
    return Sha256Hash(once.span());
}

Sha256 TaggedHasher(std::string_view tag)
{
    const util::Uint256 tag_hash = Sha256Hash(util::AsBytes(tag));
    Sha256 hasher;
    hasher.Write(tag_hash.span()).Write(tag_hash.span());
    return hasher;
}

util::Uint256 TaggedHash(std::string_view tag, util::ByteSpan data) { return TaggedHasher(tag).Write(data).Finalize(); }

} // namespace hearth::crypto
