#include <hearth/node/logging.h>

#include <chrono>
#include <ctime>

namespace hearth::node {

namespace {

constexpr size_t MAX_BUFFERED_BYTES = 1'000'000;

constexpr uint32_t ALL_CATEGORIES = (1u << 24) - 1;

} // namespace

const std::vector<std::pair<std::string, LogCategory>>& LogCategories()
{
    static const std::vector<std::pair<std::string, LogCategory>> categories{
        {"addrman", LogCategory::ADDRMAN},
        {"bench", LogCategory::BENCH},
        {"blockstorage", LogCategory::BLOCKSTORAGE},
        {"cmpctblock", LogCategory::CMPCTBLOCK},
        {"coindb", LogCategory::COINDB},
        {"estimatefee", LogCategory::ESTIMATEFEE},
        {"http", LogCategory::HTTP},
        {"leveldb", LogCategory::LEVELDB},
        {"mempool", LogCategory::MEMPOOL},
        {"mempoolrej", LogCategory::MEMPOOLREJ},
        {"net", LogCategory::NET},
        {"proxy", LogCategory::PROXY},
        {"prune", LogCategory::PRUNE},
        {"rand", LogCategory::RAND},
        {"reindex", LogCategory::REINDEX},
        {"rpc", LogCategory::RPC},
        {"scan", LogCategory::SCAN},
        {"selectcoins", LogCategory::SELECTCOINS},
        {"tor", LogCategory::TOR},
        {"txpackages", LogCategory::TXPACKAGES},
        {"txreconciliation", LogCategory::TXRECONCILIATION},
        {"validation", LogCategory::VALIDATION},
        {"walletdb", LogCategory::WALLETDB},
        {"zmq", LogCategory::ZMQ},
    };
    return categories;
}

std::string_view LogCategoryName(LogCategory category)
{
    for (const auto& [name, c] : LogCategories()) {
        if (c == category) return name;
    }
    return "unknown";
}

std::optional<uint32_t> ParseLogCategories(std::string_view name)
{
    if (name.empty() || name == "1" || name == "all") return ALL_CATEGORIES;
    for (const auto& [n, c] : LogCategories()) {
        if (n == name) return static_cast<uint32_t>(c);
    }
    return std::nullopt;
}

Logger::~Logger() { Close(); }

util::Result<void> Logger::Open(const LoggingOptions& options)
{
    std::lock_guard lock{m_mutex};
    m_options = options;
    m_categories.store(options.categories);
    if (!options.file.empty()) {
        m_file = std::fopen(options.file.c_str(), "a");
        if (!m_file) return util::Error{"Could not open debug log file " + options.file.string()};
        std::setbuf(m_file, nullptr); // unbuffered: nothing is lost on a crash
    }
    m_opened = true;
    for (const std::string& line : m_buffer) WriteLocked(line);
    m_buffer.clear();
    m_buffer_bytes = 0;
    return {};
}

void Logger::Close()
{
    std::lock_guard lock{m_mutex};
    if (m_file) {
        std::fflush(m_file);
        std::fclose(m_file);
        m_file = nullptr;
    }
    m_options.file.clear();
    std::fflush(stdout);
}

std::filesystem::path Logger::FilePath() const
{
    std::lock_guard lock{m_mutex};
    return m_options.file;
}

void Logger::SetCallback(std::function<void(std::string_view)> callback)
{
    std::lock_guard lock{m_mutex};
    m_callback = std::move(callback);
}

bool Logger::EnableCategory(std::string_view name)
{
    const auto flags = ParseLogCategories(name);
    if (!flags) return false;
    m_categories.fetch_or(*flags);
    return true;
}

bool Logger::DisableCategory(std::string_view name)
{
    const auto flags = ParseLogCategories(name);
    if (!flags) return false;
    m_categories.fetch_and(~*flags);
    return true;
}

std::string Logger::FormatLine(LogLevel level, std::optional<LogCategory> category, std::string_view message) const
{
    std::string line;
    if (m_options.timestamps || !m_opened) {
        const auto now = std::chrono::system_clock::now();
        const std::time_t t = std::chrono::system_clock::to_time_t(now);
        std::tm tm{};
        gmtime_r(&t, &tm);
        char buf[32];
        std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
        line += buf;
        if (m_options.time_micros) {
            const auto micros =
                std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1'000'000;
            char frac[16];
            std::snprintf(frac, sizeof(frac), ".%06lld", static_cast<long long>(micros));
            line += frac;
        }
        line += "Z ";
    }
    switch (level) {
    case LogLevel::WARNING:
        line += "[warning] ";
        break;
    case LogLevel::ERROR:
        line += "[error] ";
        break;
    case LogLevel::DEBUG:
        if (category) line += "[" + std::string{LogCategoryName(*category)} + "] ";
        break;
    case LogLevel::INFO:
        break;
    }
    line += message;
    if (line.empty() || line.back() != '\n') line += '\n';
    return line;
}

void Logger::WriteLocked(const std::string& line)
{
    if (m_reopen.exchange(false) && !m_options.file.empty()) {
        if (m_file) std::fclose(m_file);
        m_file = std::fopen(m_options.file.c_str(), "a");
        if (m_file) std::setbuf(m_file, nullptr);
    }
    if (m_file) std::fwrite(line.data(), 1, line.size(), m_file);
    if (m_options.print_to_console) {
        std::fwrite(line.data(), 1, line.size(), stdout);
        std::fflush(stdout);
    }
}

void Logger::Log(LogLevel level, std::optional<LogCategory> category, std::string_view message)
{
    std::lock_guard lock{m_mutex};
    const std::string line = FormatLine(level, category, message);
    if (m_callback) m_callback(line);
    if (!m_opened) {
        if (m_buffer_bytes + line.size() <= MAX_BUFFERED_BYTES) {
            m_buffer_bytes += line.size();
            m_buffer.push_back(line);
        }
        return;
    }
    WriteLocked(line);
}

} // namespace hearth::node

namespace hearth::node {

namespace {

std::optional<LogCategory> CategoryByName(std::string_view name)
{
    if (name.empty()) return std::nullopt;
    for (const auto& [n, c] : LogCategories()) {
        if (n == name) return c;
    }
    return std::nullopt;
}

} // namespace

void Logger::LogMessage(LogLevel level, std::string_view category, std::string_view message)
{
    const auto cat = CategoryByName(category);
    if (level == LogLevel::DEBUG && !(cat && WillLog(*cat))) return;
    Log(level, cat, message);
}

bool Logger::DebugEnabled(std::string_view category) const
{
    const auto cat = CategoryByName(category);
    return cat && WillLog(*cat);
}

} // namespace hearth::node
