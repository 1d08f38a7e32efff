// Runs VerifyScript on a scriptSig, scriptPubKey and witness taken from the input, under flags taken from
// the input, with a real transaction signature checker (so sighash, key parsing and taproot paths run).
// Must never crash. Also asserts invariants:
//  - the reported error agrees with the result (OK exactly when verification succeeds);
//  - soft-fork monotonicity, as Core's script_flags fuzz target: a spend valid under some flags stays
//    valid under any (valid) subset of them;
//  - the read-only helpers (asm, solver, sigop counts) accept the same bytes.
//
// Input layout (lenient, so random bytes get far): 4 bytes flags (little-endian), 4 bytes of subset mask,
// then 2-byte lengths for scriptSig and scriptPubKey (each reduced modulo what is left), the two scripts,
// and the rest as witness items, each prefixed by a 2-byte length (reduced likewise).

#include <hearth/primitives/transaction.h>
#include <hearth/script/interpreter.h>
#include <hearth/script/script.h>
#include <hearth/script/sighash.h>
#include <hearth/script/standard.h>

#include <cstdint>
#include <cstdlib>

using namespace hearth;
using namespace hearth::script;

namespace {

void Require(bool ok)
{
    if (!ok) std::abort();
}

class Input
{
public:
    Input(const uint8_t* data, size_t size) : m_data{data}, m_size{size} {}
    size_t Remaining() const { return m_size - m_pos; }
    uint32_t U32()
    {
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v |= uint32_t{Byte()} << (8 * i);
        return v;
    }
    uint16_t U16() { return static_cast<uint16_t>(Byte() | (Byte() << 8)); }
    util::Bytes Take(size_t n)
    {
        n = std::min(n, Remaining());
        util::Bytes out(m_data + m_pos, m_data + m_pos + n);
        m_pos += n;
        return out;
    }
    /// A length-prefixed chunk whose length is reduced modulo what is left.
    util::Bytes Chunk()
    {
        const uint16_t len = U16();
        return Take(Remaining() == 0 ? 0 : len % (Remaining() + 1));
    }

private:
    uint8_t Byte() { return m_pos < m_size ? m_data[m_pos++] : 0; }
    const uint8_t* m_data;
    size_t m_size;
    size_t m_pos{0};
};

/// Makes `flags` meet VerifyScript's invariants by removing what lacks its prerequisite (Core's TrimFlags).
ScriptFlags Trim(ScriptFlags flags)
{
    if (!(flags & SCRIPT_VERIFY_P2SH)) flags &= ~SCRIPT_VERIFY_WITNESS;
    if (!(flags & SCRIPT_VERIFY_WITNESS)) flags &= ~SCRIPT_VERIFY_CLEANSTACK;
    return flags;
}

bool Verify(const primitives::Transaction& tx, const PrecomputedTransactionData& txdata,
            const util::Bytes& script_pubkey, ScriptFlags flags, ScriptError& error)
{
    const TransactionSignatureChecker checker{tx, 0, 50000, txdata};
    error = ScriptError::UNKNOWN_ERROR;
    const bool ok = VerifyScript(tx.vin[0].script_sig, script_pubkey, &tx.vin[0].witness, flags, checker, &error);
    Require(ok == (error == ScriptError::OK));
    Require(!ScriptErrorName(error).empty());
    return ok;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    Input in{data, size};
    const ScriptFlags flags = Trim(in.U32());
    const ScriptFlags subset_mask = in.U32();
    util::Bytes script_sig = in.Chunk();
    util::Bytes script_pubkey = in.Chunk();
    primitives::Witness witness;
    while (in.Remaining() > 0 && witness.size() < 1100) witness.push_back(in.Chunk());

    // The spending transaction: one input carrying the scripts, one output; version 2 and a non-final
    // sequence so lock-time opcodes get past their first checks.
    primitives::MutableTransaction mtx;
    mtx.version = 2;
    mtx.locktime = 600000;
    primitives::TxIn txin;
    txin.prevout.hash[0] = 1;
    txin.prevout.n = 0;
    txin.script_sig = script_sig;
    txin.witness = witness;
    txin.sequence = 0x0000ffff;
    mtx.vin.push_back(std::move(txin));
    mtx.vout.push_back(primitives::TxOut{40000, {OP_1}});
    const primitives::Transaction tx{std::move(mtx)};
    PrecomputedTransactionData txdata;
    txdata.Init(tx, {primitives::TxOut{50000, script_pubkey}});

    ScriptError error;
    const bool ok = Verify(tx, txdata, script_pubkey, flags, error);
    if (ok) {
        // Soft-fork monotonicity: fewer rules never reject what more rules accept.
        const ScriptFlags fewer = Trim(flags & subset_mask);
        ScriptError error2;
        Require(Verify(tx, txdata, script_pubkey, fewer, error2));
    }

    // Read-only helpers on the same bytes.
    (void)ScriptToAsmStr(script_sig, true);
    (void)ScriptToAsmStr(script_pubkey, false);
    std::vector<util::Bytes> solutions;
    (void)Solver(script_pubkey, solutions);
    (void)GetSigOpCount(script_pubkey, true);
    (void)GetSigOpCount(script_pubkey, script_sig);
    (void)CountWitnessSigOps(script_sig, script_pubkey, &witness, SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS);
    return 0;
}
