#ifndef HEARTH_UTIL_LOGGING_H
#define HEARTH_UTIL_LOGGING_H

// The Logger interface (DESIGN.md layer 0): library code that has something to say (the chainstate
// reindexing a file, a fatal disk error) says it through this, and the application decides where it goes
// (hearthd: debug.log in Core's line format; tests: a vector). No implementation here does I/O: util stays
// pure, the daemon's logger lives in the node layer.

#include <sstream>
#include <string>
#include <string_view>

namespace hearth::util {

enum class LogLevel { DEBUG, INFO, WARNING, ERROR };

/// Where library code sends its messages. Implementations must be thread-safe.
class Logger
{
public:
    virtual ~Logger() = default;

    /// Logs one message. `category` names a debug category as Core spells it ("validation", "prune",
    /// "reindex", ...) or is empty; a DEBUG message whose category is not enabled is dropped.
    virtual void LogMessage(LogLevel level, std::string_view category, std::string_view message) = 0;
    /// Whether DEBUG messages of `category` are logged (so callers can skip formatting them).
    virtual bool DebugEnabled(std::string_view category) const = 0;
};

/// Concatenates streamable values ("height=", 5, ...) into one message.
template <typename... Args>
std::string LogConcat(const Args&... args)
{
    std::ostringstream out;
    (out << ... << args);
    return out.str();
}

/// Logs at INFO/WARNING/ERROR through `logger`; does nothing if it is null.
template <typename... Args>
void LogInfo(Logger* logger, const Args&... args)
{
    if (logger) logger->LogMessage(LogLevel::INFO, {}, LogConcat(args...));
}
template <typename... Args>
void LogWarning(Logger* logger, const Args&... args)
{
    if (logger) logger->LogMessage(LogLevel::WARNING, {}, LogConcat(args...));
}
template <typename... Args>
void LogError(Logger* logger, const Args&... args)
{
    if (logger) logger->LogMessage(LogLevel::ERROR, {}, LogConcat(args...));
}
/// Logs at DEBUG in `category`, formatting only if that category is enabled.
template <typename... Args>
void LogDebug(Logger* logger, std::string_view category, const Args&... args)
{
    if (logger && logger->DebugEnabled(category)) logger->LogMessage(LogLevel::DEBUG, category, LogConcat(args...));
}

} // namespace hearth::util

#endif // HEARTH_UTIL_LOGGING_H
