#include <hearth/consensus/signet.h>

#include <hearth/primitives/merkle.h>
#include <hearth/script/interpreter.h>
#include <hearth/script/script.h>
#include <hearth/script/sighash.h>
#include <hearth/script/verify_flags.h>
#include <hearth/serialize/stream.h>

#include <algorithm>

namespace hearth::consensus {

namespace {

using primitives::MutableTransaction;
using primitives::ScriptBytes;

/// The flags the solution is checked with (Core's signet BLOCK_SCRIPT_VERIFY_FLAGS).
constexpr script::ScriptFlags SIGNET_SCRIPT_FLAGS = script::SCRIPT_VERIFY_P2SH | script::SCRIPT_VERIFY_WITNESS |
                                                    script::SCRIPT_VERIFY_DERSIG | script::SCRIPT_VERIFY_NULLDUMMY;

/// Finds the first push that starts with the signet header and has data after it; moves that data to
/// `solution` and rewrites `commitment_script` with the push cut down to the header, every push re-encoded
/// minimally and iteration stopping at an undecodable operation, exactly as Core's
/// FetchAndClearCommitmentSection (the rewritten script feeds the merkle root the solution signs).
bool FetchAndClearCommitmentSection(ScriptBytes& commitment_script, util::Bytes& solution)
{
    ScriptBytes replacement;
    bool found = false;
    solution.clear();
    size_t pos = 0;
    script::Opcode opcode{};
    util::ByteSpan data;
    while (script::GetScriptOp(commitment_script, pos, opcode, &data)) {
        if (!data.empty()) {
            util::ByteSpan kept = data;
            if (!found && data.size() > SIGNET_HEADER.size() &&
                std::equal(SIGNET_HEADER.begin(), SIGNET_HEADER.end(), data.begin())) {
                solution.assign(data.begin() + SIGNET_HEADER.size(), data.end());
                kept = data.first(SIGNET_HEADER.size());
                found = true;
            }
            script::PushData(replacement, kept);
        } else {
            script::PushOp(replacement, opcode);
        }
    }
    if (found) commitment_script = std::move(replacement);
    return found;
}

} // namespace

std::optional<SignetTxs> CreateSignetTxs(const primitives::Block& block, util::ByteSpan challenge)
{
    SignetTxs txs;
    MutableTransaction& to_spend = txs.to_spend;
    to_spend.version = 0;
    to_spend.locktime = 0;
    to_spend.vin.push_back(primitives::TxIn{primitives::OutPoint{}, {script::OP_0}, 0, {}});
    to_spend.vout.push_back(primitives::TxOut{0, util::ToBytes(challenge)});

    MutableTransaction& to_sign = txs.to_sign;
    to_sign.version = 0;
    to_sign.locktime = 0;
    to_sign.vin.push_back(primitives::TxIn{primitives::OutPoint{}, {}, 0, {}});
    to_sign.vout.push_back(primitives::TxOut{0, {script::OP_RETURN}});

    if (block.vtx.empty()) return std::nullopt;
    MutableTransaction modified_cb = block.vtx[0]->ToMutable();
    const auto commitment_pos = primitives::GetWitnessCommitmentIndex(block);
    if (!commitment_pos) return std::nullopt; // a signet block must commit to witnesses

    util::Bytes solution;
    if (FetchAndClearCommitmentSection(modified_cb.vout.at(*commitment_pos).script_pubkey, solution)) {
        serialize::Reader r{solution};
        to_sign.vin[0].script_sig = r.ReadBytesWithSize();
        serialize::Unserialize(r, to_sign.vin[0].witness);
        if (!r.ok() || !r.empty()) return std::nullopt;
    }
    // Otherwise there is no solution: allowed, so that OP_TRUE works as a trivial challenge.

    // The merkle root with the solution removed from the coinbase.
    std::vector<Hash256> leaves;
    leaves.reserve(block.vtx.size());
    leaves.push_back(modified_cb.ComputeTxid());
    for (size_t i = 1; i < block.vtx.size(); ++i) leaves.push_back(block.vtx[i]->GetTxid());
    const Hash256 signet_merkle = primitives::ComputeMerkleRoot(std::move(leaves));

    util::Bytes block_data;
    serialize::VectorWriter w{block_data};
    serialize::WriteI32(w, block.header.version);
    w.Write(block.header.prev_block.span());
    w.Write(signet_merkle.span());
    serialize::WriteU32(w, block.header.time);
    script::PushData(to_spend.vin[0].script_sig, block_data);
    to_sign.vin[0].prevout = primitives::OutPoint{to_spend.ComputeTxid(), 0};
    return txs;
}

bool CheckSignetBlockSolution(const primitives::Block& block, const ConsensusParams& params)
{
    // The genesis block has no solution and needs none.
    if (block.GetHash() == params.hash_genesis_block) return true;

    const auto txs = CreateSignetTxs(block, params.signet_challenge);
    if (!txs) return false;

    const primitives::Transaction to_sign{txs->to_sign};
    const primitives::TxOut& spent = txs->to_spend.vout[0];
    script::PrecomputedTransactionData txdata;
    txdata.Init(to_sign, {spent});
    const script::TransactionSignatureChecker checker{to_sign, 0, spent.value, txdata};
    return script::VerifyScript(to_sign.vin[0].script_sig, params.signet_challenge, &to_sign.vin[0].witness,
                                SIGNET_SCRIPT_FLAGS, checker);
}

} // namespace hearth::consensus
