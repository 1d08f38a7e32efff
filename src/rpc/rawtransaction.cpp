// Raw transaction methods (Core's src/rpc/rawtransaction.cpp and rawtransaction_util.cpp): decoderawtransaction,
// decodescript, createrawtransaction, getrawtransaction. Arguments, result fields in Core's order, error codes
// and messages are Core's.
//
// Deviations: there is no mempool and no transaction index yet, so getrawtransaction finds transactions only
// in the block given by its "blockhash" argument (without it, every txid gets Core's "-txindex" hint);
// decodescript's "segwit.desc" is addr(...) where Core would print a wsh(miniscript) descriptor for a
// non-standard script that is valid miniscript.

#include <hearth/chain/chainstate.h>
#include <hearth/primitives/transaction.h>
#include <hearth/rpc/core_io.h>
#include <hearth/rpc/register.h>
#include <hearth/rpc/table.h>
#include <hearth/script/descriptor.h>
#include <hearth/script/script.h>
#include <hearth/script/standard.h>
#include <hearth/crypto/hash.h>
#include <hearth/crypto/sha256.h>

#include "server_util.h"

#include <set>

namespace hearth::rpc {

namespace {

using Type = RpcResult::Type;
using detail::AllOutputTypes;
using detail::CURRENCY_UNIT;
using detail::EnsureChainstate;
using detail::FindValue;
using detail::NetAddressParams;
using detail::ParseHashV;
using detail::ParseHexV;
using detail::ParseVerbosity;
using detail::ScriptPubKeyDoc;
using detail::UNIX_EPOCH_TIME;

/// Core's LOCKTIME_MAX, DEFAULT_RAWTX_VERSION, TX_MIN/MAX_STANDARD_VERSION, MAX_BIP125_RBF_SEQUENCE.
constexpr int64_t LOCKTIME_MAX = 0xFFFFFFFF;
constexpr int64_t DEFAULT_RAWTX_VERSION = 2;
constexpr int64_t TX_MIN_STANDARD_VERSION = 1;
constexpr int64_t TX_MAX_STANDARD_VERSION = 3;
constexpr uint32_t MAX_BIP125_RBF_SEQUENCE = 0xfffffffd;

std::vector<RpcResult> DecodeTxDoc(const std::string& txid_field_doc)
{
    return {
        RpcResult{Type::STR_HEX, "txid", txid_field_doc},
        RpcResult{Type::STR_HEX, "hash", "The transaction hash (differs from txid for witness transactions)"},
        RpcResult{Type::NUM, "size", "The serialized transaction size"},
        RpcResult{Type::NUM, "vsize", "The virtual transaction size (differs from size for witness transactions)"},
        RpcResult{Type::NUM, "weight", "The transaction's weight (between vsize*4-3 and vsize*4)"},
        RpcResult{Type::NUM, "version", "The version"},
        RpcResult{Type::NUM_TIME, "locktime", "The lock time"},
        RpcResult{Type::ARR,
                  "vin",
                  "",
                  {
                      RpcResult{Type::OBJ,
                                "",
                                "",
                                {
                                    RpcResult{Type::STR_HEX, "coinbase", RpcResult::Optional::YES,
                                              "The coinbase value (only if coinbase transaction)"},
                                    RpcResult{Type::STR_HEX, "txid", RpcResult::Optional::YES,
                                              "The transaction id (if not coinbase transaction)"},
                                    RpcResult{Type::NUM, "vout", RpcResult::Optional::YES,
                                              "The output number (if not coinbase transaction)"},
                                    RpcResult{Type::OBJ,
                                              "scriptSig",
                                              RpcResult::Optional::YES,
                                              "The script (if not coinbase transaction)",
                                              {
                                                  RpcResult{Type::STR, "asm", "Disassembly of the signature script"},
                                                  RpcResult{Type::STR_HEX, "hex",
                                                            "The raw signature script bytes, hex-encoded"},
                                              }},
                                    RpcResult{Type::ARR,
                                              "txinwitness",
                                              RpcResult::Optional::YES,
                                              "",
                                              {
                                                  RpcResult{Type::STR_HEX, "hex", "hex-encoded witness data (if any)"},
                                              }},
                                    RpcResult{Type::NUM, "sequence", "The script sequence number"},
                                }},
                  }},
        RpcResult{Type::ARR,
                  "vout",
                  "",
                  {
                      RpcResult{Type::OBJ,
                                "",
                                "",
                                {
                                    RpcResult{Type::STR_AMOUNT, "value", "The value in " + CURRENCY_UNIT},
                                    RpcResult{Type::NUM, "n", "index"},
                                    RpcResult{Type::OBJ, "scriptPubKey", "", ScriptPubKeyDoc()},
                                }},
                  }},
    };
}

RpcMethod DecodeRawTransaction()
{
    return {
        .category = "rawtransactions",
        .name = "decoderawtransaction",
        .description = "Return a JSON object representing the serialized, hex-encoded transaction.",
        .args = {{"hexstring", RpcArgType::STR_HEX, RpcArg::Optional::NO, "The transaction hex string"},
                 {"iswitness", RpcArgType::BOOL, RpcArg::DefaultHint{"depends on heuristic tests"},
                  "Whether the transaction hex is a serialized witness transaction.\n"
                  "If iswitness is not present, heuristic tests will be used in decoding.\n"
                  "If true, only witness deserialization will be tried.\n"
                  "If false, only non-witness deserialization will be tried.\n"
                  "This boolean should reflect whether the transaction has inputs\n"
                  "(e.g. fully valid, or on-chain transactions), if known by the caller."}},
        .results = {RpcResult{Type::OBJ, "", "", DecodeTxDoc("The transaction id")}},
        .examples = HelpExampleCli("decoderawtransaction", "\"hexstring\"") +
                    HelpExampleRpc("decoderawtransaction", "\"hexstring\""),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            const bool given = ctx.HasArg(1);
            const bool try_witness = given ? GetBool(params[1]) : true;
            const bool try_no_witness = given ? !GetBool(params[1]) : true;
            auto mtx = DecodeHexTx(GetStr(params[0]), try_no_witness, try_witness);
            if (!mtx) throw JsonRpcError{RpcErrorCode::DESERIALIZATION_ERROR, "TX decode failed"};
            const primitives::Transaction tx{std::move(*mtx)};
            return TxToJson(tx, NetAddressParams(ctx), /*include_hex=*/false);
        },
    };
}

/// Core's decodescript rule for offering P2SH/P2WSH wrappings of a script.
bool CanWrap(util::ByteSpan script, script::TxoutType type)
{
    using script::TxoutType;
    switch (type) {
    case TxoutType::MULTISIG:
    case TxoutType::NONSTANDARD:
    case TxoutType::PUBKEY:
    case TxoutType::PUBKEYHASH:
    case TxoutType::WITNESS_V0_KEYHASH:
    case TxoutType::WITNESS_V0_SCRIPTHASH:
        break;
    case TxoutType::NULL_DATA:
    case TxoutType::SCRIPTHASH:
    case TxoutType::WITNESS_UNKNOWN:
    case TxoutType::WITNESS_V1_TAPROOT:
    case TxoutType::ANCHOR:
        return false;
    }
    if (!script::HasValidOps(script) || script::IsUnspendable(script)) return false;
    // Tapscript-only opcodes would make the script unspendable (or trivially spendable) as a redeem script.
    size_t pos = 0;
    script::Opcode op;
    while (pos < script.size()) {
        if (!script::GetScriptOp(script, pos, op)) return false;
        if (op == script::OP_CHECKSIGADD || script::IsOpSuccess(op)) return false;
    }
    return true;
}

RpcMethod DecodeScript()
{
    return {
        .category = "rawtransactions",
        .name = "decodescript",
        .description = "Decode a hex-encoded script.",
        .args = {{"hexstring", RpcArgType::STR_HEX, RpcArg::Optional::NO, "the hex-encoded script"}},
        .results = {RpcResult{
            Type::OBJ,
            "",
            "",
            {
                RpcResult{Type::STR, "asm", "Disassembly of the script"},
                RpcResult{Type::STR, "desc", "Inferred descriptor for the script"},
                RpcResult{Type::STR, "type", "The output type (e.g. " + AllOutputTypes() + ")"},
                RpcResult{Type::STR, "address", RpcResult::Optional::YES,
                          "The Bitcoin address (only if a well-defined address exists)"},
                RpcResult{Type::STR, "p2sh", RpcResult::Optional::YES,
                          "address of P2SH script wrapping this redeem script (not returned for types that should not "
                          "be wrapped)"},
                RpcResult{
                    Type::OBJ,
                    "segwit",
                    RpcResult::Optional::YES,
                    "Result of a witness output script wrapping this redeem script (not returned for types that should "
                    "not be wrapped)",
                    {
                        RpcResult{Type::STR, "asm", "Disassembly of the output script"},
                        RpcResult{Type::STR_HEX, "hex", "The raw output script bytes, hex-encoded"},
                        RpcResult{Type::STR, "type",
                                  "The type of the output script (e.g. witness_v0_keyhash or witness_v0_scripthash)"},
                        RpcResult{Type::STR, "address", RpcResult::Optional::YES,
                                  "The Bitcoin address (only if a well-defined address exists)"},
                        RpcResult{Type::STR, "desc", "Inferred descriptor for the script"},
                        RpcResult{Type::STR, "p2sh-segwit",
                                  "address of the P2SH script wrapping this witness redeem script"},
                    }},
            }}},
        .examples = HelpExampleCli("decodescript", "\"hexstring\"") + HelpExampleRpc("decodescript", "\"hexstring\""),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            const script::AddressParams& net = NetAddressParams(ctx);
            util::Bytes script;
            // An empty script is valid (Core skips the hex check for it).
            if (!GetStr(params[0]).empty()) script = ParseHexV(params[0], "argument");
            json r = ScriptToJson(script, net, /*include_hex=*/false, /*include_address=*/true);

            std::vector<util::Bytes> solutions;
            const script::TxoutType type = script::Solver(script, solutions);
            if (!CanWrap(script, type)) return r;

            auto p2sh_of = [&](util::ByteSpan redeem) {
                const util::Uint160 h = crypto::Hash160(redeem);
                util::Bytes p2sh =
                    std::move(script::Script{} << script::OP_HASH160 << util::ByteSpan{h.span()} << script::OP_EQUAL)
                        .bytes();
                return *script::EncodeAddress(p2sh, net);
            };
            r["p2sh"] = p2sh_of(script);

            // P2SH and witness programs cannot be wrapped in P2WSH; segwit checksigs need compressed keys.
            bool can_wrap_p2wsh = false;
            switch (type) {
            case script::TxoutType::MULTISIG:
            case script::TxoutType::PUBKEY:
                can_wrap_p2wsh = true;
                for (const auto& solution : solutions) {
                    if (solution.size() != 1 && solution.size() != crypto::PubKey::COMPRESSED_SIZE)
                        can_wrap_p2wsh = false;
                }
                break;
            case script::TxoutType::NONSTANDARD:
            case script::TxoutType::PUBKEYHASH:
                can_wrap_p2wsh = true;
                break;
            default:
                break;
            }
            if (!can_wrap_p2wsh) return r;

            util::Bytes segwit;
            if (type == script::TxoutType::PUBKEY || type == script::TxoutType::PUBKEYHASH) {
                // Keys and key hashes become P2WPKH.
                const util::Uint160 keyhash =
                    type == script::TxoutType::PUBKEY ? crypto::Hash160(solutions[0]) : util::Uint160{solutions[0]};
                segwit = std::move(script::Script{} << script::OP_0 << util::ByteSpan{keyhash.span()}).bytes();
            } else {
                const util::Uint256 wsh = crypto::Sha256Hash(script);
                segwit = std::move(script::Script{} << script::OP_0 << util::ByteSpan{wsh.span()}).bytes();
            }
            json sr = ScriptToJson(segwit, net, /*include_hex=*/true, /*include_address=*/true);
            if (type == script::TxoutType::MULTISIG) {
                // Core infers the P2WSH's descriptor knowing its witness script: wsh(multi(...)).
                const std::string inner = script::InferDescriptor(script, net);
                const std::string body = inner.substr(0, inner.find('#'));
                if (body.rfind("multi(", 0) == 0) sr["desc"] = script::AddChecksum("wsh(" + body + ")");
            }
            sr["p2sh-segwit"] = p2sh_of(segwit);
            r["segwit"] = std::move(sr);
            return r;
        },
    };
}

std::vector<RpcArg> CreateTxDoc()
{
    return {
        {"inputs",
         RpcArgType::ARR,
         RpcArg::Optional::NO,
         "The inputs",
         {{"",
           RpcArgType::OBJ,
           RpcArg::Optional::OMITTED,
           "",
           {{"txid", RpcArgType::STR_HEX, RpcArg::Optional::NO, "The transaction id"},
            {"vout", RpcArgType::NUM, RpcArg::Optional::NO, "The output number"},
            {"sequence", RpcArgType::NUM,
             RpcArg::DefaultHint{"depends on the value of the 'replaceable' and 'locktime' arguments"},
             "The sequence number"}}}}},
        {"outputs",
         RpcArgType::ARR,
         RpcArg::Optional::NO,
         "The outputs specified as key-value pairs.\n"
         "Each key may only appear once, i.e. there can only be one 'data' output, and no address may be duplicated.\n"
         "At least one output of either type must be specified.\n"
         "For compatibility reasons, a dictionary, which holds the key-value pairs directly, is also\n"
         "                             accepted as second parameter.",
         {{"",
           RpcArgType::OBJ_USER_KEYS,
           RpcArg::Optional::OMITTED,
           "",
           {{"address", RpcArgType::AMOUNT, RpcArg::Optional::NO,
             "A key-value pair. The key (string) is the bitcoin address, the value (float or string) is the amount "
             "in " +
                 CURRENCY_UNIT}}},
          {"",
           RpcArgType::OBJ,
           RpcArg::Optional::OMITTED,
           "",
           {{"data", RpcArgType::STR_HEX, RpcArg::Optional::NO,
             "A key-value pair. The key must be \"data\", the value is hex-encoded data that becomes a part of an "
             "OP_RETURN output"}}}},
         RpcArgOptions{.skip_type_check = true}},
        {"locktime", RpcArgType::NUM, RpcArg::Default{0}, "Raw locktime. Non-0 value also locktime-activates inputs"},
        {"replaceable", RpcArgType::BOOL, RpcArg::Default{true},
         "Marks this transaction as BIP125-replaceable.\n"
         "Allows this transaction to be replaced by a transaction with higher fees. If provided, it is an error if "
         "explicit sequence numbers are incompatible."},
        {"version", RpcArgType::NUM, RpcArg::Default{DEFAULT_RAWTX_VERSION}, "Transaction version"},
    };
}

/// Core's ConstructTransaction (rawtransaction_util.cpp).
primitives::MutableTransaction ConstructTransaction(const json& inputs_in, const json& outputs_in, const json& locktime,
                                                    std::optional<bool> rbf, int64_t version,
                                                    const script::AddressParams& net)
{
    primitives::MutableTransaction tx;
    if (!locktime.is_null()) {
        const int64_t value = GetInt64(locktime);
        if (value < 0 || value > LOCKTIME_MAX)
            throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Invalid parameter, locktime out of range"};
        tx.locktime = static_cast<uint32_t>(value);
    }
    if (version < TX_MIN_STANDARD_VERSION || version > TX_MAX_STANDARD_VERSION) {
        throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Invalid parameter, version out of range(" +
                                                                std::to_string(TX_MIN_STANDARD_VERSION) + "~" +
                                                                std::to_string(TX_MAX_STANDARD_VERSION) + ")"};
    }
    tx.version = static_cast<int32_t>(version);

    // Inputs (Core's AddInputs).
    const json inputs = inputs_in.is_null() ? json::array() : GetArray(inputs_in);
    for (const json& input : inputs) {
        const json& o = GetObject(input);
        const util::Uint256 txid = ParseHashV(FindValue(o, "txid"), "txid");
        const json& vout_v = FindValue(o, "vout");
        if (!IsNumber(vout_v))
            throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Invalid parameter, missing vout key"};
        const int vout = GetInt(vout_v);
        if (vout < 0) throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Invalid parameter, vout cannot be negative"};
        // Default sequence: RBF-signalling unless replaceable=false; then non-final if a locktime is set.
        uint32_t sequence = primitives::TxIn::SEQUENCE_FINAL;
        if (rbf.value_or(true)) {
            sequence = MAX_BIP125_RBF_SEQUENCE;
        } else if (tx.locktime) {
            sequence = primitives::TxIn::MAX_SEQUENCE_NONFINAL;
        }
        const json& sequence_v = FindValue(o, "sequence");
        if (IsNumber(sequence_v)) {
            const int64_t seq = GetInt64(sequence_v);
            if (seq < 0 || seq > primitives::TxIn::SEQUENCE_FINAL) {
                throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                                   "Invalid parameter, sequence number is out of range"};
            }
            sequence = static_cast<uint32_t>(seq);
        }
        primitives::TxIn in;
        in.prevout.hash = txid;
        in.prevout.n = static_cast<uint32_t>(vout);
        in.sequence = sequence;
        tx.vin.push_back(std::move(in));
    }

    // Outputs (Core's NormalizeOutputs + ParseOutputs + AddOutputs): an object, or an array of one-key objects.
    if (outputs_in.is_null())
        throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Invalid parameter, output argument must be non-null"};
    std::vector<std::pair<std::string, json>> outputs;
    if (outputs_in.is_object()) {
        for (const auto& [key, value] : outputs_in.items()) outputs.emplace_back(key, value);
    } else {
        for (const json& output : GetArray(outputs_in)) {
            if (!output.is_object()) {
                throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                                   "Invalid parameter, key-value pair not an object as expected"};
            }
            if (output.size() != 1) {
                throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                                   "Invalid parameter, key-value pair must contain exactly one key"};
            }
            outputs.emplace_back(output.begin().key(), output.begin().value());
        }
    }
    std::set<util::Bytes> destinations;
    bool has_data = false;
    for (const auto& [name, value] : outputs) {
        primitives::TxOut out;
        if (name == "data") {
            if (has_data) throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Invalid parameter, duplicate key: data"};
            has_data = true;
            // Core reads the value as text (getValStr): a number's digits, "" for other types.
            const json text =
                value.is_string() ? value : (IsNumber(value) ? json(WriteJson(value)) : json(std::string{}));
            const util::Bytes data = ParseHexV(text, "Data");
            out.value = 0;
            out.script_pubkey = std::move(script::Script{} << script::OP_RETURN << util::ByteSpan{data}).bytes();
        } else {
            auto script = script::DecodeAddress(name, net);
            const primitives::Amount amount = AmountFromValue(value);
            if (!script) throw JsonRpcError{RpcErrorCode::INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address: " + name};
            if (!destinations.insert(*script).second) {
                throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Invalid parameter, duplicated address: " + name};
            }
            out.value = amount;
            out.script_pubkey = std::move(*script);
        }
        tx.vout.push_back(std::move(out));
    }

    if (rbf.value_or(false) && !tx.vin.empty()) {
        // BIP125: some input must signal (sequence ≤ 0xfffffffd).
        const bool signals = std::any_of(tx.vin.begin(), tx.vin.end(), [](const primitives::TxIn& in) {
            return in.sequence <= MAX_BIP125_RBF_SEQUENCE;
        });
        if (!signals) {
            throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                               "Invalid parameter combination: Sequence number(s) contradict replaceable option"};
        }
    }
    return tx;
}

RpcMethod CreateRawTransaction()
{
    return {
        .category = "rawtransactions",
        .name = "createrawtransaction",
        .description = "Create a transaction spending the given inputs and creating new outputs.\n"
                       "Outputs can be addresses or data.\n"
                       "Returns hex-encoded raw transaction.\n"
                       "Note that the transaction's inputs are not signed, and\n"
                       "it is not stored in the wallet or transmitted to the network.",
        .args = CreateTxDoc(),
        .results = {RpcResult{Type::STR_HEX, "transaction", "hex string of the transaction"}},
        .examples =
            HelpExampleCli("createrawtransaction",
                           "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\" \"[{\\\"address\\\":0.01}]\"") +
            HelpExampleCli("createrawtransaction",
                           "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\" \"[{\\\"data\\\":\\\"00010203\\\"}]\"") +
            HelpExampleRpc("createrawtransaction",
                           "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\", \"[{\\\"address\\\":0.01}]\"") +
            HelpExampleRpc("createrawtransaction",
                           "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\", \"[{\\\"data\\\":\\\"00010203\\\"}]\""),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            std::optional<bool> rbf;
            if (ctx.HasArg(3)) rbf = GetBool(params[3]);
            const json outputs = params.size() > 1 ? params[1] : json{};
            const int64_t version = GetInt64(ctx.Arg(4));
            // Core's Arg<uint32_t>: anything outside uint32 is "JSON integer out of range" first.
            if (version < 0 || version > 0xFFFFFFFFLL) throw std::runtime_error("JSON integer out of range");
            const auto tx = ConstructTransaction(params[0], outputs, ctx.HasArg(2) ? params[2] : json{}, rbf, version,
                                                 NetAddressParams(ctx));
            return EncodeHexTx(primitives::Transaction{tx});
        },
    };
}

RpcMethod GetRawTransaction()
{
    return {
        .category = "rawtransactions",
        .name = "getrawtransaction",
        .description =
            "By default, this call only returns a transaction if it is in the mempool. If -txindex is enabled\n"
            "and no blockhash argument is passed, it will return the transaction if it is in the mempool or any "
            "block.\n"
            "If a blockhash argument is passed, it will return the transaction if\n"
            "the specified block is available and the transaction is in that block.\n\n"
            "Hint: Use gettransaction for wallet transactions.\n\n"
            "If verbosity is 0 or omitted, returns the serialized transaction as a hex-encoded string.\n"
            "If verbosity is 1, returns a JSON Object with information about the transaction.\n"
            "If verbosity is 2, returns a JSON Object with information about the transaction, including fee and "
            "prevout information.",
        .args = {{"txid", RpcArgType::STR_HEX, RpcArg::Optional::NO, "The transaction id"},
                 {"verbosity|verbose",
                  RpcArgType::NUM,
                  RpcArg::Default{0},
                  "0 for hex-encoded data, 1 for a JSON object, and 2 for JSON object with fee and prevout",
                  {},
                  RpcArgOptions{.skip_type_check = true}},
                 {"blockhash", RpcArgType::STR_HEX, RpcArg::Optional::OMITTED,
                  "The block in which to look for the transaction"}},
        .results =
            {
                RpcResult{"if verbosity is not set or set to 0", Type::STR, "data",
                          "The serialized transaction as a hex-encoded string for 'txid'"},
                RpcResult{"if verbosity is set to 1", Type::OBJ, "", "",
                          [] {
                              std::vector<RpcResult> fields{
                                  RpcResult{Type::BOOL, "in_active_chain", RpcResult::Optional::YES,
                                            "Whether specified block is in the active chain or not (only present with "
                                            "explicit \"blockhash\" argument)"},
                                  RpcResult{Type::STR_HEX, "blockhash", RpcResult::Optional::YES, "the block hash"},
                                  RpcResult{Type::NUM, "confirmations", RpcResult::Optional::YES, "The confirmations"},
                                  RpcResult{Type::NUM_TIME, "blocktime", RpcResult::Optional::YES,
                                            "The block time expressed in " + UNIX_EPOCH_TIME},
                                  RpcResult{Type::NUM, "time", RpcResult::Optional::YES, "Same as \"blocktime\""},
                                  RpcResult{Type::STR_HEX, "hex", "The serialized, hex-encoded data for 'txid'"},
                              };
                              for (auto& r : DecodeTxDoc("The transaction id (same as provided)"))
                                  fields.push_back(std::move(r));
                              return fields;
                          }()},
                RpcResult{
                    "for verbosity = 2",
                    Type::OBJ,
                    "",
                    "",
                    {
                        RpcResult{Type::ELISION, "", "Same output as verbosity = 1"},
                        RpcResult{Type::NUM, "fee", RpcResult::Optional::YES,
                                  "transaction fee in " + CURRENCY_UNIT +
                                      ", omitted if block undo data is not available"},
                        RpcResult{
                            Type::ARR,
                            "vin",
                            "",
                            {
                                RpcResult{Type::OBJ,
                                          "",
                                          "utxo being spent, omitted if block undo data is not available",
                                          {
                                              RpcResult{Type::ELISION, "", "Same output as verbosity = 1"},
                                              RpcResult{Type::OBJ,
                                                        "prevout",
                                                        RpcResult::Optional::YES,
                                                        "Only if undo information is available)",
                                                        {
                                                            RpcResult{Type::BOOL, "generated", "Coinbase or not"},
                                                            RpcResult{Type::NUM, "height", "The height of the prevout"},
                                                            RpcResult{Type::STR_AMOUNT, "value",
                                                                      "The value in " + CURRENCY_UNIT},
                                                            RpcResult{Type::OBJ, "scriptPubKey", "", ScriptPubKeyDoc()},
                                                        }},
                                          }},
                            }},
                    }},
            },
        .examples = HelpExampleCli("getrawtransaction", "\"mytxid\"") +
                    HelpExampleCli("getrawtransaction", "\"mytxid\" 1") +
                    HelpExampleRpc("getrawtransaction", "\"mytxid\", 1") +
                    HelpExampleCli("getrawtransaction", "\"mytxid\" 0 \"myblockhash\"") +
                    HelpExampleCli("getrawtransaction", "\"mytxid\" 1 \"myblockhash\"") +
                    HelpExampleCli("getrawtransaction", "\"mytxid\" 2 \"myblockhash\""),
        .handler = [](const RpcContext& ctx, const json& params) -> json {
            chain::Chainstate& cs = EnsureChainstate(ctx);
            const util::Uint256 txid = ParseHashV(params[0], "parameter 1");
            if (txid == cs.Params().genesis.header.merkle_root) {
                // The genesis coinbase never entered the UTXO set or any index (CORE-FACTS §1).
                throw JsonRpcError{
                    RpcErrorCode::INVALID_ADDRESS_OR_KEY,
                    "The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved"};
            }
            const int verbosity = ParseVerbosity(params.size() > 1 ? params[1] : json{}, 0, /*allow_bool=*/true);

            if (!ctx.HasArg(2)) {
                // No mempool and no -txindex yet: only a block hash can locate a transaction.
                throw JsonRpcError{
                    RpcErrorCode::INVALID_ADDRESS_OR_KEY,
                    "No such mempool transaction. Use -txindex or provide a block hash to enable blockchain "
                    "transaction queries. Use gettransaction for wallet transactions."};
            }
            const util::Uint256 block_hash = ParseHashV(params[2], "parameter 3");
            const chain::BlockIndex* index = nullptr;
            bool have_data = false;
            bool have_undo = false;
            bool in_active_chain = false;
            int confirmations = 0;
            int64_t block_time = 0;
            {
                auto lock = cs.Lock();
                index = cs.LookupBlockIndex(block_hash);
                if (!index) throw JsonRpcError{RpcErrorCode::INVALID_ADDRESS_OR_KEY, "Block hash not found"};
                have_data = index->status & chain::BLOCK_HAVE_DATA;
                have_undo = index->status & chain::BLOCK_HAVE_UNDO;
                in_active_chain = cs.Chain().Contains(index);
                if (in_active_chain) confirmations = 1 + cs.Chain().Height() - index->height;
                block_time = index->time;
            }
            if (!have_data) throw JsonRpcError{RpcErrorCode::MISC_ERROR, "Block not available"};
            auto block = cs.ReadBlock(*index);
            if (!block) throw JsonRpcError{RpcErrorCode::MISC_ERROR, "Block not available"};
            size_t pos = 0;
            while (pos < block->vtx.size() && block->vtx[pos]->GetTxid() != txid) ++pos;
            if (pos == block->vtx.size()) {
                throw JsonRpcError{
                    RpcErrorCode::INVALID_ADDRESS_OR_KEY,
                    "No such transaction found in the provided block. Use gettransaction for wallet transactions."};
            }
            const primitives::Transaction& tx = *block->vtx[pos];
            if (verbosity <= 0) return EncodeHexTx(tx);

            json result = json::object();
            result["in_active_chain"] = in_active_chain;
            // Verbosity 2 adds fee and prevouts from the block's undo data (never for a coinbase).
            std::optional<storage::BlockUndo> undo;
            if (verbosity >= 2 && !tx.IsCoinBase() && (have_data || have_undo)) {
                auto read = cs.ReadUndo(*index);
                if (!read || read->txundo.size() + 1 != block->vtx.size()) {
                    throw JsonRpcError{
                        RpcErrorCode::INTERNAL_ERROR,
                        "Undo data expected but can't be read. This could be due to disk corruption or a "
                        "conflict with a pruning event."};
                }
                undo = std::move(*read);
            }
            const storage::TxUndo* txundo = undo ? &undo->txundo.at(pos - 1) : nullptr;
            json tx_json = TxToJson(tx, NetAddressParams(ctx), /*include_hex=*/true, nullptr, txundo,
                                    txundo ? TxVerbosity::SHOW_DETAILS_AND_PREVOUT : TxVerbosity::SHOW_DETAILS);
            for (auto& [key, value] : tx_json.items()) result[key] = std::move(value);
            result["blockhash"] = block_hash.ToHex();
            if (in_active_chain) {
                result["confirmations"] = confirmations;
                result["time"] = block_time;
                result["blocktime"] = block_time;
            } else {
                result["confirmations"] = 0;
            }
            return result;
        },
    };
}

} // namespace

void RegisterRawTransactionRpcs(RpcTable& table)
{
    table.Register(GetRawTransaction());
    table.Register(DecodeRawTransaction());
    table.Register(DecodeScript());
    table.Register(CreateRawTransaction());
}

} // namespace hearth::rpc
