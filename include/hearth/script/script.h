#ifndef HEARTH_SCRIPT_SCRIPT_H
#define HEARTH_SCRIPT_SCRIPT_H

// Scripts as bytes: opcodes, iteration over operations, push builders, script numbers, template tests
// (P2SH, witness programs) and signature-operation counting, all as Bitcoin Core's script/script.h.
//
// A script is plain bytes (primitives::ScriptBytes); the functions here read any util::ByteSpan, so a
// TxOut's script_pubkey or a witness item is analysed in place without copies. `Script` is a small
// builder for writing scripts with `<<`.

#include <hearth/primitives/transaction.h>
#include <hearth/util/bytes.h>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace hearth::script {

using primitives::ScriptBytes;

/// Largest element the stack may hold (bytes).
constexpr size_t MAX_SCRIPT_ELEMENT_SIZE = 520;
/// Non-push operations allowed per script (legacy and witness v0; tapscript has no such limit).
constexpr int MAX_OPS_PER_SCRIPT = 201;
/// Public keys allowed in one CHECKMULTISIG.
constexpr int MAX_PUBKEYS_PER_MULTISIG = 20;
/// Public keys allowed in a standard bare multisig output (policy, used by the solver).
constexpr int MAX_PUBKEYS_PER_STANDARD_MULTISIG = 3;
/// Largest script the interpreter runs (bytes); larger outputs are unspendable.
constexpr size_t MAX_SCRIPT_SIZE = 10000;
/// Items allowed on the main and alt stacks together.
constexpr size_t MAX_STACK_SIZE = 1000;
/// nLockTime below this is a block height, at or above a UNIX time.
constexpr uint32_t LOCKTIME_THRESHOLD = 500000000;
/// BIP342: every tapscript input starts with this many weight units of signature budget beyond its
/// witness size; each executed signature check costs VALIDATION_WEIGHT_PER_SIGOP_PASSED.
constexpr int64_t VALIDATION_WEIGHT_PER_SIGOP_PASSED = 50;
constexpr int64_t VALIDATION_WEIGHT_OFFSET = 50;

/// Script opcodes with Core's names and values. An unscoped enum on purpose: opcodes are bytes that the
/// interpreter compares and offsets numerically (OP_1 + n - 1, opcode <= OP_16), and any byte value is a
/// valid Opcode, including the unnamed OP_SUCCESSx values of tapscript.
enum Opcode : uint8_t {
    // push value
    OP_0 = 0x00,
    OP_FALSE = OP_0,
    OP_PUSHDATA1 = 0x4c,
    OP_PUSHDATA2 = 0x4d,
    OP_PUSHDATA4 = 0x4e,
    OP_1NEGATE = 0x4f,
    OP_RESERVED = 0x50,
    OP_1 = 0x51,
    OP_TRUE = OP_1,
    OP_2 = 0x52,
    OP_3 = 0x53,
    OP_4 = 0x54,
    OP_5 = 0x55,
    OP_6 = 0x56,
    OP_7 = 0x57,
    OP_8 = 0x58,
    OP_9 = 0x59,
    OP_10 = 0x5a,
    OP_11 = 0x5b,
    OP_12 = 0x5c,
    OP_13 = 0x5d,
    OP_14 = 0x5e,
    OP_15 = 0x5f,
    OP_16 = 0x60,

    // control
    OP_NOP = 0x61,
    OP_VER = 0x62,
    OP_IF = 0x63,
    OP_NOTIF = 0x64,
    OP_VERIF = 0x65,
    OP_VERNOTIF = 0x66,
    OP_ELSE = 0x67,
    OP_ENDIF = 0x68,
    OP_VERIFY = 0x69,
    OP_RETURN = 0x6a,

    // stack ops
    OP_TOALTSTACK = 0x6b,
    OP_FROMALTSTACK = 0x6c,
    OP_2DROP = 0x6d,
    OP_2DUP = 0x6e,
    OP_3DUP = 0x6f,
    OP_2OVER = 0x70,
    OP_2ROT = 0x71,
    OP_2SWAP = 0x72,
    OP_IFDUP = 0x73,
    OP_DEPTH = 0x74,
    OP_DROP = 0x75,
    OP_DUP = 0x76,
    OP_NIP = 0x77,
    OP_OVER = 0x78,
    OP_PICK = 0x79,
    OP_ROLL = 0x7a,
    OP_ROT = 0x7b,
    OP_SWAP = 0x7c,
    OP_TUCK = 0x7d,

    // splice ops
    OP_CAT = 0x7e,
    OP_SUBSTR = 0x7f,
    OP_LEFT = 0x80,
    OP_RIGHT = 0x81,
    OP_SIZE = 0x82,

    // bit logic
    OP_INVERT = 0x83,
    OP_AND = 0x84,
    OP_OR = 0x85,
    OP_XOR = 0x86,
    OP_EQUAL = 0x87,
    OP_EQUALVERIFY = 0x88,
    OP_RESERVED1 = 0x89,
    OP_RESERVED2 = 0x8a,

    // numeric
    OP_1ADD = 0x8b,
    OP_1SUB = 0x8c,
    OP_2MUL = 0x8d,
    OP_2DIV = 0x8e,
    OP_NEGATE = 0x8f,
    OP_ABS = 0x90,
    OP_NOT = 0x91,
    OP_0NOTEQUAL = 0x92,

    OP_ADD = 0x93,
    OP_SUB = 0x94,
    OP_MUL = 0x95,
    OP_DIV = 0x96,
    OP_MOD = 0x97,
    OP_LSHIFT = 0x98,
    OP_RSHIFT = 0x99,

    OP_BOOLAND = 0x9a,
    OP_BOOLOR = 0x9b,
    OP_NUMEQUAL = 0x9c,
    OP_NUMEQUALVERIFY = 0x9d,
    OP_NUMNOTEQUAL = 0x9e,
    OP_LESSTHAN = 0x9f,
    OP_GREATERTHAN = 0xa0,
    OP_LESSTHANOREQUAL = 0xa1,
    OP_GREATERTHANOREQUAL = 0xa2,
    OP_MIN = 0xa3,
    OP_MAX = 0xa4,

    OP_WITHIN = 0xa5,

    // crypto
    OP_RIPEMD160 = 0xa6,
    OP_SHA1 = 0xa7,
    OP_SHA256 = 0xa8,
    OP_HASH160 = 0xa9,
    OP_HASH256 = 0xaa,
    OP_CODESEPARATOR = 0xab,
    OP_CHECKSIG = 0xac,
    OP_CHECKSIGVERIFY = 0xad,
    OP_CHECKMULTISIG = 0xae,
    OP_CHECKMULTISIGVERIFY = 0xaf,

    // expansion
    OP_NOP1 = 0xb0,
    OP_CHECKLOCKTIMEVERIFY = 0xb1,
    OP_NOP2 = OP_CHECKLOCKTIMEVERIFY,
    OP_CHECKSEQUENCEVERIFY = 0xb2,
    OP_NOP3 = OP_CHECKSEQUENCEVERIFY,
    OP_NOP4 = 0xb3,
    OP_NOP5 = 0xb4,
    OP_NOP6 = 0xb5,
    OP_NOP7 = 0xb6,
    OP_NOP8 = 0xb7,
    OP_NOP9 = 0xb8,
    OP_NOP10 = 0xb9,

    // BIP342 opcode (tapscript only)
    OP_CHECKSIGADD = 0xba,

    OP_INVALIDOPCODE = 0xff,
};

/// Highest opcode that has a meaning outside tapscript (Core's MAX_OPCODE).
constexpr Opcode MAX_OPCODE = OP_NOP10;

/// Core's GetOpName: "0", "-1", "1".."16" for the small-number pushes, "OP_xxx" for named opcodes
/// (OP_CHECKLOCKTIMEVERIFY/OP_CHECKSEQUENCEVERIFY rather than OP_NOP2/3), "OP_UNKNOWN" otherwise.
std::string_view GetOpName(Opcode opcode);

/// OP_0 → 0, OP_1..OP_16 → 1..16. Only for those opcodes.
int DecodeOpN(Opcode opcode);
/// 0 → OP_0, 1..16 → OP_1..OP_16. Only for 0..16.
Opcode EncodeOpN(int n);

/// Reads the operation starting at `pos` in `script` and advances `pos` past it, as Core's GetScriptOp.
/// For push opcodes (≤ OP_PUSHDATA4) `*data` (if given) views the pushed bytes; otherwise it is empty.
/// Returns false (with `opcode` = OP_INVALIDOPCODE) at the end of the script or when a push runs past
/// it. On a truncated push `pos` has moved past the opcode and any length bytes read, exactly as Core's
/// iterator does; legacy signature hashing depends on that.
bool GetScriptOp(util::ByteSpan script, size_t& pos, Opcode& opcode, util::ByteSpan* data = nullptr);

/// One decoded operation, for range-for iteration.
struct ScriptOp {
    Opcode opcode{OP_INVALIDOPCODE};
    util::ByteSpan data;
};

/// Iterates the operations of a script: `for (ScriptOp op : ScriptOps(s))`. Iteration stops at the end
/// or at the first undecodable operation; `ok()` on the range says which (after the loop).
class ScriptOps
{
public:
    explicit ScriptOps(util::ByteSpan script) : m_script{script} {}

    class Iterator
    {
    public:
        Iterator() = default;
        explicit Iterator(ScriptOps* owner) : m_owner{owner} { Advance(); }
        const ScriptOp& operator*() const { return m_op; }
        const ScriptOp* operator->() const { return &m_op; }
        Iterator& operator++()
        {
            Advance();
            return *this;
        }
        bool operator==(const Iterator& other) const { return m_owner == other.m_owner; }
        /// Byte offset just past the current operation.
        size_t Position() const { return m_pos; }

    private:
        void Advance();
        ScriptOps* m_owner{nullptr};
        size_t m_pos{0};
        ScriptOp m_op;
    };

    Iterator begin() { return Iterator{this}; }
    Iterator end() { return Iterator{}; }
    /// False if iteration stopped at a malformed push rather than the end of the script.
    bool ok() const { return m_ok; }

private:
    util::ByteSpan m_script;
    bool m_ok{true};
};

// ---------------------------------------------------------------------------------------- numbers

/// Script numbers (Core's CScriptNum): little-endian sign-magnitude byte strings. Arithmetic operands are
/// limited to 4 bytes (5 for CHECKLOCKTIMEVERIFY/CHECKSEQUENCEVERIFY), but results are kept as int64 so
/// an overflowing result is still a valid stack value (just not a valid operand).
class ScriptNum
{
public:
    static constexpr size_t DEFAULT_MAX_NUM_SIZE = 4;

    constexpr explicit ScriptNum(int64_t value) : m_value{value} {}

    /// Decodes a stack element; nullopt if longer than `max_size` or, with `require_minimal`
    /// (MINIMALDATA), not minimally encoded (negative zero included). These are Core's scriptnum_error
    /// cases, which the interpreter reports as SCRIPTNUM.
    static std::optional<ScriptNum> Decode(util::ByteSpan bytes, bool require_minimal,
                                           size_t max_size = DEFAULT_MAX_NUM_SIZE);

    /// True if `bytes` is the shortest encoding of its value (empty for zero, no negative zero).
    static bool IsMinimallyEncoded(util::ByteSpan bytes);

    /// The minimal encoding of `value` (empty for zero).
    static util::Bytes Serialize(int64_t value);

    int64_t value() const { return m_value; }
    /// Clamped to the int32 range (Core's getint()).
    int32_t GetInt() const;
    util::Bytes GetBytes() const { return Serialize(m_value); }

    friend auto operator<=>(const ScriptNum&, const ScriptNum&) = default;

private:
    int64_t m_value;
};

// ---------------------------------------------------------------------------------------- building

/// Appends an opcode.
void PushOp(ScriptBytes& script, Opcode opcode);
/// Appends the shortest push of a number as Core's CScript << int64: OP_0, OP_1NEGATE, OP_1..OP_16 or a
/// data push of its script-number encoding.
void PushInt(ScriptBytes& script, int64_t n);
/// Appends a data push with the smallest push opcode for its length (direct, PUSHDATA1/2/4). Note that
/// like Core's CScript << vector this does not turn 1-byte values into OP_1..OP_16.
void PushData(ScriptBytes& script, util::ByteSpan data);

/// A script under construction: `Script{} << OP_DUP << OP_HASH160 << key_hash << OP_EQUALVERIFY`.
class Script
{
public:
    Script() = default;
    explicit Script(ScriptBytes bytes) : m_bytes{std::move(bytes)} {}

    Script& operator<<(Opcode opcode)
    {
        PushOp(m_bytes, opcode);
        return *this;
    }
    Script& operator<<(int64_t n)
    {
        PushInt(m_bytes, n);
        return *this;
    }
    Script& operator<<(int n) { return *this << int64_t{n}; }
    Script& operator<<(util::ByteSpan data)
    {
        PushData(m_bytes, data);
        return *this;
    }
    Script& operator<<(const util::Bytes& data) { return *this << util::ByteSpan{data}; }
    /// Appends raw bytes (another script), not a push.
    Script& Append(util::ByteSpan raw)
    {
        util::Append(m_bytes, raw);
        return *this;
    }

    const ScriptBytes& bytes() const& { return m_bytes; }
    ScriptBytes&& bytes() && { return std::move(m_bytes); }
    operator util::ByteSpan() const { return m_bytes; }
    size_t size() const { return m_bytes.size(); }

    friend bool operator==(const Script&, const Script&) = default;

private:
    ScriptBytes m_bytes;
};

// ---------------------------------------------------------------------------------------- analysis

/// P2PKH: OP_DUP OP_HASH160 <20 bytes> OP_EQUALVERIFY OP_CHECKSIG, exactly 25 bytes.
bool IsPayToPubKeyHash(util::ByteSpan script);
/// BIP16: OP_HASH160 <20 bytes> OP_EQUAL, exactly 23 bytes.
bool IsPayToScriptHash(util::ByteSpan script);
/// BIP141: OP_0 <32 bytes>, exactly 34 bytes.
bool IsPayToWitnessScriptHash(util::ByteSpan script);
/// Pay-to-anchor (Core's IsPayToAnchor): OP_1 <0x4e73>.
bool IsPayToAnchor(util::ByteSpan script);
/// Pay-to-anchor as a witness program (version 1, program 4e73).
bool IsPayToAnchor(int version, util::ByteSpan program);
/// BIP141: a version byte (OP_0, OP_1..OP_16) followed by one direct push of 2..40 bytes, 4..42 bytes
/// in total. On success sets `version` (0..16) and `program` (a view into `script`).
bool IsWitnessProgram(util::ByteSpan script, int& version, util::ByteSpan& program);
/// True if every operation is a push (opcode ≤ OP_16, OP_RESERVED included, as Core) and all decode.
bool IsPushOnly(util::ByteSpan script);
/// Provably unspendable: starts with OP_RETURN or is larger than MAX_SCRIPT_SIZE (Core's IsUnspendable).
bool IsUnspendable(util::ByteSpan script);
/// Every operation decodes and is ≤ MAX_OPCODE (Core's HasValidOps).
bool HasValidOps(util::ByteSpan script);

/// True if `data` pushed by `opcode` uses the smallest possible push (BIP62 rule 3, MINIMALDATA).
bool CheckMinimalPush(util::ByteSpan data, Opcode opcode);

/// BIP342: opcodes that make a tapscript succeed unconditionally (80, 98, 126-129, 131-134, 137-138,
/// 141-142, 149-153, 187-254).
bool IsOpSuccess(Opcode opcode);

/// Removes every occurrence of `pattern` that starts at an operation boundary of `script` (Core's
/// FindAndDelete, used by legacy signature hashing); returns how many were removed.
int FindAndDelete(ScriptBytes& script, util::ByteSpan pattern);

// ---------------------------------------------------------------------------------------- sigops

/// Core's CScript::GetSigOpCount(fAccurate): CHECKSIG(VERIFY) counts 1; CHECKMULTISIG(VERIFY) counts the
/// preceding OP_1..OP_16 if `accurate`, else 20. Counting stops at the first undecodable operation.
unsigned GetSigOpCount(util::ByteSpan script, bool accurate);
/// Core's CScript::GetSigOpCount(scriptSig) for P2SH: if `script_pubkey` is P2SH, the accurate count of
/// the redeem script (the last push of `script_sig`; 0 if `script_sig` has a non-push); otherwise the
/// accurate count of `script_pubkey`.
unsigned GetSigOpCount(util::ByteSpan script_pubkey, util::ByteSpan script_sig);
/// Core's CountWitnessSigOps: signature operations of a witness spend (P2WPKH: 1, P2WSH: accurate count
/// of the witness script, also when nested in P2SH; 0 without SCRIPT_VERIFY_WITNESS or for other
/// versions). `witness` may be null (no witness).
size_t CountWitnessSigOps(util::ByteSpan script_sig, util::ByteSpan script_pubkey, const primitives::Witness* witness,
                          uint32_t flags);

} // namespace hearth::script

#endif // HEARTH_SCRIPT_SCRIPT_H
