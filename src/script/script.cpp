#include <hearth/script/script.h>

#include <hearth/script/verify_flags.h>
#include <hearth/util/check.h>

#include <algorithm>
#include <limits>

namespace hearth::script {

std::string_view GetOpName(Opcode opcode)
{
    switch (opcode) {
    // push value
    case OP_0:
        return "0";
    case OP_PUSHDATA1:
        return "OP_PUSHDATA1";
    case OP_PUSHDATA2:
        return "OP_PUSHDATA2";
    case OP_PUSHDATA4:
        return "OP_PUSHDATA4";
    case OP_1NEGATE:
        return "-1";
    case OP_RESERVED:
        return "OP_RESERVED";
    case OP_1:
        return "1";
    case OP_2:
        return "2";
    case OP_3:
        return "3";
    case OP_4:
        return "4";
    case OP_5:
        return "5";
    case OP_6:
        return "6";
    case OP_7:
        return "7";
    case OP_8:
        return "8";
    case OP_9:
        return "9";
    case OP_10:
        return "10";
    case OP_11:
        return "11";
    case OP_12:
        return "12";
    case OP_13:
        return "13";
    case OP_14:
        return "14";
    case OP_15:
        return "15";
    case OP_16:
        return "16";

    // control
    case OP_NOP:
        return "OP_NOP";
    case OP_VER:
        return "OP_VER";
    case OP_IF:
        return "OP_IF";
    case OP_NOTIF:
        return "OP_NOTIF";
    case OP_VERIF:
        return "OP_VERIF";
    case OP_VERNOTIF:
        return "OP_VERNOTIF";
    case OP_ELSE:
        return "OP_ELSE";
    case OP_ENDIF:
        return "OP_ENDIF";
    case OP_VERIFY:
        return "OP_VERIFY";
    case OP_RETURN:
        return "OP_RETURN";

    // stack ops
    case OP_TOALTSTACK:
        return "OP_TOALTSTACK";
    case OP_FROMALTSTACK:
        return "OP_FROMALTSTACK";
    case OP_2DROP:
        return "OP_2DROP";
    case OP_2DUP:
        return "OP_2DUP";
    case OP_3DUP:
        return "OP_3DUP";
    case OP_2OVER:
        return "OP_2OVER";
    case OP_2ROT:
        return "OP_2ROT";
    case OP_2SWAP:
        return "OP_2SWAP";
    case OP_IFDUP:
        return "OP_IFDUP";
    case OP_DEPTH:
        return "OP_DEPTH";
    case OP_DROP:
        return "OP_DROP";
    case OP_DUP:
        return "OP_DUP";
    case OP_NIP:
        return "OP_NIP";
    case OP_OVER:
        return "OP_OVER";
    case OP_PICK:
        return "OP_PICK";
    case OP_ROLL:
        return "OP_ROLL";
    case OP_ROT:
        return "OP_ROT";
    case OP_SWAP:
        return "OP_SWAP";
    case OP_TUCK:
        return "OP_TUCK";

    // splice ops
    case OP_CAT:
        return "OP_CAT";
    case OP_SUBSTR:
        return "OP_SUBSTR";
    case OP_LEFT:
        return "OP_LEFT";
    case OP_RIGHT:
        return "OP_RIGHT";
    case OP_SIZE:
        return "OP_SIZE";

    // bit logic
    case OP_INVERT:
        return "OP_INVERT";
    case OP_AND:
        return "OP_AND";
    case OP_OR:
        return "OP_OR";
    case OP_XOR:
        return "OP_XOR";
    case OP_EQUAL:
        return "OP_EQUAL";
    case OP_EQUALVERIFY:
        return "OP_EQUALVERIFY";
    case OP_RESERVED1:
        return "OP_RESERVED1";
    case OP_RESERVED2:
        return "OP_RESERVED2";

    // numeric
    case OP_1ADD:
        return "OP_1ADD";
    case OP_1SUB:
        return "OP_1SUB";
    case OP_2MUL:
        return "OP_2MUL";
    case OP_2DIV:
        return "OP_2DIV";
    case OP_NEGATE:
        return "OP_NEGATE";
    case OP_ABS:
        return "OP_ABS";
    case OP_NOT:
        return "OP_NOT";
    case OP_0NOTEQUAL:
        return "OP_0NOTEQUAL";
    case OP_ADD:
        return "OP_ADD";
    case OP_SUB:
        return "OP_SUB";
    case OP_MUL:
        return "OP_MUL";
    case OP_DIV:
        return "OP_DIV";
    case OP_MOD:
        return "OP_MOD";
    case OP_LSHIFT:
        return "OP_LSHIFT";
    case OP_RSHIFT:
        return "OP_RSHIFT";
    case OP_BOOLAND:
        return "OP_BOOLAND";
    case OP_BOOLOR:
        return "OP_BOOLOR";
    case OP_NUMEQUAL:
        return "OP_NUMEQUAL";
    case OP_NUMEQUALVERIFY:
        return "OP_NUMEQUALVERIFY";
    case OP_NUMNOTEQUAL:
        return "OP_NUMNOTEQUAL";
    case OP_LESSTHAN:
        return "OP_LESSTHAN";
    case OP_GREATERTHAN:
        return "OP_GREATERTHAN";
    case OP_LESSTHANOREQUAL:
        return "OP_LESSTHANOREQUAL";
    case OP_GREATERTHANOREQUAL:
        return "OP_GREATERTHANOREQUAL";
    case OP_MIN:
        return "OP_MIN";
    case OP_MAX:
        return "OP_MAX";
    case OP_WITHIN:
        return "OP_WITHIN";

    // crypto
    case OP_RIPEMD160:
        return "OP_RIPEMD160";
    case OP_SHA1:
        return "OP_SHA1";
    case OP_SHA256:
        return "OP_SHA256";
    case OP_HASH160:
        return "OP_HASH160";
    case OP_HASH256:
        return "OP_HASH256";
    case OP_CODESEPARATOR:
        return "OP_CODESEPARATOR";
    case OP_CHECKSIG:
        return "OP_CHECKSIG";
    case OP_CHECKSIGVERIFY:
        return "OP_CHECKSIGVERIFY";
    case OP_CHECKMULTISIG:
        return "OP_CHECKMULTISIG";
    case OP_CHECKMULTISIGVERIFY:
        return "OP_CHECKMULTISIGVERIFY";

    // expansion
    case OP_NOP1:
        return "OP_NOP1";
    case OP_CHECKLOCKTIMEVERIFY:
        return "OP_CHECKLOCKTIMEVERIFY";
    case OP_CHECKSEQUENCEVERIFY:
        return "OP_CHECKSEQUENCEVERIFY";
    case OP_NOP4:
        return "OP_NOP4";
    case OP_NOP5:
        return "OP_NOP5";
    case OP_NOP6:
        return "OP_NOP6";
    case OP_NOP7:
        return "OP_NOP7";
    case OP_NOP8:
        return "OP_NOP8";
    case OP_NOP9:
        return "OP_NOP9";
    case OP_NOP10:
        return "OP_NOP10";

    // tapscript
    case OP_CHECKSIGADD:
        return "OP_CHECKSIGADD";

    case OP_INVALIDOPCODE:
        return "OP_INVALIDOPCODE";
    }
    return "OP_UNKNOWN";
}

int DecodeOpN(Opcode opcode)
{
    if (opcode == OP_0) return 0;
    Assume(opcode >= OP_1 && opcode <= OP_16);
    return static_cast<int>(opcode) - static_cast<int>(OP_1 - 1);
}

Opcode EncodeOpN(int n)
{
    Assume(n >= 0 && n <= 16);
    if (n == 0) return OP_0;
    return static_cast<Opcode>(OP_1 + n - 1);
}

bool GetScriptOp(util::ByteSpan script, size_t& pos, Opcode& opcode, util::ByteSpan* data)
{
    opcode = OP_INVALIDOPCODE;
    if (data) *data = {};
    const size_t size = script.size();
    if (pos >= size) return false;

    const uint8_t op = script[pos++];
    if (op <= OP_PUSHDATA4) {
        uint64_t n = 0;
        if (op < OP_PUSHDATA1) {
            n = op;
        } else if (op == OP_PUSHDATA1) {
            if (size - pos < 1) return false;
            n = script[pos];
            pos += 1;
        } else if (op == OP_PUSHDATA2) {
            if (size - pos < 2) return false;
            n = uint64_t{script[pos]} | uint64_t{script[pos + 1]} << 8;
            pos += 2;
        } else {
            if (size - pos < 4) return false;
            n = uint64_t{script[pos]} | uint64_t{script[pos + 1]} << 8 | uint64_t{script[pos + 2]} << 16 |
                uint64_t{script[pos + 3]} << 24;
            pos += 4;
        }
        if (size - pos < n) return false;
        if (data) *data = script.subspan(pos, n);
        pos += n;
    }
    opcode = static_cast<Opcode>(op);
    return true;
}

void ScriptOps::Iterator::Advance()
{
    if (!m_owner) return;
    if (m_pos >= m_owner->m_script.size()) {
        m_owner = nullptr;
        return;
    }
    if (!GetScriptOp(m_owner->m_script, m_pos, m_op.opcode, &m_op.data)) {
        m_owner->m_ok = false;
        m_owner = nullptr;
    }
}

// ---------------------------------------------------------------------------------------- numbers

std::optional<ScriptNum> ScriptNum::Decode(util::ByteSpan bytes, bool require_minimal, size_t max_size)
{
    if (bytes.size() > max_size) return std::nullopt;
    if (require_minimal && !IsMinimallyEncoded(bytes)) return std::nullopt;
    if (bytes.empty()) return ScriptNum{0};
    // Sizes above 8 cannot reach here in consensus code (max_size ≤ 5); guard the shift anyway.
    if (bytes.size() > 8) return std::nullopt;
    uint64_t magnitude = 0;
    for (size_t i = 0; i < bytes.size(); ++i) magnitude |= uint64_t{bytes[i]} << (8 * i);
    // The top bit of the last byte is the sign.
    const uint64_t sign_bit = uint64_t{0x80} << (8 * (bytes.size() - 1));
    if (magnitude & sign_bit) {
        return ScriptNum{-static_cast<int64_t>(magnitude & ~sign_bit)};
    }
    return ScriptNum{static_cast<int64_t>(magnitude)};
}

bool ScriptNum::IsMinimallyEncoded(util::ByteSpan bytes)
{
    if (bytes.empty()) return true;
    // The most significant byte without its sign bit may be zero only if the byte below needs its top bit
    // for magnitude (e.g. 0xff00 for 255). This also rejects negative zero (0x80).
    if ((bytes.back() & 0x7f) == 0) {
        if (bytes.size() <= 1 || (bytes[bytes.size() - 2] & 0x80) == 0) return false;
    }
    return true;
}

util::Bytes ScriptNum::Serialize(int64_t value)
{
    util::Bytes out;
    if (value == 0) return out;
    const bool negative = value < 0;
    // Two's complement negation through uint64 so that INT64_MIN does not overflow.
    uint64_t magnitude = negative ? ~static_cast<uint64_t>(value) + 1 : static_cast<uint64_t>(value);
    while (magnitude) {
        out.push_back(static_cast<uint8_t>(magnitude & 0xff));
        magnitude >>= 8;
    }
    // The top bit of the last byte is the sign: add a byte if the magnitude uses it.
    if (out.back() & 0x80) {
        out.push_back(negative ? 0x80 : 0x00);
    } else if (negative) {
        out.back() |= 0x80;
    }
    return out;
}

int32_t ScriptNum::GetInt() const
{
    if (m_value > std::numeric_limits<int32_t>::max()) return std::numeric_limits<int32_t>::max();
    if (m_value < std::numeric_limits<int32_t>::min()) return std::numeric_limits<int32_t>::min();
    return static_cast<int32_t>(m_value);
}

// ---------------------------------------------------------------------------------------- building

void PushOp(ScriptBytes& script, Opcode opcode) { script.push_back(opcode); }

void PushInt(ScriptBytes& script, int64_t n)
{
    if (n == -1 || (n >= 1 && n <= 16)) {
        script.push_back(static_cast<uint8_t>(n + (OP_1 - 1)));
    } else if (n == 0) {
        script.push_back(OP_0);
    } else {
        PushData(script, ScriptNum::Serialize(n));
    }
}

void PushData(ScriptBytes& script, util::ByteSpan data)
{
    const size_t n = data.size();
    if (n < OP_PUSHDATA1) {
        script.push_back(static_cast<uint8_t>(n));
    } else if (n <= 0xff) {
        script.push_back(OP_PUSHDATA1);
        script.push_back(static_cast<uint8_t>(n));
    } else if (n <= 0xffff) {
        script.push_back(OP_PUSHDATA2);
        script.push_back(static_cast<uint8_t>(n));
        script.push_back(static_cast<uint8_t>(n >> 8));
    } else {
        script.push_back(OP_PUSHDATA4);
        for (int i = 0; i < 4; ++i) script.push_back(static_cast<uint8_t>(n >> (8 * i)));
    }
    util::Append(script, data);
}

// ---------------------------------------------------------------------------------------- analysis

bool IsPayToPubKeyHash(util::ByteSpan s)
{
    return s.size() == 25 && s[0] == OP_DUP && s[1] == OP_HASH160 && s[2] == 0x14 && s[23] == OP_EQUALVERIFY &&
           s[24] == OP_CHECKSIG;
}

bool IsPayToScriptHash(util::ByteSpan s)
{
    return s.size() == 23 && s[0] == OP_HASH160 && s[1] == 0x14 && s[22] == OP_EQUAL;
}

bool IsPayToWitnessScriptHash(util::ByteSpan s) { return s.size() == 34 && s[0] == OP_0 && s[1] == 0x20; }

bool IsPayToAnchor(util::ByteSpan s)
{
    return s.size() == 4 && s[0] == OP_1 && s[1] == 0x02 && s[2] == 0x4e && s[3] == 0x73;
}

bool IsPayToAnchor(int version, util::ByteSpan program)
{
    return version == 1 && program.size() == 2 && program[0] == 0x4e && program[1] == 0x73;
}

bool IsWitnessProgram(util::ByteSpan s, int& version, util::ByteSpan& program)
{
    if (s.size() < 4 || s.size() > 42) return false;
    if (s[0] != OP_0 && (s[0] < OP_1 || s[0] > OP_16)) return false;
    if (size_t{s[1]} + 2 != s.size()) return false;
    version = DecodeOpN(static_cast<Opcode>(s[0]));
    program = s.subspan(2);
    return true;
}

bool IsPushOnly(util::ByteSpan script)
{
    size_t pos = 0;
    Opcode opcode;
    while (pos < script.size()) {
        if (!GetScriptOp(script, pos, opcode)) return false;
        // OP_RESERVED (0x50) counts as a push here, as in Core: it only fails when executed.
        if (opcode > OP_16) return false;
    }
    return true;
}

bool IsUnspendable(util::ByteSpan script)
{
    return (!script.empty() && script[0] == OP_RETURN) || script.size() > MAX_SCRIPT_SIZE;
}

bool HasValidOps(util::ByteSpan script)
{
    size_t pos = 0;
    Opcode opcode;
    util::ByteSpan data;
    while (pos < script.size()) {
        if (!GetScriptOp(script, pos, opcode, &data) || opcode > MAX_OPCODE || data.size() > MAX_SCRIPT_ELEMENT_SIZE) {
            return false;
        }
    }
    return true;
}

bool CheckMinimalPush(util::ByteSpan data, Opcode opcode)
{
    // Only push opcodes reach here (callers check opcode <= OP_PUSHDATA4).
    Assume(opcode <= OP_PUSHDATA4);
    if (data.empty()) return opcode == OP_0;                             // should have used OP_0
    if (data.size() == 1 && data[0] >= 1 && data[0] <= 16) return false; // should have used OP_1..OP_16
    if (data.size() == 1 && data[0] == 0x81) return false;               // should have used OP_1NEGATE
    if (data.size() <= 75) return opcode == data.size();                 // direct push
    if (data.size() <= 255) return opcode == OP_PUSHDATA1;
    if (data.size() <= 65535) return opcode == OP_PUSHDATA2;
    return true;
}

bool IsOpSuccess(Opcode opcode)
{
    const uint8_t o = opcode;
    return o == 80 || o == 98 || (o >= 126 && o <= 129) || (o >= 131 && o <= 134) || (o >= 137 && o <= 138) ||
           (o >= 141 && o <= 142) || (o >= 149 && o <= 153) || (o >= 187 && o <= 254);
}

int FindAndDelete(ScriptBytes& script, util::ByteSpan pattern)
{
    int found = 0;
    if (pattern.empty()) return found;
    ScriptBytes result;
    const util::ByteSpan s{script};
    size_t pos = 0;  // current operation boundary
    size_t kept = 0; // start of bytes not yet copied to result
    Opcode opcode;
    do {
        result.insert(result.end(), s.begin() + kept, s.begin() + pos);
        while (s.size() - pos >= pattern.size() && std::equal(pattern.begin(), pattern.end(), s.begin() + pos)) {
            pos += pattern.size();
            ++found;
        }
        kept = pos;
    } while (GetScriptOp(s, pos, opcode));
    if (found > 0) {
        result.insert(result.end(), s.begin() + kept, s.end());
        script = std::move(result);
    }
    return found;
}

// ---------------------------------------------------------------------------------------- sigops

unsigned GetSigOpCount(util::ByteSpan script, bool accurate)
{
    unsigned n = 0;
    size_t pos = 0;
    Opcode opcode;
    Opcode last = OP_INVALIDOPCODE;
    while (pos < script.size()) {
        if (!GetScriptOp(script, pos, opcode)) break;
        if (opcode == OP_CHECKSIG || opcode == OP_CHECKSIGVERIFY) {
            n++;
        } else if (opcode == OP_CHECKMULTISIG || opcode == OP_CHECKMULTISIGVERIFY) {
            if (accurate && last >= OP_1 && last <= OP_16) {
                n += DecodeOpN(last);
            } else {
                n += MAX_PUBKEYS_PER_MULTISIG;
            }
        }
        last = opcode;
    }
    return n;
}

unsigned GetSigOpCount(util::ByteSpan script_pubkey, util::ByteSpan script_sig)
{
    if (!IsPayToScriptHash(script_pubkey)) return GetSigOpCount(script_pubkey, true);
    // The redeem script is the last push of scriptSig; a non-push makes the spend invalid anyway.
    size_t pos = 0;
    Opcode opcode;
    util::ByteSpan data;
    util::ByteSpan last_push;
    while (pos < script_sig.size()) {
        if (!GetScriptOp(script_sig, pos, opcode, &data)) return 0;
        if (opcode > OP_16) return 0;
        last_push = data;
    }
    return GetSigOpCount(last_push, true);
}

namespace {

size_t WitnessSigOps(int version, util::ByteSpan program, const primitives::Witness* witness)
{
    if (version == 0) {
        if (program.size() == 20) return 1; // P2WPKH
        if (program.size() == 32 && witness && !witness->empty()) {
            return GetSigOpCount(witness->back(), true); // P2WSH: the witness script
        }
    }
    // Future versions (and taproot, which has its own budget) count no sigops here.
    return 0;
}

} // namespace

size_t CountWitnessSigOps(util::ByteSpan script_sig, util::ByteSpan script_pubkey, const primitives::Witness* witness,
                          uint32_t flags)
{
    if (!(flags & SCRIPT_VERIFY_WITNESS)) return 0;
    Assume(flags & SCRIPT_VERIFY_P2SH);

    int version;
    util::ByteSpan program;
    if (IsWitnessProgram(script_pubkey, version, program)) return WitnessSigOps(version, program, witness);

    if (IsPayToScriptHash(script_pubkey) && IsPushOnly(script_sig)) {
        size_t pos = 0;
        Opcode opcode;
        util::ByteSpan data;
        util::ByteSpan last_push;
        while (pos < script_sig.size()) {
            if (!GetScriptOp(script_sig, pos, opcode, &data)) break;
            last_push = data;
        }
        if (IsWitnessProgram(last_push, version, program)) return WitnessSigOps(version, program, witness);
    }
    return 0;
}

} // namespace hearth::script
