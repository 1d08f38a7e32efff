#ifndef HEARTH_STORAGE_FILE_IO_IMPL_H
#define HEARTH_STORAGE_FILE_IO_IMPL_H

// Private low-level file I/O shared by the block file store (block_files.cpp) and the block file scanner
// (block_file_reader.cpp): positioned reads that survive EINTR and short reads, and the record header both
// read ([magic][uint32 LE size], Core's STORAGE_HEADER_BYTES).

#include <hearth/serialize/stream.h>
#include <hearth/storage/block_files.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <sys/types.h>
#include <unistd.h>

namespace hearth::storage::detail {

/// pread until `len` bytes are read; returns the bytes read (fewer only at end of file) or -1 with errno set.
inline ssize_t ReadAll(int fd, uint8_t* out, size_t len, uint64_t offset)
{
    size_t done = 0;
    while (done < len) {
        const ssize_t n = ::pread(fd, out + done, len - done, static_cast<off_t>(offset + done));
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (n == 0) break;
        done += static_cast<size_t>(n);
    }
    return static_cast<ssize_t>(done);
}

/// The size field of a record header: the 4 little-endian bytes after the magic.
inline uint32_t RecordSize(const uint8_t (&header)[STORAGE_HEADER_BYTES])
{
    serialize::Reader r{util::ByteSpan{header}.subspan(4)};
    return r.ReadU32();
}

} // namespace hearth::storage::detail

#endif // HEARTH_STORAGE_FILE_IO_IMPL_H
