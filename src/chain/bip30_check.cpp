#include <hearth/chain/bip30_check.h>

#include <algorithm>
#include <bit>
#include <cstring>

namespace hearth::chain {

namespace {

uint64_t TxidKey(const Hash256& txid)
{
    uint64_t key;
    std::memcpy(&key, txid.data(), sizeof key);
    return key | 1; // never 0, the empty slot
}

} // namespace

Bip30Check::Bip30Check(CoinsViewCache& view, const primitives::Block& block, bool enforced, bool journaled) :
    m_view{view}, m_enforced{enforced}, m_integrated{enforced && journaled}
{
    if (!m_integrated) return;
    size_t inputs = 0;
    size_t outputs = 0;
    for (const auto& tx : block.vtx) {
        inputs += tx->vin.size();
        outputs += tx->vout.size();
    }
    m_spent.reserve(inputs);
    m_ask_below.reserve(outputs); // most new outputs are asked below: no reallocation copies
    m_spent_txids.assign(std::bit_ceil(std::max<size_t>(16, 2 * inputs)), 0); // at most half full
}

bool Bip30Check::CheckUpFront(const primitives::Block& block) const
{
    return !m_enforced || m_integrated || NoOutputUnspent(block);
}

bool Bip30Check::CheckAfterRollBack(const primitives::Block& block) const
{
    return !m_integrated || NoOutputUnspent(block);
}

bool Bip30Check::NoOutputUnspent(const primitives::Block& block) const
{
    for (const auto& tx : block.vtx) {
        for (uint32_t o = 0; o < tx->vout.size(); ++o) {
            if (m_view.HaveCoin(OutPoint{tx->GetTxid(), o})) return false;
        }
    }
    return true;
}

void Bip30Check::NoteSpent(const OutPoint& outpoint)
{
    if (!m_integrated) return;
    m_spent.push_back(outpoint);
    const uint64_t key = TxidKey(outpoint.hash);
    const size_t mask = m_spent_txids.size() - 1;
    for (size_t i = key & mask;; i = (i + 1) & mask) {
        if (m_spent_txids[i] == key) return;
        if (m_spent_txids[i] == 0) {
            m_spent_txids[i] = key;
            return;
        }
    }
}

bool Bip30Check::SpentByThisBlock(const OutPoint& outpoint) const
{
    const uint64_t key = TxidKey(outpoint.hash);
    const size_t mask = m_spent_txids.size() - 1;
    for (size_t i = key & mask; m_spent_txids[i] != 0; i = (i + 1) & mask) {
        if (m_spent_txids[i] == key) return std::find(m_spent.begin(), m_spent.end(), outpoint) != m_spent.end();
    }
    return false;
}

bool Bip30Check::AddOutputs(const primitives::Transaction& tx, int height)
{
    if (!m_integrated) {
        AddCoins(m_view, tx, height);
        return true;
    }
    const bool coinbase = tx.IsCoinBase();
    for (uint32_t o = 0; o < tx.vout.size(); ++o) {
        const OutPoint outpoint{tx.GetTxid(), o};
        using Outcome = CoinsViewCache::AddOutcome;
        switch (
            m_view.AddCoinReporting(outpoint, Coin{tx.vout[o], static_cast<uint32_t>(height), coinbase}, coinbase)) {
        case Outcome::REFUSED:      // unspent before the block (a repeat within the block fails its inputs first)
        case Outcome::OVER_UNSPENT: // a coinbase over an unspent coin
            return false;
        case Outcome::OVER_SPENT: // spent before the block, or unspent then and spent by this block
            if (SpentByThisBlock(outpoint)) return false;
            break;
        case Outcome::INSERTED: // not cached: unless this block spent it (a fresh coin is then dropped), ask below
            if (SpentByThisBlock(outpoint)) return false;
            m_ask_below.push_back(outpoint);
            break;
        case Outcome::SKIPPED: // never in any view
            break;
        }
    }
    return true;
}

bool Bip30Check::FoundBelow() const
{
    return std::any_of(m_ask_below.begin(), m_ask_below.end(),
                       [&](const OutPoint& o) { return m_view.HaveCoinBelow(o); });
}

} // namespace hearth::chain
