#include <hearth/storage/block_file_reader.h>

#include <hearth/consensus/consensus.h>

#include "file_io_impl.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hearth::storage {

namespace {

/// An 80-byte header is the least a record must hold (LoadExternalBlockFile's lower bound).
constexpr uint32_t MIN_BLOCK_SIZE = 80;
/// The search reads 4 KiB first (in a well-formed file the next record starts right there), then 1 MiB
/// windows: reading a whole 1 MiB window per block had the import's reader copy ~6x the file.
constexpr size_t FIRST_WINDOW_SIZE = 4 << 10;
constexpr size_t WINDOW_SIZE = 1 << 20;

} // namespace

BlockFileReader::BlockFileReader(int fd, uint64_t file_size, const MessageStart& magic, std::filesystem::path path) :
    m_fd{fd}, m_file_size{file_size}, m_magic{magic}, m_path{std::move(path)}
{}

BlockFileReader::~BlockFileReader() { ::close(m_fd); }

util::Result<std::unique_ptr<BlockFileReader>> BlockFileReader::Open(const std::filesystem::path& path,
                                                                     const MessageStart& magic)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return util::Error{"cannot open block file " + path.string() + ": " + std::strerror(errno)};
    struct stat st {
    };
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        return util::Error{"cannot read block file " + path.string() + ": " + std::strerror(err)};
    }
    return std::unique_ptr<BlockFileReader>{new BlockFileReader{fd, static_cast<uint64_t>(st.st_size), magic, path}};
}

util::Result<std::optional<uint64_t>> BlockFileReader::FindMagic(uint64_t from)
{
    for (size_t window = FIRST_WINDOW_SIZE; from + m_magic.size() <= m_file_size; window = WINDOW_SIZE) {
        const size_t len = static_cast<size_t>(std::min<uint64_t>(window, m_file_size - from));
        m_window.resize(len);
        const ssize_t n = detail::ReadAll(m_fd, m_window.data(), len, from);
        if (n < 0) return util::Error{"cannot read block file " + m_path.string() + ": " + std::strerror(errno)};
        if (static_cast<size_t>(n) < m_magic.size()) break; // the file shrank under us
        const auto end = m_window.begin() + n;
        const auto hit = std::search(m_window.begin(), end, m_magic.begin(), m_magic.end());
        if (hit != end) return std::optional<uint64_t>{from + static_cast<uint64_t>(hit - m_window.begin())};
        // Keep the last 3 bytes: a magic may straddle two windows.
        from += static_cast<uint64_t>(n) - (m_magic.size() - 1);
    }
    return std::optional<uint64_t>{};
}

util::Result<std::optional<ExternalBlock>> BlockFileReader::Next(util::Bytes buffer)
{
    while (true) {
        auto found = FindMagic(m_pos);
        if (!found) return util::Error{found.error()};
        if (!*found) {
            m_skipped += m_file_size > m_pos ? m_file_size - m_pos : 0;
            m_pos = m_file_size;
            return std::optional<ExternalBlock>{};
        }
        const uint64_t magic_at = **found;
        m_skipped += magic_at - m_pos;

        uint8_t header[STORAGE_HEADER_BYTES];
        if (detail::ReadAll(m_fd, header, sizeof(header), magic_at) != static_cast<ssize_t>(sizeof(header))) {
            // A magic in the last 7 bytes: nothing follows.
            m_skipped += m_file_size - magic_at;
            m_pos = m_file_size;
            return std::optional<ExternalBlock>{};
        }
        const uint32_t size = detail::RecordSize(header);
        const uint64_t start = magic_at + STORAGE_HEADER_BYTES;
        if (size < MIN_BLOCK_SIZE || size > consensus::MAX_BLOCK_SERIALIZED_SIZE || start + size > m_file_size) {
            // Not a record (or one torn off at the end): look again one byte further on.
            if (size >= MIN_BLOCK_SIZE && size <= consensus::MAX_BLOCK_SERIALIZED_SIZE) ++m_bad_records;
            m_skipped += 1;
            m_pos = magic_at + 1;
            continue;
        }

        ExternalBlock out;
        out.offset = start;
        out.raw = std::move(buffer);
        out.raw.resize(size);
        const ssize_t n = detail::ReadAll(m_fd, out.raw.data(), size, start);
        if (n < 0) return util::Error{"cannot read block file " + m_path.string() + ": " + std::strerror(errno)};
        if (static_cast<uint64_t>(n) != size) { // shrank under us
            m_pos = m_file_size;
            return std::optional<ExternalBlock>{};
        }
        auto block = primitives::DecodeBlock(out.raw);
        if (!block) {
            buffer = std::move(out.raw); // for the next record
            ++m_bad_records;
            m_skipped += 1;
            m_pos = magic_at + 1;
            continue;
        }
        out.block = std::move(*block);
        m_pos = start + size;
        return std::optional<ExternalBlock>{std::move(out)};
    }
}

} // namespace hearth::storage
