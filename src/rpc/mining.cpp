// Mining methods (Core's src/rpc/mining.cpp and setmocktime from src/rpc/node.cpp): getnetworkhashps,
// getmininginfo, getblocktemplate (BIP22/23/9/145), submitblock, submitheader, and the hidden test methods
// generatetoaddress, generatetodescriptor, generateblock and setmocktime. Arguments, result fields in Core's
// order, error codes and messages are Core's.
//
// Blocks are built by chain::CreateNewBlock on the current tip with the version Core's ComputeBlockVersion
// gives (so regtest's testdummy deployment activates from generated blocks as in Core) and the time Core's
// UpdateTime gives; -testactivationheight applies through the chainstate's parameters.
//
// Deviations (no mempool, no P2P yet): templates contain no transactions and "pooledtx" is 0; generateblock
// takes raw transactions only (every txid is "not in mempool") and, as Core, does not claim their fees;
// longpoll waits for a new tip only; getmininginfo's "warnings" is empty.

#include <hearth/chain/block_assembler.h>
#include <hearth/chain/chainstate.h>
#include <hearth/chain/versionbits.h>
#include <hearth/consensus/block_check.h>
#include <hearth/consensus/consensus.h>
#include <hearth/consensus/pow.h>
#include <hearth/node/clock.h>
#include <hearth/node/config.h>
#include <hearth/node/shutdown.h>
#include <hearth/primitives/merkle.h>
#include <hearth/rpc/core_io.h>
#include <hearth/rpc/register.h>
#include <hearth/rpc/table.h>
#include <hearth/wallet/descriptor.h>

#include "server_util.h"

#include <chrono>
#include <limits>
#include <map>
#include <mutex>

namespace hearth::rpc {

namespace {

using Type = RpcResult::Type;
using chain::BlockIndex;
using chain::Chainstate;
using chain::ThresholdState;
using detail::EnsureChainEvents;
using detail::EnsureChainstate;
using detail::FindValue;
using detail::NetAddressParams;
using detail::ParseHashV;
using detail::TargetHex;
using detail::UNIX_EPOCH_TIME;

/// Core's DEFAULT_MAX_TRIES for the generate methods.
constexpr int64_t DEFAULT_MAX_TRIES = 1'000'000;
/// Core's DEFAULT_BLOCK_RESERVED_WEIGHT: what getmininginfo's currentblockweight starts from.
constexpr int64_t DEFAULT_BLOCK_RESERVED_WEIGHT = 8000;
const std::string LIST_CHAIN_NAMES = "main, test, testnet4, signet, regtest";

/// Figures of the last block this node assembled, for getmininginfo (Core's BlockAssembler::m_last_block_*).
struct MiningState {
    std::mutex mutex;
    std::optional<int64_t> last_block_weight;
    std::optional<int64_t> last_block_num_txs;

    void Record(const primitives::Block& block)
    {
        int64_t weight = DEFAULT_BLOCK_RESERVED_WEIGHT;
        for (size_t i = 1; i < block.vtx.size(); ++i) weight += primitives::GetTransactionWeight(*block.vtx[i]);
        std::lock_guard lock{mutex};
        last_block_weight = weight;
        last_block_num_txs = static_cast<int64_t>(block.vtx.size()) - 1;
    }
};
using MiningStatePtr = std::shared_ptr<MiningState>;

/// Core's GetMinimumTime: after the median time past, and (BIP94, on every network) at a retarget no more than
/// MAX_TIMEWARP before the previous block.
int64_t GetMinimumTime(const BlockIndex* prev, int64_t interval)
{
    int64_t min_time = prev->GetMedianTimePast() + 1;
    if ((prev->height + 1) % interval == 0)
        min_time = std::max<int64_t>(min_time, int64_t{prev->time} - consensus::MAX_TIMEWARP);
    return min_time;
}

/// The options Core's BlockAssembler would use on `cs`'s tip: its block version and UpdateTime's time.
chain::AssemblerOptions TemplateOptions(Chainstate& cs)
{
    auto lock = cs.Lock();
    const BlockIndex* tip = cs.Tip();
    const auto& params = cs.Params().consensus;
    chain::AssemblerOptions options;
    options.version = chain::ComputeBlockVersion(tip, params);
    options.time =
        static_cast<uint32_t>(std::max(GetMinimumTime(tip, params.DifficultyAdjustmentInterval()), cs.Now()));
    return options;
}

/// Core's TestBlockValidity: every check ConnectBlock would make on `block` as the child of the tip, nothing
/// stored. The caller holds the chainstate lock; `prev` is the tip.
bool TestBlockValidity(consensus::BlockValidationState& state, Chainstate& cs, const primitives::Block& block,
                       BlockIndex* prev, bool check_pow, bool check_merkle_root)
{
    const auto& params = cs.Params().consensus;
    const chain::BlockIndexHeaderView branch{prev};
    if (!consensus::ContextualCheckBlockHeader(block.header, state, params, branch, cs.Now())) return false;
    if (!consensus::CheckBlock(block, state, params, check_pow, check_merkle_root)) return false;
    if (!consensus::ContextualCheckBlock(block, state, params, branch)) return false;
    chain::CoinsViewCache view{&cs.CoinsTip()};
    return cs.ConnectBlockForTest(block, state, prev, view);
}

/// Core's BIP22ValidationResult: null if valid, else the reject reason (or "rejected"); errors throw -25.
json Bip22ValidationResult(const consensus::BlockValidationState& state)
{
    if (state.IsValid()) return nullptr;
    if (state.IsError()) throw JsonRpcError{RpcErrorCode::VERIFY_ERROR, state.ToString()};
    const std::string& reason = state.GetRejectReason();
    return reason.empty() ? json("rejected") : json(reason);
}

/// Core's DecodeHexBlk: hex, then a block read from the start of the bytes (trailing bytes are ignored).
std::optional<primitives::Block> DecodeHexBlock(const std::string& hex)
{
    if (!util::IsHex(hex)) return std::nullopt;
    auto bytes = util::ParseHex(hex);
    if (!bytes) return std::nullopt;
    auto block = primitives::DecodeBlockPrefix(*bytes);
    if (!block) return std::nullopt;
    return std::move(*block);
}

/// Core's GenerateBlock: grinds the nonce (sharing `max_tries` over all blocks of a call), then submits the
/// block unless `process` is false. False if the tries ran out or the node is shutting down; `out` stays empty
/// if the nonce space was exhausted (the caller builds a new template).
bool GenerateBlock(const RpcContext& ctx, Chainstate& cs, primitives::Block block, uint64_t& max_tries,
                   std::shared_ptr<const primitives::Block>& out, bool process)
{
    out.reset();
    block.header.merkle_root = primitives::BlockMerkleRoot(block);
    const auto& params = cs.Params().consensus;
    auto interrupted = [&] { return ctx.node.shutdown && ctx.node.shutdown->Requested(); };
    while (max_tries > 0 && block.header.nonce < std::numeric_limits<uint32_t>::max() &&
           !consensus::CheckProofOfWork(block.header.GetHash(), block.header.bits, params) && !interrupted()) {
        ++block.header.nonce;
        --max_tries;
    }
    if (max_tries == 0 || interrupted()) return false;
    if (block.header.nonce == std::numeric_limits<uint32_t>::max()) return true;
    out = std::make_shared<const primitives::Block>(std::move(block));
    if (!process) return true;
    bool new_block = false;
    consensus::BlockValidationState state;
    if (!cs.ProcessNewBlock(out, /*force=*/true, &new_block, state)) {
        throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR, "ProcessNewBlock, block not accepted"};
    }
    return true;
}

json GenerateBlocks(const RpcContext& ctx, const MiningStatePtr& mining, util::ByteSpan coinbase_script, int num_blocks,
                    uint64_t max_tries)
{
    Chainstate& cs = EnsureChainstate(ctx);
    json hashes = json::array();
    while (num_blocks > 0 && !(ctx.node.shutdown && ctx.node.shutdown->Requested())) {
        util::Result<chain::BlockTemplate> tmpl = util::Error{};
        {
            // The time and version must be those of the tip the template builds on (an import may move it).
            auto lock = cs.Lock();
            tmpl = chain::CreateNewBlock(cs, coinbase_script, {}, TemplateOptions(cs));
        }
        if (!tmpl) throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR, "Couldn't create new block: " + tmpl.error()};
        mining->Record(tmpl->block);
        std::shared_ptr<const primitives::Block> out;
        if (!GenerateBlock(ctx, cs, std::move(tmpl->block), max_tries, out, /*process=*/true)) break;
        if (out) {
            --num_blocks;
            hashes.push_back(out->GetHash().ToHex());
        }
    }
    return hashes;
}

/// Core's getScriptFromDescriptor: false (with `error`) if `text` is not a descriptor; throws for one that
/// cannot give a single script. combo() gives its P2WPKH script for compressed keys, else its P2PKH.
bool GetScriptFromDescriptor(const std::string& text, const script::AddressParams& net, util::Bytes& script,
                             std::string& error)
{
    const auto parsed = wallet::ParseDescriptor(text, net, /*require_checksum=*/false);
    if (!parsed) {
        error = parsed.error();
        return false;
    }
    if (parsed->descriptors.size() > 1)
        throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Multipath descriptor not accepted"};
    const auto& desc = *parsed->descriptors[0];
    if (desc.IsRange()) {
        throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                           "Ranged descriptor not accepted. Maybe pass through deriveaddresses first?"};
    }
    const auto scripts = desc.Expand(0);
    if (!scripts) throw JsonRpcError{RpcErrorCode::INVALID_ADDRESS_OR_KEY, "Cannot derive script without private keys"};
    if (scripts->size() == 1) {
        script = scripts->at(0);
    } else if (scripts->size() == 4) {
        script = scripts->at(2);
    } else {
        script = scripts->at(1);
    }
    return true;
}

/// generatetoaddress's maxtries: Core reads it with getInt<int>, so a negative count wraps to a huge one.
uint64_t MaxTriesAsInt(const json& params)
{
    if (params.size() < 3 || params[2].is_null()) return DEFAULT_MAX_TRIES;
    return static_cast<uint64_t>(static_cast<int64_t>(GetInt(params[2])));
}

/// generatetodescriptor's maxtries: Core reads it as uint64 (Arg<uint64_t>), refusing negative numbers.
uint64_t MaxTriesAsUint64(const json& params)
{
    if (params.size() < 3 || params[2].is_null()) return DEFAULT_MAX_TRIES;
    const int64_t value = GetInt64(params[2]);
    if (value < 0) throw std::runtime_error("JSON integer out of range");
    return static_cast<uint64_t>(value);
}

RpcMethod GenerateToAddress(MiningStatePtr mining)
{
    return {
        .category = "hidden",
        .name = "generatetoaddress",
        .description = "Mine to a specified address and return the block hashes.",
        .args = {{"nblocks", RpcArgType::NUM, RpcArg::Optional::NO, "How many blocks are generated."},
                 {"address", RpcArgType::STR, RpcArg::Optional::NO,
                  "The address to send the newly generated bitcoin to."},
                 {"maxtries", RpcArgType::NUM, RpcArg::Default{DEFAULT_MAX_TRIES}, "How many iterations to try."}},
        .results = {RpcResult{
            Type::ARR, "", "hashes of blocks generated", {RpcResult{Type::STR_HEX, "", "blockhash"}}}},
        .examples = "\nGenerate 11 blocks to myaddress\n" + HelpExampleCli("generatetoaddress", "11 \"myaddress\"") +
                    "If you are using the " + std::string{node::CLIENT_NAME} +
                    " wallet, you can get a new address to send the newly generated bitcoin to with:\n" +
                    HelpExampleCli("getnewaddress", ""),
        .handler = [mining](const RpcContext& ctx, const json& params) -> json {
            const int num_blocks = GetInt(params[0]);
            const uint64_t max_tries = MaxTriesAsInt(params);
            auto script = script::DecodeAddress(GetStr(params[1]), NetAddressParams(ctx));
            if (!script) throw JsonRpcError{RpcErrorCode::INVALID_ADDRESS_OR_KEY, "Error: Invalid address"};
            return GenerateBlocks(ctx, mining, *script, num_blocks, max_tries);
        },
    };
}

RpcMethod GenerateToDescriptor(MiningStatePtr mining)
{
    return {
        .category = "hidden",
        .name = "generatetodescriptor",
        .description = "Mine to a specified descriptor and return the block hashes.",
        .args = {{"num_blocks", RpcArgType::NUM, RpcArg::Optional::NO, "How many blocks are generated."},
                 {"descriptor", RpcArgType::STR, RpcArg::Optional::NO,
                  "The descriptor to send the newly generated bitcoin to."},
                 {"maxtries", RpcArgType::NUM, RpcArg::Default{DEFAULT_MAX_TRIES}, "How many iterations to try."}},
        .results = {RpcResult{
            Type::ARR, "", "hashes of blocks generated", {RpcResult{Type::STR_HEX, "", "blockhash"}}}},
        .examples = "\nGenerate 11 blocks to mydesc\n" + HelpExampleCli("generatetodescriptor", "11 \"mydesc\""),
        .handler = [mining](const RpcContext& ctx, const json& params) -> json {
            const int num_blocks = GetInt(params[0]);
            const uint64_t max_tries = MaxTriesAsUint64(params);
            util::Bytes script;
            std::string error;
            if (!GetScriptFromDescriptor(GetStr(params[1]), NetAddressParams(ctx), script, error)) {
                throw JsonRpcError{RpcErrorCode::INVALID_ADDRESS_OR_KEY, error};
            }
            return GenerateBlocks(ctx, mining, script, num_blocks, max_tries);
        },
    };
}

RpcMethod GenerateBlockRpc(MiningStatePtr mining)
{
    return {
        .category = "hidden",
        .name = "generateblock",
        .description =
            "Mine a set of ordered transactions to a specified address or descriptor and return the block hash.",
        .args = {{"output", RpcArgType::STR, RpcArg::Optional::NO,
                  "The address or descriptor to send the newly generated bitcoin to."},
                 {"transactions",
                  RpcArgType::ARR,
                  RpcArg::Optional::NO,
                  "An array of hex strings which are either txids or raw transactions.\n"
                  "Txids must reference transactions currently in the mempool.\n"
                  "All transactions must be valid and in valid order, otherwise the block will be rejected.",
                  {{"rawtx/txid", RpcArgType::STR_HEX, RpcArg::Optional::OMITTED, ""}}},
                 {"submit", RpcArgType::BOOL, RpcArg::Default{true},
                  "Whether to submit the block before the RPC call returns or to return it as hex."}},
        .results = {RpcResult{Type::OBJ,
                              "",
                              "",
                              {
                                  RpcResult{Type::STR_HEX, "hash", "hash of generated block"},
                                  RpcResult{Type::STR_HEX, "hex", RpcResult::Optional::YES,
                                            "hex of generated block, only present when submit=false"},
                              }}},
        .examples = "\nGenerate a block to myaddress, with txs rawtx and mempool_txid\n" +
                    HelpExampleCli("generateblock", R"("myaddress" '["rawtx", "mempool_txid"]')"),
        .handler = [mining](const RpcContext& ctx, const json& params) -> json {
            const std::string& output = GetStr(params[0]);
            const script::AddressParams& net = NetAddressParams(ctx);
            util::Bytes coinbase_script;
            std::string error;
            if (!GetScriptFromDescriptor(output, net, coinbase_script, error)) {
                auto script = script::DecodeAddress(output, net);
                if (!script)
                    throw JsonRpcError{RpcErrorCode::INVALID_ADDRESS_OR_KEY, "Error: Invalid address or descriptor"};
                coinbase_script = std::move(*script);
            }
            std::vector<primitives::TransactionRef> txs;
            for (const json& item : GetArray(params[1])) {
                const std::string& str = GetStr(item);
                if (util::Uint256::FromHex(str)) {
                    // A txid: there is no mempool yet, so none is ever found.
                    throw JsonRpcError{RpcErrorCode::INVALID_ADDRESS_OR_KEY, "Transaction " + str + " not in mempool."};
                }
                auto mtx = DecodeHexTx(str);
                if (!mtx) {
                    throw JsonRpcError{RpcErrorCode::DESERIALIZATION_ERROR,
                                       "Transaction decode failed for " + str +
                                           ". Make sure the tx has at least one input."};
                }
                txs.push_back(primitives::MakeTransactionRef(std::move(*mtx)));
            }
            const bool process = params.size() > 2 && !params[2].is_null() ? GetBool(params[2]) : true;

            Chainstate& cs = EnsureChainstate(ctx);
            primitives::Block block;
            {
                auto lock = cs.Lock();
                // A coinbase-only template (Core: createNewBlock without the mempool), then the given
                // transactions; their fees are not claimed, as in Core.
                auto tmpl = chain::CreateNewBlock(cs, coinbase_script, {}, TemplateOptions(cs));
                if (!tmpl)
                    throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR, "Couldn't create new block: " + tmpl.error()};
                mining->Record(tmpl->block);
                block = std::move(tmpl->block);
                block.vtx.insert(block.vtx.end(), txs.begin(), txs.end());
                // Core's RegenerateCommitments: witness commitment and merkle root over the new transactions.
                chain::UpdateWitnessCommitment(block, tmpl->height, cs.Params().consensus);
                chain::UpdateMerkleRoot(block);
                consensus::BlockValidationState state;
                if (!TestBlockValidity(state, cs, block, cs.Tip(), /*check_pow=*/false, /*check_merkle_root=*/false)) {
                    throw JsonRpcError{RpcErrorCode::VERIFY_ERROR, "TestBlockValidity failed: " + state.ToString()};
                }
            }
            std::shared_ptr<const primitives::Block> out;
            uint64_t max_tries = DEFAULT_MAX_TRIES;
            if (!GenerateBlock(ctx, cs, std::move(block), max_tries, out, process) || !out) {
                throw JsonRpcError{RpcErrorCode::MISC_ERROR, "Failed to make block."};
            }
            json obj = json::object();
            obj["hash"] = out->GetHash().ToHex();
            if (!process) obj["hex"] = util::HexStr(primitives::SerializeBlock(*out));
            return obj;
        },
    };
}

/// Core's GetNetworkHashPS: work per second over the last `lookup` blocks up to `height` (-1: the tip).
json GetNetworkHashPs(int lookup, int height, const Chainstate& cs)
{
    if (lookup < -1 || lookup == 0) {
        throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Invalid nblocks. Must be a positive number or -1."};
    }
    auto lock = cs.Lock();
    const auto& chain = cs.Chain();
    if (height < -1 || height > chain.Height()) {
        throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Block does not exist at specified height"};
    }
    const BlockIndex* pb = height >= 0 ? chain[height] : chain.Tip();
    if (!pb || pb->height == 0) return 0;
    if (lookup == -1) lookup = static_cast<int>(pb->height % cs.Params().consensus.DifficultyAdjustmentInterval() + 1);
    if (lookup > pb->height) lookup = pb->height;
    const BlockIndex* pb0 = pb;
    int64_t min_time = pb0->time;
    int64_t max_time = min_time;
    for (int i = 0; i < lookup; ++i) {
        pb0 = pb0->prev;
        min_time = std::min<int64_t>(pb0->time, min_time);
        max_time = std::max<int64_t>(pb0->time, max_time);
    }
    if (min_time == max_time) return 0;
    const util::ArithUint256 work = pb->chain_work - pb0->chain_work;
    return work.GetDouble() / static_cast<double>(max_time - min_time);
}

RpcMethod GetNetworkHashPsRpc()
{
    return {
        .category = "mining",
        .name = "getnetworkhashps",
        .description = "Returns the estimated network hashes per second based on the last n blocks.\n"
                       "Pass in [blocks] to override # of blocks, -1 specifies since last difficulty change.\n"
                       "Pass in [height] to estimate the network speed at the time when a certain block was found.",
        .args = {{"nblocks", RpcArgType::NUM, RpcArg::Default{120},
                  "The number of previous blocks to calculate estimate from, or -1 for blocks since last difficulty "
                  "change."},
                 {"height", RpcArgType::NUM, RpcArg::Default{-1}, "To estimate at the time of the given height."}},
        .results = {RpcResult{Type::NUM, "", "Hashes per second estimated"}},
        .examples = HelpExampleCli("getnetworkhashps", "") + HelpExampleRpc("getnetworkhashps", ""),
        .handler = [](const RpcContext& ctx, const json&) -> json {
            return GetNetworkHashPs(GetInt(ctx.Arg(0)), GetInt(ctx.Arg(1)), EnsureChainstate(ctx));
        },
    };
}

RpcMethod GetMiningInfo(MiningStatePtr mining)
{
    return {
        .category = "mining",
        .name = "getmininginfo",
        .description = "Returns a json object containing mining-related information.",
        .args = {},
        .results = {RpcResult{
            Type::OBJ,
            "",
            "",
            {
                RpcResult{Type::NUM, "blocks", "The current block"},
                RpcResult{Type::NUM, "currentblockweight", RpcResult::Optional::YES,
                          "The block weight (including reserved weight for block header, txs count and coinbase tx) of "
                          "the last assembled block (only present if a block was ever assembled)"},
                RpcResult{Type::NUM, "currentblocktx", RpcResult::Optional::YES,
                          "The number of block transactions (excluding coinbase) of the last assembled block (only "
                          "present if a block was ever assembled)"},
                RpcResult{Type::STR_HEX, "bits",
                          "The current nBits, compact representation of the block difficulty target"},
                RpcResult{Type::NUM, "difficulty", "The current difficulty"},
                RpcResult{Type::STR_HEX, "target", "The current target"},
                RpcResult{Type::NUM, "networkhashps", "The network hashes per second"},
                RpcResult{Type::NUM, "pooledtx", "The size of the mempool"},
                RpcResult{Type::STR, "chain", "current network name (" + LIST_CHAIN_NAMES + ")"},
                RpcResult{Type::STR_HEX, "signet_challenge", RpcResult::Optional::YES,
                          "The block challenge (aka. block script), in hexadecimal (only present if the current "
                          "network is a signet)"},
                RpcResult{Type::OBJ,
                          "next",
                          "The next block",
                          {
                              RpcResult{Type::NUM, "height", "The next height"},
                              RpcResult{Type::STR_HEX, "bits", "The next target nBits"},
                              RpcResult{Type::NUM, "difficulty", "The next difficulty"},
                              RpcResult{Type::STR_HEX, "target", "The next target"},
                          }},
                RpcResult{Type::ARR,
                          "warnings",
                          "any network and blockchain warnings (run with `-deprecatedrpc=warnings` to return the "
                          "latest warning as a single string)",
                          {
                              RpcResult{Type::STR, "", "warning"},
                          }},
            }}},
        .examples = HelpExampleCli("getmininginfo", "") + HelpExampleRpc("getmininginfo", ""),
        .handler = [mining](const RpcContext& ctx, const json&) -> json {
            Chainstate& cs = EnsureChainstate(ctx);
            const consensus::ChainParams& params = cs.Params();
            json obj = json::object();
            auto lock = cs.Lock();
            const BlockIndex* tip = cs.Tip();
            obj["blocks"] = cs.Chain().Height();
            {
                std::lock_guard mining_lock{mining->mutex};
                if (mining->last_block_weight) obj["currentblockweight"] = *mining->last_block_weight;
                if (mining->last_block_num_txs) obj["currentblocktx"] = *mining->last_block_num_txs;
            }
            obj["bits"] = Hex8(tip->bits);
            obj["difficulty"] = GetDifficulty(tip->bits);
            obj["target"] = TargetHex(tip->bits, params);
            obj["networkhashps"] = GetNetworkHashPs(120, -1, cs);
            obj["pooledtx"] = 0;
            obj["chain"] = std::string{consensus::ChainTypeToString(params.chain_type)};
            if (params.consensus.signet_blocks)
                obj["signet_challenge"] = util::HexStr(params.consensus.signet_challenge);
            // Core's NextEmptyBlockIndex: the next block's nBits for UpdateTime's time.
            primitives::BlockHeader next;
            next.prev_block = tip->GetHash();
            next.time = static_cast<uint32_t>(
                std::max(GetMinimumTime(tip, params.consensus.DifficultyAdjustmentInterval()), cs.Now()));
            next.bits = consensus::GetNextWorkRequired(chain::BlockIndexHeaderView{tip}, next, params.consensus);
            json next_obj = json::object();
            next_obj["height"] = tip->height + 1;
            next_obj["bits"] = Hex8(next.bits);
            next_obj["difficulty"] = GetDifficulty(next.bits);
            next_obj["target"] = TargetHex(next.bits, params);
            obj["next"] = std::move(next_obj);
            obj["warnings"] = json::array();
            return obj;
        },
    };
}

RpcMethod GetBlockTemplate(MiningStatePtr mining)
{
    return {
        .category = "mining",
        .name = "getblocktemplate",
        .description = "If the request parameters include a 'mode' key, that is used to explicitly select between the "
                       "default 'template' request or a 'proposal'.\n"
                       "It returns data needed to construct a block to work on.\n"
                       "For full specification, see BIPs 22, 23, 9, and 145:\n"
                       "    https://github.com/bitcoin/bips/blob/master/bip-0022.mediawiki\n"
                       "    https://github.com/bitcoin/bips/blob/master/bip-0023.mediawiki\n"
                       "    https://github.com/bitcoin/bips/blob/master/bip-0009.mediawiki#getblocktemplate_changes\n"
                       "    https://github.com/bitcoin/bips/blob/master/bip-0145.mediawiki",
        .args =
            {{"template_request",
              RpcArgType::OBJ,
              RpcArg::Optional::NO,
              "Format of the template",
              {{"mode", RpcArgType::STR, RpcArg::Optional::OMITTED,
                "This must be set to \"template\", \"proposal\" (see BIP 23), or omitted"},
               {"capabilities",
                RpcArgType::ARR,
                RpcArg::Optional::OMITTED,
                "A list of strings",
                {{"str", RpcArgType::STR, RpcArg::Optional::OMITTED,
                  "client side supported feature, 'longpoll', 'coinbasevalue', 'proposal', 'serverlist', 'workid'"}}},
               {"rules",
                RpcArgType::ARR,
                RpcArg::Optional::NO,
                "A list of strings",
                {{"segwit", RpcArgType::STR, RpcArg::Optional::NO, "(literal) indicates client side segwit support"},
                 {"str", RpcArgType::STR, RpcArg::Optional::OMITTED,
                  "other client side supported softfork deployment"}}},
               {"longpollid", RpcArgType::STR, RpcArg::Optional::OMITTED,
                "delay processing request until the result would vary significantly from the \"longpollid\" of a prior "
                "template"},
               {"data", RpcArgType::STR_HEX, RpcArg::Optional::OMITTED,
                "proposed block data to check, encoded in hexadecimal; valid only for mode=\"proposal\""}}}},
        .results =
            {
                RpcResult{"If the proposal was accepted with mode=='proposal'", Type::NONE, "", ""},
                RpcResult{"If the proposal was not accepted with mode=='proposal'", Type::STR, "",
                          "According to BIP22"},
                RpcResult{
                    "Otherwise",
                    Type::OBJ,
                    "",
                    "",
                    {
                        RpcResult{Type::NUM, "version", "The preferred block version"},
                        RpcResult{
                            Type::ARR,
                            "rules",
                            "specific block rules that are to be enforced",
                            {
                                RpcResult{
                                    Type::STR, "",
                                    "name of a rule the client must understand to some extent; see BIP 9 for format"},
                            }},
                        RpcResult{Type::OBJ_DYN,
                                  "vbavailable",
                                  "set of pending, supported versionbit (BIP 9) softfork deployments",
                                  {
                                      RpcResult{Type::NUM, "rulename",
                                                "identifies the bit number as indicating acceptance and readiness for "
                                                "the named softfork rule"},
                                  }},
                        RpcResult{Type::ARR,
                                  "capabilities",
                                  "",
                                  {
                                      RpcResult{Type::STR, "value", "A supported feature, for example 'proposal'"},
                                  }},
                        RpcResult{Type::NUM, "vbrequired",
                                  "bit mask of versionbits the server requires set in submissions"},
                        RpcResult{Type::STR, "previousblockhash", "The hash of current highest block"},
                        RpcResult{
                            Type::ARR,
                            "transactions",
                            "contents of non-coinbase transactions that should be included in the next block",
                            {
                                RpcResult{
                                    Type::OBJ,
                                    "",
                                    "",
                                    {
                                        RpcResult{Type::STR_HEX, "data",
                                                  "transaction data encoded in hexadecimal (byte-for-byte)"},
                                        RpcResult{
                                            Type::STR_HEX, "txid",
                                            "transaction hash excluding witness data, shown in byte-reversed hex"},
                                        RpcResult{
                                            Type::STR_HEX, "hash",
                                            "transaction hash including witness data, shown in byte-reversed hex"},
                                        RpcResult{
                                            Type::ARR,
                                            "depends",
                                            "array of numbers",
                                            {
                                                RpcResult{
                                                    Type::NUM, "",
                                                    "transactions before this one (by 1-based index in 'transactions' "
                                                    "list) that must be present in the final block if this one is"},
                                            }},
                                        RpcResult{
                                            Type::NUM, "fee",
                                            "difference in value between transaction inputs and outputs (in satoshis); "
                                            "for coinbase transactions, this is a negative Number of the total "
                                            "collected block fees (ie, not including the block subsidy); if key is not "
                                            "present, fee is unknown and clients MUST NOT assume there isn't one"},
                                        RpcResult{
                                            Type::NUM, "sigops",
                                            "total SigOps cost, as counted for purposes of block limits; if key is not "
                                            "present, sigop cost is unknown and clients MUST NOT assume it is zero"},
                                        RpcResult{Type::NUM, "weight",
                                                  "total transaction weight, as counted for purposes of block limits"},
                                    }},
                            }},
                        RpcResult{
                            Type::OBJ_DYN,
                            "coinbaseaux",
                            "data that should be included in the coinbase's scriptSig content",
                            {
                                RpcResult{Type::STR_HEX, "key", "values must be in the coinbase (keys may be ignored)"},
                            }},
                        RpcResult{Type::NUM, "coinbasevalue",
                                  "maximum allowable input to coinbase transaction, including the generation award and "
                                  "transaction fees (in satoshis)"},
                        RpcResult{Type::STR, "longpollid",
                                  "an id to include with a request to longpoll on an update to this template"},
                        RpcResult{Type::STR, "target", "The hash target"},
                        RpcResult{Type::NUM_TIME, "mintime",
                                  "The minimum timestamp appropriate for the next block time, expressed in " +
                                      UNIX_EPOCH_TIME + ". Adjusted for the proposed BIP94 timewarp rule."},
                        RpcResult{Type::ARR,
                                  "mutable",
                                  "list of ways the block template may be changed",
                                  {
                                      RpcResult{Type::STR, "value",
                                                "A way the block template may be changed, e.g. 'time', 'transactions', "
                                                "'prevblock'"},
                                  }},
                        RpcResult{Type::STR_HEX, "noncerange", "A range of valid nonces"},
                        RpcResult{Type::NUM, "sigoplimit", "limit of sigops in blocks"},
                        RpcResult{Type::NUM, "sizelimit", "limit of block size"},
                        RpcResult{Type::NUM, "weightlimit", RpcResult::Optional::YES, "limit of block weight"},
                        RpcResult{Type::NUM_TIME, "curtime",
                                  "current timestamp in " + UNIX_EPOCH_TIME +
                                      ". Adjusted for the proposed BIP94 timewarp rule."},
                        RpcResult{Type::STR, "bits", "compressed target of next block"},
                        RpcResult{Type::NUM, "height", "The height of the next block"},
                        RpcResult{Type::STR_HEX, "signet_challenge", RpcResult::Optional::YES, "Only on signet"},
                        RpcResult{Type::STR_HEX, "default_witness_commitment", RpcResult::Optional::YES,
                                  "a valid witness commitment for the unmodified block template"},
                    }},
            },
        .examples = HelpExampleCli("getblocktemplate", "'{\"rules\": [\"segwit\"]}'") +
                    HelpExampleRpc("getblocktemplate", "{\"rules\": [\"segwit\"]}"),
        .handler = [mining](const RpcContext& ctx, const json& params) -> json {
            Chainstate& cs = EnsureChainstate(ctx);
            const consensus::ChainParams& chain_params = cs.Params();
            const auto& consensus_params = chain_params.consensus;
            const json& request = GetObject(params[0]);

            std::string mode = "template";
            const json& mode_v = FindValue(request, "mode");
            if (mode_v.is_string()) {
                mode = mode_v.get<std::string>();
            } else if (!mode_v.is_null()) {
                throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Invalid mode"};
            }
            const json& longpoll = FindValue(request, "longpollid");

            if (mode == "proposal") {
                const json& data = FindValue(request, "data");
                if (!data.is_string())
                    throw JsonRpcError{RpcErrorCode::TYPE_ERROR, "Missing data String key for proposal"};
                auto block = DecodeHexBlock(data.get<std::string>());
                if (!block) throw JsonRpcError{RpcErrorCode::DESERIALIZATION_ERROR, "Block decode failed"};
                auto lock = cs.Lock();
                if (const BlockIndex* index = cs.LookupBlockIndex(block->GetHash())) {
                    if (index->IsValid(chain::BLOCK_VALID_SCRIPTS)) return "duplicate";
                    if (index->status & chain::BLOCK_FAILED_MASK) return "duplicate-invalid";
                    return "duplicate-inconclusive";
                }
                BlockIndex* tip = cs.Tip();
                // TestBlockValidity only supports blocks built on the current tip.
                if (block->header.prev_block != tip->GetHash()) return "inconclusive-not-best-prevblk";
                consensus::BlockValidationState state;
                TestBlockValidity(state, cs, *block, tip, /*check_pow=*/false, /*check_merkle_root=*/true);
                return Bip22ValidationResult(state);
            }

            std::set<std::string> client_rules;
            const json& rules = FindValue(request, "rules");
            if (rules.is_array()) {
                for (const json& rule : rules) client_rules.insert(GetStr(rule));
            }
            if (mode != "template") throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Invalid mode"};

            if (!chain_params.is_test_chain) {
                // No P2P yet: a mainnet node is never connected (Core's check comes first).
                throw JsonRpcError{RpcErrorCode::CLIENT_NOT_CONNECTED,
                                   std::string{node::CLIENT_NAME} + " is not connected!"};
            }

            if (!longpoll.is_null()) {
                // Wait for a new tip (Core also wakes on mempool changes, of which there are none yet).
                util::Uint256 watched;
                if (longpoll.is_string()) {
                    watched = ParseHashV(json(longpoll.get<std::string>().substr(0, 64)), "longpollid");
                } else {
                    auto lock = cs.Lock();
                    watched = cs.Tip()->GetHash();
                }
                auto& events = EnsureChainEvents(ctx);
                events.WaitForTip([&](const node::ChainEvents::Tip& tip) { return tip.hash != watched; }, std::nullopt);
                if (ctx.node.shutdown && ctx.node.shutdown->Requested()) {
                    throw JsonRpcError{RpcErrorCode::CLIENT_NOT_CONNECTED, "Shutting down"};
                }
            }

            if (consensus_params.signet_blocks && !client_rules.count("signet")) {
                throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                                   "getblocktemplate must be called with the signet rule set (call with {\"rules\": "
                                   "[\"segwit\", \"signet\"]})"};
            }
            if (!client_rules.count("segwit")) {
                throw JsonRpcError{
                    RpcErrorCode::INVALID_PARAMETER,
                    "getblocktemplate must be called with the segwit rule set (call with {\"rules\": [\"segwit\"]})"};
            }

            auto lock = cs.Lock();
            BlockIndex* prev = cs.Tip();
            const chain::AssemblerOptions options = TemplateOptions(cs);
            // The template pays to an empty script: miners replace the coinbase (Core's CScript()).
            auto tmpl = chain::CreateNewBlock(cs, {}, {}, options);
            if (!tmpl) throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR, "Couldn't create new block: " + tmpl.error()};
            mining->Record(tmpl->block);
            primitives::Block& block = tmpl->block;
            const int height = prev->height + 1;
            const bool pre_segwit = height < consensus_params.segwit_height;

            json transactions = json::array();
            std::map<util::Uint256, int64_t> tx_index;
            for (size_t i = 0; i < block.vtx.size(); ++i) {
                const primitives::Transaction& tx = *block.vtx[i];
                tx_index[tx.GetTxid()] = static_cast<int64_t>(i);
                if (tx.IsCoinBase()) continue;
                json entry = json::object();
                entry["data"] = EncodeHexTx(tx);
                entry["txid"] = tx.GetTxid().ToHex();
                entry["hash"] = tx.GetWtxid().ToHex();
                json deps = json::array();
                for (const auto& in : tx.vin) {
                    if (auto it = tx_index.find(in.prevout.hash); it != tx_index.end()) deps.push_back(it->second);
                }
                entry["depends"] = std::move(deps);
                entry["fee"] = tmpl->fees.at(i);
                int64_t sigops = tmpl->sigops_cost.at(i);
                if (pre_segwit) sigops /= consensus::WITNESS_SCALE_FACTOR;
                entry["sigops"] = sigops;
                entry["weight"] = primitives::GetTransactionWeight(tx);
                transactions.push_back(std::move(entry));
            }

            json rules_out = json::array({"csv"});
            if (!pre_segwit) rules_out.push_back("!segwit");
            if (consensus_params.signet_blocks) rules_out.push_back("!signet");
            json vbavailable = json::object();
            // BIP9: testdummy is the only version-bits deployment; it is an optional rule (no '!').
            const ThresholdState state = chain::VersionBitsChecker{consensus_params.testdummy}.GetStateFor(prev);
            if (state == ThresholdState::STARTED || state == ThresholdState::LOCKED_IN) {
                vbavailable["testdummy"] = consensus_params.testdummy.bit;
            } else if (state == ThresholdState::ACTIVE) {
                rules_out.push_back("testdummy");
            }

            json result = json::object();
            result["capabilities"] = json::array({"proposal"});
            result["version"] = block.header.version;
            result["rules"] = std::move(rules_out);
            result["vbavailable"] = std::move(vbavailable);
            result["vbrequired"] = 0;
            result["previousblockhash"] = block.header.prev_block.ToHex();
            result["transactions"] = std::move(transactions);
            result["coinbaseaux"] = json::object();
            result["coinbasevalue"] = block.vtx[0]->vout[0].value;
            // Core appends the mempool's update counter, which stays 0 without a mempool.
            result["longpollid"] = prev->GetHash().ToHex() + "0";
            result["target"] = util::ArithUint256::FromCompact(block.header.bits).ToHex();
            result["mintime"] = GetMinimumTime(prev, consensus_params.DifficultyAdjustmentInterval());
            result["mutable"] = json::array({"time", "transactions", "prevblock"});
            result["noncerange"] = "00000000ffffffff";
            const int64_t sigop_limit = consensus::MAX_BLOCK_SIGOPS_COST;
            const int64_t size_limit = consensus::MAX_BLOCK_SERIALIZED_SIZE;
            result["sigoplimit"] = pre_segwit ? sigop_limit / consensus::WITNESS_SCALE_FACTOR : sigop_limit;
            result["sizelimit"] = pre_segwit ? size_limit / consensus::WITNESS_SCALE_FACTOR : size_limit;
            if (!pre_segwit) result["weightlimit"] = consensus::MAX_BLOCK_WEIGHT;
            result["curtime"] = block.header.time;
            result["bits"] = Hex8(block.header.bits);
            result["height"] = height;
            if (consensus_params.signet_blocks)
                result["signet_challenge"] = util::HexStr(consensus_params.signet_challenge);
            if (auto index = primitives::GetWitnessCommitmentIndex(block)) {
                result["default_witness_commitment"] = util::HexStr(block.vtx[0]->vout[*index].script_pubkey);
            }
            return result;
        },
    };
}

/// Collects the BlockChecked result for one block (Core's submitblock_StateCatcher).
class SubmitBlockStateCatcher final : public chain::ChainNotifications
{
public:
    explicit SubmitBlockStateCatcher(const util::Uint256& hash) : m_hash{hash} {}
    void BlockChecked(const primitives::Block& block, const consensus::BlockValidationState& state) override
    {
        if (block.GetHash() != m_hash) return;
        std::lock_guard lock{m_mutex};
        m_found = true;
        m_state = state;
    }
    std::optional<consensus::BlockValidationState> Result() const
    {
        std::lock_guard lock{m_mutex};
        if (!m_found) return std::nullopt;
        return m_state;
    }

private:
    const util::Uint256 m_hash;
    mutable std::mutex m_mutex;
    bool m_found{false};
    consensus::BlockValidationState m_state;
};

RpcMethod SubmitBlock()
{
    return {
        .category = "mining",
        .name = "submitblock",
        .description =
            "Attempts to submit new block to network.\nSee https://en.bitcoin.it/wiki/BIP_0022 for full specification.",
        .args = {{"hexdata", RpcArgType::STR_HEX, RpcArg::Optional::NO, "the hex-encoded block data to submit"},
                 {"dummy", RpcArgType::STR, RpcArg::DefaultHint{"ignored"},
                  "dummy value, for compatibility with BIP22. This value is ignored."}},
        .results = {RpcResult{"If the block was accepted", Type::NONE, "", ""},
                    RpcResult{"Otherwise", Type::STR, "", "According to BIP22"}},
        .examples = HelpExampleCli("submitblock", "\"mydata\"") + HelpExampleRpc("submitblock", "\"mydata\""),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            auto decoded = DecodeHexBlock(GetStr(params[0]));
            if (!decoded) throw JsonRpcError{RpcErrorCode::DESERIALIZATION_ERROR, "Block decode failed"};
            primitives::Block& block = *decoded;
            Chainstate& cs = EnsureChainstate(ctx);
            {
                // Core's UpdateUncommittedBlockStructures: a committing coinbase without its witness gets the
                // zero witness reserved value (CORE-FACTS §2), once segwit is active at the block's height.
                auto lock = cs.Lock();
                const BlockIndex* prev = cs.LookupBlockIndex(block.header.prev_block);
                if (prev && prev->height + 1 >= cs.Params().consensus.segwit_height && !block.vtx.empty() &&
                    primitives::GetWitnessCommitmentIndex(block) && block.vtx[0]->vin.size() == 1 &&
                    block.vtx[0]->vin[0].witness.empty()) {
                    primitives::MutableTransaction coinbase = block.vtx[0]->ToMutable();
                    coinbase.vin[0].witness = {util::Bytes(32, 0)};
                    block.vtx[0] = primitives::MakeTransactionRef(std::move(coinbase));
                }
            }
            auto shared = std::make_shared<const primitives::Block>(std::move(block));
            SubmitBlockStateCatcher catcher{shared->GetHash()};
            node::ChainEvents& events = EnsureChainEvents(ctx);
            events.Subscribe(&catcher);
            bool new_block = false;
            consensus::BlockValidationState state;
            bool accepted = false;
            try {
                accepted = cs.ProcessNewBlock(shared, /*force=*/true, &new_block, state);
            } catch (...) {
                events.Unsubscribe(&catcher);
                throw;
            }
            events.Unsubscribe(&catcher);
            if (!new_block && accepted) return "duplicate";
            const auto checked = catcher.Result();
            if (!checked) return "inconclusive";
            return Bip22ValidationResult(*checked);
        },
    };
}

RpcMethod SubmitHeader()
{
    return {
        .category = "mining",
        .name = "submitheader",
        .description = "Decode the given hexdata as a header and submit it as a candidate chain tip if valid.\n"
                       "Throws when the header is invalid.",
        .args = {{"hexdata", RpcArgType::STR_HEX, RpcArg::Optional::NO, "the hex-encoded block header data"}},
        .results = {RpcResult{Type::NONE, "", "None"}},
        .examples = HelpExampleCli("submitheader", "\"aabbcc\"") + HelpExampleRpc("submitheader", "\"aabbcc\""),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            // Core's DecodeHexBlockHeader: hex, then a header read from the start (trailing bytes ignored).
            const std::string& hex = GetStr(params[0]);
            std::optional<primitives::BlockHeader> header;
            if (util::IsHex(hex)) {
                const auto bytes = util::ParseHex(hex);
                if (bytes && bytes->size() >= primitives::BlockHeader::SIZE) {
                    auto decoded =
                        primitives::DecodeBlockHeader(util::ByteSpan{*bytes}.first(primitives::BlockHeader::SIZE));
                    if (decoded) header = *decoded;
                }
            }
            if (!header) throw JsonRpcError{RpcErrorCode::DESERIALIZATION_ERROR, "Block header decode failed"};
            Chainstate& cs = EnsureChainstate(ctx);
            if (!cs.LookupBlockIndex(header->prev_block)) {
                throw JsonRpcError{RpcErrorCode::VERIFY_ERROR,
                                   "Must submit previous header (" + header->prev_block.ToHex() + ") first"};
            }
            consensus::BlockValidationState state;
            const std::vector<primitives::BlockHeader> headers{*header};
            (void)cs.ProcessNewBlockHeaders(headers, state);
            if (state.IsValid()) return nullptr;
            if (state.IsError()) throw JsonRpcError{RpcErrorCode::VERIFY_ERROR, state.ToString()};
            throw JsonRpcError{RpcErrorCode::VERIFY_ERROR, state.GetRejectReason()};
        },
    };
}

RpcMethod SetMockTime()
{
    return {
        .category = "hidden",
        .name = "setmocktime",
        .description = "Set the local time to given timestamp (-regtest only)",
        .args = {{"timestamp", RpcArgType::NUM, RpcArg::Optional::NO,
                  UNIX_EPOCH_TIME + "\nPass 0 to go back to using the system time."}},
        .results = {RpcResult{Type::NONE, "", ""}},
        .examples = "",
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            if (!detail::EnsureChainParams(ctx).is_mockable_chain) {
                throw std::runtime_error("setmocktime is for regression testing (-regtest mode) only");
            }
            if (!ctx.node.clock) throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR, "Node clock not found"};
            const int64_t time = GetInt64(params[0]);
            // Core's bound: the largest second count a nanosecond clock can hold.
            constexpr int64_t max_time =
                std::chrono::duration_cast<std::chrono::seconds>(std::chrono::nanoseconds::max()).count();
            if (time < 0 || time > max_time) {
                throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Mocktime must be in the range [0, " +
                                                                        std::to_string(max_time) + "], not " +
                                                                        std::to_string(time) + "."};
            }
            // Core sets it under cs_main so no validation sees the clock jump mid-block.
            std::unique_lock<std::recursive_mutex> lock;
            if (ctx.node.chainstate) lock = ctx.node.chainstate->Lock();
            ctx.node.clock->SetMockTime(time);
            return nullptr;
        },
    };
}

} // namespace

void RegisterMiningRpcs(RpcTable& table)
{
    auto mining = std::make_shared<MiningState>();
    table.Register(GetNetworkHashPsRpc());
    table.Register(GetMiningInfo(mining));
    table.Register(GetBlockTemplate(mining));
    table.Register(SubmitBlock());
    table.Register(SubmitHeader());
    table.Register(GenerateToAddress(mining));
    table.Register(GenerateToDescriptor(mining));
    table.Register(GenerateBlockRpc(mining));
    table.Register(SetMockTime());
}

} // namespace hearth::rpc
