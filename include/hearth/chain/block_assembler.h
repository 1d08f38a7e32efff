#ifndef HEARTH_CHAIN_BLOCK_ASSEMBLER_H
#define HEARTH_CHAIN_BLOCK_ASSEMBLER_H

// Building new blocks on the tip (Core's node/miner.cpp BlockAssembler, minus mempool selection, which
// arrives with the mempool): a coinbase with the BIP34 height, the BIP141 witness commitment, the right
// nBits and time, and a nonce grinder for regtest-difficulty mining (generatetoaddress, tests).

#include <hearth/chain/chainstate.h>
#include <hearth/chain/versionbits.h>
#include <hearth/primitives/block.h>
#include <hearth/util/result.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace hearth::chain {

struct BlockTemplate {
    primitives::Block block;
    /// Fee of each transaction (coinbase: minus the total, as Core's getblocktemplate).
    std::vector<primitives::Amount> fees;
    /// BIP141 sigop cost of each transaction.
    std::vector<int64_t> sigops_cost;
    int height{0};
};

/// Options for CreateNewBlock.
struct AssemblerOptions {
    /// Header time; default max(median time past + 1, now).
    std::optional<uint32_t> time;
    /// Header version; default the BIP9 top bits (0x20000000), no signals.
    int32_t version{VERSIONBITS_TOP_BITS};
};

/// A block template on the current tip paying subsidy + fees to `coinbase_script`, containing `txs` in order
/// (the caller chooses them; they are checked here against the tip's UTXO set and rejected with the reason
/// if invalid). The block is not mined (nonce 0).
[[nodiscard]] util::Result<BlockTemplate> CreateNewBlock(Chainstate& chainstate, util::ByteSpan coinbase_script,
                                                         const std::vector<primitives::TransactionRef>& txs = {},
                                                         const AssemblerOptions& options = {});

/// Adds (or replaces) the BIP141 witness commitment in the block's coinbase if segwit is active at `height`,
/// with a zero witness reserved value (Core's GenerateCoinbaseCommitment), and updates the merkle root.
void UpdateWitnessCommitment(primitives::Block& block, int height, const consensus::ConsensusParams& params);

/// Recomputes the header's merkle root from the transactions.
void UpdateMerkleRoot(primitives::Block& block);

/// Grinds the nonce (and, when the nonce wraps, the time) until the header meets its target. Returns false
/// after `max_tries` hashes without success (only plausible at non-regtest difficulty).
bool MineBlock(primitives::Block& block, const consensus::ConsensusParams& params, uint64_t max_tries = 1'000'000'000);

} // namespace hearth::chain

#endif // HEARTH_CHAIN_BLOCK_ASSEMBLER_H
