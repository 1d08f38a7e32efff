#include <hearth/chain/active_chain.h>

namespace hearth::chain {

void ActiveChain::SetTip(BlockIndex* tip)
{
    if (!tip) {
        m_chain.clear();
        return;
    }
    m_chain.resize(static_cast<size_t>(tip->height) + 1);
    for (BlockIndex* i = tip; i && m_chain[static_cast<size_t>(i->height)] != i; i = i->prev) {
        m_chain[static_cast<size_t>(i->height)] = i;
    }
}

const BlockIndex* ActiveChain::FindFork(const BlockIndex* index) const
{
    if (!index) return nullptr;
    if (index->height > Height()) index = index->GetAncestor(Height());
    while (index && !Contains(index)) index = index->prev;
    return index;
}

std::vector<Hash256> ActiveChain::GetLocator(const BlockIndex* index) const
{
    if (!index) index = Tip();
    std::vector<Hash256> have;
    int step = 1;
    while (index) {
        have.push_back(index->GetHash());
        if (index->height == 0) break;
        const int height = std::max(index->height - step, 0);
        index = Contains(index) ? (*this)[height] : index->GetAncestor(height);
        if (have.size() > 10) step *= 2;
    }
    return have;
}

} // namespace hearth::chain
