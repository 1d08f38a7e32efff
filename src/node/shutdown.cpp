#include <hearth/node/shutdown.h>

#include <hearth/node/logging.h>
#include <hearth/util/check.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace hearth::node {

ShutdownSignal::ShutdownSignal()
{
    Assert(::pipe(m_pipe) == 0);
    for (int fd : m_pipe) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
}

ShutdownSignal::~ShutdownSignal()
{
    for (int fd : m_pipe) {
        if (fd >= 0) ::close(fd);
    }
}

void ShutdownSignal::Request() noexcept
{
    if (m_requested.exchange(true)) return;
    const char byte = 1;
    // write() is async-signal-safe; one byte into an empty pipe cannot block or be partial.
    [[maybe_unused]] const ssize_t n = ::write(m_pipe[1], &byte, 1);
}

bool ShutdownSignal::WaitFor(std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!Requested()) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd pfd{m_pipe[0], POLLIN, 0};
        const int r = ::poll(&pfd, 1, static_cast<int>(std::min<int64_t>(left.count(), 1'000'000)));
        if (r < 0 && errno != EINTR) break;
    }
    return Requested();
}

void ShutdownSignal::Wait()
{
    while (!Requested()) {
        pollfd pfd{m_pipe[0], POLLIN, 0};
        const int r = ::poll(&pfd, 1, -1);
        if (r < 0 && errno != EINTR) break;
    }
}

namespace {

// A signal handler can only reach state through a static; these are set once, before any thread starts, and
// are the only process-wide state in the node.
ShutdownSignal* signal_target = nullptr;
Logger* signal_logger = nullptr;

extern "C" void HandleTerminate(int)
{
    if (signal_target) signal_target->Request();
}
extern "C" void HandleHangup(int)
{
    if (signal_logger) signal_logger->RequestReopen();
}

void Register(int signum, void (*handler)(int))
{
    struct sigaction sa {
    };
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    ::sigaction(signum, &sa, nullptr);
}

} // namespace

void InstallSignalHandlers(ShutdownSignal& signal, Logger* logger)
{
    signal_target = &signal;
    signal_logger = logger;
    Register(SIGTERM, HandleTerminate);
    Register(SIGINT, HandleTerminate);
    Register(SIGHUP, HandleHangup);
    Register(SIGPIPE, SIG_IGN);
}

} // namespace hearth::node
