#ifndef HEARTH_STORAGE_BLOCK_FILE_READER_H
#define HEARTH_STORAGE_BLOCK_FILE_READER_H

// Scans a Core-format block file ([magic][uint32 LE size][block] records) for -loadblock and
// -reindex, tolerating what real files contain between records: zeros from pre-allocation, a torn
// record at the end after a crash, or any garbage.
//
// Like Core's LoadExternalBlockFile it searches for the magic, takes the next 4 bytes as a size and
// accepts only sizes in [80, 4,000,000]. Unlike Core, a record whose bytes do not decode as exactly one
// block is skipped by resuming the search one byte after its magic (Core skips the whole claimed
// length, which can swallow a good block after a false magic). Memory use is one block plus a 1 MiB
// search window, whatever the file size.

#include <hearth/primitives/block.h>
#include <hearth/storage/block_files.h>
#include <hearth/util/bytes.h>
#include <hearth/util/result.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

namespace hearth::storage {

/// One block found in a file.
struct ExternalBlock {
    /// File offset of the block's first byte (just after its 8-byte header).
    uint64_t offset{0};
    /// The block as stored.
    util::Bytes raw;
    /// The block decoded.
    primitives::Block block;
};

class BlockFileReader
{
public:
    /// Opens `path` for scanning from the start; records must begin with `magic`.
    [[nodiscard]] static util::Result<std::unique_ptr<BlockFileReader>> Open(const std::filesystem::path& path,
                                                                             const MessageStart& magic);
    ~BlockFileReader();
    BlockFileReader(const BlockFileReader&) = delete;
    BlockFileReader& operator=(const BlockFileReader&) = delete;

    /// The next block in file order; nullopt at the end of the file; an error only for I/O failures. Its
    /// bytes are read into `buffer`'s memory (a finished block's, say: allocating and freeing a fresh
    /// buffer of a block's size per block costs the kernel new zeroed pages every time).
    [[nodiscard]] util::Result<std::optional<ExternalBlock>> Next(util::Bytes buffer = {});

    /// Records that had the magic and a plausible size but did not decode as a block (or ran past the
    /// end of the file).
    uint64_t BadRecords() const { return m_bad_records; }
    /// Bytes passed over outside accepted records (garbage, zeros, bad records).
    uint64_t SkippedBytes() const { return m_skipped; }
    uint64_t FileSize() const { return m_file_size; }

private:
    BlockFileReader(int fd, uint64_t file_size, const MessageStart& magic, std::filesystem::path path);
    /// Offset of the next magic at or after `from`, nullopt if none; an error for I/O failures.
    util::Result<std::optional<uint64_t>> FindMagic(uint64_t from);

    int m_fd;
    uint64_t m_file_size;
    MessageStart m_magic;
    std::filesystem::path m_path;
    uint64_t m_pos{0};
    uint64_t m_bad_records{0};
    uint64_t m_skipped{0};
    util::Bytes m_window;
};

} // namespace hearth::storage

#endif // HEARTH_STORAGE_BLOCK_FILE_READER_H
