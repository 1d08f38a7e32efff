#ifndef HEARTH_UTIL_ARITH_UINT256_H
#define HEARTH_UTIL_ARITH_UINT256_H

// 256-bit unsigned arithmetic for proof-of-work targets and chain work. Wraps modulo 2^256 as
// Core's arith_uint256 does; conversions to and from Uint256 treat its bytes as little-endian.

#include <hearth/util/uint256.h>

#include <array>
#include <compare>
#include <cstdint>
#include <string>

namespace hearth::util {

class ArithUint256
{
public:
    constexpr ArithUint256() = default;
    constexpr ArithUint256(uint64_t v) : m_limb{v, 0, 0, 0} {} // NOLINT: implicit, like an integer

    static ArithUint256 FromUint256(const Uint256& v);
    Uint256 ToUint256() const;

    /// Decodes Bitcoin's compact "nBits" form. `negative`/`overflow` report the encodings consensus
    /// treats as invalid targets (Core's arith_uint256::SetCompact).
    static ArithUint256 FromCompact(uint32_t compact, bool* negative = nullptr, bool* overflow = nullptr);
    /// Encodes to compact form (rounding down), as Core's GetCompact.
    uint32_t GetCompact(bool negative = false) const;

    /// Number of significant bits (0 for zero).
    unsigned Bits() const;
    uint64_t Low64() const { return m_limb[0]; }
    double GetDouble() const;
    /// Display-order (big-endian) hex of 64 digits.
    std::string ToHex() const { return ToUint256().ToHex(); }

    ArithUint256& operator+=(const ArithUint256& b);
    ArithUint256& operator-=(const ArithUint256& b);
    ArithUint256& operator*=(const ArithUint256& b);
    ArithUint256& operator/=(const ArithUint256& b); ///< Division by zero asserts.
    ArithUint256& operator<<=(unsigned shift);
    ArithUint256& operator>>=(unsigned shift);
    ArithUint256 operator~() const;

    friend ArithUint256 operator+(ArithUint256 a, const ArithUint256& b) { return a += b; }
    friend ArithUint256 operator-(ArithUint256 a, const ArithUint256& b) { return a -= b; }
    friend ArithUint256 operator*(ArithUint256 a, const ArithUint256& b) { return a *= b; }
    friend ArithUint256 operator/(ArithUint256 a, const ArithUint256& b) { return a /= b; }
    friend ArithUint256 operator<<(ArithUint256 a, unsigned s) { return a <<= s; }
    friend ArithUint256 operator>>(ArithUint256 a, unsigned s) { return a >>= s; }

    friend bool operator==(const ArithUint256&, const ArithUint256&) = default;
    friend std::strong_ordering operator<=>(const ArithUint256& a, const ArithUint256& b)
    {
        for (int i = 3; i >= 0; --i) {
            if (a.m_limb[i] != b.m_limb[i]) return a.m_limb[i] <=> b.m_limb[i];
        }
        return std::strong_ordering::equal;
    }

private:
    std::array<uint64_t, 4> m_limb{}; // little-endian limbs
};

} // namespace hearth::util

#endif // HEARTH_UTIL_ARITH_UINT256_H
