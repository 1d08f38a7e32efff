#include <hearth/util/arith_uint256.h>

#include <hearth/util/check.h>

namespace hearth::util {

ArithUint256 ArithUint256::FromUint256(const Uint256& v)
{
    ArithUint256 r;
    for (int i = 0; i < 4; ++i) r.m_limb[i] = v.GetUint64(i);
    return r;
}

Uint256 ArithUint256::ToUint256() const
{
    Uint256 r;
    for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 8; ++j) r[i * 8 + j] = static_cast<uint8_t>(m_limb[i] >> (8 * j));
    }
    return r;
}

ArithUint256 ArithUint256::FromCompact(uint32_t compact, bool* negative, bool* overflow)
{
    const unsigned size = compact >> 24;
    uint32_t word = compact & 0x007fffff;
    ArithUint256 r;
    if (size <= 3) {
        word >>= 8 * (3 - size);
        r = word;
    } else {
        r = word;
        r <<= 8 * (size - 3);
    }
    if (negative) *negative = word != 0 && (compact & 0x00800000) != 0;
    if (overflow) {
        *overflow = word != 0 && ((size > 34) || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
    }
    return r;
}

uint32_t ArithUint256::GetCompact(bool negative) const
{
    unsigned size = (Bits() + 7) / 8;
    uint32_t compact = 0;
    if (size <= 3) {
        compact = static_cast<uint32_t>(Low64() << (8 * (3 - size)));
    } else {
        compact = static_cast<uint32_t>((*this >> (8 * (size - 3))).Low64());
    }
    // The 0x00800000 bit is the sign; if set, shift the mantissa down one byte.
    if (compact & 0x00800000) {
        compact >>= 8;
        size++;
    }
    Assert((compact & ~0x007fffffU) == 0);
    Assert(size < 256);
    compact |= size << 24;
    compact |= (negative && (compact & 0x007fffff) ? 0x00800000 : 0);
    return compact;
}

unsigned ArithUint256::Bits() const
{
    for (int i = 3; i >= 0; --i) {
        if (m_limb[i]) return 64 * i + (64 - __builtin_clzll(m_limb[i]));
    }
    return 0;
}

double ArithUint256::GetDouble() const
{
    double r = 0.0;
    double fact = 1.0;
    for (int i = 0; i < 4; ++i) {
        r += fact * static_cast<double>(m_limb[i]);
        fact *= 18446744073709551616.0; // 2^64
    }
    return r;
}

ArithUint256& ArithUint256::operator+=(const ArithUint256& b)
{
    unsigned __int128 carry = 0;
    for (int i = 0; i < 4; ++i) {
        carry += static_cast<unsigned __int128>(m_limb[i]) + b.m_limb[i];
        m_limb[i] = static_cast<uint64_t>(carry);
        carry >>= 64;
    }
    return *this;
}

ArithUint256 ArithUint256::operator~() const
{
    ArithUint256 r;
    for (int i = 0; i < 4; ++i) r.m_limb[i] = ~m_limb[i];
    return r;
}

ArithUint256& ArithUint256::operator-=(const ArithUint256& b)
{
    // a - b == a + (~b + 1) modulo 2^256
    *this += ~b + ArithUint256{1};
    return *this;
}

ArithUint256& ArithUint256::operator*=(const ArithUint256& b)
{
    ArithUint256 r;
    for (int i = 0; i < 4; ++i) {
        unsigned __int128 carry = 0;
        for (int j = 0; i + j < 4; ++j) {
            carry += static_cast<unsigned __int128>(m_limb[i]) * b.m_limb[j] + r.m_limb[i + j];
            r.m_limb[i + j] = static_cast<uint64_t>(carry);
            carry >>= 64;
        }
    }
    *this = r;
    return *this;
}

ArithUint256& ArithUint256::operator/=(const ArithUint256& b)
{
    Assert(b.Bits() != 0);
    ArithUint256 num = *this;
    ArithUint256 div = b;
    ArithUint256 quotient;
    const int num_bits = static_cast<int>(num.Bits());
    const int div_bits = static_cast<int>(div.Bits());
    if (div_bits > num_bits) {
        *this = quotient;
        return *this;
    }
    int shift = num_bits - div_bits;
    div <<= shift;
    while (shift >= 0) {
        if (num >= div) {
            num -= div;
            quotient.m_limb[shift / 64] |= uint64_t{1} << (shift % 64);
        }
        div >>= 1;
        shift--;
    }
    *this = quotient;
    return *this;
}

ArithUint256& ArithUint256::operator<<=(unsigned shift)
{
    if (shift >= 256) return *this = ArithUint256{};
    const unsigned limbs = shift / 64;
    const unsigned bits = shift % 64;
    std::array<uint64_t, 4> r{};
    for (int i = 3; i >= static_cast<int>(limbs); --i) {
        r[i] = m_limb[i - limbs] << bits;
        if (bits && i - static_cast<int>(limbs) - 1 >= 0) r[i] |= m_limb[i - limbs - 1] >> (64 - bits);
    }
    m_limb = r;
    return *this;
}

ArithUint256& ArithUint256::operator>>=(unsigned shift)
{
    if (shift >= 256) return *this = ArithUint256{};
    const unsigned limbs = shift / 64;
    const unsigned bits = shift % 64;
    std::array<uint64_t, 4> r{};
    for (unsigned i = 0; i + limbs < 4; ++i) {
        r[i] = m_limb[i + limbs] >> bits;
        if (bits && i + limbs + 1 < 4) r[i] |= m_limb[i + limbs + 1] << (64 - bits);
    }
    m_limb = r;
    return *this;
}

} // namespace hearth::util
