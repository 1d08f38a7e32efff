#ifndef HEARTH_PRIMITIVES_BLOCK_H
#define HEARTH_PRIMITIVES_BLOCK_H

#include <hearth/primitives/transaction.h>
#include <hearth/serialize/stream.h>
#include <hearth/util/result.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace hearth::primitives {

/// The 80-byte block header; its SHA-256d is the block hash.
struct BlockHeader {
    static constexpr size_t SIZE = 80;

    int32_t version{0};
    Hash256 prev_block;
    Hash256 merkle_root;
    uint32_t time{0};
    uint32_t bits{0};
    uint32_t nonce{0};

    Hash256 GetHash() const;
    bool IsNull() const { return bits == 0; }

    friend bool operator==(const BlockHeader&, const BlockHeader&) = default;

    template <serialize::Sink S>
    void Serialize(S& s) const
    {
        serialize::WriteI32(s, version);
        s.Write(prev_block.span());
        s.Write(merkle_root.span());
        serialize::WriteU32(s, time);
        serialize::WriteU32(s, bits);
        serialize::WriteU32(s, nonce);
    }
    void Unserialize(serialize::Reader& r)
    {
        version = r.ReadI32();
        serialize::Unserialize(r, prev_block);
        serialize::Unserialize(r, merkle_root);
        time = r.ReadU32();
        bits = r.ReadU32();
        nonce = r.ReadU32();
    }
};

struct Block {
    BlockHeader header;
    std::vector<TransactionRef> vtx;

    Hash256 GetHash() const { return header.GetHash(); }

    template <serialize::Sink S>
    void Serialize(S& s, TxWitnessMode mode = TxWitnessMode::WITH) const
    {
        header.Serialize(s);
        serialize::WriteCompactSize(s, vtx.size());
        for (const TransactionRef& tx : vtx) SerializeTransaction(s, *tx, mode);
    }
    /// Parses a block (transactions in BIP144 format); on failure `r` is failed.
    void Unserialize(serialize::Reader& r);
};

/// Decodes exactly one block occupying all of `bytes`.
util::Result<Block> DecodeBlock(util::ByteSpan bytes);
/// Decodes a block from the start of `bytes`, ignoring anything after it (as Core's submitblock does).
util::Result<Block> DecodeBlockPrefix(util::ByteSpan bytes);
/// Decodes an 80-byte header.
util::Result<BlockHeader> DecodeBlockHeader(util::ByteSpan bytes);

util::Bytes SerializeBlock(const Block& block, TxWitnessMode mode = TxWitnessMode::WITH);

/// Serialized size with witness data.
size_t GetBlockTotalSize(const Block& block);
/// Serialized size without witness data.
size_t GetBlockStrippedSize(const Block& block);
/// BIP141 block weight: stripped size × 3 + total size.
int64_t GetBlockWeight(const Block& block);

} // namespace hearth::primitives

#endif // HEARTH_PRIMITIVES_BLOCK_H
