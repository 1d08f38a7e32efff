#include <hearth/consensus/block_check.h>

#include <hearth/consensus/consensus.h>
#include <hearth/consensus/pow.h>
#include <hearth/consensus/signet.h>
#include <hearth/consensus/tx_check.h>
#include <hearth/crypto/sha256.h>
#include <hearth/primitives/merkle.h>
#include <hearth/script/script.h>
#include <hearth/script/verify_flags.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>

namespace hearth::consensus {

using primitives::Block;
using primitives::BlockHeader;
using primitives::TransactionRef;

namespace {

// A deployment buried at `dep_height` is active for a block at `height` (Core's DeploymentActiveAt /
// DeploymentActiveAfter for buried deployments).
bool Active(int height, int dep_height) { return height >= dep_height; }

std::string HexVersion(int32_t version)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08" PRIx32, static_cast<uint32_t>(version));
    return buf;
}

} // namespace

bool CheckBlockHeader(const BlockHeader& header, BlockValidationState& state, const ConsensusParams& params,
                      bool check_pow)
{
    if (check_pow && !CheckProofOfWork(header.GetHash(), header.bits, params)) {
        return state.Invalid(BlockValidationResult::BLOCK_INVALID_HEADER, "high-hash", "proof of work failed");
    }
    return true;
}

bool CheckMerkleRoot(const Block& block, BlockValidationState& state)
{
    bool mutated = false;
    const Hash256 root = primitives::BlockMerkleRoot(block, &mutated);
    if (block.header.merkle_root != root) {
        return state.Invalid(BlockValidationResult::BLOCK_MUTATED, "bad-txnmrklroot", "hashMerkleRoot mismatch");
    }
    // CVE-2012-2459: the same root as a list with repeated transactions; such a block could be a relay's
    // corruption of a valid one, so it is rejected as mutated, not marked invalid.
    if (mutated)
        return state.Invalid(BlockValidationResult::BLOCK_MUTATED, "bad-txns-duplicate", "duplicate transaction");
    return true;
}

bool CheckBlock(const Block& block, BlockValidationState& state, const ConsensusParams& params, bool check_pow,
                bool check_merkle_root)
{
    if (!CheckBlockHeader(block.header, state, params, check_pow)) return false;

    // BIP325: on signet the block must also be signed; checked with the PoW, before anything else.
    if (params.signet_blocks && check_pow && !CheckSignetBlockSolution(block, params)) {
        return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-signet-blksig",
                             "signet block signature validation failure");
    }

    if (check_merkle_root && !CheckMerkleRoot(block, state)) return false;

    // Size limits. The witness is not counted here: it is not covered by the merkle root, so a peer could
    // have padded it; ContextualCheckBlock checks the weight after the witness commitment.
    if (block.vtx.empty() || static_cast<int64_t>(block.vtx.size()) * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT ||
        static_cast<int64_t>(primitives::GetBlockStrippedSize(block)) * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT) {
        return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-blk-length", "size limits failed");
    }

    // The first transaction and only it is a coinbase.
    if (!block.vtx[0]->IsCoinBase()) {
        return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-cb-missing", "first tx is not coinbase");
    }
    for (size_t i = 1; i < block.vtx.size(); ++i) {
        if (block.vtx[i]->IsCoinBase()) {
            return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-cb-multiple", "more than one coinbase");
        }
    }

    // Each transaction, including the duplicate-input check (CVE-2018-17144).
    for (const TransactionRef& tx : block.vtx) {
        TxValidationState tx_state;
        if (!CheckTransaction(*tx, tx_state)) {
            return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, tx_state.GetRejectReason(),
                                 "Transaction check failed (tx hash " + tx->GetTxid().ToHex() + ") " +
                                     tx_state.GetDebugMessage());
        }
    }

    // Legacy sigops: the limit that predates segwit, still applied to every block (×4 in weight units).
    int64_t sigops = 0;
    for (const TransactionRef& tx : block.vtx) sigops += GetLegacySigOpCount(*tx);
    if (sigops * WITNESS_SCALE_FACTOR > MAX_BLOCK_SIGOPS_COST) {
        return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-blk-sigops", "out-of-bounds SigOpCount");
    }
    return true;
}

bool ContextualCheckBlockHeader(const BlockHeader& header, BlockValidationState& state, const ConsensusParams& params,
                                const HeaderChainView& prev, int64_t now)
{
    const int prev_height = prev.TipHeight();
    Assert(prev_height >= 0);
    const int height = prev_height + 1;

    if (header.bits != GetNextWorkRequired(prev, header, params)) {
        return state.Invalid(BlockValidationResult::BLOCK_INVALID_HEADER, "bad-diffbits", "incorrect proof of work");
    }

    // BIP113: the time must be after the median of the previous 11 blocks.
    if (int64_t{header.time} <= prev.MedianTimePast(prev_height)) {
        return state.Invalid(BlockValidationResult::BLOCK_INVALID_HEADER, "time-too-old",
                             "block's timestamp is too early");
    }

    // BIP94 (testnet4): the first block of a period may not be much earlier than its parent, which would let
    // miners shrink the measured timespan (time-warp attack).
    if (params.enforce_bip94 && height % params.DifficultyAdjustmentInterval() == 0) {
        if (int64_t{header.time} < int64_t{prev.HeaderAt(prev_height).time} - MAX_TIMEWARP) {
            return state.Invalid(BlockValidationResult::BLOCK_INVALID_HEADER, "time-timewarp-attack",
                                 "block's timestamp is too early on diff adjustment block");
        }
    }

    // Not too far in the future; may become valid later, so it is not cached as invalid.
    if (int64_t{header.time} > now + MAX_FUTURE_BLOCK_TIME) {
        return state.Invalid(BlockValidationResult::BLOCK_TIME_FUTURE, "time-too-new",
                             "block timestamp too far in the future");
    }

    // Versions made obsolete by BIP34 (v2), BIP66 (v3) and BIP65 (v4).
    if ((header.version < 2 && Active(height, params.bip34_height)) ||
        (header.version < 3 && Active(height, params.bip66_height)) ||
        (header.version < 4 && Active(height, params.bip65_height))) {
        return state.Invalid(BlockValidationResult::BLOCK_INVALID_HEADER,
                             "bad-version(" + HexVersion(header.version) + ")",
                             "rejected nVersion=" + HexVersion(header.version) + " block");
    }
    return true;
}

bool CheckWitnessMalleation(const Block& block, bool expect_witness_commitment, BlockValidationState& state)
{
    if (expect_witness_commitment) {
        if (const auto pos = primitives::GetWitnessCommitmentIndex(block)) {
            // The coinbase's witness is the commitment's reserved value: exactly one 32-byte item.
            const primitives::Witness& witness = block.vtx[0]->vin[0].witness;
            if (witness.size() != 1 || witness[0].size() != 32) {
                return state.Invalid(BlockValidationResult::BLOCK_MUTATED, "bad-witness-nonce-size",
                                     "CheckWitnessMalleation : invalid witness reserved value size");
            }
            // The witness tree's own mutation flag is ignored: the transaction tree already rules it out.
            const Hash256 root = primitives::BlockWitnessMerkleRoot(block);
            const Hash256 commitment = primitives::ComputeWitnessCommitment(root, Hash256{util::ByteSpan{witness[0]}});
            const primitives::ScriptBytes& script = block.vtx[0]->vout[*pos].script_pubkey;
            if (!std::equal(commitment.begin(), commitment.end(), script.begin() + 6)) {
                return state.Invalid(BlockValidationResult::BLOCK_MUTATED, "bad-witness-merkle-match",
                                     "CheckWitnessMalleation : witness merkle commitment mismatch");
            }
            return true;
        }
    }
    // Without a commitment no witness data is allowed: it would be uncommitted space for anyone to fill.
    for (const TransactionRef& tx : block.vtx) {
        if (tx->HasWitness()) {
            return state.Invalid(BlockValidationResult::BLOCK_MUTATED, "unexpected-witness",
                                 "CheckWitnessMalleation : unexpected witness data found");
        }
    }
    return true;
}

bool ContextualCheckBlock(const Block& block, BlockValidationState& state, const ConsensusParams& params,
                          const HeaderChainView& prev)
{
    const int height = prev.TipHeight() + 1;

    // BIP113: from CSV activation, lock times are compared with the parent's median time past.
    const bool enforce_mtp = Active(height, params.csv_height) && height > 0;
    const int64_t locktime_cutoff = enforce_mtp ? prev.MedianTimePast(height - 1) : int64_t{block.header.time};
    for (const TransactionRef& tx : block.vtx) {
        if (!IsFinalTx(*tx, height, locktime_cutoff)) {
            return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-txns-nonfinal", "non-final transaction");
        }
    }

    // BIP34: the coinbase scriptSig starts with the height, pushed as Core's `CScript() << height` does.
    if (Active(height, params.bip34_height)) {
        primitives::ScriptBytes expect;
        script::PushInt(expect, height);
        const primitives::ScriptBytes& script_sig = block.vtx[0]->vin[0].script_sig;
        if (script_sig.size() < expect.size() || !std::equal(expect.begin(), expect.end(), script_sig.begin())) {
            return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-cb-height",
                                 "block height mismatch in coinbase");
        }
    }

    // BIP141 witness commitment.
    if (!CheckWitnessMalleation(block, Active(height, params.segwit_height), state)) return false;

    // Only now that the witness is known to be committed can an overweight block be marked invalid (before,
    // a peer could have padded the coinbase witness without changing the block hash).
    if (primitives::GetBlockWeight(block) > MAX_BLOCK_WEIGHT) {
        return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-blk-weight",
                             "ContextualCheckBlock : weight limit failed");
    }
    return true;
}

uint32_t GetBlockScriptFlags(int height, const Hash256& hash, const ConsensusParams& params)
{
    // P2SH (BIP16), WITNESS and TAPROOT are enforced from genesis: only the listed historic blocks violate
    // them, and those get their own flags.
    script::ScriptFlags flags =
        script::SCRIPT_VERIFY_P2SH | script::SCRIPT_VERIFY_WITNESS | script::SCRIPT_VERIFY_TAPROOT;
    for (const auto& [exception_hash, exception_flags] : params.script_flag_exceptions) {
        if (exception_hash == hash) flags = exception_flags;
    }
    if (Active(height, params.bip66_height)) flags |= script::SCRIPT_VERIFY_DERSIG;
    if (Active(height, params.bip65_height)) flags |= script::SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY;
    if (Active(height, params.csv_height)) flags |= script::SCRIPT_VERIFY_CHECKSEQUENCEVERIFY;
    // BIP147 NULLDUMMY activated with segwit.
    if (Active(height, params.segwit_height)) flags |= script::SCRIPT_VERIFY_NULLDUMMY;
    return flags;
}

unsigned GetBlockLockTimeFlags(int height, const ConsensusParams& params)
{
    return Active(height, params.csv_height) ? LOCKTIME_VERIFY_SEQUENCE : 0;
}

primitives::Amount GetBlockSubsidy(int height, const ConsensusParams& params)
{
    const int halvings = height / params.subsidy_halving_interval;
    // A shift by 64 or more is undefined; the subsidy is zero by then anyway.
    if (halvings >= 64) return 0;
    return (50 * primitives::COIN) >> halvings;
}

bool IsBIP30Repeat(int height, const Hash256& hash)
{
    return (height == 91842 &&
            hash == *Hash256::FromHex("00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec")) ||
           (height == 91880 &&
            hash == *Hash256::FromHex("00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721"));
}

bool IsBIP30Unspendable(int height, const Hash256& hash)
{
    return (height == 91722 &&
            hash == *Hash256::FromHex("00000000000271a2dc26e7667f8419f2e15416dc6955e5a6c6cdf3f2574dd08e")) ||
           (height == 91812 &&
            hash == *Hash256::FromHex("00000000000af0aed4792b1acee3d966af36cf5def14935db8de83d6f9306f2f"));
}

bool IsBIP30CheckRequired(int height, const Hash256& hash, const std::optional<Hash256>& bip34_ancestor_hash,
                          const ConsensusParams& params)
{
    bool enforce = !IsBIP30Repeat(height, hash);
    // BIP34 makes coinbases unique (they commit to their height), so on a chain through BIP34Hash no later
    // duplicate can exist, until heights whose encoding collides with pre-BIP34 coinbases.
    if (bip34_ancestor_hash && *bip34_ancestor_hash == params.bip34_hash) enforce = false;
    return enforce || height >= BIP34_IMPLIES_BIP30_LIMIT;
}

} // namespace hearth::consensus
