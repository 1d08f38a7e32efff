#ifndef HEARTH_PRIMITIVES_TRANSACTION_H
#define HEARTH_PRIMITIVES_TRANSACTION_H

// Transactions in Bitcoin's wire format, with and without witness (BIP144).
//
// MutableTransaction is plain data for building and parsing. Transaction is immutable and caches its
// txid and wtxid, which validation asks for over and over; share it as TransactionRef.

#include <hearth/primitives/amount.h>
#include <hearth/serialize/stream.h>
#include <hearth/util/bytes.h>
#include <hearth/util/result.h>
#include <hearth/util/uint256.h>

#include <compare>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hearth::primitives {

using Hash256 = util::Uint256;
/// Raw script bytes; the script layer interprets them.
using ScriptBytes = util::Bytes;
/// A witness stack: items bottom first.
using Witness = std::vector<util::Bytes>;

/// Reference to one output of one transaction.
struct OutPoint {
    static constexpr uint32_t NULL_INDEX = 0xffffffff;

    Hash256 hash;
    uint32_t n{NULL_INDEX};

    /// The coinbase input's prevout: zero hash and index 0xffffffff.
    bool IsNull() const { return hash.IsNull() && n == NULL_INDEX; }
    std::string ToString() const;

    friend bool operator==(const OutPoint&, const OutPoint&) = default;
    friend auto operator<=>(const OutPoint&, const OutPoint&) = default;

    template <serialize::Sink S>
    void Serialize(S& s) const
    {
        s.Write(hash.span());
        serialize::WriteU32(s, n);
    }
    void Unserialize(serialize::Reader& r)
    {
        serialize::Unserialize(r, hash);
        n = r.ReadU32();
    }
};

struct TxIn {
    static constexpr uint32_t SEQUENCE_FINAL = 0xffffffff;
    // BIP68 relative lock-time fields of nSequence.
    static constexpr uint32_t SEQUENCE_LOCKTIME_DISABLE_FLAG = 1U << 31;
    static constexpr uint32_t SEQUENCE_LOCKTIME_TYPE_FLAG = 1U << 22;
    static constexpr uint32_t SEQUENCE_LOCKTIME_MASK = 0x0000ffff;
    static constexpr int SEQUENCE_LOCKTIME_GRANULARITY = 9;
    /// Highest nSequence that still opts in to replacement (BIP125); policy, not consensus.
    static constexpr uint32_t MAX_SEQUENCE_NONFINAL = SEQUENCE_FINAL - 1;

    OutPoint prevout;
    ScriptBytes script_sig;
    uint32_t sequence{SEQUENCE_FINAL};
    /// Not part of the legacy serialization; written in the BIP144 witness section.
    Witness witness;

    friend bool operator==(const TxIn&, const TxIn&) = default;
};

struct TxOut {
    Amount value{-1};
    ScriptBytes script_pubkey;

    /// Core's "null" output (value -1), used as a placeholder by SIGHASH_SINGLE hashing.
    bool IsNull() const { return value == -1; }

    friend bool operator==(const TxOut&, const TxOut&) = default;

    template <serialize::Sink S>
    void Serialize(S& s) const
    {
        serialize::WriteI64(s, value);
        serialize::WriteBytesWithSize(s, script_pubkey);
    }
    void Unserialize(serialize::Reader& r)
    {
        value = r.ReadI64();
        script_pubkey = r.ReadBytesWithSize();
    }
};

/// Whether to write the witness section (BIP144) when serializing.
enum class TxWitnessMode { WITH, WITHOUT };

/// Plain, editable transaction data.
struct MutableTransaction {
    int32_t version{2};
    std::vector<TxIn> vin;
    std::vector<TxOut> vout;
    uint32_t locktime{0};

    bool HasWitness() const;
    /// Computes the txid (hash of the serialization without witness).
    Hash256 ComputeTxid() const;

    friend bool operator==(const MutableTransaction&, const MutableTransaction&) = default;
};

/// Immutable transaction with cached txid and wtxid.
class Transaction
{
public:
    /// Transactions above this are rejected by policy; kept here as consensus code mentions sizes.
    static constexpr int32_t CURRENT_VERSION = 2;

    explicit Transaction(MutableTransaction tx);
    /// Takes hashes already computed from the serialized bytes (ReadTransaction), saving re-serialization.
    Transaction(MutableTransaction tx, const Hash256& txid, const Hash256& wtxid);

    const int32_t version;
    const std::vector<TxIn> vin;
    const std::vector<TxOut> vout;
    const uint32_t locktime;

    /// Hash of the serialization without witness: identifies the transaction in outpoints.
    const Hash256& GetTxid() const { return m_txid; }
    /// Hash of the serialization with witness (BIP141); equals the txid if there is no witness.
    const Hash256& GetWtxid() const { return m_wtxid; }
    bool HasWitness() const { return m_has_witness; }
    bool IsCoinBase() const { return vin.size() == 1 && vin[0].prevout.IsNull(); }
    /// Sum of output values; callers must range-check outputs first (CheckTransaction does).
    Amount GetValueOut() const;

    /// Serialized size with witness (BIP144) in bytes.
    size_t GetTotalSize() const;

    MutableTransaction ToMutable() const;

private:
    bool m_has_witness;
    Hash256 m_txid;
    Hash256 m_wtxid;
};

using TransactionRef = std::shared_ptr<const Transaction>;
inline TransactionRef MakeTransactionRef(MutableTransaction tx)
{
    return std::make_shared<const Transaction>(std::move(tx));
}

// ------------------------------------------------------------------------------- serialization

template <serialize::Sink S, typename Tx>
void SerializeTransaction(S& s, const Tx& tx, TxWitnessMode mode)
{
    serialize::WriteI32(s, tx.version);
    const bool with_witness = mode == TxWitnessMode::WITH && tx.HasWitness();
    if (with_witness) {
        // BIP144 extended format: empty vin marker (0x00), then flags (0x01).
        serialize::WriteU8(s, 0);
        serialize::WriteU8(s, 1);
    }
    serialize::WriteCompactSize(s, tx.vin.size());
    for (const TxIn& in : tx.vin) {
        in.prevout.Serialize(s);
        serialize::WriteBytesWithSize(s, in.script_sig);
        serialize::WriteU32(s, in.sequence);
    }
    serialize::WriteCompactSize(s, tx.vout.size());
    for (const TxOut& out : tx.vout) out.Serialize(s);
    if (with_witness) {
        for (const TxIn& in : tx.vin) {
            serialize::WriteCompactSize(s, in.witness.size());
            for (const util::Bytes& item : in.witness) serialize::WriteBytesWithSize(s, item);
        }
    }
    serialize::WriteU32(s, tx.locktime);
}

/// Parses one transaction from `r` (BIP144 format if `mode` is WITH), as Core's UnserializeTransaction:
/// unknown flag bits → "Unknown transaction optional data"; a witness flag with all witnesses empty →
/// "Superfluous witness record". On failure `r` is failed and the result is unspecified.
void UnserializeTransaction(serialize::Reader& r, MutableTransaction& tx, TxWitnessMode mode = TxWitnessMode::WITH);

/// Parses one transaction from `r` like UnserializeTransaction and hashes it from the bytes it consumed
/// (they are its canonical serialization), which is cheaper than re-serializing. nullptr if `r` failed.
TransactionRef ReadTransaction(serialize::Reader& r, TxWitnessMode mode = TxWitnessMode::WITH);

/// Serializes with or without witness into a new byte vector.
util::Bytes SerializeTransaction(const Transaction& tx, TxWitnessMode mode = TxWitnessMode::WITH);
util::Bytes SerializeTransaction(const MutableTransaction& tx, TxWitnessMode mode = TxWitnessMode::WITH);

/// Size without witness data (BIP141 "base size").
size_t GetStrippedSize(const Transaction& tx);
/// BIP141 weight: base size × 3 + total size.
int64_t GetTransactionWeight(const Transaction& tx);

/// Decodes exactly one transaction occupying all of `bytes`.
util::Result<TransactionRef> DecodeTransaction(util::ByteSpan bytes, TxWitnessMode mode = TxWitnessMode::WITH);

} // namespace hearth::primitives

#endif // HEARTH_PRIMITIVES_TRANSACTION_H
