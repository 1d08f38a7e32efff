#include <hearth/primitives/transaction.h>

#include <hearth/crypto/sha256.h>

#include <algorithm>

namespace hearth::primitives {

std::string OutPoint::ToString() const { return hash.ToHex() + ":" + std::to_string(n); }

namespace {

template <typename Tx>
bool AnyWitness(const Tx& tx)
{
    return std::any_of(tx.vin.begin(), tx.vin.end(), [](const TxIn& in) { return !in.witness.empty(); });
}

template <typename Tx>
Hash256 HashTx(const Tx& tx, TxWitnessMode mode)
{
    serialize::HashWriter h;
    SerializeTransaction(h, tx, mode);
    return h.GetHash();
}

} // namespace

bool MutableTransaction::HasWitness() const { return AnyWitness(*this); }

Hash256 MutableTransaction::ComputeTxid() const { return HashTx(*this, TxWitnessMode::WITHOUT); }

Transaction::Transaction(MutableTransaction tx) :
    version{tx.version}, vin{std::move(tx.vin)}, vout{std::move(tx.vout)}, locktime{tx.locktime}, m_has_witness{
                                                                                                      AnyWitness(*this)}
{
    m_txid = HashTx(*this, TxWitnessMode::WITHOUT);
    m_wtxid = m_has_witness ? HashTx(*this, TxWitnessMode::WITH) : m_txid;
}

Transaction::Transaction(MutableTransaction tx, const Hash256& txid, const Hash256& wtxid) :
    version{tx.version}, vin{std::move(tx.vin)}, vout{std::move(tx.vout)}, locktime{tx.locktime},
    m_has_witness{AnyWitness(*this)}, m_txid{txid}, m_wtxid{wtxid}
{}

Amount Transaction::GetValueOut() const
{
    Amount total = 0;
    for (const TxOut& out : vout) total += out.value;
    return total;
}

size_t Transaction::GetTotalSize() const
{
    serialize::SizeCounter c;
    SerializeTransaction(c, *this, TxWitnessMode::WITH);
    return c.size();
}

MutableTransaction Transaction::ToMutable() const { return MutableTransaction{version, vin, vout, locktime}; }

size_t GetStrippedSize(const Transaction& tx)
{
    serialize::SizeCounter c;
    SerializeTransaction(c, tx, TxWitnessMode::WITHOUT);
    return c.size();
}

int64_t GetTransactionWeight(const Transaction& tx)
{
    return static_cast<int64_t>(GetStrippedSize(tx) * 3 + tx.GetTotalSize());
}

namespace {

// Smallest possible serialized input: 36-byte outpoint, 1-byte empty script, 4-byte sequence.
constexpr size_t MIN_TXIN_SIZE = 41;
// Smallest possible serialized output: 8-byte value, 1-byte empty script.
constexpr size_t MIN_TXOUT_SIZE = 9;

void ReadInputs(serialize::Reader& r, std::vector<TxIn>& vin)
{
    const size_t n = r.ReadCount(MIN_TXIN_SIZE);
    vin.clear();
    vin.reserve(n);
    for (size_t i = 0; i < n && r.ok(); ++i) {
        TxIn& in = vin.emplace_back();
        in.prevout.Unserialize(r);
        in.script_sig = r.ReadBytesWithSize();
        in.sequence = r.ReadU32();
    }
}

void ReadOutputs(serialize::Reader& r, std::vector<TxOut>& vout)
{
    const size_t n = r.ReadCount(MIN_TXOUT_SIZE);
    vout.clear();
    vout.reserve(n);
    for (size_t i = 0; i < n && r.ok(); ++i) vout.emplace_back().Unserialize(r);
}

void ReadWitness(serialize::Reader& r, Witness& witness)
{
    const size_t n = r.ReadCount(1);
    witness.clear();
    witness.reserve(n);
    for (size_t i = 0; i < n && r.ok(); ++i) witness.push_back(r.ReadBytesWithSize());
}

} // namespace

namespace {

// Where the parts of a transaction lie in the bytes it was read from: the legacy serialization is
// [start, start+4) ‖ [body_begin, body_end) ‖ the last 4 bytes (locktime).
struct TxLayout {
    size_t start{0};
    size_t body_begin{0};
    size_t body_end{0};
};

void UnserializeTransactionImpl(serialize::Reader& r, MutableTransaction& tx, TxWitnessMode mode, TxLayout& layout)
{
    const bool allow_witness = mode == TxWitnessMode::WITH;
    layout.start = r.Position();
    tx.version = r.ReadI32();
    layout.body_begin = r.Position();
    uint8_t flags = 0;
    ReadInputs(r, tx.vin);
    tx.vout.clear();
    if (tx.vin.empty() && allow_witness && r.ok()) {
        // An empty vin is the BIP144 marker; the flags byte follows.
        flags = r.ReadU8();
        if (flags != 0) {
            layout.body_begin = r.Position();
            ReadInputs(r, tx.vin);
            ReadOutputs(r, tx.vout);
        }
    } else {
        ReadOutputs(r, tx.vout);
    }
    layout.body_end = r.Position();
    if ((flags & 1) && allow_witness) {
        flags ^= 1;
        for (TxIn& in : tx.vin) {
            if (!r.ok()) break;
            ReadWitness(r, in.witness);
        }
        if (r.ok() && !tx.HasWitness()) r.Fail("Superfluous witness record");
    }
    if (flags) r.Fail("Unknown transaction optional data");
    tx.locktime = r.ReadU32();
}

} // namespace

void UnserializeTransaction(serialize::Reader& r, MutableTransaction& tx, TxWitnessMode mode)
{
    TxLayout layout;
    UnserializeTransactionImpl(r, tx, mode, layout);
}

TransactionRef ReadTransaction(serialize::Reader& r, TxWitnessMode mode)
{
    MutableTransaction tx;
    TxLayout layout;
    UnserializeTransactionImpl(r, tx, mode, layout);
    if (!r.ok()) return nullptr;
    // The bytes read are the canonical serialization (CompactSizes are canonical, the rest is fixed), so
    // the hashes can be taken from them directly.
    const util::ByteSpan all = r.Consumed(layout.start);
    crypto::Sha256d256 legacy;
    legacy.Write(all.first(4))
        .Write(all.subspan(layout.body_begin - layout.start, layout.body_end - layout.body_begin))
        .Write(all.last(4));
    const Hash256 txid = legacy.Finalize();
    const bool witness = layout.body_begin != layout.start + 4;
    const Hash256 wtxid = witness ? crypto::Sha256d(all) : txid;
    return std::make_shared<const Transaction>(std::move(tx), txid, wtxid);
}

util::Bytes SerializeTransaction(const Transaction& tx, TxWitnessMode mode)
{
    util::Bytes out;
    serialize::VectorWriter w{out};
    SerializeTransaction(w, tx, mode);
    return out;
}

util::Bytes SerializeTransaction(const MutableTransaction& tx, TxWitnessMode mode)
{
    util::Bytes out;
    serialize::VectorWriter w{out};
    SerializeTransaction(w, tx, mode);
    return out;
}

util::Result<TransactionRef> DecodeTransaction(util::ByteSpan bytes, TxWitnessMode mode)
{
    serialize::Reader r{bytes};
    TransactionRef tx = ReadTransaction(r, mode);
    if (!r.ok()) return util::Error{"transaction decode failed: " + r.error()};
    if (!r.empty()) {
        return util::Error{"transaction decode failed: " + std::to_string(r.Remaining()) + " bytes left over"};
    }
    return tx;
}

} // namespace hearth::primitives
