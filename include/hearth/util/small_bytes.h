#ifndef HEARTH_UTIL_SMALL_BYTES_H
#define HEARTH_UTIL_SMALL_BYTES_H

// A byte string that keeps up to N bytes inside the object and only longer ones on the heap (Core's
// prevector, without the editing interface). The coins cache keeps every script this way: millions of
// 22–35-byte scriptPubKeys no longer cost an allocation and a free each, and reading one no longer touches
// a second cache line somewhere else in the heap.

#include <hearth/util/bytes.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>

namespace hearth::util {

template <size_t N>
class SmallBytes
{
    static_assert(N >= sizeof(uint8_t*), "the inline buffer also holds the heap pointer");

public:
    SmallBytes() noexcept = default;
    explicit SmallBytes(ByteSpan bytes) { Assign(bytes); }
    SmallBytes(const SmallBytes& other) { Assign(other.span()); }
    SmallBytes(SmallBytes&& other) noexcept { Steal(other); }
    SmallBytes& operator=(const SmallBytes& other)
    {
        if (this != &other) Assign(other.span());
        return *this;
    }
    SmallBytes& operator=(SmallBytes&& other) noexcept
    {
        if (this != &other) {
            Release();
            Steal(other);
        }
        return *this;
    }
    ~SmallBytes() { Release(); }

    /// Replaces the contents with `bytes` (which must not point into this object).
    void Assign(ByteSpan bytes)
    {
        Release();
        if (bytes.size() > N) {
            auto* heap = new uint8_t[bytes.size()];
            std::memcpy(heap, bytes.data(), bytes.size());
            m_heap = heap;
        } else if (!bytes.empty()) {
            std::memcpy(m_inline, bytes.data(), bytes.size());
        }
        m_size = static_cast<uint32_t>(bytes.size());
    }

    const uint8_t* data() const { return OnHeap() ? m_heap : m_inline; }
    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const uint8_t* begin() const { return data(); }
    const uint8_t* end() const { return data() + m_size; }
    uint8_t operator[](size_t i) const { return data()[i]; }
    ByteSpan span() const { return {data(), m_size}; }
    operator ByteSpan() const { return span(); }
    /// Bytes held on the heap (0 while the contents fit inline).
    size_t HeapBytes() const { return OnHeap() ? m_size : 0; }

    friend bool operator==(const SmallBytes& a, const SmallBytes& b) { return std::ranges::equal(a.span(), b.span()); }
    friend bool operator==(const SmallBytes& a, ByteSpan b) { return std::ranges::equal(a.span(), b); }

private:
    bool OnHeap() const { return m_size > N; }
    void Release() noexcept
    {
        if (OnHeap()) delete[] m_heap;
        m_size = 0;
    }
    /// Takes `other`'s contents (this object holds nothing) and leaves it empty.
    void Steal(SmallBytes& other) noexcept
    {
        if (other.OnHeap()) {
            m_heap = other.m_heap;
        } else {
            std::memcpy(m_inline, other.m_inline, other.m_size);
        }
        m_size = other.m_size;
        other.m_size = 0;
    }

    uint32_t m_size{0};
    union {
        uint8_t m_inline[N]{};
        uint8_t* m_heap;
    };
};

} // namespace hearth::util

#endif // HEARTH_UTIL_SMALL_BYTES_H
