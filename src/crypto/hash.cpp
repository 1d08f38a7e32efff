#include <hearth/crypto/hash.h>

#include <hearth/crypto/sha256.h>
#include <hearth/util/check.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace hearth::crypto {

namespace {

// One-shot digest through EVP; the algorithm is fetched once per process.
template <size_t N>
util::Blob<N> EvpDigest(const char* name, util::ByteSpan data)
{
    util::Blob<N> out;
    Assert(EVP_Q_digest(nullptr, name, nullptr, data.data(), data.size(), out.data(), nullptr) == 1);
    return out;
}

} // namespace

util::Uint160 Ripemd160(util::ByteSpan data) { return EvpDigest<20>("RIPEMD160", data); }

util::Uint160 Hash160(util::ByteSpan data)
{
    const util::Uint256 sha = Sha256Hash(data);
    return Ripemd160(sha.span());
}

util::Uint160 Sha1(util::ByteSpan data) { return EvpDigest<20>("SHA1", data); }

util::Uint256 HmacSha256(util::ByteSpan key, util::ByteSpan data)
{
    util::Uint256 out;
    unsigned int len = 0;
    Assert(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data.data(), data.size(), out.data(),
                &len) != nullptr);
    Assert(len == 32);
    return out;
}

std::array<uint8_t, 64> HmacSha512(util::ByteSpan key, util::ByteSpan data)
{
    std::array<uint8_t, 64> out{};
    unsigned int len = 0;
    Assert(HMAC(EVP_sha512(), key.data(), static_cast<int>(key.size()), data.data(), data.size(), out.data(),
                &len) != nullptr);
    Assert(len == 64);
    return out;
}

util::Bytes Pbkdf2HmacSha512(util::ByteSpan password, util::ByteSpan salt, uint32_t iterations, size_t out_len)
{
    util::Bytes out(out_len);
    Assert(PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(password.data()), static_cast<int>(password.size()),
                             salt.data(), static_cast<int>(salt.size()), static_cast<int>(iterations),
                             EVP_sha512(), static_cast<int>(out_len), out.data()) == 1);
    return out;
}

} // namespace hearth::crypto
