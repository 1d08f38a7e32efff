// The script interpreter. Structure, rule order and error precedence follow Bitcoin Core's
// src/script/interpreter.cpp exactly, because the first rule that fails decides the ScriptError and
// Core's vectors compare by error. Core throws scriptnum_error from CScriptNum and catches it as
// SCRIPT_ERR_SCRIPTNUM; here ScriptNum::Decode returns nullopt and the caller returns SCRIPTNUM at the
// same point, so no exceptions are used.

#include <hearth/script/interpreter.h>

#include <hearth/crypto/hash.h>
#include <hearth/crypto/key.h>
#include <hearth/crypto/sha256.h>
#include <hearth/serialize/stream.h>
#include <hearth/util/check.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

namespace hearth::script {

namespace {

bool SetSuccess(ScriptError* ret)
{
    if (ret) *ret = ScriptError::OK;
    return true;
}

bool SetError(ScriptError* ret, ScriptError error)
{
    if (ret) *ret = error;
    return false;
}

const StackItem VCH_FALSE{};
const StackItem VCH_TRUE{1};

/// stack[size + i] for negative i (Core's stacktop). Callers check the size first.
inline StackItem& StackTop(Stack& stack, int i) { return stack[stack.size() + i]; }

bool IsCompressedOrUncompressedPubKey(util::ByteSpan pubkey)
{
    if (pubkey.size() < crypto::PubKey::COMPRESSED_SIZE) return false;
    if (pubkey[0] == 0x04) return pubkey.size() == crypto::PubKey::SIZE;
    if (pubkey[0] == 0x02 || pubkey[0] == 0x03) return pubkey.size() == crypto::PubKey::COMPRESSED_SIZE;
    // Hybrid keys (06/07) and anything else are non-standard.
    return false;
}

bool IsCompressedPubKey(util::ByteSpan pubkey)
{
    return pubkey.size() == crypto::PubKey::COMPRESSED_SIZE && (pubkey[0] == 0x02 || pubkey[0] == 0x03);
}

/// BIP66 strict DER, including the trailing hash type byte:
/// 0x30 [total-length] 0x02 [R-length] [R] 0x02 [S-length] [S] [sighash].
bool IsValidSignatureEncoding(util::ByteSpan sig)
{
    // Minimum and maximum size constraints.
    if (sig.size() < 9) return false;
    if (sig.size() > 73) return false;
    // A compound structure whose length covers everything but the hash type.
    if (sig[0] != 0x30) return false;
    if (sig[1] != sig.size() - 3) return false;
    // R and S lengths must fit and add up.
    const size_t len_r = sig[3];
    if (5 + len_r >= sig.size()) return false;
    const size_t len_s = sig[5 + len_r];
    if (len_r + len_s + 7 != sig.size()) return false;
    // R: an integer, non-empty, non-negative, no unnecessary leading zero.
    if (sig[2] != 0x02) return false;
    if (len_r == 0) return false;
    if (sig[4] & 0x80) return false;
    if (len_r > 1 && sig[4] == 0x00 && !(sig[5] & 0x80)) return false;
    // S: the same rules.
    if (sig[len_r + 4] != 0x02) return false;
    if (len_s == 0) return false;
    if (sig[len_r + 6] & 0x80) return false;
    if (len_s > 1 && sig[len_r + 6] == 0x00 && !(sig[len_r + 7] & 0x80)) return false;
    return true;
}

bool IsLowDERSignature(util::ByteSpan sig, ScriptError* error)
{
    if (!IsValidSignatureEncoding(sig)) return SetError(error, ScriptError::SIG_DER);
    // BIP62 rule 5: S must be at most n/2 (the hash type byte is not part of the DER data).
    if (!crypto::PubKey::CheckLowS(sig.first(sig.size() - 1))) return SetError(error, ScriptError::SIG_HIGH_S);
    return true;
}

bool IsDefinedHashtypeSignature(util::ByteSpan sig)
{
    if (sig.empty()) return false;
    const int hash_type = sig.back() & ~SIGHASH_ANYONECANPAY;
    return hash_type >= SIGHASH_ALL && hash_type <= SIGHASH_SINGLE;
}

bool CheckPubKeyEncoding(util::ByteSpan pubkey, ScriptFlags flags, SigVersion sigversion, ScriptError* error)
{
    if ((flags & SCRIPT_VERIFY_STRICTENC) != 0 && !IsCompressedOrUncompressedPubKey(pubkey)) {
        return SetError(error, ScriptError::PUBKEYTYPE);
    }
    // Only compressed keys are accepted in segwit v0 (policy).
    if ((flags & SCRIPT_VERIFY_WITNESS_PUBKEYTYPE) != 0 && sigversion == SigVersion::WITNESS_V0 &&
        !IsCompressedPubKey(pubkey)) {
        return SetError(error, ScriptError::WITNESS_PUBKEYTYPE);
    }
    return true;
}

/// The IF/ELSE nesting, stored as its depth and the position of the first false entry (Core's
/// ConditionStack): only "are all entries true" is ever asked, so O(1) per operation.
class ConditionStack
{
public:
    bool empty() const { return m_size == 0; }
    bool AllTrue() const { return m_first_false == NO_FALSE; }
    void Push(bool value)
    {
        if (m_first_false == NO_FALSE && !value) m_first_false = m_size;
        ++m_size;
    }
    void Pop()
    {
        --m_size;
        if (m_first_false == m_size) m_first_false = NO_FALSE;
    }
    void ToggleTop()
    {
        if (m_first_false == NO_FALSE) {
            m_first_false = m_size - 1;
        } else if (m_first_false == m_size - 1) {
            m_first_false = NO_FALSE;
        }
        // Otherwise a deeper entry is false and toggling the top is unobservable.
    }

private:
    static constexpr uint32_t NO_FALSE = std::numeric_limits<uint32_t>::max();
    uint32_t m_size{0};
    uint32_t m_first_false{NO_FALSE};
};

bool IsDisabledOpcode(Opcode op)
{
    // CVE-2010-5137: disabled everywhere, even in unexecuted branches.
    switch (op) {
    case OP_CAT:
    case OP_SUBSTR:
    case OP_LEFT:
    case OP_RIGHT:
    case OP_INVERT:
    case OP_AND:
    case OP_OR:
    case OP_XOR:
    case OP_2MUL:
    case OP_2DIV:
    case OP_MUL:
    case OP_DIV:
    case OP_MOD:
    case OP_LSHIFT:
    case OP_RSHIFT:
        return true;
    default:
        return false;
    }
}

/// The push `<data>` as a script, for FindAndDelete of a signature.
ScriptBytes PushOf(util::ByteSpan data)
{
    ScriptBytes s;
    s.reserve(data.size() + 5);
    PushData(s, data);
    return s;
}

bool EvalChecksigPreTapscript(const StackItem& sig, const StackItem& pubkey, util::ByteSpan code_from_separator,
                              ScriptFlags flags, const BaseSignatureChecker& checker, SigVersion sigversion,
                              ScriptError* error, bool& success)
{
    Assume(sigversion == SigVersion::BASE || sigversion == SigVersion::WITNESS_V0);

    if (sigversion == SigVersion::BASE) {
        // Legacy scripts sign the script with the signature itself removed (FindAndDelete).
        ScriptBytes script_code = util::ToBytes(code_from_separator);
        const int found = FindAndDelete(script_code, PushOf(sig));
        if (found > 0 && (flags & SCRIPT_VERIFY_CONST_SCRIPTCODE)) {
            return SetError(error, ScriptError::SIG_FINDANDDELETE);
        }
        if (!CheckSignatureEncoding(sig, flags, error) || !CheckPubKeyEncoding(pubkey, flags, sigversion, error)) {
            return false; // error is set
        }
        success = checker.CheckECDSASignature(sig, pubkey, script_code, sigversion);
    } else {
        if (!CheckSignatureEncoding(sig, flags, error) || !CheckPubKeyEncoding(pubkey, flags, sigversion, error)) {
            return false; // error is set
        }
        success = checker.CheckECDSASignature(sig, pubkey, code_from_separator, sigversion);
    }

    // BIP146 NULLFAIL: a failing signature must be empty.
    if (!success && (flags & SCRIPT_VERIFY_NULLFAIL) && !sig.empty()) {
        return SetError(error, ScriptError::SIG_NULLFAIL);
    }
    return true;
}

bool EvalChecksigTapscript(const StackItem& sig, const StackItem& pubkey, ScriptExecutionData& execdata,
                           ScriptFlags flags, const BaseSignatureChecker& checker, SigVersion sigversion,
                           ScriptError* error, bool& success)
{
    Assume(sigversion == SigVersion::TAPSCRIPT);
    // BIP342, in this consensus-critical order: the budget is charged for every non-empty signature (also
    // with an upgradable key type); an empty key fails; a non-empty invalid signature fails the script.
    success = !sig.empty();
    if (success) {
        Assume(execdata.validation_weight_left_init);
        execdata.validation_weight_left -= VALIDATION_WEIGHT_PER_SIGOP_PASSED;
        if (execdata.validation_weight_left < 0) return SetError(error, ScriptError::TAPSCRIPT_VALIDATION_WEIGHT);
    }
    if (pubkey.empty()) {
        return SetError(error, ScriptError::TAPSCRIPT_EMPTY_PUBKEY);
    } else if (pubkey.size() == 32) {
        if (success && !checker.CheckSchnorrSignature(sig, pubkey, sigversion, execdata, error)) {
            return false; // error is set
        }
    } else {
        // Unknown public key types are reserved for soft forks: they succeed unless discouraged.
        if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_PUBKEYTYPE) {
            return SetError(error, ScriptError::DISCOURAGE_UPGRADABLE_PUBKEYTYPE);
        }
    }
    return true;
}

bool EvalChecksig(const StackItem& sig, const StackItem& pubkey, util::ByteSpan code_from_separator,
                  ScriptExecutionData& execdata, ScriptFlags flags, const BaseSignatureChecker& checker,
                  SigVersion sigversion, ScriptError* error, bool& success)
{
    switch (sigversion) {
    case SigVersion::BASE:
    case SigVersion::WITNESS_V0:
        return EvalChecksigPreTapscript(sig, pubkey, code_from_separator, flags, checker, sigversion, error, success);
    case SigVersion::TAPSCRIPT:
        return EvalChecksigTapscript(sig, pubkey, execdata, flags, checker, sigversion, error, success);
    case SigVersion::TAPROOT:
        // The key path runs no script.
        break;
    }
    Assert(false);
    return false;
}

} // namespace

bool CheckSignatureEncoding(util::ByteSpan sig, ScriptFlags flags, ScriptError* error)
{
    // An empty signature is not DER but allowed: the compact way to provide a failing signature.
    if (sig.empty()) return true;
    if ((flags & (SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_LOW_S | SCRIPT_VERIFY_STRICTENC)) != 0 &&
        !IsValidSignatureEncoding(sig)) {
        return SetError(error, ScriptError::SIG_DER);
    } else if ((flags & SCRIPT_VERIFY_LOW_S) != 0 && !IsLowDERSignature(sig, error)) {
        return false; // error is set
    } else if ((flags & SCRIPT_VERIFY_STRICTENC) != 0 && !IsDefinedHashtypeSignature(sig)) {
        return SetError(error, ScriptError::SIG_HASHTYPE);
    }
    return true;
}

// ------------------------------------------------------------------------------ default checker

bool BaseSignatureChecker::CheckECDSASignature(util::ByteSpan, util::ByteSpan, util::ByteSpan, SigVersion) const
{
    return false;
}

bool BaseSignatureChecker::CheckSchnorrSignature(util::ByteSpan, util::ByteSpan, SigVersion, ScriptExecutionData&,
                                                 ScriptError*) const
{
    return false;
}

bool BaseSignatureChecker::CheckLockTime(const ScriptNum&) const { return false; }

bool BaseSignatureChecker::CheckSequence(const ScriptNum&) const { return false; }

// ------------------------------------------------------------------------------ EvalScript

bool CastToBool(util::ByteSpan value)
{
    for (size_t i = 0; i < value.size(); ++i) {
        if (value[i] != 0) {
            // Negative zero: only the sign bit of the last byte set.
            if (i == value.size() - 1 && value[i] == 0x80) return false;
            return true;
        }
    }
    return false;
}

bool EvalScript(Stack& stack, util::ByteSpan script, ScriptFlags flags, const BaseSignatureChecker& checker,
                SigVersion sigversion, ScriptExecutionData& execdata, ScriptError* error)
{
    // TAPROOT (key path) runs no script.
    Assume(sigversion == SigVersion::BASE || sigversion == SigVersion::WITNESS_V0 ||
           sigversion == SigVersion::TAPSCRIPT);
    const bool pre_tapscript = sigversion == SigVersion::BASE || sigversion == SigVersion::WITNESS_V0;

    SetError(error, ScriptError::UNKNOWN_ERROR);
    if (pre_tapscript && script.size() > MAX_SCRIPT_SIZE) return SetError(error, ScriptError::SCRIPT_SIZE);

    size_t pc = 0;
    const size_t pend = script.size();
    size_t begin_code_hash = 0;
    Opcode opcode;
    util::ByteSpan push_value;
    ConditionStack exec_stack;
    Stack altstack;
    int op_count = 0;
    const bool require_minimal = (flags & SCRIPT_VERIFY_MINIMALDATA) != 0;
    uint32_t opcode_pos = 0;
    execdata.codeseparator_pos = 0xFFFFFFFFUL;
    execdata.codeseparator_pos_init = true;

    // Decodes a stack element as a script number or fails the script with SCRIPTNUM (Core's
    // scriptnum_error).
    auto num = [&](const StackItem& item, size_t max_size, int64_t& out) {
        const std::optional<ScriptNum> n = ScriptNum::Decode(item, require_minimal, max_size);
        if (!n) return false;
        out = n->value();
        return true;
    };
    auto push_num = [&](int64_t value) { stack.push_back(ScriptNum::Serialize(value)); };

    for (; pc < pend; ++opcode_pos) {
        const bool exec = exec_stack.AllTrue();

        // Read instruction.
        if (!GetScriptOp(script, pc, opcode, &push_value)) return SetError(error, ScriptError::BAD_OPCODE);
        if (push_value.size() > MAX_SCRIPT_ELEMENT_SIZE) return SetError(error, ScriptError::PUSH_SIZE);

        if (pre_tapscript) {
            // OP_RESERVED (0x50) does not count towards the opcode limit.
            if (opcode > OP_16 && ++op_count > MAX_OPS_PER_SCRIPT) return SetError(error, ScriptError::OP_COUNT);
        }

        if (IsDisabledOpcode(opcode)) return SetError(error, ScriptError::DISABLED_OPCODE);

        // CONST_SCRIPTCODE rejects OP_CODESEPARATOR in legacy scripts even in an unexecuted branch.
        if (opcode == OP_CODESEPARATOR && sigversion == SigVersion::BASE && (flags & SCRIPT_VERIFY_CONST_SCRIPTCODE)) {
            return SetError(error, ScriptError::OP_CODESEPARATOR);
        }

        if (exec && opcode <= OP_PUSHDATA4) {
            if (require_minimal && !CheckMinimalPush(push_value, opcode)) {
                return SetError(error, ScriptError::MINIMALDATA);
            }
            stack.emplace_back(push_value.begin(), push_value.end());
        } else if (exec || (OP_IF <= opcode && opcode <= OP_ENDIF)) {
            switch (opcode) {
            //
            // Push value
            //
            case OP_1NEGATE:
            case OP_1:
            case OP_2:
            case OP_3:
            case OP_4:
            case OP_5:
            case OP_6:
            case OP_7:
            case OP_8:
            case OP_9:
            case OP_10:
            case OP_11:
            case OP_12:
            case OP_13:
            case OP_14:
            case OP_15:
            case OP_16: {
                // ( -- value): always the minimal push of its value, so no MINIMALDATA check.
                push_num(static_cast<int>(opcode) - static_cast<int>(OP_1 - 1));
                break;
            }

            //
            // Control
            //
            case OP_NOP:
                break;

            case OP_CHECKLOCKTIMEVERIFY: {
                if (!(flags & SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY)) break; // not enabled: OP_NOP2
                if (stack.empty()) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                // BIP65: 5-byte operands, so lock times up to 2^39-1 work (nLockTime is a uint32); ordinary
                // arithmetic stays at 4 bytes.
                int64_t lock_time;
                if (!num(StackTop(stack, -1), 5, lock_time)) return SetError(error, ScriptError::SCRIPTNUM);
                // A negative lock time (after arithmetic) fails; 0 MAX CHECKLOCKTIMEVERIFY avoids it.
                if (lock_time < 0) return SetError(error, ScriptError::NEGATIVE_LOCKTIME);
                if (!checker.CheckLockTime(ScriptNum{lock_time})) {
                    return SetError(error, ScriptError::UNSATISFIED_LOCKTIME);
                }
                break;
            }

            case OP_CHECKSEQUENCEVERIFY: {
                if (!(flags & SCRIPT_VERIFY_CHECKSEQUENCEVERIFY)) break; // not enabled: OP_NOP3
                if (stack.empty()) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                // BIP112: nSequence is a uint32 too, so 5-byte operands as for CLTV.
                int64_t sequence;
                if (!num(StackTop(stack, -1), 5, sequence)) return SetError(error, ScriptError::SCRIPTNUM);
                if (sequence < 0) return SetError(error, ScriptError::NEGATIVE_LOCKTIME);
                // With the disable flag set the operand is reserved for soft forks: CSV acts as a NOP.
                if ((sequence & primitives::TxIn::SEQUENCE_LOCKTIME_DISABLE_FLAG) != 0) break;
                if (!checker.CheckSequence(ScriptNum{sequence})) {
                    return SetError(error, ScriptError::UNSATISFIED_LOCKTIME);
                }
                break;
            }

            case OP_NOP1:
            case OP_NOP4:
            case OP_NOP5:
            case OP_NOP6:
            case OP_NOP7:
            case OP_NOP8:
            case OP_NOP9:
            case OP_NOP10: {
                if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS) {
                    return SetError(error, ScriptError::DISCOURAGE_UPGRADABLE_NOPS);
                }
                break;
            }

            case OP_IF:
            case OP_NOTIF: {
                // <expression> if [statements] [else [statements]] endif
                bool value = false;
                if (exec) {
                    // A missing argument is a stack error, not an unbalanced conditional (newest Core; its
                    // script_tests.json expects INVALID_STACK_OPERATION here).
                    if (stack.empty()) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                    const StackItem& vch = StackTop(stack, -1);
                    // BIP342: in tapscript the argument must be empty or exactly 0x01 (consensus).
                    if (sigversion == SigVersion::TAPSCRIPT) {
                        if (vch.size() > 1 || (vch.size() == 1 && vch[0] != 1)) {
                            return SetError(error, ScriptError::TAPSCRIPT_MINIMALIF);
                        }
                    }
                    // In witness v0 the same rule is policy (MINIMALIF).
                    if (sigversion == SigVersion::WITNESS_V0 && (flags & SCRIPT_VERIFY_MINIMALIF)) {
                        if (vch.size() > 1) return SetError(error, ScriptError::MINIMALIF);
                        if (vch.size() == 1 && vch[0] != 1) return SetError(error, ScriptError::MINIMALIF);
                    }
                    value = CastToBool(vch);
                    if (opcode == OP_NOTIF) value = !value;
                    stack.pop_back();
                }
                exec_stack.Push(value);
                break;
            }

            case OP_ELSE: {
                if (exec_stack.empty()) return SetError(error, ScriptError::UNBALANCED_CONDITIONAL);
                exec_stack.ToggleTop();
                break;
            }

            case OP_ENDIF: {
                if (exec_stack.empty()) return SetError(error, ScriptError::UNBALANCED_CONDITIONAL);
                exec_stack.Pop();
                break;
            }

            case OP_VERIFY: {
                // (true -- ) or (false -- false) and fail
                if (stack.empty()) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                if (!CastToBool(StackTop(stack, -1))) return SetError(error, ScriptError::VERIFY);
                stack.pop_back();
                break;
            }

            case OP_RETURN:
                return SetError(error, ScriptError::OP_RETURN);

            //
            // Stack ops
            //
            case OP_TOALTSTACK: {
                if (stack.empty()) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                altstack.push_back(std::move(StackTop(stack, -1)));
                stack.pop_back();
                break;
            }

            case OP_FROMALTSTACK: {
                if (altstack.empty()) return SetError(error, ScriptError::INVALID_ALTSTACK_OPERATION);
                stack.push_back(std::move(altstack.back()));
                altstack.pop_back();
                break;
            }

            case OP_2DROP: {
                // (x1 x2 -- )
                if (stack.size() < 2) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                stack.pop_back();
                stack.pop_back();
                break;
            }

            case OP_2DUP: {
                // (x1 x2 -- x1 x2 x1 x2)
                if (stack.size() < 2) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                StackItem vch1 = StackTop(stack, -2);
                StackItem vch2 = StackTop(stack, -1);
                stack.push_back(std::move(vch1));
                stack.push_back(std::move(vch2));
                break;
            }

            case OP_3DUP: {
                // (x1 x2 x3 -- x1 x2 x3 x1 x2 x3)
                if (stack.size() < 3) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                StackItem vch1 = StackTop(stack, -3);
                StackItem vch2 = StackTop(stack, -2);
                StackItem vch3 = StackTop(stack, -1);
                stack.push_back(std::move(vch1));
                stack.push_back(std::move(vch2));
                stack.push_back(std::move(vch3));
                break;
            }

            case OP_2OVER: {
                // (x1 x2 x3 x4 -- x1 x2 x3 x4 x1 x2)
                if (stack.size() < 4) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                StackItem vch1 = StackTop(stack, -4);
                StackItem vch2 = StackTop(stack, -3);
                stack.push_back(std::move(vch1));
                stack.push_back(std::move(vch2));
                break;
            }

            case OP_2ROT: {
                // (x1 x2 x3 x4 x5 x6 -- x3 x4 x5 x6 x1 x2)
                if (stack.size() < 6) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                StackItem vch1 = std::move(StackTop(stack, -6));
                StackItem vch2 = std::move(StackTop(stack, -5));
                stack.erase(stack.end() - 6, stack.end() - 4);
                stack.push_back(std::move(vch1));
                stack.push_back(std::move(vch2));
                break;
            }

            case OP_2SWAP: {
                // (x1 x2 x3 x4 -- x3 x4 x1 x2)
                if (stack.size() < 4) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                std::swap(StackTop(stack, -4), StackTop(stack, -2));
                std::swap(StackTop(stack, -3), StackTop(stack, -1));
                break;
            }

            case OP_IFDUP: {
                // (x - 0 | x x)
                if (stack.empty()) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                if (CastToBool(StackTop(stack, -1))) {
                    StackItem vch = StackTop(stack, -1);
                    stack.push_back(std::move(vch));
                }
                break;
            }

            case OP_DEPTH: {
                // -- stacksize
                push_num(static_cast<int64_t>(stack.size()));
                break;
            }

            case OP_DROP: {
                // (x -- )
                if (stack.empty()) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                stack.pop_back();
                break;
            }

            case OP_DUP: {
                // (x -- x x)
                if (stack.empty()) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                StackItem vch = StackTop(stack, -1);
                stack.push_back(std::move(vch));
                break;
            }

            case OP_NIP: {
                // (x1 x2 -- x2)
                if (stack.size() < 2) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                stack.erase(stack.end() - 2);
                break;
            }

            case OP_OVER: {
                // (x1 x2 -- x1 x2 x1)
                if (stack.size() < 2) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                StackItem vch = StackTop(stack, -2);
                stack.push_back(std::move(vch));
                break;
            }

            case OP_PICK:
            case OP_ROLL: {
                // (xn ... x2 x1 x0 n - xn ... x2 x1 x0 xn)
                // (xn ... x2 x1 x0 n - ... x2 x1 x0 xn)
                if (stack.size() < 2) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                int64_t n64;
                if (!num(StackTop(stack, -1), ScriptNum::DEFAULT_MAX_NUM_SIZE, n64)) {
                    return SetError(error, ScriptError::SCRIPTNUM);
                }
                const int n = ScriptNum{n64}.GetInt();
                stack.pop_back();
                if (n < 0 || n >= static_cast<int>(stack.size())) {
                    return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                }
                StackItem vch = StackTop(stack, -n - 1);
                if (opcode == OP_ROLL) stack.erase(stack.end() - n - 1);
                stack.push_back(std::move(vch));
                break;
            }

            case OP_ROT: {
                // (x1 x2 x3 -- x2 x3 x1)
                if (stack.size() < 3) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                std::swap(StackTop(stack, -3), StackTop(stack, -2));
                std::swap(StackTop(stack, -2), StackTop(stack, -1));
                break;
            }

            case OP_SWAP: {
                // (x1 x2 -- x2 x1)
                if (stack.size() < 2) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                std::swap(StackTop(stack, -2), StackTop(stack, -1));
                break;
            }

            case OP_TUCK: {
                // (x1 x2 -- x2 x1 x2)
                if (stack.size() < 2) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                StackItem vch = StackTop(stack, -1);
                stack.insert(stack.end() - 2, std::move(vch));
                break;
            }

            case OP_SIZE: {
                // (in -- in size)
                if (stack.empty()) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                push_num(static_cast<int64_t>(StackTop(stack, -1).size()));
                break;
            }

            //
            // Bitwise logic
            //
            case OP_EQUAL:
            case OP_EQUALVERIFY: {
                // (x1 x2 - bool)
                if (stack.size() < 2) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                const bool equal = StackTop(stack, -2) == StackTop(stack, -1);
                stack.pop_back();
                stack.pop_back();
                stack.push_back(equal ? VCH_TRUE : VCH_FALSE);
                if (opcode == OP_EQUALVERIFY) {
                    if (!equal) return SetError(error, ScriptError::EQUALVERIFY);
                    stack.pop_back();
                }
                break;
            }

            //
            // Numeric
            //
            case OP_1ADD:
            case OP_1SUB:
            case OP_NEGATE:
            case OP_ABS:
            case OP_NOT:
            case OP_0NOTEQUAL: {
                // (in -- out)
                if (stack.empty()) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                int64_t bn;
                if (!num(StackTop(stack, -1), ScriptNum::DEFAULT_MAX_NUM_SIZE, bn)) {
                    return SetError(error, ScriptError::SCRIPTNUM);
                }
                // Operands are at most 4 bytes (|bn| < 2^31), so none of these overflow int64.
                switch (opcode) {
                case OP_1ADD:
                    bn += 1;
                    break;
                case OP_1SUB:
                    bn -= 1;
                    break;
                case OP_NEGATE:
                    bn = -bn;
                    break;
                case OP_ABS:
                    if (bn < 0) bn = -bn;
                    break;
                case OP_NOT:
                    bn = (bn == 0);
                    break;
                case OP_0NOTEQUAL:
                    bn = (bn != 0);
                    break;
                default:
                    break;
                }
                stack.pop_back();
                push_num(bn);
                break;
            }

            case OP_ADD:
            case OP_SUB:
            case OP_BOOLAND:
            case OP_BOOLOR:
            case OP_NUMEQUAL:
            case OP_NUMEQUALVERIFY:
            case OP_NUMNOTEQUAL:
            case OP_LESSTHAN:
            case OP_GREATERTHAN:
            case OP_LESSTHANOREQUAL:
            case OP_GREATERTHANOREQUAL:
            case OP_MIN:
            case OP_MAX: {
                // (x1 x2 -- out)
                if (stack.size() < 2) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                int64_t bn1;
                int64_t bn2;
                if (!num(StackTop(stack, -2), ScriptNum::DEFAULT_MAX_NUM_SIZE, bn1) ||
                    !num(StackTop(stack, -1), ScriptNum::DEFAULT_MAX_NUM_SIZE, bn2)) {
                    return SetError(error, ScriptError::SCRIPTNUM);
                }
                int64_t bn = 0;
                switch (opcode) {
                case OP_ADD:
                    bn = bn1 + bn2;
                    break;
                case OP_SUB:
                    bn = bn1 - bn2;
                    break;
                case OP_BOOLAND:
                    bn = (bn1 != 0 && bn2 != 0);
                    break;
                case OP_BOOLOR:
                    bn = (bn1 != 0 || bn2 != 0);
                    break;
                case OP_NUMEQUAL:
                    bn = (bn1 == bn2);
                    break;
                case OP_NUMEQUALVERIFY:
                    bn = (bn1 == bn2);
                    break;
                case OP_NUMNOTEQUAL:
                    bn = (bn1 != bn2);
                    break;
                case OP_LESSTHAN:
                    bn = (bn1 < bn2);
                    break;
                case OP_GREATERTHAN:
                    bn = (bn1 > bn2);
                    break;
                case OP_LESSTHANOREQUAL:
                    bn = (bn1 <= bn2);
                    break;
                case OP_GREATERTHANOREQUAL:
                    bn = (bn1 >= bn2);
                    break;
                case OP_MIN:
                    bn = (bn1 < bn2 ? bn1 : bn2);
                    break;
                case OP_MAX:
                    bn = (bn1 > bn2 ? bn1 : bn2);
                    break;
                default:
                    break;
                }
                stack.pop_back();
                stack.pop_back();
                push_num(bn);
                if (opcode == OP_NUMEQUALVERIFY) {
                    if (!CastToBool(StackTop(stack, -1))) return SetError(error, ScriptError::NUMEQUALVERIFY);
                    stack.pop_back();
                }
                break;
            }

            case OP_WITHIN: {
                // (x min max -- out)
                if (stack.size() < 3) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                int64_t bn1;
                int64_t bn2;
                int64_t bn3;
                if (!num(StackTop(stack, -3), ScriptNum::DEFAULT_MAX_NUM_SIZE, bn1) ||
                    !num(StackTop(stack, -2), ScriptNum::DEFAULT_MAX_NUM_SIZE, bn2) ||
                    !num(StackTop(stack, -1), ScriptNum::DEFAULT_MAX_NUM_SIZE, bn3)) {
                    return SetError(error, ScriptError::SCRIPTNUM);
                }
                const bool value = bn2 <= bn1 && bn1 < bn3;
                stack.pop_back();
                stack.pop_back();
                stack.pop_back();
                stack.push_back(value ? VCH_TRUE : VCH_FALSE);
                break;
            }

            //
            // Crypto
            //
            case OP_RIPEMD160:
            case OP_SHA1:
            case OP_SHA256:
            case OP_HASH160:
            case OP_HASH256: {
                // (in -- hash)
                if (stack.empty()) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                StackItem& vch = StackTop(stack, -1);
                StackItem hash;
                switch (opcode) {
                case OP_RIPEMD160:
                    hash = util::ToBytes(crypto::Ripemd160(vch).span());
                    break;
                case OP_SHA1:
                    hash = util::ToBytes(crypto::Sha1(vch).span());
                    break;
                case OP_SHA256:
                    hash = util::ToBytes(crypto::Sha256Hash(vch).span());
                    break;
                case OP_HASH160:
                    hash = util::ToBytes(crypto::Hash160(vch).span());
                    break;
                default:
                    hash = util::ToBytes(crypto::Sha256d(vch).span());
                    break;
                }
                vch = std::move(hash);
                break;
            }

            case OP_CODESEPARATOR: {
                // Signatures sign the script from just after the last executed OP_CODESEPARATOR (and BIP342
                // signatures commit to its position).
                begin_code_hash = pc;
                execdata.codeseparator_pos = opcode_pos;
                break;
            }

            case OP_CHECKSIG:
            case OP_CHECKSIGVERIFY: {
                // (sig pubkey -- bool)
                if (stack.size() < 2) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                const StackItem& sig = StackTop(stack, -2);
                const StackItem& pubkey = StackTop(stack, -1);
                bool success = true;
                if (!EvalChecksig(sig, pubkey, script.subspan(begin_code_hash), execdata, flags, checker, sigversion,
                                  error, success)) {
                    return false; // error is set
                }
                stack.pop_back();
                stack.pop_back();
                stack.push_back(success ? VCH_TRUE : VCH_FALSE);
                if (opcode == OP_CHECKSIGVERIFY) {
                    if (!success) return SetError(error, ScriptError::CHECKSIGVERIFY);
                    stack.pop_back();
                }
                break;
            }

            case OP_CHECKSIGADD: {
                // BIP342: only in tapscript; elsewhere 0xba is an unknown opcode.
                if (pre_tapscript) return SetError(error, ScriptError::BAD_OPCODE);
                // (sig num pubkey -- num)
                if (stack.size() < 3) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                const StackItem& sig = StackTop(stack, -3);
                int64_t n;
                if (!num(StackTop(stack, -2), ScriptNum::DEFAULT_MAX_NUM_SIZE, n)) {
                    return SetError(error, ScriptError::SCRIPTNUM);
                }
                const StackItem& pubkey = StackTop(stack, -1);
                bool success = true;
                if (!EvalChecksig(sig, pubkey, script.subspan(begin_code_hash), execdata, flags, checker, sigversion,
                                  error, success)) {
                    return false; // error is set
                }
                stack.pop_back();
                stack.pop_back();
                stack.pop_back();
                push_num(n + (success ? 1 : 0));
                break;
            }

            case OP_CHECKMULTISIG:
            case OP_CHECKMULTISIGVERIFY: {
                if (sigversion == SigVersion::TAPSCRIPT) return SetError(error, ScriptError::TAPSCRIPT_CHECKMULTISIG);

                // ([sig ...] num_of_signatures [pubkey ...] num_of_pubkeys -- bool)
                int i = 1;
                if (static_cast<int>(stack.size()) < i) return SetError(error, ScriptError::INVALID_STACK_OPERATION);

                int64_t keys64;
                if (!num(StackTop(stack, -i), ScriptNum::DEFAULT_MAX_NUM_SIZE, keys64)) {
                    return SetError(error, ScriptError::SCRIPTNUM);
                }
                int keys_count = ScriptNum{keys64}.GetInt();
                if (keys_count < 0 || keys_count > MAX_PUBKEYS_PER_MULTISIG) {
                    return SetError(error, ScriptError::PUBKEY_COUNT);
                }
                // Each key counts as an operation towards the 201 limit.
                op_count += keys_count;
                if (op_count > MAX_OPS_PER_SCRIPT) return SetError(error, ScriptError::OP_COUNT);
                int ikey = ++i;
                // ikey2: position of the last non-signature item (top = 1), for the NULLFAIL cleanup below.
                int ikey2 = keys_count + 2;
                i += keys_count;
                if (static_cast<int>(stack.size()) < i) return SetError(error, ScriptError::INVALID_STACK_OPERATION);

                int64_t sigs64;
                if (!num(StackTop(stack, -i), ScriptNum::DEFAULT_MAX_NUM_SIZE, sigs64)) {
                    return SetError(error, ScriptError::SCRIPTNUM);
                }
                int sigs_count = ScriptNum{sigs64}.GetInt();
                if (sigs_count < 0 || sigs_count > keys_count) return SetError(error, ScriptError::SIG_COUNT);
                int isig = ++i;
                i += sigs_count;
                if (static_cast<int>(stack.size()) < i) return SetError(error, ScriptError::INVALID_STACK_OPERATION);

                // The script from the last OP_CODESEPARATOR, with every signature removed in legacy scripts.
                const util::ByteSpan code_from_separator = script.subspan(begin_code_hash);
                ScriptBytes legacy_code;
                util::ByteSpan script_code = code_from_separator;
                if (sigversion == SigVersion::BASE) {
                    legacy_code = util::ToBytes(code_from_separator);
                    for (int k = 0; k < sigs_count; k++) {
                        const StackItem& sig = StackTop(stack, -isig - k);
                        const int found = FindAndDelete(legacy_code, PushOf(sig));
                        if (found > 0 && (flags & SCRIPT_VERIFY_CONST_SCRIPTCODE)) {
                            return SetError(error, ScriptError::SIG_FINDANDDELETE);
                        }
                    }
                    script_code = legacy_code;
                }

                bool success = true;
                while (success && sigs_count > 0) {
                    const StackItem& sig = StackTop(stack, -isig);
                    const StackItem& pubkey = StackTop(stack, -ikey);
                    // Encodings are checked pair by pair as evaluation reaches them, so with STRICTENC the
                    // order of evaluation is observable (Core's vectors test it).
                    if (!CheckSignatureEncoding(sig, flags, error) ||
                        !CheckPubKeyEncoding(pubkey, flags, sigversion, error)) {
                        return false; // error is set
                    }
                    if (checker.CheckECDSASignature(sig, pubkey, script_code, sigversion)) {
                        isig++;
                        sigs_count--;
                    }
                    ikey++;
                    keys_count--;
                    // More signatures left than keys: too many have failed; stop early.
                    if (sigs_count > keys_count) success = false;
                }

                // Clean up the arguments.
                while (i-- > 1) {
                    // BIP146 NULLFAIL: on failure every signature must be empty.
                    if (!success && (flags & SCRIPT_VERIFY_NULLFAIL) && !ikey2 && !StackTop(stack, -1).empty()) {
                        return SetError(error, ScriptError::SIG_NULLFAIL);
                    }
                    if (ikey2 > 0) ikey2--;
                    stack.pop_back();
                }

                // An old bug makes CHECKMULTISIG pop one extra, unchecked element; BIP147 NULLDUMMY requires
                // it to be empty.
                if (stack.empty()) return SetError(error, ScriptError::INVALID_STACK_OPERATION);
                if ((flags & SCRIPT_VERIFY_NULLDUMMY) && !StackTop(stack, -1).empty()) {
                    return SetError(error, ScriptError::SIG_NULLDUMMY);
                }
                stack.pop_back();

                stack.push_back(success ? VCH_TRUE : VCH_FALSE);
                if (opcode == OP_CHECKMULTISIGVERIFY) {
                    if (!success) return SetError(error, ScriptError::CHECKMULTISIGVERIFY);
                    stack.pop_back();
                }
                break;
            }

            default:
                return SetError(error, ScriptError::BAD_OPCODE);
            }
        }

        // Size limits.
        if (stack.size() + altstack.size() > MAX_STACK_SIZE) return SetError(error, ScriptError::STACK_SIZE);
    }

    if (!exec_stack.empty()) return SetError(error, ScriptError::UNBALANCED_CONDITIONAL);
    return SetSuccess(error);
}

bool EvalScript(Stack& stack, util::ByteSpan script, ScriptFlags flags, const BaseSignatureChecker& checker,
                SigVersion sigversion, ScriptError* error)
{
    ScriptExecutionData execdata;
    return EvalScript(stack, script, flags, checker, sigversion, execdata, error);
}

// ------------------------------------------------------------------------------ taproot helpers

util::Uint256 ComputeTapleafHash(uint8_t leaf_version, util::ByteSpan script)
{
    serialize::Sha256Writer w{crypto::TaggedHasher("TapLeaf")};
    serialize::WriteU8(w, leaf_version);
    serialize::WriteBytesWithSize(w, script);
    return w.GetHash();
}

util::Uint256 ComputeTapbranchHash(util::ByteSpan a, util::ByteSpan b)
{
    serialize::Sha256Writer w{crypto::TaggedHasher("TapBranch")};
    if (std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end())) {
        w.Write(a);
        w.Write(b);
    } else {
        w.Write(b);
        w.Write(a);
    }
    return w.GetHash();
}

util::Uint256 ComputeTaprootMerkleRoot(util::ByteSpan control, const util::Uint256& tapleaf_hash)
{
    Assume(control.size() >= TAPROOT_CONTROL_BASE_SIZE && control.size() <= TAPROOT_CONTROL_MAX_SIZE &&
           (control.size() - TAPROOT_CONTROL_BASE_SIZE) % TAPROOT_CONTROL_NODE_SIZE == 0);
    const size_t path_len = (control.size() - TAPROOT_CONTROL_BASE_SIZE) / TAPROOT_CONTROL_NODE_SIZE;
    util::Uint256 k = tapleaf_hash;
    for (size_t i = 0; i < path_len; ++i) {
        const util::ByteSpan node =
            control.subspan(TAPROOT_CONTROL_BASE_SIZE + TAPROOT_CONTROL_NODE_SIZE * i, TAPROOT_CONTROL_NODE_SIZE);
        k = ComputeTapbranchHash(k.span(), node);
    }
    return k;
}

// ------------------------------------------------------------------------------ witness programs

namespace {

/// BIP341: the output key must be the internal key of the control block tweaked by the merkle root.
bool VerifyTaprootCommitment(util::ByteSpan control, util::ByteSpan program, const util::Uint256& tapleaf_hash)
{
    const crypto::XOnlyPubKey p{util::Uint256{control.subspan(1, TAPROOT_CONTROL_BASE_SIZE - 1)}};
    const crypto::XOnlyPubKey q{util::Uint256{program.first(32)}};
    const util::Uint256 merkle_root = ComputeTaprootMerkleRoot(control, tapleaf_hash);
    return q.CheckTapTweak(p, merkle_root, control[0] & 1);
}

/// Serialized size of a witness stack (count + each item with its length), the BIP342 budget base.
int64_t WitnessSerializedSize(std::span<const util::Bytes> items)
{
    size_t size = serialize::CompactSizeLen(items.size());
    for (const util::Bytes& item : items) size += serialize::CompactSizeLen(item.size()) + item.size();
    return static_cast<int64_t>(size);
}

bool ExecuteWitnessScript(std::span<const util::Bytes> stack_span, util::ByteSpan exec_script, ScriptFlags flags,
                          SigVersion sigversion, const BaseSignatureChecker& checker, ScriptExecutionData& execdata,
                          ScriptError* error)
{
    if (sigversion == SigVersion::TAPSCRIPT) {
        // BIP342: an OP_SUCCESSx anywhere makes the script succeed, before any other rule (even the stack
        // element size limits); the scan stops at an undecodable push first.
        size_t pc = 0;
        Opcode opcode;
        while (pc < exec_script.size()) {
            if (!GetScriptOp(exec_script, pc, opcode)) return SetError(error, ScriptError::BAD_OPCODE);
            if (IsOpSuccess(opcode)) {
                if (flags & SCRIPT_VERIFY_DISCOURAGE_OP_SUCCESS) {
                    return SetError(error, ScriptError::DISCOURAGE_OP_SUCCESS);
                }
                return SetSuccess(error);
            }
        }
        // Tapscript limits the initial stack size (the altstack is empty here).
        if (stack_span.size() > MAX_STACK_SIZE) return SetError(error, ScriptError::STACK_SIZE);
    }

    // No witness stack element may exceed the element size limit.
    for (const util::Bytes& elem : stack_span) {
        if (elem.size() > MAX_SCRIPT_ELEMENT_SIZE) return SetError(error, ScriptError::PUSH_SIZE);
    }

    Stack stack{stack_span.begin(), stack_span.end()};
    if (!EvalScript(stack, exec_script, flags, checker, sigversion, execdata, error)) return false;

    // Witness scripts implicitly require a clean stack holding one true value.
    if (stack.size() != 1) return SetError(error, ScriptError::CLEANSTACK);
    if (!CastToBool(stack.back())) return SetError(error, ScriptError::EVAL_FALSE);
    return true;
}

bool VerifyWitnessProgram(const primitives::Witness& witness, int witversion, util::ByteSpan program, ScriptFlags flags,
                          const BaseSignatureChecker& checker, ScriptError* error, bool is_p2sh)
{
    std::span<const util::Bytes> stack{witness};
    ScriptExecutionData execdata;

    if (witversion == 0) {
        if (program.size() == WITNESS_V0_SCRIPTHASH_SIZE) {
            // BIP141 P2WSH: the program is SHA256 of the witness script, the last witness item.
            if (stack.empty()) return SetError(error, ScriptError::WITNESS_PROGRAM_WITNESS_EMPTY);
            const util::Bytes& exec_script = stack.back();
            stack = stack.first(stack.size() - 1);
            const util::Uint256 hash = crypto::Sha256Hash(exec_script);
            if (std::memcmp(hash.data(), program.data(), 32) != 0) {
                return SetError(error, ScriptError::WITNESS_PROGRAM_MISMATCH);
            }
            return ExecuteWitnessScript(stack, exec_script, flags, SigVersion::WITNESS_V0, checker, execdata, error);
        } else if (program.size() == WITNESS_V0_KEYHASH_SIZE) {
            // BIP141 P2WPKH: exactly <sig> <pubkey>, run as P2PKH of the program.
            if (stack.size() != 2) return SetError(error, ScriptError::WITNESS_PROGRAM_MISMATCH);
            ScriptBytes exec_script;
            exec_script.reserve(25);
            PushOp(exec_script, OP_DUP);
            PushOp(exec_script, OP_HASH160);
            PushData(exec_script, program);
            PushOp(exec_script, OP_EQUALVERIFY);
            PushOp(exec_script, OP_CHECKSIG);
            return ExecuteWitnessScript(stack, exec_script, flags, SigVersion::WITNESS_V0, checker, execdata, error);
        } else {
            return SetError(error, ScriptError::WITNESS_PROGRAM_WRONG_LENGTH);
        }
    } else if (witversion == 1 && program.size() == WITNESS_V1_TAPROOT_SIZE && !is_p2sh) {
        // BIP341 taproot: a native (not P2SH-wrapped) 32-byte v1 program is a tweaked public key.
        if (!(flags & SCRIPT_VERIFY_TAPROOT)) return SetSuccess(error);
        if (stack.empty()) return SetError(error, ScriptError::WITNESS_PROGRAM_WITNESS_EMPTY);
        if (stack.size() >= 2 && !stack.back().empty() && stack.back()[0] == ANNEX_TAG) {
            // Drop the annex; signatures commit to it (BIP341).
            const util::Bytes& annex = stack.back();
            stack = stack.first(stack.size() - 1);
            serialize::Sha256Writer w;
            serialize::WriteBytesWithSize(w, annex);
            execdata.annex_hash = w.GetHash();
            execdata.annex_present = true;
        } else {
            execdata.annex_present = false;
        }
        execdata.annex_init = true;
        if (stack.size() == 1) {
            // Key path: one signature (after removing the annex).
            if (!checker.CheckSchnorrSignature(stack.front(), program, SigVersion::TAPROOT, execdata, error)) {
                return false; // error is set
            }
            return SetSuccess(error);
        }
        // Script path: ... <script> <control block>.
        const util::Bytes& control = stack.back();
        const util::Bytes& script = stack[stack.size() - 2];
        stack = stack.first(stack.size() - 2);
        if (control.size() < TAPROOT_CONTROL_BASE_SIZE || control.size() > TAPROOT_CONTROL_MAX_SIZE ||
            (control.size() - TAPROOT_CONTROL_BASE_SIZE) % TAPROOT_CONTROL_NODE_SIZE != 0) {
            return SetError(error, ScriptError::TAPROOT_WRONG_CONTROL_SIZE);
        }
        execdata.tapleaf_hash = ComputeTapleafHash(control[0] & TAPROOT_LEAF_MASK, script);
        if (!VerifyTaprootCommitment(control, program, execdata.tapleaf_hash)) {
            return SetError(error, ScriptError::WITNESS_PROGRAM_MISMATCH);
        }
        execdata.tapleaf_hash_init = true;
        if ((control[0] & TAPROOT_LEAF_MASK) == TAPROOT_LEAF_TAPSCRIPT) {
            // BIP342 tapscript; the signature budget is the whole witness's size (annex, script and
            // control block included) plus 50.
            execdata.validation_weight_left = WitnessSerializedSize(witness) + VALIDATION_WEIGHT_OFFSET;
            execdata.validation_weight_left_init = true;
            return ExecuteWitnessScript(stack, script, flags, SigVersion::TAPSCRIPT, checker, execdata, error);
        }
        // Unknown leaf versions are reserved for soft forks.
        if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION) {
            return SetError(error, ScriptError::DISCOURAGE_UPGRADABLE_TAPROOT_VERSION);
        }
        return SetSuccess(error);
    } else if (!is_p2sh && IsPayToAnchor(witversion, program)) {
        // Pay-to-anchor (OP_1 <4e73>) is spendable by anyone and not discouraged as an upgrade.
        return true;
    } else {
        if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM) {
            return SetError(error, ScriptError::DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM);
        }
        // Other versions/sizes (and P2SH-wrapped v1) succeed for future soft forks.
        return true;
    }
}

} // namespace

bool IsValidFlagCombination(ScriptFlags flags)
{
    if ((flags & SCRIPT_VERIFY_WITNESS) && !(flags & SCRIPT_VERIFY_P2SH)) return false;
    if ((flags & SCRIPT_VERIFY_CLEANSTACK) && (~flags & (SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS))) return false;
    return true;
}

bool VerifyScript(util::ByteSpan script_sig, util::ByteSpan script_pubkey, const primitives::Witness* witness,
                  ScriptFlags flags, const BaseSignatureChecker& checker, ScriptError* error)
{
    static const primitives::Witness EMPTY_WITNESS;
    if (witness == nullptr) witness = &EMPTY_WITNESS;
    bool had_witness = false;

    SetError(error, ScriptError::UNKNOWN_ERROR);

    // Core asserts these (switching them on separately would not be a soft fork).
    if (!Assume(IsValidFlagCombination(flags))) return SetError(error, ScriptError::UNKNOWN_ERROR);

    if ((flags & SCRIPT_VERIFY_SIGPUSHONLY) != 0 && !IsPushOnly(script_sig)) {
        return SetError(error, ScriptError::SIG_PUSHONLY);
    }

    // scriptSig and scriptPubKey run one after the other on the same stack, never concatenated
    // (CVE-2010-5141).
    Stack stack;
    Stack stack_copy;
    if (!EvalScript(stack, script_sig, flags, checker, SigVersion::BASE, error)) return false;
    if (flags & SCRIPT_VERIFY_P2SH) stack_copy = stack;
    if (!EvalScript(stack, script_pubkey, flags, checker, SigVersion::BASE, error)) return false;
    if (stack.empty()) return SetError(error, ScriptError::EVAL_FALSE);
    if (!CastToBool(stack.back())) return SetError(error, ScriptError::EVAL_FALSE);

    // Bare witness programs (BIP141).
    int witness_version;
    util::ByteSpan witness_program;
    if (flags & SCRIPT_VERIFY_WITNESS) {
        if (IsWitnessProgram(script_pubkey, witness_version, witness_program)) {
            had_witness = true;
            // The scriptSig must be exactly empty, or it would reintroduce malleability.
            if (!script_sig.empty()) return SetError(error, ScriptError::WITNESS_MALLEATED);
            if (!VerifyWitnessProgram(*witness, witness_version, witness_program, flags, checker, error,
                                      /*is_p2sh=*/false)) {
                return false;
            }
            // Skip the CLEANSTACK check below: a witness program's legacy stack is never clean.
            stack.resize(1);
        }
    }

    // BIP16 pay-to-script-hash.
    if ((flags & SCRIPT_VERIFY_P2SH) && IsPayToScriptHash(script_pubkey)) {
        // scriptSig must be push-only.
        if (!IsPushOnly(script_sig)) return SetError(error, ScriptError::SIG_PUSHONLY);

        // Run the redeem script on the stack as scriptSig left it. It is not empty: the P2SH
        // scriptPubKey would have failed on an empty stack.
        std::swap(stack, stack_copy);
        Assume(!stack.empty());
        const util::Bytes redeem_script = std::move(stack.back());
        stack.pop_back();

        if (!EvalScript(stack, redeem_script, flags, checker, SigVersion::BASE, error)) return false;
        if (stack.empty()) return SetError(error, ScriptError::EVAL_FALSE);
        if (!CastToBool(stack.back())) return SetError(error, ScriptError::EVAL_FALSE);

        // P2SH-wrapped witness program.
        if (flags & SCRIPT_VERIFY_WITNESS) {
            if (IsWitnessProgram(redeem_script, witness_version, witness_program)) {
                had_witness = true;
                // The scriptSig must be exactly one push of the redeem script (no malleability).
                ScriptBytes expected;
                PushData(expected, redeem_script);
                if (!std::equal(script_sig.begin(), script_sig.end(), expected.begin(), expected.end())) {
                    return SetError(error, ScriptError::WITNESS_MALLEATED_P2SH);
                }
                if (!VerifyWitnessProgram(*witness, witness_version, witness_program, flags, checker, error,
                                          /*is_p2sh=*/true)) {
                    return false;
                }
                stack.resize(1);
            }
        }
    }

    // CLEANSTACK runs after P2SH and witness evaluation, which legitimately leave extra items.
    if ((flags & SCRIPT_VERIFY_CLEANSTACK) != 0) {
        if (stack.size() != 1) return SetError(error, ScriptError::CLEANSTACK);
    }

    if (flags & SCRIPT_VERIFY_WITNESS) {
        // A witness on an input that is not a witness spend is malleable padding.
        if (!had_witness && !witness->empty()) return SetError(error, ScriptError::WITNESS_UNEXPECTED);
    }

    return SetSuccess(error);
}

} // namespace hearth::script
