#include <hearth/script/script_error.h>

namespace hearth::script {

std::string_view ScriptErrorName(ScriptError error)
{
    switch (error) {
    case ScriptError::OK:
        return "OK";
    case ScriptError::UNKNOWN_ERROR:
        return "UNKNOWN_ERROR";
    case ScriptError::EVAL_FALSE:
        return "EVAL_FALSE";
    case ScriptError::OP_RETURN:
        return "OP_RETURN";
    case ScriptError::SCRIPTNUM:
        return "SCRIPTNUM";
    case ScriptError::SCRIPT_SIZE:
        return "SCRIPT_SIZE";
    case ScriptError::PUSH_SIZE:
        return "PUSH_SIZE";
    case ScriptError::OP_COUNT:
        return "OP_COUNT";
    case ScriptError::STACK_SIZE:
        return "STACK_SIZE";
    case ScriptError::SIG_COUNT:
        return "SIG_COUNT";
    case ScriptError::PUBKEY_COUNT:
        return "PUBKEY_COUNT";
    case ScriptError::VERIFY:
        return "VERIFY";
    case ScriptError::EQUALVERIFY:
        return "EQUALVERIFY";
    case ScriptError::CHECKMULTISIGVERIFY:
        return "CHECKMULTISIGVERIFY";
    case ScriptError::CHECKSIGVERIFY:
        return "CHECKSIGVERIFY";
    case ScriptError::NUMEQUALVERIFY:
        return "NUMEQUALVERIFY";
    case ScriptError::BAD_OPCODE:
        return "BAD_OPCODE";
    case ScriptError::DISABLED_OPCODE:
        return "DISABLED_OPCODE";
    case ScriptError::INVALID_STACK_OPERATION:
        return "INVALID_STACK_OPERATION";
    case ScriptError::INVALID_ALTSTACK_OPERATION:
        return "INVALID_ALTSTACK_OPERATION";
    case ScriptError::UNBALANCED_CONDITIONAL:
        return "UNBALANCED_CONDITIONAL";
    case ScriptError::NEGATIVE_LOCKTIME:
        return "NEGATIVE_LOCKTIME";
    case ScriptError::UNSATISFIED_LOCKTIME:
        return "UNSATISFIED_LOCKTIME";
    case ScriptError::SIG_HASHTYPE:
        return "SIG_HASHTYPE";
    case ScriptError::SIG_DER:
        return "SIG_DER";
    case ScriptError::MINIMALDATA:
        return "MINIMALDATA";
    case ScriptError::SIG_PUSHONLY:
        return "SIG_PUSHONLY";
    case ScriptError::SIG_HIGH_S:
        return "SIG_HIGH_S";
    case ScriptError::SIG_NULLDUMMY:
        return "SIG_NULLDUMMY";
    case ScriptError::PUBKEYTYPE:
        return "PUBKEYTYPE";
    case ScriptError::CLEANSTACK:
        return "CLEANSTACK";
    case ScriptError::MINIMALIF:
        return "MINIMALIF";
    case ScriptError::SIG_NULLFAIL:
        return "NULLFAIL"; // Core's test name
    case ScriptError::DISCOURAGE_UPGRADABLE_NOPS:
        return "DISCOURAGE_UPGRADABLE_NOPS";
    case ScriptError::DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM:
        return "DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM";
    case ScriptError::DISCOURAGE_UPGRADABLE_TAPROOT_VERSION:
        return "DISCOURAGE_UPGRADABLE_TAPROOT_VERSION";
    case ScriptError::DISCOURAGE_OP_SUCCESS:
        return "DISCOURAGE_OP_SUCCESS";
    case ScriptError::DISCOURAGE_UPGRADABLE_PUBKEYTYPE:
        return "DISCOURAGE_UPGRADABLE_PUBKEYTYPE";
    case ScriptError::WITNESS_PROGRAM_WRONG_LENGTH:
        return "WITNESS_PROGRAM_WRONG_LENGTH";
    case ScriptError::WITNESS_PROGRAM_WITNESS_EMPTY:
        return "WITNESS_PROGRAM_WITNESS_EMPTY";
    case ScriptError::WITNESS_PROGRAM_MISMATCH:
        return "WITNESS_PROGRAM_MISMATCH";
    case ScriptError::WITNESS_MALLEATED:
        return "WITNESS_MALLEATED";
    case ScriptError::WITNESS_MALLEATED_P2SH:
        return "WITNESS_MALLEATED_P2SH";
    case ScriptError::WITNESS_UNEXPECTED:
        return "WITNESS_UNEXPECTED";
    case ScriptError::WITNESS_PUBKEYTYPE:
        return "WITNESS_PUBKEYTYPE";
    case ScriptError::SCHNORR_SIG_SIZE:
        return "SCHNORR_SIG_SIZE";
    case ScriptError::SCHNORR_SIG_HASHTYPE:
        return "SCHNORR_SIG_HASHTYPE";
    case ScriptError::SCHNORR_SIG:
        return "SCHNORR_SIG";
    case ScriptError::TAPROOT_WRONG_CONTROL_SIZE:
        return "TAPROOT_WRONG_CONTROL_SIZE";
    case ScriptError::TAPSCRIPT_VALIDATION_WEIGHT:
        return "TAPSCRIPT_VALIDATION_WEIGHT";
    case ScriptError::TAPSCRIPT_CHECKMULTISIG:
        return "TAPSCRIPT_CHECKMULTISIG";
    case ScriptError::TAPSCRIPT_MINIMALIF:
        return "TAPSCRIPT_MINIMALIF";
    case ScriptError::TAPSCRIPT_EMPTY_PUBKEY:
        return "TAPSCRIPT_EMPTY_PUBKEY";
    case ScriptError::OP_CODESEPARATOR:
        return "OP_CODESEPARATOR";
    case ScriptError::SIG_FINDANDDELETE:
        return "SIG_FINDANDDELETE";
    case ScriptError::ERROR_COUNT:
        break;
    }
    return "ERROR_COUNT";
}

ScriptError ParseScriptErrorName(std::string_view name)
{
    if (name == "SIG_NULLFAIL") return ScriptError::SIG_NULLFAIL;
    for (int i = 0; i < static_cast<int>(ScriptError::ERROR_COUNT); ++i) {
        const auto error = static_cast<ScriptError>(i);
        if (ScriptErrorName(error) == name) return error;
    }
    return ScriptError::ERROR_COUNT;
}

std::string_view ScriptErrorString(ScriptError error)
{
    switch (error) {
    case ScriptError::OK:
        return "No error";
    case ScriptError::EVAL_FALSE:
        return "Script evaluated without error but finished with a false/empty top stack element";
    case ScriptError::VERIFY:
        return "Script failed an OP_VERIFY operation";
    case ScriptError::EQUALVERIFY:
        return "Script failed an OP_EQUALVERIFY operation";
    case ScriptError::CHECKMULTISIGVERIFY:
        return "Script failed an OP_CHECKMULTISIGVERIFY operation";
    case ScriptError::CHECKSIGVERIFY:
        return "Script failed an OP_CHECKSIGVERIFY operation";
    case ScriptError::NUMEQUALVERIFY:
        return "Script failed an OP_NUMEQUALVERIFY operation";
    case ScriptError::SCRIPT_SIZE:
        return "Script is too big";
    case ScriptError::PUSH_SIZE:
        return "Push value size limit exceeded";
    case ScriptError::OP_COUNT:
        return "Operation limit exceeded";
    case ScriptError::STACK_SIZE:
        return "Stack size limit exceeded";
    case ScriptError::SIG_COUNT:
        return "Signature count negative or greater than pubkey count";
    case ScriptError::PUBKEY_COUNT:
        return "Pubkey count negative or limit exceeded";
    case ScriptError::BAD_OPCODE:
        return "Opcode missing or not understood";
    case ScriptError::DISABLED_OPCODE:
        return "Attempted to use a disabled opcode";
    case ScriptError::INVALID_STACK_OPERATION:
        return "Operation not valid with the current stack size";
    case ScriptError::INVALID_ALTSTACK_OPERATION:
        return "Operation not valid with the current altstack size";
    case ScriptError::OP_RETURN:
        return "OP_RETURN was encountered";
    case ScriptError::UNBALANCED_CONDITIONAL:
        return "Invalid OP_IF construction";
    case ScriptError::NEGATIVE_LOCKTIME:
        return "Negative locktime";
    case ScriptError::UNSATISFIED_LOCKTIME:
        return "Locktime requirement not satisfied";
    case ScriptError::SIG_HASHTYPE:
        return "Signature hash type missing or not understood";
    case ScriptError::SIG_DER:
        return "Non-canonical DER signature";
    case ScriptError::MINIMALDATA:
        return "Data push larger than necessary";
    case ScriptError::SIG_PUSHONLY:
        return "Only push operators allowed in signatures";
    case ScriptError::SIG_HIGH_S:
        return "Non-canonical signature: S value is unnecessarily high";
    case ScriptError::SIG_NULLDUMMY:
        return "Dummy CHECKMULTISIG argument must be zero";
    case ScriptError::MINIMALIF:
        return "OP_IF/NOTIF argument must be minimal";
    case ScriptError::SIG_NULLFAIL:
        return "Signature must be zero for failed CHECK(MULTI)SIG operation";
    case ScriptError::DISCOURAGE_UPGRADABLE_NOPS:
        return "NOPx reserved for soft-fork upgrades";
    case ScriptError::DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM:
        return "Witness version reserved for soft-fork upgrades";
    case ScriptError::DISCOURAGE_UPGRADABLE_TAPROOT_VERSION:
        return "Taproot version reserved for soft-fork upgrades";
    case ScriptError::DISCOURAGE_OP_SUCCESS:
        return "OP_SUCCESSx reserved for soft-fork upgrades";
    case ScriptError::DISCOURAGE_UPGRADABLE_PUBKEYTYPE:
        return "Public key version reserved for soft-fork upgrades";
    case ScriptError::PUBKEYTYPE:
        return "Public key is neither compressed or uncompressed";
    case ScriptError::CLEANSTACK:
        return "Stack size must be exactly one after execution";
    case ScriptError::WITNESS_PROGRAM_WRONG_LENGTH:
        return "Witness program has incorrect length";
    case ScriptError::WITNESS_PROGRAM_WITNESS_EMPTY:
        return "Witness program was passed an empty witness";
    case ScriptError::WITNESS_PROGRAM_MISMATCH:
        return "Witness program hash mismatch";
    case ScriptError::WITNESS_MALLEATED:
        return "Witness requires empty scriptSig";
    case ScriptError::WITNESS_MALLEATED_P2SH:
        return "Witness requires only-redeemscript scriptSig";
    case ScriptError::WITNESS_UNEXPECTED:
        return "Witness provided for non-witness script";
    case ScriptError::WITNESS_PUBKEYTYPE:
        return "Using non-compressed keys in segwit";
    case ScriptError::SCHNORR_SIG_SIZE:
        return "Invalid Schnorr signature size";
    case ScriptError::SCHNORR_SIG_HASHTYPE:
        return "Invalid Schnorr signature hash type";
    case ScriptError::SCHNORR_SIG:
        return "Invalid Schnorr signature";
    case ScriptError::TAPROOT_WRONG_CONTROL_SIZE:
        return "Invalid Taproot control block size";
    case ScriptError::TAPSCRIPT_VALIDATION_WEIGHT:
        return "Too much signature validation relative to witness weight";
    case ScriptError::TAPSCRIPT_CHECKMULTISIG:
        return "OP_CHECKMULTISIG(VERIFY) is not available in tapscript";
    case ScriptError::TAPSCRIPT_MINIMALIF:
        return "OP_IF/NOTIF argument must be minimal in tapscript";
    case ScriptError::TAPSCRIPT_EMPTY_PUBKEY:
        return "Empty public key in tapscript";
    case ScriptError::OP_CODESEPARATOR:
        return "Using OP_CODESEPARATOR in non-witness script";
    case ScriptError::SIG_FINDANDDELETE:
        return "Signature is found in scriptCode";
    // Core added SCRIPT_ERR_SCRIPTNUM in 2026 (PR #34381); its exact wording was not available to us.
    case ScriptError::SCRIPTNUM:
        return "Script number overflow or non-minimal encoding";
    case ScriptError::UNKNOWN_ERROR:
    case ScriptError::ERROR_COUNT:
        break;
    }
    return "unknown error";
}

} // namespace hearth::script
