// Buried deployments moved with Core's -testactivationheight (consensus::ChainOptions): each rule is not
// enforced in the block just below its height and enforced from that height on. Also BIP30, which on
// regtest only matters while BIP34 (unique coinbases) is not active.

#include "chain_test_util.h"
#include "testutil/block_builder.h"

#include <hearth/script/script.h>
#include <hearth/script/sighash.h>

using namespace hearth;
using namespace hearth::chain;
using namespace hearth::chain::test;
using primitives::MutableTransaction;
using primitives::TxIn;
using primitives::TxOut;
using testutil::BlockOptions;
using testutil::ChainBuilder;
using testutil::OutputType;
using testutil::Utxo;
using BlockRef = std::shared_ptr<const primitives::Block>;

namespace {

constexpr int PREFIX = 110;

/// A chain and builder on regtest with -testactivationheight values, 110 blocks deep.
class Deployment
{
public:
    /// `coins_cache_bytes` 1: the coins cache is emptied into the database after every block.
    explicit Deployment(std::vector<std::string> activation_heights, size_t coins_cache_bytes = 0) :
        m_params{RegtestParams(Options(std::move(activation_heights)))}, m_builder{m_params},
        m_chain{m_params, [coins_cache_bytes](ChainstateOptions& o) {
                    if (coins_cache_bytes) o.coins_cache_bytes = coins_cache_bytes;
                }}
    {
        BlockOptions opt;
        Hash256 tip = m_builder.Genesis().hash;
        for (int h = 1; h <= PREFIX; ++h) {
            // Only P2PKH coinbases: a deployment test may run before segwit, where witness spends are refused.
            opt.coinbase_type = OutputType::P2PKH;
            tip = m_builder.NextBlock(tip, {}, opt)->GetHash();
            EXPECT_EQ(m_chain.Submit(m_builder.Get(tip).block), "");
        }
    }

    ChainBuilder& B() { return m_builder; }
    TestChain& C() { return m_chain; }
    Hash256 Tip() { return m_chain.TipHash(); }
    int Next() { return m_chain.Height() + 1; }
    Utxo CoinbaseAt(int height) { return m_builder.Get(m_chain.cs().Chain()[height]->GetHash()).coinbase; }

    /// Extends the chain with empty blocks until the next block is at `height`.
    void ExtendTo(int height)
    {
        while (Next() < height) EXPECT_EQ(m_chain.Submit(m_builder.NextBlock(Tip())), "");
    }
    /// Submits a block on the tip: expects `reason` ("" = accepted).
    void Expect(const BlockRef& block, const std::string& reason)
    {
        const Hash256 tip = Tip();
        EXPECT_EQ(m_chain.Submit(block), reason) << "at height " << Next();
        EXPECT_EQ(Tip(), reason.empty() ? block->GetHash() : tip);
    }

private:
    static consensus::ChainOptions Options(std::vector<std::string> activation_heights)
    {
        consensus::ChainOptions options;
        options.test_activation_heights = std::move(activation_heights);
        return options;
    }

    consensus::ChainParams m_params;
    ChainBuilder m_builder;
    TestChain m_chain;
};

MutableTransaction SpendSkeleton(const OutPoint& outpoint, primitives::Amount value)
{
    MutableTransaction tx;
    tx.version = 2;
    TxIn in;
    in.prevout = outpoint;
    tx.vin.push_back(in);
    tx.vout.push_back(TxOut{value - 1000, {script::OP_TRUE}});
    return tx;
}

/// A legacy ECDSA signature (with SIGHASH_ALL) of input 0 of `tx` spending `script_code` with key 777.
util::Bytes LegacySig(ChainBuilder& b, const MutableTransaction& tx, util::ByteSpan script_code,
                      primitives::Amount amount)
{
    const util::Uint256 hash =
        script::SignatureHash(script_code, tx, 0, script::SIGHASH_ALL, amount, script::SigVersion::BASE);
    util::Bytes sig = b.Keys().Key(777).SignEcdsa(hash);
    sig.push_back(script::SIGHASH_ALL);
    return sig;
}

} // namespace

TEST(ActivationTest, SegwitWitnessAndNullDummy)
{
    constexpr int SEGWIT = 120;
    Deployment d{{"segwit@" + std::to_string(SEGWIT)}};
    // Fund: two bare 1-of-1 multisig outputs (for NULLDUMMY) and one P2WPKH output.
    const util::Bytes pub = util::ToBytes(d.B().Keys().PubKey(777).span());
    const primitives::ScriptBytes multisig =
        (script::Script{} << script::OP_1 << pub << script::OP_1 << script::OP_CHECKMULTISIG).bytes();
    MutableTransaction fund = SpendSkeleton(d.CoinbaseAt(1).outpoint, 0);
    fund.vout = {TxOut{10 * primitives::COIN, multisig}, TxOut{10 * primitives::COIN, multisig},
                 TxOut{10 * primitives::COIN, d.B().ScriptFor(OutputType::P2WPKH, 778)}};
    auto fund_tx = d.B().Sign(fund);
    d.Expect(d.B().NextBlock(d.Tip(), {fund_tx}), "");
    const Utxo witness_coin = d.B().Coin(OutPoint{fund_tx->GetTxid(), 2});

    // CHECKMULTISIG's dummy element must be empty only from segwit on (BIP147).
    auto multisig_spend = [&](uint32_t vout, script::Opcode dummy) {
        MutableTransaction tx = SpendSkeleton(OutPoint{fund_tx->GetTxid(), vout}, 10 * primitives::COIN);
        tx.vin[0].script_sig =
            (script::Script{} << dummy << LegacySig(d.B(), tx, multisig, 10 * primitives::COIN)).bytes();
        return primitives::MakeTransactionRef(tx);
    };
    d.Expect(d.B().NextBlock(d.Tip(), {multisig_spend(0, script::OP_1)}), "");
    // Witness data only from segwit on (before it there is no commitment to check it against).
    d.Expect(d.B().NextBlock(d.Tip(), {d.B().Spend(std::vector<Utxo>{witness_coin})}), "unexpected-witness");

    d.ExtendTo(SEGWIT - 1);
    d.Expect(d.B().NextBlock(d.Tip(), {d.B().Spend(std::vector<Utxo>{witness_coin})}), "unexpected-witness");
    d.Expect(d.B().NextBlock(d.Tip()), "");
    ASSERT_EQ(d.Next(), SEGWIT);
    d.Expect(d.B().NextBlock(d.Tip(), {multisig_spend(1, script::OP_1)}),
             "block-script-verify-flag-failed (Dummy CHECKMULTISIG argument must be zero)");
    d.Expect(d.B().NextBlock(d.Tip(), {d.B().Spend(std::vector<Utxo>{witness_coin}), multisig_spend(1, script::OP_0)}),
             "");
    EXPECT_NE(d.C().cs().Tip()->status & BLOCK_OPT_WITNESS, 0U);
    EXPECT_EQ(d.C().cs().Tip()->prev->status & BLOCK_OPT_WITNESS, 0U);
}

TEST(ActivationTest, CsvSequenceLocksAndMedianTimePast)
{
    constexpr int CSV = 130;
    Deployment d{{"csv@" + std::to_string(CSV)}};
    auto relative_spend = [&](const Utxo& coin, uint32_t blocks) {
        MutableTransaction tx = SpendSkeleton(coin.outpoint, coin.out.value);
        tx.vin[0].sequence = blocks; // BIP68 height lock
        return d.B().Sign(tx);
    };
    // Before CSV: a 10-block relative lock one block after the coin is confirmed is not enforced.
    auto fund = d.B().Spend(std::vector<Utxo>{d.CoinbaseAt(1)}, 2);
    d.Expect(d.B().NextBlock(d.Tip(), {fund}), "");
    d.Expect(d.B().NextBlock(d.Tip(), {relative_spend(d.B().Coins(*fund)[0], 10)}), "");
    // nLockTime as a time is compared with the block's own time before CSV (BIP113 comes with it).
    auto time_locked = [&](const Utxo& coin) {
        MutableTransaction tx = SpendSkeleton(coin.outpoint, coin.out.value);
        tx.locktime = static_cast<uint32_t>(d.B().MedianTimePast(d.Tip())) + 1; // after MTP, before the block time
        tx.vin[0].sequence = 0;
        return d.B().Sign(tx);
    };
    d.Expect(d.B().NextBlock(d.Tip(), {time_locked(d.CoinbaseAt(2))}), "");

    d.ExtendTo(CSV - 1);
    auto fund2 = d.B().Spend(std::vector<Utxo>{d.CoinbaseAt(3)}, 2);
    d.Expect(d.B().NextBlock(d.Tip(), {fund2}), ""); // at CSV - 1
    ASSERT_EQ(d.Next(), CSV);
    d.Expect(d.B().NextBlock(d.Tip(), {relative_spend(d.B().Coins(*fund2)[0], 10)}), "bad-txns-nonfinal");
    d.Expect(d.B().NextBlock(d.Tip(), {time_locked(d.CoinbaseAt(4))}), "bad-txns-nonfinal");
    d.Expect(d.B().NextBlock(d.Tip(), {relative_spend(d.B().Coins(*fund2)[0], 1)}), "");
}

TEST(ActivationTest, Bip34CoinbaseHeight)
{
    constexpr int BIP34 = 120;
    Deployment d{{"bip34@" + std::to_string(BIP34)}};
    BlockOptions no_height;
    no_height.coinbase_script_sig = primitives::ScriptBytes{script::OP_0, script::OP_0};
    d.ExtendTo(BIP34 - 1);
    d.Expect(d.B().NextBlock(d.Tip(), {}, no_height), "");
    d.Expect(d.B().NextBlock(d.Tip(), {}, no_height), "bad-cb-height");
    d.Expect(d.B().NextBlock(d.Tip()), "");
}

/// Options under which every block's coinbase is the same transaction (same txid; BIP34 must be inactive):
/// the scriptSig OP_1 `second_op`, and one P2PKH output of 25 BTC to `key` — no more than the subsidy both
/// before and after regtest's first halving (height 150).
BlockOptions RepeatedCoinbase(uint8_t second_op, uint32_t key)
{
    BlockOptions same;
    same.coinbase_script_sig = primitives::ScriptBytes{script::OP_1, second_op};
    same.coinbase_type = OutputType::P2PKH;
    same.coinbase_key = key;
    same.edit_coinbase = [](MutableTransaction& cb) { cb.vout[0].value = 25 * primitives::COIN; };
    return same;
}

TEST(ActivationTest, Bip30DuplicateCoinbaseWhileBip34Inactive)
{
    Deployment d{{"bip34@100000"}};
    // Two coinbases with the same scriptSig and output have the same txid.
    const BlockOptions same = RepeatedCoinbase(script::OP_1, 4242);
    auto first = d.B().NextBlock(d.Tip(), {}, same);
    d.Expect(first, "");
    const Utxo coin = d.B().Get(first->GetHash()).coinbase;
    auto dup = d.B().NextBlock(d.Tip(), {}, same);
    ASSERT_EQ(dup->vtx[0]->GetTxid(), first->vtx[0]->GetTxid());
    d.Expect(dup, "bad-txns-BIP30");
    // BIP30 forbids overwriting an *unspent* output: once the first coinbase is spent, it may repeat.
    d.ExtendTo(coin.height + 100);
    d.Expect(d.B().NextBlock(d.Tip(), {d.B().Spend(std::vector<Utxo>{coin})}), "");
    auto again = d.B().NextBlock(d.Tip(), {}, same);
    ASSERT_EQ(again->vtx[0]->GetTxid(), first->vtx[0]->GetTxid());
    d.Expect(again, "");
    EXPECT_NE(d.C().cs().CoinsTip().AccessCoin(coin.outpoint), nullptr);
}

void RepeatedTransactionWhoseOutputTheSameBlockSpends(size_t coins_cache_bytes)
{
    // With coinbases repeatable (BIP34 inactive), a non-coinbase transaction T can repeat too: its input,
    // a repeated coinbase's output, is unspent again. A block that spends T's still unspent output and then
    // repeats T breaks BIP30 — the output was unspent before the block — though nothing is unspent at the
    // moment the repeat adds it. Checked with the output cached (fresh, so the spend drops it) and with it
    // only in the database (the spend leaves a spent entry); then the block without the repeat connects.
    Deployment d{{"bip34@100000"}, coins_cache_bytes};
    const BlockOptions same = RepeatedCoinbase(script::OP_2, 4343);
    auto first = d.B().NextBlock(d.Tip(), {}, same);
    d.Expect(first, "");
    const Utxo coin = d.B().Get(first->GetHash()).coinbase;
    d.ExtendTo(coin.height + 100);
    const auto t = d.B().Spend(std::vector<Utxo>{coin}, 2);
    d.Expect(d.B().NextBlock(d.Tip(), {t}), "");
    auto again = d.B().NextBlock(d.Tip(), {}, same); // the coinbase again: its output is spendable again
    ASSERT_EQ(again->vtx[0]->GetTxid(), first->vtx[0]->GetTxid());
    d.Expect(again, "");
    d.ExtendTo(d.Next() + 100);
    const auto spend_t = d.B().Spend(d.B().Coins(*t), 1);
    // Cached: t's outputs are fresh in the tip cache (nothing flushed since they were added).
    d.Expect(d.B().NextBlock(d.Tip(), {spend_t, t}), "bad-txns-BIP30");
    // Only in the database: flushed and uncached, so the spend fetches them and leaves spent entries.
    ASSERT_TRUE(d.C().cs().Flush());
    const auto other = d.B().Spend(std::vector<Utxo>{d.CoinbaseAt(5)}, 1); // another block than the first
    d.Expect(d.B().NextBlock(d.Tip(), {other, spend_t, t}), "bad-txns-BIP30");
    // t alone repeated, its outputs unspent: refused as they are added (cached), or found in the database
    // once the block's script checks are queued (cold cache).
    d.Expect(d.B().NextBlock(d.Tip(), {other, t}), "bad-txns-BIP30");
    // A transaction after the repeat that fails its inputs loses to BIP30, which Core checks first.
    MutableTransaction ghost = SpendSkeleton(d.CoinbaseAt(6).outpoint, primitives::COIN);
    ghost.vin[0].prevout.hash.data()[0] ^= 0x55;
    d.Expect(d.B().NextBlock(d.Tip(), {t, primitives::MakeTransactionRef(ghost)}), "bad-txns-BIP30");
    const Hash256 utxo_before = d.C().UtxoHash();
    auto good = d.B().NextBlock(d.Tip(), {other, spend_t});
    d.Expect(good, "");
    EXPECT_NE(d.C().UtxoHash(), utxo_before);
    for (const Utxo& c : d.B().Coins(*t)) EXPECT_EQ(d.C().cs().CoinsTip().AccessCoin(c.outpoint), nullptr);
    EXPECT_NE(d.C().cs().CoinsTip().AccessCoin(d.B().Coins(*spend_t)[0].outpoint), nullptr);
}

TEST(ActivationTest, Bip30RepeatedTransactionWhoseOutputTheSameBlockSpends)
{
    RepeatedTransactionWhoseOutputTheSameBlockSpends(0);
}

TEST(ActivationTest, Bip30RepeatedTransactionWithTheCoinsCacheEmptiedAfterEveryBlock)
{
    RepeatedTransactionWhoseOutputTheSameBlockSpends(1);
}

TEST(ActivationTest, DersigStrictDer)
{
    constexpr int DERSIG = 120;
    Deployment d{{"dersig@" + std::to_string(DERSIG)}};
    // A P2PKH signature with a needlessly padded R: lax DER parses it, BIP66 does not.
    auto padded_spend = [&](const Utxo& coin) {
        MutableTransaction tx = d.B().Sign(SpendSkeleton(coin.outpoint, coin.out.value))->ToMutable();
        util::Bytes& ss = tx.vin[0].script_sig;
        const size_t sig_len = ss[0];
        util::Bytes sig(ss.begin() + 1, ss.begin() + 1 + static_cast<ptrdiff_t>(sig_len));
        const util::Bytes rest(ss.begin() + 1 + static_cast<ptrdiff_t>(sig_len), ss.end());
        // 30 L 02 rL R... → 30 L+1 02 rL+1 00 R...
        sig[1] += 1;
        sig[3] += 1;
        sig.insert(sig.begin() + 4, 0x00);
        ss.clear();
        script::PushData(ss, sig);
        util::Append(ss, rest);
        return primitives::MakeTransactionRef(tx);
    };
    d.ExtendTo(DERSIG - 1);
    d.Expect(d.B().NextBlock(d.Tip(), {padded_spend(d.CoinbaseAt(1))}), "");
    d.Expect(d.B().NextBlock(d.Tip(), {padded_spend(d.CoinbaseAt(2))}),
             "block-script-verify-flag-failed (Non-canonical DER signature)");
}

TEST(ActivationTest, CltvOpcodeAndVersion)
{
    constexpr int CLTV = 120;
    Deployment d{{"cltv@" + std::to_string(CLTV)}};
    // An output locked until height 500 by OP_CHECKLOCKTIMEVERIFY (a NOP before BIP65).
    const primitives::ScriptBytes locked =
        (script::Script{} << int64_t{500} << script::OP_CHECKLOCKTIMEVERIFY << script::OP_DROP << script::OP_TRUE)
            .bytes();
    MutableTransaction fund = SpendSkeleton(d.CoinbaseAt(1).outpoint, 0);
    fund.vout = {TxOut{primitives::COIN, locked}, TxOut{primitives::COIN, locked}};
    auto fund_tx = d.B().Sign(fund);
    d.Expect(d.B().NextBlock(d.Tip(), {fund_tx}), "");
    auto spend = [&](uint32_t n) {
        return primitives::MakeTransactionRef(SpendSkeleton(OutPoint{fund_tx->GetTxid(), n}, primitives::COIN));
    };
    BlockOptions v3;
    v3.version = 3;
    d.ExtendTo(CLTV - 1);
    d.Expect(d.B().NextBlock(d.Tip(), {spend(0)}, v3), "");
    ASSERT_EQ(d.Next(), CLTV);
    d.Expect(d.B().NextBlock(d.Tip(), {}, v3), "bad-version(0x00000003)");
    d.Expect(d.B().NextBlock(d.Tip(), {spend(1)}),
             "block-script-verify-flag-failed (Locktime requirement not satisfied)");
}
