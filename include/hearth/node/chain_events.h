#ifndef HEARTH_NODE_CHAIN_EVENTS_H
#define HEARTH_NODE_CHAIN_EVENTS_H

// ChainEvents: the node's one chain::ChainNotifications sink (a chainstate takes a single pointer). It
// - fans every event out to subscribers (ZMQ, mempool and wallet as they land),
// - logs each new tip as Core does ("UpdateTip: new best=... height=..."),
// - keeps the latest tip for the waitfor* RPCs, which sleep here (not on the chainstate) until it moves,
// - turns FatalError into a logged error and a shutdown request (Core's AbortNode / kernel fatalError).
// Calls come from the validation thread with the chainstate lock held; everything here is quick.

#include <hearth/chain/notifications.h>
#include <hearth/primitives/block.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hearth::chain {
class Chainstate;
}

namespace hearth::node {

class Logger;
class ShutdownSignal;

class ChainEvents final : public chain::ChainNotifications
{
public:
    /// The tip as the waitfor* RPCs report it.
    struct Tip {
        primitives::Hash256 hash;
        int height{-1};
        friend bool operator==(const Tip&, const Tip&) = default;
    };

    /// `logger` and `shutdown` may be null (tests).
    ChainEvents(Logger* logger, ShutdownSignal* shutdown) : m_logger{logger}, m_shutdown{shutdown} {}

    /// For the progress figure of the UpdateTip log line; set once the chainstate is open (null before: the
    /// line then shows progress 0). Not thread-safe: call while no blocks are being connected.
    void SetChainstate(const chain::Chainstate* chainstate);
    /// Adds a subscriber that receives every event after this one has handled it. Call before blocks flow
    /// or accept that the subscriber starts mid-stream.
    void Subscribe(chain::ChainNotifications* subscriber);
    void Unsubscribe(chain::ChainNotifications* subscriber);

    // chain::ChainNotifications
    void BlockConnected(const std::shared_ptr<const primitives::Block>& block, const chain::BlockIndex& index) override;
    void BlockDisconnected(const std::shared_ptr<const primitives::Block>& block,
                           const chain::BlockIndex& index) override;
    void UpdatedBlockTip(const chain::BlockIndex& new_tip, const chain::BlockIndex* fork,
                         bool initial_download) override;
    void BlockChecked(const primitives::Block& block, const consensus::BlockValidationState& state) override;
    void HeaderTip(const chain::BlockIndex& index) override;
    void FatalError(const std::string& message) override;

    /// Records the tip without logging (after the chainstate was opened).
    void SetTip(const chain::BlockIndex& tip);
    Tip LatestTip() const;
    /// Blocks until `done(tip)` holds, `timeout` passes (nullopt: no limit) or Interrupt() is called;
    /// returns the tip at that moment.
    Tip WaitForTip(const std::function<bool(const Tip&)>& done, std::optional<std::chrono::milliseconds> timeout);
    /// Wakes every waiter for good (shutdown).
    void Interrupt();

    /// The first fatal error reported, if any (hearthd then exits with a failure status).
    std::optional<std::string> FatalErrorMessage() const;

private:
    std::vector<chain::ChainNotifications*> Subscribers() const;

    Logger* const m_logger;
    ShutdownSignal* const m_shutdown;
    const chain::Chainstate* m_chainstate{nullptr};

    mutable std::mutex m_subscribers_mutex;
    std::vector<chain::ChainNotifications*> m_subscribers;

    mutable std::mutex m_tip_mutex;
    std::condition_variable m_tip_changed;
    Tip m_tip;
    bool m_interrupted{false};
    std::optional<std::string> m_fatal_error;
};

/// log2 of a block's chain work, as Core prints it (log2_work).
double Log2Work(const chain::BlockIndex& index);

} // namespace hearth::node

#endif // HEARTH_NODE_CHAIN_EVENTS_H
