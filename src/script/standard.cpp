#include <hearth/script/standard.h>

#include <hearth/script/interpreter.h>
#include <hearth/script/script.h>
#include <hearth/util/hex.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <string>

namespace hearth::script {

std::string_view GetTxnOutputType(TxoutType type)
{
    switch (type) {
    case TxoutType::NONSTANDARD:
        return "nonstandard";
    case TxoutType::PUBKEY:
        return "pubkey";
    case TxoutType::PUBKEYHASH:
        return "pubkeyhash";
    case TxoutType::SCRIPTHASH:
        return "scripthash";
    case TxoutType::MULTISIG:
        return "multisig";
    case TxoutType::NULL_DATA:
        return "nulldata";
    case TxoutType::ANCHOR:
        return "anchor";
    case TxoutType::WITNESS_V0_KEYHASH:
        return "witness_v0_keyhash";
    case TxoutType::WITNESS_V0_SCRIPTHASH:
        return "witness_v0_scripthash";
    case TxoutType::WITNESS_V1_TAPROOT:
        return "witness_v1_taproot";
    case TxoutType::WITNESS_UNKNOWN:
        return "witness_unknown";
    }
    return "nonstandard";
}

namespace {

/// Core's CPubKey::ValidSize: the length the header byte announces (33 for 02/03, 65 for 04/06/07).
bool ValidPubKeySize(util::ByteSpan key)
{
    if (key.empty()) return false;
    switch (key[0]) {
    case 2:
    case 3:
        return key.size() == 33;
    case 4:
    case 6:
    case 7:
        return key.size() == 65;
    default:
        return false;
    }
}

bool MatchPayToPubkey(util::ByteSpan s, util::Bytes& pubkey)
{
    for (const size_t key_size : {size_t{65}, size_t{33}}) {
        if (s.size() == key_size + 2 && s[0] == key_size && s.back() == OP_CHECKSIG) {
            pubkey = util::ToBytes(s.subspan(1, key_size));
            return ValidPubKeySize(pubkey);
        }
    }
    return false;
}

bool MatchPayToPubkeyHash(util::ByteSpan s, util::Bytes& hash)
{
    if (IsPayToPubKeyHash(s)) {
        hash = util::ToBytes(s.subspan(3, 20));
        return true;
    }
    return false;
}

/// A number in [min, max] given as OP_1..OP_16 or as a minimal push of a minimal script number.
std::optional<int> GetScriptNumber(Opcode opcode, util::ByteSpan data, int min, int max)
{
    int count;
    if (opcode >= OP_1 && opcode <= OP_16) {
        count = DecodeOpN(opcode);
    } else if (opcode > OP_0 && opcode <= OP_PUSHDATA4) {
        if (!CheckMinimalPush(data, opcode)) return std::nullopt;
        const auto n = ScriptNum::Decode(data, /*require_minimal=*/true);
        if (!n) return std::nullopt;
        count = n->GetInt();
    } else {
        return std::nullopt;
    }
    if (count < min || count > max) return std::nullopt;
    return count;
}

bool MatchMultisig(util::ByteSpan s, int& required, std::vector<util::Bytes>& pubkeys)
{
    if (s.empty() || s.back() != OP_CHECKMULTISIG) return false;
    size_t pos = 0;
    Opcode opcode;
    util::ByteSpan data;
    if (!GetScriptOp(s, pos, opcode, &data)) return false;
    const auto req = GetScriptNumber(opcode, data, 1, MAX_PUBKEYS_PER_MULTISIG);
    if (!req) return false;
    required = *req;
    while (GetScriptOp(s, pos, opcode, &data) && ValidPubKeySize(data)) pubkeys.push_back(util::ToBytes(data));
    const auto num_keys = GetScriptNumber(opcode, data, required, MAX_PUBKEYS_PER_MULTISIG);
    if (!num_keys) return false;
    if (pubkeys.size() != static_cast<size_t>(*num_keys)) return false;
    return pos + 1 == s.size();
}

} // namespace

TxoutType Solver(util::ByteSpan script_pubkey, std::vector<util::Bytes>& solutions)
{
    solutions.clear();

    // P2SH first: it is the most constrained template.
    if (IsPayToScriptHash(script_pubkey)) {
        solutions.push_back(util::ToBytes(script_pubkey.subspan(2, 20)));
        return TxoutType::SCRIPTHASH;
    }

    int version;
    util::ByteSpan program;
    if (IsWitnessProgram(script_pubkey, version, program)) {
        if (version == 0 && program.size() == WITNESS_V0_KEYHASH_SIZE) {
            solutions.push_back(util::ToBytes(program));
            return TxoutType::WITNESS_V0_KEYHASH;
        }
        if (version == 0 && program.size() == WITNESS_V0_SCRIPTHASH_SIZE) {
            solutions.push_back(util::ToBytes(program));
            return TxoutType::WITNESS_V0_SCRIPTHASH;
        }
        if (version == 1 && program.size() == WITNESS_V1_TAPROOT_SIZE) {
            solutions.push_back(util::ToBytes(program));
            return TxoutType::WITNESS_V1_TAPROOT;
        }
        if (IsPayToAnchor(script_pubkey)) return TxoutType::ANCHOR;
        if (version != 0) {
            solutions.push_back(util::Bytes{static_cast<uint8_t>(version)});
            solutions.push_back(util::ToBytes(program));
            return TxoutType::WITNESS_UNKNOWN;
        }
        return TxoutType::NONSTANDARD;
    }

    // Provably unspendable data carrier: OP_RETURN followed by pushes only.
    if (!script_pubkey.empty() && script_pubkey[0] == OP_RETURN && IsPushOnly(script_pubkey.subspan(1))) {
        return TxoutType::NULL_DATA;
    }

    util::Bytes data;
    if (MatchPayToPubkey(script_pubkey, data)) {
        solutions.push_back(std::move(data));
        return TxoutType::PUBKEY;
    }
    if (MatchPayToPubkeyHash(script_pubkey, data)) {
        solutions.push_back(std::move(data));
        return TxoutType::PUBKEYHASH;
    }

    int required;
    std::vector<util::Bytes> keys;
    if (MatchMultisig(script_pubkey, required, keys)) {
        solutions.push_back(util::Bytes{static_cast<uint8_t>(required)}); // 1..20
        solutions.insert(solutions.end(), keys.begin(), keys.end());
        solutions.push_back(util::Bytes{static_cast<uint8_t>(keys.size())}); // 1..20
        return TxoutType::MULTISIG;
    }

    solutions.clear();
    return TxoutType::NONSTANDARD;
}

std::string ScriptToAsmStr(util::ByteSpan script, bool attempt_sighash_decode)
{
    static const std::map<uint8_t, std::string_view> SIGHASH_NAMES{
        {SIGHASH_ALL, "ALL"},       {SIGHASH_ALL | SIGHASH_ANYONECANPAY, "ALL|ANYONECANPAY"},
        {SIGHASH_NONE, "NONE"},     {SIGHASH_NONE | SIGHASH_ANYONECANPAY, "NONE|ANYONECANPAY"},
        {SIGHASH_SINGLE, "SINGLE"}, {SIGHASH_SINGLE | SIGHASH_ANYONECANPAY, "SINGLE|ANYONECANPAY"},
    };
    std::string str;
    size_t pos = 0;
    Opcode opcode;
    util::ByteSpan data;
    while (pos < script.size()) {
        if (!str.empty()) str += ' ';
        if (!GetScriptOp(script, pos, opcode, &data)) {
            str += "[error]";
            return str;
        }
        if (opcode <= OP_PUSHDATA4) {
            if (data.size() <= 4) {
                str += std::to_string(ScriptNum::Decode(data, false)->GetInt());
            } else if (attempt_sighash_decode && !IsUnspendable(script)) {
                // Only data that passes STRICTENC signature checks gets its hash type decoded; OP_RETURN
                // data is never decoded.
                std::string decoded;
                util::ByteSpan shown = data;
                if (CheckSignatureEncoding(data, SCRIPT_VERIFY_STRICTENC, nullptr)) {
                    const auto it = SIGHASH_NAMES.find(data.back());
                    if (it != SIGHASH_NAMES.end()) {
                        decoded = "[" + std::string{it->second} + "]";
                        shown = data.first(data.size() - 1);
                    }
                }
                str += util::HexStr(shown) + decoded;
            } else {
                str += util::HexStr(data);
            }
        } else {
            str += GetOpName(opcode);
        }
    }
    return str;
}

util::Result<primitives::ScriptBytes> ParseScript(std::string_view text)
{
    // Opcode names as Core's ParseScript knows them: OP_RESERVED and OP_NOP..OP_NOP10 (not
    // OP_CHECKSIGADD, which is above MAX_OPCODE), with and without the OP_ prefix.
    static const std::map<std::string, Opcode, std::less<>> OP_NAMES = [] {
        std::map<std::string, Opcode, std::less<>> names;
        for (int op = 0; op <= MAX_OPCODE; ++op) {
            if (op < OP_NOP && op != OP_RESERVED) continue;
            const std::string name{GetOpName(static_cast<Opcode>(op))};
            if (name == "OP_UNKNOWN") continue;
            names[name] = static_cast<Opcode>(op);
            if (name.starts_with("OP_")) names[name.substr(3)] = static_cast<Opcode>(op);
        }
        return names;
    }();

    primitives::ScriptBytes result;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find_first_of(" \t\n", start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view w = text.substr(start, end - start);
        start = end + 1;
        if (w.empty()) continue;

        const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
        if (std::all_of(w.begin(), w.end(), is_digit) ||
            (w.front() == '-' && w.size() > 1 && std::all_of(w.begin() + 1, w.end(), is_digit))) {
            // Decimal number, limited to ±0xffffffff as larger values are never valid script numbers.
            int64_t n = 0;
            const auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), n);
            if (ec != std::errc{} || p != w.data() + w.size() || n > int64_t{0xffffffff} || n < -int64_t{0xffffffff}) {
                return util::Error{"script parse error: decimal numeric value only allowed in the range "
                                   "-0xFFFFFFFF...0xFFFFFFFF"};
            }
            PushInt(result, n);
        } else if (w.starts_with("0x") && w.size() > 2 && util::IsHex(w.substr(2))) {
            // Raw bytes, inserted as they are (not pushed).
            const auto raw = util::ParseHex(w.substr(2));
            if (!raw) return util::Error{"script parse error: bad hex \"" + std::string{w} + "\""};
            util::Append(result, *raw);
        } else if (w.size() >= 2 && w.front() == '\'' && w.back() == '\'') {
            // Quoted text, pushed as data.
            PushData(result, util::AsBytes(w.substr(1, w.size() - 2)));
        } else if (const auto it = OP_NAMES.find(w); it != OP_NAMES.end()) {
            PushOp(result, it->second);
        } else {
            return util::Error{"script parse error: unknown opcode \"" + std::string{w} + "\""};
        }
    }
    return result;
}

} // namespace hearth::script
