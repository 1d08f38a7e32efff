#include <hearth/chain/versionbits.h>

namespace hearth::chain {

std::string_view ThresholdStateName(ThresholdState state)
{
    switch (state) {
    case ThresholdState::DEFINED:
        return "defined";
    case ThresholdState::STARTED:
        return "started";
    case ThresholdState::LOCKED_IN:
        return "locked_in";
    case ThresholdState::ACTIVE:
        return "active";
    case ThresholdState::FAILED:
        return "failed";
    }
    return "";
}

bool SignalsFor(int32_t version, const consensus::Bip9Deployment& dep)
{
    const auto v = static_cast<uint32_t>(version);
    return (v & VERSIONBITS_TOP_MASK) == static_cast<uint32_t>(VERSIONBITS_TOP_BITS) && (v & (1u << dep.bit)) != 0;
}

ThresholdState VersionBitsChecker::GetStateFor(const BlockIndex* prev)
{
    if (m_dep.start_time == consensus::Bip9Deployment::ALWAYS_ACTIVE) return ThresholdState::ACTIVE;
    if (m_dep.start_time == consensus::Bip9Deployment::NEVER_ACTIVE) return ThresholdState::FAILED;
    const int period = m_dep.period;
    // A block's state is that of the first block of its period.
    if (prev) prev = prev->GetAncestor(prev->height - ((prev->height + 1) % period));
    // Walk back over periods until one is known (or before the start time, which is DEFINED).
    std::vector<const BlockIndex*> to_compute;
    while (!m_cache.count(prev)) {
        if (!prev || prev->GetMedianTimePast() < m_dep.start_time) {
            m_cache[prev] = ThresholdState::DEFINED;
            break;
        }
        to_compute.push_back(prev);
        prev = prev->GetAncestor(prev->height - period);
    }
    ThresholdState state = m_cache[prev];
    while (!to_compute.empty()) {
        ThresholdState next = state;
        prev = to_compute.back();
        to_compute.pop_back();
        switch (state) {
        case ThresholdState::DEFINED:
            if (prev->GetMedianTimePast() >= m_dep.start_time) next = ThresholdState::STARTED;
            break;
        case ThresholdState::STARTED: {
            const BlockIndex* count_walk = prev;
            int count = 0;
            for (int i = 0; i < period; ++i) {
                if (SignalsFor(count_walk->version, m_dep)) ++count;
                count_walk = count_walk->prev;
            }
            if (count >= m_dep.threshold) {
                next = ThresholdState::LOCKED_IN;
            } else if (prev->GetMedianTimePast() >= m_dep.timeout) {
                next = ThresholdState::FAILED;
            }
            break;
        }
        case ThresholdState::LOCKED_IN:
            // BIP9 with min_activation_height (BIP341's deployment): stay locked in until that height.
            if (prev->height + 1 >= m_dep.min_activation_height) next = ThresholdState::ACTIVE;
            break;
        case ThresholdState::FAILED:
        case ThresholdState::ACTIVE:
            break;
        }
        m_cache[prev] = state = next;
    }
    return state;
}

int VersionBitsChecker::GetStateSinceHeightFor(const BlockIndex* prev)
{
    if (m_dep.start_time == consensus::Bip9Deployment::ALWAYS_ACTIVE ||
        m_dep.start_time == consensus::Bip9Deployment::NEVER_ACTIVE) {
        return 0;
    }
    const ThresholdState initial = GetStateFor(prev);
    if (initial == ThresholdState::DEFINED) return 0;
    const int period = m_dep.period;
    prev = prev->GetAncestor(prev->height - ((prev->height + 1) % period));
    const BlockIndex* previous_period_parent = prev->GetAncestor(prev->height - period);
    while (previous_period_parent && GetStateFor(previous_period_parent) == initial) {
        prev = previous_period_parent;
        previous_period_parent = prev->GetAncestor(prev->height - period);
    }
    return prev->height + 1;
}

Bip9Stats VersionBitsChecker::GetStateStatisticsFor(const BlockIndex* index, std::vector<bool>& signalling) const
{
    Bip9Stats stats;
    stats.period = m_dep.period;
    stats.threshold = m_dep.threshold;
    if (!index) return stats;
    int blocks_in_period = 1 + (index->height % stats.period);
    signalling.assign(static_cast<size_t>(blocks_in_period), false);
    const BlockIndex* walk = index;
    do {
        ++stats.elapsed;
        --blocks_in_period;
        if (SignalsFor(walk->version, m_dep)) {
            ++stats.count;
            signalling[static_cast<size_t>(blocks_in_period)] = true;
        }
        walk = walk->prev;
    } while (blocks_in_period > 0);
    stats.possible = (stats.period - stats.threshold) >= (stats.elapsed - stats.count);
    return stats;
}

int32_t ComputeBlockVersion(const BlockIndex* prev, const consensus::ConsensusParams& params)
{
    int32_t version = VERSIONBITS_TOP_BITS;
    // testdummy is the only version-bits deployment (CORE-FACTS §1).
    const ThresholdState state = VersionBitsChecker{params.testdummy}.GetStateFor(prev);
    if (state == ThresholdState::STARTED || state == ThresholdState::LOCKED_IN) {
        version |= int32_t{1} << params.testdummy.bit;
    }
    return version;
}

} // namespace hearth::chain
