// RIPEMD-160 and SHA-1 go through OpenSSL's low-level one-shot functions: they are deprecated in 3.0 in
// favour of EVP, but EVP_Q_digest fetches the algorithm on every call, which costs several times the hash
// itself for the 32-byte inputs of HASH160 (and the one-shot RIPEMD160()/SHA1() call it too) (every P2PKH/P2WPKH
// check). Same reasoning as sha256.cpp.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <hearth/crypto/hash.h>

#include <hearth/crypto/sha256.h>
#include <hearth/util/check.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/ripemd.h>
#include <openssl/sha.h>

namespace hearth::crypto {

util::Uint160 Ripemd160(util::ByteSpan data)
{
    // Init/Update/Final: in OpenSSL 3 the one-shot RIPEMD160() also goes through EVP_Q_digest.
    RIPEMD160_CTX ctx;
    RIPEMD160_Init(&ctx);
    RIPEMD160_Update(&ctx, data.data(), data.size());
    util::Uint160 out;
    RIPEMD160_Final(out.data(), &ctx);
    return out;
}

util::Uint160 Hash160(util::ByteSpan data)
{
    const util::Uint256 sha = Sha256Hash(data);
    return Ripemd160(sha.span());
}

util::Uint160 Sha1(util::ByteSpan data)
{
    SHA_CTX ctx;
    SHA1_Init(&ctx);
    SHA1_Update(&ctx, data.data(), data.size());
    util::Uint160 out;
    SHA1_Final(out.data(), &ctx);
    return out;
}

util::Uint256 HmacSha256(util::ByteSpan key, util::ByteSpan data)
{
    util::Uint256 out;
    unsigned int len = 0;
    Assert(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data.data(), data.size(), out.data(), &len) !=
           nullptr);
    Assert(len == 32);
    return out;
}

std::array<uint8_t, 64> HmacSha512(util::ByteSpan key, util::ByteSpan data)
{
    std::array<uint8_t, 64> out{};
    unsigned int len = 0;
    Assert(HMAC(EVP_sha512(), key.data(), static_cast<int>(key.size()), data.data(), data.size(), out.data(), &len) !=
           nullptr);
    Assert(len == 64);
    return out;
}

util::Bytes Pbkdf2HmacSha512(util::ByteSpan password, util::ByteSpan salt, uint32_t iterations, size_t out_len)
{
    util::Bytes out(out_len);
    Assert(PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(password.data()), static_cast<int>(password.size()),
                             salt.data(), static_cast<int>(salt.size()), static_cast<int>(iterations), EVP_sha512(),
                             static_cast<int>(out_len), out.data()) == 1);
    return out;
}

} // namespace hearth::crypto
