#include <hearth/consensus/params.h>

#include <hearth/crypto/sha256.h>
#include <hearth/primitives/merkle.h>
#include <hearth/script/script.h>
#include <hearth/script/verify_flags.h>
#include <hearth/serialize/stream.h>
#include <hearth/util/hex.h>

#include <algorithm>
#include <charconv>

namespace hearth::consensus {

namespace {

using util::Bytes;

Hash256 H(std::string_view display_hex) { return *Assert(Hash256::FromHex(display_hex)); }
Bytes HexBytes(std::string_view hex) { return *Assert(util::ParseHex(hex)); }

template <typename T>
std::optional<T> ToIntegral(std::string_view s)
{
    // Core's ToIntegral: the whole string, an optional '-' for signed types, no '+', no spaces.
    T value{};
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
    return value;
}

std::vector<std::string> SplitString(std::string_view s, char sep)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        const size_t pos = s.find(sep, start);
        out.emplace_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return out;
}

// The public key the genesis coinbase of main, testnet3, signet and regtest pays to (P2PK).
Bytes SatoshiGenesisOutputScript()
{
    return (script::Script{} << HexBytes("04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6"
                                         "bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f")
                             << script::OP_CHECKSIG)
        .bytes();
}

constexpr std::string_view SATOSHI_GENESIS_MESSAGE =
    "The Times 03/Jan/2009 Chancellor on brink of second bailout for banks";

primitives::Block SatoshiGenesis(uint32_t time, uint32_t nonce, uint32_t bits)
{
    return CreateGenesisBlock(SATOSHI_GENESIS_MESSAGE, SatoshiGenesisOutputScript(), time, nonce, bits, 1,
                              50 * primitives::COIN);
}

// Script verify flags of the exception blocks.
constexpr script::ScriptFlags FLAGS_NONE = script::SCRIPT_VERIFY_NONE;
constexpr script::ScriptFlags FLAGS_P2SH_WITNESS = script::SCRIPT_VERIFY_P2SH | script::SCRIPT_VERIFY_WITNESS;

Hash256 MainPowLimit() { return H("00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffff"); }

void FinishGenesis(ChainParams& p) { p.consensus.hash_genesis_block = p.genesis.GetHash(); }

ChainParams MainParams()
{
    ChainParams p;
    p.chain_type = ChainType::MAIN;
    ConsensusParams& c = p.consensus;
    c.subsidy_halving_interval = 210'000;
    // BIP16 exception: a block before BIP16 activation that violates its rules; validate with no flags.
    c.script_flag_exceptions.emplace_back(H("00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22"),
                                          FLAGS_NONE);
    // Taproot exception: a block that violates taproot rules from before taproot's activation.
    c.script_flag_exceptions.emplace_back(H("0000000000000000000f14c35b2d841e986ab5441de8c585d5ffe55ea1e395ad"),
                                          FLAGS_P2SH_WITNESS);
    c.bip34_height = 227'931;
    c.bip34_hash = H("000000000000024b89b42a942fe0d9fea3bb44ab7bd1b19115dd6a759c0808b8");
    c.bip65_height = 388'381;
    c.bip66_height = 363'725;
    c.csv_height = 419'328;
    c.segwit_height = 481'824;
    c.min_bip9_warning_height = 483'840; // segwit height + one period
    c.pow_limit = MainPowLimit();
    c.pow_target_timespan = 14 * 24 * 60 * 60;
    c.pow_target_spacing = 10 * 60;
    c.pow_allow_min_difficulty_blocks = false;
    c.enforce_bip94 = false;
    c.pow_no_retargeting = false;
    c.testdummy = Bip9Deployment{28, Bip9Deployment::NEVER_ACTIVE, Bip9Deployment::NO_TIMEOUT, 0, 1815, 2016};
    c.minimum_chain_work = H("0000000000000000000000000000000000000001128750f82f4c366153a3a030");
    c.default_assume_valid = H("00000000000000000000ccebd6d74d9194d8dcdc1d177c478e094bfad51ba5ac");
    p.assume_valid_height = 938'343;

    p.message_start = {0xf9, 0xbe, 0xb4, 0xd9};
    p.default_port = 8333;
    p.rpc_port = 8332;
    p.prune_after_height = 100'000;
    p.assumed_blockchain_size = 856;
    p.assumed_chain_state_size = 14;
    p.genesis = SatoshiGenesis(1231006505, 2083236893, 0x1d00ffff);
    p.dns_seeds = {"dnsseed.bluematt.me.",
                   "seed.bitcoin.jonasschnelli.ch.",
                   "seed.btc.petertodd.net.",
                   "seed.bitcoin.sprovoost.nl.",
                   "dnsseed.emzy.de.",
                   "seed.bitcoin.wiz.biz.",
                   "seed.mainnet.achownodes.xyz."};
    p.address = script::MainAddressParams();
    p.chain_tx_data = {1772055173, 1315805869, 5.40111006496122};
    p.assumeutxo = {
        {840'000, H("a2a5521b1b5ab65f67818e5e8eccabb7171a517f9e2382208f77687310768f96"),
         H("0000000000000000000320283a032748cef8227873ff4872689bf23f1cda83a5")},
        {880'000, H("dbd190983eaf433ef7c15f78a278ae42c00ef52e0fd2a54953782175fbadcea9"),
         H("000000000000000000010b17283c3c400507969a9c2afd1dcf2082ec5cca2880")},
        {910'000, H("4daf8a17b4902498c5787966a2b51c613acdab5df5db73f196fa59a4da2f1568"),
         H("0000000000000000000108970acb9522ffd516eae17acddcb1bd16469194a821")},
        {935'000, H("e4b90ef9eae834f56c4b64d2d50143cee10ad87994c614d7d04125e2a6025050"),
         H("0000000000000000000147034958af1652b2b91bba607beacc5e72a56f0fb5ee")},
    };
    p.headers_sync = {641, 15218};
    p.default_consistency_checks = false;
    p.is_test_chain = false;
    p.is_mockable_chain = false;
    FinishGenesis(p);
    return p;
}

ChainParams TestNet3Params()
{
    ChainParams p;
    p.chain_type = ChainType::TESTNET;
    ConsensusParams& c = p.consensus;
    c.subsidy_halving_interval = 210'000;
    c.script_flag_exceptions.emplace_back(H("00000000dd30457c001f4095d208cc1296b0eed002427aa599874af7a432b105"),
                                          FLAGS_NONE);
    c.bip34_height = 21'111;
    c.bip34_hash = H("0000000023b3a96d3484e5abb3755c413e7d41500f8e2a5c3f0dd01299cd8ef8");
    c.bip65_height = 581'885;
    c.bip66_height = 330'776;
    c.csv_height = 770'112;
    c.segwit_height = 834'624;
    c.min_bip9_warning_height = 836'640;
    c.pow_limit = MainPowLimit();
    c.pow_target_timespan = 14 * 24 * 60 * 60;
    c.pow_target_spacing = 10 * 60;
    c.pow_allow_min_difficulty_blocks = true;
    c.enforce_bip94 = false;
    c.pow_no_retargeting = false;
    c.testdummy = Bip9Deployment{28, Bip9Deployment::NEVER_ACTIVE, Bip9Deployment::NO_TIMEOUT, 0, 1512, 2016};
    c.minimum_chain_work = H("0000000000000000000000000000000000000000000017dde1c649f3708d14b6");
    c.default_assume_valid = H("000000007a61e4230b28ac5cb6b5e5a0130de37ac1faf2f8987d2fa6505b67f4");
    p.assume_valid_height = 4'842'348;

    p.message_start = {0x0b, 0x11, 0x09, 0x07};
    p.default_port = 18333;
    p.rpc_port = 18332;
    p.prune_after_height = 1000;
    p.assumed_blockchain_size = 245;
    p.assumed_chain_state_size = 19;
    p.genesis = SatoshiGenesis(1296688602, 414098458, 0x1d00ffff);
    p.dns_seeds = {"testnet-seed.bitcoin.jonasschnelli.ch.", "seed.tbtc.petertodd.net.",
                   "seed.testnet.bitcoin.sprovoost.nl.", "testnet-seed.bluematt.me.", "seed.testnet.achownodes.xyz."};
    p.address = script::TestAddressParams();
    p.chain_tx_data = {1772051651, 536108416, 0.02691479016257117};
    p.assumeutxo = {
        {2'500'000, H("f841584909f68e47897952345234e37fcd9128cd818f41ee6c3ca68db8071be7"),
         H("0000000000000093bcb68c03a9a168ae252572d348a2eaeba2cdf9231d73206f")},
        {4'840'000, H("ce6bb677bb2ee9789c4a1c9d73e6683c53fc20e8fdbedbdaaf468982a0c8db2a"),
         H("00000000000000f4971a7fb37fbdff89315b69a2e1920c467654a382f0d64786")},
    };
    p.headers_sync = {673, 14460};
    p.default_consistency_checks = false;
    p.is_test_chain = true;
    p.is_mockable_chain = false;
    FinishGenesis(p);
    return p;
}

ChainParams TestNet4Params()
{
    ChainParams p;
    p.chain_type = ChainType::TESTNET4;
    ConsensusParams& c = p.consensus;
    c.subsidy_halving_interval = 210'000;
    c.bip34_height = 1;
    c.bip34_hash = Hash256{};
    c.bip65_height = 1;
    c.bip66_height = 1;
    c.csv_height = 1;
    c.segwit_height = 1;
    c.min_bip9_warning_height = 0;
    c.pow_limit = MainPowLimit();
    c.pow_target_timespan = 14 * 24 * 60 * 60;
    c.pow_target_spacing = 10 * 60;
    c.pow_allow_min_difficulty_blocks = true;
    c.enforce_bip94 = true;
    c.pow_no_retargeting = false;
    c.testdummy = Bip9Deployment{28, Bip9Deployment::NEVER_ACTIVE, Bip9Deployment::NO_TIMEOUT, 0, 1512, 2016};
    c.minimum_chain_work = H("0000000000000000000000000000000000000000000009a0fe15d0177d086304");
    c.default_assume_valid = H("0000000002368b1e4ee27e2e85676ae6f9f9e69579b29093e9a82c170bf7cf8a");
    p.assume_valid_height = 123'613;

    p.message_start = {0x1c, 0x16, 0x3f, 0x28};
    p.default_port = 48333;
    p.rpc_port = 48332;
    p.prune_after_height = 1000;
    p.assumed_blockchain_size = 31;
    p.assumed_chain_state_size = 2;
    // testnet4's genesis has its own message and pays to push(33 zero bytes) OP_CHECKSIG.
    const Bytes output_script = (script::Script{} << Bytes(33, 0) << script::OP_CHECKSIG).bytes();
    p.genesis = CreateGenesisBlock("03/May/2024 000000000000000000001ebd58c244970b3aa9d783bb001011fbe8ea8e98e00e",
                                   output_script, 1714777860, 393743547, 0x1d00ffff, 1, 50 * primitives::COIN);
    p.dns_seeds = {"seed.testnet4.bitcoin.sprovoost.nl.", "seed.testnet4.wiz.biz."};
    p.address = script::TestAddressParams();
    p.chain_tx_data = {1772013387, 14191421, 0.01848579579528412};
    p.assumeutxo = {
        {90'000, H("784fb5e98241de66fdd429f4392155c9e7db5c017148e66e8fdbc95746f8b9b5"),
         H("0000000002ebe8bcda020e0dd6ccfbdfac531d2f6a81457191b99fc2df2dbe3b")},
        {120'000, H("10b05d05ad468d0971162e1b222a4aa66caca89da2bb2a93f8f37fb29c4794b0"),
         H("000000000bd2317e51b3c5794981c35ba894ce27d3e772d5c39ecd9cbce01dc8")},
    };
    p.headers_sync = {606, 16092};
    p.default_consistency_checks = false;
    p.is_test_chain = true;
    p.is_mockable_chain = false;
    FinishGenesis(p);
    return p;
}

util::Result<ChainParams> SigNetParams(const ChainOptions& options)
{
    ChainParams p;
    p.chain_type = ChainType::SIGNET;
    ConsensusParams& c = p.consensus;
    Bytes challenge;
    if (options.signet_challenge.empty()) {
        challenge = DefaultSignetChallenge();
        p.dns_seeds = {"seed.signet.bitcoin.sprovoost.nl.", "seed.signet.achownodes.xyz."};
        c.minimum_chain_work = H("00000000000000000000000000000000000000000000000000000b463ea0a4b8");
        c.default_assume_valid = H("00000008414aab61092ef93f1aacc54cf9e9f16af29ddad493b908a01ff5c329");
        p.assume_valid_height = 293'175;
        p.assumed_blockchain_size = 24;
        p.assumed_chain_state_size = 4;
        p.chain_tx_data = {1772055248, 28676833, 0.06736623436338929};
    } else {
        // Core: a custom signet has no seeds, no known work, no assumed-valid block and no size estimates.
        if (options.signet_challenge.size() != 1) {
            return util::Error{"-signetchallenge cannot be multiple values."};
        }
        auto parsed = util::ParseHex(options.signet_challenge[0]);
        if (!parsed) return util::Error{"-signetchallenge must be hex, not '" + options.signet_challenge[0] + "'."};
        challenge = std::move(*parsed);
        p.assume_valid_height = 0;
        p.chain_tx_data = {0, 0, 0};
    }
    if (options.signet_seed_nodes) p.dns_seeds = *options.signet_seed_nodes;

    c.signet_blocks = true;
    c.signet_challenge = challenge;
    c.subsidy_halving_interval = 210'000;
    c.bip34_height = 1;
    c.bip34_hash = Hash256{};
    c.bip65_height = 1;
    c.bip66_height = 1;
    c.csv_height = 1;
    c.segwit_height = 1;
    c.min_bip9_warning_height = 0;
    c.pow_limit = H("00000377ae000000000000000000000000000000000000000000000000000000");
    c.pow_target_timespan = 14 * 24 * 60 * 60;
    c.pow_target_spacing = 10 * 60;
    c.pow_allow_min_difficulty_blocks = false;
    c.enforce_bip94 = false;
    c.pow_no_retargeting = false;
    c.testdummy = Bip9Deployment{28, Bip9Deployment::NEVER_ACTIVE, Bip9Deployment::NO_TIMEOUT, 0, 1815, 2016};

    p.message_start = SignetMessageStart(challenge);
    p.default_port = 38333;
    p.rpc_port = 38332;
    p.prune_after_height = 1000;
    p.genesis = SatoshiGenesis(1598918400, 52613770, 0x1e0377ae);
    p.address = script::TestAddressParams();
    p.assumeutxo = {
        {160'000, H("fe0a44309b74d6b5883d246cb419c6221bcccf0b308c9b59b7d70783dbdf928a"),
         H("0000003ca3c99aff040f2563c2ad8f8ec88bd0fd6b8f0895cfaf1ef90353a62c")},
        {290'000, H("97267e000b4b876800167e71b9123f1529d13b14308abec2888bbd2160d14545"),
         H("0000000577f2741bb30cd9d39d6d71b023afbeb9764f6260786a97969d5c9ac0")},
    };
    p.headers_sync = {620, 15724};
    p.default_consistency_checks = false;
    p.is_test_chain = true;
    p.is_mockable_chain = false;
    FinishGenesis(p);
    return p;
}

ChainParams RegTestParams(const ChainOptions& options, bool enforce_bip94)
{
    ChainParams p;
    p.chain_type = ChainType::REGTEST;
    ConsensusParams& c = p.consensus;
    c.subsidy_halving_interval = 150;
    c.bip34_height = 1; // always active unless overridden
    c.bip34_hash = Hash256{};
    c.bip65_height = 1;
    c.bip66_height = 1;
    c.csv_height = 1;
    c.segwit_height = 0; // always active unless overridden
    c.min_bip9_warning_height = 0;
    c.pow_limit = H("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    c.pow_target_timespan = 24 * 60 * 60; // one day: 144-block periods
    c.pow_target_spacing = 10 * 60;
    c.pow_allow_min_difficulty_blocks = true;
    c.enforce_bip94 = enforce_bip94;
    c.pow_no_retargeting = true;
    c.testdummy = Bip9Deployment{28, 0, Bip9Deployment::NO_TIMEOUT, 0, 108, 144};
    c.minimum_chain_work = Hash256{};
    c.default_assume_valid = Hash256{};
    p.assume_valid_height = 0;

    p.message_start = {0xfa, 0xbf, 0xb5, 0xda};
    p.default_port = 18444;
    p.rpc_port = 18443;
    p.prune_after_height = options.fastprune ? 100 : 1000;
    p.assumed_blockchain_size = 0;
    p.assumed_chain_state_size = 0;
    p.genesis = SatoshiGenesis(1296688602, 2, 0x207fffff);
    p.dns_seeds = {"dummySeed.invalid."};
    p.address = script::RegtestAddressParams();
    p.chain_tx_data = {0, 0, 0.001};
    p.assumeutxo = {
        {110, H("86e9a1205b418b16dde3a18a78c730e30137e28466bda5dbf6b33ab8fc05447c"),
         H("135eec25a6fb277884e5824e7aa7d052c4868161c99a5122170b5266f86c273d")},
        {200, H("17dcc016d188d16068907cdeb38b75691a118d43053b8cd6a25969419381d13a"),
         H("385901ccbd69dff6bbd00065d01fb8a9e464dede7cfe0372443884f9b1dcf6b9")},
        {299, H("106b2c56233e378a824cf0d5ff2be42ed32c72f1605c9be288d00942908a40ac"),
         H("0c552ced4721c249a389eb9b08cb8da261cd46f0e7b5f9d064d48f3113406853")},
    };
    p.headers_sync = {275, 7017};
    p.default_consistency_checks = true;
    p.is_test_chain = true;
    p.is_mockable_chain = true;
    FinishGenesis(p);
    return p;
}

// -testactivationheight=name@height (Core's chainparams.cpp): moves a buried deployment.
util::Result<void> ApplyTestActivationHeights(ConsensusParams& c, const std::vector<std::string>& args)
{
    for (const std::string& arg : args) {
        const size_t found = arg.find('@');
        if (found == std::string::npos) {
            return util::Error{"Invalid format (" + arg + ") for -testactivationheight=name@height."};
        }
        const auto height = ToIntegral<int32_t>(std::string_view{arg}.substr(found + 1));
        if (!height || *height < 0 || *height >= std::numeric_limits<int>::max()) {
            return util::Error{"Invalid height value (" + arg + ") for -testactivationheight=name@height."};
        }
        const auto dep = BuriedDeploymentFromName(std::string_view{arg}.substr(0, found));
        if (!dep) return util::Error{"Invalid name (" + arg + ") for -testactivationheight=name@height."};
        switch (*dep) {
        case BuriedDeployment::HEIGHTINCB:
            c.bip34_height = *height;
            break;
        case BuriedDeployment::CLTV:
            c.bip65_height = *height;
            break;
        case BuriedDeployment::DERSIG:
            c.bip66_height = *height;
            break;
        case BuriedDeployment::CSV:
            c.csv_height = *height;
            break;
        case BuriedDeployment::SEGWIT:
            c.segwit_height = *height;
            break;
        }
    }
    return {};
}

// -vbparams=deployment:start:end[:min_activation_height] (Core's chainparams.cpp); only "testdummy" exists.
util::Result<void> ApplyVersionBitsParams(ConsensusParams& c, const std::vector<std::string>& args)
{
    for (const std::string& arg : args) {
        const std::vector<std::string> parts = SplitString(arg, ':');
        if (parts.size() < 3 || parts.size() > 4) {
            return util::Error{
                "Version bits parameters malformed, expecting deployment:start:end[:min_activation_height]"};
        }
        const auto start = ToIntegral<int64_t>(parts[1]);
        if (!start) return util::Error{"Invalid nStartTime (" + parts[1] + ")"};
        const auto timeout = ToIntegral<int64_t>(parts[2]);
        if (!timeout) return util::Error{"Invalid nTimeout (" + parts[2] + ")"};
        int min_activation_height = 0;
        if (parts.size() == 4) {
            const auto h = ToIntegral<int>(parts[3]);
            if (!h) return util::Error{"Invalid min_activation_height (" + parts[3] + ")"};
            min_activation_height = *h;
        }
        if (parts[0] != "testdummy") return util::Error{"Invalid deployment (" + parts[0] + ")"};
        c.testdummy.start_time = *start;
        c.testdummy.timeout = *timeout;
        c.testdummy.min_activation_height = min_activation_height;
    }
    return {};
}

} // namespace

std::string_view ChainTypeToString(ChainType chain)
{
    switch (chain) {
    case ChainType::MAIN:
        return "main";
    case ChainType::TESTNET:
        return "test";
    case ChainType::TESTNET4:
        return "testnet4";
    case ChainType::SIGNET:
        return "signet";
    case ChainType::REGTEST:
        return "regtest";
    }
    Assert(false);
    return "";
}

std::optional<ChainType> ChainTypeFromString(std::string_view name)
{
    for (ChainType c :
         {ChainType::MAIN, ChainType::TESTNET, ChainType::TESTNET4, ChainType::SIGNET, ChainType::REGTEST}) {
        if (ChainTypeToString(c) == name) return c;
    }
    return std::nullopt;
}

std::string_view ChainTypeDataDir(ChainType chain)
{
    switch (chain) {
    case ChainType::MAIN:
        return "";
    case ChainType::TESTNET:
        return "testnet3";
    case ChainType::TESTNET4:
        return "testnet4";
    case ChainType::SIGNET:
        return "signet";
    case ChainType::REGTEST:
        return "regtest";
    }
    Assert(false);
    return "";
}

std::string_view BuriedDeploymentName(BuriedDeployment dep)
{
    switch (dep) {
    case BuriedDeployment::HEIGHTINCB:
        return "bip34";
    case BuriedDeployment::CLTV:
        return "cltv";
    case BuriedDeployment::DERSIG:
        return "dersig";
    case BuriedDeployment::CSV:
        return "csv";
    case BuriedDeployment::SEGWIT:
        return "segwit";
    }
    Assert(false);
    return "";
}

std::optional<BuriedDeployment> BuriedDeploymentFromName(std::string_view name)
{
    for (BuriedDeployment d : {BuriedDeployment::HEIGHTINCB, BuriedDeployment::CLTV, BuriedDeployment::DERSIG,
                               BuriedDeployment::CSV, BuriedDeployment::SEGWIT}) {
        if (BuriedDeploymentName(d) == name) return d;
    }
    return std::nullopt;
}

int ConsensusParams::DeploymentHeight(BuriedDeployment dep) const
{
    switch (dep) {
    case BuriedDeployment::HEIGHTINCB:
        return bip34_height;
    case BuriedDeployment::CLTV:
        return bip65_height;
    case BuriedDeployment::DERSIG:
        return bip66_height;
    case BuriedDeployment::CSV:
        return csv_height;
    case BuriedDeployment::SEGWIT:
        return segwit_height;
    }
    Assert(false);
    return 0;
}

const AssumeutxoData* ChainParams::AssumeutxoForHeight(int height) const
{
    const auto it =
        std::find_if(assumeutxo.begin(), assumeutxo.end(), [&](const AssumeutxoData& d) { return d.height == height; });
    return it == assumeutxo.end() ? nullptr : &*it;
}

const AssumeutxoData* ChainParams::AssumeutxoForBlockhash(const Hash256& hash) const
{
    const auto it = std::find_if(assumeutxo.begin(), assumeutxo.end(),
                                 [&](const AssumeutxoData& d) { return d.block_hash == hash; });
    return it == assumeutxo.end() ? nullptr : &*it;
}

primitives::Block CreateGenesisBlock(std::string_view message, const util::Bytes& output_script, uint32_t time,
                                     uint32_t nonce, uint32_t bits, int32_t version, primitives::Amount reward)
{
    // scriptSig: Core's `CScript() << 486604799 << CScriptNum(4) << message`: the number 486604799
    // (0x1d00ffff, 4 bytes), then 4 pushed as data (one byte 04, not OP_4), then the message.
    primitives::MutableTransaction tx;
    tx.version = 1;
    tx.locktime = 0;
    primitives::TxIn& in = tx.vin.emplace_back();
    script::PushInt(in.script_sig, 486604799);
    script::PushData(in.script_sig, script::ScriptNum::Serialize(4));
    script::PushData(in.script_sig, util::AsBytes(message));
    tx.vout.push_back(primitives::TxOut{reward, output_script});

    primitives::Block block;
    block.header.version = version;
    block.header.time = time;
    block.header.bits = bits;
    block.header.nonce = nonce;
    block.vtx.push_back(primitives::MakeTransactionRef(std::move(tx)));
    block.header.merkle_root = primitives::BlockMerkleRoot(block);
    return block;
}

util::Bytes DefaultSignetChallenge()
{
    return HexBytes("512103ad5e0edad18cb1f0fc0d28a3d4f1f3e445640337489abb10404f2d1e086be430210359ef5021964fe22d6f"
                    "8e05b2463c9540ce96883fe3b278760f048f5189f2e6c452ae");
}

std::array<uint8_t, 4> SignetMessageStart(util::ByteSpan challenge)
{
    serialize::HashWriter h;
    serialize::WriteBytesWithSize(h, challenge);
    const Hash256 hash = h.GetHash();
    return {hash[0], hash[1], hash[2], hash[3]};
}

util::Result<ChainParams> CreateChainParams(ChainType chain, const ChainOptions& options)
{
    // Options that only test networks accept (Core's messages).
    if (chain == ChainType::MAIN) {
        if (!options.test_activation_heights.empty()) {
            return util::Error{"The -testactivationheight option may not be used on mainnet."};
        }
        if (!options.vbparams.empty()) return util::Error{"The -vbparams option may not be used on mainnet."};
    }
    bool enforce_bip94 = false;
    if (!options.test_options.empty()) {
        if (chain != ChainType::REGTEST) return util::Error{"-test=<option> can only be used with regtest"};
        enforce_bip94 =
            std::find(options.test_options.begin(), options.test_options.end(), "bip94") != options.test_options.end();
    }

    ChainParams params;
    switch (chain) {
    case ChainType::MAIN:
        params = MainParams();
        break;
    case ChainType::TESTNET:
        params = TestNet3Params();
        break;
    case ChainType::TESTNET4:
        params = TestNet4Params();
        break;
    case ChainType::SIGNET: {
        auto signet = SigNetParams(options);
        if (!signet) return util::Error{signet.error()};
        params = std::move(*signet);
        break;
    }
    case ChainType::REGTEST:
        params = RegTestParams(options, enforce_bip94);
        break;
    }
    if (auto r = ApplyTestActivationHeights(params.consensus, options.test_activation_heights); !r) {
        return util::Error{r.error()};
    }
    if (auto r = ApplyVersionBitsParams(params.consensus, options.vbparams); !r) return util::Error{r.error()};
    return params;
}

} // namespace hearth::consensus
