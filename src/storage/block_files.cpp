#include <hearth/storage/block_files.h>

#include <hearth/crypto/sha256.h>
#include <hearth/util/check.h>
#include <hearth/util/hex.h>

#include "file_io_impl.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hearth::storage {

namespace {

std::string ErrnoText(int err) { return std::strerror(err); }

std::string NumberedName(const char* prefix, int32_t file)
{
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%s%05d.dat", prefix, static_cast<int>(file));
    return buf;
}

/// pwrite until done; returns 0 or the errno of the failure (a short write with no error is reported
/// as ENOSPC, which is what it means on a full file system).
int WriteAll(int fd, util::ByteSpan data, uint64_t offset)
{
    while (!data.empty()) {
        const ssize_t n = ::pwrite(fd, data.data(), data.size(), static_cast<off_t>(offset));
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        if (n == 0) return ENOSPC;
        data = data.subspan(static_cast<size_t>(n));
        offset += static_cast<uint64_t>(n);
    }
    return 0;
}

/// Closes a descriptor on scope exit (read paths).
struct FdCloser {
    int fd;
    ~FdCloser()
    {
        if (fd >= 0) ::close(fd);
    }
};

util::Uint256 UndoChecksum(const util::Uint256& block_hash, util::ByteSpan undo)
{
    crypto::Sha256d256 h;
    h.Write(block_hash.span());
    h.Write(undo);
    return h.Finalize();
}

} // namespace

void BlockFileInfo::AddBlock(uint32_t height, uint64_t time)
{
    if (blocks == 0 || height_first > height) height_first = height;
    if (blocks == 0 || time_first > time) time_first = time;
    ++blocks;
    if (height > height_last) height_last = height;
    if (time > time_last) time_last = time;
}

void BlockFileInfo::Unserialize(serialize::Reader& r)
{
    blocks = ReadVarInt<uint32_t>(r);
    size = ReadVarInt<uint32_t>(r);
    undo_size = ReadVarInt<uint32_t>(r);
    height_first = ReadVarInt<uint32_t>(r);
    height_last = ReadVarInt<uint32_t>(r);
    time_first = ReadVarInt<uint64_t>(r);
    time_last = ReadVarInt<uint64_t>(r);
}

util::Bytes EncodeBlockFileInfo(const BlockFileInfo& info) { return serialize::SerializeToBytes(info); }

util::Result<BlockFileInfo> DecodeBlockFileInfo(util::ByteSpan bytes)
{
    serialize::Reader r{bytes};
    BlockFileInfo info;
    info.Unserialize(r);
    if (!r.ok()) return util::Error{"bad block file info record: " + r.error()};
    if (!r.empty())
        return util::Error{"bad block file info record: " + std::to_string(r.Remaining()) + " bytes left over"};
    return info;
}

std::string BlockFileName(int32_t file) { return NumberedName("blk", file); }
std::string UndoFileName(int32_t file) { return NumberedName("rev", file); }

BlockFiles::BlockFiles(BlockFilesOptions options, std::vector<BlockFileInfo> infos) :
    m_options{std::move(options)}, m_infos{std::move(infos)}
{}

BlockFiles::~BlockFiles()
{
    // No fsync here: whoever needs durability calls Flush(). Closing hands nothing back to the disk
    // that is not already with the OS.
    for (auto& [key, f] : m_files) {
        if (f.fd >= 0) ::close(f.fd);
    }
}

util::Result<std::unique_ptr<BlockFiles>> BlockFiles::Open(BlockFilesOptions options, std::vector<BlockFileInfo> infos)
{
    std::error_code ec;
    std::filesystem::create_directories(options.dir, ec);
    if (ec) return util::Error{"cannot create the blocks directory " + options.dir.string() + ": " + ec.message()};
    Assert(options.blockfile_chunk_size > 0 && options.undofile_chunk_size > 0);

    for (size_t i = 0; i < infos.size(); ++i) {
        const auto file = static_cast<int32_t>(i);
        const std::pair<std::filesystem::path, uint64_t> needs[] = {
            {options.dir / BlockFileName(file), infos[i].size},
            {options.dir / UndoFileName(file), infos[i].undo_size},
        };
        for (const auto& [path, need] : needs) {
            if (need == 0) continue;
            std::error_code fec;
            const uint64_t have = std::filesystem::file_size(path, fec);
            if (fec || have < need) {
                return util::Error{
                    path.filename().string() + " is " +
                    (fec ? "missing (" + fec.message() + ")" : "only " + std::to_string(have) + " bytes") +
                    " but the block index records " + std::to_string(need) + " bytes in it: the block " + "files in " +
                    options.dir.string() + " are damaged; restart with -reindex"};
            }
        }
    }
    return std::unique_ptr<BlockFiles>{new BlockFiles{std::move(options), std::move(infos)}};
}

std::filesystem::path BlockFiles::PathOf(Kind kind, int32_t file) const
{
    return m_options.dir / (kind == Kind::BLOCK ? BlockFileName(file) : UndoFileName(file));
}

util::Result<int> BlockFiles::WriteFd(Kind kind, int32_t file, bool truncate)
{
    auto& f = m_files[{kind, file}];
    if (f.fd >= 0) return f.fd;
    const std::string path = PathOf(kind, file).string();
    int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC | (truncate ? O_TRUNC : 0));
    if (fd < 0 && errno == ENOENT) {
        fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0644);
        if (fd >= 0) m_dir_unsynced = true; // the new directory entry must be synced too
    }
    if (fd < 0) {
        const int err = errno;
        m_files.erase({kind, file});
        return util::Error{"cannot open " + path + " for writing: " + ErrnoText(err)};
    }
    f.fd = fd;
    return fd;
}

util::Result<void> BlockFiles::Allocate(Kind kind, int32_t file, int fd, uint64_t old_end, uint64_t new_end)
{
    const uint64_t chunk = kind == Kind::BLOCK ? m_options.blockfile_chunk_size : m_options.undofile_chunk_size;
    const uint64_t old_chunks = (old_end + chunk - 1) / chunk;
    const uint64_t new_chunks = (new_end + chunk - 1) / chunk;
    if (new_chunks <= old_chunks) return {};
    const uint64_t target = new_chunks * chunk;
    const uint64_t grow = target - old_end;
    const std::string name = PathOf(kind, file).filename().string();

    std::error_code ec;
    const auto space = std::filesystem::space(m_options.dir, ec);
    if (!ec && space.available < m_options.min_free_bytes + grow) {
        return util::Error{"disk full: cannot grow " + name + " by " + std::to_string(grow >> 20) + " MiB, only " +
                           std::to_string(space.available >> 20) + " MiB free in " + m_options.dir.string() +
                           " (at least " + std::to_string(m_options.min_free_bytes >> 20) + " MiB must stay free)"};
    }
    const int err = ::posix_fallocate(fd, static_cast<off_t>(old_end), static_cast<off_t>(grow));
    if (err == ENOSPC || err == EFBIG || err == EDQUOT) {
        return util::Error{"disk full: cannot grow " + name + " to " + std::to_string(target) +
                           " bytes: " + ErrnoText(err)};
    }
    // Other failures (a file system without fallocate) only cost the pre-allocation; the write says
    // whether the space is there.
    return {};
}

util::Result<void> BlockFiles::WriteRecord(Kind kind, int32_t file, int fd, uint64_t offset, util::ByteSpan payload,
                                           util::ByteSpan trailer)
{
    uint8_t header[STORAGE_HEADER_BYTES];
    std::memcpy(header, m_options.magic.data(), 4);
    const auto size = static_cast<uint32_t>(payload.size());
    for (int i = 0; i < 4; ++i) header[4 + i] = static_cast<uint8_t>(size >> (8 * i));

    int err = WriteAll(fd, header, offset);
    if (!err) err = WriteAll(fd, payload, offset + STORAGE_HEADER_BYTES);
    if (!err) err = WriteAll(fd, trailer, offset + STORAGE_HEADER_BYTES + payload.size());
    if (err) {
        return util::Error{std::string{"cannot write "} + (kind == Kind::BLOCK ? "block" : "undo data") + " to " +
                           PathOf(kind, file).filename().string() + " at offset " + std::to_string(offset) + ": " +
                           ErrnoText(err) + (err == ENOSPC || err == EFBIG || err == EDQUOT ? " (disk full)" : "")};
    }
    m_files[{kind, file}].unsynced = true;
    return {};
}

util::Result<FlatFilePos> BlockFiles::WriteBlock(util::ByteSpan block, uint32_t height, uint64_t time)
{
    std::lock_guard lock{m_mutex};
    if (block.size() > serialize::MAX_SIZE) {
        return util::Error{"block of " + std::to_string(block.size()) + " bytes is too large to store"};
    }
    const uint64_t add = STORAGE_HEADER_BYTES + uint64_t{block.size()};

    if (m_infos.empty()) m_infos.emplace_back();
    auto file = static_cast<int32_t>(m_infos.size() - 1);
    if (m_infos[file].size > 0 && m_infos[file].size + add >= m_options.max_blockfile_size) {
        // This file is full: cut its pre-allocated tail, sync it, and start the next one. (A lone block
        // larger than the maximum still goes into an empty file.)
        if (auto r = FinalizeFile(Kind::BLOCK, file, m_infos[file].size); !r) return util::Error{r.error()};
        m_infos.emplace_back();
        ++file;
        m_dirty_infos.insert(file);
    }

    BlockFileInfo& info = m_infos[file];
    // Nothing is recorded in a file with size 0: whatever an earlier run left there (before a crash)
    // is dropped.
    auto fd = WriteFd(Kind::BLOCK, file, /*truncate=*/info.size == 0);
    if (!fd) return util::Error{fd.error()};
    if (auto r = Allocate(Kind::BLOCK, file, *fd, info.size, info.size + add); !r) return util::Error{r.error()};
    if (auto r = WriteRecord(Kind::BLOCK, file, *fd, info.size, block, {}); !r) return util::Error{r.error()};

    const FlatFilePos pos{file, info.size + STORAGE_HEADER_BYTES};
    info.size += static_cast<uint32_t>(add);
    info.AddBlock(height, time);
    m_dirty_infos.insert(file);
    return pos;
}

void BlockFiles::RecordKnownBlock(const FlatFilePos& pos, uint32_t size, uint32_t height, uint64_t time)
{
    std::lock_guard lock{m_mutex};
    Assert(pos.file >= 0 && pos.pos >= STORAGE_HEADER_BYTES);
    if (m_infos.size() <= static_cast<size_t>(pos.file)) m_infos.resize(static_cast<size_t>(pos.file) + 1);
    BlockFileInfo& info = m_infos[static_cast<size_t>(pos.file)];
    info.size = std::max(info.size, pos.pos + size);
    info.AddBlock(height, time);
    m_dirty_infos.insert(pos.file);
}

util::Result<FlatFilePos> BlockFiles::WriteBlock(const primitives::Block& block, uint32_t height)
{
    const util::Bytes bytes = primitives::SerializeBlock(block);
    return WriteBlock(bytes, height, block.header.time);
}

util::Result<util::Bytes> BlockFiles::ReadRecord(Kind kind, const FlatFilePos& pos, size_t trailer) const
{
    const std::string what = kind == Kind::BLOCK ? "block" : "undo data";
    if (pos.IsNull() || pos.pos < STORAGE_HEADER_BYTES) {
        return util::Error{"cannot read " + what + ": invalid position " + std::to_string(pos.file) + ":" +
                           std::to_string(pos.pos)};
    }
    const std::filesystem::path path = PathOf(kind, pos.file);
    const std::string where = path.filename().string() + " at offset " + std::to_string(pos.pos);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return util::Error{"cannot open " + path.string() + " to read " + what + ": " + ErrnoText(errno)};
    const FdCloser closer{fd};

    uint8_t header[STORAGE_HEADER_BYTES];
    const ssize_t h = detail::ReadAll(fd, header, sizeof(header), pos.pos - STORAGE_HEADER_BYTES);
    if (h < 0) return util::Error{"cannot read " + what + " header in " + where + ": " + ErrnoText(errno)};
    if (h != static_cast<ssize_t>(sizeof(header)))
        return util::Error{what + " record in " + where + " is past the end of the file"};
    if (std::memcmp(header, m_options.magic.data(), 4) != 0) {
        return util::Error{what + " magic mismatch in " + where + ": expected " + util::HexStr(m_options.magic) +
                           ", found " + util::HexStr(util::ByteSpan{header, 4})};
    }
    const uint32_t size = detail::RecordSize(header);
    if (size > serialize::MAX_SIZE) {
        return util::Error{what + " record in " + where + " claims " + std::to_string(size) + " bytes, more than " +
                           std::to_string(serialize::MAX_SIZE) + ": the file is damaged"};
    }
    util::Bytes data(size + trailer);
    const ssize_t n = detail::ReadAll(fd, data.data(), data.size(), pos.pos);
    if (n < 0) return util::Error{"cannot read " + what + " in " + where + ": " + ErrnoText(errno)};
    if (static_cast<size_t>(n) != data.size()) {
        return util::Error{what + " record in " + where + " is truncated: " + std::to_string(n) + " of " +
                           std::to_string(data.size()) + " bytes"};
    }
    return data;
}

util::Result<util::Bytes> BlockFiles::ReadRawBlock(const FlatFilePos& pos) const
{
    return ReadRecord(Kind::BLOCK, pos, 0);
}

util::Result<primitives::Block> BlockFiles::ReadBlock(const FlatFilePos& pos) const
{
    auto raw = ReadRawBlock(pos);
    if (!raw) return util::Error{raw.error()};
    auto block = primitives::DecodeBlock(*raw);
    if (!block) {
        return util::Error{"cannot decode the block in " + BlockFileName(pos.file) + " at offset " +
                           std::to_string(pos.pos) + ": " + block.error()};
    }
    return block;
}

util::Result<FlatFilePos> BlockFiles::WriteUndo(int32_t block_file, const BlockUndo& undo,
                                                const util::Uint256& block_hash, uint32_t height)
{
    const util::Bytes bytes = EncodeBlockUndo(undo);
    const util::Uint256 checksum = UndoChecksum(block_hash, bytes);

    std::lock_guard lock{m_mutex};
    if (block_file < 0 || static_cast<size_t>(block_file) >= m_infos.size()) {
        return util::Error{"cannot write undo data: block file " + std::to_string(block_file) + " does not exist"};
    }
    BlockFileInfo& info = m_infos[block_file];
    const uint64_t add = STORAGE_HEADER_BYTES + uint64_t{bytes.size()} + UNDO_CHECKSUM_BYTES;
    if (info.undo_size + add > UINT32_MAX) {
        return util::Error{"cannot write undo data: " + UndoFileName(block_file) + " would exceed 4 GiB"};
    }
    auto fd = WriteFd(Kind::UNDO, block_file, /*truncate=*/info.undo_size == 0);
    if (!fd) return util::Error{fd.error()};
    if (auto r = Allocate(Kind::UNDO, block_file, *fd, info.undo_size, info.undo_size + add); !r) {
        return util::Error{r.error()};
    }
    if (auto r = WriteRecord(Kind::UNDO, block_file, *fd, info.undo_size, bytes, checksum.span()); !r) {
        return util::Error{r.error()};
    }
    const FlatFilePos pos{block_file, info.undo_size + STORAGE_HEADER_BYTES};
    info.undo_size += static_cast<uint32_t>(add);
    m_dirty_infos.insert(block_file);

    // An older file whose last block now has its undo data gets no more: trim and sync it (Core's
    // FlushUndoFile(finalize) in WriteBlockUndo).
    if (block_file < static_cast<int32_t>(m_infos.size()) - 1 && height == info.height_last) {
        if (auto r = FinalizeFile(Kind::UNDO, block_file, info.undo_size); !r) return util::Error{r.error()};
    }
    return pos;
}

util::Result<BlockUndo> BlockFiles::ReadUndo(const FlatFilePos& pos, const util::Uint256& block_hash) const
{
    auto data = ReadRecord(Kind::UNDO, pos, UNDO_CHECKSUM_BYTES);
    if (!data) return util::Error{data.error()};
    const util::ByteSpan all{*data};
    const util::ByteSpan payload = all.first(all.size() - UNDO_CHECKSUM_BYTES);
    const util::ByteSpan stored = all.last(UNDO_CHECKSUM_BYTES);
    const util::Uint256 expected = UndoChecksum(block_hash, payload);
    if (!std::equal(stored.begin(), stored.end(), expected.begin())) {
        return util::Error{"undo data checksum mismatch in " + UndoFileName(pos.file) + " at offset " +
                           std::to_string(pos.pos) + " (block " + block_hash.ToHex() + "): the file is damaged"};
    }
    auto undo = DecodeBlockUndo(payload);
    if (!undo) {
        return util::Error{"cannot decode undo data in " + UndoFileName(pos.file) + " at offset " +
                           std::to_string(pos.pos) + ": " + undo.error()};
    }
    return undo;
}

util::Result<void> BlockFiles::SyncFile(Kind kind, int32_t file, OpenFile& f)
{
    if (f.fd < 0 || !f.unsynced) return {};
    if (::fdatasync(f.fd) != 0) {
        return util::Error{"cannot sync " + PathOf(kind, file).filename().string() + " to disk: " + ErrnoText(errno)};
    }
    f.unsynced = false;
    return {};
}

util::Result<void> BlockFiles::FinalizeFile(Kind kind, int32_t file, uint64_t size)
{
    auto fd = WriteFd(kind, file, /*truncate=*/false);
    if (!fd) return util::Error{fd.error()};
    if (::ftruncate(*fd, static_cast<off_t>(size)) != 0) {
        return util::Error{"cannot trim " + PathOf(kind, file).filename().string() + ": " + ErrnoText(errno)};
    }
    OpenFile& f = m_files[{kind, file}];
    f.unsynced = true; // the new size must reach the disk too
    if (auto r = SyncFile(kind, file, f); !r) return r;
    CloseFile(kind, file);
    return {};
}

void BlockFiles::CloseFile(Kind kind, int32_t file)
{
    const auto it = m_files.find({kind, file});
    if (it == m_files.end()) return;
    if (it->second.fd >= 0) ::close(it->second.fd);
    m_files.erase(it);
}

util::Result<void> BlockFiles::Flush()
{
    std::lock_guard lock{m_mutex};
    for (auto& [key, f] : m_files) {
        if (auto r = SyncFile(key.first, key.second, f); !r) return r;
    }
    if (m_dir_unsynced) {
        const int dfd = ::open(m_options.dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0) return util::Error{"cannot open " + m_options.dir.string() + " to sync it: " + ErrnoText(errno)};
        const int rc = ::fsync(dfd);
        const int err = errno;
        ::close(dfd);
        if (rc != 0) return util::Error{"cannot sync the directory " + m_options.dir.string() + ": " + ErrnoText(err)};
        m_dir_unsynced = false;
    }
    // Keep only the files still being appended to open.
    const auto last = static_cast<int32_t>(m_infos.size()) - 1;
    for (auto it = m_files.begin(); it != m_files.end();) {
        if (it->first.second != last) {
            if (it->second.fd >= 0) ::close(it->second.fd);
            it = m_files.erase(it);
        } else {
            ++it;
        }
    }
    return {};
}

util::Result<void> BlockFiles::DeleteFiles(std::span<const int32_t> files)
{
    std::lock_guard lock{m_mutex};
    for (const int32_t file : files) {
        if (file < 0 || static_cast<size_t>(file) >= m_infos.size()) continue;
        if (file == static_cast<int32_t>(m_infos.size()) - 1) {
            return util::Error{"cannot prune " + BlockFileName(file) + ": new blocks are still written to it"};
        }
        for (const Kind kind : {Kind::BLOCK, Kind::UNDO}) {
            CloseFile(kind, file);
            std::error_code ec;
            std::filesystem::remove(PathOf(kind, file), ec);
            if (ec) return util::Error{"cannot delete " + PathOf(kind, file).string() + ": " + ec.message()};
        }
        m_infos[file] = BlockFileInfo{};
        m_dirty_infos.insert(file);
    }
    return {};
}

std::vector<BlockFileInfo> BlockFiles::FileInfos() const
{
    std::lock_guard lock{m_mutex};
    return m_infos;
}

BlockFileInfo BlockFiles::FileInfo(int32_t file) const
{
    std::lock_guard lock{m_mutex};
    if (file < 0 || static_cast<size_t>(file) >= m_infos.size()) return {};
    return m_infos[file];
}

int32_t BlockFiles::LastFile() const
{
    std::lock_guard lock{m_mutex};
    return static_cast<int32_t>(m_infos.size()) - 1;
}

std::vector<int32_t> BlockFiles::TakeDirtyInfos()
{
    std::lock_guard lock{m_mutex};
    std::vector<int32_t> out{m_dirty_infos.begin(), m_dirty_infos.end()};
    m_dirty_infos.clear();
    return out;
}

uint64_t BlockFiles::TotalSize() const
{
    std::lock_guard lock{m_mutex};
    uint64_t total = 0;
    for (const auto& info : m_infos) total += uint64_t{info.size} + info.undo_size;
    return total;
}

} // namespace hearth::storage
