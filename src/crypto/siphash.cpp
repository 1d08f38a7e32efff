#include <hearth/crypto/siphash.h>

#include <cstring>

namespace hearth::crypto {

namespace {

constexpr uint64_t Rotl(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

struct SipState {
    uint64_t v0, v1, v2, v3;

    SipState(uint64_t k0, uint64_t k1) :
        v0{0x736f6d6570736575ULL ^ k0}, v1{0x646f72616e646f6dULL ^ k1}, v2{0x6c7967656e657261ULL ^ k0},
        v3{0x7465646279746573ULL ^ k1}
    {}

    void Round()
    {
        v0 += v1;
        v1 = Rotl(v1, 13);
        v1 ^= v0;
        v0 = Rotl(v0, 32);
        v2 += v3;
        v3 = Rotl(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = Rotl(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = Rotl(v1, 17);
        v1 ^= v2;
        v2 = Rotl(v2, 32);
    }

    void Compress(uint64_t m)
    {
        v3 ^= m;
        Round();
        Round();
        v0 ^= m;
    }

    uint64_t Finish(uint64_t last)
    {
        Compress(last);
        v2 ^= 0xff;
        Round();
        Round();
        Round();
        Round();
        return v0 ^ v1 ^ v2 ^ v3;
    }
};

uint64_t ReadLe64(const uint8_t* p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t{p[i]} << (8 * i);
    return v;
}

} // namespace

uint64_t SipHash24(uint64_t k0, uint64_t k1, util::ByteSpan data)
{
    SipState s{k0, k1};
    const size_t full = data.size() / 8;
    for (size_t i = 0; i < full; ++i) s.Compress(ReadLe64(data.data() + 8 * i));
    uint64_t last = uint64_t{data.size() & 0xff} << 56;
    for (size_t i = 0; i < data.size() % 8; ++i) last |= uint64_t{data[8 * full + i]} << (8 * i);
    return s.Finish(last);
}

uint64_t SipHashUint256Extra(uint64_t k0, uint64_t k1, const util::Uint256& val, uint32_t extra)
{
    SipState s{k0, k1};
    for (size_t i = 0; i < 4; ++i) s.Compress(val.GetUint64(i));
    return s.Finish((uint64_t{36} << 56) | extra);
}

} // namespace hearth::crypto
