#ifndef HEARTH_CONSENSUS_SIGNET_H
#define HEARTH_CONSENSUS_SIGNET_H

// BIP325 signet block solutions (Core's signet.cpp). A signet block carries, in its witness commitment
// output, an extra push starting with the 4-byte header ecc7daa2 followed by a serialized scriptSig and
// witness. They must satisfy the network's challenge script when spending a virtual transaction that
// commits to the block (its header fields and a merkle root computed without the solution).

#include <hearth/consensus/params.h>
#include <hearth/primitives/block.h>

#include <array>
#include <optional>

namespace hearth::consensus {

/// The 4 bytes that start the signet solution push in the witness commitment script.
inline constexpr std::array<uint8_t, 4> SIGNET_HEADER = {0xec, 0xc7, 0xda, 0xa2};

/// BIP325's virtual transactions for a block: `to_spend` pays 0 to the challenge and commits to the block
/// in its scriptSig; `to_sign` spends it with the block's solution (empty if the block has none).
struct SignetTxs {
    primitives::MutableTransaction to_spend;
    primitives::MutableTransaction to_sign;
};

/// Builds the virtual transactions (Core's SignetTxs::Create). nullopt if the block has no coinbase or no
/// witness commitment, or if its solution does not parse as exactly a scriptSig and a witness stack.
/// Miners sign `to_sign` input 0 against `to_spend` output 0.
std::optional<SignetTxs> CreateSignetTxs(const primitives::Block& block, util::ByteSpan challenge);

/// True if the block's solution satisfies params.signet_challenge under P2SH, WITNESS, DERSIG and
/// NULLDUMMY; the genesis block needs none.
bool CheckSignetBlockSolution(const primitives::Block& block, const ConsensusParams& params);

} // namespace hearth::consensus

#endif // HEARTH_CONSENSUS_SIGNET_H
