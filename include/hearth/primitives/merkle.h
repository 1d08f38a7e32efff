#ifndef HEARTH_PRIMITIVES_MERKLE_H
#define HEARTH_PRIMITIVES_MERKLE_H

#include <hearth/primitives/block.h>

#include <optional>
#include <vector>

namespace hearth::primitives {

/// Merkle root of `hashes` as Bitcoin builds it (an odd level duplicates its last node).
/// If `mutated` is given, it is set when two identical siblings were hashed together anywhere in the
/// tree: the CVE-2012-2459 ambiguity, where a different transaction list has the same root.
Hash256 ComputeMerkleRoot(std::vector<Hash256> hashes, bool* mutated = nullptr);

/// Merkle root of the block's txids.
Hash256 BlockMerkleRoot(const Block& block, bool* mutated = nullptr);
/// BIP141 witness merkle root: wtxids, with the coinbase's replaced by zero.
Hash256 BlockWitnessMerkleRoot(const Block& block, bool* mutated = nullptr);

/// First bytes of a witness-commitment output script: OP_RETURN, push 36, 0xaa21a9ed (BIP141).
inline constexpr uint8_t WITNESS_COMMITMENT_HEADER[6] = {0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed};
/// Minimum length of a commitment output's script.
inline constexpr size_t MINIMUM_WITNESS_COMMITMENT = 38;

/// Index of the coinbase output holding the witness commitment: the last output whose script is at
/// least 38 bytes and starts with the commitment header (BIP141); nullopt if none.
std::optional<size_t> GetWitnessCommitmentIndex(const Block& block);

/// The commitment a block with this witness root and reserved value must carry:
/// SHA256d(witness root ‖ reserved value) (BIP141).
Hash256 ComputeWitnessCommitment(const Hash256& witness_root, const Hash256& reserved_value);

} // namespace hearth::primitives

#endif // HEARTH_PRIMITIVES_MERKLE_H
