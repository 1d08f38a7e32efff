// Core's tx_valid.json and tx_invalid.json with Core's rules (transaction_tests.cpp):
//  - tx_valid: the third field lists flags to EXCLUDE. The tx passes with all other flags, still passes
//    with any one more flag removed (and random subsets removed), and fails when any excluded flag is
//    added back.
//  - tx_invalid: the third field lists flags the tx FAILS under (or BADTX: it fails CheckTransaction). It
//    still fails with any flag added, and passes with any one listed flag removed.

#include <hearth/primitives/transaction.h>
#include <hearth/script/sighash.h>
#include <hearth/script/standard.h>

#include "script_test_util.h"
#include "testutil/vectors.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace hearth::script {
namespace {

using primitives::Amount;
using primitives::OutPoint;
using primitives::Transaction;
using primitives::TransactionRef;

/// Context-free transaction checks (Core's CheckTransaction). The consensus layer has the real one; the
/// script layer's tests may not depend on it, so this mirrors its rules (and says which failed).
std::string CheckTransactionReason(const Transaction& tx)
{
    if (tx.vin.empty()) return "bad-txns-vin-empty";
    if (tx.vout.empty()) return "bad-txns-vout-empty";
    if (primitives::GetStrippedSize(tx) * 4 > 4'000'000) return "bad-txns-oversize";
    Amount total = 0;
    for (const primitives::TxOut& out : tx.vout) {
        if (out.value < 0) return "bad-txns-vout-negative";
        if (out.value > primitives::MAX_MONEY) return "bad-txns-vout-toolarge";
        total += out.value;
        if (!primitives::MoneyRange(total)) return "bad-txns-txouttotal-toolarge";
    }
    std::set<OutPoint> seen;
    for (const primitives::TxIn& in : tx.vin) {
        if (!seen.insert(in.prevout).second) return "bad-txns-inputs-duplicate";
    }
    if (tx.IsCoinBase()) {
        if (tx.vin[0].script_sig.size() < 2 || tx.vin[0].script_sig.size() > 100) return "bad-cb-length";
    } else {
        for (const primitives::TxIn& in : tx.vin) {
            if (in.prevout.IsNull()) return "bad-txns-prevout-null";
        }
    }
    return "";
}

struct Prevouts {
    std::map<OutPoint, ScriptBytes> scripts;
    std::map<OutPoint, Amount> amounts;
};

struct TxCase {
    Prevouts prevouts;
    TransactionRef tx;
    std::string flags_text;
};

bool ParseCase(const nlohmann::json& row, TxCase& out)
{
    if (row.size() != 3 || !row[1].is_string() || !row[2].is_string()) return false;
    for (const nlohmann::json& input : row[0]) {
        if (!input.is_array() || input.size() < 3 || input.size() > 4) return false;
        const auto txid = util::Uint256::FromHex(input[0].get<std::string>());
        if (!txid) return false;
        const OutPoint outpoint{*txid, static_cast<uint32_t>(input[1].get<int64_t>())};
        auto script = ParseScript(input[2].get<std::string>());
        if (!script) {
            ADD_FAILURE() << script.error();
            return false;
        }
        out.prevouts.scripts[outpoint] = *script;
        if (input.size() == 4) out.prevouts.amounts[outpoint] = input[3].get<Amount>();
    }
    const auto bytes = util::ParseHex(row[1].get<std::string>());
    if (!bytes) return false;
    auto tx = primitives::DecodeTransaction(*bytes);
    if (!tx) {
        ADD_FAILURE() << tx.error();
        return false;
    }
    out.tx = *tx;
    out.flags_text = row[2].get<std::string>();
    return true;
}

/// Core's CheckTxScripts: every input must pass (expect_valid), or some input must fail (scanning stops at
/// the first failure).
bool TxScriptsValid(const TxCase& c, ScriptFlags flags, const PrecomputedTransactionData& txdata,
                    std::string* failure = nullptr)
{
    const Transaction& tx = *c.tx;
    for (unsigned i = 0; i < tx.vin.size(); ++i) {
        const primitives::TxIn& in = tx.vin[i];
        const auto script = c.prevouts.scripts.find(in.prevout);
        if (script == c.prevouts.scripts.end()) {
            ADD_FAILURE() << "no prevout script for input " << i;
            return false;
        }
        const auto amount_it = c.prevouts.amounts.find(in.prevout);
        const Amount amount = amount_it == c.prevouts.amounts.end() ? 0 : amount_it->second;
        const TransactionSignatureChecker checker{tx, i, amount, txdata};
        ScriptError error = ScriptError::UNKNOWN_ERROR;
        if (!VerifyScript(in.script_sig, script->second, &in.witness, flags, checker, &error)) {
            if (failure) *failure = "input " + std::to_string(i) + ": " + std::string{ScriptErrorName(error)};
            return false;
        }
    }
    return true;
}

// Core's TrimFlags / FillFlags: keep flag sets valid (WITNESS needs P2SH, CLEANSTACK needs WITNESS).
ScriptFlags TrimFlags(ScriptFlags flags)
{
    if (!(flags & SCRIPT_VERIFY_P2SH)) flags &= ~SCRIPT_VERIFY_WITNESS;
    if (!(flags & SCRIPT_VERIFY_WITNESS)) flags &= ~SCRIPT_VERIFY_CLEANSTACK;
    return flags;
}

ScriptFlags FillFlags(ScriptFlags flags)
{
    if (flags & SCRIPT_VERIFY_CLEANSTACK) flags |= SCRIPT_VERIFY_WITNESS;
    if (flags & SCRIPT_VERIFY_WITNESS) flags |= SCRIPT_VERIFY_P2SH;
    return flags;
}

/// Core's ExcludeIndividualFlags: `flags` minus each single named flag (trimmed), distinct, changed only.
std::set<ScriptFlags> ExcludeIndividualFlags(ScriptFlags flags)
{
    std::set<ScriptFlags> combos;
    for (int bit = 0; bit < SCRIPT_VERIFY_FLAG_BITS; ++bit) {
        const ScriptFlags without = TrimFlags(flags & ~(ScriptFlags{1} << bit));
        if (without != flags) combos.insert(without);
    }
    return combos;
}

TEST(TxVectorsTest, CoreTxValidAllRows)
{
    const nlohmann::json rows = testutil::ReadJsonVector("tx_valid.json");
    test::TestRng rng{0x7A11D};
    size_t checked = 0;
    for (size_t index = 0; index < rows.size(); ++index) {
        const nlohmann::json& row = rows[index];
        if (!row[0].is_array()) continue; // comment
        SCOPED_TRACE("tx_valid row " + std::to_string(index) + ": " + row.dump());
        TxCase c;
        ASSERT_TRUE(ParseCase(row, c)) << "bad test row";
        EXPECT_EQ(CheckTransactionReason(*c.tx), "");
        const PrecomputedTransactionData txdata{*c.tx};
        const auto excluded = ParseScriptFlags(c.flags_text);
        ASSERT_TRUE(excluded.has_value()) << excluded.error();
        const ScriptFlags verify = ~*excluded;
        // The row must name a valid combination as it is.
        EXPECT_EQ(verify, FillFlags(verify)) << "bad test flags";

        std::string why;
        EXPECT_TRUE(TxScriptsValid(c, verify, txdata, &why))
            << "fails with " << FormatScriptFlags(verify) << ": " << why;

        // Removing flags keeps it valid.
        for (int bit = 0; bit < SCRIPT_VERIFY_FLAG_BITS; ++bit) {
            const ScriptFlags flag = ScriptFlags{1} << bit;
            const ScriptFlags fewer = TrimFlags(~(*excluded | flag));
            EXPECT_TRUE(TxScriptsValid(c, fewer, txdata, &why))
                << "fails with " << ScriptFlagName(flag) << " unset: " << why;
            const ScriptFlags random = TrimFlags(~(*excluded | rng.Bits(SCRIPT_VERIFY_FLAG_BITS)));
            EXPECT_TRUE(TxScriptsValid(c, random, txdata, &why))
                << "fails with random flags " << FormatScriptFlags(random) << ": " << why;
        }
        // Flags are maximal: adding back any excluded flag makes it fail.
        for (const ScriptFlags excluded_less_one : ExcludeIndividualFlags(*excluded)) {
            EXPECT_FALSE(TxScriptsValid(c, ~excluded_less_one, txdata))
                << "too many flags excluded: still valid with " << FormatScriptFlags(*excluded & ~excluded_less_one)
                << " added back";
        }
        ++checked;
    }
    EXPECT_EQ(checked, 121u); // vectors README
}

TEST(TxVectorsTest, CoreTxInvalidAllRows)
{
    const nlohmann::json rows = testutil::ReadJsonVector("tx_invalid.json");
    test::TestRng rng{0x1DEA};
    size_t checked = 0;
    size_t badtx = 0;
    for (size_t index = 0; index < rows.size(); ++index) {
        const nlohmann::json& row = rows[index];
        if (!row[0].is_array()) continue; // comment
        SCOPED_TRACE("tx_invalid row " + std::to_string(index) + ": " + row.dump());
        TxCase c;
        ASSERT_TRUE(ParseCase(row, c)) << "bad test row";
        ++checked;
        const std::string reason = CheckTransactionReason(*c.tx);
        if (!reason.empty()) {
            EXPECT_EQ(c.flags_text, "BADTX") << "fails CheckTransaction (" << reason << ") but is not marked BADTX";
            ++badtx;
            continue;
        }
        EXPECT_NE(c.flags_text, "BADTX") << "marked BADTX but passes the context-free checks";
        if (c.flags_text == "BADTX") continue;

        const PrecomputedTransactionData txdata{*c.tx};
        const auto flags = ParseScriptFlags(c.flags_text);
        ASSERT_TRUE(flags.has_value()) << flags.error();
        EXPECT_EQ(*flags, FillFlags(*flags)) << "bad test flags";

        EXPECT_FALSE(TxScriptsValid(c, *flags, txdata)) << "passes with " << FormatScriptFlags(*flags);

        // Adding flags keeps it invalid.
        for (int bit = 0; bit < SCRIPT_VERIFY_FLAG_BITS; ++bit) {
            const ScriptFlags flag = ScriptFlags{1} << bit;
            const ScriptFlags more = FillFlags(*flags | flag);
            EXPECT_FALSE(TxScriptsValid(c, more, txdata)) << "passes with " << ScriptFlagName(flag) << " set";
            const ScriptFlags random = FillFlags(*flags | rng.Bits(SCRIPT_VERIFY_FLAG_BITS));
            EXPECT_FALSE(TxScriptsValid(c, random, txdata)) << "passes with random flags " << FormatScriptFlags(random);
        }
        // Flags are minimal: removing any one makes it pass.
        std::string why;
        for (const ScriptFlags less_one : ExcludeIndividualFlags(*flags)) {
            EXPECT_TRUE(TxScriptsValid(c, less_one, txdata, &why))
                << "too many flags: still fails with " << FormatScriptFlags(less_one) << ": " << why;
        }
    }
    EXPECT_EQ(checked, 93u); // vectors README
    EXPECT_GT(badtx, 0u);
}

} // namespace
} // namespace hearth::script
