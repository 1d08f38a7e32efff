#ifndef HEARTH_NODE_LOGGING_H
#define HEARTH_NODE_LOGGING_H

// The daemon's log: debug.log in the network data directory and/or the console, one line per message in
// Core's format ("2024-05-01T12:00:00Z [net] message"). Debug messages belong to a category that is
// switched on with -debug=<category> or the `logging` RPC (Core's BCLog::LogFlags, minus GUI/libevent).
// Lines are written unbuffered, so a crash loses nothing; messages logged before Open() are kept and
// written once the file is open (Core's start-up buffering).

#include <hearth/util/logging.h>
#include <hearth/util/result.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hearth::node {

/// Debug-log categories (Core's names).
enum class LogCategory : uint32_t {
    NET = 1u << 0,
    TOR = 1u << 1,
    MEMPOOL = 1u << 2,
    HTTP = 1u << 3,
    BENCH = 1u << 4,
    ZMQ = 1u << 5,
    WALLETDB = 1u << 6,
    RPC = 1u << 7,
    ESTIMATEFEE = 1u << 8,
    ADDRMAN = 1u << 9,
    SELECTCOINS = 1u << 10,
    REINDEX = 1u << 11,
    CMPCTBLOCK = 1u << 12,
    RAND = 1u << 13,
    PRUNE = 1u << 14,
    PROXY = 1u << 15,
    MEMPOOLREJ = 1u << 16,
    COINDB = 1u << 17,
    LEVELDB = 1u << 18,
    VALIDATION = 1u << 19,
    BLOCKSTORAGE = 1u << 20,
    TXRECONCILIATION = 1u << 21,
    SCAN = 1u << 22,
    TXPACKAGES = 1u << 23,
};

/// Name of a category ("net", "mempool", ...).
std::string_view LogCategoryName(LogCategory category);
/// Every category with its name, sorted by name.
const std::vector<std::pair<std::string, LogCategory>>& LogCategories();

/// The levels of util::Logger (one enum for library and node code).
using LogLevel = util::LogLevel;

/// Where and how to log.
struct LoggingOptions {
    /// debug.log path; empty: no file (-nodebuglogfile).
    std::filesystem::path file;
    bool print_to_console{false};
    bool timestamps{true};
    bool time_micros{false};
    /// Categories enabled at start (-debug, minus -debugexclude).
    uint32_t categories{0};
};

/// Thread-safe logger. One per process, owned by main() and reached through NodeContext; also the
/// util::Logger that library code (the chainstate) is given.
class Logger final : public util::Logger
{
public:
    Logger() = default;
    ~Logger();
    Logger(const Logger&) = delete;
    Logger& operator=(const Logger&) = delete;

    /// Opens the log file (appending) and writes what was logged before. Fails if the file cannot be opened.
    [[nodiscard]] util::Result<void> Open(const LoggingOptions& options);
    /// Flushes and closes the file; later messages go to the console only (if enabled).
    void Close();
    /// Reopens the file at the next message (after log rotation; SIGHUP). Async-signal-safe.
    void RequestReopen() noexcept { m_reopen.store(true); }

    /// Logs one message. A trailing newline is added if missing.
    void Log(LogLevel level, std::optional<LogCategory> category, std::string_view message);

    /// util::Logger: `category` by Core's name ("validation"); an unknown name logs without a category.
    void LogMessage(LogLevel level, std::string_view category, std::string_view message) override;
    bool DebugEnabled(std::string_view category) const override;

    template <typename... Args>
    void Info(const Args&... args)
    {
        Log(LogLevel::INFO, std::nullopt, Concat(args...));
    }
    template <typename... Args>
    void Warning(const Args&... args)
    {
        Log(LogLevel::WARNING, std::nullopt, Concat(args...));
    }
    template <typename... Args>
    void Error(const Args&... args)
    {
        Log(LogLevel::ERROR, std::nullopt, Concat(args...));
    }
    /// Logs only if `category` is enabled (the arguments are not formatted otherwise).
    template <typename... Args>
    void Debug(LogCategory category, const Args&... args)
    {
        if (WillLog(category)) Log(LogLevel::DEBUG, category, Concat(args...));
    }

    bool WillLog(LogCategory category) const { return (m_categories.load() & static_cast<uint32_t>(category)) != 0; }
    /// Enables a category by name; "" , "1" and "all" mean every category. False for an unknown name.
    bool EnableCategory(std::string_view name);
    bool DisableCategory(std::string_view name);
    uint32_t EnabledCategories() const { return m_categories.load(); }

    /// The log file path ("" if none).
    std::filesystem::path FilePath() const;
    /// Receives every formatted line as well (tests).
    void SetCallback(std::function<void(std::string_view)> callback);

    template <typename... Args>
    static std::string Concat(const Args&... args)
    {
        std::ostringstream out;
        (out << ... << args);
        return out.str();
    }

private:
    std::string FormatLine(LogLevel level, std::optional<LogCategory> category, std::string_view message) const;
    void WriteLocked(const std::string& line);

    mutable std::mutex m_mutex;
    LoggingOptions m_options;
    std::FILE* m_file{nullptr};
    bool m_opened{false};
    /// Lines logged before Open(), written when the file opens (bounded).
    std::vector<std::string> m_buffer;
    size_t m_buffer_bytes{0};
    std::function<void(std::string_view)> m_callback;
    std::atomic<uint32_t> m_categories{0};
    std::atomic<bool> m_reopen{false};
};

/// Parses a category name; "", "1" and "all" give every category.
std::optional<uint32_t> ParseLogCategories(std::string_view name);

} // namespace hearth::node

#endif // HEARTH_NODE_LOGGING_H
