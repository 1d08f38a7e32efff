#ifndef HEARTH_TESTS_TESTUTIL_TEMP_DIR_H
#define HEARTH_TESTS_TESTUTIL_TEMP_DIR_H

// A fresh directory for a test, deleted with everything in it when the object dies. Shared by the unit
// tests of every layer.

#include <atomic>
#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>

namespace hearth::testutil {

class TempDir
{
public:
    /// Under the system temp dir.
    TempDir() : TempDir{std::filesystem::temp_directory_path()} {}
    /// Under `base` instead of the system temp dir.
    explicit TempDir(const std::filesystem::path& base)
    {
        // The pid keeps parallel test processes apart, the counter the directories of one process.
        static std::atomic<int> counter{0};
        m_path = base / ("hearth_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// A directory in memory (/dev/shm) where there is one, else the temp dir: for tests that write and
    /// fsync files thousands of times, where a disk's fsync latency would dominate.
    static std::filesystem::path FastBase()
    {
        std::error_code ec;
        if (std::filesystem::is_directory("/dev/shm", ec)) {
            const auto probe = std::filesystem::path{"/dev/shm"} / ("hearth_probe_" + std::to_string(::getpid()));
            if (std::filesystem::create_directory(probe, ec)) {
                std::filesystem::remove(probe, ec);
                return "/dev/shm";
            }
        }
        return std::filesystem::temp_directory_path();
    }

    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

} // namespace hearth::testutil

#endif // HEARTH_TESTS_TESTUTIL_TEMP_DIR_H
