#ifndef HEARTH_CHAIN_ACTIVE_CHAIN_H
#define HEARTH_CHAIN_ACTIVE_CHAIN_H

#include <hearth/chain/block_index.h>

#include <vector>

namespace hearth::chain {

/// The active chain as a vector indexed by height (Core's CChain): O(1) access by height and O(1)
/// "is this block on the active chain".
class ActiveChain
{
public:
    BlockIndex* Tip() const { return m_chain.empty() ? nullptr : m_chain.back(); }
    BlockIndex* Genesis() const { return m_chain.empty() ? nullptr : m_chain.front(); }
    /// Height of the tip; -1 if empty.
    int Height() const { return static_cast<int>(m_chain.size()) - 1; }
    BlockIndex* operator[](int height) const
    {
        return height < 0 || height > Height() ? nullptr : m_chain[static_cast<size_t>(height)];
    }
    bool Contains(const BlockIndex* index) const { return index && (*this)[index->height] == index; }
    /// The successor of `index` on this chain, if `index` is on it.
    BlockIndex* Next(const BlockIndex* index) const { return Contains(index) ? (*this)[index->height + 1] : nullptr; }

    /// Makes `tip` the tip (nullptr: empty), filling in its ancestors.
    void SetTip(BlockIndex* tip);
    /// The last block of this chain that `index` descends from (nullptr if none).
    const BlockIndex* FindFork(const BlockIndex* index) const;
    /// Block locator (BIP-less, Core's GetLocator): hashes from `index` (default: tip) back to genesis,
    /// dense for the last 10 and then exponentially sparser.
    std::vector<Hash256> GetLocator(const BlockIndex* index = nullptr) const;

private:
    std::vector<BlockIndex*> m_chain;
};

} // namespace hearth::chain

#endif // HEARTH_CHAIN_ACTIVE_CHAIN_H
