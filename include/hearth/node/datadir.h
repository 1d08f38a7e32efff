#ifndef HEARTH_NODE_DATADIR_H
#define HEARTH_NODE_DATADIR_H

// The data directory (DESIGN.md §3): ~/.hearth by default, one sub-folder per network as Core lays it out,
// and a `.lock` file so only one daemon uses a network directory at a time.

#include <hearth/util/result.h>

#include <filesystem>
#include <memory>
#include <string>

namespace hearth::node {

/// $HOME/.hearth (or /.hearth without a HOME).
std::filesystem::path GetDefaultDataDir();

/// `base` joined with the network's sub-folder (`subdir` may be empty for main), created if missing.
[[nodiscard]] util::Result<std::filesystem::path> CreateNetDataDir(const std::filesystem::path& base,
                                                                   const std::string& subdir);

/// `path` if absolute (or empty), else `dir / path` (Core's AbsPathForConfigVal).
std::filesystem::path AbsPathForConfigVal(const std::filesystem::path& dir, const std::filesystem::path& path);

/// An exclusive advisory lock (fcntl) on `<dir>/.lock`, held for the object's lifetime. The lock dies with
/// the process, so a crash never leaves a stale lock behind.
class DirectoryLock
{
public:
    /// Locks `dir`. Fails with Core's message if another process holds the lock or the file cannot be
    /// created.
    [[nodiscard]] static util::Result<std::unique_ptr<DirectoryLock>> Acquire(const std::filesystem::path& dir,
                                                                              const std::string& program_name);
    ~DirectoryLock();
    DirectoryLock(const DirectoryLock&) = delete;
    DirectoryLock& operator=(const DirectoryLock&) = delete;

private:
    explicit DirectoryLock(int fd) : m_fd{fd} {}
    int m_fd{-1};
};

} // namespace hearth::node

#endif // HEARTH_NODE_DATADIR_H
