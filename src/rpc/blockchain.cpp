// Blockchain methods (Core's src/rpc/blockchain.cpp): names, arguments, result fields in Core's order, error
// codes and messages as Core's. Handlers call the chainstate directly: it is internally locked and releases
// its lock between blocks while importing, so these answer quickly during -loadblock. Anything read from
// the block index is copied out under chainstate->Lock(); slow work (decoding a block to JSON) runs after
// the lock is released.
//
// Deviations: gettxout has no mempool to look into yet (include_mempool is accepted and has no effect);
// gettxoutsetinfo has no coinstatsindex (hash_or_height is refused as Core refuses it without the index);
// getdeploymentinfo lists no taproot entry (CORE-FACTS §1: taproot is active from genesis).

#include <hearth/chain/chainstate.h>
#include <hearth/chain/versionbits.h>
#include <hearth/consensus/block_check.h>
#include <hearth/consensus/pow.h>
#include <hearth/node/chain_events.h>
#include <hearth/node/context.h>
#include <hearth/node/logging.h>
#include <hearth/primitives/transaction.h>
#include <hearth/rpc/core_io.h>
#include <hearth/rpc/register.h>
#include <hearth/rpc/table.h>
#include <hearth/script/script.h>
#include <hearth/serialize/stream.h>
#include <hearth/util/hex.h>

#include "server_util.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

namespace hearth::rpc {

namespace {

using Type = RpcResult::Type;
using chain::BlockIndex;
using chain::Chainstate;
using chain::ThresholdState;
using detail::CURRENCY_UNIT;
using detail::EnsureChainEvents;
using detail::EnsureChainstate;
using detail::ParseHashV;
using detail::ParseVerbosity;
using detail::TargetHex;
using detail::UNIX_EPOCH_TIME;
using primitives::Hash256;

constexpr int NUM_GETBLOCKSTATS_PERCENTILES = 5;
/// Core's DEFAULT_CHECKBLOCKS / DEFAULT_CHECKLEVEL (verifychain's defaults).
constexpr int DEFAULT_CHECKBLOCKS = 6;
constexpr int DEFAULT_CHECKLEVEL = 3;
/// Core's TIMESTAMP_WINDOW (pruneblockchain by time: 2 hours of slack).
constexpr int64_t TIMESTAMP_WINDOW = 2 * 60 * 60;
const std::string EXAMPLE_HASH = "\"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09\"";

/// Core's ComputeNextBlockAndDepth + blockheaderToJSON inputs. Caller holds the chainstate lock.
BlockHeaderContext HeaderContext(const Chainstate& cs, const BlockIndex& index)
{
    BlockHeaderContext ctx;
    ctx.height = index.height;
    ctx.median_time = index.GetMedianTimePast();
    ctx.chain_work = index.chain_work.ToUint256();
    ctx.n_tx = index.tx_count;
    const BlockIndex* tip = cs.Tip();
    const BlockIndex* next = tip ? tip->GetAncestor(index.height + 1) : nullptr;
    if (next && next->prev == &index) {
        ctx.confirmations = tip->height - index.height + 1;
        ctx.next_block_hash = next->GetHash();
    } else {
        ctx.confirmations = &index == tip ? 1 : -1;
    }
    return ctx;
}

/// Core's ParseHashOrHeight (getblockstats).
const BlockIndex* ParseHashOrHeight(const json& param, Chainstate& cs)
{
    if (IsNumber(param)) {
        const int height = GetInt(param);
        auto lock = cs.Lock();
        if (height < 0) {
            throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                               "Target block height " + std::to_string(height) + " is negative"};
        }
        const int tip = cs.Chain().Height();
        if (height > tip) {
            throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Target block height " + std::to_string(height) +
                                                                    " after current tip " + std::to_string(tip)};
        }
        return cs.Chain()[height];
    }
    const Hash256 hash = ParseHashV(param, "hash_or_height");
    const BlockIndex* index = cs.LookupBlockIndex(hash);
    if (!index) throw JsonRpcError{RpcErrorCode::INVALID_ADDRESS_OR_KEY, "Block not found"};
    return index;
}

/// Core's CheckBlockDataAvailability. Caller holds the chainstate lock.
void CheckBlockDataAvailability(const Chainstate& cs, const BlockIndex& index, bool check_for_undo)
{
    const uint32_t flag = check_for_undo ? chain::BLOCK_HAVE_UNDO : chain::BLOCK_HAVE_DATA;
    if (!(index.status & flag)) {
        // Core's IsBlockPruned: pruning happened and the block's data is gone (it had been stored once).
        if (cs.HavePruned() && !(index.status & chain::BLOCK_HAVE_DATA) && index.tx_count > 0) {
            throw JsonRpcError{RpcErrorCode::MISC_ERROR,
                               std::string{check_for_undo ? "Undo data" : "Block"} + " not available (pruned data)"};
        }
        if (check_for_undo) throw JsonRpcError{RpcErrorCode::MISC_ERROR, "Undo data not available"};
        throw JsonRpcError{RpcErrorCode::MISC_ERROR, "Block not available (not fully downloaded)"};
    }
}

primitives::Block GetBlockChecked(const Chainstate& cs, const BlockIndex& index)
{
    {
        auto lock = cs.Lock();
        CheckBlockDataAvailability(cs, index, false);
    }
    auto block = cs.ReadBlock(index);
    if (!block) throw JsonRpcError{RpcErrorCode::MISC_ERROR, "Block not found on disk"};
    return std::move(*block);
}

util::Bytes GetRawBlockChecked(const Chainstate& cs, const BlockIndex& index)
{
    {
        auto lock = cs.Lock();
        CheckBlockDataAvailability(cs, index, false);
    }
    auto raw = cs.ReadRawBlock(index);
    if (!raw) throw JsonRpcError{RpcErrorCode::MISC_ERROR, "Block not found on disk"};
    return std::move(*raw);
}

storage::BlockUndo GetUndoChecked(const Chainstate& cs, const BlockIndex& index)
{
    if (index.height == 0) return {}; // genesis has no undo data
    {
        auto lock = cs.Lock();
        CheckBlockDataAvailability(cs, index, true);
    }
    auto undo = cs.ReadUndo(index);
    if (!undo) throw JsonRpcError{RpcErrorCode::MISC_ERROR, "Can't read undo data from disk"};
    return std::move(*undo);
}

/// Core's GetPruneHeight: height of the highest block whose data or undo data is gone, nullopt if none.
/// Caller holds the chainstate lock.
std::optional<int> GetPruneHeight(const Chainstate& cs)
{
    const chain::ActiveChain& chain = cs.Chain();
    const BlockIndex* first_block = chain[1];
    const BlockIndex* tip = chain.Tip();
    if (!first_block || !tip) return std::nullopt;
    if ((tip->status & chain::BLOCK_HAVE_MASK) != chain::BLOCK_HAVE_MASK) return tip->height;
    const BlockIndex* walk = tip;
    while (walk != first_block && walk->prev &&
           (walk->prev->status & chain::BLOCK_HAVE_MASK) == chain::BLOCK_HAVE_MASK) {
        walk = walk->prev;
    }
    if (walk == first_block) return std::nullopt;
    return walk->prev->height;
}

/// Core's DeploymentInfo for `index` (caller holds the chainstate lock).
json DeploymentInfo(const BlockIndex& index, const consensus::ChainParams& params)
{
    json softforks = json::object();
    const auto buried = [&](const char* name, consensus::BuriedDeployment dep) {
        const int height = params.consensus.DeploymentHeight(dep);
        if (height == std::numeric_limits<int>::max()) return; // not enabled on this chain
        json rv = json::object();
        rv["type"] = "buried";
        // Reported active from one block below the activation height (the rules apply to the next block).
        rv["active"] = index.height + 1 >= height;
        rv["height"] = height;
        softforks[name] = std::move(rv);
    };
    buried("bip34", consensus::BuriedDeployment::HEIGHTINCB);
    buried("bip66", consensus::BuriedDeployment::DERSIG);
    buried("bip65", consensus::BuriedDeployment::CLTV);
    buried("csv", consensus::BuriedDeployment::CSV);
    buried("segwit", consensus::BuriedDeployment::SEGWIT);

    const consensus::Bip9Deployment& dep = params.consensus.testdummy;
    if (dep.start_time != consensus::Bip9Deployment::NEVER_ACTIVE) {
        chain::VersionBitsChecker checker{dep};
        const ThresholdState current = checker.GetStateFor(index.prev);
        const ThresholdState next = checker.GetStateFor(&index);
        const int since = checker.GetStateSinceHeightFor(index.prev);
        std::optional<chain::Bip9Stats> stats;
        std::vector<bool> signalling;
        if (current == ThresholdState::STARTED || current == ThresholdState::LOCKED_IN) {
            stats = checker.GetStateStatisticsFor(&index, signalling);
            if (current == ThresholdState::LOCKED_IN) {
                stats->threshold = 0;
                stats->possible = false;
            }
        }
        std::optional<int> active_since;
        if (current == ThresholdState::ACTIVE) {
            active_since = since;
        } else if (next == ThresholdState::ACTIVE) {
            active_since = index.height + 1;
        }

        json bip9 = json::object();
        if (stats) bip9["bit"] = dep.bit;
        bip9["start_time"] = dep.start_time;
        bip9["timeout"] = dep.timeout;
        bip9["min_activation_height"] = dep.min_activation_height;
        bip9["status"] = std::string{chain::ThresholdStateName(current)};
        bip9["since"] = since;
        bip9["status_next"] = std::string{chain::ThresholdStateName(next)};
        if (stats) {
            json s = json::object();
            s["period"] = stats->period;
            s["elapsed"] = stats->elapsed;
            s["count"] = stats->count;
            if (stats->threshold > 0 || stats->possible) {
                s["threshold"] = stats->threshold;
                s["possible"] = stats->possible;
            }
            bip9["statistics"] = std::move(s);
            std::string sig;
            for (bool b : signalling) sig.push_back(b ? '#' : '-');
            bip9["signalling"] = sig;
        }
        json rv = json::object();
        rv["type"] = "bip9";
        bool is_active = false;
        if (active_since) {
            rv["height"] = *active_since;
            is_active = *active_since <= index.height + 1;
        }
        rv["active"] = is_active;
        rv["bip9"] = std::move(bip9);
        softforks["testdummy"] = std::move(rv);
    }
    return softforks;
}

json TipJson(const node::ChainEvents::Tip& tip)
{
    json ret = json::object();
    ret["hash"] = tip.hash.ToHex();
    ret["height"] = tip.height;
    return ret;
}

int ParseTimeout(const json& arg)
{
    const int timeout = arg.is_null() ? 0 : GetInt(arg);
    if (timeout < 0) throw JsonRpcError{RpcErrorCode::MISC_ERROR, "Negative timeout"};
    return timeout;
}

std::optional<std::chrono::milliseconds> TimeoutOrForever(int timeout_ms)
{
    if (timeout_ms == 0) return std::nullopt;
    return std::chrono::milliseconds{timeout_ms};
}

const std::vector<RpcResult> TIP_RESULT{RpcResult{Type::OBJ,
                                                  "",
                                                  "",
                                                  {
                                                      RpcResult{Type::STR_HEX, "hash", "The blockhash"},
                                                      RpcResult{Type::NUM, "height", "Block height"},
                                                  }}};

// ------------------------------------------------------------------------------------ methods

RpcMethod GetBlockCount()
{
    return {
        .category = "blockchain",
        .name = "getblockcount",
        .description = "Returns the height of the most-work fully-validated chain.\nThe genesis block has height 0.\n",
        .args = {},
        .results = {RpcResult{Type::NUM, "", "The current block count"}},
        .examples = HelpExampleCli("getblockcount", "") + HelpExampleRpc("getblockcount", ""),
        .handler = [](const RpcContext& ctx, const json&) -> json {
            Chainstate& cs = EnsureChainstate(ctx);
            auto lock = cs.Lock();
            return cs.Chain().Height();
        },
    };
}

RpcMethod GetBestBlockHash()
{
    return {
        .category = "blockchain",
        .name = "getbestblockhash",
        .description = "Returns the hash of the best (tip) block in the most-work fully-validated chain.\n",
        .args = {},
        .results = {RpcResult{Type::STR_HEX, "", "the block hash, hex-encoded"}},
        .examples = HelpExampleCli("getbestblockhash", "") + HelpExampleRpc("getbestblockhash", ""),
        .handler = [](const RpcContext& ctx, const json&) -> json {
            Chainstate& cs = EnsureChainstate(ctx);
            auto lock = cs.Lock();
            return cs.Tip()->GetHash().ToHex();
        },
    };
}

RpcMethod WaitForNewBlock()
{
    return {
        .category = "blockchain",
        .name = "waitfornewblock",
        .description = "Waits for any new block and returns useful info about it.\n"
                       "\nReturns the current block on timeout or exit.\n"
                       "\nMake sure to use no RPC timeout (hearth-cli -rpcclienttimeout=0)",
        .args =
            {
                {"timeout", RpcArgType::NUM, RpcArg::Default{0},
                 "Time in milliseconds to wait for a response. 0 indicates no timeout."},
                {"current_tip", RpcArgType::STR_HEX, RpcArg::Optional::OMITTED,
                 "Method waits for the chain tip to differ from this."},
            },
        .results = TIP_RESULT,
        .examples = HelpExampleCli("waitfornewblock", "1000") + HelpExampleRpc("waitfornewblock", "1000"),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            const int timeout = ParseTimeout(ctx.Arg(0));
            node::ChainEvents& events = EnsureChainEvents(ctx);
            const node::ChainEvents::Tip current = events.LatestTip();
            const Hash256 tip_hash = ctx.HasArg(1) ? ParseHashV(params[1], "current_tip") : current.hash;
            // An unknown current_tip returns at once: the tip already differs from it.
            return TipJson(events.WaitForTip([&](const node::ChainEvents::Tip& tip) { return tip.hash != tip_hash; },
                                             TimeoutOrForever(timeout)));
        },
    };
}

RpcMethod WaitForBlock()
{
    return {
        .category = "blockchain",
        .name = "waitforblock",
        .description = "Waits for a specific new block and returns useful info about it.\n"
                       "\nReturns the current block on timeout or exit.\n"
                       "\nMake sure to use no RPC timeout (hearth-cli -rpcclienttimeout=0)",
        .args =
            {
                {"blockhash", RpcArgType::STR_HEX, RpcArg::Optional::NO, "Block hash to wait for."},
                {"timeout", RpcArgType::NUM, RpcArg::Default{0},
                 "Time in milliseconds to wait for a response. 0 indicates no timeout."},
            },
        .results = TIP_RESULT,
        .examples = HelpExampleCli("waitforblock",
                                   "\"0000000000079f8ef3d2c688c244eb7a4570b24c9ed7b4a8c619eb02596f8862\" 1000") +
                    HelpExampleRpc("waitforblock",
                                   "\"0000000000079f8ef3d2c688c244eb7a4570b24c9ed7b4a8c619eb02596f8862\", 1000"),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            const Hash256 hash = ParseHashV(params[0], "blockhash");
            const int timeout = ParseTimeout(ctx.Arg(1));
            node::ChainEvents& events = EnsureChainEvents(ctx);
            return TipJson(events.WaitForTip([&](const node::ChainEvents::Tip& tip) { return tip.hash == hash; },
                                             TimeoutOrForever(timeout)));
        },
    };
}

RpcMethod WaitForBlockHeight()
{
    return {
        .category = "blockchain",
        .name = "waitforblockheight",
        .description = "Waits for (at least) block height and returns the height and hash\n"
                       "of the current tip.\n"
                       "\nReturns the current block on timeout or exit.\n"
                       "\nMake sure to use no RPC timeout (hearth-cli -rpcclienttimeout=0)",
        .args =
            {
                {"height", RpcArgType::NUM, RpcArg::Optional::NO, "Block height to wait for."},
                {"timeout", RpcArgType::NUM, RpcArg::Default{0},
                 "Time in milliseconds to wait for a response. 0 indicates no timeout."},
            },
        .results = TIP_RESULT,
        .examples =
            HelpExampleCli("waitforblockheight", "100 1000") + HelpExampleRpc("waitforblockheight", "100, 1000"),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            const int height = GetInt(params[0]);
            const int timeout = ParseTimeout(ctx.Arg(1));
            node::ChainEvents& events = EnsureChainEvents(ctx);
            return TipJson(events.WaitForTip([&](const node::ChainEvents::Tip& tip) { return tip.height >= height; },
                                             TimeoutOrForever(timeout)));
        },
    };
}

RpcMethod GetDifficultyRpc()
{
    return {
        .category = "blockchain",
        .name = "getdifficulty",
        .description = "Returns the proof-of-work difficulty as a multiple of the minimum difficulty.\n",
        .args = {},
        .results = {RpcResult{Type::NUM, "", "the proof-of-work difficulty as a multiple of the minimum difficulty."}},
        .examples = HelpExampleCli("getdifficulty", "") + HelpExampleRpc("getdifficulty", ""),
        .handler = [](const RpcContext& ctx, const json&) -> json {
            Chainstate& cs = EnsureChainstate(ctx);
            auto lock = cs.Lock();
            return rpc::GetDifficulty(cs.Tip()->bits);
        },
    };
}

RpcMethod GetBlockHash()
{
    return {
        .category = "blockchain",
        .name = "getblockhash",
        .description = "Returns hash of block in best-block-chain at height provided.\n",
        .args = {{"height", RpcArgType::NUM, RpcArg::Optional::NO, "The height index"}},
        .results = {RpcResult{Type::STR_HEX, "", "The block hash"}},
        .examples = HelpExampleCli("getblockhash", "1000") + HelpExampleRpc("getblockhash", "1000"),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            Chainstate& cs = EnsureChainstate(ctx);
            auto lock = cs.Lock();
            const int height = GetInt(params[0]);
            if (height < 0 || height > cs.Chain().Height()) {
                throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Block height out of range"};
            }
            return cs.Chain()[height]->GetHash().ToHex();
        },
    };
}

std::vector<RpcResult> HeaderResultFields(const std::string& chainwork_description)
{
    return {
        RpcResult{Type::STR_HEX, "hash", "the block hash (same as provided)"},
        RpcResult{Type::NUM, "confirmations",
                  "The number of confirmations, or -1 if the block is not on the main chain"},
        RpcResult{Type::NUM, "height", "The block height or index"},
        RpcResult{Type::NUM, "version", "The block version"},
        RpcResult{Type::STR_HEX, "versionHex", "The block version formatted in hexadecimal"},
        RpcResult{Type::STR_HEX, "merkleroot", "The merkle root"},
        RpcResult{Type::NUM_TIME, "time", "The block time expressed in " + UNIX_EPOCH_TIME},
        RpcResult{Type::NUM_TIME, "mediantime", "The median block time expressed in " + UNIX_EPOCH_TIME},
        RpcResult{Type::NUM, "nonce", "The nonce"},
        RpcResult{Type::STR_HEX, "bits", "nBits: compact representation of the block difficulty target"},
        RpcResult{Type::STR_HEX, "target", "The difficulty target"},
        RpcResult{Type::NUM, "difficulty", "The difficulty"},
        RpcResult{Type::STR_HEX, "chainwork", chainwork_description},
        RpcResult{Type::NUM, "nTx", "The number of transactions in the block"},
        RpcResult{Type::STR_HEX, "previousblockhash", RpcResult::Optional::YES,
                  "The hash of the previous block (if available)"},
        RpcResult{Type::STR_HEX, "nextblockhash", RpcResult::Optional::YES,
                  "The hash of the next block (if available)"},
    };
}

RpcMethod GetBlockHeader()
{
    return {
        .category = "blockchain",
        .name = "getblockheader",
        .description =
            "If verbose is false, returns a string that is serialized, hex-encoded data for blockheader 'hash'.\n"
            "If verbose is true, returns an Object with information about blockheader <hash>.\n",
        .args =
            {
                {"blockhash", RpcArgType::STR_HEX, RpcArg::Optional::NO, "The block hash"},
                {"verbose", RpcArgType::BOOL, RpcArg::Default{true},
                 "true for a json object, false for the hex-encoded data"},
            },
        .results =
            {
                RpcResult{"for verbose = true", Type::OBJ, "", "",
                          HeaderResultFields("Expected number of hashes required to produce the current chain")},
                RpcResult{"for verbose=false", Type::STR_HEX, "",
                          "A string that is serialized, hex-encoded data for block 'hash'"},
            },
        .examples = HelpExampleCli("getblockheader", EXAMPLE_HASH) + HelpExampleRpc("getblockheader", EXAMPLE_HASH),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            const Hash256 hash = ParseHashV(params[0], "hash");
            const bool verbose = GetBool(ctx.Arg(1));
            Chainstate& cs = EnsureChainstate(ctx);
            primitives::BlockHeader header;
            BlockHeaderContext hctx;
            {
                auto lock = cs.Lock();
                const BlockIndex* index = cs.LookupBlockIndex(hash);
                if (!index) throw JsonRpcError{RpcErrorCode::INVALID_ADDRESS_OR_KEY, "Block not found"};
                header = index->GetHeader();
                hctx = HeaderContext(cs, *index);
            }
            if (!verbose) {
                util::Bytes bytes;
                serialize::VectorWriter writer{bytes};
                header.Serialize(writer);
                return util::HexStr(bytes);
            }
            return BlockHeaderToJson(header, hctx);
        },
    };
}

RpcResult GetBlockVin()
{
    return RpcResult{
        Type::ARR,
        "vin",
        "",
        {
            RpcResult{Type::OBJ,
                      "",
                      "",
                      {
                          RpcResult{Type::ELISION, "", "The same output as verbosity = 2"},
                          RpcResult{Type::OBJ,
                                    "prevout",
                                    "(Only if undo information is available)",
                                    {
                                        RpcResult{Type::BOOL, "generated", "Coinbase or not"},
                                        RpcResult{Type::NUM, "height", "The height of the prevout"},
                                        RpcResult{Type::STR_AMOUNT, "value", "The value in " + CURRENCY_UNIT},
                                        RpcResult{Type::OBJ, "scriptPubKey", "", detail::ScriptPubKeyDoc()},
                                    }},
                      }},
        }};
}

RpcMethod GetBlock()
{
    std::vector<RpcResult> v1{
        RpcResult{Type::STR_HEX, "hash", "the block hash (same as provided)"},
        RpcResult{Type::NUM, "confirmations",
                  "The number of confirmations, or -1 if the block is not on the main chain"},
        RpcResult{Type::NUM, "size", "The block size"},
        RpcResult{Type::NUM, "strippedsize", "The block size excluding witness data"},
        RpcResult{Type::NUM, "weight", "The block weight as defined in BIP 141"},
        RpcResult{Type::NUM, "height", "The block height or index"},
        RpcResult{Type::NUM, "version", "The block version"},
        RpcResult{Type::STR_HEX, "versionHex", "The block version formatted in hexadecimal"},
        RpcResult{Type::STR_HEX, "merkleroot", "The merkle root"},
        RpcResult{Type::ARR, "tx", "The transaction ids", {RpcResult{Type::STR_HEX, "", "The transaction id"}}},
        RpcResult{Type::NUM_TIME, "time", "The block time expressed in " + UNIX_EPOCH_TIME},
        RpcResult{Type::NUM_TIME, "mediantime", "The median block time expressed in " + UNIX_EPOCH_TIME},
        RpcResult{Type::NUM, "nonce", "The nonce"},
        RpcResult{Type::STR_HEX, "bits", "nBits: compact representation of the block difficulty target"},
        RpcResult{Type::STR_HEX, "target", "The difficulty target"},
        RpcResult{Type::NUM, "difficulty", "The difficulty"},
        RpcResult{Type::STR_HEX, "chainwork",
                  "Expected number of hashes required to produce the chain up to this block (in hex)"},
        RpcResult{Type::NUM, "nTx", "The number of transactions in the block"},
        RpcResult{Type::STR_HEX, "previousblockhash", RpcResult::Optional::YES,
                  "The hash of the previous block (if available)"},
        RpcResult{Type::STR_HEX, "nextblockhash", RpcResult::Optional::YES,
                  "The hash of the next block (if available)"},
    };
    return {
        .category = "blockchain",
        .name = "getblock",
        .description = "If verbosity is 0, returns a string that is serialized, hex-encoded data for block 'hash'.\n"
                       "If verbosity is 1, returns an Object with information about block <hash>.\n"
                       "If verbosity is 2, returns an Object with information about block <hash> and information about "
                       "each transaction.\n"
                       "If verbosity is 3, returns an Object with information about block <hash> and information about "
                       "each transaction, including prevout information for inputs (only for unpruned blocks in the "
                       "current best chain).\n",
        .args =
            {
                {"blockhash", RpcArgType::STR_HEX, RpcArg::Optional::NO, "The block hash"},
                {"verbosity|verbose",
                 RpcArgType::NUM,
                 RpcArg::Default{1},
                 "0 for hex-encoded data, 1 for a JSON object, 2 for JSON object with transaction data, and 3 for JSON "
                 "object with transaction data including prevout information for inputs",
                 {},
                 RpcArgOptions{.skip_type_check = true}},
            },
        .results =
            {
                RpcResult{"for verbosity = 0", Type::STR_HEX, "",
                          "A string that is serialized, hex-encoded data for block 'hash'"},
                RpcResult{"for verbosity = 1", Type::OBJ, "", "", std::move(v1)},
                RpcResult{
                    "for verbosity = 2",
                    Type::OBJ,
                    "",
                    "",
                    {
                        RpcResult{Type::ELISION, "", "Same output as verbosity = 1"},
                        RpcResult{Type::ARR,
                                  "tx",
                                  "",
                                  {
                                      RpcResult{Type::OBJ,
                                                "",
                                                "",
                                                {
                                                    RpcResult{Type::ELISION, "",
                                                              "The transactions in the format of the getrawtransaction "
                                                              "RPC. Different from verbosity = 1 \"tx\" result"},
                                                    RpcResult{Type::NUM, "fee",
                                                              "The transaction fee in " + CURRENCY_UNIT +
                                                                  ", omitted if block undo data is not available"},
                                                }},
                                  }},
                    }},
                RpcResult{"for verbosity = 3",
                          Type::OBJ,
                          "",
                          "",
                          {
                              RpcResult{Type::ELISION, "", "Same output as verbosity = 2"},
                              RpcResult{Type::ARR,
                                        "tx",
                                        "",
                                        {
                                            RpcResult{Type::OBJ, "", "", {GetBlockVin()}},
                                        }},
                          }},
            },
        .examples = HelpExampleCli("getblock", EXAMPLE_HASH) + HelpExampleRpc("getblock", EXAMPLE_HASH),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            const Hash256 hash = ParseHashV(params[0], "blockhash");
            const int verbosity = ParseVerbosity(params.size() > 1 ? params[1] : json{}, 1, true);
            Chainstate& cs = EnsureChainstate(ctx);
            const BlockIndex* index;
            BlockHeaderContext hctx;
            bool have_undo = false;
            {
                auto lock = cs.Lock();
                index = cs.LookupBlockIndex(hash);
                if (!index) throw JsonRpcError{RpcErrorCode::INVALID_ADDRESS_OR_KEY, "Block not found"};
                hctx = HeaderContext(cs, *index);
                have_undo = (index->status & chain::BLOCK_HAVE_UNDO) != 0;
            }
            const util::Bytes raw = GetRawBlockChecked(cs, *index);
            if (verbosity <= 0) return util::HexStr(raw);
            auto block = primitives::DecodeBlock(raw);
            if (!block) throw JsonRpcError{RpcErrorCode::MISC_ERROR, "Block not found on disk"};
            TxVerbosity tx_verbosity = verbosity == 1   ? TxVerbosity::SHOW_TXID
                                       : verbosity == 2 ? TxVerbosity::SHOW_DETAILS
                                                        : TxVerbosity::SHOW_DETAILS_AND_PREVOUT;
            std::optional<storage::BlockUndo> undo;
            if (tx_verbosity != TxVerbosity::SHOW_TXID && have_undo) {
                auto read = cs.ReadUndo(*index);
                if (!read) {
                    throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR,
                                       "Undo data expected but can't be read. This could be due to disk corruption or "
                                       "a conflict with a pruning event."};
                }
                undo = std::move(*read);
            }
            return BlockToJson(*block, hctx, tx_verbosity, cs.Params().address, undo ? &*undo : nullptr);
        },
    };
}

RpcMethod PruneBlockchain()
{
    return {
        .category = "blockchain",
        .name = "pruneblockchain",
        .description =
            "Attempts to delete block and undo data up to a specified height or timestamp, if eligible for pruning.\n"
            "Requires `-prune` to be enabled at startup. While pruned data may be re-fetched in some cases (e.g., via "
            "`getblockfrompeer`), local deletion is irreversible.\n",
        .args = {{"height", RpcArgType::NUM, RpcArg::Optional::NO,
                  "The block height to prune up to. May be set to a discrete height, or to a " + UNIX_EPOCH_TIME +
                      "\n"
                      "                  to prune blocks whose block time is at least 2 hours older than the provided "
                      "timestamp."}},
        .results = {RpcResult{Type::NUM, "", "Height of the last block pruned"}},
        .examples = HelpExampleCli("pruneblockchain", "1000") + HelpExampleRpc("pruneblockchain", "1000"),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            Chainstate& cs = EnsureChainstate(ctx);
            if (!cs.IsPruneMode()) {
                throw JsonRpcError{RpcErrorCode::MISC_ERROR, "Cannot prune blocks because node is not in prune mode."};
            }
            auto lock = cs.Lock();
            int height_param = GetInt(params[0]);
            if (height_param < 0) throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Negative block height."};
            const chain::ActiveChain& active = cs.Chain();
            // More than a billion is too high for a height and too low for a time (Sep 2001): a timestamp.
            if (height_param > 1'000'000'000) {
                // Core's FindEarliestAtLeast(time − 2 h, 0): the first block whose max time reaches it.
                const int64_t time = height_param - TIMESTAMP_WINDOW;
                const BlockIndex* found = nullptr;
                int lo = 0, hi = active.Height();
                while (lo <= hi) {
                    const int mid = lo + (hi - lo) / 2;
                    if (static_cast<int64_t>(active[mid]->time_max) < time) {
                        lo = mid + 1;
                    } else {
                        found = active[mid];
                        hi = mid - 1;
                    }
                }
                if (!found)
                    throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                                       "Could not find block with at least the specified timestamp."};
                height_param = found->height;
            }
            const int chain_height = active.Height();
            int height = height_param;
            if (static_cast<uint64_t>(chain_height) < cs.Params().prune_after_height) {
                throw JsonRpcError{RpcErrorCode::MISC_ERROR, "Blockchain is too short for pruning."};
            } else if (height > chain_height) {
                throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                                   "Blockchain is shorter than the attempted prune height."};
            } else if (height > chain_height - chain::MIN_BLOCKS_TO_KEEP) {
                if (ctx.node.logger)
                    ctx.node.logger->Debug(
                        node::LogCategory::RPC,
                        "Attempt to prune blocks close to the tip.  Retaining the minimum number of blocks.");
                height = chain_height - chain::MIN_BLOCKS_TO_KEEP;
            }
            if (auto pruned = cs.PruneBlockchain(height); !pruned)
                throw JsonRpcError{RpcErrorCode::MISC_ERROR, pruned.error()};
            return GetPruneHeight(cs).value_or(-1);
        },
    };
}

RpcMethod GetTxOutSetInfo()
{
    return {
        .category = "blockchain",
        .name = "gettxoutsetinfo",
        .description = "Returns statistics about the unspent transaction output set.\n"
                       "Note this call may take some time if you are not using coinstatsindex.\n",
        .args =
            {
                {"hash_type", RpcArgType::STR, RpcArg::Default{"hash_serialized_3"},
                 "Which UTXO set hash should be calculated. Options: 'hash_serialized_3' (the legacy algorithm), "
                 "'muhash', 'none'."},
                {"hash_or_height",
                 RpcArgType::NUM,
                 RpcArg::DefaultHint{"the current best block"},
                 "The block hash or height of the target height (only available with coinstatsindex).",
                 {},
                 RpcArgOptions{.skip_type_check = true, .type_str = {"", "string or numeric"}}},
                {"use_index", RpcArgType::BOOL, RpcArg::Default{true}, "Use coinstatsindex, if available."},
            },
        .results = {RpcResult{
            Type::OBJ,
            "",
            "",
            {
                RpcResult{Type::NUM, "height", "The block height (index) of the returned statistics"},
                RpcResult{Type::STR_HEX, "bestblock", "The hash of the block at which these statistics are calculated"},
                RpcResult{Type::NUM, "txouts", "The number of unspent transaction outputs"},
                RpcResult{Type::NUM, "bogosize",
                          "Database-independent, meaningless metric indicating the UTXO set size"},
                RpcResult{Type::STR_HEX, "hash_serialized_3", RpcResult::Optional::YES,
                          "The serialized hash (only present if 'hash_serialized_3' hash_type is chosen)"},
                RpcResult{Type::STR_HEX, "muhash", RpcResult::Optional::YES,
                          "The serialized hash (only present if 'muhash' hash_type is chosen)"},
                RpcResult{
                    Type::NUM, "transactions", RpcResult::Optional::YES,
                    "The number of transactions with unspent outputs (not available when coinstatsindex is used)"},
                RpcResult{Type::NUM, "disk_size", RpcResult::Optional::YES,
                          "The estimated size of the chainstate on disk (not available when coinstatsindex is used)"},
                RpcResult{Type::STR_AMOUNT, "total_amount", "The total amount of coins in the UTXO set"},
                RpcResult{Type::STR_AMOUNT, "total_unspendable_amount", RpcResult::Optional::YES,
                          "The total amount of coins permanently excluded from the UTXO set (only available if "
                          "coinstatsindex is used)"},
                RpcResult{
                    Type::OBJ,
                    "block_info",
                    RpcResult::Optional::YES,
                    "Info on amounts in the block at this block height (only available if coinstatsindex is used)",
                    {
                        RpcResult{Type::STR_AMOUNT, "prevout_spent",
                                  "Total amount of all prevouts spent in this block"},
                        RpcResult{Type::STR_AMOUNT, "coinbase", "Coinbase subsidy amount of this block"},
                        RpcResult{Type::STR_AMOUNT, "new_outputs_ex_coinbase",
                                  "Total amount of new outputs created by this block"},
                        RpcResult{Type::STR_AMOUNT, "unspendable",
                                  "Total amount of unspendable outputs created in this block"},
                        RpcResult{
                            Type::OBJ,
                            "unspendables",
                            "Detailed view of the unspendable categories",
                            {
                                RpcResult{Type::STR_AMOUNT, "genesis_block",
                                          "The unspendable amount of the Genesis block subsidy"},
                                RpcResult{Type::STR_AMOUNT, "bip30",
                                          "Transactions overridden by duplicates (no longer possible with BIP30)"},
                                RpcResult{
                                    Type::STR_AMOUNT, "scripts",
                                    "Amounts sent to scripts that are unspendable (for example OP_RETURN outputs)"},
                                RpcResult{Type::STR_AMOUNT, "unclaimed_rewards",
                                          "Fee rewards that miners did not claim in their coinbase transaction"},
                            }},
                    }},
            }}},
        .examples = HelpExampleCli("gettxoutsetinfo", "") + HelpExampleCli("gettxoutsetinfo", R"("none")") +
                    HelpExampleCli("gettxoutsetinfo", R"("none" 1000)") +
                    HelpExampleCli("gettxoutsetinfo",
                                   R"("none" '"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09"')") +
                    HelpExampleCli("-named gettxoutsetinfo", R"(hash_type='muhash' use_index='false')") +
                    HelpExampleRpc("gettxoutsetinfo", "") + HelpExampleRpc("gettxoutsetinfo", R"("none")") +
                    HelpExampleRpc("gettxoutsetinfo", R"("none", 1000)") +
                    HelpExampleRpc("gettxoutsetinfo",
                                   R"("none", "00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09")"),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            chain::CoinStatsHash hash_type = chain::CoinStatsHash::HASH_SERIALIZED;
            if (ctx.HasArg(0)) {
                const std::string& name = GetStr(params[0]);
                if (name == "hash_serialized_3") {
                    hash_type = chain::CoinStatsHash::HASH_SERIALIZED;
                } else if (name == "muhash") {
                    hash_type = chain::CoinStatsHash::MUHASH;
                } else if (name == "none") {
                    hash_type = chain::CoinStatsHash::NONE;
                } else {
                    throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "'" + name + "' is not a valid hash_type"};
                }
            }
            if (ctx.HasArg(2)) (void)GetBool(params[2]);
            Chainstate& cs = EnsureChainstate(ctx);
            if (ctx.HasArg(1)) {
                // Only the coinstatsindex can answer for another block; Hearth has none (yet).
                throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                                   "Querying specific block heights requires coinstatsindex"};
            }
            auto stats = cs.ComputeCoinStats(hash_type);
            if (!stats) throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR, "Unable to read UTXO set"};
            json ret = json::object();
            ret["height"] = stats->height;
            ret["bestblock"] = stats->best_block.ToHex();
            ret["txouts"] = stats->txouts;
            ret["bogosize"] = stats->bogosize;
            if (hash_type == chain::CoinStatsHash::HASH_SERIALIZED)
                ret["hash_serialized_3"] = stats->hash_serialized->ToHex();
            if (hash_type == chain::CoinStatsHash::MUHASH) ret["muhash"] = stats->muhash->ToHex();
            ret["total_amount"] = ValueFromAmount(stats->total_amount);
            ret["transactions"] = stats->transactions;
            ret["disk_size"] = stats->disk_size;
            return ret;
        },
    };
}

RpcMethod GetTxOut()
{
    return {
        .category = "blockchain",
        .name = "gettxout",
        .description = "Returns details about an unspent transaction output.\n",
        .args =
            {
                {"txid", RpcArgType::STR, RpcArg::Optional::NO, "The transaction id"},
                {"n", RpcArgType::NUM, RpcArg::Optional::NO, "vout number"},
                {"include_mempool", RpcArgType::BOOL, RpcArg::Default{true},
                 "Whether to include the mempool. Note that an unspent output that is spent in the mempool won't "
                 "appear."},
            },
        .results =
            {
                RpcResult{"If the UTXO was not found", Type::NONE, "", ""},
                RpcResult{"Otherwise",
                          Type::OBJ,
                          "",
                          "",
                          {
                              RpcResult{Type::STR_HEX, "bestblock", "The hash of the block at the tip of the chain"},
                              RpcResult{Type::NUM, "confirmations", "The number of confirmations"},
                              RpcResult{Type::STR_AMOUNT, "value", "The transaction value in " + CURRENCY_UNIT},
                              RpcResult{Type::OBJ,
                                        "scriptPubKey",
                                        "",
                                        {
                                            RpcResult{Type::STR, "asm", "Disassembly of the output script"},
                                            RpcResult{Type::STR, "desc", "Inferred descriptor for the output"},
                                            RpcResult{Type::STR_HEX, "hex", "The raw output script bytes, hex-encoded"},
                                            RpcResult{Type::STR, "type", "The type, eg pubkeyhash"},
                                            RpcResult{Type::STR, "address", RpcResult::Optional::YES,
                                                      "The Bitcoin address (only if a well-defined address exists)"},
                                        }},
                              RpcResult{Type::BOOL, "coinbase", "Coinbase or not"},
                          }},
            },
        .examples = "\nGet unspent transactions\n" + HelpExampleCli("listunspent", "") + "\nView the details\n" +
                    HelpExampleCli("gettxout", "\"txid\" 1") + "\nAs a JSON-RPC call\n" +
                    HelpExampleRpc("gettxout", "\"txid\", 1"),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            Chainstate& cs = EnsureChainstate(ctx);
            const Hash256 txid = ParseHashV(params[0], "txid");
            const int64_t n = GetInt64(params[1]);
            if (n < 0 || n > std::numeric_limits<uint32_t>::max())
                throw std::runtime_error{"JSON integer out of range"};
            if (ctx.HasArg(2)) (void)GetBool(params[2]); // no mempool yet: the coins tip is the answer either way
            auto lock = cs.Lock();
            const auto coin = cs.CoinsTip().GetCoin(primitives::OutPoint{txid, static_cast<uint32_t>(n)});
            if (!coin) return json{};
            const BlockIndex* best = cs.LookupBlockIndex(cs.CoinsTip().GetBestBlock());
            json ret = json::object();
            ret["bestblock"] = best->GetHash().ToHex();
            ret["confirmations"] = static_cast<int64_t>(best->height) - static_cast<int64_t>(coin->height) + 1;
            ret["value"] = ValueFromAmount(coin->out.value);
            ret["scriptPubKey"] = ScriptToJson(coin->out.script_pubkey, cs.Params().address, true, true);
            ret["coinbase"] = coin->coinbase;
            return ret;
        },
    };
}

RpcMethod VerifyChain()
{
    return {
        .category = "blockchain",
        .name = "verifychain",
        .description = "Verifies blockchain database.\n",
        .args =
            {
                {"checklevel", RpcArgType::NUM, RpcArg::DefaultHint{std::to_string(DEFAULT_CHECKLEVEL) + ", range=0-4"},
                 "How thorough the block verification is:\n"
                 "- level 0 reads the blocks from disk\n"
                 "- level 1 verifies block validity\n"
                 "- level 2 verifies undo data\n"
                 "- level 3 checks disconnection of tip blocks\n"
                 "- level 4 tries to reconnect the blocks\n"
                 "- each level includes the checks of the previous levels"},
                {"nblocks", RpcArgType::NUM, RpcArg::DefaultHint{std::to_string(DEFAULT_CHECKBLOCKS) + ", 0=all"},
                 "The number of blocks to check."},
            },
        .results = {RpcResult{Type::BOOL, "",
                              "Verification finished successfully. If false, check debug.log for reason."}},
        .examples = HelpExampleCli("verifychain", "") + HelpExampleRpc("verifychain", ""),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            const int level = ctx.HasArg(0) ? GetInt(params[0]) : DEFAULT_CHECKLEVEL;
            const int depth = ctx.HasArg(1) ? GetInt(params[1]) : DEFAULT_CHECKBLOCKS;
            Chainstate& cs = EnsureChainstate(ctx);
            auto verified = cs.VerifyChain(level, depth);
            if (!verified) {
                if (ctx.node.logger) ctx.node.logger->Error(verified.error());
                return false;
            }
            return *verified;
        },
    };
}

RpcMethod GetBlockchainInfo()
{
    return {
        .category = "blockchain",
        .name = "getblockchaininfo",
        .description = "Returns an object containing various state info regarding blockchain processing.\n",
        .args = {},
        .results = {RpcResult{
            Type::OBJ,
            "",
            "",
            {
                RpcResult{Type::STR, "chain", "current network name (main, test, testnet4, signet, regtest)"},
                RpcResult{Type::NUM, "blocks",
                          "the height of the most-work fully-validated chain. The genesis block has height 0"},
                RpcResult{Type::NUM, "headers", "the current number of headers we have validated"},
                RpcResult{Type::STR, "bestblockhash", "the hash of the currently best block"},
                RpcResult{Type::STR_HEX, "bits", "nBits: compact representation of the block difficulty target"},
                RpcResult{Type::STR_HEX, "target", "The difficulty target"},
                RpcResult{Type::NUM, "difficulty", "the current difficulty"},
                RpcResult{Type::NUM_TIME, "time", "The block time expressed in " + UNIX_EPOCH_TIME},
                RpcResult{Type::NUM_TIME, "mediantime", "The median block time expressed in " + UNIX_EPOCH_TIME},
                RpcResult{Type::NUM, "verificationprogress", "estimate of verification progress [0..1]"},
                RpcResult{Type::BOOL, "initialblockdownload",
                          "(debug information) estimate of whether this node is in Initial Block Download mode"},
                RpcResult{Type::STR_HEX, "chainwork", "total amount of work in active chain, in hexadecimal"},
                RpcResult{Type::NUM, "size_on_disk", "the estimated size of the block and undo files on disk"},
                RpcResult{Type::BOOL, "pruned", "if the blocks are subject to pruning"},
                RpcResult{Type::NUM, "pruneheight", RpcResult::Optional::YES,
                          "height of the last block pruned, plus one (only present if pruning is enabled)"},
                RpcResult{Type::BOOL, "automatic_pruning", RpcResult::Optional::YES,
                          "whether automatic pruning is enabled (only present if pruning is enabled)"},
                RpcResult{Type::NUM, "prune_target_size", RpcResult::Optional::YES,
                          "the target size used by pruning (only present if automatic pruning is enabled)"},
                RpcResult{Type::STR_HEX, "signet_challenge", RpcResult::Optional::YES,
                          "the block challenge (aka. block script), in hexadecimal (only present if the current "
                          "network is a signet)"},
                RpcResult{Type::ARR,
                          "warnings",
                          "any network and blockchain warnings (run with `-deprecatedrpc=warnings` to return the "
                          "latest warning as a single string)",
                          {
                              RpcResult{Type::STR, "", "warning"},
                          }},
            }}},
        .examples = HelpExampleCli("getblockchaininfo", "") + HelpExampleRpc("getblockchaininfo", ""),
        .handler = [](const RpcContext& ctx, const json&) -> json {
            Chainstate& cs = EnsureChainstate(ctx);
            const consensus::ChainParams& params = cs.Params();
            auto lock = cs.Lock();
            const BlockIndex& tip = *cs.Tip();
            json obj = json::object();
            obj["chain"] = std::string{consensus::ChainTypeToString(params.chain_type)};
            obj["blocks"] = tip.height;
            obj["headers"] = cs.BestHeader() ? cs.BestHeader()->height : -1;
            obj["bestblockhash"] = tip.GetHash().ToHex();
            obj["bits"] = Hex8(tip.bits);
            obj["target"] = TargetHex(tip.bits, params);
            obj["difficulty"] = rpc::GetDifficulty(tip.bits);
            obj["time"] = static_cast<int64_t>(tip.time);
            obj["mediantime"] = tip.GetMedianTimePast();
            obj["verificationprogress"] = cs.VerificationProgress(&tip);
            obj["initialblockdownload"] = cs.IsInitialBlockDownload();
            obj["chainwork"] = tip.chain_work.ToHex();
            obj["size_on_disk"] = cs.BlockFilesSize();
            obj["pruned"] = cs.IsPruneMode();
            if (cs.IsPruneMode()) {
                const auto prune_height = GetPruneHeight(cs);
                obj["pruneheight"] = prune_height ? *prune_height + 1 : 0;
                // -prune=1 (manual only) is stored as target 1 (Core's PRUNE_TARGET_MANUAL).
                const uint64_t target = cs.PruneTarget();
                obj["automatic_pruning"] = target > 1;
                if (target > 1) obj["prune_target_size"] = target;
            }
            if (params.chain_type == consensus::ChainType::SIGNET)
                obj["signet_challenge"] = util::HexStr(params.consensus.signet_challenge);
            obj["warnings"] = json::array();
            return obj;
        },
    };
}

RpcMethod GetDeploymentInfo()
{
    const std::vector<RpcResult> deployment{
        RpcResult{Type::STR, "type", "one of \"buried\", \"bip9\""},
        RpcResult{Type::NUM, "height", RpcResult::Optional::YES,
                  "height of the first block which the rules are or will be enforced (only for \"buried\" type, or "
                  "\"bip9\" type with \"active\" status)"},
        RpcResult{Type::BOOL, "active", "true if the rules are enforced for the mempool and the next block"},
        RpcResult{Type::OBJ,
                  "bip9",
                  RpcResult::Optional::YES,
                  "status of bip9 softforks (only for \"bip9\" type)",
                  {
                      RpcResult{Type::NUM, "bit", RpcResult::Optional::YES,
                                "the bit (0-28) in the block version field used to signal this softfork (only for "
                                "\"started\" and \"locked_in\" status)"},
                      RpcResult{Type::NUM_TIME, "start_time",
                                "the minimum median time past of a block at which the bit gains its meaning"},
                      RpcResult{Type::NUM_TIME, "timeout",
                                "the median time past of a block at which the deployment is considered failed if not "
                                "yet locked in"},
                      RpcResult{Type::NUM, "min_activation_height",
                                "minimum height of blocks for which the rules may be enforced"},
                      RpcResult{Type::STR, "status",
                                "status of deployment at specified block (one of \"defined\", \"started\", "
                                "\"locked_in\", \"active\", \"failed\")"},
                      RpcResult{Type::NUM, "since", "height of the first block to which the status applies"},
                      RpcResult{Type::STR, "status_next", "status of deployment at the next block"},
                      RpcResult{Type::OBJ,
                                "statistics",
                                RpcResult::Optional::YES,
                                "numeric statistics about signalling for a softfork (only for \"started\" and "
                                "\"locked_in\" status)",
                                {
                                    RpcResult{Type::NUM, "period", "the length in blocks of the signalling period"},
                                    RpcResult{Type::NUM, "threshold", RpcResult::Optional::YES,
                                              "the number of blocks with the version bit set required to activate the "
                                              "feature (only for \"started\" status)"},
                                    RpcResult{Type::NUM, "elapsed",
                                              "the number of blocks elapsed since the beginning of the current period"},
                                    RpcResult{Type::NUM, "count",
                                              "the number of blocks with the version bit set in the current period"},
                                    RpcResult{Type::BOOL, "possible", RpcResult::Optional::YES,
                                              "returns false if there are not enough blocks left in this period to "
                                              "pass activation threshold (only for \"started\" status)"},
                                }},
                      RpcResult{Type::STR, "signalling", RpcResult::Optional::YES,
                                "indicates blocks that signalled with a # and blocks that did not with a -"},
                  }},
    };
    return {
        .category = "blockchain",
        .name = "getdeploymentinfo",
        .description = "Returns an object containing various state info regarding deployments of consensus changes.",
        .args = {{"blockhash", RpcArgType::STR_HEX, RpcArg::DefaultHint{"hash of current chain tip"},
                  "The block hash at which to query deployment state"}},
        .results = {RpcResult{Type::OBJ,
                              "",
                              "",
                              {
                                  RpcResult{Type::STR, "hash", "requested block hash (or tip)"},
                                  RpcResult{Type::NUM, "height", "requested block height (or tip)"},
                                  RpcResult{Type::OBJ_DYN,
                                            "deployments",
                                            "",
                                            {RpcResult{Type::OBJ, "xxxx", "name of the deployment", deployment}}},
                              }}},
        .examples = HelpExampleCli("getdeploymentinfo", "") + HelpExampleRpc("getdeploymentinfo", ""),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            Chainstate& cs = EnsureChainstate(ctx);
            std::optional<Hash256> hash;
            if (ctx.HasArg(0)) hash = ParseHashV(params[0], "blockhash");
            auto lock = cs.Lock();
            const BlockIndex* index = hash ? cs.LookupBlockIndex(*hash) : cs.Tip();
            if (!index) throw JsonRpcError{RpcErrorCode::INVALID_ADDRESS_OR_KEY, "Block not found"};
            json info = json::object();
            info["hash"] = index->GetHash().ToHex();
            info["height"] = index->height;
            info["deployments"] = DeploymentInfo(*index, cs.Params());
            return info;
        },
    };
}

RpcMethod GetChainTips()
{
    return {
        .category = "blockchain",
        .name = "getchaintips",
        .description = "Return information about all known tips in the block tree, including the main chain as well as "
                       "orphaned branches.\n",
        .args = {},
        .results = {RpcResult{
            Type::ARR,
            "",
            "",
            {RpcResult{
                Type::OBJ,
                "",
                "",
                {
                    RpcResult{Type::NUM, "height", "height of the chain tip"},
                    RpcResult{Type::STR_HEX, "hash", "block hash of the tip"},
                    RpcResult{Type::NUM, "branchlen",
                              "zero for main chain, otherwise length of branch connecting the tip to the main chain"},
                    RpcResult{Type::STR, "status",
                              "status of the chain, \"active\" for the main chain\n"
                              "Possible values for status:\n"
                              "1.  \"invalid\"               This branch contains at least one invalid block\n"
                              "2.  \"headers-only\"          Not all blocks for this branch are available, but the "
                              "headers are valid\n"
                              "3.  \"valid-headers\"         All blocks are available for this branch, but they were "
                              "never fully validated\n"
                              "4.  \"valid-fork\"            This branch is not part of the active chain, but is fully "
                              "validated\n"
                              "5.  \"active\"                This is the tip of the active main chain, which is "
                              "certainly valid"},
                }}}}},
        .examples = HelpExampleCli("getchaintips", "") + HelpExampleRpc("getchaintips", ""),
        .handler = [](const RpcContext& ctx, const json&) -> json {
            Chainstate& cs = EnsureChainstate(ctx);
            auto lock = cs.Lock();
            const chain::ActiveChain& active = cs.Chain();
            // Tips: the active tip plus every block off the active chain that no other such block builds on.
            std::set<const BlockIndex*> orphans;
            std::set<const BlockIndex*> prevs;
            for (const auto& [hash, index] : cs.BlockIndexMap()) {
                if (!active.Contains(&index)) {
                    orphans.insert(&index);
                    prevs.insert(index.prev);
                }
            }
            const auto by_height = [](const BlockIndex* a, const BlockIndex* b) {
                return a->height != b->height ? a->height > b->height : a < b;
            };
            std::set<const BlockIndex*, decltype(by_height)> tips{by_height};
            for (const BlockIndex* index : orphans) {
                if (prevs.erase(index) == 0) tips.insert(index);
            }
            tips.insert(active.Tip());
            json res = json::array();
            for (const BlockIndex* block : tips) {
                json obj = json::object();
                obj["height"] = block->height;
                obj["hash"] = block->GetHash().ToHex();
                const BlockIndex* fork = active.FindFork(block);
                obj["branchlen"] = block->height - (fork ? fork->height : -1);
                std::string status;
                if (active.Contains(block)) {
                    status = "active";
                } else if (block->status & chain::BLOCK_FAILED_MASK) {
                    status = "invalid";
                } else if (block->chain_tx == 0) {
                    status = "headers-only";
                } else if (block->IsValid(chain::BLOCK_VALID_SCRIPTS)) {
                    status = "valid-fork";
                } else if (block->IsValid(chain::BLOCK_VALID_TREE)) {
                    status = "valid-headers";
                } else {
                    status = "unknown";
                }
                obj["status"] = status;
                res.push_back(std::move(obj));
            }
            return res;
        },
    };
}

BlockIndex* LookupOrThrow(Chainstate& cs, const Hash256& hash)
{
    BlockIndex* index = cs.LookupBlockIndex(hash);
    if (!index) throw JsonRpcError{RpcErrorCode::INVALID_ADDRESS_OR_KEY, "Block not found"};
    return index;
}

RpcMethod InvalidateBlock()
{
    return {
        .category = "hidden",
        .name = "invalidateblock",
        .description = "Permanently marks a block as invalid, as if it violated a consensus rule.\n",
        .args = {{"blockhash", RpcArgType::STR_HEX, RpcArg::Optional::NO, "the hash of the block to mark as invalid"}},
        .results = {RpcResult{Type::NONE, "", ""}},
        .examples =
            HelpExampleCli("invalidateblock", "\"blockhash\"") + HelpExampleRpc("invalidateblock", "\"blockhash\""),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            Chainstate& cs = EnsureChainstate(ctx);
            const Hash256 hash = ParseHashV(params[0], "blockhash");
            BlockIndex* index = LookupOrThrow(cs, hash);
            consensus::BlockValidationState state;
            cs.InvalidateBlock(state, index);
            if (state.IsValid()) cs.ActivateBestChain(state);
            if (!state.IsValid()) throw JsonRpcError{RpcErrorCode::DATABASE_ERROR, state.ToString()};
            return json{};
        },
    };
}

RpcMethod ReconsiderBlock()
{
    return {
        .category = "hidden",
        .name = "reconsiderblock",
        .description =
            "Removes invalidity status of a block, its ancestors and its descendants, reconsider them for activation.\n"
            "This can be used to undo the effects of invalidateblock.\n",
        .args = {{"blockhash", RpcArgType::STR_HEX, RpcArg::Optional::NO, "the hash of the block to reconsider"}},
        .results = {RpcResult{Type::NONE, "", ""}},
        .examples =
            HelpExampleCli("reconsiderblock", "\"blockhash\"") + HelpExampleRpc("reconsiderblock", "\"blockhash\""),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            Chainstate& cs = EnsureChainstate(ctx);
            const Hash256 hash = ParseHashV(params[0], "blockhash");
            BlockIndex* index = LookupOrThrow(cs, hash);
            cs.ReconsiderBlock(index);
            consensus::BlockValidationState state;
            cs.ActivateBestChain(state);
            if (!state.IsValid()) throw JsonRpcError{RpcErrorCode::DATABASE_ERROR, state.ToString()};
            return json{};
        },
    };
}

RpcMethod GetChainTxStats()
{
    return {
        .category = "blockchain",
        .name = "getchaintxstats",
        .description = "Compute statistics about the total number and rate of transactions in the chain.\n",
        .args =
            {
                {"nblocks", RpcArgType::NUM, RpcArg::DefaultHint{"one month"},
                 "Size of the window in number of blocks"},
                {"blockhash", RpcArgType::STR_HEX, RpcArg::DefaultHint{"chain tip"},
                 "The hash of the block that ends the window."},
            },
        .results = {RpcResult{
            Type::OBJ,
            "",
            "",
            {
                RpcResult{Type::NUM_TIME, "time",
                          "The timestamp for the final block in the window, expressed in " + UNIX_EPOCH_TIME},
                RpcResult{Type::NUM, "txcount", RpcResult::Optional::YES,
                          "The total number of transactions in the chain up to that point, if known. It may be unknown "
                          "when using assumeutxo."},
                RpcResult{Type::STR_HEX, "window_final_block_hash", "The hash of the final block in the window"},
                RpcResult{Type::NUM, "window_final_block_height", "The height of the final block in the window."},
                RpcResult{Type::NUM, "window_block_count", "Size of the window in number of blocks"},
                RpcResult{Type::NUM, "window_interval", RpcResult::Optional::YES,
                          "The elapsed time in the window in seconds. Only returned if \"window_block_count\" is > 0"},
                RpcResult{Type::NUM, "window_tx_count", RpcResult::Optional::YES,
                          "The number of transactions in the window. Only returned if \"window_block_count\" is > 0 "
                          "and if txcount exists for the start and end of the window."},
                RpcResult{Type::NUM, "txrate", RpcResult::Optional::YES,
                          "The average rate of transactions per second in the window. Only returned if "
                          "\"window_interval\" is > 0 and if window_tx_count exists."},
            }}},
        .examples = HelpExampleCli("getchaintxstats", "") + HelpExampleRpc("getchaintxstats", "2016"),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            Chainstate& cs = EnsureChainstate(ctx);
            int blockcount =
                static_cast<int>(30 * 24 * 60 * 60 / cs.Params().consensus.pow_target_spacing); // one month
            std::optional<Hash256> hash;
            if (ctx.HasArg(1)) hash = ParseHashV(params[1], "blockhash");
            auto lock = cs.Lock();
            const BlockIndex* index = cs.Tip();
            if (hash) {
                index = LookupOrThrow(cs, *hash);
                if (!cs.Chain().Contains(index))
                    throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Block is not in main chain"};
            }
            if (!ctx.HasArg(0)) {
                blockcount = std::max(0, std::min(blockcount, index->height - 1));
            } else {
                blockcount = GetInt(params[0]);
                if (blockcount < 0 || (blockcount > 0 && blockcount >= index->height)) {
                    throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                                       "Invalid block count: should be between 0 and the block's height - 1"};
                }
            }
            const BlockIndex* past = index->GetAncestor(index->height - blockcount);
            const int64_t time_diff = index->GetMedianTimePast() - past->GetMedianTimePast();
            json ret = json::object();
            ret["time"] = static_cast<int64_t>(index->time);
            if (index->chain_tx) ret["txcount"] = index->chain_tx;
            ret["window_final_block_hash"] = index->GetHash().ToHex();
            ret["window_final_block_height"] = index->height;
            ret["window_block_count"] = blockcount;
            if (blockcount > 0) {
                ret["window_interval"] = time_diff;
                if (index->chain_tx != 0 && past->chain_tx != 0) {
                    const uint64_t window_tx_count = index->chain_tx - past->chain_tx;
                    ret["window_tx_count"] = window_tx_count;
                    if (time_diff > 0)
                        ret["txrate"] = static_cast<double>(window_tx_count) / static_cast<double>(time_diff);
                }
            }
            return ret;
        },
    };
}

/// Core's CalculateTruncatedMedian.
int64_t TruncatedMedian(std::vector<int64_t>& scores)
{
    if (scores.empty()) return 0;
    std::sort(scores.begin(), scores.end());
    const size_t size = scores.size();
    return size % 2 == 0 ? (scores[size / 2 - 1] + scores[size / 2]) / 2 : scores[size / 2];
}

/// Core's CalculatePercentilesByWeight: feerates at the 10th, 25th, 50th, 75th and 90th weight percentile.
std::array<int64_t, NUM_GETBLOCKSTATS_PERCENTILES> PercentilesByWeight(std::vector<std::pair<int64_t, int64_t>>& scores,
                                                                       int64_t total_weight)
{
    std::array<int64_t, NUM_GETBLOCKSTATS_PERCENTILES> result{};
    if (scores.empty()) return result;
    std::sort(scores.begin(), scores.end());
    const double weights[NUM_GETBLOCKSTATS_PERCENTILES] = {total_weight / 10.0, total_weight / 4.0, total_weight / 2.0,
                                                           (total_weight * 3.0) / 4.0, (total_weight * 9.0) / 10.0};
    int next = 0;
    int64_t cumulative = 0;
    for (const auto& [feerate, weight] : scores) {
        cumulative += weight;
        while (next < NUM_GETBLOCKSTATS_PERCENTILES && cumulative >= weights[next])
            result[static_cast<size_t>(next++)] = feerate;
    }
    for (int i = next; i < NUM_GETBLOCKSTATS_PERCENTILES; ++i) result[static_cast<size_t>(i)] = scores.back().first;
    return result;
}

/// Serialized size of an output whose script has `n` bytes (value, CompactSize length, script), Core's
/// GetSerializeSize(CTxOut).
int64_t TxOutSerializeSize(size_t n) { return static_cast<int64_t>(8 + serialize::CompactSizeLen(n) + n); }

RpcMethod GetBlockStats()
{
    return {
        .category = "blockchain",
        .name = "getblockstats",
        .description = "Compute per block statistics for a given window. All amounts are in satoshis.\n"
                       "It won't work for some heights with pruning.\n",
        .args =
            {
                {"hash_or_height",
                 RpcArgType::NUM,
                 RpcArg::Optional::NO,
                 "The block hash or height of the target block",
                 {},
                 RpcArgOptions{.skip_type_check = true, .type_str = {"", "string or numeric"}}},
                {"stats",
                 RpcArgType::ARR,
                 RpcArg::DefaultHint{"all values"},
                 "Values to plot (see result below)",
                 {
                     {"height", RpcArgType::STR, RpcArg::Optional::OMITTED, "Selected statistic"},
                     {"time", RpcArgType::STR, RpcArg::Optional::OMITTED, "Selected statistic"},
                 },
                 RpcArgOptions{.oneline_description = "stats"}},
            },
        .results = {RpcResult{
            Type::OBJ,
            "",
            "",
            {
                RpcResult{Type::NUM, "avgfee", RpcResult::Optional::YES, "Average fee in the block"},
                RpcResult{Type::NUM, "avgfeerate", RpcResult::Optional::YES,
                          "Average feerate (in satoshis per virtual byte)"},
                RpcResult{Type::NUM, "avgtxsize", RpcResult::Optional::YES, "Average transaction size"},
                RpcResult{Type::STR_HEX, "blockhash", RpcResult::Optional::YES,
                          "The block hash (to check for potential reorgs)"},
                RpcResult{Type::ARR_FIXED,
                          "feerate_percentiles",
                          RpcResult::Optional::YES,
                          "Feerates at the 10th, 25th, 50th, 75th, and 90th percentile weight unit (in satoshis per "
                          "virtual byte)",
                          {
                              RpcResult{Type::NUM, "10th_percentile_feerate", "The 10th percentile feerate"},
                              RpcResult{Type::NUM, "25th_percentile_feerate", "The 25th percentile feerate"},
                              RpcResult{Type::NUM, "50th_percentile_feerate", "The 50th percentile feerate"},
                              RpcResult{Type::NUM, "75th_percentile_feerate", "The 75th percentile feerate"},
                              RpcResult{Type::NUM, "90th_percentile_feerate", "The 90th percentile feerate"},
                          }},
                RpcResult{Type::NUM, "height", RpcResult::Optional::YES, "The height of the block"},
                RpcResult{Type::NUM, "ins", RpcResult::Optional::YES, "The number of inputs (excluding coinbase)"},
                RpcResult{Type::NUM, "maxfee", RpcResult::Optional::YES, "Maximum fee in the block"},
                RpcResult{Type::NUM, "maxfeerate", RpcResult::Optional::YES,
                          "Maximum feerate (in satoshis per virtual byte)"},
                RpcResult{Type::NUM, "maxtxsize", RpcResult::Optional::YES, "Maximum transaction size"},
                RpcResult{Type::NUM, "medianfee", RpcResult::Optional::YES, "Truncated median fee in the block"},
                RpcResult{Type::NUM, "mediantime", RpcResult::Optional::YES, "The block median time past"},
                RpcResult{Type::NUM, "mediantxsize", RpcResult::Optional::YES, "Truncated median transaction size"},
                RpcResult{Type::NUM, "minfee", RpcResult::Optional::YES, "Minimum fee in the block"},
                RpcResult{Type::NUM, "minfeerate", RpcResult::Optional::YES,
                          "Minimum feerate (in satoshis per virtual byte)"},
                RpcResult{Type::NUM, "mintxsize", RpcResult::Optional::YES, "Minimum transaction size"},
                RpcResult{Type::NUM, "outs", RpcResult::Optional::YES, "The number of outputs"},
                RpcResult{Type::NUM, "subsidy", RpcResult::Optional::YES, "The block subsidy"},
                RpcResult{Type::NUM, "swtotal_size", RpcResult::Optional::YES, "Total size of all segwit transactions"},
                RpcResult{Type::NUM, "swtotal_weight", RpcResult::Optional::YES,
                          "Total weight of all segwit transactions"},
                RpcResult{Type::NUM, "swtxs", RpcResult::Optional::YES, "The number of segwit transactions"},
                RpcResult{Type::NUM, "time", RpcResult::Optional::YES, "The block time"},
                RpcResult{Type::NUM, "total_out", RpcResult::Optional::YES,
                          "Total amount in all outputs (excluding coinbase and thus reward [ie subsidy + totalfee])"},
                RpcResult{Type::NUM, "total_size", RpcResult::Optional::YES,
                          "Total size of all non-coinbase transactions"},
                RpcResult{Type::NUM, "total_weight", RpcResult::Optional::YES,
                          "Total weight of all non-coinbase transactions"},
                RpcResult{Type::NUM, "totalfee", RpcResult::Optional::YES, "The fee total"},
                RpcResult{Type::NUM, "txs", RpcResult::Optional::YES,
                          "The number of transactions (including coinbase)"},
                RpcResult{
                    Type::NUM, "utxo_increase", RpcResult::Optional::YES,
                    "The increase/decrease in the number of unspent outputs (not discounting op_return and similar)"},
                RpcResult{Type::NUM, "utxo_size_inc", RpcResult::Optional::YES,
                          "The increase/decrease in size for the utxo index (not discounting op_return and similar)"},
                RpcResult{Type::NUM, "utxo_increase_actual", RpcResult::Optional::YES,
                          "The increase/decrease in the number of unspent outputs, not counting unspendables"},
                RpcResult{Type::NUM, "utxo_size_inc_actual", RpcResult::Optional::YES,
                          "The increase/decrease in size for the utxo index, not counting unspendables"},
            }}},
        .examples =
            HelpExampleCli(
                "getblockstats",
                R"('"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09"' '["minfeerate","avgfeerate"]')") +
            HelpExampleCli("getblockstats", R"(1000 '["minfeerate","avgfeerate"]')") +
            HelpExampleRpc(
                "getblockstats",
                R"("00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09", ["minfeerate","avgfeerate"])") +
            HelpExampleRpc("getblockstats", R"(1000, ["minfeerate","avgfeerate"])"),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            Chainstate& cs = EnsureChainstate(ctx);
            const BlockIndex& index = *ParseHashOrHeight(params[0], cs);
            std::set<std::string> stats;
            if (ctx.HasArg(1)) {
                for (const json& stat : GetArray(params[1])) stats.insert(GetStr(stat));
            }
            int height;
            Hash256 hash;
            int64_t median_time;
            uint32_t time;
            {
                auto lock = cs.Lock();
                height = index.height;
                hash = index.GetHash();
                median_time = index.GetMedianTimePast();
                time = index.time;
            }
            const primitives::Block block = GetBlockChecked(cs, index);
            const storage::BlockUndo undo = GetUndoChecked(cs, index);

            // Core computes only what was asked for; computing everything gives the same numbers.
            // Per-UTXO overhead in Core's index: outpoint (36) + height (4) + coinbase flag (1).
            constexpr int64_t PER_UTXO_OVERHEAD = 36 + 4 + 1;
            const bool bip30_repeat = consensus::IsBIP30Repeat(height, hash);
            int64_t maxfee = 0, maxfeerate = 0, minfee = primitives::MAX_MONEY, minfeerate = primitives::MAX_MONEY;
            int64_t total_out = 0, totalfee = 0, inputs = 0, maxtxsize = 0;
            int64_t mintxsize = 4'000'000; // MAX_BLOCK_SERIALIZED_SIZE
            int64_t outputs = 0, swtotal_size = 0, swtotal_weight = 0, swtxs = 0, total_size = 0, total_weight = 0;
            int64_t utxos = 0, utxo_size_inc = 0, utxo_size_inc_actual = 0;
            std::vector<int64_t> fee_array;
            std::vector<std::pair<int64_t, int64_t>> feerate_array;
            std::vector<int64_t> txsize_array;
            for (size_t i = 0; i < block.vtx.size(); ++i) {
                const primitives::Transaction& tx = *block.vtx[i];
                outputs += static_cast<int64_t>(tx.vout.size());
                int64_t tx_total_out = 0;
                for (const primitives::TxOut& out : tx.vout) {
                    tx_total_out += out.value;
                    const int64_t out_size = TxOutSerializeSize(out.script_pubkey.size()) + PER_UTXO_OVERHEAD;
                    utxo_size_inc += out_size;
                    // Genesis and the repeated BIP30 coinbases do not change the UTXO set.
                    if (height == 0 || (bip30_repeat && tx.IsCoinBase())) continue;
                    if (script::IsUnspendable(out.script_pubkey)) continue;
                    ++utxos;
                    utxo_size_inc_actual += out_size;
                }
                if (tx.IsCoinBase()) continue;
                inputs += static_cast<int64_t>(tx.vin.size());
                total_out += tx_total_out;
                const int64_t tx_size = static_cast<int64_t>(tx.GetTotalSize());
                txsize_array.push_back(tx_size);
                maxtxsize = std::max(maxtxsize, tx_size);
                mintxsize = std::min(mintxsize, tx_size);
                total_size += tx_size;
                const int64_t weight = primitives::GetTransactionWeight(tx);
                total_weight += weight;
                if (tx.HasWitness()) {
                    ++swtxs;
                    swtotal_size += tx_size;
                    swtotal_weight += weight;
                }
                if (i - 1 >= undo.txundo.size())
                    throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR, "Undo data does not match the block"};
                int64_t tx_total_in = 0;
                for (const storage::Coin& coin : undo.txundo[i - 1].prevouts) {
                    tx_total_in += coin.out.value;
                    const int64_t prevout_size = TxOutSerializeSize(coin.out.script_pubkey.size()) + PER_UTXO_OVERHEAD;
                    utxo_size_inc -= prevout_size;
                    utxo_size_inc_actual -= prevout_size;
                }
                const int64_t txfee = tx_total_in - tx_total_out;
                fee_array.push_back(txfee);
                maxfee = std::max(maxfee, txfee);
                minfee = std::min(minfee, txfee);
                totalfee += txfee;
                // sat/vB (WITNESS_SCALE_FACTOR 4), integer division as Core.
                const int64_t feerate = weight ? (txfee * 4) / weight : 0;
                feerate_array.emplace_back(feerate, weight);
                maxfeerate = std::max(maxfeerate, feerate);
                minfeerate = std::min(minfeerate, feerate);
            }
            const auto percentiles = PercentilesByWeight(feerate_array, total_weight);
            json feerates = json::array();
            for (int64_t p : percentiles) feerates.push_back(p);
            const int64_t ntx = static_cast<int64_t>(block.vtx.size());

            json all = json::object();
            all["avgfee"] = ntx > 1 ? totalfee / (ntx - 1) : 0;
            all["avgfeerate"] = total_weight ? (totalfee * 4) / total_weight : 0;
            all["avgtxsize"] = ntx > 1 ? total_size / (ntx - 1) : 0;
            all["blockhash"] = hash.ToHex();
            all["feerate_percentiles"] = std::move(feerates);
            all["height"] = height;
            all["ins"] = inputs;
            all["maxfee"] = maxfee;
            all["maxfeerate"] = maxfeerate;
            all["maxtxsize"] = maxtxsize;
            all["medianfee"] = TruncatedMedian(fee_array);
            all["mediantime"] = median_time;
            all["mediantxsize"] = TruncatedMedian(txsize_array);
            all["minfee"] = minfee == primitives::MAX_MONEY ? 0 : minfee;
            all["minfeerate"] = minfeerate == primitives::MAX_MONEY ? 0 : minfeerate;
            all["mintxsize"] = mintxsize == 4'000'000 ? 0 : mintxsize;
            all["outs"] = outputs;
            all["subsidy"] = consensus::GetBlockSubsidy(height, cs.Params().consensus);
            all["swtotal_size"] = swtotal_size;
            all["swtotal_weight"] = swtotal_weight;
            all["swtxs"] = swtxs;
            all["time"] = static_cast<int64_t>(time);
            all["total_out"] = total_out;
            all["total_size"] = total_size;
            all["total_weight"] = total_weight;
            all["totalfee"] = totalfee;
            all["txs"] = ntx;
            all["utxo_increase"] = outputs - inputs;
            all["utxo_size_inc"] = utxo_size_inc;
            all["utxo_increase_actual"] = utxos - inputs;
            all["utxo_size_inc_actual"] = utxo_size_inc_actual;
            if (stats.empty()) return all;
            json ret = json::object();
            for (const std::string& stat : stats) {
                if (!all.contains(stat))
                    throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Invalid selected statistic '" + stat + "'"};
                ret[stat] = all[stat];
            }
            return ret;
        },
    };
}

} // namespace

void RegisterBlockchainRpcs(RpcTable& table)
{
    table.Register(GetBlockchainInfo());
    table.Register(GetChainTxStats());
    table.Register(GetBlockStats());
    table.Register(GetBestBlockHash());
    table.Register(GetBlockCount());
    table.Register(GetBlock());
    table.Register(GetBlockHash());
    table.Register(GetBlockHeader());
    table.Register(GetChainTips());
    table.Register(GetDifficultyRpc());
    table.Register(GetDeploymentInfo());
    table.Register(GetTxOut());
    table.Register(GetTxOutSetInfo());
    table.Register(PruneBlockchain());
    table.Register(VerifyChain());
    table.Register(InvalidateBlock());
    table.Register(ReconsiderBlock());
    table.Register(WaitForNewBlock());
    table.Register(WaitForBlock());
    table.Register(WaitForBlockHeight());
}

} // namespace hearth::rpc
