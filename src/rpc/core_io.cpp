#include <hearth/rpc/core_io.h>

#include <hearth/rpc/protocol.h>
#include <hearth/script/descriptor.h>
#include <hearth/script/script.h>
#include <hearth/script/standard.h>
#include <hearth/serialize/stream.h>
#include <hearth/util/arith_uint256.h>
#include <hearth/util/hex.h>

#include <cstdio>
#include <iomanip>
#include <locale>
#include <sstream>
#include <vector>

namespace hearth::rpc {

using primitives::Amount;
using primitives::COIN;

// ------------------------------------------------------------------------------------------ amounts

std::string FormatAmount(Amount amount)
{
    // The magnitude as unsigned, so that INT64_MIN does not overflow (Core negates an int64 here).
    const uint64_t magnitude = amount < 0 ? 0 - static_cast<uint64_t>(amount) : static_cast<uint64_t>(amount);
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%s%llu.%08llu", amount < 0 ? "-" : "",
                  static_cast<unsigned long long>(magnitude / COIN), static_cast<unsigned long long>(magnitude % COIN));
    return buf;
}

std::string FormatMoney(Amount amount)
{
    std::string str = FormatAmount(amount);
    // Trim trailing zeros while two decimals remain (Core: while the character two to the left is a digit).
    size_t end = str.size();
    while (end >= 3 && str[end - 1] == '0' && str[end - 3] != '.') --end;
    str.resize(end);
    return str;
}

namespace {

/// Core's bound on a fixed-point value: 10^18 − 1.
constexpr int64_t UPPER_BOUND = 1'000'000'000'000'000'000LL - 1LL;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

/// Appends one mantissa digit, deferring trailing zeros so they cannot overflow needlessly (Core's
/// ProcessMantissaDigit).
bool ProcessMantissaDigit(char ch, int64_t& mantissa, int& mantissa_tzeros)
{
    if (ch == '0') {
        ++mantissa_tzeros;
        return true;
    }
    for (int i = 0; i <= mantissa_tzeros; ++i) {
        if (mantissa > UPPER_BOUND / 10) return false;
        mantissa *= 10;
    }
    mantissa += ch - '0';
    mantissa_tzeros = 0;
    return true;
}

/// UniValue's text for a double (setprecision(16), classic locale), which is what Core parses when an
/// amount was built from a double rather than read from JSON text.
std::string DoubleText(double d)
{
    std::ostringstream oss;
    oss.imbue(std::locale::classic());
    oss << std::setprecision(16) << d;
    return oss.str();
}

} // namespace

bool ParseFixedPoint(std::string_view val, int decimals, int64_t* amount_out)
{
    int64_t mantissa = 0;
    int64_t exponent = 0;
    int mantissa_tzeros = 0;
    bool mantissa_sign = false;
    bool exponent_sign = false;
    size_t ptr = 0;
    const size_t end = val.size();
    int point_ofs = 0;

    if (ptr < end && val[ptr] == '-') {
        mantissa_sign = true;
        ++ptr;
    }
    if (ptr >= end) return false; // empty string or a lone '-'
    if (val[ptr] == '0') {
        ++ptr; // a single leading 0 only
    } else if (val[ptr] >= '1' && val[ptr] <= '9') {
        while (ptr < end && IsDigit(val[ptr])) {
            if (!ProcessMantissaDigit(val[ptr], mantissa, mantissa_tzeros)) return false;
            ++ptr;
        }
    } else {
        return false;
    }
    if (ptr < end && val[ptr] == '.') {
        ++ptr;
        if (ptr >= end || !IsDigit(val[ptr])) return false;
        while (ptr < end && IsDigit(val[ptr])) {
            if (!ProcessMantissaDigit(val[ptr], mantissa, mantissa_tzeros)) return false;
            ++ptr;
            ++point_ofs;
        }
    }
    if (ptr < end && (val[ptr] == 'e' || val[ptr] == 'E')) {
        ++ptr;
        if (ptr < end && val[ptr] == '+') {
            ++ptr;
        } else if (ptr < end && val[ptr] == '-') {
            exponent_sign = true;
            ++ptr;
        }
        if (ptr >= end || !IsDigit(val[ptr])) return false;
        while (ptr < end && IsDigit(val[ptr])) {
            if (exponent > UPPER_BOUND / 10) return false;
            exponent = exponent * 10 + (val[ptr] - '0');
            ++ptr;
        }
    }
    if (ptr != end) return false; // trailing garbage

    if (exponent_sign) exponent = -exponent;
    exponent = exponent - point_ofs + mantissa_tzeros;
    if (mantissa_sign) mantissa = -mantissa;

    exponent += decimals;
    if (exponent < 0) return false;   // finer than 10^-decimals
    if (exponent >= 18) return false; // 10^(18 - decimals) or more
    for (int64_t i = 0; i < exponent; ++i) {
        if (mantissa > UPPER_BOUND / 10 || mantissa < -(UPPER_BOUND / 10)) return false;
        mantissa *= 10;
    }
    if (mantissa > UPPER_BOUND || mantissa < -UPPER_BOUND) return false;
    if (amount_out) *amount_out = mantissa;
    return true;
}

util::Result<Amount> ParseAmount(const json& value, int decimals)
{
    // Core parses the number's JSON text (UniValue keeps it), so 1e-8 and 0.10000000 are fine.
    std::string text;
    if (value.is_string()) {
        text = value.get<std::string>();
    } else if (IsRawNumber(value)) {
        text = RawNumberText(value);
    } else if (value.is_number_integer()) {
        text =
            value.is_number_unsigned() ? std::to_string(value.get<uint64_t>()) : std::to_string(value.get<int64_t>());
    } else if (value.is_number_float()) {
        text = DoubleText(value.get<double>());
    } else {
        return util::Error{"Amount is not a number or string"};
    }
    int64_t amount = 0;
    if (!ParseFixedPoint(text, decimals, &amount)) return util::Error{"Invalid amount"};
    if (!primitives::MoneyRange(amount)) return util::Error{"Amount out of range"};
    return amount;
}

Amount AmountFromValue(const json& value, int decimals)
{
    auto amount = ParseAmount(value, decimals);
    if (!amount) throw JsonRpcError{RpcErrorCode::TYPE_ERROR, amount.error()};
    return *amount;
}

// ------------------------------------------------------------------------------------------ decoding

namespace {

/// Core's CheckTxScriptsSanity: the scripts a real transaction could carry (what tells a witness
/// transaction from a legacy one that happens to parse too).
bool CheckTxScriptsSanity(const primitives::MutableTransaction& tx)
{
    const auto sane = [](util::ByteSpan script) {
        return script::HasValidOps(script) && script.size() <= script::MAX_SCRIPT_SIZE;
    };
    const bool coinbase = tx.vin.size() == 1 && tx.vin[0].prevout.IsNull();
    if (!coinbase) {
        for (const primitives::TxIn& in : tx.vin) {
            if (!sane(in.script_sig)) return false;
        }
    }
    for (const primitives::TxOut& out : tx.vout) {
        if (!sane(out.script_pubkey)) return false;
    }
    return true;
}

/// Parses all of `bytes` in one format; nullopt if the parse fails or leaves bytes over.
std::optional<primitives::MutableTransaction> ParseWhole(util::ByteSpan bytes, primitives::TxWitnessMode mode)
{
    serialize::Reader r{bytes};
    primitives::MutableTransaction tx;
    primitives::UnserializeTransaction(r, tx, mode);
    if (!r.ok() || !r.empty()) return std::nullopt;
    return tx;
}

} // namespace

std::optional<primitives::MutableTransaction> DecodeHexTx(std::string_view hex, bool try_no_witness, bool try_witness)
{
    if (!util::IsHex(hex)) return std::nullopt;
    const auto bytes = util::ParseHex(hex);
    if (!bytes) return std::nullopt;

    // Core's strategy (core_read.cpp DecodeTx): an extended parse that passes the sanity check wins
    // outright; then a legacy one that passes; then whichever parsed, extended first.
    std::optional<primitives::MutableTransaction> extended;
    if (try_witness) {
        extended = ParseWhole(*bytes, primitives::TxWitnessMode::WITH);
        if (extended && CheckTxScriptsSanity(*extended)) return extended;
    }
    std::optional<primitives::MutableTransaction> legacy;
    if (try_no_witness) {
        legacy = ParseWhole(*bytes, primitives::TxWitnessMode::WITHOUT);
        if (legacy && CheckTxScriptsSanity(*legacy)) return legacy;
    }
    if (extended) return extended;
    return legacy;
}

std::string EncodeHexTx(const primitives::Transaction& tx, primitives::TxWitnessMode mode)
{
    return util::HexStr(primitives::SerializeTransaction(tx, mode));
}

// ------------------------------------------------------------------------------------------ JSON

json ScriptToJson(util::ByteSpan script, const script::AddressParams& params, bool include_hex, bool include_address)
{
    json out = json::object();
    out["asm"] = script::ScriptToAsmStr(script);
    if (include_address) out["desc"] = script::InferDescriptor(script, params);
    if (include_hex) out["hex"] = util::HexStr(script);
    std::vector<util::Bytes> solutions;
    const script::TxoutType type = script::Solver(script, solutions);
    if (include_address && type != script::TxoutType::PUBKEY) {
        if (auto address = script::EncodeAddress(script, params)) out["address"] = std::move(*address);
    }
    out["type"] = std::string{script::GetTxnOutputType(type)};
    return out;
}

json TxToJson(const primitives::Transaction& tx, const script::AddressParams& params, bool include_hex,
              const util::Uint256* block_hash, const storage::TxUndo* txundo, TxVerbosity verbosity)
{
    json entry = json::object();
    entry["txid"] = tx.GetTxid().ToHex();
    entry["hash"] = tx.GetWtxid().ToHex();
    // Core stores the version as uint32 (since v28) and prints it unsigned.
    entry["version"] = static_cast<uint32_t>(tx.version);
    const int64_t weight = primitives::GetTransactionWeight(tx);
    entry["size"] = static_cast<uint64_t>(tx.GetTotalSize());
    entry["vsize"] = (weight + 3) / 4; // WITNESS_SCALE_FACTOR, rounded up
    entry["weight"] = weight;
    entry["locktime"] = tx.locktime;

    // Undo data (the coins spent, in input order) gives the fee; never present for a coinbase.
    const bool have_undo = txundo != nullptr;
    if (have_undo && txundo->prevouts.size() != tx.vin.size()) {
        throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR,
                           "Undo data does not match transaction " + tx.GetTxid().ToHex()};
    }
    Amount amount_in = 0;
    Amount amount_out = 0;

    const bool coinbase = tx.IsCoinBase();
    json vin = json::array();
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const primitives::TxIn& txin = tx.vin[i];
        json in = json::object();
        if (coinbase) {
            in["coinbase"] = util::HexStr(txin.script_sig);
        } else {
            in["txid"] = txin.prevout.hash.ToHex();
            in["vout"] = txin.prevout.n;
            json script_sig = json::object();
            script_sig["asm"] = script::ScriptToAsmStr(txin.script_sig, /*attempt_sighash_decode=*/true);
            script_sig["hex"] = util::HexStr(txin.script_sig);
            in["scriptSig"] = std::move(script_sig);
        }
        if (!txin.witness.empty()) {
            json witness = json::array();
            for (const util::Bytes& item : txin.witness) witness.push_back(util::HexStr(item));
            in["txinwitness"] = std::move(witness);
        }
        if (have_undo) {
            const storage::Coin& coin = txundo->prevouts[i];
            amount_in += coin.out.value;
            if (verbosity == TxVerbosity::SHOW_DETAILS_AND_PREVOUT) {
                json prevout = json::object();
                prevout["generated"] = coin.coinbase;
                prevout["height"] = static_cast<uint64_t>(coin.height);
                prevout["value"] = ValueFromAmount(coin.out.value);
                prevout["scriptPubKey"] = ScriptToJson(coin.out.script_pubkey, params);
                in["prevout"] = std::move(prevout);
            }
        }
        in["sequence"] = txin.sequence;
        vin.push_back(std::move(in));
    }
    entry["vin"] = std::move(vin);

    json vout = json::array();
    for (size_t i = 0; i < tx.vout.size(); ++i) {
        const primitives::TxOut& txout = tx.vout[i];
        json out = json::object();
        out["value"] = ValueFromAmount(txout.value);
        out["n"] = static_cast<uint64_t>(i);
        out["scriptPubKey"] = ScriptToJson(txout.script_pubkey, params);
        vout.push_back(std::move(out));
        amount_out += txout.value;
    }
    entry["vout"] = std::move(vout);

    if (have_undo) {
        const Amount fee = amount_in - amount_out;
        if (!primitives::MoneyRange(fee)) {
            throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR,
                               "Fee out of range for transaction " + tx.GetTxid().ToHex()};
        }
        entry["fee"] = ValueFromAmount(fee);
    }
    if (block_hash && !block_hash->IsNull()) entry["blockhash"] = block_hash->ToHex();
    if (include_hex) entry["hex"] = EncodeHexTx(tx);
    return entry;
}

double GetDifficulty(uint32_t bits)
{
    int shift = static_cast<int>((bits >> 24) & 0xff);
    double diff = static_cast<double>(0x0000ffff) / static_cast<double>(bits & 0x00ffffff);
    while (shift < 29) {
        diff *= 256.0;
        ++shift;
    }
    while (shift > 29) {
        diff /= 256.0;
        --shift;
    }
    return diff;
}

std::string Hex8(uint32_t v)
{
    char buf[16];
    std::snprintf(buf, sizeof(buf), "%08x", v);
    return buf;
}

json BlockHeaderToJson(const primitives::BlockHeader& header, const BlockHeaderContext& context)
{
    json result = json::object();
    result["hash"] = header.GetHash().ToHex();
    result["confirmations"] = context.confirmations;
    result["height"] = context.height;
    result["version"] = header.version;
    result["versionHex"] = Hex8(static_cast<uint32_t>(header.version));
    result["merkleroot"] = header.merkle_root.ToHex();
    result["time"] = header.time;
    result["mediantime"] = context.median_time;
    result["nonce"] = header.nonce;
    result["bits"] = Hex8(header.bits);
    result["target"] = util::ArithUint256::FromCompact(header.bits).ToHex();
    result["difficulty"] = GetDifficulty(header.bits);
    result["chainwork"] = context.chain_work.ToHex();
    result["nTx"] = context.n_tx;
    if (!header.prev_block.IsNull()) result["previousblockhash"] = header.prev_block.ToHex();
    if (context.next_block_hash) result["nextblockhash"] = context.next_block_hash->ToHex();
    return result;
}

json BlockToJson(const primitives::Block& block, const BlockHeaderContext& context, TxVerbosity verbosity,
                 const script::AddressParams& params, const storage::BlockUndo* undo)
{
    json result = BlockHeaderToJson(block.header, context);
    result["strippedsize"] = static_cast<uint64_t>(primitives::GetBlockStrippedSize(block));
    result["size"] = static_cast<uint64_t>(primitives::GetBlockTotalSize(block));
    result["weight"] = primitives::GetBlockWeight(block);
    if (undo && !block.vtx.empty() && undo->txundo.size() != block.vtx.size() - 1) {
        throw JsonRpcError{RpcErrorCode::INTERNAL_ERROR, "Undo data does not match block " + block.GetHash().ToHex()};
    }
    json txs = json::array();
    for (size_t i = 0; i < block.vtx.size(); ++i) {
        const primitives::Transaction& tx = *block.vtx[i];
        if (verbosity == TxVerbosity::SHOW_TXID) {
            txs.push_back(tx.GetTxid().ToHex());
            continue;
        }
        // The coinbase (i = 0) has no undo data.
        const storage::TxUndo* txundo = (undo && i > 0) ? &undo->txundo[i - 1] : nullptr;
        txs.push_back(TxToJson(tx, params, /*include_hex=*/true, /*block_hash=*/nullptr, txundo, verbosity));
    }
    result["tx"] = std::move(txs);
    return result;
}

} // namespace hearth::rpc
