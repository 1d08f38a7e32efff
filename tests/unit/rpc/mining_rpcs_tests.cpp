// The mining methods against a real regtest chainstate in a temporary directory, called through the method
// table: generated blocks, templates, submitblock's BIP22 answers (through ChainEvents' BlockChecked), the mock
// clock, and the getrawtransaction lookups that need a block hash.

#include <hearth/chain/chainstate.h>
#include <hearth/consensus/params.h>
#include <hearth/consensus/pow.h>
#include <hearth/node/chain_events.h>
#include <hearth/node/clock.h>
#include <hearth/node/context.h>
#include <hearth/primitives/block.h>
#include <hearth/rpc/register.h>
#include <hearth/rpc/table.h>
#include <hearth/util/hex.h>

#include "rpc_test_util.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

namespace hearth::rpc {
namespace {

namespace fs = std::filesystem;

const std::string ADDR = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";

struct MiningFixture {
    fs::path dir;
    consensus::ChainParams params;
    node::Clock clock;
    node::ChainEvents events{nullptr, nullptr};
    std::unique_ptr<chain::Chainstate> cs;
    RpcTable table;
    node::NodeContext node;

    explicit MiningFixture(const std::string& name, const consensus::ChainOptions& options = {}) :
        dir{fs::temp_directory_path() / ("hearth_rpc_mining_" + std::to_string(::getpid()) + "_" + name)},
        params{*consensus::CreateChainParams(consensus::ChainType::REGTEST, options)}
    {
        fs::remove_all(dir);
        chain::ChainstateOptions opts;
        opts.data_dir = dir;
        opts.signature_cache_bytes = 1 << 20;
        opts.now = [this] { return clock.Now(); };
        opts.notifications = &events;
        auto opened = chain::Chainstate::Open(params, opts);
        EXPECT_TRUE(opened) << (opened ? "" : opened.error());
        cs = std::move(*opened);
        events.SetChainstate(cs.get());
        events.SetTip(*cs->Tip());
        RegisterAllRpcs(table);
        table.SetWarmupFinished();
        node.chain_params = &params;
        node.chainstate = cs.get();
        node.chain_events = &events;
        node.clock = &clock;
    }
    ~MiningFixture()
    {
        cs.reset();
        fs::remove_all(dir);
    }

    json Call(const std::string& method, json args) { return test::CallMethod(table, node, method, std::move(args)); }
    std::pair<int, std::string> Error(const std::string& method, json args)
    {
        return test::CallError(table, node, method, std::move(args)).value_or(std::pair{0, "no error"});
    }
};

using E = std::pair<int, std::string>;

TEST(MiningRpcsTest, GeneratedBlocksAndTemplates)
{
    MiningFixture f{"generate"};
    const json hashes = f.Call("generatetoaddress", {3, ADDR});
    ASSERT_EQ(hashes.size(), 3u);
    EXPECT_EQ(f.cs->Chain().Height(), 3);
    EXPECT_EQ(f.cs->Tip()->GetHash().ToHex(), hashes[2]);
    const json tmpl = f.Call("getblocktemplate", {{{"rules", {"segwit"}}}});
    EXPECT_EQ(tmpl["height"], 4);
    EXPECT_EQ(tmpl["previousblockhash"], hashes[2]);
    EXPECT_EQ(tmpl["coinbasevalue"], 50 * 100'000'000LL);
    EXPECT_EQ(tmpl["mintime"], f.cs->Tip()->GetMedianTimePast() + 1);
    const json info = f.Call("getmininginfo", json::array());
    EXPECT_EQ(info["blocks"], 3);
    EXPECT_EQ(info["currentblocktx"], 0);
    EXPECT_EQ(info["next"]["height"], 4);
    EXPECT_EQ(f.Error("generatetoaddress", {1, "nope"}), (E{-5, "Error: Invalid address"}));
    EXPECT_EQ(f.Error("getblocktemplate", {json::object()}).first, -8);
}

TEST(MiningRpcsTest, SubmitBlockAnswersAsBip22)
{
    MiningFixture f{"submit"};
    f.Call("generatetoaddress", {1, ADDR});
    const json a = f.Call("generateblock", {ADDR, json::array(), false});
    const json b = f.Call("generateblock", {"raw(51)", json::array(), false});
    EXPECT_TRUE(f.Call("submitblock", {a["hex"]}).is_null());
    EXPECT_EQ(f.cs->Tip()->GetHash().ToHex(), a["hash"]);
    // Equal work on a side branch: stored but never checked by connecting it.
    EXPECT_EQ(f.Call("submitblock", {b["hex"]}), "inconclusive");
    EXPECT_EQ(f.Call("submitblock", {a["hex"]}), "duplicate");
    EXPECT_EQ(f.Call("submitblock", {b["hex"]}), "duplicate");
    // A block whose parent is unknown.
    auto block = *primitives::DecodeBlock(*util::ParseHex(a["hex"].get<std::string>()));
    block.header.prev_block = util::Uint256{};
    while (!consensus::CheckProofOfWork(block.GetHash(), block.header.bits, f.params.consensus)) ++block.header.nonce;
    EXPECT_EQ(f.Call("submitblock", {util::HexStr(primitives::SerializeBlock(block))}), "prev-blk-not-found");
    EXPECT_EQ(f.Error("submitblock", {"zz"}), (E{-22, "Block decode failed"}));
    // The catcher unsubscribed: later blocks are not reported to a dead object.
    EXPECT_EQ(f.Call("generatetoaddress", {2, ADDR}).size(), 2u);
}

TEST(MiningRpcsTest, MockClockDrivesBlockTimes)
{
    MiningFixture f{"mocktime"};
    const int64_t mock = f.cs->Tip()->time + 1'000'000;
    EXPECT_TRUE(f.Call("setmocktime", {mock}).is_null());
    EXPECT_EQ(f.clock.Now(), mock);
    EXPECT_EQ(f.Call("getblocktemplate", {{{"rules", {"segwit"}}}})["curtime"], mock);
    f.Call("generatetoaddress", {1, ADDR});
    EXPECT_EQ(f.cs->Tip()->time, mock);
    // The next block must come after the median time past, which is now the mock time itself.
    EXPECT_EQ(f.Call("getblocktemplate", {{{"rules", {"segwit"}}}})["curtime"], mock + 1);
    EXPECT_EQ(f.Error("setmocktime", {-1}), (E{-8, "Mocktime must be in the range [0, 9223372036], not -1."}));
    EXPECT_TRUE(f.Call("setmocktime", {0}).is_null());
    EXPECT_EQ(f.clock.MockTime(), 0);
}

TEST(MiningRpcsTest, TestActivationHeightAppliesToTemplates)
{
    consensus::ChainOptions options;
    options.test_activation_heights = {"segwit@3"};
    MiningFixture f{"activation", options};
    json tmpl = f.Call("getblocktemplate", {{{"rules", {"segwit"}}}});
    EXPECT_EQ(tmpl["rules"], json::array({"csv"}));
    EXPECT_FALSE(tmpl.contains("default_witness_commitment"));
    EXPECT_EQ(tmpl["sigoplimit"], 20000);
    f.Call("generatetoaddress", {2, ADDR});
    EXPECT_EQ(f.cs->ReadBlock(*f.cs->Tip())->vtx[0]->vout.size(), 1u);
    tmpl = f.Call("getblocktemplate", {{{"rules", {"segwit"}}}});
    EXPECT_EQ(tmpl["rules"], json::array({"csv", "!segwit"}));
    EXPECT_TRUE(tmpl.contains("default_witness_commitment"));
    f.Call("generatetoaddress", {1, ADDR});
    EXPECT_EQ(f.cs->ReadBlock(*f.cs->Tip())->vtx[0]->vout.size(), 2u);
}

TEST(MiningRpcsTest, GetRawTransactionNeedsTheBlock)
{
    MiningFixture f{"getrawtx"};
    const json hashes = f.Call("generatetoaddress", {2, ADDR});
    const auto block = *f.cs->ReadBlock(*f.cs->Tip());
    const std::string txid = block.vtx[0]->GetTxid().ToHex();
    EXPECT_EQ(f.Call("getrawtransaction", {txid, 0, hashes[1]}),
              util::HexStr(primitives::SerializeTransaction(*block.vtx[0])));
    const json verbose = f.Call("getrawtransaction", {txid, true, hashes[1]});
    EXPECT_EQ(verbose["confirmations"], 1);
    EXPECT_EQ(verbose["in_active_chain"], true);
    EXPECT_EQ(f.Error("getrawtransaction", {txid}).first, -5);
    EXPECT_EQ(f.Error("getrawtransaction", {txid, 1, hashes[0]}),
              (E{-5, "No such transaction found in the provided block. Use gettransaction for wallet transactions."}));
}

} // namespace
} // namespace hearth::rpc
