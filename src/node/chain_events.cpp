#include <hearth/node/chain_events.h>

#include <hearth/chain/chainstate.h>
#include <hearth/node/logging.h>
#include <hearth/node/shutdown.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace hearth::node {

namespace {

std::string FormatIsoTime(int64_t unix_seconds)
{
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

} // namespace

double Log2Work(const chain::BlockIndex& index) { return std::log(index.chain_work.GetDouble()) / std::log(2.0); }

void ChainEvents::SetChainstate(const chain::Chainstate* chainstate) { m_chainstate = chainstate; }

void ChainEvents::Subscribe(chain::ChainNotifications* subscriber)
{
    std::lock_guard lock{m_subscribers_mutex};
    m_subscribers.push_back(subscriber);
}

void ChainEvents::Unsubscribe(chain::ChainNotifications* subscriber)
{
    std::lock_guard lock{m_subscribers_mutex};
    m_subscribers.erase(std::remove(m_subscribers.begin(), m_subscribers.end(), subscriber), m_subscribers.end());
}

std::vector<chain::ChainNotifications*> ChainEvents::Subscribers() const
{
    std::lock_guard lock{m_subscribers_mutex};
    return m_subscribers;
}

void ChainEvents::BlockConnected(const std::shared_ptr<const primitives::Block>& block, const chain::BlockIndex& index)
{
    for (auto* s : Subscribers()) s->BlockConnected(block, index);
}

void ChainEvents::BlockDisconnected(const std::shared_ptr<const primitives::Block>& block,
                                    const chain::BlockIndex& index)
{
    for (auto* s : Subscribers()) s->BlockDisconnected(block, index);
}

void ChainEvents::UpdatedBlockTip(const chain::BlockIndex& new_tip, const chain::BlockIndex* fork,
                                  bool initial_download)
{
    if (m_logger) {
        // Core's UpdateTipLog line (minus the coins cache figure, which would need the cache's lock order).
        // The chainstate lock is held by this thread already; VerificationProgress only reads.
        const double progress = m_chainstate ? m_chainstate->VerificationProgress(&new_tip) : 0.0;
        char work[32];
        std::snprintf(work, sizeof(work), "%f", Log2Work(new_tip));
        char version[16];
        std::snprintf(version, sizeof(version), "0x%08x", static_cast<uint32_t>(new_tip.version));
        char prog[32];
        std::snprintf(prog, sizeof(prog), "%f", progress);
        m_logger->Info("UpdateTip: new best=", new_tip.GetHash().ToHex(), " height=", new_tip.height,
                       " version=", version, " log2_work=", work, " tx=", new_tip.chain_tx, " date='",
                       FormatIsoTime(new_tip.time), "' progress=", prog);
    }
    {
        std::lock_guard lock{m_tip_mutex};
        m_tip = Tip{new_tip.GetHash(), new_tip.height};
    }
    m_tip_changed.notify_all();
    for (auto* s : Subscribers()) s->UpdatedBlockTip(new_tip, fork, initial_download);
}

void ChainEvents::BlockChecked(const primitives::Block& block, const consensus::BlockValidationState& state)
{
    for (auto* s : Subscribers()) s->BlockChecked(block, state);
}

void ChainEvents::HeaderTip(const chain::BlockIndex& index)
{
    for (auto* s : Subscribers()) s->HeaderTip(index);
}

void ChainEvents::FatalError(const std::string& message)
{
    {
        std::lock_guard lock{m_tip_mutex};
        if (!m_fatal_error) m_fatal_error = message;
    }
    if (m_logger) {
        m_logger->Error("*** ", message);
        m_logger->Error("A fatal internal error occurred, see debug.log for details: ", message);
    }
    for (auto* s : Subscribers()) s->FatalError(message);
    if (m_shutdown) m_shutdown->Request();
}

void ChainEvents::SetTip(const chain::BlockIndex& tip)
{
    {
        std::lock_guard lock{m_tip_mutex};
        m_tip = Tip{tip.GetHash(), tip.height};
    }
    m_tip_changed.notify_all();
}

ChainEvents::Tip ChainEvents::LatestTip() const
{
    std::lock_guard lock{m_tip_mutex};
    return m_tip;
}

ChainEvents::Tip ChainEvents::WaitForTip(const std::function<bool(const Tip&)>& done,
                                         std::optional<std::chrono::milliseconds> timeout)
{
    std::unique_lock lock{m_tip_mutex};
    auto ready = [&] { return m_interrupted || done(m_tip); };
    if (timeout) {
        m_tip_changed.wait_for(lock, *timeout, ready);
    } else {
        m_tip_changed.wait(lock, ready);
    }
    return m_tip;
}

void ChainEvents::Interrupt()
{
    {
        std::lock_guard lock{m_tip_mutex};
        m_interrupted = true;
    }
    m_tip_changed.notify_all();
}

std::optional<std::string> ChainEvents::FatalErrorMessage() const
{
    std::lock_guard lock{m_tip_mutex};
    return m_fatal_error;
}

} // namespace hearth::node
