#include <hearth/storage/undo.h>

namespace hearth::storage {

namespace {
/// Smallest encoding of a spent coin: code, amount and a raw-script length of one byte each.
constexpr size_t MIN_UNDO_COIN_SIZE = 3;
/// Smallest TxUndo: a count and one coin.
constexpr size_t MIN_TX_UNDO_SIZE = 1;
} // namespace

void UnserializeTxInUndo(serialize::Reader& r, Coin& coin)
{
    const uint32_t code = ReadVarInt<uint32_t>(r);
    coin.height = code >> 1;
    coin.coinbase = (code & 1) != 0;
    if (coin.height > 0) (void)ReadVarInt<uint32_t>(r); // legacy transaction version, ignored
    ReadCompressedTxOut(r, coin.out);
}

void TxUndo::Unserialize(serialize::Reader& r)
{
    prevouts.clear();
    const size_t n = r.ReadCount(MIN_UNDO_COIN_SIZE);
    prevouts.reserve(n);
    for (size_t i = 0; i < n && r.ok(); ++i) {
        prevouts.emplace_back();
        UnserializeTxInUndo(r, prevouts.back());
    }
}

void BlockUndo::Unserialize(serialize::Reader& r)
{
    txundo.clear();
    const size_t n = r.ReadCount(MIN_TX_UNDO_SIZE);
    txundo.reserve(n);
    for (size_t i = 0; i < n && r.ok(); ++i) {
        txundo.emplace_back();
        txundo.back().Unserialize(r);
    }
}

util::Bytes EncodeBlockUndo(const BlockUndo& undo) { return serialize::SerializeToBytes(undo); }

util::Result<BlockUndo> DecodeBlockUndo(util::ByteSpan bytes)
{
    serialize::Reader r{bytes};
    BlockUndo undo;
    undo.Unserialize(r);
    if (!r.ok()) return util::Error{"bad undo data: " + r.error()};
    if (!r.empty()) return util::Error{"bad undo data: " + std::to_string(r.Remaining()) + " bytes left over"};
    return undo;
}

} // namespace hearth::storage
