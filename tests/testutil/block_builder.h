#ifndef HEARTH_TESTUTIL_BLOCK_BUILDER_H
#define HEARTH_TESTUTIL_BLOCK_BUILDER_H

// A reusable block generator for chain tests and benchmarks (btcd's fullblocktests idea), wallet-free:
//  - KeyStore: deterministic keys by index and their P2PKH / P2WPKH / P2TR (BIP86 key path) scripts;
//  - SignInput/SignTransaction: real signatures (legacy sighash, BIP143, BIP341) over the spent coins;
//  - ChainBuilder: a tree of blocks it made (any number of branches), each child built on a parent
//    chosen by hash: a BIP34 coinbase paying subsidy + fees, the BIP141 witness commitment when a
//    transaction has a witness, merkle root, and a nonce ground until the regtest target is met.
//    BlockOptions break one rule at a time: hooks run before the merkle root/commitment are computed
//    (so everything else stays consistent) or after mining (to break the header).
// Every output the builder or its signer created is remembered as a Utxo it can spend later.
// No GoogleTest here, so benchmarks can use it too.

#include <hearth/consensus/params.h>
#include <hearth/crypto/key.h>
#include <hearth/primitives/block.h>
#include <hearth/primitives/transaction.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace hearth::testutil {

using primitives::Amount;
using primitives::Block;
using primitives::Hash256;
using primitives::MutableTransaction;
using primitives::OutPoint;
using primitives::TransactionRef;
using primitives::TxOut;

/// Output kinds the builder can pay to and sign for.
enum class OutputType {
    P2PKH,  ///< OP_DUP OP_HASH160 <keyhash> OP_EQUALVERIFY OP_CHECKSIG, compressed key
    P2WPKH, ///< OP_0 <keyhash>, BIP143 signature
    P2TR,   ///< OP_1 <BIP86-tweaked x-only key>, BIP341 key-path Schnorr signature (SIGHASH_DEFAULT)
    ANYONE, ///< bare OP_TRUE: spent with an empty scriptSig (no signature; cheap filler)
};

/// A coin the builder can spend: where it is, what it holds, and which key signs for it.
struct Utxo {
    OutPoint outpoint;
    TxOut out;
    OutputType type{OutputType::ANYONE};
    uint32_t key_index{0};
    /// Height of the block that created it (-1 while unconfirmed or unknown).
    int height{-1};
    bool coinbase{false};
};

/// Deterministic keys (secret i = SHA256("hearth test key" ‖ i)) and their scripts, cached.
class KeyStore
{
public:
    const crypto::PrivKey& Key(uint32_t index);
    const crypto::PubKey& PubKey(uint32_t index);
    /// The scriptPubKey of `type` for key `index` (ANYONE ignores the key).
    primitives::ScriptBytes Script(OutputType type, uint32_t index);

private:
    struct Entry {
        crypto::PrivKey key;
        crypto::PubKey pub;
        primitives::ScriptBytes p2pkh, p2wpkh, p2tr;
    };
    Entry& Get(uint32_t index);
    std::map<uint32_t, Entry> m_entries;
};

/// Signs input `n` of `tx`, which spends `spent` (one per input, in input order): fills its scriptSig or
/// witness for the spent coin's type. SIGHASH_ALL (SIGHASH_DEFAULT for P2TR).
void SignInput(KeyStore& keys, MutableTransaction& tx, size_t n, std::span<const Utxo> spent);
/// Signs every input of `tx`.
void SignTransaction(KeyStore& keys, MutableTransaction& tx, std::span<const Utxo> spent);

/// How to build one block. The defaults make a valid block on the parent.
struct BlockOptions {
    /// Header time; default parent time + 600.
    std::optional<uint32_t> time{};
    /// Header version; default 0x20000000 (version bits, no signal).
    int32_t version{0x20000000};
    /// nBits; default the parent's (regtest never retargets).
    std::optional<uint32_t> bits{};
    /// Coinbase pays subsidy + fees + this (positive: overpays by that much).
    Amount coinbase_extra{0};
    /// Coinbase output type and key; default: P2PKH, P2WPKH, P2TR by height % 3, a fresh key each block.
    std::optional<OutputType> coinbase_type{};
    std::optional<uint32_t> coinbase_key{};
    /// Replaces the whole coinbase scriptSig (default: push(height) push(builder counter), BIP34).
    std::optional<primitives::ScriptBytes> coinbase_script_sig{};
    /// BIP141 commitment: AUTO adds it (and the 32-byte zero reserved value) iff a transaction has a
    /// witness; ALWAYS/NEVER force it.
    enum class Commitment { AUTO, ALWAYS, NEVER } commitment{Commitment::AUTO};
    /// Runs on the coinbase before it is added (change outputs, scriptSig, witness...).
    std::function<void(MutableTransaction&)> edit_coinbase{};
    /// Runs on the block after the transactions are in, before the commitment, merkle root and nonce are
    /// computed: add, drop, reorder or replace transactions and the rest stays consistent.
    std::function<void(Block&)> edit_block{};
    /// Runs after the merkle root is set, before mining: break the merkle root or the commitment.
    std::function<void(Block&)> after_merkle{};
    /// Grind a nonce that misses the target instead (high-hash).
    bool fail_pow{false};
};

/// One block the builder made.
struct BuiltBlock {
    std::shared_ptr<const Block> block;
    Hash256 hash;
    Hash256 prev;
    int height{0};
    uint32_t time{0};
    uint32_t bits{0};
    /// The coinbase's first output as a spendable coin.
    Utxo coinbase;
};

/// Builds trees of blocks on one network (regtest; see the file comment).
class ChainBuilder
{
public:
    explicit ChainBuilder(const consensus::ChainParams& params);

    const consensus::ChainParams& Params() const { return m_params; }
    KeyStore& Keys() { return m_keys; }

    const BuiltBlock& Genesis() const { return Get(m_params.GenesisHash()); }
    /// A block this builder made (or genesis); aborts if unknown.
    const BuiltBlock& Get(const Hash256& hash) const;
    bool Has(const Hash256& hash) const { return m_blocks.count(hash) > 0; }
    /// The ancestor of `hash` at `height`.
    const BuiltBlock& Ancestor(const Hash256& hash, int height) const;
    /// Median time past of the block `hash` (BIP113).
    int64_t MedianTimePast(const Hash256& hash) const;

    /// Builds and mines the child of `parent` holding `txs` after the coinbase, and remembers it.
    std::shared_ptr<const Block> NextBlock(const Hash256& parent, std::vector<TransactionRef> txs = {},
                                           const BlockOptions& options = {});
    /// `count` blocks on `parent`, each with only a coinbase; returns them in order.
    std::vector<std::shared_ptr<const Block>> Extend(const Hash256& parent, int count);

    /// A signed transaction spending `inputs` into `n_outputs` outputs of `type` (keys from a counter),
    /// sharing the input value minus `fee` equally. Remembers the outputs as spendable.
    TransactionRef Spend(std::span<const Utxo> inputs, size_t n_outputs = 1, Amount fee = 1000,
                         std::optional<OutputType> type = std::nullopt);
    /// Signs `tx` (which spends coins this builder knows: aborts otherwise) and remembers its outputs.
    TransactionRef Sign(MutableTransaction tx);
    /// Remembers the outputs of `tx` (spendable if their scripts are ones this builder made, or OP_TRUE):
    /// for transactions made by hand.
    void Remember(const primitives::Transaction& tx);

    /// The spendable coin at `outpoint` (its height filled in once a block with it was built).
    const Utxo& Coin(const OutPoint& outpoint) const;
    std::optional<Utxo> FindCoin(const OutPoint& outpoint) const;
    /// The outputs of `tx` as coins.
    std::vector<Utxo> Coins(const primitives::Transaction& tx) const;

    /// Sum of spent values minus outputs for a transaction whose spent coins are known; nullopt otherwise.
    std::optional<Amount> Fee(const primitives::Transaction& tx) const;

    /// Recomputes the witness commitment (per `commitment`), then the merkle root.
    static void UpdateCommitments(Block& block, BlockOptions::Commitment commitment = BlockOptions::Commitment::AUTO);
    /// Grinds the nonce until the header meets its own nBits target (or, with `fail`, until it misses it).
    static void Solve(Block& block, const consensus::ChainParams& params, bool fail = false);
    /// Rebuilds one transaction of a block through `edit`.
    static void EditTx(Block& block, size_t index, const std::function<void(MutableTransaction&)>& edit);

    /// Adds a block built outside NextBlock (e.g. edited and re-solved) so children can be built on it.
    void Register(const std::shared_ptr<const Block>& block);

    /// The scriptPubKey of `type` for key `index`, remembered as ours.
    primitives::ScriptBytes ScriptFor(OutputType type, uint32_t index);
    /// A key index never used before.
    uint32_t NewKey() { return m_next_key++; }

private:
    std::optional<OutputType> TypeOf(const primitives::ScriptBytes& script, uint32_t& key) const;

    consensus::ChainParams m_params;
    KeyStore m_keys;
    std::map<Hash256, BuiltBlock> m_blocks;
    /// Coins we can sign for, by outpoint (never forgotten: a spent one may be spent again on a fork).
    std::map<OutPoint, Utxo> m_coins;
    /// Every output of every block and signed transaction: value (for fees).
    std::map<OutPoint, Amount> m_values;
    /// Scripts we made, to recognise outputs of hand-made transactions.
    std::map<primitives::ScriptBytes, std::pair<OutputType, uint32_t>> m_scripts;
    uint32_t m_next_key{1};
    uint64_t m_counter{0};
};

} // namespace hearth::testutil

#endif // HEARTH_TESTUTIL_BLOCK_BUILDER_H
