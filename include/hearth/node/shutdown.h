#ifndef HEARTH_NODE_SHUTDOWN_H
#define HEARTH_NODE_SHUTDOWN_H

// Shutdown requests: from the `stop` RPC, from SIGINT/SIGTERM, or from a fatal error. A self-pipe makes the
// request async-signal-safe and lets the main thread sleep until it arrives (Core's util::SignalInterrupt).

#include <atomic>
#include <chrono>

namespace hearth::node {

class Logger;

/// A one-shot "please shut down" flag that a thread can wait for.
class ShutdownSignal
{
public:
    ShutdownSignal();
    ~ShutdownSignal();
    ShutdownSignal(const ShutdownSignal&) = delete;
    ShutdownSignal& operator=(const ShutdownSignal&) = delete;

    /// Requests shutdown. Async-signal-safe; later calls do nothing.
    void Request() noexcept;
    /// True once requested.
    bool Requested() const noexcept { return m_requested.load(); }
    /// Blocks until requested.
    void Wait();
    /// Blocks until requested or `timeout` passes; returns Requested().
    bool WaitFor(std::chrono::milliseconds timeout);

private:
    std::atomic<bool> m_requested{false};
    int m_pipe[2]{-1, -1};
};

/// Routes SIGINT and SIGTERM to `signal`, SIGHUP to `logger`'s reopen (log rotation), and ignores SIGPIPE
/// (a client closing its socket must not kill the daemon). Call once, before starting threads.
void InstallSignalHandlers(ShutdownSignal& signal, Logger* logger);

} // namespace hearth::node

#endif // HEARTH_NODE_SHUTDOWN_H
