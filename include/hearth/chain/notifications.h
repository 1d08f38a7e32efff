#ifndef HEARTH_CHAIN_NOTIFICATIONS_H
#define HEARTH_CHAIN_NOTIFICATIONS_H

// What the chain tells the rest of the node (Core's CValidationInterface + kernel::Notifications). The chain
// never calls the wallet, mempool or ZMQ directly: they implement this and subscribe. Calls are made from the
// validation thread, in chain order, with the chainstate lock held: implementations must be quick (queue
// the work) and must not call back into the chainstate.

#include <hearth/chain/block_index.h>
#include <hearth/consensus/validation_state.h>
#include <hearth/primitives/block.h>

#include <memory>
#include <string>

namespace hearth::chain {

class ChainNotifications
{
public:
    virtual ~ChainNotifications() = default;

    /// A block was connected to the active chain.
    virtual void BlockConnected(const std::shared_ptr<const primitives::Block>& /*block*/, const BlockIndex& /*index*/)
    {}
    /// A block was disconnected from the tip (reorg or invalidateblock).
    virtual void BlockDisconnected(const std::shared_ptr<const primitives::Block>& /*block*/,
                                   const BlockIndex& /*index*/)
    {}
    /// The tip changed after a round of connects/disconnects; `fork` is the last common block with the
    /// old tip (nullptr at the first tip), `initial_download` whether the node is in IBD.
    virtual void UpdatedBlockTip(const BlockIndex& /*new_tip*/, const BlockIndex* /*fork*/, bool /*initial_download*/)
    {}
    /// A block finished full validation (connect), valid or not (Core's BlockChecked; submitblock uses it).
    virtual void BlockChecked(const primitives::Block& /*block*/, const consensus::BlockValidationState& /*state*/) {}
    /// A new best header.
    virtual void HeaderTip(const BlockIndex& /*index*/) {}
    /// The node cannot continue (disk full, I/O error, corruption): it should shut down cleanly.
    virtual void FatalError(const std::string& /*message*/) {}
};

} // namespace hearth::chain

#endif // HEARTH_CHAIN_NOTIFICATIONS_H
