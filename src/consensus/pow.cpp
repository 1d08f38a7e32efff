#include <hearth/consensus/pow.h>

#include <hearth/util/check.h>

#include <algorithm>

namespace hearth::consensus {

using util::ArithUint256;

std::optional<ArithUint256> DeriveTarget(uint32_t bits, const Hash256& pow_limit)
{
    bool negative = false;
    bool overflow = false;
    const ArithUint256 target = ArithUint256::FromCompact(bits, &negative, &overflow);
    if (negative || overflow || target == ArithUint256{0} || target > ArithUint256::FromUint256(pow_limit)) {
        return std::nullopt;
    }
    return target;
}

bool CheckProofOfWork(const Hash256& hash, uint32_t bits, const ConsensusParams& params)
{
    const auto target = DeriveTarget(bits, params.pow_limit);
    if (!target) return false;
    return ArithUint256::FromUint256(hash) <= *target;
}

uint32_t GetNextWorkRequired(const HeaderChainView& chain, const primitives::BlockHeader& new_header,
                             const ConsensusParams& params)
{
    const int last_height = chain.TipHeight();
    Assert(last_height >= 0);
    const ChainHeader last = chain.HeaderAt(last_height);
    const uint32_t pow_limit_bits = ArithUint256::FromUint256(params.pow_limit).GetCompact();
    const int64_t interval = params.DifficultyAdjustmentInterval();

    // Difficulty changes only once per period.
    if ((last_height + 1) % interval != 0) {
        if (params.pow_allow_min_difficulty_blocks) {
            // Testnet: a block more than 2 × spacing (20 minutes) after its parent may use the minimum
            // difficulty.
            if (static_cast<int64_t>(new_header.time) >
                static_cast<int64_t>(last.time) + params.pow_target_spacing * 2) {
                return pow_limit_bits;
            }
            // Otherwise it takes the bits of the last block that did not use that exception, looking back no
            // further than the start of the period.
            int h = last_height;
            ChainHeader header = last;
            while (h > 0 && h % interval != 0 && header.bits == pow_limit_bits) {
                --h;
                header = chain.HeaderAt(h);
            }
            return header.bits;
        }
        return last.bits;
    }

    // Retarget: the first block of the ending period is interval - 1 blocks back.
    const int first_height = static_cast<int>(last_height - (interval - 1));
    Assert(first_height >= 0);
    return CalculateNextWorkRequired(chain, chain.HeaderAt(first_height).time, params);
}

uint32_t CalculateNextWorkRequired(const HeaderChainView& chain, int64_t first_block_time,
                                   const ConsensusParams& params)
{
    const int last_height = chain.TipHeight();
    const ChainHeader last = chain.HeaderAt(last_height);
    if (params.pow_no_retargeting) return last.bits;

    // Limit the adjustment step to a factor of 4 either way.
    int64_t timespan = static_cast<int64_t>(last.time) - first_block_time;
    timespan = std::max(timespan, params.pow_target_timespan / 4);
    timespan = std::min(timespan, params.pow_target_timespan * 4);

    const ArithUint256 pow_limit = ArithUint256::FromUint256(params.pow_limit);
    ArithUint256 target;
    if (params.enforce_bip94) {
        // BIP94: scale the target of the period's first block, which can never use the min-difficulty
        // exception, so that exception cannot leak into the real difficulty.
        const int first_height = static_cast<int>(last_height - (params.DifficultyAdjustmentInterval() - 1));
        target = ArithUint256::FromCompact(chain.HeaderAt(first_height).bits);
    } else {
        target = ArithUint256::FromCompact(last.bits);
    }
    target *= ArithUint256{static_cast<uint64_t>(timespan)};
    target /= ArithUint256{static_cast<uint64_t>(params.pow_target_timespan)};
    if (target > pow_limit) target = pow_limit;
    return target.GetCompact();
}

bool PermittedDifficultyTransition(const ConsensusParams& params, int64_t height, uint32_t old_bits, uint32_t new_bits)
{
    if (params.pow_allow_min_difficulty_blocks) return true;

    if (height % params.DifficultyAdjustmentInterval() == 0) {
        const ArithUint256 pow_limit = ArithUint256::FromUint256(params.pow_limit);
        const ArithUint256 observed = ArithUint256::FromCompact(new_bits);
        const ArithUint256 timespan{static_cast<uint64_t>(params.pow_target_timespan)};

        // Largest target (lowest difficulty) the retarget could produce, rounded through the compact form.
        ArithUint256 largest = ArithUint256::FromCompact(old_bits);
        largest *= ArithUint256{static_cast<uint64_t>(params.pow_target_timespan * 4)};
        largest /= timespan;
        if (largest > pow_limit) largest = pow_limit;
        if (ArithUint256::FromCompact(largest.GetCompact()) < observed) return false;

        // Smallest target it could produce.
        ArithUint256 smallest = ArithUint256::FromCompact(old_bits);
        smallest *= ArithUint256{static_cast<uint64_t>(params.pow_target_timespan / 4)};
        smallest /= timespan;
        if (smallest > pow_limit) smallest = pow_limit;
        if (ArithUint256::FromCompact(smallest.GetCompact()) > observed) return false;
    } else if (old_bits != new_bits) {
        return false;
    }
    return true;
}

ArithUint256 GetBlockProof(uint32_t bits)
{
    bool negative = false;
    bool overflow = false;
    const ArithUint256 target = ArithUint256::FromCompact(bits, &negative, &overflow);
    if (negative || overflow || target == ArithUint256{0}) return ArithUint256{0};
    // 2^256 / (target + 1) doesn't fit, but equals (2^256 - target - 1) / (target + 1) + 1 = ~target /
    // (target + 1) + 1.
    return (~target / (target + ArithUint256{1})) + ArithUint256{1};
}

} // namespace hearth::consensus
