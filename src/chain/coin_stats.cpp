// gettxoutsetinfo's scan of the UTXO set (Core's kernel/coinstats.cpp) and verifychain.

#include <hearth/chain/chainstate.h>

#include <hearth/consensus/block_check.h>
#include <hearth/storage/muhash.h>

namespace hearth::chain {

util::Result<CoinStats> Chainstate::ComputeCoinStats(CoinStatsHash hash_type)
{
    auto lock = Lock();
    if (auto ok = FlushLocked(FlushMode::ALWAYS); !ok) return util::Error{ok.error()};
    CoinStats stats;
    stats.best_block = m_coins_db->GetBestBlock();
    const BlockIndex* best = LookupBlockIndex(stats.best_block);
    stats.height = best ? best->height : 0;

    serialize::HashWriter hash_writer;
    storage::MuHash3072 muhash;
    Hash256 last_txid;
    bool first = true;

    auto it = m_coins_db->store().NewIterator();
    const uint8_t prefix = storage::DB_COIN;
    for (it->Seek({&prefix, 1}); it->Valid(); it->Next()) {
        const util::ByteSpan key = it->Key();
        if (key.empty() || key[0] != storage::DB_COIN) break;
        const auto outpoint = storage::DecodeCoinKey(key);
        if (!outpoint) return util::Error{"corrupt coin key in the chainstate"};
        auto coin = storage::DecodeCoin(it->Value());
        if (!coin) return util::Error{"corrupt coin " + outpoint->ToString() + ": " + coin.error()};
        if (first || outpoint->hash != last_txid) {
            ++stats.transactions;
            last_txid = outpoint->hash;
            first = false;
        }
        ++stats.txouts;
        stats.total_amount += coin->out.value;
        // Core's bogosize: 32 txid + 4 vout + 4 height + 8 amount + 2 script length + script.
        stats.bogosize += 50 + coin->out.script_pubkey.size();
        if (hash_type == CoinStatsHash::HASH_SERIALIZED) {
            storage::SerializeCoinForHash(hash_writer, *outpoint, *coin);
        } else if (hash_type == CoinStatsHash::MUHASH) {
            muhash.Insert(storage::CoinHashSerialization(*outpoint, *coin));
        }
    }
    if (auto status = it->status(); !status) return util::Error{status.error()};
    if (hash_type == CoinStatsHash::HASH_SERIALIZED) stats.hash_serialized = hash_writer.GetHash();
    if (hash_type == CoinStatsHash::MUHASH) stats.muhash = muhash.Finalize();
    stats.disk_size = m_coins_db->EstimateCoinsSize();
    return stats;
}

util::Result<bool> Chainstate::VerifyChain(int level, int depth)
{
    auto lock = Lock();
    if (!m_chain.Tip() || m_chain.Height() < 1) return true;
    if (depth <= 0 || depth > m_chain.Height()) depth = m_chain.Height();
    level = std::clamp(level, 0, 4);
    // Levels 3 and 4 work in a scratch cache over the tip: nothing they do is kept.
    CoinsViewCache scratch{m_coins_tip.get()};
    const BlockIndex* lowest_disconnected = nullptr;
    bool can_disconnect = true;
    for (const BlockIndex* index = m_chain.Tip(); index && index->height > m_chain.Height() - depth;
         index = index->prev) {
        if (!(index->status & BLOCK_HAVE_DATA)) break; // pruned below here
        auto block = ReadBlock(*index);
        if (!block) return util::Error{"Verification error: ReadBlock failed at " + index->GetHash().ToHex()};
        if (level >= 1) {
            consensus::BlockValidationState state;
            if (!consensus::CheckBlock(*block, state, m_params.consensus)) {
                return util::Error{"Verification error: found bad block at " + std::to_string(index->height) + ": " +
                                   state.ToString()};
            }
        }
        if (level >= 2) {
            if (auto undo = ReadUndo(*index); !undo) {
                return util::Error{"Verification error: found bad undo data at " + std::to_string(index->height) +
                                   ": " + undo.error()};
            }
        }
        if (level >= 3 && can_disconnect && scratch.DynamicMemoryUsage() < m_options.coins_cache_bytes / 2) {
            const DisconnectResult r = DisconnectBlock(*block, index, scratch);
            if (r == DisconnectResult::FAILED) {
                return util::Error{"Verification error: irrecoverable inconsistency in block data at " +
                                   std::to_string(index->height)};
            }
            lowest_disconnected = index;
        } else if (level >= 3) {
            can_disconnect = false;
        }
    }
    if (level >= 4 && lowest_disconnected) {
        for (const BlockIndex* index = lowest_disconnected; index; index = m_chain.Next(index)) {
            auto block = ReadBlock(*index);
            if (!block) return util::Error{"Verification error: ReadBlock failed at " + index->GetHash().ToHex()};
            consensus::BlockValidationState state;
            if (!ConnectBlock(*block, state, const_cast<BlockIndex*>(index), scratch, true)) {
                return util::Error{"Verification error: found unconnectable block at " + std::to_string(index->height) +
                                   ": " + state.ToString()};
            }
            // just_check leaves the best block unchanged; move it forward for the next one.
            scratch.SetBestBlock(index->GetHash());
        }
    }
    return true;
}

} // namespace hearth::chain
