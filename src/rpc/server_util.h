#ifndef HEARTH_RPC_SERVER_UTIL_H
#define HEARTH_RPC_SERVER_UTIL_H

// Private helpers shared by the blockchain, raw-transaction, util and mining methods (Core's rpc/server_util.h
// and the parsing and documentation helpers of rpc/util.h): reaching the node's parts with Core's errors when
// they are missing, parsing hashes, hex and verbosity with Core's messages, and text that several methods'
// help shares.

#include <hearth/chain/chainstate.h>
#include <hearth/consensus/params.h>
#include <hearth/consensus/pow.h>
#include <hearth/node/chain_events.h>
#include <hearth/node/context.h>
#include <hearth/rpc/table.h>
#include <hearth/script/address.h>
#include <hearth/script/standard.h>
#include <hearth/util/hex.h>
#include <hearth/util/uint256.h>

#include <string>
#include <string_view>
#include <vector>

namespace hearth::rpc::detail {

// Words Core's help texts share (UNIX_EPOCH_TIME in rpc/util.h, CURRENCY_UNIT in policy/feerate.h).
inline const std::string UNIX_EPOCH_TIME = "UNIX epoch time";
inline const std::string CURRENCY_UNIT = "BTC";

inline chain::Chainstate& EnsureChainstate(const RpcContext& ctx)
{
    if (!ctx.node.chainstate) throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR, "Node chainman not found"};
    return *ctx.node.chainstate;
}

inline node::ChainEvents& EnsureChainEvents(const RpcContext& ctx)
{
    if (!ctx.node.chain_events) throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR, "Node chain notifications not found"};
    return *ctx.node.chain_events;
}

inline const consensus::ChainParams& EnsureChainParams(const RpcContext& ctx)
{
    if (!ctx.node.chain_params) throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR, "Node chain parameters not found"};
    return *ctx.node.chain_params;
}

/// This network's address and key prefixes.
inline const script::AddressParams& NetAddressParams(const RpcContext& ctx) { return EnsureChainParams(ctx).address; }

/// Core's ParseHashV: exactly 64 hex digits, displayed (reversed) order.
inline util::Uint256 ParseHashV(const json& value, std::string_view name)
{
    const std::string& hex = GetStr(value);
    if (auto hash = util::Uint256::FromHex(hex)) return *hash;
    if (hex.size() != 64) {
        throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, std::string{name} + " must be of length 64 (not " +
                                                                std::to_string(hex.size()) + ", for '" + hex + "')"};
    }
    throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                       std::string{name} + " must be hexadecimal string (not '" + hex + "')"};
}

/// Core's ParseHexV: non-empty, even-length hex (a non-string counts as "").
inline util::Bytes ParseHexV(const json& value, std::string_view name)
{
    const std::string hex = value.is_string() ? value.get<std::string>() : std::string{};
    auto bytes = util::IsHex(hex) ? util::ParseHex(hex) : std::nullopt;
    if (!bytes) {
        throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                           std::string{name} + " must be hexadecimal string (not '" + hex + "')"};
    }
    return std::move(*bytes);
}

/// The object member `key` (null if absent), as UniValue's find_value.
inline const json& FindValue(const json& obj, const std::string& key)
{
    static const json null_value;
    auto it = obj.find(key);
    return it == obj.end() ? null_value : *it;
}

/// Core's ParseVerbosity: null gives the default; a boolean counts as 0/1 where allowed, else a type error.
inline int ParseVerbosity(const json& arg, int default_verbosity, bool allow_bool)
{
    if (arg.is_null()) return default_verbosity;
    if (arg.is_boolean()) {
        if (!allow_bool) throw JsonRpcError{RpcErrorCode::TYPE_ERROR, "Verbosity was boolean but only integer allowed"};
        return arg.get<bool>() ? 1 : 0;
    }
    return GetInt(arg);
}

/// Core's GetTarget: the target nBits stands for (powLimit if it does not decode to a valid one).
inline std::string TargetHex(uint32_t bits, const consensus::ChainParams& params)
{
    if (auto target = consensus::DeriveTarget(bits, params.consensus.pow_limit)) return target->ToHex();
    return util::ArithUint256::FromUint256(params.consensus.pow_limit).ToHex();
}

/// "nonstandard, anchor, pubkey, ..." (Core's GetAllOutputTypes, in TxoutType order).
inline std::string AllOutputTypes()
{
    std::string out;
    for (int t = static_cast<int>(script::TxoutType::NONSTANDARD);
         t <= static_cast<int>(script::TxoutType::WITNESS_UNKNOWN); ++t) {
        out += (out.empty() ? "" : ", ") + std::string{script::GetTxnOutputType(static_cast<script::TxoutType>(t))};
    }
    return out;
}

/// The fields of a decoded output script (Core's ScriptPubKeyDoc).
inline std::vector<RpcResult> ScriptPubKeyDoc()
{
    using Type = RpcResult::Type;
    return {
        RpcResult{Type::STR, "asm", "Disassembly of the output script"},
        RpcResult{Type::STR, "desc", "Inferred descriptor for the output"},
        RpcResult{Type::STR_HEX, "hex", "The raw output script bytes, hex-encoded"},
        RpcResult{Type::STR, "address", RpcResult::Optional::YES,
                  "The Bitcoin address (only if a well-defined address exists)"},
        RpcResult{Type::STR, "type", "The type (one of: " + AllOutputTypes() + ")"},
    };
}

} // namespace hearth::rpc::detail

#endif // HEARTH_RPC_SERVER_UTIL_H
