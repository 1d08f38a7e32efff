#ifndef HEARTH_CONSENSUS_BLOCK_CHECK_H
#define HEARTH_CONSENSUS_BLOCK_CHECK_H

// Block rules that need no UTXO set, in Core's order and with Core's reject reasons (CORE-FACTS §2; Core's
// validation.cpp): CheckBlockHeader and CheckBlock need no context; ContextualCheckBlockHeader and
// ContextualCheckBlock need the branch the block builds on. Also the per-height rules the chain layer asks
// for when connecting: script flags, subsidy, BIP30 exceptions.

#include <hearth/consensus/header_chain.h>
#include <hearth/consensus/params.h>
#include <hearth/consensus/validation_state.h>
#include <hearth/primitives/block.h>

#include <cstdint>
#include <optional>

namespace hearth::consensus {

/// Proof of work of the header alone: high-hash (BLOCK_INVALID_HEADER) if the hash misses its target or the
/// target is invalid for the network.
[[nodiscard]] bool CheckBlockHeader(const primitives::BlockHeader& header, BlockValidationState& state,
                                    const ConsensusParams& params, bool check_pow = true);

/// Merkle root of the transactions against the header: bad-txnmrklroot, or bad-txns-duplicate for the
/// CVE-2012-2459 mutation (both BLOCK_MUTATED).
[[nodiscard]] bool CheckMerkleRoot(const primitives::Block& block, BlockValidationState& state);

/// Context-free block checks, in order: header PoW (high-hash, if `check_pow`), signet solution
/// (bad-signet-blksig, signet with `check_pow`), merkle root (if `check_merkle_root`), size (bad-blk-length:
/// no txs, or tx count × 4 or stripped size × 4 above 4M), coinbase placement (bad-cb-missing,
/// bad-cb-multiple), CheckTransaction of each tx (its reason), legacy sigops × 4 > 80,000 (bad-blk-sigops).
[[nodiscard]] bool CheckBlock(const primitives::Block& block, BlockValidationState& state,
                              const ConsensusParams& params, bool check_pow = true, bool check_merkle_root = true);

/// Header checks against the branch `prev` it builds on (prev's tip is the parent; it must not be empty):
/// bad-diffbits, time-too-old (not after the parent's median time past), time-timewarp-attack (BIP94),
/// time-too-new (BLOCK_TIME_FUTURE: more than 2 h after `now`, the node's adjusted clock in UNIX seconds),
/// bad-version(0x%08x) (version below 2/3/4 from the BIP34/66/65 heights).
[[nodiscard]] bool ContextualCheckBlockHeader(const primitives::BlockHeader& header, BlockValidationState& state,
                                              const ConsensusParams& params, const HeaderChainView& prev, int64_t now);

/// Block checks that depend on the height and the parent's median time past; `prev` is the branch ending at
/// the parent (empty for genesis): bad-txns-nonfinal, bad-cb-height (BIP34), the witness rules
/// (bad-witness-nonce-size, bad-witness-merkle-match, unexpected-witness) and bad-blk-weight.
[[nodiscard]] bool ContextualCheckBlock(const primitives::Block& block, BlockValidationState& state,
                                        const ConsensusParams& params, const HeaderChainView& prev);

/// BIP141 witness commitment check (Core's CheckWitnessMalleation). With `expect_witness_commitment` (segwit
/// active) and a commitment output, the coinbase witness must be one 32-byte item (bad-witness-nonce-size)
/// and the commitment must match (bad-witness-merkle-match). Otherwise no transaction may carry a witness
/// (unexpected-witness). All BLOCK_MUTATED.
[[nodiscard]] bool CheckWitnessMalleation(const primitives::Block& block, bool expect_witness_commitment,
                                          BlockValidationState& state);

/// Script verify flags (script::SCRIPT_VERIFY_* bits) for the block with `hash` at `height`: P2SH, WITNESS and
/// TAPROOT always, unless the block is one of the network's script_flag_exceptions, then DERSIG, CLTV, CSV
/// and NULLDUMMY from their heights.
uint32_t GetBlockScriptFlags(int height, const Hash256& hash, const ConsensusParams& params);

/// Lock-time flags (LOCKTIME_VERIFY_SEQUENCE) for sequence locks in a block at `height`: BIP68 from CSV.
unsigned GetBlockLockTimeFlags(int height, const ConsensusParams& params);

/// Block reward without fees: 50 BTC halved every subsidy_halving_interval blocks, 0 after 64 halvings.
primitives::Amount GetBlockSubsidy(int height, const ConsensusParams& params);

/// The two mainnet blocks that repeated an earlier coinbase and are exempt from BIP30 (91842 and 91880).
bool IsBIP30Repeat(int height, const Hash256& hash);
/// The two mainnet blocks whose coinbase outputs were overwritten by those repeats (91722 and 91812); their
/// coinbase outputs are unspendable.
bool IsBIP30Unspendable(int height, const Hash256& hash);

/// Height below which BIP34 implies BIP30 on chains through BIP34Hash: from here a coinbase could again
/// repeat an early one (Core's BIP34_IMPLIES_BIP30_LIMIT).
constexpr int BIP34_IMPLIES_BIP30_LIMIT = 1'983'702;

/// Whether ConnectBlock must run the BIP30 check (no output may overwrite an unspent one) for the block with
/// `hash` at `height`. `bip34_ancestor_hash` is the hash of its parent's ancestor at params.bip34_height, or
/// nullopt if the parent is below that height (Core's pprev->GetAncestor(BIP34Height) == nullptr). Skipped for the two
/// repeats and, below the limit, on chains whose block at the BIP34 height is BIP34Hash.
bool IsBIP30CheckRequired(int height, const Hash256& hash, const std::optional<Hash256>& bip34_ancestor_hash,
                          const ConsensusParams& params);

} // namespace hearth::consensus

#endif // HEARTH_CONSENSUS_BLOCK_CHECK_H
