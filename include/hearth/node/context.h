#ifndef HEARTH_NODE_CONTEXT_H
#define HEARTH_NODE_CONTEXT_H

// NodeContext: the parts of a running node, owned by hearthd's main() and handed to whoever serves requests
// (RPC handlers, later the P2P and validation threads). No globals: what a component needs, it finds here.
// Areas add their members as they land (chainstate manager, mempool, connection manager, validation queue);
// a null pointer means "not running in this process" and RPC handlers answer accordingly.

#include <hearth/consensus/params.h>

#include <chrono>
#include <filesystem>

namespace hearth::chain {
class Chainstate;
}

namespace hearth::node {

class ArgsManager;
class ChainEvents;
class Clock;
class Logger;
class ShutdownSignal;

struct NodeContext {
    ArgsManager* args{nullptr};
    Logger* logger{nullptr};
    /// Requested by the `stop` RPC, signals and fatal errors; main() waits on it.
    ShutdownSignal* shutdown{nullptr};
    const consensus::ChainParams* chain_params{nullptr};
    /// The data directory and its network sub-folder (where .cookie, debug.log and the databases live).
    std::filesystem::path data_dir;
    std::filesystem::path net_data_dir;
    /// The node's wall clock (mockable: -mocktime, setmocktime). The chainstate reads "now" from it.
    Clock* clock{nullptr};
    /// The chainstate: null until it is loaded (RPC is in warm-up until then) and in processes without one.
    /// Thread-safe: every method takes its lock, which block connection releases between blocks. RPC
    /// handlers call it directly; hold chainstate->Lock() around several calls that must agree.
    chain::Chainstate* chainstate{nullptr};
    /// The chainstate's notifications: subscribe here; the latest tip and WaitForTip for waitfor* RPCs.
    ChainEvents* chain_events{nullptr};
    /// When the node started (`uptime` RPC).
    std::chrono::steady_clock::time_point start_time{std::chrono::steady_clock::now()};
};

} // namespace hearth::node

#endif // HEARTH_NODE_CONTEXT_H
