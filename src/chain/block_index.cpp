#include <hearth/chain/block_index.h>

#include <hearth/storage/varint.h>

#include <algorithm>
#include <array>

namespace hearth::chain {

primitives::BlockHeader BlockIndex::GetHeader() const
{
    primitives::BlockHeader h;
    h.version = version;
    if (prev) h.prev_block = prev->GetHash();
    h.merkle_root = merkle_root;
    h.time = time;
    h.bits = bits;
    h.nonce = nonce;
    return h;
}

namespace {

// Turn the lowest set bit off (Core's InvertLowestOne).
int InvertLowestOne(int n) { return n & (n - 1); }

// Height of the skip target for a block at `height` (Core's GetSkipHeight): skips are spaced so that
// GetAncestor needs O(log n) steps.
int GetSkipHeight(int height)
{
    if (height < 2) return 0;
    return (height & 1) ? InvertLowestOne(InvertLowestOne(height - 1)) + 1 : InvertLowestOne(height);
}

} // namespace

const BlockIndex* BlockIndex::GetAncestor(int h) const
{
    if (h > height || h < 0) return nullptr;
    const BlockIndex* walk = this;
    int height_walk = height;
    while (height_walk > h) {
        const int height_skip = GetSkipHeight(height_walk);
        const int height_skip_prev = GetSkipHeight(height_walk - 1);
        if (walk->skip != nullptr &&
            (height_skip == h || (height_skip > h && !(height_skip_prev < height_skip - 2 && height_skip_prev >= h)))) {
            walk = walk->skip;
            height_walk = height_skip;
        } else {
            walk = walk->prev;
            height_walk--;
        }
    }
    return walk;
}

BlockIndex* BlockIndex::GetAncestor(int h)
{
    return const_cast<BlockIndex*>(static_cast<const BlockIndex*>(this)->GetAncestor(h));
}

int64_t BlockIndex::GetMedianTimePast() const
{
    std::array<int64_t, 11> times{};
    size_t n = 0;
    for (const BlockIndex* i = this; i && n < times.size(); i = i->prev) times[n++] = i->time;
    std::sort(times.begin(), times.begin() + n);
    return times[n / 2];
}

void BlockIndex::BuildSkip()
{
    if (prev) skip = prev->GetAncestor(GetSkipHeight(height));
}

const BlockIndex* LastCommonAncestor(const BlockIndex* a, const BlockIndex* b)
{
    if (!a || !b) return nullptr;
    if (a->height > b->height) a = a->GetAncestor(b->height);
    if (b->height > a->height) b = b->GetAncestor(a->height);
    while (a != b && a && b) {
        a = a->prev;
        b = b->prev;
    }
    return a == b ? a : nullptr;
}

consensus::ChainHeader BlockIndexHeaderView::HeaderAt(int height) const
{
    const BlockIndex* index = Assert(m_tip->GetAncestor(height));
    return {index->version, index->time, index->bits};
}

int64_t BlockIndexHeaderView::MedianTimePast(int height) const
{
    return Assert(m_tip->GetAncestor(height))->GetMedianTimePast();
}

DiskBlockIndex DiskBlockIndex::From(const BlockIndex& index)
{
    DiskBlockIndex r;
    r.height = index.height;
    r.status = index.status;
    r.tx_count = index.tx_count;
    r.file = index.file;
    r.data_pos = index.data_pos;
    r.undo_pos = index.undo_pos;
    r.header = index.GetHeader();
    return r;
}

// Version field Core writes first in each record (its CLIENT_VERSION); we write a fixed value and
// ignore it on read, as Core does for versions it can parse.
constexpr uint64_t DISK_INDEX_VERSION = 300000;

util::Bytes EncodeDiskBlockIndex(const DiskBlockIndex& rec)
{
    util::Bytes out;
    serialize::VectorWriter w{out};
    storage::WriteVarInt(w, DISK_INDEX_VERSION);
    storage::WriteVarInt(w, static_cast<uint64_t>(rec.height));
    storage::WriteVarInt(w, rec.status);
    storage::WriteVarInt(w, rec.tx_count);
    if (rec.status & (BLOCK_HAVE_DATA | BLOCK_HAVE_UNDO)) storage::WriteVarInt(w, static_cast<uint64_t>(rec.file));
    if (rec.status & BLOCK_HAVE_DATA) storage::WriteVarInt(w, rec.data_pos);
    if (rec.status & BLOCK_HAVE_UNDO) storage::WriteVarInt(w, rec.undo_pos);
    rec.header.Serialize(w);
    return out;
}

util::Result<DiskBlockIndex> DecodeDiskBlockIndex(util::ByteSpan bytes)
{
    serialize::Reader r{bytes};
    DiskBlockIndex rec;
    storage::ReadVarInt<uint64_t>(r); // writer's version, unused
    const uint64_t height = storage::ReadVarInt<uint64_t>(r);
    rec.status = storage::ReadVarInt<uint32_t>(r);
    rec.tx_count = storage::ReadVarInt<uint32_t>(r);
    if (rec.status & (BLOCK_HAVE_DATA | BLOCK_HAVE_UNDO))
        rec.file = static_cast<int32_t>(storage::ReadVarInt<uint32_t>(r));
    if (rec.status & BLOCK_HAVE_DATA) rec.data_pos = storage::ReadVarInt<uint32_t>(r);
    if (rec.status & BLOCK_HAVE_UNDO) rec.undo_pos = storage::ReadVarInt<uint32_t>(r);
    rec.header.Unserialize(r);
    if (!r.ok()) return util::Error{"corrupt block index record: " + r.error()};
    if (!r.empty()) return util::Error{"corrupt block index record: trailing bytes"};
    if (height > 0x7fffffff) return util::Error{"corrupt block index record: height out of range"};
    rec.height = static_cast<int>(height);
    return rec;
}

} // namespace hearth::chain
