// Replacement global operator new/delete for the primitives test binary (see alloc_tracker.h). Kept in its
// own translation unit so the compiler never sees a new/delete pair inlined into other code.

#include "alloc_tracker.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<size_t> g_largest_allocation{0};
} // namespace

void* operator new(size_t size)
{
    size_t prev = g_largest_allocation.load(std::memory_order_relaxed);
    while (size > prev && !g_largest_allocation.compare_exchange_weak(prev, size, std::memory_order_relaxed)) {}
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc{};
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace hearth::primitives::test {

void ResetLargestAllocation() { g_largest_allocation = 0; }
size_t LargestAllocation() { return g_largest_allocation.load(); }

} // namespace hearth::primitives::test
