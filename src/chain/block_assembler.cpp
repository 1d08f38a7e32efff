#include <hearth/chain/block_assembler.h>

#include <hearth/consensus/block_check.h>
#include <hearth/consensus/consensus.h>
#include <hearth/consensus/pow.h>
#include <hearth/consensus/tx_check.h>
#include <hearth/primitives/merkle.h>
#include <hearth/script/script.h>

namespace hearth::chain {

void UpdateMerkleRoot(primitives::Block& block) { block.header.merkle_root = primitives::BlockMerkleRoot(block); }

void UpdateWitnessCommitment(primitives::Block& block, int height, const consensus::ConsensusParams& params)
{
    if (block.vtx.empty() || height < params.segwit_height) return;
    primitives::MutableTransaction coinbase = block.vtx[0]->ToMutable();
    if (auto index = primitives::GetWitnessCommitmentIndex(block)) {
        coinbase.vout.erase(coinbase.vout.begin() + static_cast<ptrdiff_t>(*index));
    }
    // The commitment covers wtxids with the coinbase's counted as zero, so it does not depend on itself.
    const Hash256 reserved{};
    const Hash256 root = primitives::BlockWitnessMerkleRoot(block);
    const Hash256 commitment = primitives::ComputeWitnessCommitment(root, reserved);
    primitives::TxOut out;
    out.value = 0;
    out.script_pubkey.assign(std::begin(primitives::WITNESS_COMMITMENT_HEADER),
                             std::end(primitives::WITNESS_COMMITMENT_HEADER));
    util::Append(out.script_pubkey, commitment.span());
    coinbase.vout.push_back(std::move(out));
    coinbase.vin[0].witness = {util::Bytes(reserved.begin(), reserved.end())};
    block.vtx[0] = primitives::MakeTransactionRef(std::move(coinbase));
    UpdateMerkleRoot(block);
}

util::Result<BlockTemplate> CreateNewBlock(Chainstate& chainstate, util::ByteSpan coinbase_script,
                                           const std::vector<primitives::TransactionRef>& txs,
                                           const AssemblerOptions& options)
{
    auto lock = chainstate.Lock();
    const auto& params = chainstate.Params().consensus;
    BlockIndex* tip = chainstate.Tip();
    if (!tip) return util::Error{"no chain tip"};
    const int height = tip->height + 1;

    BlockTemplate tmpl;
    tmpl.height = height;
    primitives::Block& block = tmpl.block;
    block.header.version = options.version;
    block.header.prev_block = tip->GetHash();
    const int64_t mtp = tip->GetMedianTimePast();
    int64_t time = std::max(mtp + 1, chainstate.Now());
    if (params.enforce_bip94 && height % params.DifficultyAdjustmentInterval() == 0) {
        // BIP94: a period's first block may not be more than 600 s older than its parent (Core's UpdateTime).
        time = std::max<int64_t>(time, int64_t{tip->time} - 600);
    }
    block.header.time = options.time.value_or(static_cast<uint32_t>(time));
    block.header.bits = consensus::GetNextWorkRequired(BlockIndexHeaderView{tip}, block.header, params);

    // Check the chosen transactions against the tip's coins, in order, as ConnectBlock will.
    CoinsViewCache view{&chainstate.CoinsTip()};
    primitives::Amount fees = 0;
    tmpl.fees.push_back(0);
    tmpl.sigops_cost.push_back(0);
    const uint32_t flags = consensus::GetBlockScriptFlags(height, Hash256{}, params);
    for (const auto& tx : txs) {
        consensus::TxValidationState state;
        if (!consensus::CheckTransaction(*tx, state))
            return util::Error{"transaction " + tx->GetTxid().ToHex() + ": " + state.ToString()};
        std::vector<Coin> spent;
        for (const auto& in : tx->vin) {
            const Coin* coin = view.AccessCoin(in.prevout);
            if (!coin) return util::Error{"transaction " + tx->GetTxid().ToHex() + ": bad-txns-inputs-missingorspent"};
            spent.push_back(*coin);
        }
        std::vector<consensus::SpentCoin> spent_view;
        for (const Coin& c : spent)
            spent_view.push_back({c.out.value, c.out.script_pubkey, static_cast<int>(c.height), c.coinbase});
        primitives::Amount fee = 0;
        if (!consensus::CheckTxInputs(*tx, state, spent_view, height, fee)) {
            return util::Error{"transaction " + tx->GetTxid().ToHex() + ": " + state.ToString()};
        }
        fees += fee;
        tmpl.fees.push_back(fee);
        tmpl.sigops_cost.push_back(consensus::GetTransactionSigOpCost(*tx, spent_view, flags));
        for (const auto& in : tx->vin) view.SpendCoin(in.prevout);
        AddCoins(view, *tx, height);
    }
    tmpl.fees[0] = -fees;

    // Coinbase: BIP34 height then OP_0 (Core's CreateNewBlock), locktime height-1 with a non-final sequence
    // (as Core, so the coinbase's txid can never repeat; BIP54 prepares to require it).
    primitives::MutableTransaction coinbase;
    coinbase.version = 2;
    primitives::TxIn in;
    script::PushInt(in.script_sig, height);
    in.script_sig.push_back(0x00);
    in.sequence = primitives::TxIn::MAX_SEQUENCE_NONFINAL;
    coinbase.vin.push_back(std::move(in));
    primitives::TxOut out;
    out.value = consensus::GetBlockSubsidy(height, params) + fees;
    out.script_pubkey.assign(coinbase_script.begin(), coinbase_script.end());
    coinbase.vout.push_back(std::move(out));
    coinbase.locktime = static_cast<uint32_t>(height - 1);
    block.vtx.push_back(primitives::MakeTransactionRef(std::move(coinbase)));
    for (const auto& tx : txs) block.vtx.push_back(tx);
    tmpl.sigops_cost[0] =
        static_cast<int64_t>(consensus::GetLegacySigOpCount(*block.vtx[0])) * consensus::WITNESS_SCALE_FACTOR;

    UpdateMerkleRoot(block);
    UpdateWitnessCommitment(block, height, params);
    return tmpl;
}

bool MineBlock(primitives::Block& block, const consensus::ConsensusParams& params, uint64_t max_tries)
{
    for (uint64_t tries = 0; tries < max_tries; ++tries) {
        if (consensus::CheckProofOfWork(block.header.GetHash(), block.header.bits, params)) return true;
        if (++block.header.nonce == 0) ++block.header.time;
    }
    return false;
}

} // namespace hearth::chain
