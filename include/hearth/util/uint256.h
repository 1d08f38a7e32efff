#ifndef HEARTH_UTIL_UINT256_H
#define HEARTH_UTIL_UINT256_H

// Fixed-size opaque byte strings: hashes and x-only keys. Bytes are kept in internal (wire) order;
// ToHex() shows them reversed, as Bitcoin prints txids and block hashes ("display order").

#include <hearth/util/bytes.h>
#include <hearth/util/check.h>
#include <hearth/util/hex.h>

#include <algorithm>
#include <array>
#include <compare>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::util {

template <size_t N>
class Blob
{
public:
    static constexpr size_t SIZE = N;

    constexpr Blob() = default;
    constexpr explicit Blob(const std::array<uint8_t, N>& bytes) : m_data{bytes} {}
    /// Copies exactly N bytes; `bytes` must have size N.
    explicit Blob(ByteSpan bytes)
    {
        Assert(bytes.size() == N);
        std::memcpy(m_data.data(), bytes.data(), N);
    }

    uint8_t* data() { return m_data.data(); }
    const uint8_t* data() const { return m_data.data(); }
    static constexpr size_t size() { return N; }
    auto begin() const { return m_data.begin(); }
    auto end() const { return m_data.end(); }
    auto begin() { return m_data.begin(); }
    auto end() { return m_data.end(); }
    uint8_t& operator[](size_t i) { return m_data[i]; }
    const uint8_t& operator[](size_t i) const { return m_data[i]; }
    ByteSpan span() const { return {m_data.data(), N}; }
    const std::array<uint8_t, N>& array() const { return m_data; }

    bool IsNull() const
    {
        return std::all_of(m_data.begin(), m_data.end(), [](uint8_t b) { return b == 0; });
    }
    void SetNull() { m_data.fill(0); }

    /// Hex in display order (last byte first), as RPC prints hashes.
    std::string ToHex() const
    {
        std::array<uint8_t, N> rev;
        std::reverse_copy(m_data.begin(), m_data.end(), rev.begin());
        return HexStr(rev);
    }
    /// Hex in internal order.
    std::string ToHexInternal() const { return HexStr(m_data); }

    /// Parses display-order hex of exactly 2N digits.
    static std::optional<Blob> FromHex(std::string_view hex)
    {
        if (hex.size() != 2 * N) return std::nullopt;
        auto bytes = ParseHex(hex);
        if (!bytes) return std::nullopt;
        Blob out;
        std::reverse_copy(bytes->begin(), bytes->end(), out.m_data.begin());
        return out;
    }
    /// Parses internal-order hex of exactly 2N digits.
    static std::optional<Blob> FromHexInternal(std::string_view hex)
    {
        if (hex.size() != 2 * N) return std::nullopt;
        auto bytes = ParseHex(hex);
        if (!bytes) return std::nullopt;
        return Blob{ByteSpan{*bytes}};
    }

    /// The first 8 bytes as a little-endian integer: a cheap hash for tables (inputs are already hashes).
    uint64_t GetUint64(size_t pos = 0) const
    {
        uint64_t v = 0;
        for (size_t i = 0; i < 8; ++i) v |= uint64_t{m_data[pos * 8 + i]} << (8 * i);
        return v;
    }

    friend constexpr bool operator==(const Blob&, const Blob&) = default;
    friend constexpr auto operator<=>(const Blob& a, const Blob& b) { return a.m_data <=> b.m_data; }

private:
    std::array<uint8_t, N> m_data{};
};

using Uint256 = Blob<32>;
using Uint160 = Blob<20>;

} // namespace hearth::util

#endif // HEARTH_UTIL_UINT256_H
