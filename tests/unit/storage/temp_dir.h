#ifndef HEARTH_TESTS_UNIT_STORAGE_TEMP_DIR_H
#define HEARTH_TESTS_UNIT_STORAGE_TEMP_DIR_H

// A fresh directory under the system temp dir, deleted with everything in it at scope exit.

#include <atomic>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace hearth::storage::test {

class TempDir
{
public:
    TempDir()
    {
        static std::atomic<int> counter{0};
        m_path = std::filesystem::temp_directory_path() /
                 ("hearth_storage_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
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

    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

} // namespace hearth::storage::test

#endif // HEARTH_TESTS_UNIT_STORAGE_TEMP_DIR_H
