#include <hearth/storage/leveldb_store.h>

#include <hearth/crypto/random.h>
#include <hearth/util/check.h>

#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/filter_policy.h>
#include <leveldb/iterator.h>
#include <leveldb/options.h>
#include <leveldb/status.h>
#include <leveldb/write_batch.h>

#include <algorithm>
#include <array>
#include <system_error>

namespace hearth::storage {

namespace {

/// Core's DBWRAPPER_MAX_FILE_SIZE.
constexpr size_t MAX_TABLE_FILE_SIZE = 32 << 20;
constexpr size_t OBFUSCATION_KEY_SIZE = 8;
// CompactSize(14) ‖ "\0obfuscate_key" (Core's OBFUSCATION_KEY_KEY, serialized as a std::string).
constexpr std::array<uint8_t, 15> OBFUSCATION_KEY_KEY{0x0e, 0x00, 'o', 'b', 'f', 'u', 's', 'c',
                                                      'a',  't',  'e', '_', 'k', 'e', 'y'};

leveldb::Slice ToSlice(util::ByteSpan b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }
util::ByteSpan ToSpan(const leveldb::Slice& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

/// Converts a non-ok LevelDB status into a message a person can act on.
util::Error StatusError(const std::string& name, const leveldb::Status& s)
{
    if (s.IsCorruption()) {
        return util::Error{"corruption in the " + name + " database: " + s.ToString() +
                           " (restart with -reindex to rebuild it)"};
    }
    if (s.IsIOError()) return util::Error{"I/O error in the " + name + " database: " + s.ToString()};
    return util::Error{"error in the " + name + " database: " + s.ToString()};
}

/// XORs `data` with the repeating key (a no-op for an empty key).
void Xor(std::span<uint8_t> data, const util::Bytes& key)
{
    if (key.empty()) return;
    // A running key index, not i % size: a division per byte was visible in the flush's profile.
    for (size_t i = 0, k = 0; i < data.size(); ++i) {
        data[i] ^= key[k];
        if (++k == key.size()) k = 0;
    }
}

class LeveldbBatch final : public WriteBatch
{
public:
    explicit LeveldbBatch(const util::Bytes& obfuscation_key) : m_key{obfuscation_key} {}

    void Put(util::ByteSpan key, util::ByteSpan value) override
    {
        if (m_key.empty()) {
            m_batch.Put(ToSlice(key), ToSlice(value));
        } else {
            m_scratch.assign(value.begin(), value.end());
            Xor(m_scratch, m_key);
            m_batch.Put(ToSlice(key), ToSlice(m_scratch));
        }
        ++m_count;
    }
    void Erase(util::ByteSpan key) override
    {
        m_batch.Delete(ToSlice(key));
        ++m_count;
    }
    void Clear() override
    {
        m_batch.Clear();
        m_count = 0;
    }
    size_t ApproximateSize() const override { return m_batch.ApproximateSize(); }
    size_t Count() const override { return m_count; }

    leveldb::WriteBatch& batch() { return m_batch; }
    /// Whose obfuscation key the values were XORed with (to catch a batch written to another store).
    const util::Bytes* key() const { return &m_key; }

private:
    leveldb::WriteBatch m_batch;
    const util::Bytes& m_key;
    util::Bytes m_scratch;
    size_t m_count{0};
};

class LeveldbIterator final : public KvIterator
{
public:
    LeveldbIterator(std::unique_ptr<leveldb::Iterator> it, const util::Bytes& key, const std::string& name) :
        m_it{std::move(it)}, m_key{key}, m_name{name}
    {}

    void Seek(util::ByteSpan key) override
    {
        m_it->Seek(ToSlice(key));
        Load();
    }
    void SeekToFirst() override
    {
        m_it->SeekToFirst();
        Load();
    }
    bool Valid() const override { return m_it->Valid(); }
    void Next() override
    {
        Assert(m_it->Valid());
        m_it->Next();
        Load();
    }
    util::ByteSpan Key() const override
    {
        Assert(m_it->Valid());
        return ToSpan(m_it->key());
    }
    util::ByteSpan Value() const override
    {
        Assert(m_it->Valid());
        if (m_key.empty()) return ToSpan(m_it->value());
        return m_value;
    }
    util::Result<void> status() const override
    {
        const leveldb::Status s = m_it->status();
        if (!s.ok()) return StatusError(m_name, s);
        return {};
    }

private:
    /// Skips the obfuscation-key record (it is not data) and deobfuscates the current value into
    /// m_value (only for obfuscated databases).
    void Load()
    {
        if (m_it->Valid()) {
            const util::ByteSpan k = ToSpan(m_it->key());
            if (std::equal(k.begin(), k.end(), OBFUSCATION_KEY_KEY.begin(), OBFUSCATION_KEY_KEY.end())) m_it->Next();
        }
        if (m_key.empty() || !m_it->Valid()) return;
        const util::ByteSpan v = ToSpan(m_it->value());
        m_value.assign(v.begin(), v.end());
        Xor(m_value, m_key);
    }

    std::unique_ptr<leveldb::Iterator> m_it;
    const util::Bytes& m_key;
    const std::string& m_name;
    util::Bytes m_value;
};

class LeveldbStore final : public KvStore
{
public:
    LeveldbStore(std::filesystem::path path, std::string name) : m_path{std::move(path)}, m_name{std::move(name)} {}

    ~LeveldbStore() override
    {
        // The DB must go before the cache and filter policy it points to.
        m_db.reset();
    }

    util::Result<void> Open(const LeveldbOptions& opt)
    {
        const std::string where = "cannot open " + m_name + " at " + m_path.string() + ": ";
        std::error_code ec;
        if (opt.wipe) {
            const leveldb::Status s = leveldb::DestroyDB(m_path.string(), leveldb::Options{});
            if (!s.ok()) return util::Error{where + "cannot wipe it: " + s.ToString()};
        }
        if (opt.create_if_missing) {
            std::filesystem::create_directories(m_path, ec);
            if (ec) return util::Error{where + "cannot create the directory: " + ec.message()};
        }

        m_cache.reset(leveldb::NewLRUCache(opt.block_cache_bytes));
        m_filter.reset(leveldb::NewBloomFilterPolicy(10));
        leveldb::Options o;
        o.block_cache = m_cache.get();
        o.filter_policy = m_filter.get();
        o.write_buffer_size = opt.write_buffer_bytes;
        o.max_file_size = std::max(opt.write_buffer_bytes, MAX_TABLE_FILE_SIZE);
        o.max_open_files = opt.max_open_files;
        o.compression = leveldb::kNoCompression;
        o.paranoid_checks = true;
        o.create_if_missing = opt.create_if_missing;

        leveldb::DB* db = nullptr;
        const leveldb::Status s = leveldb::DB::Open(o, m_path.string(), &db);
        if (!s.ok()) {
            const std::string text = s.ToString();
            if (s.IsIOError() && text.find("lock ") != std::string::npos) {
                return util::Error{where +
                                   "the database is locked by another process (is another hearthd "
                                   "running on this data directory?): " +
                                   text};
            }
            if (s.IsCorruption()) {
                return util::Error{where + text + " (the database is damaged; restart with -reindex)"};
            }
            return util::Error{where + text};
        }
        m_db.reset(db);

        m_read.verify_checksums = true;
        m_scan.verify_checksums = true;
        m_scan.fill_cache = false; // a full scan would evict the useful part of the cache

        // The obfuscation key is stored in the clear: read it before setting it.
        std::string stored;
        const leveldb::Status ks = m_db->Get(m_read, ToSlice(OBFUSCATION_KEY_KEY), &stored);
        if (ks.ok()) {
            if (stored.size() != 1 + OBFUSCATION_KEY_SIZE || static_cast<uint8_t>(stored[0]) != OBFUSCATION_KEY_SIZE) {
                return util::Error{where + "its obfuscation key record is malformed (" + std::to_string(stored.size()) +
                                   " bytes)"};
            }
            m_obfuscation.assign(stored.begin() + 1, stored.end());
        } else if (!ks.IsNotFound()) {
            return util::Error{where + StatusError(m_name, ks).message};
        } else if (opt.obfuscate && IsEmpty()) {
            util::Bytes key(OBFUSCATION_KEY_SIZE);
            crypto::GetStrongRandBytes(key);
            util::Bytes value{static_cast<uint8_t>(OBFUSCATION_KEY_SIZE)};
            util::Append(value, key);
            leveldb::WriteOptions wo;
            wo.sync = true;
            const leveldb::Status ws = m_db->Put(wo, ToSlice(OBFUSCATION_KEY_KEY), ToSlice(value));
            if (!ws.ok()) return util::Error{where + StatusError(m_name, ws).message};
            m_obfuscation = std::move(key);
        }
        return {};
    }

    util::Result<std::optional<util::Bytes>> Get(util::ByteSpan key) const override
    {
        std::string value;
        const leveldb::Status s = m_db->Get(m_read, ToSlice(key), &value);
        if (s.IsNotFound()) return std::optional<util::Bytes>{};
        if (!s.ok()) return StatusError(m_name, s);
        util::Bytes out(value.begin(), value.end());
        Xor(out, m_obfuscation);
        return std::optional<util::Bytes>{std::move(out)};
    }

    util::Result<bool> Exists(util::ByteSpan key) const override
    {
        std::string value;
        const leveldb::Status s = m_db->Get(m_read, ToSlice(key), &value);
        if (s.IsNotFound()) return false;
        if (!s.ok()) return StatusError(m_name, s);
        return true;
    }

    std::unique_ptr<WriteBatch> NewBatch() const override { return std::make_unique<LeveldbBatch>(m_obfuscation); }

    util::Result<void> Write(WriteBatch& batch, bool sync) override
    {
        auto* b = dynamic_cast<LeveldbBatch*>(&batch);
        Assert(b != nullptr && b->key() == &m_obfuscation); // a batch from another store is a programming error
        leveldb::WriteOptions wo;
        wo.sync = sync;
        const leveldb::Status s = m_db->Write(wo, &b->batch());
        if (!s.ok()) return StatusError(m_name, s);
        return {};
    }

    std::unique_ptr<KvIterator> NewIterator() const override
    {
        return std::make_unique<LeveldbIterator>(std::unique_ptr<leveldb::Iterator>{m_db->NewIterator(m_scan)},
                                                 m_obfuscation, m_name);
    }

    uint64_t EstimateSize(util::ByteSpan begin, util::ByteSpan end) const override
    {
        const leveldb::Range range{ToSlice(begin), ToSlice(end)};
        uint64_t size = 0;
        m_db->GetApproximateSizes(&range, 1, &size);
        return size;
    }

    util::Result<void> Compact() override
    {
        m_db->CompactRange(nullptr, nullptr);
        return {};
    }

    uint64_t DiskSize() const override
    {
        uint64_t total = 0;
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(m_path, ec)) {
            std::error_code fec;
            if (entry.is_regular_file(fec)) {
                const auto size = entry.file_size(fec);
                if (!fec) total += size;
            }
        }
        return total;
    }

private:
    bool IsEmpty() const
    {
        std::unique_ptr<leveldb::Iterator> it{m_db->NewIterator(m_scan)};
        it->SeekToFirst();
        return !it->Valid();
    }

    const std::filesystem::path m_path;
    const std::string m_name;
    std::unique_ptr<leveldb::Cache> m_cache;
    std::unique_ptr<const leveldb::FilterPolicy> m_filter;
    std::unique_ptr<leveldb::DB> m_db;
    leveldb::ReadOptions m_read;
    leveldb::ReadOptions m_scan;
    util::Bytes m_obfuscation;
};

} // namespace

util::ByteSpan ObfuscationKeyKey() { return OBFUSCATION_KEY_KEY; }

util::Result<std::unique_ptr<KvStore>> OpenLeveldbStore(const std::filesystem::path& path,
                                                        const LeveldbOptions& options)
{
    auto store = std::make_unique<LeveldbStore>(path, options.name);
    if (auto r = store->Open(options); !r) return util::Error{r.error()};
    return std::unique_ptr<KvStore>{std::move(store)};
}

} // namespace hearth::storage
