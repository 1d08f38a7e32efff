#include <hearth/node/clock.h>

#include <chrono>

namespace hearth::node {

int64_t Clock::Now() const
{
    const int64_t mock = m_mock_time.load();
    if (mock != 0) return mock;
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace hearth::node
