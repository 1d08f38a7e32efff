#ifndef HEARTH_NODE_IMPORT_H
#define HEARTH_NODE_IMPORT_H

// The import thread (Core's ImportBlocks, run by init on "initload"): after start-up, imports every
// -loadblock file in order while RPC is already answering, then makes sure the best chain is active.
// Stops between blocks when interrupted (shutdown); what was connected so far is kept, and a restart with
// the same -loadblock skips the blocks it already has.

#include <atomic>
#include <filesystem>
#include <functional>
#include <thread>
#include <vector>

namespace hearth::chain {
class Chainstate;
}

namespace hearth::node {

class Logger;

class BlockImporter
{
public:
    /// `on_done` runs on the import thread when it finishes without being interrupted (e.g. to honour
    /// -stopafterblockimport); may be empty.
    BlockImporter(chain::Chainstate& chainstate, Logger* logger, std::vector<std::filesystem::path> files,
                  std::function<void()> on_done = {});
    ~BlockImporter();
    BlockImporter(const BlockImporter&) = delete;
    BlockImporter& operator=(const BlockImporter&) = delete;

    void Start();
    /// Asks the thread to stop after the block it is on.
    void Interrupt() { m_interrupt.store(true); }
    /// Interrupts and waits for the thread.
    void Stop();
    /// True once the thread has finished (interrupted or not).
    bool Done() const { return m_done.load(); }

private:
    void Run();

    chain::Chainstate& m_chainstate;
    Logger* const m_logger;
    const std::vector<std::filesystem::path> m_files;
    const std::function<void()> m_on_done;
    std::atomic<bool> m_interrupt{false};
    std::atomic<bool> m_done{false};
    std::thread m_thread;
};

} // namespace hearth::node

#endif // HEARTH_NODE_IMPORT_H
