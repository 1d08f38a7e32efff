#include <hearth/chain/script_check.h>

#include <hearth/script/interpreter.h>

namespace hearth::chain {

std::optional<ScriptCheckFailure> ScriptCheck::operator()() const
{
    const primitives::TxIn& in = tx->vin[input];
    // Block validation looks signatures up in the cache (filled by mempool acceptance) but does not store
    // new ones: a block's signatures are not seen again (Core's CScriptCheck with cacheStore = false).
    script::CachingTransactionSignatureChecker checker{*tx, input, spent->value, false, *sigcache, *txdata};
    script::ScriptError error = script::ScriptError::OK;
    if (script::VerifyScript(in.script_sig, spent->script_pubkey, &in.witness, flags, checker, &error)) {
        return std::nullopt;
    }
    return ScriptCheckFailure{error, "input " + std::to_string(input) + " of tx " + tx->GetTxid().ToHex()};
}

} // namespace hearth::chain
