#include <hearth/consensus/params.h>

#include <hearth/crypto/sha256.h>
#include <hearth/primitives/merkle.h>
#include <hearth/script/verify_flags.h>
#include <hearth/util/hex.h>

#include "testutil/vectors.h"

#include <gtest/gtest.h>

namespace hearth::consensus {
namespace {

using testutil::Hex;

ChainParams Params(ChainType chain, const ChainOptions& options = {})
{
    auto params = CreateChainParams(chain, options);
    EXPECT_TRUE(params) << params.error();
    return std::move(*params);
}

std::string Magic(const ChainParams& p) { return util::HexStr(p.message_start); }

struct GenesisCase {
    ChainType chain;
    uint32_t time;
    uint32_t nonce;
    uint32_t bits;
    const char* hash;
    const char* merkle_root;
};

constexpr const char* SATOSHI_MERKLE = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";

TEST(ChainParamsTest, GenesisBlocksMatchKnownHashes)
{
    const GenesisCase cases[] = {
        {ChainType::MAIN, 1231006505, 2083236893, 0x1d00ffff,
         "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", SATOSHI_MERKLE},
        {ChainType::TESTNET, 1296688602, 414098458, 0x1d00ffff,
         "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943", SATOSHI_MERKLE},
        {ChainType::TESTNET4, 1714777860, 393743547, 0x1d00ffff,
         "00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043",
         "7aa0a7ae1e223414cb807e40cd57e667b718e42aaf9306db9102fe28912b7b4e"},
        {ChainType::SIGNET, 1598918400, 52613770, 0x1e0377ae,
         "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6", SATOSHI_MERKLE},
        {ChainType::REGTEST, 1296688602, 2, 0x207fffff,
         "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", SATOSHI_MERKLE},
    };
    for (const GenesisCase& c : cases) {
        SCOPED_TRACE(std::string{ChainTypeToString(c.chain)});
        const ChainParams p = Params(c.chain);
        const primitives::Block& g = p.genesis;
        EXPECT_EQ(g.header.version, 1);
        EXPECT_EQ(g.header.time, c.time);
        EXPECT_EQ(g.header.nonce, c.nonce);
        EXPECT_EQ(g.header.bits, c.bits);
        EXPECT_TRUE(g.header.prev_block.IsNull());
        EXPECT_EQ(g.header.merkle_root.ToHex(), c.merkle_root);
        EXPECT_EQ(primitives::BlockMerkleRoot(g).ToHex(), c.merkle_root);
        EXPECT_EQ(g.GetHash().ToHex(), c.hash);
        EXPECT_EQ(p.GenesisHash().ToHex(), c.hash);
        ASSERT_EQ(g.vtx.size(), 1u);
        EXPECT_TRUE(g.vtx[0]->IsCoinBase());
        EXPECT_EQ(g.vtx[0]->vout.at(0).value, 50 * primitives::COIN);
        // The genesis coinbase txid is its merkle root (one transaction).
        EXPECT_EQ(g.vtx[0]->GetTxid().ToHex(), c.merkle_root);
    }
}

TEST(ChainParamsTest, MainGenesisMatchesFirstRecordOfBlockFile)
{
    // The built genesis must serialize to exactly the bytes of the real block 0.
    const util::Bytes file = testutil::ReadBinaryFile(testutil::VectorPath("mainnet-blocks-0-255.dat"));
    ASSERT_GT(file.size(), 8u);
    const uint32_t len = file[4] | (file[5] << 8) | (file[6] << 16) | (uint32_t{file[7]} << 24);
    const util::Bytes block0(file.begin() + 8, file.begin() + 8 + len);
    EXPECT_EQ(primitives::SerializeBlock(Params(ChainType::MAIN).genesis), block0);
}

TEST(ChainParamsTest, Testnet4GenesisHasItsOwnMessageAndOutput)
{
    const ChainParams p = Params(ChainType::TESTNET4);
    const auto& cb = *p.genesis.vtx[0];
    // 04ffff001d 0104 then OP_PUSHDATA1 76 (the message is 76 bytes, too long for a direct push).
    EXPECT_EQ(util::HexStr(cb.vin[0].script_sig).substr(0, 18), "04ffff001d01044c4c");
    EXPECT_EQ(util::HexStr(cb.vout[0].script_pubkey), "21" + std::string(66, '0') + "ac");
}

TEST(ChainParamsTest, MagicAndPorts)
{
    struct Case {
        ChainType chain;
        const char* magic;
        uint16_t p2p, rpc, onion;
        const char* name;
        const char* datadir;
    };
    const Case cases[] = {
        {ChainType::MAIN, "f9beb4d9", 8333, 8332, 8334, "main", ""},
        {ChainType::TESTNET, "0b110907", 18333, 18332, 18334, "test", "testnet3"},
        {ChainType::TESTNET4, "1c163f28", 48333, 48332, 48334, "testnet4", "testnet4"},
        {ChainType::SIGNET, "0a03cf40", 38333, 38332, 38334, "signet", "signet"},
        {ChainType::REGTEST, "fabfb5da", 18444, 18443, 18445, "regtest", "regtest"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        const ChainParams p = Params(c.chain);
        EXPECT_EQ(p.chain_type, c.chain);
        EXPECT_EQ(Magic(p), c.magic);
        EXPECT_EQ(p.default_port, c.p2p);
        EXPECT_EQ(p.rpc_port, c.rpc);
        EXPECT_EQ(p.OnionServiceTargetPort(), c.onion);
        EXPECT_EQ(ChainTypeToString(c.chain), c.name);
        EXPECT_EQ(ChainTypeFromString(c.name), c.chain);
        EXPECT_EQ(ChainTypeDataDir(c.chain), c.datadir);
    }
    EXPECT_FALSE(ChainTypeFromString("testnet"));
    EXPECT_FALSE(ChainTypeFromString("Main"));
}

TEST(ChainParamsTest, SignetMagicIsDerivedFromChallenge)
{
    const util::Bytes challenge = DefaultSignetChallenge();
    EXPECT_EQ(util::HexStr(challenge),
              "512103ad5e0edad18cb1f0fc0d28a3d4f1f3e445640337489abb10404f2d1e086be430210359ef5021964fe22d6f8e05b2463c95"
              "40ce96883fe3b278760f048f5189f2e6c452ae");
    // Independently: SHA256d(CompactSize ‖ challenge), first four bytes.
    util::Bytes preimage{static_cast<uint8_t>(challenge.size())};
    util::Append(preimage, challenge);
    const auto digest = crypto::Sha256d(preimage);
    EXPECT_EQ(util::HexStr(SignetMessageStart(challenge)), util::HexStr({digest.data(), 4}));
    EXPECT_EQ(util::HexStr(SignetMessageStart(challenge)), "0a03cf40");

    // A custom challenge (OP_TRUE) changes the magic and drops the default network's data.
    ChainOptions opts;
    opts.signet_challenge = {"51"};
    const ChainParams custom = Params(ChainType::SIGNET, opts);
    EXPECT_EQ(util::HexStr(custom.consensus.signet_challenge), "51");
    const auto d51 = crypto::Sha256d(Hex("0151"));
    EXPECT_EQ(Magic(custom), util::HexStr({d51.data(), 4}));
    EXPECT_NE(Magic(custom), "0a03cf40");
    EXPECT_TRUE(custom.dns_seeds.empty());
    EXPECT_TRUE(custom.consensus.minimum_chain_work.IsNull());
    EXPECT_TRUE(custom.consensus.default_assume_valid.IsNull());
    EXPECT_EQ(custom.assumed_blockchain_size, 0u);
    EXPECT_EQ(custom.assumed_chain_state_size, 0u);
    EXPECT_EQ(custom.chain_tx_data.tx_count, 0u);
    // Same genesis as the default signet.
    EXPECT_EQ(custom.GenesisHash().ToHex(), "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6");

    // Seed nodes replace the DNS seeds.
    opts.signet_seed_nodes = std::vector<std::string>{"127.0.0.1:38333"};
    EXPECT_EQ(Params(ChainType::SIGNET, opts).dns_seeds, std::vector<std::string>{"127.0.0.1:38333"});
}

TEST(ChainParamsTest, SignetChallengeOptionErrors)
{
    ChainOptions two;
    two.signet_challenge = {"51", "52"};
    auto r = CreateChainParams(ChainType::SIGNET, two);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "-signetchallenge cannot be multiple values.");

    ChainOptions bad;
    bad.signet_challenge = {"zz"};
    r = CreateChainParams(ChainType::SIGNET, bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "-signetchallenge must be hex, not 'zz'.");
}

TEST(ChainParamsTest, ConsensusValuesPerNetwork)
{
    const ChainParams main = Params(ChainType::MAIN);
    const ConsensusParams& m = main.consensus;
    EXPECT_EQ(m.subsidy_halving_interval, 210000);
    EXPECT_EQ(m.bip34_height, 227931);
    EXPECT_EQ(m.bip34_hash.ToHex(), "000000000000024b89b42a942fe0d9fea3bb44ab7bd1b19115dd6a759c0808b8");
    EXPECT_EQ(m.bip65_height, 388381);
    EXPECT_EQ(m.bip66_height, 363725);
    EXPECT_EQ(m.csv_height, 419328);
    EXPECT_EQ(m.segwit_height, 481824);
    EXPECT_EQ(m.pow_limit.ToHex(), "00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    EXPECT_EQ(m.pow_target_timespan, 1209600);
    EXPECT_EQ(m.pow_target_spacing, 600);
    EXPECT_EQ(m.DifficultyAdjustmentInterval(), 2016);
    EXPECT_FALSE(m.pow_allow_min_difficulty_blocks);
    EXPECT_FALSE(m.pow_no_retargeting);
    EXPECT_FALSE(m.enforce_bip94);
    EXPECT_FALSE(m.signet_blocks);
    EXPECT_EQ(m.minimum_chain_work.ToHex(), "0000000000000000000000000000000000000001128750f82f4c366153a3a030");
    EXPECT_EQ(m.default_assume_valid.ToHex(), "00000000000000000000ccebd6d74d9194d8dcdc1d177c478e094bfad51ba5ac");
    EXPECT_EQ(main.assume_valid_height, 938343);
    EXPECT_EQ(main.prune_after_height, 100000u);
    EXPECT_EQ(main.assumed_blockchain_size, 856u);
    EXPECT_EQ(main.assumed_chain_state_size, 14u);
    EXPECT_EQ(main.chain_tx_data.time, 1772055173);
    EXPECT_EQ(main.chain_tx_data.tx_count, 1315805869u);
    EXPECT_DOUBLE_EQ(main.chain_tx_data.tx_rate, 5.40111006496122);
    EXPECT_EQ(main.headers_sync.commitment_period, 641u);
    EXPECT_EQ(main.headers_sync.redownload_buffer_size, 15218u);
    EXPECT_EQ(main.dns_seeds.size(), 7u);
    EXPECT_EQ(main.dns_seeds.front(), "dnsseed.bluematt.me.");
    EXPECT_FALSE(main.is_test_chain);
    EXPECT_EQ(main.address.bech32_hrp, "bc");
    ASSERT_EQ(m.script_flag_exceptions.size(), 2u);
    EXPECT_EQ(m.script_flag_exceptions[0].second, script::SCRIPT_VERIFY_NONE);
    EXPECT_EQ(m.script_flag_exceptions[1].second, script::SCRIPT_VERIFY_P2SH | script::SCRIPT_VERIFY_WITNESS);

    const ChainParams test = Params(ChainType::TESTNET);
    EXPECT_EQ(test.consensus.bip34_height, 21111);
    EXPECT_EQ(test.consensus.bip34_hash.ToHex(), "0000000023b3a96d3484e5abb3755c413e7d41500f8e2a5c3f0dd01299cd8ef8");
    EXPECT_EQ(test.consensus.bip65_height, 581885);
    EXPECT_EQ(test.consensus.bip66_height, 330776);
    EXPECT_EQ(test.consensus.csv_height, 770112);
    EXPECT_EQ(test.consensus.segwit_height, 834624);
    EXPECT_TRUE(test.consensus.pow_allow_min_difficulty_blocks);
    EXPECT_FALSE(test.consensus.enforce_bip94);
    ASSERT_EQ(test.consensus.script_flag_exceptions.size(), 1u);
    EXPECT_EQ(test.consensus.script_flag_exceptions[0].first.ToHex(),
              "00000000dd30457c001f4095d208cc1296b0eed002427aa599874af7a432b105");
    EXPECT_EQ(test.address.bech32_hrp, "tb");
    EXPECT_EQ(test.prune_after_height, 1000u);

    const ChainParams t4 = Params(ChainType::TESTNET4);
    EXPECT_TRUE(t4.consensus.enforce_bip94);
    EXPECT_TRUE(t4.consensus.pow_allow_min_difficulty_blocks);
    EXPECT_TRUE(t4.consensus.bip34_hash.IsNull());
    for (BuriedDeployment d : {BuriedDeployment::HEIGHTINCB, BuriedDeployment::CLTV, BuriedDeployment::DERSIG,
                               BuriedDeployment::CSV, BuriedDeployment::SEGWIT}) {
        EXPECT_EQ(t4.consensus.DeploymentHeight(d), 1);
    }
    EXPECT_TRUE(t4.consensus.script_flag_exceptions.empty());

    const ChainParams sig = Params(ChainType::SIGNET);
    EXPECT_TRUE(sig.consensus.signet_blocks);
    EXPECT_EQ(sig.consensus.pow_limit.ToHex(), "00000377ae000000000000000000000000000000000000000000000000000000");
    EXPECT_FALSE(sig.consensus.pow_allow_min_difficulty_blocks);
    EXPECT_EQ(sig.assumed_blockchain_size, 24u);
    EXPECT_EQ(sig.dns_seeds.size(), 2u);

    const ChainParams reg = Params(ChainType::REGTEST);
    EXPECT_EQ(reg.consensus.subsidy_halving_interval, 150);
    EXPECT_EQ(reg.consensus.segwit_height, 0);
    EXPECT_EQ(reg.consensus.bip34_height, 1);
    EXPECT_EQ(reg.consensus.DifficultyAdjustmentInterval(), 144);
    EXPECT_TRUE(reg.consensus.pow_no_retargeting);
    EXPECT_FALSE(reg.consensus.enforce_bip94);
    EXPECT_EQ(reg.consensus.pow_limit.ToHex(), "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    EXPECT_EQ(reg.dns_seeds, std::vector<std::string>{"dummySeed.invalid."});
    EXPECT_EQ(reg.address.bech32_hrp, "bcrt");
    EXPECT_TRUE(reg.is_mockable_chain);
    EXPECT_EQ(reg.consensus.testdummy.start_time, 0);
    EXPECT_EQ(reg.consensus.testdummy.threshold, 108);
    EXPECT_EQ(reg.consensus.testdummy.period, 144);
    EXPECT_EQ(reg.prune_after_height, 1000u);
}

TEST(ChainParamsTest, AssumeutxoLookup)
{
    const ChainParams main = Params(ChainType::MAIN);
    const AssumeutxoData* au = main.AssumeutxoForHeight(840000);
    ASSERT_NE(au, nullptr);
    EXPECT_EQ(au->hash_serialized.ToHex(), "a2a5521b1b5ab65f67818e5e8eccabb7171a517f9e2382208f77687310768f96");
    EXPECT_EQ(main.AssumeutxoForBlockhash(au->block_hash), au);
    EXPECT_EQ(main.AssumeutxoForHeight(840001), nullptr);
    const ChainParams reg = Params(ChainType::REGTEST);
    ASSERT_NE(reg.AssumeutxoForHeight(110), nullptr);
    EXPECT_EQ(reg.AssumeutxoForHeight(110)->block_hash.ToHex(),
              "135eec25a6fb277884e5824e7aa7d052c4868161c99a5122170b5266f86c273d");
}

TEST(ChainParamsTest, TestActivationHeightOverridesBuriedDeployments)
{
    ChainOptions opts;
    opts.test_activation_heights = {"segwit@500", "bip34@2", "dersig@3", "cltv@4", "csv@5"};
    const ChainParams reg = Params(ChainType::REGTEST, opts);
    EXPECT_EQ(reg.consensus.segwit_height, 500);
    EXPECT_EQ(reg.consensus.bip34_height, 2);
    EXPECT_EQ(reg.consensus.bip66_height, 3);
    EXPECT_EQ(reg.consensus.bip65_height, 4);
    EXPECT_EQ(reg.consensus.csv_height, 5);
    // Allowed on the other test networks too.
    EXPECT_EQ(Params(ChainType::TESTNET4, opts).consensus.segwit_height, 500);
    EXPECT_EQ(Params(ChainType::SIGNET, opts).consensus.csv_height, 5);
}

TEST(ChainParamsTest, TestActivationHeightErrors)
{
    auto err = [](ChainType chain, std::string arg) {
        ChainOptions o;
        o.test_activation_heights = {std::move(arg)};
        auto r = CreateChainParams(chain, o);
        return r ? std::string{"(accepted)"} : r.error();
    };
    EXPECT_EQ(err(ChainType::MAIN, "segwit@1"), "The -testactivationheight option may not be used on mainnet.");
    EXPECT_EQ(err(ChainType::REGTEST, "segwit"), "Invalid format (segwit) for -testactivationheight=name@height.");
    EXPECT_EQ(err(ChainType::REGTEST, "segwit@-1"),
              "Invalid height value (segwit@-1) for -testactivationheight=name@height.");
    EXPECT_EQ(err(ChainType::REGTEST, "segwit@x"),
              "Invalid height value (segwit@x) for -testactivationheight=name@height.");
    EXPECT_EQ(err(ChainType::REGTEST, "segwit@2147483647"),
              "Invalid height value (segwit@2147483647) for -testactivationheight=name@height.");
    EXPECT_EQ(err(ChainType::REGTEST, "segwit@ 1"),
              "Invalid height value (segwit@ 1) for -testactivationheight=name@height.");
    EXPECT_EQ(err(ChainType::REGTEST, "taproot@1"), "Invalid name (taproot@1) for -testactivationheight=name@height.");
    EXPECT_EQ(err(ChainType::REGTEST, "segwit@2147483646"), "(accepted)");
}

TEST(ChainParamsTest, TestOptionsAndFastprune)
{
    ChainOptions bip94;
    bip94.test_options = {"bip94"};
    EXPECT_TRUE(Params(ChainType::REGTEST, bip94).consensus.enforce_bip94);
    auto r = CreateChainParams(ChainType::TESTNET4, bip94);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "-test=<option> can only be used with regtest");

    ChainOptions other;
    other.test_options = {"addrman"};
    EXPECT_FALSE(Params(ChainType::REGTEST, other).consensus.enforce_bip94);

    ChainOptions fast;
    fast.fastprune = true;
    EXPECT_EQ(Params(ChainType::REGTEST, fast).prune_after_height, 100u);
}

TEST(ChainParamsTest, VersionBitsParams)
{
    ChainOptions o;
    o.vbparams = {"testdummy:100:200:300"};
    const ChainParams reg = Params(ChainType::REGTEST, o);
    EXPECT_EQ(reg.consensus.testdummy.start_time, 100);
    EXPECT_EQ(reg.consensus.testdummy.timeout, 200);
    EXPECT_EQ(reg.consensus.testdummy.min_activation_height, 300);

    auto err = [](ChainType chain, std::string arg) {
        ChainOptions opts;
        opts.vbparams = {std::move(arg)};
        auto r = CreateChainParams(chain, opts);
        return r ? std::string{"(accepted)"} : r.error();
    };
    EXPECT_EQ(err(ChainType::MAIN, "testdummy:1:2"), "The -vbparams option may not be used on mainnet.");
    EXPECT_EQ(err(ChainType::REGTEST, "testdummy:1"),
              "Version bits parameters malformed, expecting deployment:start:end[:min_activation_height]");
    EXPECT_EQ(err(ChainType::REGTEST, "testdummy:a:2"), "Invalid nStartTime (a)");
    EXPECT_EQ(err(ChainType::REGTEST, "testdummy:1:b"), "Invalid nTimeout (b)");
    EXPECT_EQ(err(ChainType::REGTEST, "testdummy:1:2:c"), "Invalid min_activation_height (c)");
    EXPECT_EQ(err(ChainType::REGTEST, "taproot:1:2"), "Invalid deployment (taproot)");
    EXPECT_EQ(err(ChainType::REGTEST, "testdummy:-1:2"), "(accepted)");
}

TEST(ChainParamsTest, BuriedDeploymentNames)
{
    EXPECT_EQ(BuriedDeploymentFromName("bip34"), BuriedDeployment::HEIGHTINCB);
    EXPECT_EQ(BuriedDeploymentFromName("dersig"), BuriedDeployment::DERSIG);
    EXPECT_EQ(BuriedDeploymentFromName("cltv"), BuriedDeployment::CLTV);
    EXPECT_EQ(BuriedDeploymentFromName("csv"), BuriedDeployment::CSV);
    EXPECT_EQ(BuriedDeploymentFromName("segwit"), BuriedDeployment::SEGWIT);
    EXPECT_FALSE(BuriedDeploymentFromName("bip66"));
}

} // namespace
} // namespace hearth::consensus
