#include <hearth/primitives/block.h>

#include <hearth/crypto/sha256.h>

namespace hearth::primitives {

Hash256 BlockHeader::GetHash() const
{
    uint8_t buf[SIZE];
    struct FixedWriter {
        uint8_t* p;
        void Write(util::ByteSpan b)
        {
            std::copy(b.begin(), b.end(), p);
            p += b.size();
        }
    } w{buf};
    Serialize(w);
    return crypto::Sha256d({buf, SIZE});
}

void Block::Unserialize(serialize::Reader& r)
{
    header.Unserialize(r);
    // The smallest transaction is 10 bytes (version, two empty counts, locktime).
    const size_t n = r.ReadCount(10);
    vtx.clear();
    vtx.reserve(n);
    for (size_t i = 0; i < n && r.ok(); ++i) {
        TransactionRef tx = ReadTransaction(r, TxWitnessMode::WITH);
        if (!tx) break;
        vtx.push_back(std::move(tx));
    }
}

util::Result<Block> DecodeBlockPrefix(util::ByteSpan bytes)
{
    serialize::Reader r{bytes};
    Block block;
    block.Unserialize(r);
    if (!r.ok()) return util::Error{"block decode failed: " + r.error()};
    return block;
}

util::Result<Block> DecodeBlock(util::ByteSpan bytes)
{
    serialize::Reader r{bytes};
    Block block;
    block.Unserialize(r);
    if (!r.ok()) return util::Error{"block decode failed: " + r.error()};
    if (!r.empty()) return util::Error{"block decode failed: " + std::to_string(r.Remaining()) + " bytes left over"};
    return block;
}

util::Result<BlockHeader> DecodeBlockHeader(util::ByteSpan bytes)
{
    if (bytes.size() != BlockHeader::SIZE) {
        return util::Error{"block header must be 80 bytes, got " + std::to_string(bytes.size())};
    }
    serialize::Reader r{bytes};
    BlockHeader header;
    header.Unserialize(r);
    return header;
}

util::Bytes SerializeBlock(const Block& block, TxWitnessMode mode)
{
    util::Bytes out;
    serialize::VectorWriter w{out};
    block.Serialize(w, mode);
    return out;
}

size_t GetBlockTotalSize(const Block& block)
{
    serialize::SizeCounter c;
    block.Serialize(c, TxWitnessMode::WITH);
    return c.size();
}

size_t GetBlockStrippedSize(const Block& block)
{
    serialize::SizeCounter c;
    block.Serialize(c, TxWitnessMode::WITHOUT);
    return c.size();
}

int64_t GetBlockWeight(const Block& block)
{
    return static_cast<int64_t>(GetBlockStrippedSize(block) * 3 + GetBlockTotalSize(block));
}

} // namespace hearth::primitives
