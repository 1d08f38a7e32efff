#ifndef HEARTH_CONSENSUS_POW_H
#define HEARTH_CONSENSUS_POW_H

// Proof of work: target checks, difficulty retargeting (with testnet's min-difficulty rule, regtest's
// no-retargeting and testnet4's BIP94), and chain work. Core's pow.cpp.

#include <hearth/consensus/header_chain.h>
#include <hearth/consensus/params.h>
#include <hearth/util/arith_uint256.h>

#include <cstdint>
#include <optional>

namespace hearth::consensus {

/// The target `bits` encodes, or nullopt if it is negative, zero, overflows or is easier than `pow_limit`.
std::optional<util::ArithUint256> DeriveTarget(uint32_t bits, const Hash256& pow_limit);

/// True if `hash` meets the target `bits` encodes and that target is valid for the network.
bool CheckProofOfWork(const Hash256& hash, uint32_t bits, const ConsensusParams& params);

/// nBits the block after `chain`'s tip must carry; `new_header` is that block (only its time is read, for
/// testnet's 20-minute rule). The chain must not be empty (genesis has no predecessor to derive from).
uint32_t GetNextWorkRequired(const HeaderChainView& chain, const primitives::BlockHeader& new_header,
                             const ConsensusParams& params);

/// The retarget computation at a period boundary: `chain`'s tip is the last block of the ending period and
/// `first_block_time` the time of its first block. Scales the tip's target (with BIP94, the first block's
/// target) by the period's timespan clamped to [T/4, 4T], capped at powLimit.
uint32_t CalculateNextWorkRequired(const HeaderChainView& chain, int64_t first_block_time,
                                   const ConsensusParams& params);

/// Whether a header at `height` may change nBits from `old_bits` to `new_bits` (Core's anti-DoS check for
/// header sync): always on min-difficulty networks; otherwise equal off-boundary and within the clamp range
/// at a retarget.
bool PermittedDifficultyTransition(const ConsensusParams& params, int64_t height, uint32_t old_bits, uint32_t new_bits);

/// Expected number of hashes to find a block with target `bits`: 2^256 / (target + 1); 0 for an invalid
/// encoding.
util::ArithUint256 GetBlockProof(uint32_t bits);

} // namespace hearth::consensus

#endif // HEARTH_CONSENSUS_POW_H
