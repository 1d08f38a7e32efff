#include <hearth/primitives/block.h>
#include <hearth/primitives/transaction.h>
#include <hearth/rpc/core_io.h>
#include <hearth/rpc/json.h>
#include <hearth/rpc/protocol.h>
#include <hearth/script/address.h>
#include <hearth/script/descriptor.h>
#include <hearth/serialize/stream.h>
#include <hearth/storage/undo.h>
#include <hearth/util/hex.h>

#include "testutil/vectors.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace hearth::rpc {
namespace {

using primitives::COIN;
using primitives::Transaction;
using testutil::Hex;

Transaction DecodeOrDie(const std::string& hex)
{
    const auto mtx = DecodeHexTx(hex);
    EXPECT_TRUE(mtx) << hex.substr(0, 64);
    return Transaction{mtx ? *mtx : primitives::MutableTransaction{}};
}

/// The blocks of a Core blk*.dat style file (magic, length, block).
std::vector<primitives::Block> ReadBlockFile(const std::string& name)
{
    const util::Bytes file = testutil::ReadBinaryFile(testutil::VectorPath(name));
    std::vector<primitives::Block> blocks;
    size_t pos = 0;
    while (pos + 8 <= file.size()) {
        const uint32_t size = uint32_t{file[pos + 4]} | uint32_t{file[pos + 5]} << 8 | uint32_t{file[pos + 6]} << 16 |
                              uint32_t{file[pos + 7]} << 24;
        auto block = primitives::DecodeBlock(util::ByteSpan{file}.subspan(pos + 8, size));
        EXPECT_TRUE(block) << block.error();
        if (!block) break;
        blocks.push_back(std::move(*block));
        pos += 8 + size;
    }
    return blocks;
}

// ------------------------------------------------------------------------------------------ transactions
//
// Expected texts are Core's own output for these transactions, as published with their hex: from
// bitcoin-cli decoderawtransaction/getrawtransaction (2-space indent) and from Core's
// test/util/data/txcreatedata1.json (bitcoin-tx -json, 4-space indent).

// The first bitcoin payment (block 170): legacy P2PK spend; scriptSig asm with "[ALL]"; P2PK outputs.
const std::string TX_F4184F_HEX =
    "0100000001c997a5e56e104102fa209c6a852dd90660a20b2d9c352423edce25857fcd3704000000004847304402204e45e16932b8af514961"
    "a1d3"
    "a1a25fdf3f4f7732e9d624c6c61548ab5fb8cd410220181522ec8eca07de4860a4acdd12909d831cc56cbbac4622082221a8768d1d0901ffff"
    "ff"
    "ff0200ca9a3b00000000434104ae1a62fe09c5f51b13905f07f06b99a2f7159b2225f374cd378d71302fa28414e7aab37397f554a7df5f142c"
    "21"
    "c1b7303b8a0626f1baded5c72a704f7e6cd84cac00286bee0000000043410411db93e1dcdb8a016b49840f8c53bc1eb68a382e97b1482ecad7"
    "b1"
    "48a6909a5cb2e0eaddfb84ccf9744464f82e160bfa9b8b64f9d4c03f999b8643f656b412a3ac00000000";
const std::string TX_F4184F_JSON = R"({
  "txid": "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16",
  "hash": "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16",
  "version": 1,
  "size": 275,
  "vsize": 275,
  "weight": 1100,
  "locktime": 0,
  "vin": [
    {
      "txid": "0437cd7f8525ceed2324359c2d0ba26006d92d856a9c20fa0241106ee5a597c9",
      "vout": 0,
      "scriptSig": {
        "asm": "304402204e45e16932b8af514961a1d3a1a25fdf3f4f7732e9d624c6c61548ab5fb8cd410220181522ec8eca07de4860a4acdd12909d831cc56cbbac4622082221a8768d1d09[ALL]",
        "hex": "47304402204e45e16932b8af514961a1d3a1a25fdf3f4f7732e9d624c6c61548ab5fb8cd410220181522ec8eca07de4860a4acdd12909d831cc56cbbac4622082221a8768d1d0901"
      },
      "sequence": 4294967295
    }
  ],
  "vout": [
    {
      "value": 10.00000000,
      "n": 0,
      "scriptPubKey": {
        "asm": "04ae1a62fe09c5f51b13905f07f06b99a2f7159b2225f374cd378d71302fa28414e7aab37397f554a7df5f142c21c1b7303b8a0626f1baded5c72a704f7e6cd84c OP_CHECKSIG",
        "desc": "pk(04ae1a62fe09c5f51b13905f07f06b99a2f7159b2225f374cd378d71302fa28414e7aab37397f554a7df5f142c21c1b7303b8a0626f1baded5c72a704f7e6cd84c)#hsw9ejus",
        "hex": "4104ae1a62fe09c5f51b13905f07f06b99a2f7159b2225f374cd378d71302fa28414e7aab37397f554a7df5f142c21c1b7303b8a0626f1baded5c72a704f7e6cd84cac",
        "type": "pubkey"
      }
    },
    {
      "value": 40.00000000,
      "n": 1,
      "scriptPubKey": {
        "asm": "0411db93e1dcdb8a016b49840f8c53bc1eb68a382e97b1482ecad7b148a6909a5cb2e0eaddfb84ccf9744464f82e160bfa9b8b64f9d4c03f999b8643f656b412a3 OP_CHECKSIG",
        "desc": "pk(0411db93e1dcdb8a016b49840f8c53bc1eb68a382e97b1482ecad7b148a6909a5cb2e0eaddfb84ccf9744464f82e160bfa9b8b64f9d4c03f999b8643f656b412a3)#u7qfa49l",
        "hex": "410411db93e1dcdb8a016b49840f8c53bc1eb68a382e97b1482ecad7b148a6909a5cb2e0eaddfb84ccf9744464f82e160bfa9b8b64f9d4c03f999b8643f656b412a3ac",
        "type": "pubkey"
      }
    }
  ]
})";

TEST(TxToJsonTest, LegacyP2pkSpendMatchesCore)
{
    const Transaction tx = DecodeOrDie(TX_F4184F_HEX);
    EXPECT_EQ(WriteJson(TxToJson(tx, script::MainAddressParams(), /*include_hex=*/false), 2), TX_F4184F_JSON);
}

// Block 1's coinbase: "coinbase" instead of txid/vout/scriptSig.
const std::string TX_BLOCK1_COINBASE_JSON = R"({
  "txid": "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098",
  "hash": "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098",
  "version": 1,
  "size": 134,
  "vsize": 134,
  "weight": 536,
  "locktime": 0,
  "vin": [
    {
      "coinbase": "04ffff001d0104",
      "sequence": 4294967295
    }
  ],
  "vout": [
    {
      "value": 50.00000000,
      "n": 0,
      "scriptPubKey": {
        "asm": "0496b538e853519c726a2c91e61ec11600ae1390813a627c66fb8be7947be63c52da7589379515d4e0a604f8141781e62294721166bf621e73a82cbf2342c858ee OP_CHECKSIG",
        "desc": "pk(0496b538e853519c726a2c91e61ec11600ae1390813a627c66fb8be7947be63c52da7589379515d4e0a604f8141781e62294721166bf621e73a82cbf2342c858ee)#qnv32gt7",
        "hex": "410496b538e853519c726a2c91e61ec11600ae1390813a627c66fb8be7947be63c52da7589379515d4e0a604f8141781e62294721166bf621e73a82cbf2342c858eeac",
        "type": "pubkey"
      }
    }
  ]
})";

TEST(TxToJsonTest, CoinbaseMatchesCore)
{
    const auto blocks = ReadBlockFile("mainnet-blocks-0-255.dat");
    ASSERT_GE(blocks.size(), 2u);
    const Transaction& coinbase = *blocks[1].vtx[0];
    EXPECT_EQ(WriteJson(TxToJson(coinbase, script::MainAddressParams(), false), 2), TX_BLOCK1_COINBASE_JSON);
}

// Core's test/util/data/txcreatedata1.json: P2PKH and OP_RETURN outputs, "hex" included, 4-space indent.
const std::string TX_CREATEDATA1_HEX = "01000000011f5c38dfcf6f1a5f5a87c416076d392c87e6d41970d5ad5e477a02d66bde975800000"
                                       "00000ffffffff0280a81201000000001976a9"
                                       "141fc11f39be1729bf973a7ab6a615ca4729d6457488ac0084d71700000000526a4c4f546869732"
                                       "04f505f52455455524e207472616e7361637469"
                                       "6f6e206f7574707574207761732063726561746564206279206d6f6469666965642063726561746"
                                       "57261777472616e73616374696f6e2e000000"
                                       "00";
const std::string TX_CREATEDATA1_JSON = R"({
    "txid": "07894b4d12fe7853dd911402db1620920d261b9627c447f931417d330c25f06e",
    "hash": "07894b4d12fe7853dd911402db1620920d261b9627c447f931417d330c25f06e",
    "version": 1,
    "size": 176,
    "vsize": 176,
    "weight": 704,
    "locktime": 0,
    "vin": [
        {
            "txid": "5897de6bd6027a475eadd57019d4e6872c396d0716c4875a5f1a6fcfdf385c1f",
            "vout": 0,
            "scriptSig": {
                "asm": "",
                "hex": ""
            },
            "sequence": 4294967295
        }
    ],
    "vout": [
        {
            "value": 0.18000000,
            "n": 0,
            "scriptPubKey": {
                "asm": "OP_DUP OP_HASH160 1fc11f39be1729bf973a7ab6a615ca4729d64574 OP_EQUALVERIFY OP_CHECKSIG",
                "desc": "addr(13tuJJDR2RgArmgfv6JScSdreahzgc4T6o)#ztmwxg4c",
                "hex": "76a9141fc11f39be1729bf973a7ab6a615ca4729d6457488ac",
                "address": "13tuJJDR2RgArmgfv6JScSdreahzgc4T6o",
                "type": "pubkeyhash"
            }
        },
        {
            "value": 4.00000000,
            "n": 1,
            "scriptPubKey": {
                "asm": "OP_RETURN 54686973204f505f52455455524e207472616e73616374696f6e206f7574707574207761732063726561746564206279206d6f646966696564206372656174657261777472616e73616374696f6e2e",
                "desc": "raw(6a4c4f54686973204f505f52455455524e207472616e73616374696f6e206f7574707574207761732063726561746564206279206d6f646966696564206372656174657261777472616e73616374696f6e2e)#zf2avljj",
                "hex": "6a4c4f54686973204f505f52455455524e207472616e73616374696f6e206f7574707574207761732063726561746564206279206d6f646966696564206372656174657261777472616e73616374696f6e2e",
                "type": "nulldata"
            }
        }
    ],
    "hex": "01000000011f5c38dfcf6f1a5f5a87c416076d392c87e6d41970d5ad5e477a02d66bde97580000000000ffffffff0280a81201000000001976a9141fc11f39be1729bf973a7ab6a615ca4729d6457488ac0084d71700000000526a4c4f54686973204f505f52455455524e207472616e73616374696f6e206f7574707574207761732063726561746564206279206d6f646966696564206372656174657261777472616e73616374696f6e2e00000000"
})";

TEST(TxToJsonTest, P2pkhAndOpReturnMatchBitcoinTx)
{
    const Transaction tx = DecodeOrDie(TX_CREATEDATA1_HEX);
    EXPECT_EQ(WriteJson(TxToJson(tx, script::MainAddressParams(), /*include_hex=*/true), 4), TX_CREATEDATA1_JSON);
}

// A P2WPKH spend with P2WPKH outputs (mainnet 73b1ad97…, getrawtransaction verbose from Core 27.1).
const std::string TX_SEGWIT_HEX =
    "0200000000010196c01b379918ef6ec6420ea153fafe808a085367a9ef4ea7ad13164bb6ebcbbc000000000000000000020f79040000000000"
    "160014"
    "aafd7386f99f4b508ec05ee8f7edc2e07126620a2621010000000000160014a3de0fbba89c17d43093164ea955bad65bc260bf024730440220"
    "4a5bdf8a8d19b0a19044b0c0de3ced92b92e8d0c629ffca83178c85a608f719e02203841d40dd92db48715f9f41a732e139ac3cc7696a23adc"
    "87136bd8037a594e9f012102824a5e7b878f8d63887bdcb1b0982cdb0b375068b3798c4c96799476a19a389e00000000";
const std::string TX_SEGWIT_JSON = R"({
  "txid": "73b1ad97194e426031e5c692869de2d83dc2ff6033fc6f0ab5514345f92eaf0d",
  "hash": "91deb6a9d0f5a37e2e83d1e602ba14cd9811fd3605f582154c9bd1337f7f4c8a",
  "version": 2,
  "size": 222,
  "vsize": 141,
  "weight": 561,
  "locktime": 0,
  "vin": [
    {
      "txid": "bccbebb64b1613ada74eefa96753088a80fefa53a10e42c66eef1899371bc096",
      "vout": 0,
      "scriptSig": {
        "asm": "",
        "hex": ""
      },
      "txinwitness": [
        "304402204a5bdf8a8d19b0a19044b0c0de3ced92b92e8d0c629ffca83178c85a608f719e02203841d40dd92db48715f9f41a732e139ac3cc7696a23adc87136bd8037a594e9f01",
        "02824a5e7b878f8d63887bdcb1b0982cdb0b375068b3798c4c96799476a19a389e"
      ],
      "sequence": 0
    }
  ],
  "vout": [
    {
      "value": 0.00293135,
      "n": 0,
      "scriptPubKey": {
        "asm": "0 aafd7386f99f4b508ec05ee8f7edc2e07126620a",
        "desc": "addr(bc1q4t7h8phena94prkqtm500mwzupcjvcs2akcdy9)#qmxeweuu",
        "hex": "0014aafd7386f99f4b508ec05ee8f7edc2e07126620a",
        "address": "bc1q4t7h8phena94prkqtm500mwzupcjvcs2akcdy9",
        "type": "witness_v0_keyhash"
      }
    },
    {
      "value": 0.00074022,
      "n": 1,
      "scriptPubKey": {
        "asm": "0 a3de0fbba89c17d43093164ea955bad65bc260bf",
        "desc": "addr(bc1q500qlwagnstagvynze82j4d66eduyc9lf64ksh)#mynfp6xy",
        "hex": "0014a3de0fbba89c17d43093164ea955bad65bc260bf",
        "address": "bc1q500qlwagnstagvynze82j4d66eduyc9lf64ksh",
        "type": "witness_v0_keyhash"
      }
    }
  ],
  "hex": "0200000000010196c01b379918ef6ec6420ea153fafe808a085367a9ef4ea7ad13164bb6ebcbbc000000000000000000020f79040000000000160014aafd7386f99f4b508ec05ee8f7edc2e07126620a2621010000000000160014a3de0fbba89c17d43093164ea955bad65bc260bf0247304402204a5bdf8a8d19b0a19044b0c0de3ced92b92e8d0c629ffca83178c85a608f719e02203841d40dd92db48715f9f41a732e139ac3cc7696a23adc87136bd8037a594e9f012102824a5e7b878f8d63887bdcb1b0982cdb0b375068b3798c4c96799476a19a389e00000000"
})";

TEST(TxToJsonTest, SegwitSpendMatchesCore)
{
    const Transaction tx = DecodeOrDie(TX_SEGWIT_HEX);
    EXPECT_EQ(WriteJson(TxToJson(tx, script::MainAddressParams(), /*include_hex=*/true), 2), TX_SEGWIT_JSON);
}

// Mainnet 50aeb772… (an SRC-20 transfer): bare multisig outputs next to P2WPKH ones, getrawtransaction
// verbose with the fields getrawtransaction adds after TxToUniv's.
const std::string TX_MULTISIG_HEX =
    "02000000000101beda13f885a98735a0620802910326b023171971ffe5c8208e522ec08cee05600200000000ffffffff042b02000000000000"
    "16"
    "0014afdcc32a2778ebd36c4859c7301bb4c32cb59f93780300000000000069512103c46b73fe2ff939bea5d0a577950dc8876e863bed11c887"
    "d6"
    "81417dfd70533e5121039036c8182c70770f8f6bd702a25c7179bfff1ccb3a844297a717226b88b976cc210202020202020202020202020202"
    "02"
    "02020202020202020202020202020202020253ae780300000000000069512102dc054e58b755f233295d2a8759a3e4cbf678619d8e75379e79"
    "89"
    "046dbce16be32102932b35a45d21395ac8bb54b8f9dae3fd2dbc309c24e550cf2211fe6aa897e5ca2102020202020202020202020202020202"
    "02"
    "0202020202020202020202020202020253ae6a44050000000000160014cc1d6448d6879b3e260829d9a31717beb772186e02483045022100bd"
    "8c"
    "27473a5a82cc9085af4fd530ffbcb8642fda04689ac27ecefa01287f54e5022040af2daafaa1bedd6f80ee9d751cc88c12de8f8e65b33222c4"
    "32"
    "d066c8cecbd801210314beffca49f214014cccdc0e1f7259aa1a5eeaaa34da1a4fd807e16fea3a86b000000000";
const std::string TX_MULTISIG_JSON = R"({
  "txid": "50aeb77245a9483a5b077e4e7506c331dc2f628c22046e7d2b4c6ad6c6236ae1",
  "hash": "d045be2dc4647d92c1327fbd5572e6c7024f00f1e991b833f38cbdfb1a19577c",
  "version": 2,
  "size": 451,
  "vsize": 369,
  "weight": 1474,
  "locktime": 0,
  "vin": [
    {
      "txid": "6005ee8cc02e528e20c8e5ff71191723b0260391020862a03587a985f813dabe",
      "vout": 2,
      "scriptSig": {
        "asm": "",
        "hex": ""
      },
      "txinwitness": [
        "3045022100bd8c27473a5a82cc9085af4fd530ffbcb8642fda04689ac27ecefa01287f54e5022040af2daafaa1bedd6f80ee9d751cc88c12de8f8e65b33222c432d066c8cecbd801",
        "0314beffca49f214014cccdc0e1f7259aa1a5eeaaa34da1a4fd807e16fea3a86b0"
      ],
      "sequence": 4294967295
    }
  ],
  "vout": [
    {
      "value": 0.00000555,
      "n": 0,
      "scriptPubKey": {
        "asm": "0 afdcc32a2778ebd36c4859c7301bb4c32cb59f93",
        "desc": "addr(bc1q4lwvx2380r4axmzgt8rnqxa5cvktt8unqlnka6)#3yzckyj0",
        "hex": "0014afdcc32a2778ebd36c4859c7301bb4c32cb59f93",
        "address": "bc1q4lwvx2380r4axmzgt8rnqxa5cvktt8unqlnka6",
        "type": "witness_v0_keyhash"
      }
    },
    {
      "value": 0.00000888,
      "n": 1,
      "scriptPubKey": {
        "asm": "1 03c46b73fe2ff939bea5d0a577950dc8876e863bed11c887d681417dfd70533e51 039036c8182c70770f8f6bd702a25c7179bfff1ccb3a844297a717226b88b976cc 020202020202020202020202020202020202020202020202020202020202020202 3 OP_CHECKMULTISIG",
        "desc": "multi(1,03c46b73fe2ff939bea5d0a577950dc8876e863bed11c887d681417dfd70533e51,039036c8182c70770f8f6bd702a25c7179bfff1ccb3a844297a717226b88b976cc,020202020202020202020202020202020202020202020202020202020202020202)#jjleg3k0",
        "hex": "512103c46b73fe2ff939bea5d0a577950dc8876e863bed11c887d681417dfd70533e5121039036c8182c70770f8f6bd702a25c7179bfff1ccb3a844297a717226b88b976cc2102020202020202020202020202020202020202020202020202020202020202020253ae",
        "type": "multisig"
      }
    },
    {
      "value": 0.00000888,
      "n": 2,
      "scriptPubKey": {
        "asm": "1 02dc054e58b755f233295d2a8759a3e4cbf678619d8e75379e7989046dbce16be3 02932b35a45d21395ac8bb54b8f9dae3fd2dbc309c24e550cf2211fe6aa897e5ca 020202020202020202020202020202020202020202020202020202020202020202 3 OP_CHECKMULTISIG",
        "desc": "multi(1,02dc054e58b755f233295d2a8759a3e4cbf678619d8e75379e7989046dbce16be3,02932b35a45d21395ac8bb54b8f9dae3fd2dbc309c24e550cf2211fe6aa897e5ca,020202020202020202020202020202020202020202020202020202020202020202)#x8agrm2s",
        "hex": "512102dc054e58b755f233295d2a8759a3e4cbf678619d8e75379e7989046dbce16be32102932b35a45d21395ac8bb54b8f9dae3fd2dbc309c24e550cf2211fe6aa897e5ca2102020202020202020202020202020202020202020202020202020202020202020253ae",
        "type": "multisig"
      }
    },
    {
      "value": 0.00345194,
      "n": 3,
      "scriptPubKey": {
        "asm": "0 cc1d6448d6879b3e260829d9a31717beb772186e",
        "desc": "addr(bc1qeswkgjxks7dnufsg98v6x9chh6mhyxrwrvdktf)#km4m4l32",
        "hex": "0014cc1d6448d6879b3e260829d9a31717beb772186e",
        "address": "bc1qeswkgjxks7dnufsg98v6x9chh6mhyxrwrvdktf",
        "type": "witness_v0_keyhash"
      }
    }
  ],
  "hex": "02000000000101beda13f885a98735a0620802910326b023171971ffe5c8208e522ec08cee05600200000000ffffffff042b02000000000000160014afdcc32a2778ebd36c4859c7301bb4c32cb59f93780300000000000069512103c46b73fe2ff939bea5d0a577950dc8876e863bed11c887d681417dfd70533e5121039036c8182c70770f8f6bd702a25c7179bfff1ccb3a844297a717226b88b976cc2102020202020202020202020202020202020202020202020202020202020202020253ae780300000000000069512102dc054e58b755f233295d2a8759a3e4cbf678619d8e75379e7989046dbce16be32102932b35a45d21395ac8bb54b8f9dae3fd2dbc309c24e550cf2211fe6aa897e5ca2102020202020202020202020202020202020202020202020202020202020202020253ae6a44050000000000160014cc1d6448d6879b3e260829d9a31717beb772186e02483045022100bd8c27473a5a82cc9085af4fd530ffbcb8642fda04689ac27ecefa01287f54e5022040af2daafaa1bedd6f80ee9d751cc88c12de8f8e65b33222c432d066c8cecbd801210314beffca49f214014cccdc0e1f7259aa1a5eeaaa34da1a4fd807e16fea3a86b000000000",
  "blockhash": "00000000000000000005304641c363ce12d8a2a3b98c81d6b8b721cb37f66dfa",
  "confirmations": 1999,
  "time": 1686278106,
  "blocktime": 1686278106
})";

TEST(TxToJsonTest, BareMultisigOutputsMatchCoreGetRawTransaction)
{
    const Transaction tx = DecodeOrDie(TX_MULTISIG_HEX);
    // getrawtransaction appends the block fields after TxToUniv's own (Core's TxToJSON in rawtransaction.cpp).
    json result = TxToJson(tx, script::MainAddressParams(), /*include_hex=*/true);
    result["blockhash"] = "00000000000000000005304641c363ce12d8a2a3b98c81d6b8b721cb37f66dfa";
    result["confirmations"] = 1999;
    result["time"] = 1686278106;
    result["blocktime"] = 1686278106;
    EXPECT_EQ(WriteJson(result, 2), TX_MULTISIG_JSON);
}

TEST(TxToJsonTest, P2shSpendAndOutput)
{
    // Mainnet b891111d…: a P2SH-wrapped bare multisig spend; the redeem script is not a signature, so it
    // prints as plain hex while the signature before it gets its "[ALL]".
    const Transaction tx = DecodeOrDie(
        "0200000001c5167dd8f59fc3ed78fbea5ce574f21739de1d3197a704dc8a3f5e1ef0527304000000006f004730440220049d3138f841b6"
        "3e"
        "96725cb9e86a53a92cd1d9e1b0740f5d4cd2ae0bcab684bf0220208d555c7e24e4c01cf67dfa9161091533e9efd6d1602bb53a49f7195c"
        "16b03701255121036bd7943325ed9c9e1a44d98a8b5759c4bf4807df4312810ed5fc09dfb967811951aefdffffff01e4e10f0000000000"
        "17a91429d13058087ddf2d48de404376fdcb5c4abff4bc8700000000");
    const json j = TxToJson(tx, script::MainAddressParams(), false);
    EXPECT_EQ(j["txid"], "b891111d35ffc72709140b7bd2a82fde20deca53831f42a96704dede42c793d2");
    EXPECT_EQ(
        j["vin"][0]["scriptSig"]["asm"],
        "0 30440220049d3138f841b63e96725cb9e86a53a92cd1d9e1b0740f5d4cd2ae0bcab684bf0220208d555c7e24e4c01cf67dfa91610"
        "91533e9efd6d1602bb53a49f7195c16b037[ALL] 5121036bd7943325ed9c9e1a44d98a8b5759c4bf4807df4312810ed5fc09dfb96781"
        "1951ae");
    EXPECT_EQ(j["vin"][0]["sequence"], 4294967293u);
    EXPECT_EQ(WriteJson(j["vout"][0]["value"]), "0.01040868");
    EXPECT_EQ(WriteJson(j["vout"][0]["scriptPubKey"]),
              R"({"asm":"OP_HASH160 29d13058087ddf2d48de404376fdcb5c4abff4bc OP_EQUAL",)"
              R"("desc":"addr(35W8E71bdDhQw4ZC7uUZvXG3qhyWVYxfMB)#4rtfrxzg",)"
              R"("hex":"a91429d13058087ddf2d48de404376fdcb5c4abff4bc87",)"
              R"("address":"35W8E71bdDhQw4ZC7uUZvXG3qhyWVYxfMB","type":"scripthash"})");
}

TEST(TxToJsonTest, SegwitCoinbaseShowsWitnessBeforeSequence)
{
    // Since Core 0.21 a coinbase's witness (the BIP141 reserved value) is shown too.
    const util::Bytes raw = testutil::ReadBinaryFile(
        testutil::VectorPath("block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk"));
    const auto block = primitives::DecodeBlock(raw);
    ASSERT_TRUE(block) << block.error();
    const Transaction& coinbase = *block->vtx[0];
    ASSERT_TRUE(coinbase.HasWitness());
    const json in = TxToJson(coinbase, script::MainAddressParams(), false)["vin"][0];
    std::vector<std::string> keys;
    for (const auto& [key, value] : in.items()) keys.push_back(key);
    EXPECT_EQ(keys, (std::vector<std::string>{"coinbase", "txinwitness", "sequence"}));
    EXPECT_EQ(in["txinwitness"], json::array({std::string(64, '0')}));
    EXPECT_EQ(in["coinbase"], util::HexStr(coinbase.vin[0].script_sig));
}

TEST(TxToJsonTest, VersionIsPrintedUnsigned)
{
    // Core stores nVersion as uint32 since v28: 0xffffffff prints as 4294967295, not -1.
    primitives::MutableTransaction mtx;
    mtx.version = -1;
    mtx.vin.emplace_back();
    mtx.vin[0].prevout.n = 0;
    mtx.vout.push_back(primitives::TxOut{0, {}});
    mtx.locktime = 0xffffffff;
    const json j = TxToJson(Transaction{mtx}, script::MainAddressParams(), false);
    EXPECT_EQ(WriteJson(j["version"]), "4294967295");
    EXPECT_EQ(WriteJson(j["locktime"]), "4294967295");
    EXPECT_EQ(WriteJson(j["vout"][0]["value"]), "0.00000000");
    EXPECT_EQ(j["vout"][0]["scriptPubKey"]["type"], "nonstandard");
    EXPECT_EQ(j["vout"][0]["scriptPubKey"]["desc"], script::AddChecksum("raw()"));
}

TEST(TxToJsonTest, NetworkChangesAddressesOnly)
{
    const Transaction tx = DecodeOrDie(TX_SEGWIT_HEX);
    const json j = TxToJson(tx, script::RegtestAddressParams(), false);
    const std::string address = j["vout"][0]["scriptPubKey"]["address"];
    EXPECT_EQ(address.substr(0, 5), "bcrt1");
    EXPECT_EQ(j["vout"][0]["scriptPubKey"]["asm"], "0 aafd7386f99f4b508ec05ee8f7edc2e07126620a");
}

// ------------------------------------------------------------------------------------------ undo and blocks

/// Block 170 spends block 9's coinbase; builds the undo data Core would have stored for it.
storage::BlockUndo Block170Undo(const std::vector<primitives::Block>& blocks)
{
    storage::BlockUndo undo;
    storage::TxUndo txundo;
    txundo.prevouts.emplace_back(blocks[9].vtx[0]->vout[0], 9, true);
    undo.txundo.push_back(txundo);
    return undo;
}

TEST(TxToJsonTest, UndoDataAddsFeeAndPrevout)
{
    const auto blocks = ReadBlockFile("mainnet-blocks-0-255.dat");
    ASSERT_GE(blocks.size(), 171u);
    const Transaction& tx = *blocks[170].vtx[1];
    ASSERT_EQ(tx.GetTxid().ToHex(), "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16");
    const storage::BlockUndo undo = Block170Undo(blocks);

    // Verbosity 2: the fee (50 in, 10 + 40 out) after vout, no prevout.
    json j = TxToJson(tx, script::MainAddressParams(), true, nullptr, &undo.txundo[0], TxVerbosity::SHOW_DETAILS);
    std::vector<std::string> keys;
    for (const auto& [key, value] : j.items()) keys.push_back(key);
    EXPECT_EQ(keys, (std::vector<std::string>{"txid", "hash", "version", "size", "vsize", "weight", "locktime", "vin",
                                              "vout", "fee", "hex"}));
    EXPECT_EQ(WriteJson(j["fee"]), "0.00000000");
    EXPECT_FALSE(j["vin"][0].contains("prevout"));

    // Verbosity 3: each input's spent coin between scriptSig/witness and sequence.
    j = TxToJson(tx, script::MainAddressParams(), true, nullptr, &undo.txundo[0],
                 TxVerbosity::SHOW_DETAILS_AND_PREVOUT);
    EXPECT_EQ(WriteJson(j["vin"][0], 2),
              R"({
  "txid": "0437cd7f8525ceed2324359c2d0ba26006d92d856a9c20fa0241106ee5a597c9",
  "vout": 0,
  "scriptSig": {
    "asm": "304402204e45e16932b8af514961a1d3a1a25fdf3f4f7732e9d624c6c61548ab5fb8cd410220181522ec8eca07de4860a4acdd12909d831cc56cbbac4622082221a8768d1d09[ALL]",
    "hex": "47304402204e45e16932b8af514961a1d3a1a25fdf3f4f7732e9d624c6c61548ab5fb8cd410220181522ec8eca07de4860a4acdd12909d831cc56cbbac4622082221a8768d1d0901"
  },
  "prevout": {
    "generated": true,
    "height": 9,
    "value": 50.00000000,
    "scriptPubKey": {
      "asm": "0411db93e1dcdb8a016b49840f8c53bc1eb68a382e97b1482ecad7b148a6909a5cb2e0eaddfb84ccf9744464f82e160bfa9b8b64f9d4c03f999b8643f656b412a3 OP_CHECKSIG",
      "desc": "pk(0411db93e1dcdb8a016b49840f8c53bc1eb68a382e97b1482ecad7b148a6909a5cb2e0eaddfb84ccf9744464f82e160bfa9b8b64f9d4c03f999b8643f656b412a3)#u7qfa49l",
      "hex": "410411db93e1dcdb8a016b49840f8c53bc1eb68a382e97b1482ecad7b148a6909a5cb2e0eaddfb84ccf9744464f82e160bfa9b8b64f9d4c03f999b8643f656b412a3ac",
      "type": "pubkey"
    }
  },
  "sequence": 4294967295
})");

    // Undo data for the wrong number of inputs is a corruption, reported rather than misprinted.
    storage::TxUndo wrong;
    EXPECT_THROW(TxToJson(tx, script::MainAddressParams(), true, nullptr, &wrong), JsonRpcError);
}

TEST(TxToJsonTest, BlockHashGoesBeforeHex)
{
    const Transaction tx = DecodeOrDie(TX_F4184F_HEX);
    const auto hash = util::Uint256::FromHex("00000000d1145790a8694403d4063f323d499e655c83426834d4ce2f8dd4a2ee");
    ASSERT_TRUE(hash);
    const json j = TxToJson(tx, script::MainAddressParams(), true, &*hash);
    std::vector<std::string> keys;
    for (const auto& [key, value] : j.items()) keys.push_back(key);
    ASSERT_GE(keys.size(), 2u);
    EXPECT_EQ(keys[keys.size() - 2], "blockhash");
    EXPECT_EQ(keys.back(), "hex");
    EXPECT_EQ(j["blockhash"], "00000000d1145790a8694403d4063f323d499e655c83426834d4ce2f8dd4a2ee");
    // A null hash is "no block", as in Core.
    const util::Uint256 null_hash;
    EXPECT_FALSE(TxToJson(tx, script::MainAddressParams(), true, &null_hash).contains("blockhash"));
}

BlockHeaderContext GenesisContext()
{
    BlockHeaderContext context;
    context.height = 0;
    context.confirmations = 2;
    context.median_time = 1231006505;
    context.chain_work = *util::Uint256::FromHex("0000000000000000000000000000000000000000000000000000000100010001");
    context.n_tx = 1;
    context.next_block_hash =
        util::Uint256::FromHex("00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048");
    return context;
}

TEST(BlockToJsonTest, GenesisAtVerbosityOneMatchesCore)
{
    const auto blocks = ReadBlockFile("mainnet-blocks-0-255.dat");
    ASSERT_FALSE(blocks.empty());
    EXPECT_EQ(
        WriteJson(BlockToJson(blocks[0], GenesisContext(), TxVerbosity::SHOW_TXID, script::MainAddressParams()), 2),
        R"({
  "hash": "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
  "confirmations": 2,
  "height": 0,
  "version": 1,
  "versionHex": "00000001",
  "merkleroot": "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b",
  "time": 1231006505,
  "mediantime": 1231006505,
  "nonce": 2083236893,
  "bits": "1d00ffff",
  "target": "00000000ffff0000000000000000000000000000000000000000000000000000",
  "difficulty": 1,
  "chainwork": "0000000000000000000000000000000000000000000000000000000100010001",
  "nTx": 1,
  "nextblockhash": "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048",
  "strippedsize": 285,
  "size": 285,
  "weight": 1140,
  "tx": [
    "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
  ]
})");
}

TEST(BlockToJsonTest, VerbosityTwoAndThreeEmbedTransactions)
{
    const auto blocks = ReadBlockFile("mainnet-blocks-0-255.dat");
    ASSERT_GE(blocks.size(), 171u);
    BlockHeaderContext context;
    context.height = 170;
    context.confirmations = 1;
    context.n_tx = 2;
    const storage::BlockUndo undo = Block170Undo(blocks);

    const json v2 = BlockToJson(blocks[170], context, TxVerbosity::SHOW_DETAILS, script::MainAddressParams());
    ASSERT_EQ(v2["tx"].size(), 2u);
    EXPECT_EQ(v2["tx"][0], TxToJson(*blocks[170].vtx[0], script::MainAddressParams(), true));
    EXPECT_EQ(v2["tx"][1], TxToJson(*blocks[170].vtx[1], script::MainAddressParams(), true));
    EXPECT_EQ(v2["previousblockhash"], blocks[169].GetHash().ToHex());
    EXPECT_FALSE(v2.contains("nextblockhash"));

    // With undo data: no fee or prevout for the coinbase, both for the spend.
    const json v3 =
        BlockToJson(blocks[170], context, TxVerbosity::SHOW_DETAILS_AND_PREVOUT, script::MainAddressParams(), &undo);
    EXPECT_FALSE(v3["tx"][0].contains("fee"));
    EXPECT_FALSE(v3["tx"][0]["vin"][0].contains("prevout"));
    EXPECT_EQ(v3["tx"][1], TxToJson(*blocks[170].vtx[1], script::MainAddressParams(), true, nullptr, &undo.txundo[0],
                                    TxVerbosity::SHOW_DETAILS_AND_PREVOUT));

    const storage::BlockUndo short_undo;
    EXPECT_THROW(BlockToJson(blocks[170], context, TxVerbosity::SHOW_DETAILS, script::MainAddressParams(), &short_undo),
                 JsonRpcError);
}

TEST(BlockToJsonTest, DifficultyAsCore)
{
    EXPECT_EQ(GetDifficulty(0x1d00ffff), 1.0);
    // Block 100,000's bits; Core shows 14484.1623612254.
    EXPECT_EQ(WriteJson(json(GetDifficulty(0x1b04864c))), "14484.1623612254");
    // Regtest's minimum difficulty.
    EXPECT_EQ(WriteJson(json(GetDifficulty(0x207fffff))), "4.656542373906925e-10");
}

TEST(BlockToJsonTest, Hex8IsZeroPaddedLowerCase)
{
    EXPECT_EQ(Hex8(0x1d00ffff), "1d00ffff");
    EXPECT_EQ(Hex8(0x20000000), "20000000");
    EXPECT_EQ(Hex8(0xABC), "00000abc");
    EXPECT_EQ(Hex8(0xffffffff), "ffffffff"); // a negative version as versionHex
}

// ------------------------------------------------------------------------------------------ scripts

TEST(ScriptToJsonTest, DecodescriptFieldsMatchCore)
{
    // decodescript prints ScriptToUniv without "hex" (include_hex = false).
    EXPECT_EQ(WriteJson(ScriptToJson(Hex("2103c8edf725b59d9f370870a5dcd5e70b0baea493a5b85cb227c1ef6a8e8cdad8fbac"),
                                     script::RegtestAddressParams(), /*include_hex=*/false),
                        2),
              R"({
  "asm": "03c8edf725b59d9f370870a5dcd5e70b0baea493a5b85cb227c1ef6a8e8cdad8fb OP_CHECKSIG",
  "desc": "pk(03c8edf725b59d9f370870a5dcd5e70b0baea493a5b85cb227c1ef6a8e8cdad8fb)#uyjfg78q",
  "type": "pubkey"
})");
    EXPECT_EQ(
        WriteJson(
            ScriptToJson(Hex("a914d6b28dadb9966952e2c05b497176e01c1acb3c8b87"), script::MainAddressParams(), false), 2),
        R"({
  "asm": "OP_HASH160 d6b28dadb9966952e2c05b497176e01c1acb3c8b OP_EQUAL",
  "desc": "addr(3MGERhsHFk7nL9TgmqwQPa6be2QJzMAnUt)#ulfdl3rz",
  "address": "3MGERhsHFk7nL9TgmqwQPa6be2QJzMAnUt",
  "type": "scripthash"
})");
    EXPECT_EQ(
        WriteJson(ScriptToJson(Hex("203e61dd9b70d4f6d5a2c30f955995b4186f0374c781a69cbbce244b7140d24281ad02f003b2"),
                               script::RegtestAddressParams(), false),
                  2),
        R"({
  "asm": "3e61dd9b70d4f6d5a2c30f955995b4186f0374c781a69cbbce244b7140d24281 OP_CHECKSIGVERIFY 1008 OP_CHECKSEQUENCEVERIFY",
  "desc": "raw(203e61dd9b70d4f6d5a2c30f955995b4186f0374c781a69cbbce244b7140d24281ad02f003b2)#fejnhmtz",
  "type": "nonstandard"
})");
}

TEST(ScriptToJsonTest, TaprootAndRunestoneOutputsMatchCore)
{
    EXPECT_EQ(WriteJson(ScriptToJson(Hex("512083698e458c6664e1595d75da2597de1e22ee97d798e706c4c0a4b5a9823cd743"),
                                     script::TestAddressParams()),
                        2),
              R"({
  "asm": "1 83698e458c6664e1595d75da2597de1e22ee97d798e706c4c0a4b5a9823cd743",
  "desc": "rawtr(83698e458c6664e1595d75da2597de1e22ee97d798e706c4c0a4b5a9823cd743)#lr3hfg6s",
  "hex": "512083698e458c6664e1595d75da2597de1e22ee97d798e706c4c0a4b5a9823cd743",
  "address": "tb1psd5cu3vvvejwzk2awhdzt977rc3wa97hnrnsd3xq5j66nq3u6aps0rtp4w",
  "type": "witness_v1_taproot"
})");
    EXPECT_EQ(WriteJson(ScriptToJson(Hex("6a5d21020704b5e1d8e1c8eeb788a30705a02d039f3e01020680dc9afd2808c7e8430a64"),
                                     script::MainAddressParams())),
              R"({"asm":"OP_RETURN 13 020704b5e1d8e1c8eeb788a30705a02d039f3e01020680dc9afd2808c7e8430a64",)"
              R"("desc":"raw(6a5d21020704b5e1d8e1c8eeb788a30705a02d039f3e01020680dc9afd2808c7e8430a64)#d24em3lg",)"
              R"("hex":"6a5d21020704b5e1d8e1c8eeb788a30705a02d039f3e01020680dc9afd2808c7e8430a64","type":"nulldata"})");
}

TEST(ScriptToJsonTest, WithoutAddressOmitsDescAndAddress)
{
    const json j = ScriptToJson(Hex("76a9141fc11f39be1729bf973a7ab6a615ca4729d6457488ac"), script::MainAddressParams(),
                                /*include_hex=*/true, /*include_address=*/false);
    EXPECT_EQ(WriteJson(j),
              R"({"asm":"OP_DUP OP_HASH160 1fc11f39be1729bf973a7ab6a615ca4729d64574 OP_EQUALVERIFY )"
              R"(OP_CHECKSIG","hex":"76a9141fc11f39be1729bf973a7ab6a615ca4729d6457488ac","type":"pubkeyhash"})");
}

// ------------------------------------------------------------------------------------------ decoding

TEST(DecodeHexTxTest, RejectsWhatCoreRejects)
{
    EXPECT_FALSE(DecodeHexTx(""));
    EXPECT_FALSE(DecodeHexTx("0"));                          // odd length
    EXPECT_FALSE(DecodeHexTx("zz"));                         // not hex
    EXPECT_FALSE(DecodeHexTx(" " + TX_F4184F_HEX));          // Core's IsHex allows no spaces
    EXPECT_FALSE(DecodeHexTx(TX_F4184F_HEX + "00"));         // a trailing byte
    EXPECT_FALSE(DecodeHexTx(TX_F4184F_HEX.substr(0, 100))); // truncated
    // The witness flag with every witness empty is Core's "Superfluous witness record", and the bytes do
    // not parse as a legacy transaction either.
    const Transaction segwit = DecodeOrDie(TX_SEGWIT_HEX);
    primitives::MutableTransaction stripped = segwit.ToMutable();
    stripped.vin[0].witness.clear();
    const std::string no_witness_hex = util::HexStr(primitives::SerializeTransaction(stripped));
    std::string superfluous = no_witness_hex.substr(0, 8) + "0001" + no_witness_hex.substr(8);
    superfluous.insert(superfluous.size() - 8, "00"); // one empty witness stack
    EXPECT_FALSE(DecodeHexTx(superfluous));
}

TEST(DecodeHexTxTest, WitnessFlagsRestrictTheFormats)
{
    // A witness transaction decodes only when the witness format may be tried.
    EXPECT_TRUE(DecodeHexTx(TX_SEGWIT_HEX, /*try_no_witness=*/true, /*try_witness=*/true));
    EXPECT_TRUE(DecodeHexTx(TX_SEGWIT_HEX, false, true));
    EXPECT_FALSE(DecodeHexTx(TX_SEGWIT_HEX, true, false));

    // Core's rpc_rawtransaction.py (decoderawtransaction's iswitness argument).
    const std::string witness_tx =
        "010000000001010000000000000072c1a6a246ae63f74f931e8365e15a089c68d6190000000000000000000"
        "0ffffffff0100e1f50500000000000102616100000000";
    const auto witness = DecodeHexTx(witness_tx, false, true);
    ASSERT_TRUE(witness);
    EXPECT_EQ(witness->vout.at(0).value, COIN);
    EXPECT_FALSE(DecodeHexTx(witness_tx, true, false));
    const auto legacy = DecodeHexTx("01000000010000000000000072c1a6a246ae63f74f931e8365e15a089c68d6190000000000000000"
                                    "0000ffffffff0100e1f505000000000000000000",
                                    true, false);
    ASSERT_TRUE(legacy);
    EXPECT_EQ(legacy->vout.at(0).value, COIN);
}

TEST(DecodeHexTxTest, KnownAmbiguousCoinbaseDecodesAsWitness)
{
    // Core's rpc_rawtransaction.py, bitcoin/bitcoin#20579: a mainnet coinbase that also parses as a legacy
    // transaction; the witness reading must win and the legacy-only decode must fail.
    const std::string coinbase =
        "03c68708046ff8415c622f4254432e434f4d2ffabe6d6de1965d02c68f928e5b244ab1965115a36f56eb9976"
        "33c7f690124bbf43644e23080000000ca3d3af6d005a65ff0200fd00000000";
    const std::string hex =
        "020000000001010000000000000000000000000000000000000000000000000000000000000000ffffffff4b" + coinbase +
        "ffffffff03f4c1fb4b0000000016001497cfc76442fe717f2a3f0cc9c175f7561b6619970000000000000000266a24aa21a9ed957d10"
        "36a80343e0d1b659497e1b48a38ebe876a056d45965fac4a85cda84e1900000000000000002952534b424c4f434b3a8e092581ab0198"
        "6cbadc84f4b43f4fa4bb9e7a2e2a0caf9b7cf64d939028e22c012000000000000000000000000000000000000000000000000000000000"
        "0000000000000000";
    const auto decoded = DecodeHexTx(hex);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded, DecodeHexTx(hex, false, true));
    EXPECT_FALSE(DecodeHexTx(hex, true, false));
    EXPECT_EQ(TxToJson(Transaction{*decoded}, script::MainAddressParams(), false)["vin"][0]["coinbase"], coinbase);
}

TEST(DecodeHexTxTest, ZeroInputTransactionsDecodeAsLegacy)
{
    // bitcoin-tx's txcreatemultisig1: no inputs, one 1 BTC bare multisig output. The witness reading
    // (marker 00, flag 01) fails, so the legacy one is used.
    const auto mtx = DecodeHexTx(
        "01000000000100e1f5050000000069522102a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff39721021ac43c"
        "7ff740014c3b33737ede99c967e4764553d1b2b83db77c83b8715fa72d2102df2089105c77f266fa11a9d33f05c735234075f2e8780824"
        "c6"
        "b709415f9fb48553ae00000000");
    ASSERT_TRUE(mtx);
    EXPECT_TRUE(mtx->vin.empty());
    ASSERT_EQ(mtx->vout.size(), 1u);
    EXPECT_EQ(mtx->vout[0].value, COIN);
    EXPECT_EQ(Transaction{*mtx}.GetTxid().ToHex(), "0d1d4edfc217d9db3ab6a9298f26a52eae3c52f55a6cb8ccbc14f7c727572894");
    const json j = TxToJson(Transaction{*mtx}, script::MainAddressParams(), false);
    EXPECT_EQ(WriteJson(j["vin"], 4), "[\n]");
    EXPECT_EQ(j["vout"][0]["scriptPubKey"]["type"], "multisig");
}

TEST(DecodeHexTxTest, PrefersTheReadingWithSaneScripts)
{
    // Bytes that parse completely both ways (Core's DecodeTx heuristics, core_read.cpp). After the
    // version, "00 01" is the witness marker and flag, or an empty vin and an output count of 1:
    //  - witness reading: one input whose scriptSig is 0xba (OP_CHECKSIGADD, undefined outside
    //    tapscript, so the sanity check fails), no outputs, a one-item witness;
    //  - legacy reading: one output whose value is the input count and the first 7 outpoint bytes and
    //    whose script (length = outpoint byte 7) is one PUSHDATA1 covering the rest: sane.
    // Core takes a sane reading over an insane one, so the legacy one wins here.
    std::string outpoint = std::string(14, '1') + "26" + "4c" + "24" + std::string(52, '2'); // hash and index
    ASSERT_EQ(outpoint.size(), 72u);
    const std::string bytes = "02000000"
                              "0001"
                              "01" +
                              outpoint + "01ba" + "ffffffff" + "00" + "0101aa" + "00000000";

    const auto witness_reading = DecodeHexTx(bytes, /*try_no_witness=*/false, /*try_witness=*/true);
    ASSERT_TRUE(witness_reading);
    EXPECT_EQ(witness_reading->vin.size(), 1u);
    EXPECT_TRUE(witness_reading->vout.empty());

    const auto legacy_reading = DecodeHexTx(bytes, /*try_no_witness=*/true, /*try_witness=*/false);
    ASSERT_TRUE(legacy_reading);
    EXPECT_TRUE(legacy_reading->vin.empty());
    ASSERT_EQ(legacy_reading->vout.size(), 1u);

    EXPECT_EQ(DecodeHexTx(bytes), legacy_reading);

    // Make the legacy script insane too: push one byte less, so its last byte (the witness item, byte 46
    // after the flag) is an opcode, and make that 0xba. Neither reading is sane now, and Core falls back
    // to the witness reading.
    outpoint.replace(16, 4,
                     "4c"
                     "23");
    std::string tweaked = "02000000"
                          "0001"
                          "01" +
                          outpoint + "01ba" + "ffffffff" + "00" + "0101ba" + "00000000";
    ASSERT_EQ(tweaked.substr(12 + 2 * 46, 2), "ba");
    const auto both_insane = DecodeHexTx(tweaked);
    ASSERT_TRUE(both_insane);
    EXPECT_EQ(both_insane->vin.size(), 1u);
}

TEST(EncodeHexTxTest, RoundTrips)
{
    const Transaction tx = DecodeOrDie(TX_MULTISIG_HEX);
    EXPECT_EQ(EncodeHexTx(tx), TX_MULTISIG_HEX);
    EXPECT_EQ(EncodeHexTx(tx, primitives::TxWitnessMode::WITHOUT),
              util::HexStr(primitives::SerializeTransaction(tx, primitives::TxWitnessMode::WITHOUT)));
    EXPECT_NE(EncodeHexTx(tx, primitives::TxWitnessMode::WITHOUT), TX_MULTISIG_HEX);
}

// ------------------------------------------------------------------------------------------ amounts

TEST(AmountTest, FormatAmountHasEightDecimals)
{
    EXPECT_EQ(FormatAmount(0), "0.00000000");
    EXPECT_EQ(FormatAmount(1), "0.00000001");
    EXPECT_EQ(FormatAmount(COIN), "1.00000000");
    EXPECT_EQ(FormatAmount(50 * COIN), "50.00000000");
    EXPECT_EQ(FormatAmount(primitives::MAX_MONEY), "21000000.00000000");
    EXPECT_EQ(FormatAmount(-1), "-0.00000001");
    EXPECT_EQ(FormatAmount(-5 * COIN - 1), "-5.00000001");
    EXPECT_EQ(FormatAmount(std::numeric_limits<int64_t>::max()), "92233720368.54775807");
    EXPECT_EQ(FormatAmount(std::numeric_limits<int64_t>::min()), "-92233720368.54775808");
    // The JSON number in transactions prints the same text.
    EXPECT_EQ(WriteJson(ValueFromAmount(primitives::MAX_MONEY)), FormatAmount(primitives::MAX_MONEY));
}

TEST(AmountTest, FormatMoneyMatchesCore)
{
    // Core's util_tests (util_FormatMoney).
    EXPECT_EQ(FormatMoney(0), "0.00");
    EXPECT_EQ(FormatMoney((COIN / 10000) * 123456789), "12345.6789");
    EXPECT_EQ(FormatMoney(-COIN), "-1.00");
    EXPECT_EQ(FormatMoney(COIN * 100000000), "100000000.00");
    EXPECT_EQ(FormatMoney(COIN * 10), "10.00");
    EXPECT_EQ(FormatMoney(COIN / 10), "0.10");
    EXPECT_EQ(FormatMoney(COIN / 100), "0.01");
    EXPECT_EQ(FormatMoney(COIN / 1000), "0.001");
    EXPECT_EQ(FormatMoney(COIN / 100000000), "0.00000001");
    EXPECT_EQ(FormatMoney(std::numeric_limits<int64_t>::max()), "92233720368.54775807");
    EXPECT_EQ(FormatMoney(std::numeric_limits<int64_t>::min() + 1), "-92233720368.54775807");
    EXPECT_EQ(FormatMoney(std::numeric_limits<int64_t>::min()), "-92233720368.54775808");
}

TEST(AmountTest, ParseFixedPointMatchesCore)
{
    // Core's util_tests (test_ParseFixedPoint).
    const std::pair<const char*, int64_t> good[] = {
        {"0", 0},
        {"1", 100000000},
        {"0.0", 0},
        {"-0.1", -10000000},
        {"1.1", 110000000},
        {"1.10000000000000000", 110000000},
        {"1.1e1", 1100000000},
        {"1.1e-1", 11000000},
        {"1000", 100000000000},
        {"-1000", -100000000000},
        {"0.00000001", 1},
        {"0.0000000100000000", 1},
        {"-0.00000001", -1},
        {"1000000000.00000001", 100000000000000001},
        {"9999999999.99999999", 999999999999999999},
        {"-9999999999.99999999", -999999999999999999},
    };
    for (const auto& [text, value] : good) {
        int64_t amount = 0;
        EXPECT_TRUE(ParseFixedPoint(text, 8, &amount)) << text;
        EXPECT_EQ(amount, value) << text;
    }
    const char* bad[] = {"-",
                         "a-1000",
                         "-a1000",
                         "-1000a",
                         "-01000",
                         "00.1",
                         ".1",
                         "--0.1",
                         "0.000000001",
                         "-0.000000001",
                         "0.00000001000000001",
                         "-10000000000.00000000",
                         "10000000000.00000000",
                         "-10000000000.00000001",
                         "10000000000.00000001",
                         "-10000000000.00000009",
                         "10000000000.00000009",
                         "-99999999999.99999999",
                         "99999909999.09999999",
                         "92233720368.54775807",
                         "92233720368.54775808",
                         "-92233720368.54775808",
                         "-92233720368.54775809",
                         "1.1e",
                         "1.1e-",
                         "1.",
                         "",
                         "1e",
                         "e1",
                         "1 ",
                         " 1"};
    for (const char* text : bad) EXPECT_FALSE(ParseFixedPoint(text, 8, nullptr)) << text;
}

TEST(AmountTest, ParseAmountMatchesCoreAmountFromValue)
{
    // Core's rpc_tests (rpc_parse_monetary_values), numbers given as JSON text.
    const auto amount = [](const std::string& text) {
        const auto v = ParseJsonPreservingNumbers(text);
        EXPECT_TRUE(v) << text;
        return ParseAmount(*v);
    };
    const auto value = [&](const std::string& text) {
        const auto r = amount(text);
        EXPECT_TRUE(r) << text << ": " << (r ? "" : r.error());
        return r ? *r : -1;
    };
    const auto error = [&](const std::string& text) {
        const auto r = amount(text);
        return r ? std::string{"(ok)"} : r.error();
    };
    EXPECT_EQ(error("-0.00000001"), "Amount out of range");
    EXPECT_EQ(value("0"), 0);
    EXPECT_EQ(value("0.00000000"), 0);
    EXPECT_EQ(value("0.00000001"), 1);
    EXPECT_EQ(value("0.17622195"), 17622195);
    EXPECT_EQ(value("0.5"), 50000000);
    EXPECT_EQ(value("0.50000000"), 50000000);
    EXPECT_EQ(value("0.89898989"), 89898989);
    EXPECT_EQ(value("1.00000000"), 100000000);
    EXPECT_EQ(value("20999999.9999999"), 2099999999999990);
    EXPECT_EQ(value("20999999.99999999"), 2099999999999999);
    EXPECT_EQ(value("1e-8"), COIN / 100000000);
    EXPECT_EQ(value("0.1e-7"), COIN / 100000000);
    EXPECT_EQ(value("0.01e-6"), COIN / 100000000);
    EXPECT_EQ(value("0.0000000000000000000000000000000000000000000000000000000000000000000000000001e+68"),
              COIN / 100000000);
    EXPECT_EQ(value("10000000000000000000000000000000000000000000000000000000000000000e-64"), COIN);
    EXPECT_EQ(value("0.000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
                    "000000000000000000000e64"),
              COIN);
    EXPECT_EQ(error("1e-9"), "Invalid amount");
    EXPECT_EQ(error("0.000000019"), "Invalid amount");
    EXPECT_EQ(value("0.00000001000000"), 1);
    EXPECT_EQ(error("19e-9"), "Invalid amount");
    EXPECT_EQ(value("0.19e-6"), 19);
    EXPECT_EQ(error("92233720368.54775808"), "Invalid amount");
    EXPECT_EQ(error("1e+11"), "Invalid amount");
    EXPECT_EQ(error("1e11"), "Invalid amount");
    EXPECT_EQ(error("93e+9"), "Invalid amount");
    EXPECT_EQ(error("21000000.00000001"), "Amount out of range");
    EXPECT_EQ(value("21000000"), primitives::MAX_MONEY);

    // Strings are parsed the same way (Core accepts amounts as strings), other types are refused.
    EXPECT_EQ(*ParseAmount(json("0.19e-6")), 19);
    EXPECT_EQ(ParseAmount(json(".19e-6")).error(), "Invalid amount");
    EXPECT_EQ(ParseAmount(json(true)).error(), "Amount is not a number or string");
    EXPECT_EQ(ParseAmount(json(nullptr)).error(), "Amount is not a number or string");
    EXPECT_EQ(ParseAmount(json::array()).error(), "Amount is not a number or string");
    EXPECT_EQ(*ParseAmount(json(3)), 3 * COIN);
    EXPECT_EQ(*ParseAmount(json(0.1)), COIN / 10);
    EXPECT_EQ(*ParseAmount(ValueFromAmount(12345)), 12345);
    // Fewer decimals (fee rates in sat/vB use 3).
    EXPECT_EQ(*ParseAmount(json("1.234"), 3), 1234);
    EXPECT_EQ(ParseAmount(json("1.2345"), 3).error(), "Invalid amount");
}

TEST(AmountTest, AmountFromValueThrowsTypeError)
{
    try {
        AmountFromValue(json("abc"));
        FAIL() << "no exception";
    } catch (const JsonRpcError& e) {
        EXPECT_EQ(e.code(), RpcErrorCode::TYPE_ERROR);
        EXPECT_STREQ(e.what(), "Invalid amount");
    }
    EXPECT_EQ(AmountFromValue(json("0.00000001")), 1);
}

} // namespace
} // namespace hearth::rpc
