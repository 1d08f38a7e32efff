#ifndef HEARTH_RPC_SERVER_H
#define HEARTH_RPC_SERVER_H

// The JSON-RPC HTTP server (Core's httpserver.cpp + httprpc.cpp) on Boost.Beast.
//
// Threads (DESIGN.md §2): one thread runs the server's own io_context (accepting, reading and writing
// HTTP/1.1 with keep-alive); -rpcthreads workers execute calls from a queue at most -rpcworkqueue deep
// (503 when full). Handlers run on the workers, so a slow call never stalls the network I/O; a handler that
// needs the chainstate will post to the validation thread and wait there.
//
// Per request, in order: client address not in -rpcallowip → 403; path other than "/" or "/wallet/…" → 404;
// not POST → 405; no Authorization → 401; wrong credentials → 401 after 250 ms; queue full → 503; body over
// the limit → 413; no complete request within -rpcservertimeout → connection closed.

#include <hearth/node/config.h>
#include <hearth/node/context.h>
#include <hearth/rpc/table.h>
#include <hearth/util/result.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hearth::rpc {

class RpcServer
{
public:
    /// Sets up authentication (writes the cookie unless -rpcpassword is set or the cookie is disabled), binds
    /// every address of `options.bind` that it can (failing only if none), and starts the threads.
    /// `table` and `node` must outlive the server.
    [[nodiscard]] static util::Result<std::unique_ptr<RpcServer>> Start(const node::RpcOptions& options,
                                                                        const RpcTable& table, node::NodeContext& node);
    /// Stops (see Stop).
    ~RpcServer();
    RpcServer(const RpcServer&) = delete;
    RpcServer& operator=(const RpcServer&) = delete;

    /// Graceful stop: no new connections or calls; running and queued calls finish and their replies are
    /// written; connections are then closed; the cookie this server wrote is deleted. Idempotent.
    void Stop();

    /// Calls waiting in the work queue (not yet running), for monitoring and tests.
    size_t QueuedCalls() const;

    /// The addresses actually listened on (host, port) — the port is the real one when 0 was asked for.
    std::vector<std::pair<std::string, uint16_t>> BoundAddresses() const;

    class Impl;

private:
    explicit RpcServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace hearth::rpc

#endif // HEARTH_RPC_SERVER_H
