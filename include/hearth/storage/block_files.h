#ifndef HEARTH_STORAGE_BLOCK_FILES_H
#define HEARTH_STORAGE_BLOCK_FILES_H

// Flat block and undo files in Bitcoin Core's layout (node/blockstorage.cpp, flatfile.cpp), under
// <datadir>/<net>/blocks/:
//   blkNNNNN.dat  records [4-byte network magic][uint32 LE size][block, witness serialization]
//   revNNNNN.dat  records [magic][uint32 LE size][BlockUndo][32-byte SHA256d(block hash ‖ BlockUndo)]
// The undo data of a block goes to the rev file with the same number as its blk file. A FlatFilePos
// points at a record's payload, just after its 8-byte header, as in Core. Files grow in pre-allocated
// chunks (16 MiB blk, 1 MiB rev) and a blk file is closed to new blocks once the next block would
// take it to 128 MiB; its unused pre-allocated tail is then cut off.
//
// Durability: writes go to the OS at once; Flush() fsyncs every file written since the last flush
// (and the directory if a file was created). The caller persists the BlockFileInfo records (in the
// block index) only after Flush() succeeded, so the recorded sizes never exceed what is on disk. A
// failed write (disk full) returns an error and leaves the recorded size unchanged: bytes already
// recorded are never touched. Thread-safe.

#include <hearth/primitives/block.h>
#include <hearth/serialize/stream.h>
#include <hearth/storage/undo.h>
#include <hearth/storage/varint.h>
#include <hearth/util/bytes.h>
#include <hearth/util/result.h>
#include <hearth/util/uint256.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace hearth::storage {

/// The 4 bytes that start every P2P message and every blk/rev record (ChainParams' message start).
using MessageStart = std::array<uint8_t, 4>;

/// Core's MAX_BLOCKFILE_SIZE: a blk file takes no new block that would make it reach this size.
constexpr uint32_t MAX_BLOCKFILE_SIZE = 0x8000000; // 128 MiB
/// Core's BLOCKFILE_CHUNK_SIZE / UNDOFILE_CHUNK_SIZE: pre-allocation steps.
constexpr uint32_t BLOCKFILE_CHUNK_SIZE = 0x1000000; // 16 MiB
constexpr uint32_t UNDOFILE_CHUNK_SIZE = 0x100000;   // 1 MiB
/// Magic + size in front of every record (Core's STORAGE_HEADER_BYTES).
constexpr uint32_t STORAGE_HEADER_BYTES = 8;
/// SHA256d checksum after every undo record.
constexpr uint32_t UNDO_CHECKSUM_BYTES = 32;

/// Where a record's payload starts: file number and byte offset (after the 8-byte header).
struct FlatFilePos {
    int32_t file{-1};
    uint32_t pos{0};

    bool IsNull() const { return file == -1; }
    friend bool operator==(const FlatFilePos&, const FlatFilePos&) = default;
};

/// What one blk/rev file pair holds (Core's CBlockFileInfo). Persisted by the chain layer in the
/// block index under 'f' ‖ int32 LE file number (docs/storage.md).
struct BlockFileInfo {
    uint32_t blocks{0};       ///< blocks stored in the blk file
    uint32_t size{0};         ///< bytes used in the blk file
    uint32_t undo_size{0};    ///< bytes used in the rev file
    uint32_t height_first{0}; ///< lowest block height in the file
    uint32_t height_last{0};  ///< highest block height in the file
    uint64_t time_first{0};   ///< earliest block header time in the file
    uint64_t time_last{0};    ///< latest block header time in the file

    /// Counts one more block (Core's CBlockFileInfo::AddBlock).
    void AddBlock(uint32_t height, uint64_t time);

    friend bool operator==(const BlockFileInfo&, const BlockFileInfo&) = default;

    /// Core's serialization: the seven fields as VARINTs, in declaration order.
    template <serialize::Sink S>
    void Serialize(S& s) const
    {
        WriteVarInt(s, blocks);
        WriteVarInt(s, size);
        WriteVarInt(s, undo_size);
        WriteVarInt(s, height_first);
        WriteVarInt(s, height_last);
        WriteVarInt(s, time_first);
        WriteVarInt(s, time_last);
    }
    void Unserialize(serialize::Reader& r);
};

util::Bytes EncodeBlockFileInfo(const BlockFileInfo& info);
util::Result<BlockFileInfo> DecodeBlockFileInfo(util::ByteSpan bytes);

/// "blk00042.dat" / "rev00042.dat".
std::string BlockFileName(int32_t file);
std::string UndoFileName(int32_t file);

struct BlockFilesOptions {
    /// The blocks/ directory (created if missing).
    std::filesystem::path dir;
    MessageStart magic{};
    /// Parameters, so tests can roll files over after a few blocks.
    uint32_t max_blockfile_size{MAX_BLOCKFILE_SIZE};
    uint32_t blockfile_chunk_size{BLOCKFILE_CHUNK_SIZE};
    uint32_t undofile_chunk_size{UNDOFILE_CHUNK_SIZE};
    /// A file is not grown by another chunk when less than this would stay free on the file system
    /// (Core's CheckDiskSpace keeps 50 MiB): the node stops with "disk full" before LevelDB, the
    /// logs and the OS run out of space.
    uint64_t min_free_bytes{50 << 20};
};

/// Reads and appends blk/rev files (see the file comment).
class BlockFiles
{
public:
    /// Opens `options.dir`. `infos[i]` describes file i as last persisted (empty: a new data directory).
    /// Fails if a file is shorter than its info says — the files were damaged or deleted, and the node
    /// must -reindex — naming the file.
    [[nodiscard]] static util::Result<std::unique_ptr<BlockFiles>> Open(BlockFilesOptions options,
                                                                        std::vector<BlockFileInfo> infos);
    ~BlockFiles();
    BlockFiles(const BlockFiles&) = delete;
    BlockFiles& operator=(const BlockFiles&) = delete;

    /// Appends a serialized block (with witness) to the current blk file, moving to the next file first
    /// if this one would reach the maximum size; records height and header time in the file's info.
    [[nodiscard]] util::Result<FlatFilePos> WriteBlock(util::ByteSpan block, uint32_t height, uint64_t time);
    [[nodiscard]] util::Result<FlatFilePos> WriteBlock(const primitives::Block& block, uint32_t height);
    /// Records a block that is already in blk file `pos.file` at `pos` (payload of `size` bytes), as found
    /// by a -reindex scan: the file's info grows to cover it and counts it, nothing is written.
    void RecordKnownBlock(const FlatFilePos& pos, uint32_t size, uint32_t height, uint64_t time);

    /// The serialized block at `pos`, after checking the record's magic and size.
    [[nodiscard]] util::Result<util::Bytes> ReadRawBlock(const FlatFilePos& pos) const;
    /// ReadRawBlock, decoded.
    [[nodiscard]] util::Result<primitives::Block> ReadBlock(const FlatFilePos& pos) const;

    /// Appends the undo data of the block `block_hash`, which is stored in blk file `block_file`, to
    /// rev file `block_file`, followed by its checksum. `height` lets a finished older rev file be
    /// trimmed and synced once its last block's undo data is in (as Core).
    [[nodiscard]] util::Result<FlatFilePos> WriteUndo(int32_t block_file, const BlockUndo& undo,
                                                      const util::Uint256& block_hash, uint32_t height);
    /// Reads undo data and verifies its checksum against `block_hash`.
    [[nodiscard]] util::Result<BlockUndo> ReadUndo(const FlatFilePos& pos, const util::Uint256& block_hash) const;

    /// fsyncs every file written since the last flush, and the directory if files were created. After
    /// it succeeds, FileInfos() may be persisted.
    [[nodiscard]] util::Result<void> Flush();

    /// Deletes blk and rev files (pruning) and resets their infos. The current file is never deleted.
    [[nodiscard]] util::Result<void> DeleteFiles(std::span<const int32_t> files);

    /// Infos of files 0..LastFile().
    std::vector<BlockFileInfo> FileInfos() const;
    BlockFileInfo FileInfo(int32_t file) const;
    /// The file new blocks go to (-1 before the first block of a new data directory).
    int32_t LastFile() const;
    /// File numbers whose info changed since the last call; the caller persists those.
    std::vector<int32_t> TakeDirtyInfos();
    /// Bytes used by all blk and rev files (Core's CalculateCurrentUsage, for -prune).
    uint64_t TotalSize() const;

    const BlockFilesOptions& options() const { return m_options; }

private:
    enum class Kind { BLOCK, UNDO };
    struct OpenFile {
        int fd{-1};
        bool unsynced{false};
    };

    explicit BlockFiles(BlockFilesOptions options, std::vector<BlockFileInfo> infos);

    std::filesystem::path PathOf(Kind kind, int32_t file) const;
    /// The writable descriptor of a file, opened (and created if `create`) on demand.
    util::Result<int> WriteFd(Kind kind, int32_t file, bool truncate);
    /// Grows the file in chunks so that [old_end, new_end) is allocated; checks free space first.
    util::Result<void> Allocate(Kind kind, int32_t file, int fd, uint64_t old_end, uint64_t new_end);
    /// Writes header ‖ payload ‖ trailer at `offset`, all or (on error) an error.
    util::Result<void> WriteRecord(Kind kind, int32_t file, int fd, uint64_t offset, util::ByteSpan payload,
                                   util::ByteSpan trailer);
    util::Result<void> SyncFile(Kind kind, int32_t file, OpenFile& f);
    /// Cuts a file to its used size and syncs it (the pre-allocated tail is not needed any more).
    util::Result<void> FinalizeFile(Kind kind, int32_t file, uint64_t size);
    void CloseFile(Kind kind, int32_t file);
    util::Result<util::Bytes> ReadRecord(Kind kind, const FlatFilePos& pos, size_t trailer) const;

    const BlockFilesOptions m_options;
    mutable std::mutex m_mutex;
    std::vector<BlockFileInfo> m_infos;
    std::set<int32_t> m_dirty_infos;
    std::map<std::pair<Kind, int32_t>, OpenFile> m_files;
    bool m_dir_unsynced{false};
};

} // namespace hearth::storage

#endif // HEARTH_STORAGE_BLOCK_FILES_H
