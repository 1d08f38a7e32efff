#ifndef HEARTH_CONSENSUS_CONSENSUS_H
#define HEARTH_CONSENSUS_CONSENSUS_H

// Consensus constants shared by every network (Core's consensus/consensus.h, CORE-FACTS §2).

#include <cstdint>

namespace hearth::consensus {

/// BIP141: maximum block weight.
constexpr int64_t MAX_BLOCK_WEIGHT = 4'000'000;
/// Maximum serialized block size including witness (a consequence of the weight limit).
constexpr int64_t MAX_BLOCK_SERIALIZED_SIZE = 4'000'000;
/// Maximum block signature-operation cost (legacy sigops count ×4).
constexpr int64_t MAX_BLOCK_SIGOPS_COST = 80'000;
/// BIP141: a non-witness byte weighs this much, a witness byte 1.
constexpr int64_t WITNESS_SCALE_FACTOR = 4;
/// Coinbase outputs can be spent only this many blocks later (spend height − coin height ≥ 100).
constexpr int COINBASE_MATURITY = 100;
/// nLockTime below this is a block height, at or above a UNIX time.
constexpr uint32_t LOCKTIME_THRESHOLD = 500'000'000;
/// A block may be at most this far (seconds) ahead of the local clock.
constexpr int64_t MAX_FUTURE_BLOCK_TIME = 2 * 60 * 60;
/// BIP94: the first block of a period may be at most this much earlier than its parent.
constexpr int64_t MAX_TIMEWARP = 600;
/// Number of previous blocks whose median time is the median time past.
constexpr int MEDIAN_TIME_SPAN = 11;

/// Flags for sequence-lock evaluation (Core's LOCKTIME_VERIFY_SEQUENCE): enforce BIP68.
constexpr unsigned LOCKTIME_VERIFY_SEQUENCE = 1U << 0;

} // namespace hearth::consensus

#endif // HEARTH_CONSENSUS_CONSENSUS_H
