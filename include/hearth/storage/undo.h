#ifndef HEARTH_STORAGE_UNDO_H
#define HEARTH_STORAGE_UNDO_H

// Undo data: the coins a block spent, so the block can be disconnected. Serialized byte for byte as
// Core's undo.h (CTxUndo/CBlockUndo) and stored in rev*.dat (block_files.h).

#include <hearth/serialize/stream.h>
#include <hearth/storage/coin.h>
#include <hearth/util/result.h>

#include <vector>

namespace hearth::storage {

/// Writes one spent coin as Core's TxInUndoFormatter: VARINT(height·2 + coinbase), then a zero byte if
/// height > 0 (where pre-0.15 versions stored the transaction version; kept for compatibility), then
/// the compressed TxOut.
template <serialize::Sink S>
void SerializeTxInUndo(S& s, const Coin& coin)
{
    WriteVarInt(s, uint64_t{coin.height} * 2 + (coin.coinbase ? 1 : 0));
    if (coin.height > 0) serialize::WriteU8(s, 0);
    WriteCompressedTxOut(s, coin.out);
}
/// Reads one spent coin; the legacy version field (any VARINT value) is read and ignored, as Core.
void UnserializeTxInUndo(serialize::Reader& r, Coin& coin);

/// The coins spent by one transaction's inputs, in input order.
struct TxUndo {
    std::vector<Coin> prevouts;

    friend bool operator==(const TxUndo&, const TxUndo&) = default;

    template <serialize::Sink S>
    void Serialize(S& s) const
    {
        serialize::WriteCompactSize(s, prevouts.size());
        for (const Coin& c : prevouts) SerializeTxInUndo(s, c);
    }
    void Unserialize(serialize::Reader& r);
};

/// Undo data of a block: one TxUndo per transaction except the coinbase, in block order.
struct BlockUndo {
    std::vector<TxUndo> txundo;

    friend bool operator==(const BlockUndo&, const BlockUndo&) = default;

    template <serialize::Sink S>
    void Serialize(S& s) const
    {
        serialize::WriteCompactSize(s, txundo.size());
        for (const TxUndo& t : txundo) t.Serialize(s);
    }
    void Unserialize(serialize::Reader& r);
};

util::Bytes EncodeBlockUndo(const BlockUndo& undo);
/// Decodes undo data that must be consumed exactly.
util::Result<BlockUndo> DecodeBlockUndo(util::ByteSpan bytes);

} // namespace hearth::storage

#endif // HEARTH_STORAGE_UNDO_H
