#ifndef HEARTH_TESTS_UNIT_SCRIPT_SCRIPT_TEST_UTIL_H
#define HEARTH_TESTS_UNIT_SCRIPT_SCRIPT_TEST_UTIL_H

// Helpers shared by the script layer's tests: Core's crediting/spending test transactions, JSON amount
// parsing, and a small deterministic RNG for flag fuzzing.

#include <hearth/primitives/transaction.h>
#include <hearth/script/script.h>
#include <hearth/util/hex.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <string>

namespace hearth::script::test {

/// Core's BuildCreditingTransaction: version 1, one coinbase-like input (scriptSig 0x00 0x00), one output.
inline primitives::MutableTransaction BuildCreditingTransaction(const ScriptBytes& script_pubkey,
                                                                primitives::Amount value)
{
    primitives::MutableTransaction tx;
    tx.version = 1;
    tx.locktime = 0;
    primitives::TxIn in;
    in.prevout = primitives::OutPoint{};
    in.script_sig = {0x00, 0x00};
    in.sequence = primitives::TxIn::SEQUENCE_FINAL;
    tx.vin.push_back(in);
    tx.vout.push_back(primitives::TxOut{value, script_pubkey});
    return tx;
}

/// Core's BuildSpendingTransaction: version 1, spends output 0 of `credit` with the given scriptSig and
/// witness, one output of the same value with an empty script.
inline primitives::MutableTransaction BuildSpendingTransaction(const ScriptBytes& script_sig,
                                                               const primitives::Witness& witness,
                                                               const primitives::MutableTransaction& credit)
{
    primitives::MutableTransaction tx;
    tx.version = 1;
    tx.locktime = 0;
    primitives::TxIn in;
    in.prevout.hash = credit.ComputeTxid();
    in.prevout.n = 0;
    in.script_sig = script_sig;
    in.witness = witness;
    in.sequence = primitives::TxIn::SEQUENCE_FINAL;
    tx.vin.push_back(in);
    tx.vout.push_back(primitives::TxOut{credit.vout[0].value, {}});
    return tx;
}

/// A JSON amount in BTC (a number such as 0.00000001) in satoshis.
inline primitives::Amount AmountFromJson(const nlohmann::json& v)
{
    return static_cast<primitives::Amount>(std::llround(v.get<double>() * 1e8));
}

/// xorshift64*: deterministic, so a failing run can be reproduced.
class TestRng
{
public:
    explicit TestRng(uint64_t seed) : m_state{seed ? seed : 1} {}
    uint64_t Next()
    {
        m_state ^= m_state >> 12;
        m_state ^= m_state << 25;
        m_state ^= m_state >> 27;
        return m_state * 0x2545F4914F6CDD1DULL;
    }
    uint32_t Bits(int n) { return static_cast<uint32_t>(Next() >> (64 - n)); }

private:
    uint64_t m_state;
};

} // namespace hearth::script::test

#endif // HEARTH_TESTS_UNIT_SCRIPT_SCRIPT_TEST_UTIL_H
