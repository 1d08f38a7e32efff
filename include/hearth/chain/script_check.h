#ifndef HEARTH_CHAIN_SCRIPT_CHECK_H
#define HEARTH_CHAIN_SCRIPT_CHECK_H

// One input's script verification, queued by ConnectBlock and run on the CheckQueue's threads
// (Core's CScriptCheck). It points into data that ConnectBlock keeps alive until the queue completes.

#include <hearth/primitives/transaction.h>
#include <hearth/script/script_error.h>
#include <hearth/script/sigcache.h>
#include <hearth/script/sighash.h>
#include <hearth/script/verify_flags.h>

#include <optional>
#include <string>

namespace hearth::chain {

struct ScriptCheckFailure {
    script::ScriptError error{script::ScriptError::UNKNOWN_ERROR};
    std::string debug; ///< which input failed
};

struct ScriptCheck {
    const primitives::Transaction* tx{nullptr};
    unsigned input{0};
    const primitives::TxOut* spent{nullptr};
    script::ScriptFlags flags{0};
    const script::PrecomputedTransactionData* txdata{nullptr};
    script::SignatureCache* sigcache{nullptr};

    std::optional<ScriptCheckFailure> operator()() const;
};

} // namespace hearth::chain

#endif // HEARTH_CHAIN_SCRIPT_CHECK_H
