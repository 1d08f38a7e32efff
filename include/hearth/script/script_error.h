#ifndef HEARTH_SCRIPT_SCRIPT_ERROR_H
#define HEARTH_SCRIPT_SCRIPT_ERROR_H

// Why a script failed: Core's ScriptError values (script/script_error.h), with the names Core's test
// vectors use and Core's human-readable strings.

#include <string_view>

namespace hearth::script {

enum class ScriptError {
    OK = 0,
    UNKNOWN_ERROR,
    EVAL_FALSE,
    OP_RETURN,
    /// A script number operand too long or (MINIMALDATA) not minimal (Core's SCRIPT_ERR_SCRIPTNUM).
    SCRIPTNUM,

    // Max sizes
    SCRIPT_SIZE,
    PUSH_SIZE,
    OP_COUNT,
    STACK_SIZE,
    SIG_COUNT,
    PUBKEY_COUNT,

    // Failed verify operations
    VERIFY,
    EQUALVERIFY,
    CHECKMULTISIGVERIFY,
    CHECKSIGVERIFY,
    NUMEQUALVERIFY,

    // Logical/Format/Canonical errors
    BAD_OPCODE,
    DISABLED_OPCODE,
    INVALID_STACK_OPERATION,
    INVALID_ALTSTACK_OPERATION,
    UNBALANCED_CONDITIONAL,

    // CHECKLOCKTIMEVERIFY and CHECKSEQUENCEVERIFY
    NEGATIVE_LOCKTIME,
    UNSATISFIED_LOCKTIME,

    // Malleability
    SIG_HASHTYPE,
    SIG_DER,
    MINIMALDATA,
    SIG_PUSHONLY,
    SIG_HIGH_S,
    SIG_NULLDUMMY,
    PUBKEYTYPE,
    CLEANSTACK,
    MINIMALIF,
    SIG_NULLFAIL,

    // Softfork safeness
    DISCOURAGE_UPGRADABLE_NOPS,
    DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM,
    DISCOURAGE_UPGRADABLE_TAPROOT_VERSION,
    DISCOURAGE_OP_SUCCESS,
    DISCOURAGE_UPGRADABLE_PUBKEYTYPE,

    // Segregated witness
    WITNESS_PROGRAM_WRONG_LENGTH,
    WITNESS_PROGRAM_WITNESS_EMPTY,
    WITNESS_PROGRAM_MISMATCH,
    WITNESS_MALLEATED,
    WITNESS_MALLEATED_P2SH,
    WITNESS_UNEXPECTED,
    WITNESS_PUBKEYTYPE,

    // Taproot
    SCHNORR_SIG_SIZE,
    SCHNORR_SIG_HASHTYPE,
    SCHNORR_SIG,
    TAPROOT_WRONG_CONTROL_SIZE,
    TAPSCRIPT_VALIDATION_WEIGHT,
    TAPSCRIPT_CHECKMULTISIG,
    TAPSCRIPT_MINIMALIF,
    TAPSCRIPT_EMPTY_PUBKEY,

    // Constant scriptCode
    OP_CODESEPARATOR,
    SIG_FINDANDDELETE,

    ERROR_COUNT
};

/// The name Core's script tests use (script_tests.json's expected_error): the enumerator name without
/// SCRIPT_ERR_, except SIG_NULLFAIL which is "NULLFAIL".
std::string_view ScriptErrorName(ScriptError error);

/// Parses a ScriptErrorName (and "SIG_NULLFAIL" as an alias); ERROR_COUNT if unknown.
ScriptError ParseScriptErrorName(std::string_view name);

/// Core's human-readable description (ScriptErrorString in script/script_error.cpp).
std::string_view ScriptErrorString(ScriptError error);

} // namespace hearth::script

#endif // HEARTH_SCRIPT_SCRIPT_ERROR_H
