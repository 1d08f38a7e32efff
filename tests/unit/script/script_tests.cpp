// Opcodes, operation iteration, push builders, script numbers, templates and sigop counting.

#include <hearth/script/script.h>
#include <hearth/script/script_error.h>
#include <hearth/script/verify_flags.h>
#include <hearth/util/hex.h>

#include "testutil/vectors.h"

#include <gtest/gtest.h>

#include <limits>

namespace hearth::script {
namespace {

using testutil::Hex;

std::string HexOf(util::ByteSpan b) { return util::HexStr(b); }

TEST(ScriptTest, OpNamesMatchCore)
{
    EXPECT_EQ(GetOpName(OP_0), "0");
    EXPECT_EQ(GetOpName(OP_1NEGATE), "-1");
    EXPECT_EQ(GetOpName(OP_1), "1");
    EXPECT_EQ(GetOpName(OP_16), "16");
    EXPECT_EQ(GetOpName(OP_PUSHDATA2), "OP_PUSHDATA2");
    EXPECT_EQ(GetOpName(OP_NOP2), "OP_CHECKLOCKTIMEVERIFY");
    EXPECT_EQ(GetOpName(OP_NOP3), "OP_CHECKSEQUENCEVERIFY");
    EXPECT_EQ(GetOpName(OP_CHECKSIGADD), "OP_CHECKSIGADD");
    EXPECT_EQ(GetOpName(OP_INVALIDOPCODE), "OP_INVALIDOPCODE");
    EXPECT_EQ(GetOpName(static_cast<Opcode>(0xbb)), "OP_UNKNOWN");
    EXPECT_EQ(GetOpName(static_cast<Opcode>(0x05)), "OP_UNKNOWN"); // direct push bytes have no name
}

TEST(ScriptTest, GetScriptOpDecodesAllPushForms)
{
    const util::Bytes s = Hex("00"
                              "03aabbcc"
                              "4c02dddd"
                              "4d0100ee"
                              "4e01000000ff"
                              "76");
    size_t pos = 0;
    Opcode op;
    util::ByteSpan data;
    ASSERT_TRUE(GetScriptOp(s, pos, op, &data));
    EXPECT_EQ(op, OP_0);
    EXPECT_TRUE(data.empty());
    ASSERT_TRUE(GetScriptOp(s, pos, op, &data));
    EXPECT_EQ(op, 3);
    EXPECT_EQ(HexOf(data), "aabbcc");
    ASSERT_TRUE(GetScriptOp(s, pos, op, &data));
    EXPECT_EQ(op, OP_PUSHDATA1);
    EXPECT_EQ(HexOf(data), "dddd");
    ASSERT_TRUE(GetScriptOp(s, pos, op, &data));
    EXPECT_EQ(op, OP_PUSHDATA2);
    EXPECT_EQ(HexOf(data), "ee");
    ASSERT_TRUE(GetScriptOp(s, pos, op, &data));
    EXPECT_EQ(op, OP_PUSHDATA4);
    EXPECT_EQ(HexOf(data), "ff");
    ASSERT_TRUE(GetScriptOp(s, pos, op, &data));
    EXPECT_EQ(op, OP_DUP);
    EXPECT_TRUE(data.empty());
    EXPECT_FALSE(GetScriptOp(s, pos, op, &data));
    EXPECT_EQ(op, OP_INVALIDOPCODE);
}

TEST(ScriptTest, GetScriptOpRejectsTruncatedPushes)
{
    for (const char* hex : {"01", "4c", "4c01", "4d01", "4d0100", "4e010000", "4e01000000", "05aabbccdd"}) {
        SCOPED_TRACE(hex);
        const util::Bytes s = Hex(hex);
        size_t pos = 0;
        Opcode op;
        EXPECT_FALSE(GetScriptOp(s, pos, op));
        EXPECT_EQ(op, OP_INVALIDOPCODE);
    }
}

TEST(ScriptTest, ScriptOpsIteratesAndReportsMalformedTail)
{
    const util::Bytes good = Hex("76a914"
                                 "0000000000000000000000000000000000000000"
                                 "88ac");
    ScriptOps ops{good};
    std::vector<Opcode> seen;
    for (const ScriptOp& op : ops) seen.push_back(op.opcode);
    EXPECT_TRUE(ops.ok());
    EXPECT_EQ(seen, (std::vector<Opcode>{OP_DUP, OP_HASH160, static_cast<Opcode>(20), OP_EQUALVERIFY, OP_CHECKSIG}));

    const util::Bytes bad = Hex("7602aa");
    ScriptOps bad_ops{bad};
    size_t n = 0;
    for ([[maybe_unused]] const ScriptOp& op : bad_ops) ++n;
    EXPECT_EQ(n, 1u);
    EXPECT_FALSE(bad_ops.ok());
}

TEST(ScriptTest, PushIntUsesSmallestForm)
{
    auto enc = [](int64_t n) {
        ScriptBytes s;
        PushInt(s, n);
        return util::HexStr(s);
    };
    EXPECT_EQ(enc(0), "00");
    EXPECT_EQ(enc(-1), "4f");
    EXPECT_EQ(enc(1), "51");
    EXPECT_EQ(enc(16), "60");
    EXPECT_EQ(enc(17), "0111");
    EXPECT_EQ(enc(-2), "0182");
    EXPECT_EQ(enc(127), "017f");
    EXPECT_EQ(enc(128), "028000");
    EXPECT_EQ(enc(255), "02ff00");
    EXPECT_EQ(enc(-255), "02ff80");
    EXPECT_EQ(enc(0x7fffffff), "04ffffff7f");
    EXPECT_EQ(enc(0x80000000LL), "050000008000");
    EXPECT_EQ(enc(std::numeric_limits<int64_t>::min()), "09000000000000008080");
}

TEST(ScriptTest, PushDataPicksPushOpcodeByLength)
{
    auto head = [](size_t n) {
        ScriptBytes s;
        PushData(s, util::Bytes(n, 0xab));
        EXPECT_EQ(s.size() - n, n < 76 ? 1u : n <= 255 ? 2u : n <= 65535 ? 3u : 5u);
        return util::HexStr(util::ByteSpan{s}.first(s.size() - n));
    };
    EXPECT_EQ(head(0), "00");
    EXPECT_EQ(head(1), "01");
    EXPECT_EQ(head(75), "4b");
    EXPECT_EQ(head(76), "4c4c");
    EXPECT_EQ(head(255), "4cff");
    EXPECT_EQ(head(256), "4d0001");
    EXPECT_EQ(head(65535), "4dffff");
    EXPECT_EQ(head(65536), "4e00000100");
}

TEST(ScriptTest, BuilderComposesScripts)
{
    const util::Bytes hash(20, 0x11);
    const Script s = Script{} << OP_DUP << OP_HASH160 << hash << OP_EQUALVERIFY << OP_CHECKSIG;
    EXPECT_EQ(util::HexStr(s.bytes()), "76a914" + std::string(40, '1') + "88ac");
    EXPECT_EQ(util::HexStr((Script{} << 5 << -1 << 1000).bytes()), "554f02e803");
}

TEST(ScriptNumTest, RoundTripsAndMinimalEncoding)
{
    for (int64_t v :
         {0LL, 1LL, -1LL, 127LL, 128LL, -128LL, 255LL, -255LL, 32767LL, 32768LL, 0x7fffffffLL, -0x7fffffffLL}) {
        SCOPED_TRACE(v);
        const util::Bytes b = ScriptNum::Serialize(v);
        EXPECT_TRUE(ScriptNum::IsMinimallyEncoded(b));
        auto n = ScriptNum::Decode(b, true);
        ASSERT_TRUE(n.has_value());
        EXPECT_EQ(n->value(), v);
    }
    // Non-minimal: trailing zero, negative zero.
    for (const char* hex : {"00", "80", "0000", "0080", "050000", "ff7f80"}) {
        SCOPED_TRACE(hex);
        const util::Bytes b = Hex(hex);
        EXPECT_FALSE(ScriptNum::IsMinimallyEncoded(b));
        EXPECT_FALSE(ScriptNum::Decode(b, true).has_value());
        EXPECT_TRUE(ScriptNum::Decode(b, false).has_value());
    }
    EXPECT_EQ(ScriptNum::Decode(Hex("80"), false)->value(), 0);
    EXPECT_EQ(ScriptNum::Decode(Hex("0080"), false)->value(), 0);
    EXPECT_EQ(ScriptNum::Decode(Hex("ff80"), true)->value(), -255);
    // Size limits: 4 bytes by default, 5 for lock times.
    EXPECT_FALSE(ScriptNum::Decode(Hex("0000008000"), false).has_value());
    EXPECT_EQ(ScriptNum::Decode(Hex("0000008000"), false, 5)->value(), 0x80000000LL);
    EXPECT_EQ(ScriptNum::Decode(Hex("ffffffff"), true)->value(), -0x7fffffffLL);
}

TEST(ScriptNumTest, GetIntClamps)
{
    EXPECT_EQ(ScriptNum{1LL << 40}.GetInt(), std::numeric_limits<int32_t>::max());
    EXPECT_EQ(ScriptNum{-(1LL << 40)}.GetInt(), std::numeric_limits<int32_t>::min());
    EXPECT_EQ(ScriptNum{-5}.GetInt(), -5);
}

TEST(ScriptTest, TemplateChecks)
{
    EXPECT_TRUE(IsPayToScriptHash(Hex("a914" + std::string(40, '0') + "87")));
    EXPECT_FALSE(IsPayToScriptHash(Hex("a914" + std::string(40, '0') + "88")));
    // A PUSHDATA1 form of the same push is not P2SH.
    EXPECT_FALSE(IsPayToScriptHash(Hex("a94c14" + std::string(40, '0') + "87")));
    EXPECT_TRUE(IsPayToPubKeyHash(Hex("76a914" + std::string(40, '0') + "88ac")));
    EXPECT_FALSE(IsPayToPubKeyHash(Hex("76a914" + std::string(40, '0') + "87ac")));   // OP_EQUAL
    EXPECT_FALSE(IsPayToPubKeyHash(Hex("76a913" + std::string(38, '0') + "88ac")));   // 19-byte hash
    EXPECT_FALSE(IsPayToPubKeyHash(Hex("76a914" + std::string(40, '0') + "88acac"))); // trailing byte

    int version = -1;
    util::ByteSpan program;
    const util::Bytes p2wpkh = Hex("0014" + std::string(40, '1'));
    ASSERT_TRUE(IsWitnessProgram(p2wpkh, version, program));
    EXPECT_EQ(version, 0);
    EXPECT_EQ(program.size(), 20u);
    const util::Bytes v16 = Hex("6002abcd");
    ASSERT_TRUE(IsWitnessProgram(v16, version, program));
    EXPECT_EQ(version, 16);
    EXPECT_FALSE(IsWitnessProgram(Hex("0001ab"), version, program));                      // too short
    EXPECT_FALSE(IsWitnessProgram(Hex("4f02abcd"), version, program));                    // OP_1NEGATE
    EXPECT_FALSE(IsWitnessProgram(Hex("0029" + std::string(82, '0')), version, program)); // 41-byte program
    EXPECT_TRUE(IsWitnessProgram(Hex("0028" + std::string(80, '0')), version, program));  // 40 bytes
    EXPECT_TRUE(IsPayToWitnessScriptHash(Hex("0020" + std::string(64, '0'))));
    EXPECT_TRUE(IsPayToAnchor(Hex("51024e73")));

    EXPECT_TRUE(IsPushOnly(Hex("00"
                               "4f"
                               "50"
                               "60"
                               "02abcd")));
    EXPECT_FALSE(IsPushOnly(Hex("0061")));
    EXPECT_FALSE(IsPushOnly(Hex("02ab")));
    EXPECT_TRUE(IsUnspendable(Hex("6a")));
    EXPECT_TRUE(IsUnspendable(util::Bytes(MAX_SCRIPT_SIZE + 1, 0x51)));
    EXPECT_FALSE(IsUnspendable(util::Bytes(MAX_SCRIPT_SIZE, 0x51)));
    EXPECT_FALSE(HasValidOps(Hex("ba")));
    EXPECT_TRUE(HasValidOps(Hex("b9")));
}

TEST(ScriptTest, CheckMinimalPushRules)
{
    EXPECT_TRUE(CheckMinimalPush({}, OP_0));
    EXPECT_FALSE(CheckMinimalPush({}, OP_PUSHDATA1));
    const util::Bytes five = Hex("05");
    EXPECT_FALSE(CheckMinimalPush(five, static_cast<Opcode>(1)));
    const util::Bytes neg1 = Hex("81");
    EXPECT_FALSE(CheckMinimalPush(neg1, static_cast<Opcode>(1)));
    const util::Bytes b = Hex("aa");
    EXPECT_TRUE(CheckMinimalPush(b, static_cast<Opcode>(1)));
    EXPECT_FALSE(CheckMinimalPush(b, OP_PUSHDATA1));
    const util::Bytes b76(76, 1);
    EXPECT_TRUE(CheckMinimalPush(b76, OP_PUSHDATA1));
    EXPECT_FALSE(CheckMinimalPush(b76, OP_PUSHDATA2));
    const util::Bytes b256(256, 1);
    EXPECT_TRUE(CheckMinimalPush(b256, OP_PUSHDATA2));
    EXPECT_FALSE(CheckMinimalPush(b256, OP_PUSHDATA4));
}

TEST(ScriptTest, OpSuccessSetIsBip342)
{
    int count = 0;
    for (int i = 0; i < 256; ++i) count += IsOpSuccess(static_cast<Opcode>(i));
    EXPECT_EQ(count, 1 + 1 + 4 + 4 + 2 + 2 + 5 + 68);
    EXPECT_TRUE(IsOpSuccess(OP_RESERVED));
    EXPECT_TRUE(IsOpSuccess(OP_CAT));
    EXPECT_FALSE(IsOpSuccess(OP_CHECKSIGADD));
    EXPECT_FALSE(IsOpSuccess(OP_INVALIDOPCODE));
    EXPECT_FALSE(IsOpSuccess(OP_NOP10));
}

TEST(ScriptTest, FindAndDeleteMatchesCore)
{
    // Cases from Core's script_tests.cpp script_FindAndDelete.
    struct Case {
        const char* script;
        const char* pattern;
        const char* expect;
        int count;
    };
    const Case cases[] = {
        {"0302ff030302ff03", "0302ff03", "", 2},
        {"0302ff030302ff03", "02", "0302ff030302ff03", 0},
        {"0302ff030302ff03", "ff", "0302ff030302ff03", 0},
        {"0302ff030302ff03", "03", "02ff0302ff03", 2},
        {"0003feed", "03feed", "00", 1},
        {"0003feed", "00", "03feed", 1},
        {"02feed03feed", "00", "02feed03feed", 0},
        {"61616161", "61", "", 4},
        {"0203feed0203feed", "0203feed", "", 2},
        {"0302ff03", "0302ff03", "", 1},
        {"0302ff030302ff03", "0302ff030302ff03", "", 1},
        {"02feed5169", "feed51", "02feed5169", 0}, // does not match inside operations
        {"02feed5169", "02feed51", "69", 1},
        {"516902feed5169", "feed51", "516902feed5169", 0},
        {"516902feed5169", "02feed51", "516969", 1},
        {"00005151", "0051", "0051", 1}, // single pass
        {"000051005151", "0051", "0051", 2},
        {"0302ff0302ff03", "0302ff03", "02ff03", 1},
        {"abab", "ab", "", 2},
        {"ababab", "abab", "ab", 1},
        {"0302ff030302ff", "0302ff03", "0302ff", 1},
        {"0302ff03ab0302ff03", "0302ff03", "ab", 2},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(std::string{c.script} + " - " + c.pattern);
        ScriptBytes s = Hex(c.script);
        EXPECT_EQ(FindAndDelete(s, Hex(c.pattern)), c.count);
        EXPECT_EQ(util::HexStr(s), c.expect);
    }
}

TEST(ScriptTest, SigOpCounting)
{
    // 2-of-3 multisig: accurate 3, inaccurate 20.
    const util::Bytes key(33, 2);
    const Script ms = Script{} << 2 << key << key << key << 3 << OP_CHECKMULTISIG;
    EXPECT_EQ(GetSigOpCount(ms.bytes(), true), 3u);
    EXPECT_EQ(GetSigOpCount(ms.bytes(), false), 20u);
    EXPECT_EQ(GetSigOpCount(Hex("acadacae"), false), 23u);
    // Counting stops at a malformed push but keeps what came before.
    EXPECT_EQ(GetSigOpCount(Hex("ac05aa"), true), 1u);

    // P2SH: count the redeem script from scriptSig's last push.
    const util::Bytes p2sh = Hex("a914" + std::string(40, '0') + "87");
    const Script sig = Script{} << OP_0 << ms.bytes();
    EXPECT_EQ(GetSigOpCount(p2sh, sig.bytes()), 3u);
    EXPECT_EQ(GetSigOpCount(p2sh, (Script{} << OP_NOP << ms.bytes()).bytes()), 0u);
    // Non-P2SH: accurate count of the output.
    EXPECT_EQ(GetSigOpCount(ms.bytes(), sig.bytes()), 3u);
}

TEST(ScriptTest, WitnessSigOpCounting)
{
    const ScriptFlags flags = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS;
    const util::Bytes p2wpkh = Hex("0014" + std::string(40, '1'));
    EXPECT_EQ(CountWitnessSigOps({}, p2wpkh, nullptr, flags), 1u);
    EXPECT_EQ(CountWitnessSigOps({}, p2wpkh, nullptr, SCRIPT_VERIFY_P2SH), 0u);

    const util::Bytes key(33, 2);
    const Script ms = Script{} << 1 << key << key << 2 << OP_CHECKMULTISIG << OP_CHECKSIG;
    primitives::Witness wit{{}, ms.bytes()};
    const util::Bytes p2wsh = Hex("0020" + std::string(64, '2'));
    EXPECT_EQ(CountWitnessSigOps({}, p2wsh, &wit, flags), 3u);
    primitives::Witness empty;
    EXPECT_EQ(CountWitnessSigOps({}, p2wsh, &empty, flags), 0u);

    // P2SH-wrapped P2WPKH.
    const util::Bytes p2sh = Hex("a914" + std::string(40, '0') + "87");
    const Script sig = Script{} << p2wpkh;
    EXPECT_EQ(CountWitnessSigOps(sig.bytes(), p2sh, nullptr, flags), 1u);
    // Taproot and unknown versions count nothing.
    EXPECT_EQ(CountWitnessSigOps({}, Hex("5120" + std::string(64, '3')), nullptr, flags), 0u);
}

TEST(ScriptFlagsTest, ParseAndFormatUseCoreNames)
{
    auto f = ParseScriptFlags("P2SH,WITNESS,DISCOURAGE_UPGRADABLE_PUBKEYTYPE");
    ASSERT_TRUE(f);
    EXPECT_EQ(*f, SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_PUBKEYTYPE);
    EXPECT_EQ(FormatScriptFlags(*f), "P2SH,WITNESS,DISCOURAGE_UPGRADABLE_PUBKEYTYPE");
    EXPECT_EQ(*ParseScriptFlags(""), 0u);
    EXPECT_EQ(*ParseScriptFlags("NONE"), 0u);
    EXPECT_EQ(*ParseScriptFlags("consensus"), 0x20e15u);
    EXPECT_EQ(*ParseScriptFlags("consensus"), CONSENSUS_SCRIPT_VERIFY_FLAGS);
    EXPECT_EQ(*ParseScriptFlags("standard"), STANDARD_SCRIPT_VERIFY_FLAGS);
    EXPECT_EQ(STANDARD_SCRIPT_VERIFY_FLAGS & SCRIPT_VERIFY_SIGPUSHONLY, 0u);
    EXPECT_FALSE(ParseScriptFlags("P2SH,BOGUS"));
    for (int bit = 0; bit < SCRIPT_VERIFY_FLAG_BITS; ++bit) {
        const ScriptFlags one = ScriptFlags{1} << bit;
        const std::string name{ScriptFlagName(one)};
        ASSERT_FALSE(name.empty()) << bit;
        EXPECT_EQ(*ParseScriptFlags(name), one);
    }
}

TEST(ScriptErrorTest, NamesRoundTripAndAreCoreTestNames)
{
    EXPECT_EQ(ScriptErrorName(ScriptError::SIG_NULLFAIL), "NULLFAIL");
    EXPECT_EQ(ScriptErrorName(ScriptError::UNSATISFIED_LOCKTIME), "UNSATISFIED_LOCKTIME");
    EXPECT_EQ(ParseScriptErrorName("SIG_NULLFAIL"), ScriptError::SIG_NULLFAIL);
    EXPECT_EQ(ParseScriptErrorName("nonsense"), ScriptError::ERROR_COUNT);
    for (int i = 0; i < static_cast<int>(ScriptError::ERROR_COUNT); ++i) {
        const auto e = static_cast<ScriptError>(i);
        EXPECT_EQ(ParseScriptErrorName(ScriptErrorName(e)), e) << i;
        EXPECT_FALSE(ScriptErrorString(e).empty());
    }
    EXPECT_EQ(ScriptErrorString(ScriptError::SIG_DER), "Non-canonical DER signature");
}

} // namespace
} // namespace hearth::script
