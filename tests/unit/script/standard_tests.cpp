// Solver templates, ScriptToAsmStr and the test-assembly parser.

#include <hearth/script/script.h>
#include <hearth/script/standard.h>
#include <hearth/util/hex.h>

#include "testutil/vectors.h"

#include <gtest/gtest.h>

#include <string>

namespace hearth::script {
namespace {

using testutil::Hex;

const std::string KEY_C = "03b0da749730dc9b4b1f4a14d6902877a92541f5368778853d9c4a0cb7802dcfb2";
const std::string KEY_U =
    "04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec"
    "112de5c384df7ba0b8d578a4c702b6bf11d5f";

TxoutType Solve(const ScriptBytes& s, std::vector<util::Bytes>& sol) { return Solver(s, sol); }

TEST(SolverTest, StandardTemplates)
{
    std::vector<util::Bytes> sol;
    // P2PK (compressed and uncompressed).
    ScriptBytes s = (Script{} << Hex(KEY_C) << OP_CHECKSIG).bytes();
    EXPECT_EQ(Solve(s, sol), TxoutType::PUBKEY);
    ASSERT_EQ(sol.size(), 1u);
    EXPECT_EQ(util::HexStr(sol[0]), KEY_C);
    s = (Script{} << Hex(KEY_U) << OP_CHECKSIG).bytes();
    EXPECT_EQ(Solve(s, sol), TxoutType::PUBKEY);
    // A key whose header disagrees with its length is not P2PK.
    util::Bytes bad = Hex(KEY_C);
    bad[0] = 0x04;
    EXPECT_EQ(Solve((Script{} << bad << OP_CHECKSIG).bytes(), sol), TxoutType::NONSTANDARD);
    EXPECT_TRUE(sol.empty());

    // P2PKH.
    const util::Bytes h20(20, 0xab);
    s = (Script{} << OP_DUP << OP_HASH160 << h20 << OP_EQUALVERIFY << OP_CHECKSIG).bytes();
    EXPECT_EQ(Solve(s, sol), TxoutType::PUBKEYHASH);
    EXPECT_EQ(sol, std::vector<util::Bytes>{h20});

    // P2SH.
    s = (Script{} << OP_HASH160 << h20 << OP_EQUAL).bytes();
    EXPECT_EQ(Solve(s, sol), TxoutType::SCRIPTHASH);
    EXPECT_EQ(sol, std::vector<util::Bytes>{h20});

    // Multisig 1-of-2, with keys of both kinds; solutions {m}, keys, {n}.
    s = (Script{} << 1 << Hex(KEY_C) << Hex(KEY_U) << 2 << OP_CHECKMULTISIG).bytes();
    EXPECT_EQ(Solve(s, sol), TxoutType::MULTISIG);
    ASSERT_EQ(sol.size(), 4u);
    EXPECT_EQ(sol[0], util::Bytes{1});
    EXPECT_EQ(sol[3], util::Bytes{2});
    // m > n, a wrong key count and trailing data are not multisig.
    EXPECT_EQ(Solve((Script{} << 3 << Hex(KEY_C) << Hex(KEY_U) << 2 << OP_CHECKMULTISIG).bytes(), sol),
              TxoutType::NONSTANDARD);
    EXPECT_EQ(Solve((Script{} << 1 << Hex(KEY_C) << 2 << OP_CHECKMULTISIG).bytes(), sol), TxoutType::NONSTANDARD);
    EXPECT_EQ(Solve((Script{} << 1 << Hex(KEY_C) << 1 << OP_CHECKMULTISIG << OP_CHECKMULTISIG).bytes(), sol),
              TxoutType::NONSTANDARD);
    // Counts given as minimal pushes are accepted (up to 20 keys).
    Script big;
    big << 17;
    for (int i = 0; i < 17; ++i) big << Hex(KEY_C);
    big << 17 << OP_CHECKMULTISIG;
    EXPECT_EQ(Solve(big.bytes(), sol), TxoutType::MULTISIG);
    EXPECT_EQ(sol.front(), util::Bytes{17});

    // Null data: OP_RETURN then pushes only.
    EXPECT_EQ(Solve(Hex("6a"), sol), TxoutType::NULL_DATA);
    EXPECT_EQ(Solve(Hex("6a04deadbeef"), sol), TxoutType::NULL_DATA);
    EXPECT_EQ(Solve(Hex("6a0051"), sol), TxoutType::NULL_DATA);
    EXPECT_EQ(Solve(Hex("6a61"), sol), TxoutType::NONSTANDARD);

    // Witness programs.
    EXPECT_EQ(Solve(Hex("0014" + std::string(40, 'a')), sol), TxoutType::WITNESS_V0_KEYHASH);
    EXPECT_EQ(sol[0].size(), 20u);
    EXPECT_EQ(Solve(Hex("0020" + std::string(64, 'a')), sol), TxoutType::WITNESS_V0_SCRIPTHASH);
    EXPECT_EQ(Solve(Hex("5120" + std::string(64, 'a')), sol), TxoutType::WITNESS_V1_TAPROOT);
    EXPECT_EQ(Solve(Hex("51024e73"), sol), TxoutType::ANCHOR);
    EXPECT_TRUE(sol.empty());
    EXPECT_EQ(Solve(Hex("5202abcd"), sol), TxoutType::WITNESS_UNKNOWN);
    ASSERT_EQ(sol.size(), 2u);
    EXPECT_EQ(sol[0], util::Bytes{2});
    EXPECT_EQ(Solve(Hex("0015" + std::string(42, 'a')), sol), TxoutType::NONSTANDARD);     // v0, wrong size
    EXPECT_EQ(Solve(Hex("5110" + std::string(32, 'a')), sol), TxoutType::WITNESS_UNKNOWN); // v1, 16 bytes

    EXPECT_EQ(Solve({}, sol), TxoutType::NONSTANDARD);
}

TEST(SolverTest, TypeNamesAreCores)
{
    EXPECT_EQ(GetTxnOutputType(TxoutType::NONSTANDARD), "nonstandard");
    EXPECT_EQ(GetTxnOutputType(TxoutType::ANCHOR), "anchor");
    EXPECT_EQ(GetTxnOutputType(TxoutType::PUBKEY), "pubkey");
    EXPECT_EQ(GetTxnOutputType(TxoutType::PUBKEYHASH), "pubkeyhash");
    EXPECT_EQ(GetTxnOutputType(TxoutType::SCRIPTHASH), "scripthash");
    EXPECT_EQ(GetTxnOutputType(TxoutType::MULTISIG), "multisig");
    EXPECT_EQ(GetTxnOutputType(TxoutType::NULL_DATA), "nulldata");
    EXPECT_EQ(GetTxnOutputType(TxoutType::WITNESS_V0_KEYHASH), "witness_v0_keyhash");
    EXPECT_EQ(GetTxnOutputType(TxoutType::WITNESS_V0_SCRIPTHASH), "witness_v0_scripthash");
    EXPECT_EQ(GetTxnOutputType(TxoutType::WITNESS_V1_TAPROOT), "witness_v1_taproot");
    EXPECT_EQ(GetTxnOutputType(TxoutType::WITNESS_UNKNOWN), "witness_unknown");
}

TEST(ScriptAsmTest, CoreGetScriptAsmCases)
{
    // Core's script_tests.cpp script_GetScriptAsm.
    EXPECT_EQ(ScriptToAsmStr(ScriptBytes{OP_NOP2}, true), "OP_CHECKLOCKTIMEVERIFY");
    EXPECT_EQ(ScriptToAsmStr(ScriptBytes{OP_NOP2}), "OP_CHECKLOCKTIMEVERIFY");
    EXPECT_EQ(ScriptToAsmStr(ScriptBytes{OP_NOP3}), "OP_CHECKSEQUENCEVERIFY");

    const std::string der = "304502207fa7a6d1e0ee81132a269ad84e68d695483745cde8b541e3bf630749894e342a022100c1f7ab20e"
                            "13e22fb95281a870f3dcf38d782e53023ee313d741ad0cfbc0c5090";
    const struct {
        const char* type;
        const char* decoded;
    } cases[] = {{"00", "00"},
                 {"80", "80"},
                 {"01", "[ALL]"},
                 {"02", "[NONE]"},
                 {"03", "[SINGLE]"},
                 {"81", "[ALL|ANYONECANPAY]"},
                 {"82", "[NONE|ANYONECANPAY]"},
                 {"83", "[SINGLE|ANYONECANPAY]"}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.type);
        const ScriptBytes s = (Script{} << Hex(der + c.type) << Hex(KEY_C)).bytes();
        EXPECT_EQ(ScriptToAsmStr(s, true), der + c.decoded + " " + KEY_C);
        EXPECT_EQ(ScriptToAsmStr(s, false), der + c.type + " " + KEY_C);
    }
}

TEST(ScriptAsmTest, NumbersOpcodesAndErrors)
{
    EXPECT_EQ(ScriptToAsmStr(Hex("00"
                                 "4f"
                                 "51"
                                 "60"
                                 "0111"
                                 "0181"
                                 "04ffffffff"
                                 "0500000000ff")),
              "0 -1 1 16 17 -1 -2147483647 00000000ff");
    // Non-minimal small pushes show as numbers too (Core decodes without the minimal check).
    EXPECT_EQ(ScriptToAsmStr(Hex("020100")), "1");
    EXPECT_EQ(ScriptToAsmStr(Hex("76a914" + std::string(40, 'a') + "88ac")),
              "OP_DUP OP_HASH160 " + std::string(40, 'a') + " OP_EQUALVERIFY OP_CHECKSIG");
    EXPECT_EQ(ScriptToAsmStr(Hex("ba"
                                 "bb"
                                 "ff")),
              "OP_CHECKSIGADD OP_UNKNOWN OP_INVALIDOPCODE");
    EXPECT_EQ(ScriptToAsmStr(Hex("51"
                                 "05aabb")),
              "1 [error]");
    EXPECT_EQ(ScriptToAsmStr(Hex("6a" + std::string(2, '0'))), "OP_RETURN 0");
    // OP_RETURN data is never decoded as a signature.
    const std::string der = "3006020101020101";
    EXPECT_EQ(ScriptToAsmStr(Hex("6a09" + der + "01"), true), "OP_RETURN " + der + "01");
    EXPECT_EQ(ScriptToAsmStr(Hex("09" + der + "01"), true), der + "[ALL]");
}

TEST(ParseScriptTest, CoreAssembly)
{
    auto p = [](const std::string& text) {
        auto r = ParseScript(text);
        EXPECT_TRUE(r.has_value()) << text;
        return r ? util::HexStr(*r) : std::string{"<error>"};
    };
    EXPECT_EQ(p("0 1 16 -1 17 -2"), "0051604f01110182");
    EXPECT_EQ(p("DUP OP_HASH160 0x14 0x" + std::string(40, 'a') + " EQUALVERIFY CHECKSIG"),
              "76a914" + std::string(40, 'a') + "88ac");
    EXPECT_EQ(p("'abc' ''"), "0361626300");
    EXPECT_EQ(p("CHECKLOCKTIMEVERIFY OP_CHECKSEQUENCEVERIFY RESERVED OP_NOP10"), "b1b250b9");
    EXPECT_FALSE(ParseScript("NOP2").has_value()); // GetOpName calls 0xb1 OP_CHECKLOCKTIMEVERIFY
    EXPECT_EQ(p("  1\t\n2  "), "5152");
    EXPECT_EQ(p("4294967295 -4294967295"), "05ffffffff0005ffffffff80");
    EXPECT_FALSE(ParseScript("4294967296").has_value());
    EXPECT_FALSE(ParseScript("CHECKSIGADD").has_value()); // above MAX_OPCODE, as Core
    EXPECT_FALSE(ParseScript("0x").has_value());
    EXPECT_FALSE(ParseScript("0xabc").has_value());
    EXPECT_FALSE(ParseScript("BOGUS").has_value());
    EXPECT_FALSE(ParseScript("-").has_value());
    EXPECT_FALSE(ParseScript("OP_0").has_value()); // pushes are numbers, not names
}

} // namespace
} // namespace hearth::script
