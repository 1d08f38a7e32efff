#include <hearth/crypto/random.h>

#include <hearth/util/check.h>

#include <openssl/rand.h>

namespace hearth::crypto {

void GetStrongRandBytes(std::span<uint8_t> out)
{
    if (out.empty()) return;
    Assert(RAND_bytes(out.data(), static_cast<int>(out.size())) == 1);
}

util::Uint256 GetRandUint256()
{
    util::Uint256 r;
    GetStrongRandBytes({r.data(), r.size()});
    return r;
}

uint64_t GetRandU64()
{
    uint8_t buf[8];
    GetStrongRandBytes(buf);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t{buf[i]} << (8 * i);
    return v;
}

} // namespace hearth::crypto
