#include <hearth/node/datadir.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>

namespace hearth::node {

namespace fs = std::filesystem;

fs::path GetDefaultDataDir()
{
    const char* home = std::getenv("HOME");
    const fs::path base = home && *home ? fs::path{home} : fs::path{"/"};
    return base / ".hearth";
}

util::Result<fs::path> CreateNetDataDir(const fs::path& base, const std::string& subdir)
{
    const fs::path dir = subdir.empty() ? base : base / subdir;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir)) {
        return util::Error{"Cannot create data directory " + dir.string() + ": " +
                           (ec ? ec.message() : "not a directory")};
    }
    return dir;
}

fs::path AbsPathForConfigVal(const fs::path& dir, const fs::path& path)
{
    if (path.empty() || path.is_absolute()) return path;
    return dir / path;
}

util::Result<std::unique_ptr<DirectoryLock>> DirectoryLock::Acquire(const fs::path& dir,
                                                                    const std::string& program_name)
{
    const fs::path lock_path = dir / ".lock";
    const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        return util::Error{"Cannot write to data directory '" + dir.string() + "'; check permissions."};
    }
    struct flock lock {
    };
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    if (::fcntl(fd, F_SETLK, &lock) == -1) {
        const int err = errno;
        ::close(fd);
        if (err == EACCES || err == EAGAIN) {
            return util::Error{"Cannot obtain a lock on data directory " + dir.string() + ". " + program_name +
                               " is probably already running."};
        }
        return util::Error{"Cannot obtain a lock on data directory " + dir.string() + ": " + std::strerror(err)};
    }
    return std::unique_ptr<DirectoryLock>{new DirectoryLock{fd}};
}

DirectoryLock::~DirectoryLock()
{
    if (m_fd >= 0) ::close(m_fd); // closing releases the fcntl lock
}

} // namespace hearth::node
