#ifndef HEARTH_BENCH_BENCH_UTIL_H
#define HEARTH_BENCH_BENCH_UTIL_H

// Shared by benchmarks: locate ../shared/vectors and read files (no GoogleTest here).

#include <hearth/util/bytes.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

namespace hearth::bench {

/// Runs `fn` in a child process; returns its bytes written to a pipe and its peak RSS (KiB). Whatever opens
/// LevelDB must run in one: LevelDB starts its one background (compaction) thread once per process, and a
/// child forked after that inherits "started" but not the thread, so its writes stall forever.
template <typename Fn>
std::pair<std::string, long> InChild(Fn fn)
{
    int fds[2];
    if (pipe(fds) != 0) std::abort();
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0) std::abort();
    if (pid == 0) {
        close(fds[0]);
        const std::string result = fn();
        size_t off = 0;
        while (off < result.size()) {
            const ssize_t n = write(fds[1], result.data() + off, result.size() - off);
            if (n <= 0) break;
            off += static_cast<size_t>(n);
        }
        close(fds[1]);
        std::fflush(nullptr);
        _exit(0);
    }
    close(fds[1]);
    std::string result;
    char buf[4096];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) result.append(buf, static_cast<size_t>(n));
    close(fds[0]);
    int status = 0;
    struct rusage usage {
    };
    wait4(pid, &status, 0, &usage);
    return {result, usage.ru_maxrss};
}

inline std::filesystem::path VectorPath(const std::string& name)
{
    const char* env = std::getenv("HEARTH_VECTORS");
    const std::filesystem::path dir = env && *env ? env : HEARTH_VECTORS_DEFAULT;
    return dir / name;
}

/// Reads a whole file; aborts the benchmark process if it is missing (a benchmark without data is void).
inline util::Bytes ReadVectorFile(const std::string& name)
{
    std::ifstream in{VectorPath(name), std::ios::binary};
    if (!in) {
        std::fprintf(stderr, "missing vector file %s\n", VectorPath(name).c_str());
        std::exit(1);
    }
    return util::Bytes{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

} // namespace hearth::bench

#endif // HEARTH_BENCH_BENCH_UTIL_H
