#ifndef HEARTH_CONSENSUS_HEADER_CHAIN_H
#define HEARTH_CONSENSUS_HEADER_CHAIN_H

// The one thing consensus checks need from the block index: the headers of the branch a new block builds
// on. Retargeting reads bits and times of earlier blocks, contextual header checks read the median time
// past, sequence locks read the median time past of the blocks their coins were created in. The chain layer
// implements HeaderChainView over its block index (CBlockIndex::GetAncestor in Core); tests and tools use
// HeaderListView over a plain vector of headers.

#include <hearth/primitives/block.h>

#include <cstdint>
#include <span>

namespace hearth::consensus {

/// The fields of a header in the chain that consensus rules look at.
struct ChainHeader {
    int32_t version{0};
    uint32_t time{0};
    uint32_t bits{0};
};

/// Read-only view of one branch of the header chain: genesis at height 0 up to a tip, usually the parent of
/// the block being checked. All heights are on that branch (ancestors of the tip).
class HeaderChainView
{
public:
    virtual ~HeaderChainView() = default;

    /// Height of the branch's tip; -1 for an empty view (checking the genesis block).
    virtual int TipHeight() const = 0;
    /// The header at `height` on this branch; callers guarantee 0 ≤ height ≤ TipHeight().
    virtual ChainHeader HeaderAt(int height) const = 0;
    /// BIP113 median time past of the block at `height`: the median of the times of it and its (up to) 10
    /// predecessors (Core's CBlockIndex::GetMedianTimePast). The default reads HeaderAt(); an implementation
    /// that caches it may override, but must return the same value.
    virtual int64_t MedianTimePast(int height) const;
};

/// HeaderChainView over consecutive headers starting at genesis (height i = headers[i]). The headers must
/// outlive the view.
class HeaderListView final : public HeaderChainView
{
public:
    explicit HeaderListView(std::span<const primitives::BlockHeader> headers) : m_headers{headers} {}

    int TipHeight() const override { return static_cast<int>(m_headers.size()) - 1; }
    ChainHeader HeaderAt(int height) const override;

private:
    std::span<const primitives::BlockHeader> m_headers;
};

} // namespace hearth::consensus

#endif // HEARTH_CONSENSUS_HEADER_CHAIN_H
