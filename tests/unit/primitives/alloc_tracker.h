#ifndef HEARTH_TESTS_UNIT_PRIMITIVES_ALLOC_TRACKER_H
#define HEARTH_TESTS_UNIT_PRIMITIVES_ALLOC_TRACKER_H

// The primitives test binary replaces the global operator new (alloc_tracker.cpp) to record the largest
// single allocation, so decoding tests can assert that a length prefix claiming gigabytes allocates
// nothing of the kind.

#include <cstddef>

namespace hearth::primitives::test {

/// Forgets the largest allocation seen so far.
void ResetLargestAllocation();
/// Size of the largest single operator-new allocation since the last reset.
size_t LargestAllocation();

/// Largest allocation made while running `fn`.
template <typename Fn>
size_t LargestAllocationDuring(Fn&& fn)
{
    ResetLargestAllocation();
    fn();
    return LargestAllocation();
}

} // namespace hearth::primitives::test

#endif // HEARTH_TESTS_UNIT_PRIMITIVES_ALLOC_TRACKER_H
