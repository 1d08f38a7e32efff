// The interpreter against Core's script_tests.json (every row), plus opcode edges of our own.

#include <hearth/crypto/key.h>
#include <hearth/script/interpreter.h>
#include <hearth/script/sighash.h>
#include <hearth/script/standard.h>
#include <hearth/util/hex.h>

#include "script_test_util.h"
#include "testutil/vectors.h"

#include <gtest/gtest.h>

#include <string>

namespace hearth::script {
namespace {

using primitives::MutableTransaction;
using primitives::Transaction;
using primitives::Witness;
using testutil::Hex;

ScriptBytes Asm(const std::string& text)
{
    auto r = ParseScript(text);
    EXPECT_TRUE(r.has_value()) << text << ": " << (r ? "" : r.error());
    return r ? *r : ScriptBytes{};
}

/// Runs a spend as Core's script_tests DoTest does: the crediting/spending transaction pair, flags with
/// CLEANSTACK implying P2SH and WITNESS.
struct SpendResult {
    bool ok;
    ScriptError error;
};

SpendResult RunSpend(const ScriptBytes& script_sig, const ScriptBytes& script_pubkey, const Witness& witness,
                     ScriptFlags flags, primitives::Amount value)
{
    const MutableTransaction credit = test::BuildCreditingTransaction(script_pubkey, value);
    const Transaction spend{test::BuildSpendingTransaction(script_sig, witness, credit)};
    PrecomputedTransactionData txdata;
    txdata.Init(spend, {credit.vout[0]});
    const TransactionSignatureChecker checker{spend, 0, credit.vout[0].value, txdata};
    ScriptError error = ScriptError::UNKNOWN_ERROR;
    const bool ok = VerifyScript(script_sig, script_pubkey, &witness, flags, checker, &error);
    return {ok, error};
}

/// The tapscript placeholders of script_tests.json: internal key = x-only key of secret 1, one leaf.
struct TapscriptTree {
    util::Bytes control;
    util::Bytes output_key;
};

TapscriptTree BuildSingleLeafTree(const ScriptBytes& script)
{
    util::Bytes secret(32, 0);
    secret[31] = 1;
    const crypto::PrivKey key = crypto::PrivKey::FromBytes(secret);
    const crypto::XOnlyPubKey internal = key.GetXOnlyPubKey();
    const util::Uint256 leaf = ComputeTapleafHash(TAPROOT_LEAF_TAPSCRIPT, script);
    const auto tweaked = internal.CreateTapTweak(&leaf);
    TapscriptTree tree;
    if (!tweaked) {
        ADD_FAILURE() << "taproot tweak failed";
        return tree;
    }
    tree.control.assign(TAPROOT_CONTROL_BASE_SIZE, 0);
    tree.control[0] = static_cast<uint8_t>(TAPROOT_LEAF_TAPSCRIPT | (tweaked->second ? 1 : 0));
    std::copy(internal.span().begin(), internal.span().end(), tree.control.begin() + 1);
    tree.output_key = util::ToBytes(tweaked->first.span());
    return tree;
}

TEST(ScriptJsonTest, CoreScriptTestsAllRows)
{
    const nlohmann::json rows = testutil::ReadJsonVector("script_tests.json");
    ASSERT_TRUE(rows.is_array());
    test::TestRng rng{0x5C12197};
    size_t checked = 0;
    size_t tapscript_rows = 0;
    for (size_t index = 0; index < rows.size(); ++index) {
        const nlohmann::json& row = rows[index];
        if (row.size() < 4) continue; // comment
        size_t pos = 0;
        Witness witness;
        primitives::Amount value = 0;
        std::string taproot_output_hex;
        std::string description = "row " + std::to_string(index) + ": " + row.dump();
        SCOPED_TRACE(description);
        if (row[0].is_array()) {
            const nlohmann::json& wit = row[0];
            for (size_t i = 0; i + 1 < wit.size(); ++i) {
                const std::string element = wit[i].get<std::string>();
                if (element.starts_with("#SCRIPT#")) {
                    witness.push_back(Asm(element.substr(8)));
                } else if (element == "#CONTROLBLOCK#") {
                    ASSERT_FALSE(witness.empty());
                    const TapscriptTree tree = BuildSingleLeafTree(witness.back());
                    witness.push_back(tree.control);
                    taproot_output_hex = util::HexStr(tree.output_key);
                    ++tapscript_rows;
                } else {
                    const auto item = util::ParseHex(element);
                    ASSERT_TRUE(item.has_value()) << "witness item is not hex: " << element;
                    witness.push_back(*item);
                }
            }
            value = test::AmountFromJson(wit.back());
            pos++;
        }
        const ScriptBytes script_sig = Asm(row[pos++].get<std::string>());
        std::string spk_text = row[pos++].get<std::string>();
        if (const size_t at = spk_text.find("#TAPROOTOUTPUT#"); at != std::string::npos) {
            ASSERT_FALSE(taproot_output_hex.empty());
            spk_text.replace(at, std::string{"#TAPROOTOUTPUT#"}.size(), "0x" + taproot_output_hex);
        }
        const ScriptBytes script_pubkey = Asm(spk_text);
        auto flags = ParseScriptFlags(row[pos++].get<std::string>());
        ASSERT_TRUE(flags.has_value());
        const std::string expected_name = row[pos++].get<std::string>();
        const ScriptError expected = ParseScriptErrorName(expected_name);
        ASSERT_NE(expected, ScriptError::ERROR_COUNT) << "unknown error name " << expected_name;

        ScriptFlags f = *flags;
        if (f & SCRIPT_VERIFY_CLEANSTACK) f |= SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS;
        const bool expect_ok = expected == ScriptError::OK;
        const SpendResult r = RunSpend(script_sig, script_pubkey, witness, f, value);
        EXPECT_EQ(r.ok, expect_ok);
        EXPECT_EQ(ScriptErrorName(r.error), expected_name);

        // As Core: removing flags from a passing test or adding flags to a failing one keeps the result.
        for (int i = 0; i < 24; ++i) {
            const ScriptFlags extra = rng.Bits(SCRIPT_VERIFY_FLAG_BITS);
            const ScriptFlags combined = expect_ok ? (f & ~extra) : (f | extra);
            if (!IsValidFlagCombination(combined)) continue;
            const SpendResult r2 = RunSpend(script_sig, script_pubkey, witness, combined, value);
            EXPECT_EQ(r2.ok, expect_ok) << "with flags " << FormatScriptFlags(combined);
        }
        ++checked;
    }
    // The vectors README: 1,233 cases, five of them tapscript rows with placeholders.
    EXPECT_EQ(checked, 1233u);
    EXPECT_EQ(tapscript_rows, 5u);
}

// ------------------------------------------------------------------------------ own edge cases

/// Evaluates scriptSig/scriptPubKey (assembly) with a checker that fails signatures.
ScriptError Eval(const std::string& sig_asm, const std::string& spk_asm, ScriptFlags flags = SCRIPT_VERIFY_P2SH)
{
    const ScriptBytes sig = Asm(sig_asm);
    const ScriptBytes spk = Asm(spk_asm);
    ScriptError error = ScriptError::UNKNOWN_ERROR;
    VerifyScript(sig, spk, nullptr, flags, BaseSignatureChecker{}, &error);
    return error;
}

TEST(InterpreterTest, StackSizeLimitCountsAltstack)
{
    // 999 items + 1 on the altstack = 1000 (ok); one more push fails.
    std::string pushes;
    for (int i = 0; i < 999; ++i) pushes += "1 ";
    EXPECT_EQ(Eval(pushes, "1 TOALTSTACK FROMALTSTACK"), ScriptError::OK);
    EXPECT_EQ(Eval(pushes, "1 TOALTSTACK 1"), ScriptError::STACK_SIZE);
    // The altstack does not carry over from scriptSig to scriptPubKey.
    EXPECT_EQ(Eval("1 TOALTSTACK", "FROMALTSTACK"), ScriptError::INVALID_ALTSTACK_OPERATION);
}

TEST(InterpreterTest, OpCountLimitIncludesMultisigKeys)
{
    std::string nops;
    for (int i = 0; i < 201; ++i) nops += "NOP ";
    EXPECT_EQ(Eval("1", nops), ScriptError::OK);
    EXPECT_EQ(Eval("1", nops + "NOP"), ScriptError::OP_COUNT);
    // 181 NOPs + CHECKMULTISIG (1) + 20 keys = 202.
    std::string n181;
    for (int i = 0; i < 181; ++i) n181 += "NOP ";
    EXPECT_EQ(Eval("0 0", n181 + "0 20 CHECKMULTISIG"), ScriptError::OP_COUNT);
    EXPECT_EQ(Eval("0 0", n181.substr(4) + "0 20 CHECKMULTISIG"), ScriptError::INVALID_STACK_OPERATION);
}

TEST(InterpreterTest, PushSizeLimitAppliesInUnexecutedBranch)
{
    const std::string big = "0x4d0902 0x" + std::string(521 * 2, 'a');
    EXPECT_EQ(Eval("0", "IF " + big + " ENDIF 1"), ScriptError::PUSH_SIZE);
    const std::string ok = "0x4d0802 0x" + std::string(520 * 2, 'a');
    EXPECT_EQ(Eval("0", "IF " + ok + " ENDIF 1"), ScriptError::OK);
}

TEST(InterpreterTest, ScriptSizeLimit)
{
    // A script of exactly `size` bytes: <push> DROP units (few ops, few stack items), then OP_1.
    auto build = [](size_t size) {
        ScriptBytes s;
        size_t r = size - 1;
        while (r > 0) {
            size_t unit = std::min<size_t>(r, 504);
            if (r > unit && r - unit < 2) unit -= 2;
            if (unit >= 4) {
                const size_t d = unit - 4;
                s.push_back(OP_PUSHDATA2);
                s.push_back(static_cast<uint8_t>(d));
                s.push_back(static_cast<uint8_t>(d >> 8));
                s.insert(s.end(), d, 0xaa);
            } else {
                s.push_back(static_cast<uint8_t>(unit - 2));
                s.insert(s.end(), unit - 2, 0xaa);
            }
            s.push_back(OP_DROP);
            r -= unit;
        }
        s.push_back(OP_1);
        return s;
    };
    ScriptError error;
    const ScriptBytes max = build(MAX_SCRIPT_SIZE);
    ASSERT_EQ(max.size(), MAX_SCRIPT_SIZE);
    EXPECT_TRUE(VerifyScript({}, max, nullptr, 0, BaseSignatureChecker{}, &error)) << ScriptErrorName(error);
    const ScriptBytes over = build(MAX_SCRIPT_SIZE + 1);
    ASSERT_EQ(over.size(), MAX_SCRIPT_SIZE + 1);
    EXPECT_FALSE(VerifyScript({}, over, nullptr, 0, BaseSignatureChecker{}, &error));
    EXPECT_EQ(error, ScriptError::SCRIPT_SIZE);
}

TEST(InterpreterTest, DisabledOpcodesFailEvenUnexecuted)
{
    for (const char* op : {"CAT", "SUBSTR", "LEFT", "RIGHT", "INVERT", "AND", "OR", "XOR", "2MUL", "2DIV", "MUL", "DIV",
                           "MOD", "LSHIFT", "RSHIFT"}) {
        SCOPED_TRACE(op);
        EXPECT_EQ(Eval("0", std::string{"IF "} + op + " ENDIF 1"), ScriptError::DISABLED_OPCODE);
    }
    // VERIF/VERNOTIF are bad even unexecuted; VER and RESERVED only when executed.
    EXPECT_EQ(Eval("0", "IF VERIF ENDIF 1"), ScriptError::BAD_OPCODE);
    EXPECT_EQ(Eval("0", "IF VER RESERVED ENDIF 1"), ScriptError::OK);
    EXPECT_EQ(Eval("1", "IF VER ENDIF 1"), ScriptError::BAD_OPCODE);
}

TEST(InterpreterTest, CheckSigAddIsBadOutsideTapscript)
{
    ScriptError error;
    const ScriptBytes spk{OP_0, OP_0, OP_0, OP_CHECKSIGADD};
    EXPECT_FALSE(VerifyScript({}, spk, nullptr, 0, BaseSignatureChecker{}, &error));
    EXPECT_EQ(error, ScriptError::BAD_OPCODE);
}

TEST(InterpreterTest, MinimalDataPushRules)
{
    EXPECT_EQ(Eval("0x01 0x05", "DROP 1", SCRIPT_VERIFY_MINIMALDATA), ScriptError::MINIMALDATA);
    EXPECT_EQ(Eval("0x01 0x81", "DROP 1", SCRIPT_VERIFY_MINIMALDATA), ScriptError::MINIMALDATA);
    EXPECT_EQ(Eval("0x4c 0x01 0x10", "DROP 1", SCRIPT_VERIFY_MINIMALDATA), ScriptError::MINIMALDATA);
    EXPECT_EQ(Eval("0x01 0x11", "DROP 1", SCRIPT_VERIFY_MINIMALDATA), ScriptError::OK);
    // Unexecuted pushes are not checked.
    EXPECT_EQ(Eval("0", "IF 0x01 0x05 ENDIF 1", SCRIPT_VERIFY_MINIMALDATA), ScriptError::OK);
}

TEST(InterpreterTest, LockTimeOperandsAreFiveBytes)
{
    // A checker that accepts any lock time, to see the operand rules alone.
    struct AcceptLocks : BaseSignatureChecker {
        bool CheckLockTime(const ScriptNum&) const override { return true; }
        bool CheckSequence(const ScriptNum&) const override { return true; }
    } checker;
    auto run = [&](const std::string& spk) {
        ScriptError error;
        VerifyScript({}, Asm(spk), nullptr,
                     SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY | SCRIPT_VERIFY_CHECKSEQUENCEVERIFY | SCRIPT_VERIFY_MINIMALDATA,
                     checker, &error);
        return error;
    };
    EXPECT_EQ(run("0x05 0xffffffff7f CHECKLOCKTIMEVERIFY"), ScriptError::OK);
    EXPECT_EQ(run("0x06 0xffffffffff00 CHECKLOCKTIMEVERIFY"), ScriptError::SCRIPTNUM);
    EXPECT_EQ(run("-1 CHECKLOCKTIMEVERIFY"), ScriptError::NEGATIVE_LOCKTIME);
    EXPECT_EQ(run("0x02 0x0100 CHECKSEQUENCEVERIFY"), ScriptError::SCRIPTNUM); // not minimal
    EXPECT_EQ(run("CHECKSEQUENCEVERIFY"), ScriptError::INVALID_STACK_OPERATION);
    // The disable flag makes CSV a NOP, even with a failing checker.
    ScriptError error;
    EXPECT_TRUE(VerifyScript({}, Asm("0x05 0x0000008000 CHECKSEQUENCEVERIFY"), nullptr,
                             SCRIPT_VERIFY_CHECKSEQUENCEVERIFY, BaseSignatureChecker{}, &error))
        << ScriptErrorName(error);
}

TEST(InterpreterTest, UpgradableNopsAreDiscouragedOnlyByPolicy)
{
    for (const char* nop : {"NOP1", "NOP4", "NOP5", "NOP6", "NOP7", "NOP8", "NOP9", "NOP10"}) {
        SCOPED_TRACE(nop);
        EXPECT_EQ(Eval("1", nop), ScriptError::OK);
        EXPECT_EQ(Eval("1", nop, SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS), ScriptError::DISCOURAGE_UPGRADABLE_NOPS);
        // Not executed: not discouraged.
        EXPECT_EQ(Eval("0", std::string{"IF "} + nop + " ENDIF 1", SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS),
                  ScriptError::OK);
    }
    // CLTV/CSV without their flags are NOPs too, and then discouraged.
    EXPECT_EQ(Eval("1", "CHECKLOCKTIMEVERIFY"), ScriptError::OK);
}

TEST(InterpreterTest, ConditionalNesting)
{
    EXPECT_EQ(Eval("1", "IF 0 IF RETURN ELSE 1 ENDIF ENDIF"), ScriptError::OK);
    EXPECT_EQ(Eval("0", "IF 1 IF RETURN ENDIF ELSE 1 ENDIF"), ScriptError::OK);
    EXPECT_EQ(Eval("1", "IF ELSE ELSE ELSE RETURN ENDIF 1"), ScriptError::OK); // multiple ELSE toggles
    EXPECT_EQ(Eval("1", "IF 1"), ScriptError::UNBALANCED_CONDITIONAL);
    EXPECT_EQ(Eval("1", "ENDIF 1"), ScriptError::UNBALANCED_CONDITIONAL);
    EXPECT_EQ(Eval("", "IF 1 ENDIF"), ScriptError::INVALID_STACK_OPERATION); // as newest Core
    // The scriptSig cannot leave an IF open for the scriptPubKey.
    EXPECT_EQ(Eval("1 IF", "1 ENDIF"), ScriptError::UNBALANCED_CONDITIONAL);
}

TEST(InterpreterTest, ArithmeticResultsMayOverflowButNotBeReused)
{
    // 2^31-1 + 2^31-1 is a valid 5-byte result; using it as an operand fails.
    EXPECT_EQ(Eval("2147483647 DUP ADD", "0x05 0xfeffffff00 EQUAL"), ScriptError::OK);
    EXPECT_EQ(Eval("2147483647 DUP ADD", "1ADD DROP 1"), ScriptError::SCRIPTNUM);
    EXPECT_EQ(Eval("-2147483647 DUP ADD", "0x05 0xfeffffff80 EQUAL"), ScriptError::OK);
    EXPECT_EQ(Eval("1 2 3", "WITHIN NOT"), ScriptError::OK);
    EXPECT_EQ(Eval("2 1 3", "WITHIN"), ScriptError::OK);
    EXPECT_EQ(Eval("3 1 3", "WITHIN NOT"), ScriptError::OK);
}

TEST(InterpreterTest, PickRollBounds)
{
    EXPECT_EQ(Eval("1 2 3 2", "PICK 1 EQUALVERIFY 2DROP DROP 1"), ScriptError::OK);
    EXPECT_EQ(Eval("1 2 3 2", "ROLL 1 EQUALVERIFY 3 EQUALVERIFY 2 EQUAL"), ScriptError::OK);
    EXPECT_EQ(Eval("1 2 3", "PICK"), ScriptError::INVALID_STACK_OPERATION);
    EXPECT_EQ(Eval("1 -1", "PICK"), ScriptError::INVALID_STACK_OPERATION);
}

TEST(InterpreterTest, WitnessCleanStackAndUnexpectedWitness)
{
    const ScriptFlags flags = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS;
    // P2WSH of "1": witness {script}. Two extra items break the implicit clean stack.
    const ScriptBytes witness_script{OP_1};
    ScriptBytes spk{OP_0};
    PushData(spk, crypto::Sha256Hash(witness_script).span());
    auto run = [&](const Witness& w, const ScriptBytes& sig, const ScriptBytes& pk) {
        ScriptError error;
        VerifyScript(sig, pk, &w, flags, BaseSignatureChecker{}, &error);
        return error;
    };
    EXPECT_EQ(run({witness_script}, {}, spk), ScriptError::OK);
    EXPECT_EQ(run({{0x01}, witness_script}, {}, spk), ScriptError::CLEANSTACK);
    EXPECT_EQ(run({}, {}, spk), ScriptError::WITNESS_PROGRAM_WITNESS_EMPTY);
    EXPECT_EQ(run({{0x02}}, {}, spk), ScriptError::WITNESS_PROGRAM_MISMATCH);
    EXPECT_EQ(run({witness_script}, {OP_1}, spk), ScriptError::WITNESS_MALLEATED);
    // A witness on a non-witness spend.
    EXPECT_EQ(run({{0x01}}, {}, {OP_1}), ScriptError::WITNESS_UNEXPECTED);
    // Wrong v0 program length.
    EXPECT_EQ(run({{0x01}}, {}, Hex("0015" + std::string(42, '1'))), ScriptError::WITNESS_PROGRAM_WRONG_LENGTH);
    // Witness items above 520 bytes.
    EXPECT_EQ(run({util::Bytes(521, 1), {OP_DROP, OP_1}}, {},
                  [&] {
                      ScriptBytes s{OP_0};
                      PushData(s, crypto::Sha256Hash(util::Bytes{OP_DROP, OP_1}).span());
                      return s;
                  }()),
              ScriptError::PUSH_SIZE);
}

TEST(InterpreterTest, UnknownWitnessVersionsAndAnchors)
{
    const ScriptFlags flags = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS;
    auto run = [&](const ScriptBytes& spk, ScriptFlags f) {
        ScriptError error;
        const Witness w;
        VerifyScript({}, spk, &w, f, BaseSignatureChecker{}, &error);
        return error;
    };
    const ScriptBytes v2 = Hex("5202abcd");
    EXPECT_EQ(run(v2, flags), ScriptError::OK);
    EXPECT_EQ(run(v2, flags | SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM),
              ScriptError::DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM);
    // Pay-to-anchor is never discouraged.
    EXPECT_EQ(run(Hex("51024e73"), flags | SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM), ScriptError::OK);
    // A taproot output without TAPROOT is unencumbered (pre-activation), with it needs a witness.
    const ScriptBytes p2tr = Hex("5120" + std::string(64, '1'));
    EXPECT_EQ(run(p2tr, flags), ScriptError::OK);
    EXPECT_EQ(run(p2tr, flags | SCRIPT_VERIFY_TAPROOT), ScriptError::WITNESS_PROGRAM_WITNESS_EMPTY);
}

TEST(InterpreterTest, CastToBoolNegativeZero)
{
    EXPECT_FALSE(CastToBool(util::Bytes{}));
    EXPECT_FALSE(CastToBool(util::Bytes{0x00, 0x00}));
    EXPECT_FALSE(CastToBool(util::Bytes{0x00, 0x80}));
    EXPECT_TRUE(CastToBool(util::Bytes{0x80, 0x00}));
    EXPECT_TRUE(CastToBool(util::Bytes{0x01}));
}

TEST(InterpreterTest, InvalidFlagCombinationsAreRejectedNotRun)
{
    EXPECT_FALSE(IsValidFlagCombination(SCRIPT_VERIFY_WITNESS));
    EXPECT_FALSE(IsValidFlagCombination(SCRIPT_VERIFY_CLEANSTACK | SCRIPT_VERIFY_P2SH));
    EXPECT_TRUE(IsValidFlagCombination(SCRIPT_VERIFY_CLEANSTACK | SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS));
    EXPECT_TRUE(IsValidFlagCombination(STANDARD_SCRIPT_VERIFY_FLAGS));
}

} // namespace
} // namespace hearth::script
