#ifndef HEARTH_CHAIN_BIP30_CHECK_H
#define HEARTH_CHAIN_BIP30_CHECK_H

// BIP30 for ConnectBlock: no transaction may create an output that is unspent in the coins view before the
// block (Core's ConnectBlock, CORE-FACTS §2) — the first of ConnectBlock's reject reasons.
//
// Core asks the view for every output of the block before connecting it. Where BIP34 does not imply BIP30
// (regtest, testnet, mainnet below BIP34) that is a lookup in the big coins map per output of every block,
// with the script threads waiting. On the journaled tip cache the same answer comes out of the insertions
// ConnectBlock makes anyway: AddCoinReporting says what was at each outpoint, and the outpoints spent by
// this block (a small set) tell "unspent before the block, spent since" from "spent before the block".
// Outputs the cache knew nothing of are asked of the view below once all the block's script checks are
// queued: connecting changes only the cache, so the view below still shows the state before the block.
// On a view without a journal (a scratch view: TestBlockValidity, verifychain) the check runs up front.

#include <hearth/chain/coins.h>
#include <hearth/primitives/block.h>

#include <cstdint>
#include <vector>

namespace hearth::chain {

class Bip30Check
{
public:
    /// `enforced`: IsBIP30CheckRequired for `block`. `journaled`: `view` has a journal open (changes can be
    /// rolled back to the state before the block).
    Bip30Check(CoinsViewCache& view, const primitives::Block& block, bool enforced, bool journaled);

    /// Before the block changes the view: false if it breaks BIP30 (scratch views; true otherwise).
    bool CheckUpFront(const primitives::Block& block) const;
    /// The block spent `outpoint`.
    void NoteSpent(const OutPoint& outpoint);
    /// Adds `tx`'s outputs (AddCoins); false if one of them is unspent before the block (the view may then
    /// hold some of tx's outputs: the journal rolls them back).
    bool AddOutputs(const primitives::Transaction& tx, int height);
    /// After the last AddOutputs: true if an output the cache knew nothing of is unspent in the view below.
    bool FoundBelow() const;
    /// For a block that failed before all its outputs were added, once the journal rolled the view back to
    /// the state before the block: false if the block breaks BIP30 (whose reason then comes first).
    bool CheckAfterRollBack(const primitives::Block& block) const;

private:
    bool NoOutputUnspent(const primitives::Block& block) const;
    bool SpentByThisBlock(const OutPoint& outpoint) const;

    CoinsViewCache& m_view;
    const bool m_enforced;
    const bool m_integrated; ///< enforced on a journaled view: answered by the insertions
    // The outpoints this block spent, and a flat open-addressing table of their txids' first 8 bytes
    // (uniformly random; 0 = empty slot): it answers "not spent here" — nearly every question, as the
    // outputs asked about belong to new transactions — without an allocation per spend.
    std::vector<OutPoint> m_spent;
    std::vector<uint64_t> m_spent_txids;
    std::vector<OutPoint> m_ask_below;
};

} // namespace hearth::chain

#endif // HEARTH_CHAIN_BIP30_CHECK_H
