#ifndef HEARTH_SERIALIZE_STREAM_H
#define HEARTH_SERIALIZE_STREAM_H

// Byte streams for Bitcoin's wire format: little-endian integers, CompactSize lengths, byte strings.
//
// Writing goes to any "sink" with Write(ByteSpan): VectorWriter (a byte vector), SizeCounter (counts
// only), HashWriter (SHA-256d). Reading uses Reader, which never throws: the first failure (truncated
// input, non-canonical CompactSize, oversized length) makes it fail permanently, every later read
// returns zeros, and the caller checks ok() once at the end. Lengths are checked against the bytes
// actually left before anything is allocated, so a prefix claiming 4 GB costs nothing.

#include <hearth/crypto/sha256.h>
#include <hearth/util/bytes.h>
#include <hearth/util/uint256.h>

#include <array>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

namespace hearth::serialize {

/// Largest CompactSize value accepted as a length (Core's MAX_SIZE, 32 MiB).
constexpr uint64_t MAX_SIZE = 0x02000000;

// ---------------------------------------------------------------------------------------- sinks

/// Appends to a byte vector it does not own.
class VectorWriter
{
public:
    explicit VectorWriter(util::Bytes& out) : m_out{out} {}
    void Write(util::ByteSpan data) { m_out.insert(m_out.end(), data.begin(), data.end()); }

private:
    util::Bytes& m_out;
};

/// Counts bytes without storing them (serialized sizes).
class SizeCounter
{
public:
    void Write(util::ByteSpan data) { m_size += data.size(); }
    size_t size() const { return m_size; }

private:
    size_t m_size{0};
};

/// Hashes what is written with SHA-256d (txids, block hashes, legacy and BIP143 sighashes).
class HashWriter
{
public:
    void Write(util::ByteSpan data) { m_hasher.Write(data); }
    /// SHA-256d of everything written; call once.
    util::Uint256 GetHash() { return m_hasher.Finalize(); }

private:
    crypto::Sha256d256 m_hasher;
};

/// Hashes what is written with one SHA-256 (BIP341's sub-hashes and tagged hashes).
class Sha256Writer
{
public:
    Sha256Writer() = default;
    /// Starts from a prepared state, e.g. crypto::TaggedHasher("TapSighash").
    explicit Sha256Writer(const crypto::Sha256& state) : m_hasher{state} {}
    void Write(util::ByteSpan data) { m_hasher.Write(data); }
    /// SHA-256 of everything written; call once.
    util::Uint256 GetHash() { return m_hasher.Finalize(); }

private:
    crypto::Sha256 m_hasher;
};

template <typename S>
concept Sink = requires(S& s, util::ByteSpan b)
{
    s.Write(b);
};

template <Sink S>
void WriteU8(S& s, uint8_t v)
{
    s.Write({&v, 1});
}

template <Sink S, std::unsigned_integral T>
void WriteLE(S& s, T v)
{
    uint8_t buf[sizeof(T)];
    for (size_t i = 0; i < sizeof(T); ++i) buf[i] = static_cast<uint8_t>(v >> (8 * i));
    s.Write({buf, sizeof(T)});
}

template <Sink S>
void WriteU16(S& s, uint16_t v)
{
    WriteLE(s, v);
}
template <Sink S>
void WriteU32(S& s, uint32_t v)
{
    WriteLE(s, v);
}
template <Sink S>
void WriteU64(S& s, uint64_t v)
{
    WriteLE(s, v);
}
template <Sink S>
void WriteI32(S& s, int32_t v)
{
    WriteLE(s, static_cast<uint32_t>(v));
}
template <Sink S>
void WriteI64(S& s, int64_t v)
{
    WriteLE(s, static_cast<uint64_t>(v));
}

/// Writes Bitcoin's CompactSize: 1, 3, 5 or 9 bytes, always the shortest form.
template <Sink S>
void WriteCompactSize(S& s, uint64_t n)
{
    if (n < 253) {
        WriteU8(s, static_cast<uint8_t>(n));
    } else if (n <= 0xffff) {
        WriteU8(s, 253);
        WriteU16(s, static_cast<uint16_t>(n));
    } else if (n <= 0xffffffff) {
        WriteU8(s, 254);
        WriteU32(s, static_cast<uint32_t>(n));
    } else {
        WriteU8(s, 255);
        WriteU64(s, n);
    }
}

/// Number of bytes WriteCompactSize(n) produces.
constexpr size_t CompactSizeLen(uint64_t n) { return n < 253 ? 1 : n <= 0xffff ? 3 : n <= 0xffffffff ? 5 : 9; }

/// Writes a length-prefixed byte string.
template <Sink S>
void WriteBytesWithSize(S& s, util::ByteSpan data)
{
    WriteCompactSize(s, data.size());
    s.Write(data);
}

// ---------------------------------------------------------------------------------------- reader

/// Reads from a span it does not own. See the file comment for the failure model.
class Reader
{
public:
    explicit Reader(util::ByteSpan data) : m_data{data} {}

    /// True while no read has failed.
    bool ok() const { return !m_failed; }
    /// What went wrong first, for the person reading the log ("" while ok()).
    const std::string& error() const { return m_error; }
    /// Marks the stream failed with `why` (kept only if it is the first failure).
    void Fail(std::string why);

    size_t Remaining() const { return m_data.size() - m_pos; }
    bool empty() const { return Remaining() == 0; }
    size_t Position() const { return m_pos; }
    /// The bytes consumed so far, e.g. to hash a header without re-serializing it.
    util::ByteSpan Consumed(size_t from) const { return m_data.subspan(from, m_pos - from); }

    /// The next `n` bytes as a view; empty (and failed) if fewer are left.
    util::ByteSpan ReadSpan(size_t n);
    /// Copies the next out.size() bytes into `out` (zeros on failure).
    void ReadInto(std::span<uint8_t> out);

    uint8_t ReadU8();
    uint16_t ReadU16() { return ReadLE<uint16_t>(); }
    uint32_t ReadU32() { return ReadLE<uint32_t>(); }
    uint64_t ReadU64() { return ReadLE<uint64_t>(); }
    int32_t ReadI32() { return static_cast<int32_t>(ReadLE<uint32_t>()); }
    int64_t ReadI64() { return static_cast<int64_t>(ReadLE<uint64_t>()); }

    /// Reads a CompactSize, rejecting non-canonical encodings (Core: "non-canonical ReadCompactSize()")
    /// and, when `range_check` is set, values above MAX_SIZE ("ReadCompactSize(): size too large").
    uint64_t ReadCompactSize(bool range_check = true);

    /// Reads a length prefix for `elem_min_size`-byte (or larger) elements and checks that so many
    /// could fit in the bytes left, so callers can reserve without risk. Returns 0 on failure.
    size_t ReadCount(size_t elem_min_size = 1);

    /// Reads a length-prefixed byte string.
    util::Bytes ReadBytesWithSize();

    template <std::unsigned_integral T>
    T ReadLE()
    {
        const util::ByteSpan b = ReadSpan(sizeof(T));
        if (b.empty()) return 0;
        T v = 0;
        for (size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(T{b[i]} << (8 * i));
        return v;
    }

private:
    util::ByteSpan m_data;
    size_t m_pos{0};
    bool m_failed{false};
    std::string m_error;
};

// ------------------------------------------------------------------- templated Serialize/Unserialize
// Types define `template <Sink S> void Serialize(S&) const` and `void Unserialize(Reader&)` members;
// these free functions cover the built-in types and containers, so one call handles any nesting.

template <Sink S, typename T>
requires requires(const T& t, S& s) { t.Serialize(s); }
void Serialize(S& s, const T& obj) { obj.Serialize(s); }
template <typename T>
requires requires(T& t, Reader& r) { t.Unserialize(r); }
void Unserialize(Reader& r, T& obj) { obj.Unserialize(r); }

template <Sink S, std::integral T>
void Serialize(S& s, T v)
{
    WriteLE(s, static_cast<std::make_unsigned_t<T>>(v));
}
template <std::integral T>
void Unserialize(Reader& r, T& v)
{
    v = static_cast<T>(r.ReadLE<std::make_unsigned_t<T>>());
}

template <Sink S, size_t N>
void Serialize(S& s, const util::Blob<N>& b)
{
    s.Write(b.span());
}
template <size_t N>
void Unserialize(Reader& r, util::Blob<N>& b)
{
    r.ReadInto({b.data(), N});
}

template <Sink S, size_t N>
void Serialize(S& s, const std::array<uint8_t, N>& a)
{
    s.Write(a);
}
template <size_t N>
void Unserialize(Reader& r, std::array<uint8_t, N>& a)
{
    r.ReadInto(a);
}

/// Byte vectors: CompactSize length then the bytes.
template <Sink S>
void Serialize(S& s, const util::Bytes& v)
{
    WriteBytesWithSize(s, v);
}
inline void Unserialize(Reader& r, util::Bytes& v) { v = r.ReadBytesWithSize(); }

/// Other vectors: CompactSize count then each element.
template <Sink S, typename T>
requires(!std::same_as<T, uint8_t>) void Serialize(S& s, const std::vector<T>& v)
{
    WriteCompactSize(s, v.size());
    for (const T& e : v) Serialize(s, e);
}
template <typename T>
requires(!std::same_as<T, uint8_t>) void Unserialize(Reader& r, std::vector<T>& v)
{
    v.clear();
    const size_t n = r.ReadCount();
    v.reserve(n);
    for (size_t i = 0; i < n && r.ok(); ++i) {
        v.emplace_back();
        Unserialize(r, v.back());
    }
}

/// Serializes `obj` into a new byte vector.
template <typename T>
util::Bytes SerializeToBytes(const T& obj)
{
    util::Bytes out;
    VectorWriter w{out};
    Serialize(w, obj);
    return out;
}

/// Serialized size of `obj` in bytes.
template <typename T>
size_t SerializedSize(const T& obj)
{
    SizeCounter c;
    Serialize(c, obj);
    return c.size();
}

} // namespace hearth::serialize

#endif // HEARTH_SERIALIZE_STREAM_H
