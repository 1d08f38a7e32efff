#include <hearth/util/huge_pages.h>

#include <sys/mman.h>

#include <cstdint>

namespace hearth::util {

void* AllocateHugePages(size_t bytes)
{
    if (bytes == 0 || bytes > SIZE_MAX / 2 - HUGE_PAGE_BYTES) throw std::bad_alloc{};
    const size_t size = RoundUpToHugePages(bytes);
    // Map one huge page more than needed and cut off the unaligned head and the rest of the tail: mmap
    // itself only promises 4 KiB alignment.
    const size_t span = size + HUGE_PAGE_BYTES;
    void* mapped = ::mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) throw std::bad_alloc{};
    const auto base = reinterpret_cast<uintptr_t>(mapped);
    const uintptr_t aligned = (base + HUGE_PAGE_BYTES - 1) & ~uintptr_t{HUGE_PAGE_BYTES - 1};
    if (aligned > base) ::munmap(mapped, aligned - base);
    const uintptr_t end = aligned + size;
    if (base + span > end) ::munmap(reinterpret_cast<void*>(end), base + span - end);
#ifdef MADV_HUGEPAGE
    // Only a hint: with transparent huge pages off (or none free) the pages are ordinary ones.
    ::madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);
#endif
    return reinterpret_cast<void*>(aligned);
}

void FreeHugePages(void* p, size_t bytes) noexcept
{
    if (p) ::munmap(p, RoundUpToHugePages(bytes));
}

} // namespace hearth::util
