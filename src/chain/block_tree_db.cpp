#include <hearth/chain/block_tree_db.h>

#include <hearth/serialize/stream.h>

namespace hearth::chain {

namespace {

constexpr uint8_t DB_BLOCK_INDEX = 'b';
constexpr uint8_t DB_BLOCK_FILES = 'f';
constexpr uint8_t DB_LAST_BLOCK = 'l';
constexpr uint8_t DB_REINDEX_FLAG = 'R';
constexpr uint8_t DB_FLAG = 'F';

util::Bytes BlockKey(const Hash256& hash)
{
    util::Bytes key{DB_BLOCK_INDEX};
    util::Append(key, hash.span());
    return key;
}

util::Bytes FileKey(int32_t file)
{
    util::Bytes key{DB_BLOCK_FILES};
    serialize::VectorWriter w{key};
    serialize::WriteI32(w, file);
    return key;
}

util::Bytes FlagKey(const std::string& name)
{
    util::Bytes key{DB_FLAG};
    serialize::VectorWriter w{key};
    serialize::WriteBytesWithSize(w, util::AsBytes(name));
    return key;
}

} // namespace

util::Result<void>
BlockTreeDb::LoadBlockIndex(const std::function<util::Result<void>(const Hash256&, const DiskBlockIndex&)>& visit) const
{
    auto it = m_db->NewIterator();
    const uint8_t prefix = DB_BLOCK_INDEX;
    for (it->Seek({&prefix, 1}); it->Valid(); it->Next()) {
        const util::ByteSpan key = it->Key();
        if (key.empty() || key[0] != DB_BLOCK_INDEX) break;
        if (key.size() != 33) return util::Error{"corrupt block index: bad key length"};
        const Hash256 hash{key.subspan(1)};
        auto record = DecodeDiskBlockIndex(it->Value());
        if (!record) return util::Error{record.error() + " (block " + hash.ToHex() + ")"};
        if (auto ok = visit(hash, *record); !ok) return ok;
    }
    return it->status();
}

util::Result<std::vector<storage::BlockFileInfo>> BlockTreeDb::ReadFileInfos() const
{
    std::vector<storage::BlockFileInfo> infos;
    const util::Bytes last_key{DB_LAST_BLOCK};
    auto last = m_db->Get(last_key);
    if (!last) return util::Error{last.error()};
    if (!last->has_value()) return infos;
    serialize::Reader r{**last};
    const int32_t last_file = r.ReadI32();
    if (!r.ok() || last_file < 0) return util::Error{"corrupt block index: bad last-file record"};
    for (int32_t f = 0; f <= last_file; ++f) {
        auto value = m_db->Get(FileKey(f));
        if (!value) return util::Error{value.error()};
        if (!value->has_value()) {
            infos.emplace_back(); // never written (pruned and reset, or crash before its first flush)
            continue;
        }
        auto info = storage::DecodeBlockFileInfo(**value);
        if (!info) return util::Error{"corrupt block file info " + std::to_string(f) + ": " + info.error()};
        infos.push_back(*info);
    }
    return infos;
}

util::Result<void> BlockTreeDb::WriteBatchSync(const std::vector<std::pair<int32_t, storage::BlockFileInfo>>& files,
                                               int32_t last_file, std::span<const BlockIndex* const> blocks)
{
    auto batch = m_db->NewBatch();
    for (const auto& [file, info] : files) batch->Put(FileKey(file), storage::EncodeBlockFileInfo(info));
    if (last_file >= 0) {
        util::Bytes value;
        serialize::VectorWriter w{value};
        serialize::WriteI32(w, last_file);
        batch->Put(util::Bytes{DB_LAST_BLOCK}, value);
    }
    for (const BlockIndex* index : blocks) {
        batch->Put(BlockKey(index->GetHash()), EncodeDiskBlockIndex(DiskBlockIndex::From(*index)));
    }
    return m_db->Write(*batch, true);
}

util::Result<bool> BlockTreeDb::ReadFlag(const std::string& name) const
{
    auto value = m_db->Get(FlagKey(name));
    if (!value) return util::Error{value.error()};
    return value->has_value() && !(*value)->empty() && (**value)[0] == '1';
}

util::Result<void> BlockTreeDb::WriteFlag(const std::string& name, bool flag)
{
    auto batch = m_db->NewBatch();
    const uint8_t v = flag ? '1' : '0';
    batch->Put(FlagKey(name), {&v, 1});
    return m_db->Write(*batch, true);
}

util::Result<bool> BlockTreeDb::IsReindexing() const
{
    auto value = m_db->Get(util::Bytes{DB_REINDEX_FLAG});
    if (!value) return util::Error{value.error()};
    return value->has_value();
}

util::Result<void> BlockTreeDb::WriteReindexing(bool reindexing)
{
    auto batch = m_db->NewBatch();
    if (reindexing) {
        const uint8_t v = '1';
        batch->Put(util::Bytes{DB_REINDEX_FLAG}, {&v, 1});
    } else {
        batch->Erase(util::Bytes{DB_REINDEX_FLAG});
    }
    return m_db->Write(*batch, true);
}

} // namespace hearth::chain
