#ifndef HEARTH_NODE_CLOCK_H
#define HEARTH_NODE_CLOCK_H

// The node's wall clock, which tests can set (Core's NodeClock + SetMockTime: -mocktime at start, the
// setmocktime RPC later). Everything that asks "what time is it" for consensus or status purposes — the
// chainstate's time-too-new check and IBD test, verificationprogress, the mining RPCs' block times — reads
// this clock, so moving it moves all of them together. Durations and timeouts use steady_clock instead.

#include <atomic>
#include <cstdint>

namespace hearth::node {

class Clock
{
public:
    /// UNIX time in seconds: the mock time if one is set, otherwise the system clock.
    int64_t Now() const;
    /// Sets the mock time (UNIX seconds); 0 returns to the system clock. Thread-safe.
    void SetMockTime(int64_t unix_seconds) { m_mock_time.store(unix_seconds); }
    /// The mock time, 0 if none.
    int64_t MockTime() const { return m_mock_time.load(); }

private:
    std::atomic<int64_t> m_mock_time{0};
};

} // namespace hearth::node

#endif // HEARTH_NODE_CLOCK_H
