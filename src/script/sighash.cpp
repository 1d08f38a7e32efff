#include <hearth/script/sighash.h>

#include <hearth/crypto/sha256.h>
#include <hearth/serialize/stream.h>
#include <hearth/util/check.h>

namespace hearth::script {

using primitives::Amount;
using primitives::MutableTransaction;
using primitives::Transaction;
using primitives::TxIn;
using primitives::TxOut;

namespace {

// BIP143/BIP341 building blocks: single SHA256 over the transaction's prevouts, sequences and outputs.
template <typename Tx>
util::Uint256 GetPrevoutsSha256(const Tx& tx)
{
    serialize::Sha256Writer w;
    for (const TxIn& in : tx.vin) in.prevout.Serialize(w);
    return w.GetHash();
}

template <typename Tx>
util::Uint256 GetSequencesSha256(const Tx& tx)
{
    serialize::Sha256Writer w;
    for (const TxIn& in : tx.vin) serialize::WriteU32(w, in.sequence);
    return w.GetHash();
}

template <typename Tx>
util::Uint256 GetOutputsSha256(const Tx& tx)
{
    serialize::Sha256Writer w;
    for (const TxOut& out : tx.vout) out.Serialize(w);
    return w.GetHash();
}

util::Uint256 GetSpentAmountsSha256(const std::vector<TxOut>& outputs)
{
    serialize::Sha256Writer w;
    for (const TxOut& out : outputs) serialize::WriteI64(w, out.value);
    return w.GetHash();
}

util::Uint256 GetSpentScriptsSha256(const std::vector<TxOut>& outputs)
{
    serialize::Sha256Writer w;
    for (const TxOut& out : outputs) serialize::WriteBytesWithSize(w, out.script_pubkey);
    return w.GetHash();
}

util::Uint256 Sha256Of(const util::Uint256& h) { return crypto::Sha256Hash(h.span()); }

/// The legacy preimage (Core's CTransactionSignatureSerializer), written straight into the hasher.
template <typename Tx>
class LegacySerializer
{
public:
    LegacySerializer(const Tx& tx, util::ByteSpan script_code, unsigned n_in, int32_t hash_type) :
        m_tx{tx}, m_script_code{script_code}, m_in{n_in}, m_anyone_can_pay{(hash_type & SIGHASH_ANYONECANPAY) != 0},
        m_hash_single{(hash_type & 0x1f) == SIGHASH_SINGLE}, m_hash_none{(hash_type & 0x1f) == SIGHASH_NONE}
    {}

    template <serialize::Sink S>
    void Serialize(S& s) const
    {
        serialize::WriteI32(s, m_tx.version);
        // With ANYONECANPAY only the input being signed is serialized.
        const size_t inputs = m_anyone_can_pay ? 1 : m_tx.vin.size();
        serialize::WriteCompactSize(s, inputs);
        for (size_t i = 0; i < inputs; ++i) SerializeInput(s, i);
        const size_t outputs = m_hash_none ? 0 : (m_hash_single ? m_in + 1 : m_tx.vout.size());
        serialize::WriteCompactSize(s, outputs);
        for (size_t i = 0; i < outputs; ++i) SerializeOutput(s, i);
        serialize::WriteU32(s, m_tx.locktime);
    }

private:
    /// The script code without its OP_CODESEPARATORs. The length prefix counts the whole script minus
    /// one per separator, and the copy stops where operation decoding stops: for a script ending in a
    /// truncated push this writes fewer bytes than the prefix says, exactly as Core does.
    template <serialize::Sink S>
    void SerializeScriptCode(S& s) const
    {
        const util::ByteSpan code = m_script_code;
        size_t pos = 0;
        Opcode opcode;
        size_t separators = 0;
        while (GetScriptOp(code, pos, opcode)) {
            if (opcode == OP_CODESEPARATOR) separators++;
        }
        serialize::WriteCompactSize(s, code.size() - separators);
        pos = 0;
        size_t begin = 0;
        while (GetScriptOp(code, pos, opcode)) {
            if (opcode == OP_CODESEPARATOR) {
                s.Write(code.subspan(begin, pos - begin - 1));
                begin = pos;
            }
        }
        if (begin != code.size()) s.Write(code.subspan(begin, pos - begin));
    }

    template <serialize::Sink S>
    void SerializeInput(S& s, size_t input) const
    {
        if (m_anyone_can_pay) input = m_in;
        m_tx.vin[input].prevout.Serialize(s);
        if (input != m_in) {
            // Other inputs' scripts are blanked.
            serialize::WriteCompactSize(s, 0);
        } else {
            SerializeScriptCode(s);
        }
        if (input != m_in && (m_hash_single || m_hash_none)) {
            // Other inputs' sequences are left free to change.
            serialize::WriteU32(s, 0);
        } else {
            serialize::WriteU32(s, m_tx.vin[input].sequence);
        }
    }

    template <serialize::Sink S>
    void SerializeOutput(S& s, size_t output) const
    {
        if (m_hash_single && output != m_in) {
            // SIGHASH_SINGLE: outputs before ours are "null" (value -1, empty script).
            TxOut{}.Serialize(s);
        } else {
            m_tx.vout[output].Serialize(s);
        }
    }

    const Tx& m_tx;
    util::ByteSpan m_script_code;
    unsigned m_in;
    bool m_anyone_can_pay;
    bool m_hash_single;
    bool m_hash_none;
};

} // namespace

// ------------------------------------------------------------------------------ precomputed data

PrecomputedTransactionData::PrecomputedTransactionData(const Transaction& tx) { Init(tx, {}); }

template <typename Tx>
void PrecomputedTransactionData::Init(const Tx& tx, std::vector<TxOut> spent, bool force)
{
    Assume(!spent_outputs_ready);
    spent_outputs = std::move(spent);
    if (!spent_outputs.empty()) {
        Assume(spent_outputs.size() == tx.vin.size());
        spent_outputs_ready = spent_outputs.size() == tx.vin.size();
    }

    // Which schemes the inputs may need (as Core: a witness spend of a 34-byte OP_1 output is taproot,
    // any other witness spend is treated as v0; precision would need P2SH evaluation and is harmless).
    bool uses_bip143 = force;
    bool uses_bip341 = force;
    for (size_t i = 0; i < tx.vin.size() && !(uses_bip143 && uses_bip341); ++i) {
        if (tx.vin[i].witness.empty()) continue;
        if (spent_outputs_ready && spent_outputs[i].script_pubkey.size() == 2 + WITNESS_V1_TAPROOT_SIZE &&
            spent_outputs[i].script_pubkey[0] == OP_1) {
            uses_bip341 = true;
        } else {
            uses_bip143 = true;
        }
    }

    if (uses_bip143 || uses_bip341) {
        prevouts_single_hash = GetPrevoutsSha256(tx);
        sequences_single_hash = GetSequencesSha256(tx);
        outputs_single_hash = GetOutputsSha256(tx);
    }
    if (uses_bip143) {
        hash_prevouts = Sha256Of(prevouts_single_hash);
        hash_sequence = Sha256Of(sequences_single_hash);
        hash_outputs = Sha256Of(outputs_single_hash);
        bip143_segwit_ready = true;
    }
    if (uses_bip341 && spent_outputs_ready) {
        spent_amounts_single_hash = GetSpentAmountsSha256(spent_outputs);
        spent_scripts_single_hash = GetSpentScriptsSha256(spent_outputs);
        bip341_taproot_ready = true;
    }
}

template void PrecomputedTransactionData::Init(const Transaction&, std::vector<TxOut>, bool);
template void PrecomputedTransactionData::Init(const MutableTransaction&, std::vector<TxOut>, bool);

// ------------------------------------------------------------------------------ signature hashes

template <typename Tx>
util::Uint256 SignatureHash(util::ByteSpan script_code, const Tx& tx, unsigned n_in, int32_t hash_type, Amount amount,
                            SigVersion sigversion, const PrecomputedTransactionData* cache)
{
    Assert(n_in < tx.vin.size());

    if (sigversion != SigVersion::WITNESS_V0) {
        // SIGHASH_SINGLE without a matching output signs the number 1 (Core's historic bug, now consensus).
        if ((hash_type & 0x1f) == SIGHASH_SINGLE && n_in >= tx.vout.size()) {
            util::Uint256 one;
            one[0] = 1;
            return one;
        }
    }

    serialize::HashWriter ss;

    if (sigversion == SigVersion::WITNESS_V0) {
        // BIP143.
        util::Uint256 hash_prevouts;
        util::Uint256 hash_sequence;
        util::Uint256 hash_outputs;
        const bool cache_ready = cache && cache->bip143_segwit_ready;
        const int base_type = hash_type & 0x1f;

        if (!(hash_type & SIGHASH_ANYONECANPAY)) {
            hash_prevouts = cache_ready ? cache->hash_prevouts : Sha256Of(GetPrevoutsSha256(tx));
        }
        if (!(hash_type & SIGHASH_ANYONECANPAY) && base_type != SIGHASH_SINGLE && base_type != SIGHASH_NONE) {
            hash_sequence = cache_ready ? cache->hash_sequence : Sha256Of(GetSequencesSha256(tx));
        }
        if (base_type != SIGHASH_SINGLE && base_type != SIGHASH_NONE) {
            hash_outputs = cache_ready ? cache->hash_outputs : Sha256Of(GetOutputsSha256(tx));
        } else if (base_type == SIGHASH_SINGLE && n_in < tx.vout.size()) {
            serialize::HashWriter single;
            tx.vout[n_in].Serialize(single);
            hash_outputs = single.GetHash();
        }

        serialize::WriteI32(ss, tx.version);
        ss.Write(hash_prevouts.span());
        ss.Write(hash_sequence.span());
        // The input being signed: its outpoint, script code, amount and sequence.
        tx.vin[n_in].prevout.Serialize(ss);
        serialize::WriteBytesWithSize(ss, script_code);
        serialize::WriteI64(ss, amount);
        serialize::WriteU32(ss, tx.vin[n_in].sequence);
        ss.Write(hash_outputs.span());
        serialize::WriteU32(ss, tx.locktime);
    } else {
        LegacySerializer<Tx>{tx, script_code, n_in, hash_type}.Serialize(ss);
    }

    serialize::WriteI32(ss, hash_type);
    return ss.GetHash();
}

template util::Uint256 SignatureHash(util::ByteSpan, const Transaction&, unsigned, int32_t, Amount, SigVersion,
                                     const PrecomputedTransactionData*);
template util::Uint256 SignatureHash(util::ByteSpan, const MutableTransaction&, unsigned, int32_t, Amount, SigVersion,
                                     const PrecomputedTransactionData*);

template <typename Tx>
bool SignatureHashSchnorr(util::Uint256& hash_out, ScriptExecutionData& execdata, const Tx& tx, uint32_t in_pos,
                          uint8_t hash_type, SigVersion sigversion, const PrecomputedTransactionData& cache)
{
    uint8_t ext_flag = 0;
    uint8_t key_version = 0;
    switch (sigversion) {
    case SigVersion::TAPROOT:
        ext_flag = 0;
        break;
    case SigVersion::TAPSCRIPT:
        // BIP342: extension 1; key_version 0 is today's 32-byte keys.
        ext_flag = 1;
        key_version = 0;
        break;
    default:
        Assert(false);
    }
    Assert(in_pos < tx.vin.size());
    if (!(cache.bip341_taproot_ready && cache.spent_outputs_ready)) return false;

    static const crypto::Sha256 TAPSIGHASH = crypto::TaggedHasher("TapSighash");
    serialize::Sha256Writer ss{TAPSIGHASH};

    // Epoch.
    serialize::WriteU8(ss, 0);

    // Hash type: SIGHASH_DEFAULT (0) means ALL; only 0x00-0x03 and 0x81-0x83 are defined.
    const uint8_t output_type = (hash_type == SIGHASH_DEFAULT) ? SIGHASH_ALL : (hash_type & SIGHASH_OUTPUT_MASK);
    const uint8_t input_type = hash_type & SIGHASH_INPUT_MASK;
    if (!(hash_type <= 0x03 || (hash_type >= 0x81 && hash_type <= 0x83))) return false;
    serialize::WriteU8(ss, hash_type);

    // Transaction data.
    serialize::WriteI32(ss, tx.version);
    serialize::WriteU32(ss, tx.locktime);
    if (input_type != SIGHASH_ANYONECANPAY) {
        ss.Write(cache.prevouts_single_hash.span());
        ss.Write(cache.spent_amounts_single_hash.span());
        ss.Write(cache.spent_scripts_single_hash.span());
        ss.Write(cache.sequences_single_hash.span());
    }
    if (output_type == SIGHASH_ALL) ss.Write(cache.outputs_single_hash.span());

    // Data about this input.
    Assume(execdata.annex_init);
    const bool have_annex = execdata.annex_present;
    const uint8_t spend_type = static_cast<uint8_t>((ext_flag << 1) + (have_annex ? 1 : 0));
    serialize::WriteU8(ss, spend_type);
    if (input_type == SIGHASH_ANYONECANPAY) {
        tx.vin[in_pos].prevout.Serialize(ss);
        cache.spent_outputs[in_pos].Serialize(ss);
        serialize::WriteU32(ss, tx.vin[in_pos].sequence);
    } else {
        serialize::WriteU32(ss, in_pos);
    }
    if (have_annex) ss.Write(execdata.annex_hash.span());

    // Data about the output, if only one is signed.
    if (output_type == SIGHASH_SINGLE) {
        if (in_pos >= tx.vout.size()) return false;
        if (!execdata.output_hash) {
            serialize::Sha256Writer single;
            tx.vout[in_pos].Serialize(single);
            execdata.output_hash = single.GetHash();
        }
        ss.Write(execdata.output_hash->span());
    }

    // BIP342 additions.
    if (sigversion == SigVersion::TAPSCRIPT) {
        Assume(execdata.tapleaf_hash_init);
        ss.Write(execdata.tapleaf_hash.span());
        serialize::WriteU8(ss, key_version);
        Assume(execdata.codeseparator_pos_init);
        serialize::WriteU32(ss, execdata.codeseparator_pos);
    }

    hash_out = ss.GetHash();
    return true;
}

template bool SignatureHashSchnorr(util::Uint256&, ScriptExecutionData&, const Transaction&, uint32_t, uint8_t,
                                   SigVersion, const PrecomputedTransactionData&);
template bool SignatureHashSchnorr(util::Uint256&, ScriptExecutionData&, const MutableTransaction&, uint32_t, uint8_t,
                                   SigVersion, const PrecomputedTransactionData&);

// ------------------------------------------------------------------------------ checker

TransactionSignatureChecker::TransactionSignatureChecker(const Transaction& tx, unsigned n_in, Amount amount) :
    m_tx{tx}, m_in{n_in}, m_amount{amount}
{}

TransactionSignatureChecker::TransactionSignatureChecker(const Transaction& tx, unsigned n_in, Amount amount,
                                                         const PrecomputedTransactionData& txdata) :
    m_tx{tx},
    m_in{n_in}, m_amount{amount}, m_txdata{&txdata}
{}

bool TransactionSignatureChecker::VerifyECDSASignature(util::ByteSpan sig_der, const crypto::PubKey& pubkey,
                                                       const util::Uint256& sighash) const
{
    return pubkey.VerifyEcdsa(sighash, sig_der);
}

bool TransactionSignatureChecker::VerifySchnorrSignature(util::ByteSpan sig64, const crypto::XOnlyPubKey& pubkey,
                                                         const util::Uint256& sighash) const
{
    return pubkey.VerifySchnorr(sighash, sig64);
}

bool TransactionSignatureChecker::CheckECDSASignature(util::ByteSpan sig, util::ByteSpan pubkey_bytes,
                                                      util::ByteSpan script_code, SigVersion sigversion) const
{
    const crypto::PubKey pubkey{pubkey_bytes};
    if (!pubkey.IsValid()) return false;

    // The hash type is the last byte of the signature.
    if (sig.empty()) return false;
    const int hash_type = sig.back();
    const util::ByteSpan der = sig.first(sig.size() - 1);

    // Witness signature hashes commit to the amount; without it the check cannot be done.
    if (sigversion == SigVersion::WITNESS_V0 && m_amount < 0) return false;

    const util::Uint256 sighash = SignatureHash(script_code, m_tx, m_in, hash_type, m_amount, sigversion, m_txdata);
    return VerifyECDSASignature(der, pubkey, sighash);
}

bool TransactionSignatureChecker::CheckSchnorrSignature(util::ByteSpan sig, util::ByteSpan pubkey_bytes,
                                                        SigVersion sigversion, ScriptExecutionData& execdata,
                                                        ScriptError* error) const
{
    Assume(sigversion == SigVersion::TAPROOT || sigversion == SigVersion::TAPSCRIPT);
    Assume(pubkey_bytes.size() == 32);
    // BIP340/341: 64 bytes, or 65 with an explicit hash type (which must then not be SIGHASH_DEFAULT).
    // (Empty tapscript signatures never get here; see EvalChecksigTapscript.)
    if (sig.size() != 64 && sig.size() != 65) {
        if (error) *error = ScriptError::SCHNORR_SIG_SIZE;
        return false;
    }
    const crypto::XOnlyPubKey pubkey{util::Uint256{pubkey_bytes}};
    uint8_t hash_type = SIGHASH_DEFAULT;
    if (sig.size() == 65) {
        hash_type = sig.back();
        sig = sig.first(64);
        if (hash_type == SIGHASH_DEFAULT) {
            if (error) *error = ScriptError::SCHNORR_SIG_HASHTYPE;
            return false;
        }
    }
    // Missing precomputed data: fail (Core's MissingDataBehavior::FAIL, error left as it was).
    if (!m_txdata) return false;
    util::Uint256 sighash;
    if (!SignatureHashSchnorr(sighash, execdata, m_tx, m_in, hash_type, sigversion, *m_txdata)) {
        if (error) *error = ScriptError::SCHNORR_SIG_HASHTYPE;
        return false;
    }
    if (!VerifySchnorrSignature(sig, pubkey, sighash)) {
        if (error) *error = ScriptError::SCHNORR_SIG;
        return false;
    }
    return true;
}

bool TransactionSignatureChecker::CheckLockTime(const ScriptNum& lock_time) const
{
    // BIP65. Heights and times (split at LOCKTIME_THRESHOLD) are not comparable: the operand must be the
    // same kind as the transaction's nLockTime.
    const int64_t tx_lock_time = m_tx.locktime;
    const int64_t n = lock_time.value();
    if (!((tx_lock_time < LOCKTIME_THRESHOLD && n < LOCKTIME_THRESHOLD) ||
          (tx_lock_time >= LOCKTIME_THRESHOLD && n >= LOCKTIME_THRESHOLD))) {
        return false;
    }
    if (n > tx_lock_time) return false;
    // A final input would let the transaction ignore nLockTime (IsFinalTx), bypassing the check.
    if (m_tx.vin[m_in].sequence == TxIn::SEQUENCE_FINAL) return false;
    return true;
}

bool TransactionSignatureChecker::CheckSequence(const ScriptNum& sequence) const
{
    // BIP112: compare with this input's nSequence as BIP68 interprets it.
    const int64_t tx_sequence = m_tx.vin[m_in].sequence;

    // BIP68 applies only from version 2, compared unsigned as Core (the version is a uint32 there).
    if (static_cast<uint32_t>(m_tx.version) < 2) return false;

    // An input with the disable flag has no relative lock time to satisfy the operand.
    if (tx_sequence & TxIn::SEQUENCE_LOCKTIME_DISABLE_FLAG) return false;

    // Only the type flag and the value bits have consensus meaning.
    const uint32_t mask = TxIn::SEQUENCE_LOCKTIME_TYPE_FLAG | TxIn::SEQUENCE_LOCKTIME_MASK;
    const int64_t tx_masked = tx_sequence & mask;
    const int64_t n_masked = sequence.value() & mask;

    // Block-based and time-based values are not comparable.
    if (!((tx_masked < TxIn::SEQUENCE_LOCKTIME_TYPE_FLAG && n_masked < TxIn::SEQUENCE_LOCKTIME_TYPE_FLAG) ||
          (tx_masked >= TxIn::SEQUENCE_LOCKTIME_TYPE_FLAG && n_masked >= TxIn::SEQUENCE_LOCKTIME_TYPE_FLAG))) {
        return false;
    }
    if (n_masked > tx_masked) return false;
    return true;
}

// ------------------------------------------------------------------------------ one-call verification

ScriptError VerifyInput(const Transaction& tx, std::span<const TxOut> spent_outputs, size_t index, ScriptFlags flags,
                        const PrecomputedTransactionData* txdata)
{
    if (index >= tx.vin.size() || spent_outputs.size() != tx.vin.size() || !IsValidFlagCombination(flags)) {
        return ScriptError::UNKNOWN_ERROR;
    }
    PrecomputedTransactionData local;
    if (!txdata) {
        local.Init(tx, std::vector<TxOut>(spent_outputs.begin(), spent_outputs.end()));
        txdata = &local;
    }
    const TxIn& in = tx.vin[index];
    const TransactionSignatureChecker checker{tx, static_cast<unsigned>(index), spent_outputs[index].value, *txdata};
    ScriptError error = ScriptError::UNKNOWN_ERROR;
    VerifyScript(in.script_sig, spent_outputs[index].script_pubkey, &in.witness, flags, checker, &error);
    return error;
}

} // namespace hearth::script
