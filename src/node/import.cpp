#include <hearth/node/import.h>

#include <hearth/chain/chainstate.h>
#include <hearth/node/logging.h>

#include <chrono>
#include <pthread.h>

namespace hearth::node {

BlockImporter::BlockImporter(chain::Chainstate& chainstate, Logger* logger, std::vector<std::filesystem::path> files,
                             std::function<void()> on_done) :
    m_chainstate{chainstate},
    m_logger{logger}, m_files{std::move(files)}, m_on_done{std::move(on_done)}
{}

BlockImporter::~BlockImporter() { Stop(); }

void BlockImporter::Start()
{
    m_thread = std::thread{[this] {
        pthread_setname_np(pthread_self(), "hearth-loadblk");
        Run();
        m_done.store(true);
    }};
}

void BlockImporter::Stop()
{
    Interrupt();
    if (m_thread.joinable()) m_thread.join();
}

void BlockImporter::Run()
{
    const auto interrupted = [this] { return m_interrupt.load(); };
    for (const auto& file : m_files) {
        if (interrupted()) return;
        std::error_code ec;
        if (!std::filesystem::exists(file, ec)) {
            if (m_logger) m_logger->Warning("Could not open blocks file ", file.string());
            continue;
        }
        if (m_logger) m_logger->Info("Importing blocks file ", file.string(), "...");
        const auto start = std::chrono::steady_clock::now();
        auto stats = m_chainstate.LoadExternalBlockFile(file, interrupted);
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
        if (!stats) {
            if (m_logger) m_logger->Error("Error importing blocks file ", file.string(), ": ", stats.error());
            return;
        }
        if (m_logger) {
            m_logger->Info("Loaded ", stats->blocks_new, " blocks from external file in ", ms, "ms (",
                           stats->blocks_read, " read, ", stats->blocks_invalid, " invalid, ", stats->orphans_left,
                           " without parent)", interrupted() ? " - interrupted" : "");
            if (!stats->first_error.empty())
                m_logger->Warning("First invalid block in ", file.string(), ": ", stats->first_error);
        }
    }
    if (interrupted()) return;
    consensus::BlockValidationState state;
    if (!m_chainstate.ActivateBestChain(state)) {
        if (m_logger) m_logger->Error("Failed to connect best block (", state.ToString(), ")");
        return;
    }
    // Core waits for the next periodic flush; writing now means a crash after a finished import does not
    // cost the import (a restart would otherwise reconnect every block since the last flush).
    if (auto flushed = m_chainstate.Flush(chain::FlushMode::ALWAYS); !flushed) {
        if (m_logger) m_logger->Error("Failed to flush after the import: ", flushed.error());
        return;
    }
    if (m_on_done) m_on_done();
}

} // namespace hearth::node
