#ifndef HEARTH_RPC_CORE_IO_H
#define HEARTH_RPC_CORE_IO_H

// Transactions, scripts, blocks and amounts to and from Core's JSON and hex forms (Core's core_io.h:
// core_read.cpp, core_write.cpp, and AmountFromValue from rpc/util.cpp). decoderawtransaction,
// getrawtransaction, decodescript, getblock, gettxout and `hearth-tx decode` all print through here, so
// they agree with Core and with each other field for field, in Core's order.
//
// Everything here is pure: no chain access. Whatever needs the chain (confirmations, median time, chain
// work) is passed in as plain data.

#include <hearth/primitives/amount.h>
#include <hearth/primitives/block.h>
#include <hearth/primitives/transaction.h>
#include <hearth/rpc/json.h>
#include <hearth/script/address.h>
#include <hearth/storage/undo.h>
#include <hearth/util/bytes.h>
#include <hearth/util/result.h>
#include <hearth/util/uint256.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::rpc {

// ------------------------------------------------------------------------------------------ amounts

/// An amount as Core's ValueFromAmount writes it: optional "-", whole coins, ".", exactly 8 decimals
/// ("50.00000000", "0.00000001", "-0.00000001").
std::string FormatAmount(primitives::Amount amount);

/// Core's FormatMoney (util/moneystr.cpp), used in some RPC messages: as FormatAmount but with trailing
/// zeros trimmed down to two decimals ("50.00", "0.00000001", "1.10").
std::string FormatMoney(primitives::Amount amount);

/// Core's ParseFixedPoint: parses a decimal number (optional "-", no leading zeros, optional fraction,
/// optional exponent) as an integer scaled by 10^decimals. False if it is malformed, has more than
/// `decimals` fractional digits, or its magnitude reaches 10^18.
bool ParseFixedPoint(std::string_view text, int decimals, int64_t* amount_out);

/// Core's AmountFromValue: a JSON number or string holding a decimal amount in coins with at most
/// `decimals` decimals, within [0, MAX_MONEY]. Errors carry Core's messages: "Amount is not a number or
/// string", "Invalid amount", "Amount out of range" (all RPC_TYPE_ERROR in Core).
util::Result<primitives::Amount> ParseAmount(const json& value, int decimals = 8);

/// ParseAmount for RPC handlers: throws JsonRpcError(TYPE_ERROR, message) on failure, as Core does.
primitives::Amount AmountFromValue(const json& value, int decimals = 8);

// ------------------------------------------------------------------------------------------ decoding

/// Core's DecodeHexTx: `hex` must be non-empty, even-length hex. The bytes are parsed with the BIP144
/// witness format (if `try_witness`) and the legacy format (if `try_no_witness`); a parse counts only if
/// it consumes every byte. If both count, the one whose scripts pass Core's sanity check (every script
/// decodes, has only defined opcodes, no push over 520 bytes, at most 10,000 bytes; coinbase scriptSigs
/// exempt) wins, the witness one on a tie. nullopt if neither parses.
std::optional<primitives::MutableTransaction> DecodeHexTx(std::string_view hex, bool try_no_witness = true,
                                                          bool try_witness = true);

/// Core's EncodeHexTx: the hex serialization (with witness unless `mode` says otherwise).
std::string EncodeHexTx(const primitives::Transaction& tx,
                        primitives::TxWitnessMode mode = primitives::TxWitnessMode::WITH);

// ------------------------------------------------------------------------------------------ JSON

/// How much of each transaction getblock and getrawtransaction show (Core's TxVerbosity).
enum class TxVerbosity {
    SHOW_TXID,                ///< only the txid (getblock verbosity 1)
    SHOW_DETAILS,             ///< the decoded transaction (verbosity 2); "fee" when undo data is given
    SHOW_DETAILS_AND_PREVOUT, ///< also each input's spent output as "prevout" (verbosity 3)
};

/// A script as Core's ScriptToUniv prints it: "asm", then "desc" (if `include_address`; the descriptor
/// Core infers with no wallet, script::InferDescriptor), "hex" (if `include_hex`), "address" (if
/// `include_address` and the script has one; never for P2PK), "type" (the solver's name).
json ScriptToJson(util::ByteSpan script, const script::AddressParams& params, bool include_hex = true,
                  bool include_address = true);

/// A transaction as Core's TxToUniv prints it (decoderawtransaction, getrawtransaction verbose, getblock
/// verbosity ≥ 2): txid, hash, version (unsigned), size, vsize, weight, locktime, vin, vout, then "fee"
/// (with undo data), "blockhash" (if `block_hash` is given and not null) and "hex" (if `include_hex`).
///
/// Each input shows "coinbase" (hex) for a coinbase, otherwise txid, vout and scriptSig {asm (signature
/// hash types decoded as "[ALL]"…), hex}; then "txinwitness" if it has a witness; then, with undo data
/// and SHOW_DETAILS_AND_PREVOUT, "prevout" {generated, height, value, scriptPubKey}; then "sequence".
/// Each output shows value (8 decimals), n and scriptPubKey (ScriptToJson).
///
/// `txundo`, if given, holds the coins the inputs spent (never for a coinbase), as stored in undo data;
/// `verbosity` must be SHOW_DETAILS or SHOW_DETAILS_AND_PREVOUT. Undo data that does not fit the
/// transaction (wrong count, fee out of range) means a corrupt undo file: JsonRpcError(INTERNAL_ERROR).
json TxToJson(const primitives::Transaction& tx, const script::AddressParams& params, bool include_hex = true,
              const util::Uint256* block_hash = nullptr, const storage::TxUndo* txundo = nullptr,
              TxVerbosity verbosity = TxVerbosity::SHOW_DETAILS);

/// What getblockheader/getblock show about a block that only the chain knows (Core's CBlockIndex parts).
struct BlockHeaderContext {
    int height{0};
    /// Core's ComputeNextBlockAndDepth: tip height − height + 1 on the active chain, −1 if not on it.
    int confirmations{-1};
    int64_t median_time{0};
    /// Total work up to and including this block.
    util::Uint256 chain_work;
    /// Transactions in the block (Core's nTx; 0 if the block's data is unknown).
    uint64_t n_tx{0};
    /// Hash of the next block on the active chain, if any.
    std::optional<util::Uint256> next_block_hash;
};

/// A block header as Core's blockheaderToJSON: hash, confirmations, height, version, versionHex,
/// merkleroot, time, mediantime, nonce, bits, target, difficulty, chainwork, nTx, previousblockhash
/// (except for genesis, whose prev hash is null), nextblockhash (if any).
json BlockHeaderToJson(const primitives::BlockHeader& header, const BlockHeaderContext& context);

/// A block as Core's blockToJSON: the header fields, then strippedsize, size, weight and "tx": txids
/// (SHOW_TXID) or full transactions with hex (TxToJson; with `undo`, which must match the block, each
/// non-coinbase transaction also shows its fee, and with SHOW_DETAILS_AND_PREVOUT its prevouts). Undo
/// data for a different number of transactions throws JsonRpcError(INTERNAL_ERROR).
json BlockToJson(const primitives::Block& block, const BlockHeaderContext& context, TxVerbosity verbosity,
                 const script::AddressParams& params, const storage::BlockUndo* undo = nullptr);

/// Eight lower-case hex digits, as Core prints a header's versionHex and bits.
std::string Hex8(uint32_t v);

/// Core's GetDifficulty: how many times harder than the minimum (nBits 0x1d00ffff) the target `bits` is.
double GetDifficulty(uint32_t bits);

} // namespace hearth::rpc

#endif // HEARTH_RPC_CORE_IO_H
