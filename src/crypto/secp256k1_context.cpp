#include <hearth/crypto/secp256k1_context.h>

#include <hearth/crypto/random.h>
#include <hearth/util/check.h>

#include <openssl/crypto.h>
#include <secp256k1.h>

#include <array>
#include <cstdint>

namespace hearth::crypto {

namespace {

secp256k1_context* CreateContext()
{
    secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    Assert(ctx != nullptr);
    // Randomizing blinds the generator multiplication used by signing and key creation against timing
    // and power side channels (libsecp256k1's recommendation; Core does the same in ECC_Start).
    std::array<uint8_t, 32> seed;
    GetStrongRandBytes(seed);
    Assert(secp256k1_context_randomize(ctx, seed.data()) == 1);
    OPENSSL_cleanse(seed.data(), seed.size());
    return ctx;
}

} // namespace

const secp256k1_context* Secp256k1Context()
{
    // Intentionally never destroyed: objects with static storage may still sign or verify during
    // shutdown, and the OS reclaims the memory at exit.
    static const secp256k1_context* const ctx = CreateContext();
    return ctx;
}

} // namespace hearth::crypto
