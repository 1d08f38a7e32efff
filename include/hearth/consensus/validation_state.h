#ifndef HEARTH_CONSENSUS_VALIDATION_STATE_H
#define HEARTH_CONSENSUS_VALIDATION_STATE_H

// Outcome of checking a transaction or a block: valid, invalid (the data broke a rule: the result enum says
// which kind of failure, which drives how a peer is treated) or error (we could not check it, e.g. disk
// failure). Mirrors Core's consensus/validation.h, including the reject reason strings, so failures can be
// compared with Core's one for one.

#include <cstdint>
#include <string>
#include <utility>

namespace hearth::consensus {

/// Why a transaction was rejected (Core's TxValidationResult, same names and order).
enum class TxValidationResult {
    TX_RESULT_UNSET = 0,    ///< initial value; a valid tx or one not checked yet
    TX_CONSENSUS,           ///< invalid by consensus rules
    TX_INPUTS_NOT_STANDARD, ///< inputs (spent coins) fail standardness
    TX_NOT_STANDARD,        ///< otherwise didn't meet policy
    TX_MISSING_INPUTS,      ///< a spent output is unknown (or already spent)
    TX_PREMATURE_SPEND,     ///< spends an immature coinbase, or is non-final / locked
    TX_WITNESS_MUTATED,     ///< witness may have been malleated (e.g. stripped, padded)
    TX_WITNESS_STRIPPED,    ///< witness stripped: the tx may be valid with it
    TX_CONFLICT,            ///< conflicts with the chain or the mempool
    TX_MEMPOOL_POLICY,      ///< violates mempool fee/size/descendant/RBF limits
    TX_NO_MEMPOOL,          ///< this node has no mempool
    TX_RECONSIDERABLE,      ///< fails some policy that may pass in a package
    TX_UNKNOWN,             ///< not validated: the package failed for another tx
};

/// Why a block was rejected (Core's BlockValidationResult, same names and order).
enum class BlockValidationResult {
    BLOCK_RESULT_UNSET = 0, ///< initial value; a valid block or one not checked yet
    BLOCK_CONSENSUS,        ///< invalid by consensus rules (excluding those below)
    BLOCK_CACHED_INVALID,   ///< this block was cached as invalid before
    BLOCK_INVALID_HEADER,   ///< invalid proof of work or time too old
    BLOCK_MUTATED,          ///< the block's data didn't match its header (may be a relay's fault)
    BLOCK_MISSING_PREV,     ///< we don't have the previous block
    BLOCK_INVALID_PREV,     ///< a block this one builds on is invalid
    BLOCK_TIME_FUTURE,      ///< timestamp more than 2 hours in the future (may become valid later)
    BLOCK_HEADER_LOW_WORK,  ///< the header chain lacks enough work to be worth storing (anti-DoS)
};

/// State of one check: valid, invalid (with a result, a reject reason and a debug message) or error.
/// Like Core's ValidationState: once in the error mode a later Invalid() keeps the mode but records the
/// result; the first Error() reason is kept.
template <typename Result>
class ValidationState
{
public:
    /// Marks the state invalid with `result` and Core's reject reason; always returns false, so a check can
    /// `return state.Invalid(...)`.
    bool Invalid(Result result, std::string reject_reason = "", std::string debug_message = "")
    {
        m_result = result;
        m_reject_reason = std::move(reject_reason);
        m_debug_message = std::move(debug_message);
        if (m_mode != Mode::ERROR) m_mode = Mode::INVALID;
        return false;
    }
    /// Marks a failure to check (not the data's fault); always returns false.
    bool Error(std::string reject_reason)
    {
        if (m_mode == Mode::VALID) m_reject_reason = std::move(reject_reason);
        m_mode = Mode::ERROR;
        return false;
    }

    bool IsValid() const { return m_mode == Mode::VALID; }
    bool IsInvalid() const { return m_mode == Mode::INVALID; }
    bool IsError() const { return m_mode == Mode::ERROR; }
    Result GetResult() const { return m_result; }
    const std::string& GetRejectReason() const { return m_reject_reason; }
    const std::string& GetDebugMessage() const { return m_debug_message; }

    /// "Valid", or the reject reason followed by ", " and the debug message when there is one (Core).
    std::string ToString() const
    {
        if (IsValid()) return "Valid";
        if (!m_debug_message.empty()) return m_reject_reason + ", " + m_debug_message;
        return m_reject_reason;
    }

private:
    enum class Mode { VALID, INVALID, ERROR };
    Mode m_mode{Mode::VALID};
    Result m_result{};
    std::string m_reject_reason;
    std::string m_debug_message;
};

using TxValidationState = ValidationState<TxValidationResult>;
using BlockValidationState = ValidationState<BlockValidationResult>;

} // namespace hearth::consensus

#endif // HEARTH_CONSENSUS_VALIDATION_STATE_H
