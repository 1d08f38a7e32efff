#include <hearth/consensus/header_chain.h>

#include <hearth/consensus/consensus.h>
#include <hearth/util/check.h>

#include <algorithm>
#include <array>

namespace hearth::consensus {

int64_t HeaderChainView::MedianTimePast(int height) const
{
    Assert(height >= 0 && height <= TipHeight());
    std::array<int64_t, MEDIAN_TIME_SPAN> times{};
    int n = 0;
    for (int h = height; h >= 0 && n < MEDIAN_TIME_SPAN; --h) times[n++] = HeaderAt(h).time;
    std::sort(times.begin(), times.begin() + n);
    // Core takes element n/2 of the sorted times (the upper median when n is even).
    return times[n / 2];
}

ChainHeader HeaderListView::HeaderAt(int height) const
{
    Assert(height >= 0 && static_cast<size_t>(height) < m_headers.size());
    const primitives::BlockHeader& h = m_headers[static_cast<size_t>(height)];
    return ChainHeader{h.version, h.time, h.bits};
}

} // namespace hearth::consensus
