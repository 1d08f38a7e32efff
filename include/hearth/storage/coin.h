#ifndef HEARTH_STORAGE_COIN_H
#define HEARTH_STORAGE_COIN_H

// Unspent outputs ("coins") and their encodings, byte for byte as Bitcoin Core's (coins.h,
// compressor.h/.cpp, txdb.cpp, kernel/coinstats.cpp), so a chainstate record, an undo record and the
// UTXO-set hashes mean the same here as in Core. docs/storage.md describes every byte.

#include <hearth/primitives/transaction.h>
#include <hearth/script/script.h>
#include <hearth/serialize/stream.h>
#include <hearth/storage/varint.h>
#include <hearth/util/bytes.h>
#include <hearth/util/check.h>
#include <hearth/util/result.h>
#include <hearth/util/small_bytes.h>
#include <hearth/util/uint256.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

namespace hearth::storage {

/// A coin's output: a TxOut whose script is kept inline when it is 40 bytes or less (every standard
/// output but bare multisig and uncompressed P2PK), so the coins cache allocates nothing per coin.
struct CoinOut {
    /// Scripts up to this size are stored in the object.
    static constexpr size_t INLINE_SCRIPT_BYTES = 40;

    primitives::Amount value{-1};
    util::SmallBytes<INLINE_SCRIPT_BYTES> script_pubkey;

    CoinOut() = default;
    CoinOut(primitives::Amount value_in, util::ByteSpan script) : value{value_in}, script_pubkey{script} {}
    /// From a transaction's output (implicit, as a coin is made from one).
    CoinOut(const primitives::TxOut& out) : value{out.value}, script_pubkey{util::ByteSpan{out.script_pubkey}} {}

    /// Core's "null" output (value -1): the coin is spent.
    bool IsNull() const { return value == -1; }
    primitives::TxOut ToTxOut() const
    {
        return {value, primitives::ScriptBytes(script_pubkey.begin(), script_pubkey.end())};
    }

    friend bool operator==(const CoinOut&, const CoinOut&) = default;
    friend bool operator==(const CoinOut& a, const primitives::TxOut& b)
    {
        return a.value == b.value && std::ranges::equal(a.script_pubkey.span(), b.script_pubkey);
    }

    /// As TxOut::Serialize: value ‖ script with its size.
    template <serialize::Sink S>
    void Serialize(S& s) const
    {
        serialize::WriteI64(s, value);
        serialize::WriteBytesWithSize(s, script_pubkey.span());
    }
};

/// An unspent output with the facts validation needs about its creating transaction.
struct Coin {
    /// The output; value -1 (TxOut's null state) marks a spent coin.
    CoinOut out;
    /// Height of the block that created it. Core keeps 31 bits; heights never come near that.
    uint32_t height{0};
    /// Created by a coinbase (subject to COINBASE_MATURITY).
    bool coinbase{false};

    Coin() = default;
    Coin(CoinOut out_in, uint32_t height_in, bool coinbase_in) :
        out{std::move(out_in)}, height{height_in}, coinbase{coinbase_in}
    {}
    Coin(const primitives::TxOut& out_in, uint32_t height_in, bool coinbase_in) :
        out{out_in}, height{height_in}, coinbase{coinbase_in}
    {}

    bool IsSpent() const { return out.IsNull(); }
    /// Marks the coin spent (and drops its script).
    void Clear()
    {
        out = CoinOut{};
        height = 0;
        coinbase = false;
    }

    friend bool operator==(const Coin&, const Coin&) = default;
};

// ------------------------------------------------------------------------------ amount compression

/// Core's CompressAmount: 0 → 0; otherwise strip up to 9 trailing decimal zeros (e of them), and emit
/// 1 + 10·(9·n + d − 1) + e (e < 9, d = last non-zero digit, n = the rest) or 1 + 10·(n − 1) + 9 (e = 9).
/// Round amounts become small numbers: 1 BTC → 9, 50 BTC → 50.
uint64_t CompressAmount(uint64_t n);
/// The inverse of CompressAmount (wraps modulo 2^64 on values CompressAmount never produces, as Core).
uint64_t DecompressAmount(uint64_t x);

// ------------------------------------------------------------------------------ script compression

/// Script encodings 0–5 are special forms; any other script is stored as VARINT(size + 6) ‖ script.
constexpr unsigned NUM_SPECIAL_SCRIPTS = 6;
/// Scripts longer than this (Core's MAX_SCRIPT_SIZE) are read back as a lone OP_RETURN, as Core does.
using script::MAX_SCRIPT_SIZE;

/// The special-form encoding of `script` if it has one (Core's CompressScript):
///  - 0x00 ‖ hash160 (21 bytes) for P2PKH (OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG);
///  - 0x01 ‖ hash160 (21 bytes) for P2SH (OP_HASH160 <20> OP_EQUAL);
///  - 0x02/0x03 ‖ x (33 bytes) for P2PK with a compressed key (<33: 02|03 x> OP_CHECKSIG);
///  - (0x04 | parity of y) ‖ x (33 bytes) for P2PK with an uncompressed key (<65: 04 x y> OP_CHECKSIG),
///    only if the key is a valid curve point (otherwise it could not be rebuilt from x).
std::optional<util::Bytes> CompressScript(util::ByteSpan script);
/// Payload size of special form `type` (< 6): 20 for 0/1, 32 for 2–5, else 0.
unsigned GetSpecialScriptSize(unsigned type);
/// Rebuilds the script of special form `type` from its payload (GetSpecialScriptSize bytes). nullopt if
/// the type is not special, the payload has the wrong size, or (types 4/5) x is not on the curve.
std::optional<primitives::ScriptBytes> DecompressScript(unsigned type, util::ByteSpan payload);

/// Writes a script in compressed form (Core's ScriptCompression).
template <serialize::Sink S>
void WriteCompressedScript(S& s, util::ByteSpan script)
{
    if (auto special = CompressScript(script)) {
        s.Write(*special);
        return;
    }
    WriteVarInt(s, script.size() + NUM_SPECIAL_SCRIPTS);
    s.Write(script);
}
/// Reads a compressed script (fails `r` on truncation, a VARINT overflow, or a type 4/5 key that is not
/// on the curve, which Core's CompressScript can never have written).
void ReadCompressedScript(serialize::Reader& r, primitives::ScriptBytes& script);

/// Writes VARINT(CompressAmount(value)) ‖ compressed script (Core's TxOutCompression).
template <serialize::Sink S>
void WriteCompressedTxOut(S& s, primitives::Amount value, util::ByteSpan script)
{
    WriteVarInt(s, CompressAmount(static_cast<uint64_t>(value)));
    WriteCompressedScript(s, script);
}
template <serialize::Sink S>
void WriteCompressedTxOut(S& s, const primitives::TxOut& out)
{
    WriteCompressedTxOut(s, out.value, out.script_pubkey);
}
template <serialize::Sink S>
void WriteCompressedTxOut(S& s, const CoinOut& out)
{
    WriteCompressedTxOut(s, out.value, out.script_pubkey.span());
}
void ReadCompressedTxOut(serialize::Reader& r, primitives::TxOut& out);
void ReadCompressedTxOut(serialize::Reader& r, CoinOut& out);

// ------------------------------------------------------------------------------ chainstate records

/// Writes the chainstate value of an unspent coin: VARINT(height·2 + coinbase) ‖ compressed TxOut.
template <serialize::Sink S>
void SerializeCoin(S& s, const Coin& coin)
{
    Assert(!coin.IsSpent()); // spent coins are erased, never written
    WriteVarInt(s, uint64_t{coin.height} * 2 + (coin.coinbase ? 1 : 0));
    WriteCompressedTxOut(s, coin.out);
}
void UnserializeCoin(serialize::Reader& r, Coin& coin);

/// The chainstate value of `coin` as bytes.
util::Bytes EncodeCoin(const Coin& coin);
/// EncodeCoin into `out` (emptied first): a flush encodes thousands of records through one buffer.
void EncodeCoinInto(const Coin& coin, util::Bytes& out);
/// Decodes a chainstate value that must be consumed exactly.
util::Result<Coin> DecodeCoin(util::ByteSpan value);

/// Key prefixes of the chainstate database (Core's txdb.cpp).
constexpr uint8_t DB_COIN = 'C';
constexpr uint8_t DB_BEST_BLOCK = 'B';
constexpr uint8_t DB_HEAD_BLOCKS = 'H';
/// Pre-0.15 per-transaction records; their presence means an old, unsupported chainstate.
constexpr uint8_t DB_COINS_LEGACY = 'c';

/// 'C' ‖ txid (32 bytes, internal order) ‖ VARINT(vout): keys sort by txid bytes, then by vout.
util::Bytes CoinKey(const primitives::OutPoint& outpoint);
/// CoinKey into `out` (emptied first).
void CoinKeyInto(const primitives::OutPoint& outpoint, util::Bytes& out);
/// The outpoint of a coin key; nullopt if `key` is not exactly a coin key.
std::optional<primitives::OutPoint> DecodeCoinKey(util::ByteSpan key);
/// The one-byte key {'B'} (value: the best block hash, 32 raw bytes) and {'H'}.
util::Bytes BestBlockKey();
util::Bytes HeadBlocksKey();
/// The 'H' value Core writes while a flush is in progress: CompactSize 2 ‖ new tip ‖ old tip.
util::Bytes EncodeHeadBlocks(const util::Uint256& new_tip, const util::Uint256& old_tip);
/// Decodes an 'H' value into {new tip, old tip}.
util::Result<std::pair<util::Uint256, util::Uint256>> DecodeHeadBlocks(util::ByteSpan value);

// ------------------------------------------------------------------------------ UTXO-set hashes

/// Writes the per-coin serialization shared by hash_serialized_3 and MuHash (Core's TxOutSer):
/// txid (32 raw) ‖ uint32 LE vout ‖ uint32 LE (height·2 + coinbase) ‖ int64 LE value ‖
/// CompactSize script length ‖ script.
template <serialize::Sink S>
void SerializeCoinForHash(S& s, const primitives::OutPoint& outpoint, const Coin& coin)
{
    outpoint.Serialize(s);
    serialize::WriteU32(s, (coin.height << 1) + (coin.coinbase ? 1 : 0));
    coin.out.Serialize(s);
}
util::Bytes CoinHashSerialization(const primitives::OutPoint& outpoint, const Coin& coin);

} // namespace hearth::storage

#endif // HEARTH_STORAGE_COIN_H
