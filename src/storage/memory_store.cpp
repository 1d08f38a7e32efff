#include <hearth/storage/memory_store.h>

#include <hearth/util/check.h>

#include <vector>

namespace hearth::storage {

namespace {

struct Op {
    bool erase;
    util::Bytes key;
    util::Bytes value;
};

class MemoryBatch final : public WriteBatch
{
public:
    void Put(util::ByteSpan key, util::ByteSpan value) override
    {
        m_size += key.size() + value.size() + OVERHEAD;
        m_ops.push_back({false, util::ToBytes(key), util::ToBytes(value)});
    }
    void Erase(util::ByteSpan key) override
    {
        m_size += key.size() + OVERHEAD;
        m_ops.push_back({true, util::ToBytes(key), {}});
    }
    void Clear() override
    {
        m_ops.clear();
        m_size = 0;
    }
    size_t ApproximateSize() const override { return m_size; }
    size_t Count() const override { return m_ops.size(); }

    const std::vector<Op>& ops() const { return m_ops; }

private:
    /// Roughly LevelDB's per-record cost (tag and two length varints).
    static constexpr size_t OVERHEAD = 3;
    std::vector<Op> m_ops;
    size_t m_size{0};
};

class MemoryIterator final : public KvIterator
{
public:
    explicit MemoryIterator(std::shared_ptr<const MemoryStore::Map> map) : m_map{std::move(map)}, m_it{m_map->end()} {}

    void Seek(util::ByteSpan key) override { m_it = m_map->lower_bound(util::ToBytes(key)); }
    void SeekToFirst() override { m_it = m_map->begin(); }
    bool Valid() const override { return m_it != m_map->end(); }
    void Next() override
    {
        Assert(Valid());
        ++m_it;
    }
    util::ByteSpan Key() const override
    {
        Assert(Valid());
        return m_it->first;
    }
    util::ByteSpan Value() const override
    {
        Assert(Valid());
        return m_it->second;
    }
    util::Result<void> status() const override { return {}; }

private:
    std::shared_ptr<const MemoryStore::Map> m_map;
    MemoryStore::Map::const_iterator m_it;
};

} // namespace

MemoryStore::MemoryStore() : m_map{std::make_shared<Map>()} {}

util::Result<std::optional<util::Bytes>> MemoryStore::Get(util::ByteSpan key) const
{
    std::lock_guard lock{m_mutex};
    const auto it = m_map->find(util::ToBytes(key));
    if (it == m_map->end()) return std::optional<util::Bytes>{};
    return std::optional<util::Bytes>{it->second};
}

util::Result<bool> MemoryStore::Exists(util::ByteSpan key) const
{
    std::lock_guard lock{m_mutex};
    return m_map->contains(util::ToBytes(key));
}

std::unique_ptr<WriteBatch> MemoryStore::NewBatch() const { return std::make_unique<MemoryBatch>(); }

util::Result<void> MemoryStore::Write(WriteBatch& batch, bool /*sync*/)
{
    const auto* b = dynamic_cast<const MemoryBatch*>(&batch);
    Assert(b != nullptr); // a batch from another store is a programming error
    std::lock_guard lock{m_mutex};
    if (m_map.use_count() > 1) m_map = std::make_shared<Map>(*m_map); // an iterator holds the old one
    for (const Op& op : b->ops()) {
        const auto it = m_map->find(op.key);
        if (it != m_map->end()) {
            m_bytes -= it->first.size() + it->second.size();
            if (op.erase) {
                m_map->erase(it);
            } else {
                it->second = op.value;
                m_bytes += it->first.size() + it->second.size();
            }
        } else if (!op.erase) {
            m_bytes += op.key.size() + op.value.size();
            m_map->emplace(op.key, op.value);
        }
    }
    return {};
}

std::unique_ptr<KvIterator> MemoryStore::NewIterator() const
{
    std::lock_guard lock{m_mutex};
    return std::make_unique<MemoryIterator>(m_map);
}

uint64_t MemoryStore::EstimateSize(util::ByteSpan begin, util::ByteSpan end) const
{
    std::lock_guard lock{m_mutex};
    uint64_t total = 0;
    const util::Bytes end_key = util::ToBytes(end);
    for (auto it = m_map->lower_bound(util::ToBytes(begin)); it != m_map->end() && it->first < end_key; ++it) {
        total += it->first.size() + it->second.size();
    }
    return total;
}

uint64_t MemoryStore::DiskSize() const
{
    std::lock_guard lock{m_mutex};
    return m_bytes;
}

size_t MemoryStore::size() const
{
    std::lock_guard lock{m_mutex};
    return m_map->size();
}

} // namespace hearth::storage
