// The chain-free methods of the util and rawtransactions areas, called through the method table as a
// request would call them (argument checks included), on regtest and mainnet parameters.

#include <hearth/consensus/params.h>
#include <hearth/crypto/hash.h>
#include <hearth/crypto/sha256.h>
#include <hearth/node/context.h>
#include <hearth/rpc/core_io.h>
#include <hearth/rpc/register.h>
#include <hearth/rpc/table.h>
#include <hearth/script/descriptor.h>
#include <hearth/util/hex.h>

#include "rpc_test_util.h"

#include <gtest/gtest.h>

namespace hearth::rpc {
namespace {

struct Fixture {
    RpcTable table;
    consensus::ChainParams params;
    node::NodeContext node;

    explicit Fixture(consensus::ChainType chain = consensus::ChainType::REGTEST) :
        params{*consensus::CreateChainParams(chain)}
    {
        RegisterAllRpcs(table);
        table.SetWarmupFinished();
        node.chain_params = &params;
    }

    json Call(const std::string& method, json params_in)
    {
        return test::CallMethod(table, node, method, std::move(params_in));
    }

    std::pair<int, std::string> Error(const std::string& method, json params_in)
    {
        return test::CallError(table, node, method, std::move(params_in)).value_or(std::pair{0, "no error"});
    }
};

TEST(UtilRpcsTest, ValidateAddressDescribesEveryKind)
{
    Fixture f;
    const json p2wpkh = f.Call("validateaddress", {"bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"});
    EXPECT_EQ(p2wpkh.dump(),
              R"({"isvalid":true,"address":"bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080",)"
              R"("scriptPubKey":"0014751e76e8199196d454941c45d1b3a323f1433bd6","isscript":false,)"
              R"("iswitness":true,"witness_version":0,"witness_program":"751e76e8199196d454941c45d1b3a323f1433bd6"})");
    // Upper case input comes back re-encoded in lower case.
    EXPECT_EQ(f.Call("validateaddress", {"BCRT1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KYGT080"})["address"],
              "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080");
    const json p2pkh = f.Call("validateaddress", {"mzK2FFDEhxqHcmrJw1ysqFkVyhUULo45hZ"});
    EXPECT_EQ(p2pkh["isscript"], false);
    EXPECT_EQ(p2pkh["iswitness"], false);
    EXPECT_FALSE(p2pkh.contains("witness_version"));
    EXPECT_EQ(p2pkh["scriptPubKey"].get<std::string>().substr(0, 6), "76a914");
    // Anchor: no version/program fields; unknown witness version: no "isscript".
    const json anchor = f.Call("validateaddress", {"bcrt1pfeesnyr2tx"});
    EXPECT_EQ(
        anchor.dump(),
        R"({"isvalid":true,"address":"bcrt1pfeesnyr2tx","scriptPubKey":"51024e73","isscript":true,"iswitness":true})");
    const std::string v2_address =
        *script::EncodeAddress(*util::ParseHex("5210751e76e8199196d454941c45d1b3a323"), f.params.address);
    const json v2 = f.Call("validateaddress", {v2_address});
    EXPECT_TRUE(v2["isvalid"]);
    EXPECT_FALSE(v2.contains("isscript"));
    EXPECT_EQ(v2["witness_version"], 2);
    EXPECT_EQ(v2["witness_program"], "751e76e8199196d454941c45d1b3a323");
}

TEST(UtilRpcsTest, ValidateAddressErrorsAndLocations)
{
    Fixture main{consensus::ChainType::MAIN};
    // Core's rpc_validateaddress.py: locations only for strings that fail bech32 decoding itself.
    const json checksum = main.Call("validateaddress", {"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"});
    EXPECT_EQ(checksum.dump(), R"({"isvalid":false,"error_locations":[41],"error":"Invalid Bech32 checksum"})");
    EXPECT_EQ(main.Call("validateaddress", {"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3t4"})["error_locations"],
              json::array({40}));
    EXPECT_EQ(main.Call("validateaddress",
                        {"bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4"})["error_locations"],
              json::array({59}));
    const json v0size = main.Call("validateaddress", {"BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P"});
    EXPECT_EQ(v0size["error"], "Invalid Bech32 v0 address program size (16 bytes), per BIP141");
    EXPECT_EQ(v0size["error_locations"], json::array());
    EXPECT_EQ(main.Call("validateaddress", {"tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty"})["error"],
              "Invalid or unsupported Segwit (Bech32) or Base58 encoding.");
    // Types are checked before the handler runs.
    EXPECT_EQ(main.Error("validateaddress", {1}).first, -3);
    EXPECT_EQ(main.Error("validateaddress", json::array()).first, -1);
}

TEST(UtilRpcsTest, GetDescriptorInfo)
{
    Fixture f;
    const std::string pub = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    const json info = f.Call("getdescriptorinfo", {"wpkh(" + pub + ")"});
    EXPECT_EQ(info.dump(), R"({"descriptor":")" + script::AddChecksum("wpkh(" + pub + ")") + R"(","checksum":")" +
                               script::DescriptorChecksum("wpkh(" + pub + ")") +
                               R"(","isrange":false,"issolvable":true,"hasprivatekeys":false})");
    // A regtest WIF of key 1: private keys are counted, the canonical form has the public key.
    const std::string wif = script::EncodeSecret(
        crypto::PrivKey::FromBytes(*util::ParseHex("0000000000000000000000000000000000000000000000000000000000000001")),
        f.params.address);
    EXPECT_EQ(wif, "cMahea7zqjxrtgAbB7LSGbcQUr1uX1ojuat9jZodMN87JcbXMTcA");
    const json priv = f.Call("getdescriptorinfo", {"pkh(" + wif + ")"});
    EXPECT_EQ(priv["descriptor"], script::AddChecksum("pkh(" + pub + ")"));
    EXPECT_EQ(priv["hasprivatekeys"], true);
    EXPECT_EQ(f.Call("getdescriptorinfo", {"addr(bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080)"})["issolvable"], false);
    const std::string tpub = "tpubD6NzVbkrYhZ4WaWSyoBvQwbpLkojyoTZPRsgXELWz3Popb3qkjcJyJUGLnL4qHHoQvao8ESaAstxYSnhyswJ7"
                             "6uZPStJRJCTKvosUCJZL5B";
    const json multipath = f.Call("getdescriptorinfo", {"wpkh(" + tpub + "/<0;1>/*)"});
    EXPECT_EQ(multipath["descriptor"], script::AddChecksum("wpkh(" + tpub + "/0/*)"));
    EXPECT_EQ(multipath["multipath_expansion"], json::array({script::AddChecksum("wpkh(" + tpub + "/0/*)"),
                                                             script::AddChecksum("wpkh(" + tpub + "/1/*)")}));
    EXPECT_EQ(multipath["isrange"], true);
    EXPECT_EQ(f.Error("getdescriptorinfo", {""}),
              (std::pair<int, std::string>{-5, "'' is not a valid descriptor function"}));
    EXPECT_EQ(f.Error("getdescriptorinfo", {"pk( " + pub + ")"}),
              (std::pair<int, std::string>{-5, "pk(): Key ' " + pub + "' is invalid due to whitespace"}));
    EXPECT_EQ(f.Error("getdescriptorinfo", {1}).first, -3);
}

TEST(UtilRpcsTest, DeriveAddressesAsCore)
{
    Fixture f;
    // Core's rpc_deriveaddresses.py vectors.
    const std::string tprv = "tprv8ZgxMBicQKsPd7Uf69XL1XwhmjHopUGep8GuEiJDZmbQz6o58LninorQAfcKZWARbtRtfnLcJ5MQ2AtHcQJCC"
                             "RUcMRvmDUjyEmNUWwx8UbK";
    const std::string address = "bcrt1qjqmxmkpmxt80xz4y3746zgt0q3u3ferr34acd5";
    EXPECT_EQ(f.Call("deriveaddresses", {"wpkh(" + tprv + "/1/1/0)#t6wfjs64"}), json::array({address}));
    EXPECT_EQ(f.Error("deriveaddresses", {"wpkh(" + tprv + "/1/1/0)"}),
              (std::pair<int, std::string>{-5, "Missing checksum"}));
    const std::string ranged = "wpkh(" + tprv + "/1/1/*)#kft60nuy";
    EXPECT_EQ(
        f.Call("deriveaddresses", {ranged, {1, 2}}),
        json::array({"bcrt1qhku5rq7jz8ulufe2y6fkcpnlvpsta7rq4442dy", "bcrt1qpgptk2gvshyl0s9lqshsmx932l9ccsv265tvaq"}));
    EXPECT_EQ(f.Call("deriveaddresses", {ranged, 2}).size(), 3u);
    EXPECT_EQ(f.Call("deriveaddresses", {script::AddChecksum("combo(" + tprv + "/1/1/0)")}),
              json::array({"mtfUoUax9L4tzXARpw1oTGxWyoogp52KhJ", address, "2NDvEwGfpEqJWfybzpKPHF2XH3jwoQV3D7x"}));
    const std::string unranged = script::AddChecksum("wpkh(" + tprv + "/1/1/0)");
    const std::string ranged2 = script::AddChecksum("wpkh(" + tprv + "/1/1/*)");
    using E = std::pair<int, std::string>;
    EXPECT_EQ(f.Error("deriveaddresses", {unranged, {0, 2}}),
              (E{-8, "Range should not be specified for an un-ranged descriptor"}));
    EXPECT_EQ(f.Error("deriveaddresses", {ranged2}), (E{-8, "Range must be specified for a ranged descriptor"}));
    EXPECT_EQ(f.Error("deriveaddresses", {ranged2, int64_t{10000000000}}), (E{-8, "End of range is too high"}));
    EXPECT_EQ(f.Error("deriveaddresses", {ranged2, {1000000000, 2000000000}}), (E{-8, "Range is too large"}));
    EXPECT_EQ(f.Error("deriveaddresses", {ranged2, {2, 0}}),
              (E{-8, "Range specified as [begin,end] must not have begin after end"}));
    EXPECT_EQ(f.Error("deriveaddresses", {ranged2, {-1, 0}}), (E{-8, "Range should be greater or equal than 0"}));
    EXPECT_EQ(f.Error("deriveaddresses", {ranged2, "x"}), (E{-8, "Range must be specified as end or as [begin,end]"}));
    const std::string tpub = "tpubD6NzVbkrYhZ4WaWSyoBvQwbpLkojyoTZPRsgXELWz3Popb3qkjcJyJUGLnL4qHHoQvao8ESaAstxYSnhyswJ7"
                             "6uZPStJRJCTKvosUCJZL5B";
    EXPECT_EQ(f.Error("deriveaddresses", {script::AddChecksum("wpkh(" + tpub + "/1'/1/0)")}),
              (E{-5, "Cannot derive script without private keys"}));
    EXPECT_EQ(f.Error("deriveaddresses", {script::AddChecksum("multi(1," + tpub + "/1/1/0," + tpub + "/1/1/1)")}),
              (E{-5, "Descriptor does not have a corresponding address"}));
    // Multipath: one list per expansion.
    const json multi = f.Call("deriveaddresses", {script::AddChecksum("wpkh(" + tpub + "/1/<1;2>/*)"), {0, 1}});
    ASSERT_EQ(multi.size(), 2u);
    EXPECT_EQ(multi[0][0], address);
}

TEST(RawTransactionRpcsTest, CreateAndDecodeRawTransaction)
{
    Fixture f;
    const std::string txid = "1d1d4e24ed99057e84c3f80fd8fbec79ed9e1acee37da269356ecea000000000";
    const std::string addr = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";
    const std::string hex =
        f.Call("createrawtransaction", {json::array({{{"txid", txid}, {"vout", 0}}}),
                                        json::array({{{addr, RawNumber("0.5")}}, {{"data", "00ff"}}})});
    const json decoded = f.Call("decoderawtransaction", {hex});
    EXPECT_EQ(decoded["version"], 2);
    EXPECT_EQ(decoded["locktime"], 0);
    ASSERT_EQ(decoded["vin"].size(), 1u);
    EXPECT_EQ(decoded["vin"][0]["txid"], txid);
    // replaceable defaults to true: BIP125 sequence.
    EXPECT_EQ(decoded["vin"][0]["sequence"], 4294967293u);
    ASSERT_EQ(decoded["vout"].size(), 2u);
    EXPECT_EQ(WriteJson(decoded["vout"][0]["value"]), "0.50000000");
    EXPECT_EQ(decoded["vout"][1]["scriptPubKey"]["hex"], "6a0200ff");
    EXPECT_EQ(decoded["vout"][1]["scriptPubKey"]["type"], "nulldata");
    EXPECT_FALSE(decoded.contains("hex"));

    // Sequences: replaceable=false with a locktime → 0xfffffffe; without → final; explicit values win.
    auto seq = [&](json params) {
        return f.Call("decoderawtransaction",
                      {f.Call("createrawtransaction", std::move(params))})["vin"][0]["sequence"];
    };
    const json in = json::array({{{"txid", txid}, {"vout", 1}}});
    const json out = json::object({{addr, 1}});
    EXPECT_EQ(seq({in, out, 10, false}), 4294967294u);
    EXPECT_EQ(seq({in, out, 0, false}), 4294967295u);
    EXPECT_EQ(seq({json::array({{{"txid", txid}, {"vout", 1}, {"sequence", 7}}}), out}), 7);
    // Outputs as an object (compatibility form) and version 3.
    const json v3 = f.Call("decoderawtransaction", {f.Call("createrawtransaction", {in, out, 0, true, 3})});
    EXPECT_EQ(v3["version"], 3);

    using E = std::pair<int, std::string>;
    EXPECT_EQ(f.Error("createrawtransaction", {in, json::array({{{"data", "00"}}, {{"data", "01"}}})}),
              (E{-8, "Invalid parameter, duplicate key: data"}));
    EXPECT_EQ(f.Error("createrawtransaction", {in, json::array({{{addr, 1}}, {{addr, 2}}})}),
              (E{-8, "Invalid parameter, duplicated address: " + addr}));
    EXPECT_EQ(f.Error("createrawtransaction", {in, json::object({{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", 1}})}),
              (E{-5, "Invalid Bitcoin address: bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"}));
    EXPECT_EQ(f.Error("createrawtransaction", {in, json::array({{{"data", "zz"}}})}),
              (E{-8, "Data must be hexadecimal string (not 'zz')"}));
    EXPECT_EQ(f.Error("createrawtransaction", {in, json::array({1})}),
              (E{-8, "Invalid parameter, key-value pair not an object as expected"}));
    EXPECT_EQ(f.Error("createrawtransaction", {in, json::array({{{addr, 1}, {"data", "00"}}})}),
              (E{-8, "Invalid parameter, key-value pair must contain exactly one key"}));
    EXPECT_EQ(f.Error("createrawtransaction", {in, nullptr}),
              (E{-8, "Invalid parameter, output argument must be non-null"}));
    EXPECT_EQ(f.Error("createrawtransaction", {in, "x"}),
              (E{-3, "JSON value of type string is not of expected type array"}));
    EXPECT_EQ(f.Error("createrawtransaction", {json::array({{{"txid", txid}}}), out}),
              (E{-8, "Invalid parameter, missing vout key"}));
    EXPECT_EQ(f.Error("createrawtransaction", {json::array({{{"txid", txid}, {"vout", -1}}}), out}),
              (E{-8, "Invalid parameter, vout cannot be negative"}));
    EXPECT_EQ(f.Error("createrawtransaction", {json::array({{{"txid", txid}, {"vout", 0}, {"sequence", -1}}}), out}),
              (E{-8, "Invalid parameter, sequence number is out of range"}));
    EXPECT_EQ(f.Error("createrawtransaction", {json::array({{{"txid", "x"}, {"vout", 0}}}), out}),
              (E{-8, "txid must be of length 64 (not 1, for 'x')"}));
    EXPECT_EQ(f.Error("createrawtransaction", {json::array({"x"}), out}),
              (E{-3, "JSON value of type string is not of expected type object"}));
    EXPECT_EQ(f.Error("createrawtransaction", {in, out, -1}), (E{-8, "Invalid parameter, locktime out of range"}));
    EXPECT_EQ(f.Error("createrawtransaction", {in, out, int64_t{4294967296}}),
              (E{-8, "Invalid parameter, locktime out of range"}));
    EXPECT_EQ(f.Error("createrawtransaction", {in, out, 0, true, 4}),
              (E{-8, "Invalid parameter, version out of range(1~3)"}));
    EXPECT_EQ(f.Error("createrawtransaction",
                      {json::array({{{"txid", txid}, {"vout", 0}, {"sequence", 4294967295u}}}), out, 0, true}),
              (E{-8, "Invalid parameter combination: Sequence number(s) contradict replaceable option"}));
    EXPECT_EQ(f.Error("createrawtransaction", {in, json::object({{addr, -1}})}), (E{-3, "Amount out of range"}));
    EXPECT_EQ(f.Error("decoderawtransaction", {"00"}), (E{-22, "TX decode failed"}));
    EXPECT_EQ(f.Error("decoderawtransaction", {hex, true}), (E{0, "no error"}));
}

TEST(RawTransactionRpcsTest, DecodeScriptWrappings)
{
    Fixture f;
    const std::string key = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    // P2PK: P2SH and P2WPKH wrappings.
    const std::string p2pk = "21" + key + "ac";
    const json r = f.Call("decodescript", {p2pk});
    EXPECT_EQ(r["type"], "pubkey");
    EXPECT_EQ(r["desc"], script::AddChecksum("pk(" + key + ")"));
    EXPECT_FALSE(r.contains("address"));
    EXPECT_FALSE(r.contains("hex"));
    ASSERT_TRUE(r.contains("p2sh"));
    EXPECT_EQ(r["segwit"]["type"], "witness_v0_keyhash");
    EXPECT_EQ(r["segwit"]["hex"], "0014" + crypto::Hash160(*util::ParseHex(key)).ToHexInternal());
    // Multisig: P2WSH with Core's wsh(multi(...)) descriptor.
    const std::string multi = "5121" + key + "51ae";
    const json m = f.Call("decodescript", {multi});
    EXPECT_EQ(m["segwit"]["type"], "witness_v0_scripthash");
    EXPECT_EQ(m["segwit"]["hex"], "0020" + crypto::Sha256Hash(*util::ParseHex(multi)).ToHexInternal());
    EXPECT_EQ(m["segwit"]["desc"], script::AddChecksum("wsh(multi(1," + key + "))"));
    EXPECT_EQ(m["segwit"].begin().key(), "asm");
    EXPECT_EQ(m["segwit"].back().get<std::string>().substr(0, 1), "2"); // p2sh-segwit last, a 2… address
    // Uncompressed key: P2SH only.
    const std::string unc = "41" +
                            std::string{"0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3"
                                        "c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"} +
                            "ac";
    const json u = f.Call("decodescript", {unc});
    EXPECT_TRUE(u.contains("p2sh"));
    EXPECT_FALSE(u.contains("segwit"));
    // Not wrapped: P2SH, witness programs v1+, OP_RETURN, tapscript-only opcodes.
    for (const std::string& hex :
         {std::string{"a914"} + std::string(40, '0') + "87", std::string{"5120"} + std::string(64, '1'),
          std::string{"6a0100"}, std::string{"51ba"}}) {
        const json d = f.Call("decodescript", {hex});
        EXPECT_FALSE(d.contains("p2sh")) << hex;
        EXPECT_FALSE(d.contains("segwit")) << hex;
    }
    // A P2WPKH script may be P2SH-wrapped but not P2WSH-wrapped.
    const json w = f.Call("decodescript", {"0014" + std::string(40, '0')});
    EXPECT_TRUE(w.contains("p2sh"));
    EXPECT_FALSE(w.contains("segwit"));
    // The empty script is valid.
    EXPECT_EQ(f.Call("decodescript", {""})["type"], "nonstandard");
    EXPECT_EQ(f.Error("decodescript", {"0g"}),
              (std::pair<int, std::string>{-8, "argument must be hexadecimal string (not '0g')"}));
}

} // namespace
} // namespace hearth::rpc
