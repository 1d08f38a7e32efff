#ifndef HEARTH_UTIL_HUGE_PAGES_H
#define HEARTH_UTIL_HUGE_PAGES_H

// Memory for big tables read at random — the coins cache's index and entries — in 2 MiB-aligned blocks that
// the kernel is asked to back with transparent huge pages (madvise; Debian's default mode). With 4 KiB pages
// every lookup in a table of tens of MiB misses the TLB as well as the cache, and in a virtual machine that
// miss walks two sets of page tables. Where the kernel has no huge pages to give, these are ordinary pages.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>

namespace hearth::util {

inline constexpr size_t HUGE_PAGE_BYTES = size_t{2} << 20;

/// `bytes` rounded up to a whole number of huge pages.
constexpr size_t RoundUpToHugePages(size_t bytes)
{
    return (bytes + HUGE_PAGE_BYTES - 1) / HUGE_PAGE_BYTES * HUGE_PAGE_BYTES;
}

/// A private anonymous mapping of RoundUpToHugePages(bytes), aligned to HUGE_PAGE_BYTES and advised for huge
/// pages; zero-filled. Throws std::bad_alloc when the kernel refuses (or `bytes` is 0 or absurd).
[[nodiscard]] void* AllocateHugePages(size_t bytes);
/// Unmaps what AllocateHugePages(bytes) returned (the same `bytes`).
void FreeHugePages(void* p, size_t bytes) noexcept;

/// std::allocator, except that arrays of a huge page or more come from AllocateHugePages.
template <typename T>
struct HugePageAllocator {
    using value_type = T;
    HugePageAllocator() noexcept = default;
    template <typename U>
    HugePageAllocator(const HugePageAllocator<U>&) noexcept
    {}
    T* allocate(size_t n)
    {
        if (n > SIZE_MAX / sizeof(T)) throw std::bad_array_new_length{};
        if (n * sizeof(T) >= HUGE_PAGE_BYTES) return static_cast<T*>(AllocateHugePages(n * sizeof(T)));
        return std::allocator<T>{}.allocate(n);
    }
    void deallocate(T* p, size_t n) noexcept
    {
        if (n * sizeof(T) >= HUGE_PAGE_BYTES) {
            FreeHugePages(p, n * sizeof(T));
        } else {
            std::allocator<T>{}.deallocate(p, n);
        }
    }
    template <typename U>
    bool operator==(const HugePageAllocator<U>&) const noexcept
    {
        return true;
    }
};

/// One AllocateHugePages block, owned.
class HugePageBuffer
{
public:
    explicit HugePageBuffer(size_t bytes) : m_data{static_cast<std::byte*>(AllocateHugePages(bytes))}, m_bytes{bytes} {}
    ~HugePageBuffer()
    {
        if (m_data) FreeHugePages(m_data, m_bytes);
    }
    HugePageBuffer(HugePageBuffer&& other) noexcept : m_data{other.m_data}, m_bytes{other.m_bytes}
    {
        other.m_data = nullptr;
    }
    HugePageBuffer& operator=(HugePageBuffer&& other) noexcept
    {
        if (this != &other) {
            if (m_data) FreeHugePages(m_data, m_bytes);
            m_data = other.m_data;
            m_bytes = other.m_bytes;
            other.m_data = nullptr;
        }
        return *this;
    }
    HugePageBuffer(const HugePageBuffer&) = delete;
    HugePageBuffer& operator=(const HugePageBuffer&) = delete;

    std::byte* data() const { return m_data; }
    /// What was asked for; RoundUpToHugePages of it is mapped.
    size_t size() const { return m_bytes; }

private:
    std::byte* m_data;
    size_t m_bytes;
};

} // namespace hearth::util

#endif // HEARTH_UTIL_HUGE_PAGES_H
