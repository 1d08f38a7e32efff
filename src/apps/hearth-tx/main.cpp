// hearth-tx: offline transaction tools. `decode` prints a transaction as Core's decoderawtransaction does;
// `verify` checks input scripts given the outputs they spend, one JSON line per spend (a user tool and the
// test seam for the script engine).

#include <hearth/primitives/transaction.h>
#include <hearth/rpc/core_io.h>
#include <hearth/rpc/json.h>
#include <hearth/script/address.h>
#include <hearth/script/interpreter.h>
#include <hearth/script/script_error.h>
#include <hearth/script/sighash.h>
#include <hearth/script/verify_flags.h>
#include <hearth/serialize/stream.h>
#include <hearth/util/hex.h>
#include <hearth/version.h>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using hearth::rpc::json;

constexpr std::string_view USAGE = R"(Usage:
  hearth-tx decode [-regtest|-testnet|-testnet4|-signet|-chain=<name>] <hex>|-
  hearth-tx verify < spends.jsonl
  hearth-tx --help | --version

decode
  Prints the transaction <hex> (or, with "-", the hex read from standard input) as Bitcoin Core's
  decoderawtransaction RPC does, as 2-space indented JSON. Addresses and descriptors use the network's
  encoding: main by default; -chain=<name> takes main, test, testnet4, signet or regtest. The witness
  and legacy serializations are both tried, as Core does. Undecodable input prints
  "error: TX decode failed" and exits with status 1.

verify
  Reads one JSON object per line from standard input, each one spend to check:
    {"tx":"<hex>","prevouts":["<hex>",...],"index":N,"flags":"P2SH,WITNESS,..."}
  tx        the spending transaction, with its witnesses
  prevouts  the outputs its inputs spend, one per input in input order, each serialized as Core's
            CTxOut: 8-byte little-endian amount in satoshis, CompactSize script length, script
  index     the input to check; if absent, every input is checked, one output line each
  flags     Core's script verify flag names, comma-separated (P2SH, STRICTENC, DERSIG, LOW_S, NULLDUMMY,
            SIGPUSHONLY, MINIMALDATA, DISCOURAGE_UPGRADABLE_NOPS, CLEANSTACK, CHECKLOCKTIMEVERIFY,
            CHECKSEQUENCEVERIFY, WITNESS, DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM, MINIMALIF, NULLFAIL,
            WITNESS_PUBKEYTYPE, CONST_SCRIPTCODE, TAPROOT, DISCOURAGE_UPGRADABLE_TAPROOT_VERSION,
            DISCOURAGE_OP_SUCCESS, DISCOURAGE_UPGRADABLE_PUBKEYTYPE), "NONE" or "" for none,
            "consensus" (today's block rules) or "standard" (mempool policy); default "consensus".
            WITNESS needs P2SH, and CLEANSTACK needs P2SH and WITNESS, as in Core.
  Each checked input prints one line:
    {"index":N,"ok":true}   or   {"index":N,"ok":false,"error":"<Core ScriptError name, e.g. EVAL_FALSE>"}
  A malformed line (bad JSON, bad hex, index out of range, prevout count mismatch, unknown flag) prints
    {"ok":false,"error":"<what is wrong>"}   (with "index" when one was given)
  and processing continues with the next line. Blank lines are skipped.
  Exit status: 0 if every line was well-formed (whatever the scripts' verdicts), 1 if any was malformed.
)";

int Usage(FILE* out, int status)
{
    std::fputs(USAGE.data(), out);
    return status;
}

int Fail(const std::string& message)
{
    std::fprintf(stderr, "error: %s\n", message.c_str());
    return 1;
}

std::string_view Trim(std::string_view s)
{
    const auto is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// ------------------------------------------------------------------------------------------ decode

/// Core's chain selection: at most one of -regtest/-testnet/-testnet4/-signet/-chain=.
std::optional<hearth::script::AddressParams> ParamsForChain(std::string_view chain)
{
    if (chain == "main") return hearth::script::MainAddressParams();
    if (chain == "test" || chain == "testnet4" || chain == "signet") return hearth::script::TestAddressParams();
    if (chain == "regtest") return hearth::script::RegtestAddressParams();
    return std::nullopt;
}

int Decode(const std::vector<std::string_view>& args)
{
    std::vector<std::string_view> chains;
    std::optional<std::string_view> hex_arg;
    for (const std::string_view arg : args) {
        if (arg == "-regtest" || arg == "--regtest") {
            chains.push_back("regtest");
        } else if (arg == "-testnet" || arg == "--testnet") {
            chains.push_back("test");
        } else if (arg == "-testnet4" || arg == "--testnet4") {
            chains.push_back("testnet4");
        } else if (arg == "-signet" || arg == "--signet") {
            chains.push_back("signet");
        } else if (arg.starts_with("-chain=") || arg.starts_with("--chain=")) {
            chains.push_back(arg.substr(arg.find('=') + 1));
        } else if (arg == "-" || !arg.starts_with("-")) {
            if (hex_arg) return Fail("decode takes one transaction (hex, or - for standard input)");
            hex_arg = arg;
        } else {
            return Fail("unknown option " + std::string{arg} + " (see hearth-tx --help)");
        }
    }
    if (chains.size() > 1) {
        return Fail("Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.");
    }
    const auto params = ParamsForChain(chains.empty() ? "main" : chains.front());
    if (!params) return Fail("Unknown chain " + std::string{chains.front()} + ".");
    if (!hex_arg) return Fail("decode needs a transaction in hex, or - to read it from standard input");

    std::string stdin_text;
    std::string_view hex = *hex_arg;
    if (hex == "-") {
        stdin_text.assign(std::istreambuf_iterator<char>{std::cin}, std::istreambuf_iterator<char>{});
        hex = Trim(stdin_text);
    }
    const auto mtx = hearth::rpc::DecodeHexTx(hex);
    if (!mtx) return Fail("TX decode failed");
    const hearth::primitives::Transaction tx{*mtx};
    const std::string text = hearth::rpc::WriteJson(hearth::rpc::TxToJson(tx, *params, /*include_hex=*/false), 2);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
    return 0;
}

// ------------------------------------------------------------------------------------------ verify

/// One output line for a line that could not be checked.
json Malformed(const std::string& message, std::optional<uint64_t> index = std::nullopt)
{
    json out = json::object();
    if (index) out["index"] = *index;
    out["ok"] = false;
    out["error"] = message;
    return out;
}

/// A serialized CTxOut that must use all of `bytes`.
std::optional<hearth::primitives::TxOut> DecodeTxOut(hearth::util::ByteSpan bytes)
{
    hearth::serialize::Reader r{bytes};
    hearth::primitives::TxOut out;
    out.Unserialize(r);
    if (!r.ok() || !r.empty()) return std::nullopt;
    return out;
}

/// Checks one line; appends its output lines. False if the line was malformed.
bool VerifyLine(std::string_view line, std::vector<json>& results)
{
    namespace script = hearth::script;
    using hearth::primitives::TxOut;

    const auto request = hearth::rpc::ParseJson(line);
    if (!request || !request->is_object()) {
        results.push_back(Malformed("line is not a JSON object"));
        return false;
    }
    std::optional<uint64_t> index;
    if (const auto it = request->find("index"); it != request->end()) {
        if (!it->is_number_integer() ||
            (it->is_number_integer() && !it->is_number_unsigned() && it->get<int64_t>() < 0)) {
            results.push_back(Malformed("index must be a non-negative integer"));
            return false;
        }
        index = it->get<uint64_t>();
    }

    const auto tx_it = request->find("tx");
    if (tx_it == request->end() || !tx_it->is_string()) {
        results.push_back(Malformed("tx must be a hex string", index));
        return false;
    }
    const auto mtx = hearth::rpc::DecodeHexTx(tx_it->get_ref<const std::string&>());
    if (!mtx) {
        results.push_back(Malformed("tx: TX decode failed", index));
        return false;
    }
    const hearth::primitives::Transaction tx{*mtx};

    const auto prevouts_it = request->find("prevouts");
    if (prevouts_it == request->end() || !prevouts_it->is_array()) {
        results.push_back(Malformed("prevouts must be an array of hex strings", index));
        return false;
    }
    std::vector<TxOut> spent;
    spent.reserve(prevouts_it->size());
    for (size_t i = 0; i < prevouts_it->size(); ++i) {
        const json& item = (*prevouts_it)[i];
        const auto bytes = item.is_string() ? hearth::util::ParseHex(item.get_ref<const std::string&>()) : std::nullopt;
        const auto out = bytes ? DecodeTxOut(*bytes) : std::nullopt;
        if (!out) {
            results.push_back(Malformed("prevouts[" + std::to_string(i) +
                                            "] is not a serialized output (8-byte amount, CompactSize length, script)",
                                        index));
            return false;
        }
        spent.push_back(*out);
    }
    if (spent.size() != tx.vin.size()) {
        results.push_back(Malformed("prevouts has " + std::to_string(spent.size()) +
                                        " outputs for a transaction with " + std::to_string(tx.vin.size()) + " inputs",
                                    index));
        return false;
    }
    if (index && *index >= tx.vin.size()) {
        results.push_back(Malformed("index " + std::to_string(*index) + " is out of range: the transaction has " +
                                        std::to_string(tx.vin.size()) + " inputs",
                                    index));
        return false;
    }

    script::ScriptFlags flags = script::CONSENSUS_SCRIPT_VERIFY_FLAGS;
    if (const auto it = request->find("flags"); it != request->end()) {
        if (!it->is_string()) {
            results.push_back(Malformed("flags must be a string", index));
            return false;
        }
        const auto parsed = script::ParseScriptFlags(it->get_ref<const std::string&>());
        if (!parsed) {
            results.push_back(Malformed(parsed.error(), index));
            return false;
        }
        flags = *parsed;
    }
    // Core's VerifyScript asserts these; here they are the caller's mistake.
    if (!script::IsValidFlagCombination(flags)) {
        results.push_back(
            Malformed("invalid flag combination: WITNESS needs P2SH, CLEANSTACK needs P2SH and WITNESS", index));
        return false;
    }

    script::PrecomputedTransactionData txdata;
    txdata.Init(tx, spent);
    const size_t first = index ? *index : 0;
    const size_t last = index ? *index + 1 : tx.vin.size();
    for (size_t i = first; i < last; ++i) {
        const script::ScriptError error = script::VerifyInput(tx, spent, i, flags, &txdata);
        json out = json::object();
        out["index"] = static_cast<uint64_t>(i);
        out["ok"] = error == script::ScriptError::OK;
        if (error != script::ScriptError::OK) out["error"] = std::string{script::ScriptErrorName(error)};
        results.push_back(std::move(out));
    }
    return true;
}

int Verify(const std::vector<std::string_view>& args)
{
    if (!args.empty()) return Fail("verify takes no arguments; it reads JSON lines on standard input");
    bool all_well_formed = true;
    std::string line;
    std::vector<json> results;
    while (std::getline(std::cin, line)) {
        if (Trim(line).empty()) continue;
        results.clear();
        if (!VerifyLine(line, results)) all_well_formed = false;
        for (const json& result : results) {
            const std::string text = hearth::rpc::WriteJson(result);
            std::fwrite(text.data(), 1, text.size(), stdout);
            std::fputc('\n', stdout);
        }
        std::fflush(stdout);
    }
    return all_well_formed ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty()) return Usage(stderr, 1);
    const std::string_view command = args.front();
    args.erase(args.begin());
    if (command == "--help" || command == "-help" || command == "-h" || command == "-?" || command == "help") {
        return Usage(stdout, 0);
    }
    if (command == "--version" || command == "-version") {
        std::printf("hearth-tx %s\n", HEARTH_VERSION_STRING);
        return 0;
    }
    try {
        if (command == "decode") return Decode(args);
        if (command == "verify") return Verify(args);
    } catch (const std::exception& e) {
        return Fail(e.what());
    }
    return Fail("unknown command " + std::string{command} + " (see hearth-tx --help)");
}
