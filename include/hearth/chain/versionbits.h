#ifndef HEARTH_CHAIN_VERSIONBITS_H
#define HEARTH_CHAIN_VERSIONBITS_H

// BIP9 version-bits deployment states over the block index (Core's versionbits.cpp): the state machine
// DEFINED -> STARTED -> LOCKED_IN -> ACTIVE (or FAILED), signalling statistics, and the block version a
// miner sets. One implementation for getdeploymentinfo, getblocktemplate and the block assembler's version.
// Callers hold the chainstate lock while they pass BlockIndex pointers in.

#include <hearth/chain/block_index.h>
#include <hearth/consensus/params.h>

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

namespace hearth::chain {

/// BIP9: versions whose top three bits are 001 take part in version-bits signalling (Core's
/// VERSIONBITS_TOP_MASK / VERSIONBITS_TOP_BITS).
constexpr uint32_t VERSIONBITS_TOP_MASK = 0xE0000000;
constexpr int32_t VERSIONBITS_TOP_BITS = 0x20000000;

/// A deployment's state for one block (Core's ThresholdState).
enum class ThresholdState { DEFINED, STARTED, LOCKED_IN, ACTIVE, FAILED };

/// Core's names for the states: "defined", "started", "locked_in", "active", "failed".
std::string_view ThresholdStateName(ThresholdState state);

/// True if a block of `version` signals for `dep` (BIP9: top bits 001 and the deployment's bit set).
bool SignalsFor(int32_t version, const consensus::Bip9Deployment& dep);

/// Signalling within the current period (Core's BIP9Stats).
struct Bip9Stats {
    int period{0};
    int threshold{0};
    int elapsed{0};
    int count{0};
    /// Whether the threshold can still be reached in this period.
    bool possible{false};
};

/// One deployment's state machine over the block index, with Core's per-period cache (keyed by the last
/// block of the previous period).
class VersionBitsChecker
{
public:
    explicit VersionBitsChecker(const consensus::Bip9Deployment& dep) : m_dep{dep} {}

    /// The state of the block after `prev` (nullptr: the genesis block) (Core's GetStateFor).
    ThresholdState GetStateFor(const BlockIndex* prev);

    /// The height of the first block of the period in which the state of the block after `prev` began
    /// (Core's GetStateSinceHeightFor); 0 for DEFINED and for always/never active deployments.
    int GetStateSinceHeightFor(const BlockIndex* prev);

    /// Signalling in the period of `index` up to and including it (Core's GetStateStatisticsFor);
    /// `signalling` gets one entry per block of the period so far, true where the block signals.
    Bip9Stats GetStateStatisticsFor(const BlockIndex* index, std::vector<bool>& signalling) const;

private:
    consensus::Bip9Deployment m_dep;
    std::map<const BlockIndex*, ThresholdState> m_cache;
};

/// The version of a block built on `prev` (Core's ComputeBlockVersion): the top bits plus the bit of
/// every deployment that is STARTED or LOCKED_IN.
int32_t ComputeBlockVersion(const BlockIndex* prev, const consensus::ConsensusParams& params);

} // namespace hearth::chain

#endif // HEARTH_CHAIN_VERSIONBITS_H
