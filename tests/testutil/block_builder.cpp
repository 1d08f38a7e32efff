#include "testutil/block_builder.h"

#include <hearth/consensus/block_check.h>
#include <hearth/consensus/pow.h>
#include <hearth/crypto/hash.h>
#include <hearth/crypto/sha256.h>
#include <hearth/primitives/merkle.h>
#include <hearth/script/script.h>
#include <hearth/script/sighash.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace hearth::testutil {

namespace {

[[noreturn]] void Fail(const std::string& message)
{
    std::fprintf(stderr, "block builder: %s\n", message.c_str());
    std::abort();
}

primitives::ScriptBytes P2pkhScript(const util::Uint160& key_hash)
{
    return (script::Script{} << script::OP_DUP << script::OP_HASH160 << util::ToBytes(key_hash.span())
                             << script::OP_EQUALVERIFY << script::OP_CHECKSIG)
        .bytes();
}

} // namespace

// ------------------------------------------------------------------------------------------ keys

KeyStore::Entry& KeyStore::Get(uint32_t index)
{
    auto it = m_entries.find(index);
    if (it != m_entries.end()) return it->second;
    std::string seed = "hearth test key";
    for (int i = 0; i < 4; ++i) seed.push_back(static_cast<char>((index >> (8 * i)) & 0xff));
    Entry e;
    e.key = crypto::PrivKey::FromBytes(crypto::Sha256Hash(util::AsBytes(seed)).span());
    if (!e.key.IsValid()) Fail("invalid test key " + std::to_string(index));
    e.pub = e.key.GetPubKey();
    const util::Uint160 key_hash = crypto::Hash160(e.pub.span());
    e.p2pkh = P2pkhScript(key_hash);
    e.p2wpkh = (script::Script{} << script::OP_0 << util::ToBytes(key_hash.span())).bytes();
    // BIP86: the output key is the internal key tweaked with no script tree.
    const auto tweaked = e.key.GetXOnlyPubKey().CreateTapTweak(nullptr);
    if (!tweaked) Fail("taproot tweak failed");
    e.p2tr = (script::Script{} << script::OP_1 << util::ToBytes(tweaked->first.span())).bytes();
    return m_entries.emplace(index, std::move(e)).first->second;
}

const crypto::PrivKey& KeyStore::Key(uint32_t index) { return Get(index).key; }
const crypto::PubKey& KeyStore::PubKey(uint32_t index) { return Get(index).pub; }

primitives::ScriptBytes KeyStore::Script(OutputType type, uint32_t index)
{
    switch (type) {
    case OutputType::P2PKH:
        return Get(index).p2pkh;
    case OutputType::P2WPKH:
        return Get(index).p2wpkh;
    case OutputType::P2TR:
        return Get(index).p2tr;
    case OutputType::ANYONE:
        return {script::OP_TRUE};
    }
    Fail("unknown output type");
}

// ------------------------------------------------------------------------------------------ signing

namespace {

void SignWith(KeyStore& keys, MutableTransaction& tx, size_t n, std::span<const Utxo> spent,
              const script::PrecomputedTransactionData& txdata)
{
    const Utxo& coin = spent[n];
    primitives::TxIn& in = tx.vin[n];
    in.script_sig.clear();
    in.witness.clear();
    switch (coin.type) {
    case OutputType::ANYONE:
        return;
    case OutputType::P2PKH: {
        const util::Uint256 hash = script::SignatureHash(coin.out.script_pubkey, tx, static_cast<unsigned>(n),
                                                         script::SIGHASH_ALL, coin.out.value, script::SigVersion::BASE);
        util::Bytes sig = keys.Key(coin.key_index).SignEcdsa(hash);
        sig.push_back(script::SIGHASH_ALL);
        in.script_sig = (script::Script{} << sig << util::ToBytes(keys.PubKey(coin.key_index).span())).bytes();
        return;
    }
    case OutputType::P2WPKH: {
        const crypto::PubKey& pub = keys.PubKey(coin.key_index);
        // BIP143: the script code of P2WPKH is the P2PKH script of the key hash.
        const primitives::ScriptBytes code = P2pkhScript(crypto::Hash160(pub.span()));
        const util::Uint256 hash = script::SignatureHash(code, tx, static_cast<unsigned>(n), script::SIGHASH_ALL,
                                                         coin.out.value, script::SigVersion::WITNESS_V0, &txdata);
        util::Bytes sig = keys.Key(coin.key_index).SignEcdsa(hash);
        sig.push_back(script::SIGHASH_ALL);
        in.witness = {sig, util::ToBytes(pub.span())};
        return;
    }
    case OutputType::P2TR: {
        script::ScriptExecutionData execdata;
        execdata.annex_init = true; // no annex
        util::Uint256 hash;
        if (!script::SignatureHashSchnorr(hash, execdata, tx, static_cast<uint32_t>(n), script::SIGHASH_DEFAULT,
                                          script::SigVersion::TAPROOT, txdata)) {
            Fail("BIP341 signature hash failed");
        }
        const util::Uint256 no_tree; // all zero: BIP86 tweak without a script tree
        const auto sig = keys.Key(coin.key_index).SignSchnorr(hash, &no_tree, util::Uint256{});
        if (!sig) Fail("Schnorr signing failed");
        in.witness = {util::Bytes(sig->begin(), sig->end())};
        return;
    }
    }
}

script::PrecomputedTransactionData Precompute(const MutableTransaction& tx, std::span<const Utxo> spent)
{
    std::vector<TxOut> outs;
    outs.reserve(spent.size());
    for (const Utxo& u : spent) outs.push_back(u.out);
    script::PrecomputedTransactionData txdata;
    txdata.Init(tx, std::move(outs), /*force=*/true);
    return txdata;
}

} // namespace

void SignInput(KeyStore& keys, MutableTransaction& tx, size_t n, std::span<const Utxo> spent)
{
    if (spent.size() != tx.vin.size() || n >= tx.vin.size()) Fail("SignInput: spent coins do not match the inputs");
    SignWith(keys, tx, n, spent, Precompute(tx, spent));
}

void SignTransaction(KeyStore& keys, MutableTransaction& tx, std::span<const Utxo> spent)
{
    if (spent.size() != tx.vin.size()) Fail("SignTransaction: spent coins do not match the inputs");
    // The BIP143/BIP341 transaction hashes do not cover scriptSigs or witnesses: compute them once.
    const script::PrecomputedTransactionData txdata = Precompute(tx, spent);
    for (size_t n = 0; n < tx.vin.size(); ++n) SignWith(keys, tx, n, spent, txdata);
}

// ------------------------------------------------------------------------------------------ builder

ChainBuilder::ChainBuilder(const consensus::ChainParams& params) : m_params{params}
{
    const Block& genesis = m_params.genesis;
    BuiltBlock g;
    g.block = std::make_shared<const Block>(genesis);
    g.hash = genesis.GetHash();
    g.height = 0;
    g.time = genesis.header.time;
    g.bits = genesis.header.bits;
    // Genesis's coinbase is never spendable (it is not in the UTXO set); its coin is left empty.
    m_blocks.emplace(g.hash, std::move(g));
}

const BuiltBlock& ChainBuilder::Get(const Hash256& hash) const
{
    auto it = m_blocks.find(hash);
    if (it == m_blocks.end()) Fail("unknown block " + hash.ToHex());
    return it->second;
}

const BuiltBlock& ChainBuilder::Ancestor(const Hash256& hash, int height) const
{
    const BuiltBlock* b = &Get(hash);
    if (height > b->height || height < 0) Fail("no ancestor at height " + std::to_string(height));
    while (b->height > height) b = &Get(b->prev);
    return *b;
}

int64_t ChainBuilder::MedianTimePast(const Hash256& hash) const
{
    std::vector<int64_t> times;
    const BuiltBlock* b = &Get(hash);
    while (true) {
        times.push_back(b->time);
        if (times.size() == 11 || b->height == 0) break;
        b = &Get(b->prev);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

primitives::ScriptBytes ChainBuilder::ScriptFor(OutputType type, uint32_t index)
{
    primitives::ScriptBytes script = m_keys.Script(type, index);
    m_scripts.emplace(script, std::make_pair(type, index));
    return script;
}

std::optional<OutputType> ChainBuilder::TypeOf(const primitives::ScriptBytes& script, uint32_t& key) const
{
    if (script == primitives::ScriptBytes{script::OP_TRUE}) {
        key = 0;
        return OutputType::ANYONE;
    }
    auto it = m_scripts.find(script);
    if (it == m_scripts.end()) return std::nullopt;
    key = it->second.second;
    return it->second.first;
}

void ChainBuilder::Remember(const primitives::Transaction& tx)
{
    for (uint32_t i = 0; i < tx.vout.size(); ++i) {
        const OutPoint outpoint{tx.GetTxid(), i};
        m_values[outpoint] = tx.vout[i].value;
        uint32_t key = 0;
        const auto type = TypeOf(tx.vout[i].script_pubkey, key);
        if (!type) continue;
        Utxo& u = m_coins[outpoint];
        u.outpoint = outpoint;
        u.out = tx.vout[i];
        u.type = *type;
        u.key_index = key;
        u.coinbase = tx.IsCoinBase();
    }
}

const Utxo& ChainBuilder::Coin(const OutPoint& outpoint) const
{
    auto it = m_coins.find(outpoint);
    if (it == m_coins.end()) Fail("no spendable coin " + outpoint.ToString());
    return it->second;
}

std::optional<Utxo> ChainBuilder::FindCoin(const OutPoint& outpoint) const
{
    auto it = m_coins.find(outpoint);
    if (it == m_coins.end()) return std::nullopt;
    return it->second;
}

std::vector<Utxo> ChainBuilder::Coins(const primitives::Transaction& tx) const
{
    std::vector<Utxo> coins;
    for (uint32_t i = 0; i < tx.vout.size(); ++i) {
        if (auto c = FindCoin(OutPoint{tx.GetTxid(), i})) coins.push_back(*c);
    }
    return coins;
}

std::optional<Amount> ChainBuilder::Fee(const primitives::Transaction& tx) const
{
    if (tx.IsCoinBase()) return 0;
    Amount in = 0;
    for (const auto& txin : tx.vin) {
        auto it = m_values.find(txin.prevout);
        if (it == m_values.end()) return std::nullopt;
        in += it->second;
    }
    return in - tx.GetValueOut();
}

TransactionRef ChainBuilder::Sign(MutableTransaction tx)
{
    std::vector<Utxo> spent;
    spent.reserve(tx.vin.size());
    for (const auto& in : tx.vin) spent.push_back(Coin(in.prevout));
    SignTransaction(m_keys, tx, spent);
    TransactionRef ref = primitives::MakeTransactionRef(std::move(tx));
    Remember(*ref);
    return ref;
}

TransactionRef ChainBuilder::Spend(std::span<const Utxo> inputs, size_t n_outputs, Amount fee,
                                   std::optional<OutputType> type)
{
    if (inputs.empty() || n_outputs == 0) Fail("Spend needs inputs and outputs");
    MutableTransaction tx;
    tx.version = 2;
    Amount total = 0;
    for (const Utxo& u : inputs) {
        primitives::TxIn in;
        in.prevout = u.outpoint;
        tx.vin.push_back(std::move(in));
        total += u.out.value;
    }
    const Amount share = (total - fee) / static_cast<Amount>(n_outputs);
    if (share <= 0) Fail("Spend: inputs do not cover the fee");
    for (size_t i = 0; i < n_outputs; ++i) {
        const OutputType t = type.value_or(static_cast<OutputType>(m_counter++ % 3));
        TxOut out;
        out.value = share + (i == 0 ? (total - fee) - share * static_cast<Amount>(n_outputs) : 0);
        out.script_pubkey = ScriptFor(t, NewKey());
        tx.vout.push_back(std::move(out));
    }
    std::vector<Utxo> spent(inputs.begin(), inputs.end());
    SignTransaction(m_keys, tx, spent);
    TransactionRef ref = primitives::MakeTransactionRef(std::move(tx));
    Remember(*ref);
    return ref;
}

void ChainBuilder::EditTx(Block& block, size_t index, const std::function<void(MutableTransaction&)>& edit)
{
    MutableTransaction m = block.vtx.at(index)->ToMutable();
    edit(m);
    block.vtx[index] = primitives::MakeTransactionRef(std::move(m));
}

void ChainBuilder::UpdateCommitments(Block& block, BlockOptions::Commitment commitment)
{
    bool want = commitment == BlockOptions::Commitment::ALWAYS;
    if (commitment == BlockOptions::Commitment::AUTO) {
        want = std::any_of(block.vtx.begin() + 1, block.vtx.end(),
                           [](const TransactionRef& tx) { return tx->HasWitness(); });
    }
    if (want && !block.vtx.empty()) {
        // BIP141: commitment = SHA256d(witness root ‖ reserved value) in an OP_RETURN output of the coinbase;
        // the reserved value is the coinbase's witness (32 zero bytes, as Core's miner). The witness root
        // treats the coinbase's wtxid as zero, so editing the coinbase does not change it.
        EditTx(block, 0, [&](MutableTransaction& cb) {
            if (cb.vin.empty()) return;
            if (cb.vin[0].witness.empty()) cb.vin[0].witness = {util::Bytes(32, 0)};
        });
        const Hash256 root = primitives::BlockWitnessMerkleRoot(block);
        // The reserved value is the coinbase's witness item if it has the right size (tests may break it).
        Hash256 reserved;
        if (!block.vtx[0]->vin.empty()) {
            const primitives::Witness& w = block.vtx[0]->vin[0].witness;
            if (w.size() == 1 && w[0].size() == 32) reserved = Hash256{util::ByteSpan{w[0]}};
        }
        const Hash256 commitment_hash = primitives::ComputeWitnessCommitment(root, reserved);
        primitives::ScriptBytes script;
        script.reserve(primitives::MINIMUM_WITNESS_COMMITMENT);
        for (uint8_t b : primitives::WITNESS_COMMITMENT_HEADER) script.push_back(b);
        for (uint8_t b : commitment_hash) script.push_back(b);
        const auto pos = primitives::GetWitnessCommitmentIndex(block);
        EditTx(block, 0, [&](MutableTransaction& cb) {
            if (pos) {
                cb.vout[*pos].script_pubkey = script;
            } else {
                TxOut out;
                out.value = 0;
                out.script_pubkey = script;
                cb.vout.push_back(std::move(out));
            }
        });
    }
    block.header.merkle_root = primitives::BlockMerkleRoot(block);
}

void ChainBuilder::Solve(Block& block, const consensus::ChainParams& params, bool fail)
{
    for (block.header.nonce = 0;; ++block.header.nonce) {
        const bool ok = consensus::CheckProofOfWork(block.header.GetHash(), block.header.bits, params.consensus);
        if (ok != fail) return;
        if (block.header.nonce == 0xffffffff) Fail("no nonce found");
    }
}

void ChainBuilder::Register(const std::shared_ptr<const Block>& block)
{
    const Hash256 hash = block->GetHash();
    if (m_blocks.count(hash)) return;
    const BuiltBlock& parent = Get(block->header.prev_block);
    BuiltBlock b;
    b.block = block;
    b.hash = hash;
    b.prev = parent.hash;
    b.height = parent.height + 1;
    b.time = block->header.time;
    b.bits = block->header.bits;
    for (const TransactionRef& tx : block->vtx) {
        Remember(*tx);
        for (uint32_t i = 0; i < tx->vout.size(); ++i) {
            auto it = m_coins.find(OutPoint{tx->GetTxid(), i});
            if (it != m_coins.end()) it->second.height = b.height;
        }
    }
    if (!block->vtx.empty()) {
        if (auto c = FindCoin(OutPoint{block->vtx[0]->GetTxid(), 0})) b.coinbase = *c;
    }
    m_blocks.emplace(hash, std::move(b));
}

std::shared_ptr<const Block> ChainBuilder::NextBlock(const Hash256& parent_hash, std::vector<TransactionRef> txs,
                                                     const BlockOptions& options)
{
    const BuiltBlock& parent = Get(parent_hash);
    const int height = parent.height + 1;

    Amount fees = 0;
    // Fees of transactions spending known coins; a transaction paying out more than it spends (a test of
    // bad-txns-in-belowout or an out-of-range output) adds nothing, so the coinbase stays well-formed.
    for (const TransactionRef& tx : txs) fees += std::max<Amount>(Fee(*tx).value_or(0), 0);

    MutableTransaction cb;
    cb.version = 2;
    primitives::TxIn in; // null prevout
    if (options.coinbase_script_sig) {
        in.script_sig = *options.coinbase_script_sig;
    } else {
        // BIP34 height, then a counter so that every coinbase (on any branch) has its own txid.
        script::PushInt(in.script_sig, height);
        script::PushInt(in.script_sig, static_cast<int64_t>(m_counter++));
    }
    cb.vin.push_back(std::move(in));
    TxOut out;
    out.value = consensus::GetBlockSubsidy(height, m_params.consensus) + fees + options.coinbase_extra;
    const OutputType type = options.coinbase_type.value_or(static_cast<OutputType>(height % 3));
    out.script_pubkey = ScriptFor(type, options.coinbase_key.value_or(NewKey()));
    cb.vout.push_back(std::move(out));
    if (options.edit_coinbase) options.edit_coinbase(cb);

    Block block;
    block.header.version = options.version;
    block.header.prev_block = parent_hash;
    block.header.time = options.time.value_or(parent.time + 600);
    block.header.bits = options.bits.value_or(parent.bits);
    block.vtx.reserve(txs.size() + 1);
    block.vtx.push_back(primitives::MakeTransactionRef(std::move(cb)));
    for (TransactionRef& tx : txs) block.vtx.push_back(std::move(tx));
    if (options.edit_block) options.edit_block(block);
    UpdateCommitments(block, options.commitment);
    if (options.after_merkle) options.after_merkle(block);
    Solve(block, m_params, options.fail_pow);

    auto shared = std::make_shared<const Block>(std::move(block));
    Register(shared);
    return shared;
}

std::vector<std::shared_ptr<const Block>> ChainBuilder::Extend(const Hash256& parent, int count)
{
    std::vector<std::shared_ptr<const Block>> blocks;
    Hash256 tip = parent;
    for (int i = 0; i < count; ++i) {
        blocks.push_back(NextBlock(tip));
        tip = blocks.back()->GetHash();
    }
    return blocks;
}

} // namespace hearth::testutil
