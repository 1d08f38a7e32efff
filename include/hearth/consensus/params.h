#ifndef HEARTH_CONSENSUS_PARAMS_H
#define HEARTH_CONSENSUS_PARAMS_H

// Network parameters as plain data: main, testnet3, testnet4, signet and regtest, exactly as Bitcoin Core's
// kernel/chainparams.cpp defines them (CORE-FACTS §1). Build them with CreateChainParams(); the test-only
// overrides Core accepts (-testactivationheight, -vbparams, -test=bip94, -fastprune, -signetchallenge,
// -signetseednode) arrive as the raw option strings in ChainOptions and are parsed here with Core's error
// messages, so the node layer only passes them through.

#include <hearth/primitives/block.h>
#include <hearth/script/address.h>
#include <hearth/script/verify_flags.h>
#include <hearth/util/bytes.h>
#include <hearth/util/result.h>
#include <hearth/util/uint256.h>

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hearth::consensus {

using primitives::Hash256;

/// The five networks (Core's ChainType).
enum class ChainType { MAIN, TESTNET, TESTNET4, SIGNET, REGTEST };

/// Core's name of the network, as `-chain=` takes it: "main", "test", "testnet4", "signet", "regtest".
std::string_view ChainTypeToString(ChainType chain);
/// Parses a `-chain=` name; nullopt for an unknown one.
std::optional<ChainType> ChainTypeFromString(std::string_view name);
/// Sub-folder of the data directory for this network: "" (main), "testnet3", "testnet4", "signet", "regtest".
std::string_view ChainTypeDataDir(ChainType chain);

/// Soft forks activated by height, "buried" in the code (Core's Consensus::BuriedDeployment).
enum class BuriedDeployment { HEIGHTINCB, CLTV, DERSIG, CSV, SEGWIT };
/// Name used by -testactivationheight: "bip34", "cltv", "dersig", "csv", "segwit".
std::string_view BuriedDeploymentName(BuriedDeployment dep);
/// Parses a -testactivationheight name.
std::optional<BuriedDeployment> BuriedDeploymentFromName(std::string_view name);

/// A BIP9 version-bits deployment (Core's Consensus::BIP9Deployment).
struct Bip9Deployment {
    /// Start time meaning "always active" (for testing).
    static constexpr int64_t ALWAYS_ACTIVE = -1;
    /// Start time meaning "never active".
    static constexpr int64_t NEVER_ACTIVE = -2;
    /// Timeout meaning "no timeout".
    static constexpr int64_t NO_TIMEOUT = std::numeric_limits<int64_t>::max();

    int bit{28};
    int64_t start_time{NEVER_ACTIVE};
    int64_t timeout{NO_TIMEOUT};
    int min_activation_height{0};
    /// Signalling blocks needed in one period, and the period length.
    int threshold{1815};
    int period{2016};
};

/// Consensus rules of one network (Core's Consensus::Params).
struct ConsensusParams {
    Hash256 hash_genesis_block;
    int subsidy_halving_interval{210'000};
    /// Blocks whose script flags are fixed by hand (Core's script_flag_exceptions): the two historic blocks
    /// that violate P2SH (BIP16) or Taproot rules. Values are script::SCRIPT_VERIFY_* bits.
    std::vector<std::pair<Hash256, script::ScriptFlags>> script_flag_exceptions;
    /// BIP34 height and the hash of the block at that height (null where BIP34 holds from block 1); the hash
    /// lets BIP30 checks be skipped on chains descending from it.
    int bip34_height{0};
    Hash256 bip34_hash;
    int bip65_height{0};
    int bip66_height{0};
    int csv_height{0};
    /// BIP141/143/147: segwit (with NULLDUMMY), enforced from this height.
    int segwit_height{0};
    /// Don't warn about unknown version-bits deployments below this height.
    int min_bip9_warning_height{0};
    /// The only version-bits deployment: "testdummy" (bit 28).
    Bip9Deployment testdummy;
    /// Easiest allowed target.
    Hash256 pow_limit;
    bool pow_allow_min_difficulty_blocks{false};
    /// BIP94 (testnet4): time-warp rule and retargeting from the first block of the period.
    bool enforce_bip94{false};
    bool pow_no_retargeting{false};
    int64_t pow_target_spacing{600};
    int64_t pow_target_timespan{14 * 24 * 60 * 60};
    /// Chain work a header chain needs before we download its blocks (anti-DoS).
    Hash256 minimum_chain_work;
    /// Scripts of ancestors of this block are assumed valid (-assumevalid default).
    Hash256 default_assume_valid;
    /// BIP325 signet: blocks carry a solution to `signet_challenge`.
    bool signet_blocks{false};
    util::Bytes signet_challenge;

    /// Blocks per retarget period: 2016 (144 on regtest).
    int64_t DifficultyAdjustmentInterval() const { return pow_target_timespan / pow_target_spacing; }
    /// Height of the first block that enforces `dep`.
    int DeploymentHeight(BuriedDeployment dep) const;
};

/// Transaction counts used to estimate sync progress (Core's ChainTxData).
struct ChainTxData {
    int64_t time{0};      ///< UNIX time of a recent block
    uint64_t tx_count{0}; ///< transactions up to and including that block
    double tx_rate{0};    ///< estimated transactions per second after it
};

/// A UTXO snapshot this software vouches for (Core's AssumeutxoData).
struct AssumeutxoData {
    int height{0};
    /// hash_serialized_3 of the UTXO set at that height (display order, as Core prints it).
    Hash256 hash_serialized;
    Hash256 block_hash;
};

/// Parameters of the headers-presync commitment scheme (Core's HeadersSyncParams).
struct HeadersSyncParams {
    size_t commitment_period{0};
    size_t redownload_buffer_size{0};
};

/// Everything that distinguishes one network (Core's CChainParams).
struct ChainParams {
    ChainType chain_type{ChainType::MAIN};
    ConsensusParams consensus;
    /// P2P message start ("magic"), also the record marker of blk*.dat files.
    std::array<uint8_t, 4> message_start{};
    uint16_t default_port{0};
    uint16_t rpc_port{0};
    /// Blocks below this height are never pruned.
    uint64_t prune_after_height{0};
    /// Rough disk needs in GB (for warnings), as Core's m_assumed_blockchain_size/chain_state_size.
    uint64_t assumed_blockchain_size{0};
    uint64_t assumed_chain_state_size{0};
    /// DNS seed host names (with Core's trailing dots).
    std::vector<std::string> dns_seeds;
    script::AddressParams address;
    primitives::Block genesis;
    ChainTxData chain_tx_data;
    std::vector<AssumeutxoData> assumeutxo;
    /// Height of default_assume_valid (0 where there is none), for progress estimates and messages.
    int assume_valid_height{0};
    HeadersSyncParams headers_sync;
    bool default_consistency_checks{false};
    /// Everything but main: allows non-standard transactions by default, etc.
    bool is_test_chain{false};
    /// Regtest only: the clock may be mocked (setmocktime).
    bool is_mockable_chain{false};

    /// Port of the Tor hidden-service target (default P2P port + 1).
    uint16_t OnionServiceTargetPort() const { return static_cast<uint16_t>(default_port + 1); }
    const AssumeutxoData* AssumeutxoForHeight(int height) const;
    const AssumeutxoData* AssumeutxoForBlockhash(const Hash256& hash) const;
    const Hash256& GenesisHash() const { return consensus.hash_genesis_block; }
};

/// Test and network-customisation options, given as Core's raw option values so the messages for bad
/// values are Core's.
struct ChainOptions {
    /// -testactivationheight=name@height (repeatable; not on main).
    std::vector<std::string> test_activation_heights;
    /// -vbparams=deployment:start:end[:min_activation_height] (repeatable; not on main).
    std::vector<std::string> vbparams;
    /// -test=<option> (regtest only): "bip94" enables BIP94; others are accepted (they concern the node).
    std::vector<std::string> test_options;
    /// -fastprune (regtest): prune after height 100.
    bool fastprune{false};
    /// -signetchallenge values (hex; at most one). Empty: the default signet.
    std::vector<std::string> signet_challenge;
    /// -signetseednode values; when set they replace signet's DNS seeds.
    std::optional<std::vector<std::string>> signet_seed_nodes;
};

/// The genesis block of the Bitcoin networks: a coinbase paying `reward` to `output_script`, whose scriptSig
/// is push(486604799) push(4) push(message) (Core's CreateGenesisBlock).
primitives::Block CreateGenesisBlock(std::string_view message, const util::Bytes& output_script, uint32_t time,
                                     uint32_t nonce, uint32_t bits, int32_t version, primitives::Amount reward);

/// The default signet challenge (a 1-of-2 bare multisig).
util::Bytes DefaultSignetChallenge();
/// Signet message start: the first 4 bytes of SHA256d(CompactSize(len) ‖ challenge).
std::array<uint8_t, 4> SignetMessageStart(util::ByteSpan challenge);

/// Builds a network's parameters, applying `options`. Fails with Core's message on a bad option value or on
/// an option the network does not allow.
util::Result<ChainParams> CreateChainParams(ChainType chain, const ChainOptions& options = {});

} // namespace hearth::consensus

#endif // HEARTH_CONSENSUS_PARAMS_H
