// Full validation of a real mainnet block: 277647 (213 transactions, 732 inputs) against the outputs it
// spends (277647-utxos.csv), through Chainstate::ConnectBlockForTest — ConnectBlock's checks with scripts,
// amounts, BIP30 and the coinbase limit, on mainnet parameters at the real height. Then copies with one
// thing broken must fail with Core's reject reason.

#include "chain_test_util.h"

#include <hearth/consensus/block_check.h>
#include <hearth/script/sighash.h>
#include <hearth/script/verify_flags.h>
#include <hearth/util/hex.h>

#include <sstream>

using namespace hearth;
using namespace hearth::chain;
using namespace hearth::chain::test;

namespace {

constexpr int HEIGHT = 277647;
const char* const EVAL_FALSE_REASON = "block-script-verify-flag-failed (Script evaluated without error but finished "
                                      "with a false/empty top stack element)";

struct CsvCoin {
    OutPoint outpoint;
    Coin coin;
};

std::vector<CsvCoin> ReadCoins()
{
    std::vector<CsvCoin> coins;
    std::istringstream in{testutil::ReadTextFile(testutil::VectorPath("277647-utxos.csv"))};
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "txid,vout,height,coinbase,amount_sat,script_pubkey_hex");
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::vector<std::string> f;
        std::istringstream fields{line};
        for (std::string x; std::getline(fields, x, ',');) f.push_back(x);
        if (f.size() == 5) f.emplace_back(); // empty script
        EXPECT_EQ(f.size(), 6U) << line;
        if (f.size() != 6) continue;
        CsvCoin c;
        c.outpoint.hash = *Hash256::FromHex(f[0]);
        c.outpoint.n = static_cast<uint32_t>(std::stoul(f[1]));
        c.coin.height = static_cast<uint32_t>(std::stoul(f[2]));
        c.coin.coinbase = f[3] == "1";
        c.coin.out.value = std::stoll(f[4]);
        c.coin.out.script_pubkey.Assign(testutil::Hex(f[5]));
        coins.push_back(std::move(c));
    }
    return coins;
}

/// A UTXO set with nothing below the cache.
class EmptyView final : public CoinsView
{
public:
    std::optional<Coin> GetCoin(const OutPoint&) const override { return std::nullopt; }
    Hash256 GetBestBlock() const override { return {}; }
    util::Result<void> BatchWrite(CoinsMap& coins, const Hash256&) override
    {
        coins.clear();
        return {};
    }
};

/// Stand-in ancestors for heights 0..HEIGHT-1: only what ConnectBlock reads is real — the parent's hash,
/// and the BIP34 block's hash (so BIP30 is skipped as on the real chain).
class StandInChain
{
public:
    StandInChain(const Hash256& parent, const consensus::ConsensusParams& params) : m_hashes(HEIGHT), m_index(HEIGHT)
    {
        m_hashes[HEIGHT - 1] = parent;
        m_hashes[static_cast<size_t>(params.bip34_height)] = params.bip34_hash;
        for (int h = 0; h < HEIGHT; ++h) {
            BlockIndex& i = m_index[static_cast<size_t>(h)];
            i.hash = &m_hashes[static_cast<size_t>(h)];
            i.height = h;
            i.prev = h > 0 ? &m_index[static_cast<size_t>(h - 1)] : nullptr;
            i.BuildSkip();
        }
    }
    BlockIndex* Parent() { return &m_index.back(); }

private:
    std::vector<Hash256> m_hashes;
    std::vector<BlockIndex> m_index;
};

class RealBlockTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto blocks = ReadBlockFile("277647.dat", m_params.message_start);
        ASSERT_EQ(blocks.size(), 1U);
        m_block = blocks[0];
        ASSERT_EQ(m_block->GetHash().ToHex(), "0000000000000000054a714e580b16c583701712ab91060e92dbde6eb1e052a8");
        m_coins = ReadCoins();
        ASSERT_EQ(m_coins.size(), 732U);
        ASSERT_TRUE(m_chain.ok());
    }

    /// Connects `block` (checks only) on a fresh copy of the spent coins; returns "" or the reject reason.
    std::string Connect(const primitives::Block& block)
    {
        EmptyView base;
        CoinsViewCache view{&base};
        for (const auto& c : m_coins) {
            // Outputs created by the block itself are added by connecting it (BIP30 would reject a block
            // whose outputs already exist).
            if (c.coin.height != static_cast<uint32_t>(HEIGHT)) view.AddCoin(c.outpoint, c.coin, false);
        }
        view.SetBestBlock(block.header.prev_block);
        StandInChain stand_in{block.header.prev_block, m_params.consensus};
        consensus::BlockValidationState state;
        if (m_chain.cs().ConnectBlockForTest(block, state, stand_in.Parent(), view)) {
            // Every input was spent and every output added.
            for (const auto& tx : block.vtx) {
                for (uint32_t o = 0; o < tx->vout.size(); ++o) {
                    const bool spent_in_block = std::any_of(block.vtx.begin(), block.vtx.end(), [&](const auto& t) {
                        return std::any_of(t->vin.begin(), t->vin.end(), [&](const auto& in) {
                            return in.prevout == OutPoint{tx->GetTxid(), o};
                        });
                    });
                    EXPECT_EQ(view.HaveCoin(OutPoint{tx->GetTxid(), o}), !spent_in_block);
                }
            }
            return "";
        }
        EXPECT_TRUE(state.IsInvalid()) << state.ToString();
        return state.GetRejectReason();
    }

    const CsvCoin* Find(const OutPoint& o) const
    {
        for (const auto& c : m_coins) {
            if (c.outpoint == o) return &c;
        }
        return nullptr;
    }

    /// Index of a non-coinbase transaction whose outputs no later transaction of the block spends (so its
    /// txid may change), at or after `from`.
    size_t UnspentInBlock(size_t from) const
    {
        for (size_t i = std::max<size_t>(from, 1); i < m_block->vtx.size(); ++i) {
            bool spent = false;
            for (const auto& t : m_block->vtx) {
                for (const auto& in : t->vin) spent |= in.prevout.hash == m_block->vtx[i]->GetTxid();
            }
            if (!spent) return i;
        }
        ADD_FAILURE() << "no such transaction";
        return 1;
    }

    primitives::Amount Fee(const primitives::Transaction& tx) const
    {
        primitives::Amount in = 0;
        for (const auto& txin : tx.vin) in += Find(txin.prevout)->coin.out.value;
        return in - tx.GetValueOut();
    }

    static primitives::Block Edit(const primitives::Block& block, size_t tx,
                                  const std::function<void(primitives::MutableTransaction&)>& edit)
    {
        primitives::Block copy = block;
        primitives::MutableTransaction m = copy.vtx[tx]->ToMutable();
        edit(m);
        copy.vtx[tx] = primitives::MakeTransactionRef(std::move(m));
        return copy; // merkle root and PoW are stale: ConnectBlock's just-check mode does not look at them
    }

    const consensus::ChainParams m_params = Params(consensus::ChainType::MAIN);
    TestChain m_chain{m_params};
    std::shared_ptr<const primitives::Block> m_block;
    std::vector<CsvCoin> m_coins;
};

} // namespace

TEST_F(RealBlockTest, ConnectsWithAllSignaturesAndAmounts)
{
    const primitives::Block& block = *m_block;
    ASSERT_EQ(block.vtx.size(), 213U);
    // The coins file covers exactly the block's inputs; its in-block rows are the block's own outputs.
    size_t inputs = 0, earlier = 0, verified = 0;
    primitives::Amount fees = 0;
    const uint32_t flags = consensus::GetBlockScriptFlags(HEIGHT, block.GetHash(), m_params.consensus);
    EXPECT_EQ(flags, script::SCRIPT_VERIFY_P2SH | script::SCRIPT_VERIFY_WITNESS | script::SCRIPT_VERIFY_TAPROOT);
    for (size_t t = 1; t < block.vtx.size(); ++t) {
        const primitives::Transaction& tx = *block.vtx[t];
        std::vector<primitives::TxOut> spent;
        for (const auto& in : tx.vin) {
            const CsvCoin* c = Find(in.prevout);
            ASSERT_NE(c, nullptr) << in.prevout.ToString();
            ++inputs;
            if (c->coin.height < static_cast<uint32_t>(HEIGHT)) {
                ++earlier;
            } else {
                // Created in this block by an earlier transaction: the row must be that output.
                bool found = false;
                for (size_t p = 1; p < t; ++p) {
                    if (block.vtx[p]->GetTxid() == in.prevout.hash) {
                        EXPECT_EQ(block.vtx[p]->vout.at(in.prevout.n), c->coin.out);
                        found = true;
                    }
                }
                EXPECT_TRUE(found) << in.prevout.ToString();
            }
            spent.push_back(c->coin.out.ToTxOut());
        }
        for (size_t i = 0; i < tx.vin.size(); ++i) {
            verified += script::VerifyInput(tx, spent, i, flags) == script::ScriptError::OK;
        }
        const primitives::Amount fee = Fee(tx);
        EXPECT_GE(fee, 0);
        fees += fee;
    }
    EXPECT_EQ(inputs, 732U);
    EXPECT_EQ(earlier, 670U);
    EXPECT_EQ(verified, 732U);
    // Subsidy at 277647 is 25 BTC; the coinbase claims no more than subsidy + fees.
    const primitives::Amount limit = consensus::GetBlockSubsidy(HEIGHT, m_params.consensus) + fees;
    EXPECT_EQ(consensus::GetBlockSubsidy(HEIGHT, m_params.consensus), 25 * primitives::COIN);
    EXPECT_LE(block.vtx[0]->GetValueOut(), limit);

    EXPECT_EQ(Connect(block), "");
}

TEST_F(RealBlockTest, FlippedSignatureByteFailsTheScriptCheck)
{
    // Several places: the first transaction, one in the middle, the last; each must be caught, so every
    // input's script is really run. Byte 10 of the scriptSig is inside the DER signature's R value.
    for (size_t from : {size_t{1}, m_block->vtx.size() / 2, m_block->vtx.size() - 1}) {
        const size_t t = UnspentInBlock(from);
        const size_t input = m_block->vtx[t]->vin.size() - 1;
        primitives::Block bad =
            Edit(*m_block, t, [&](primitives::MutableTransaction& m) { m.vin[input].script_sig[10] ^= 0x01; });
        EXPECT_EQ(Connect(bad), EVAL_FALSE_REASON) << "tx " << t;
    }
    // The unmodified block still connects (nothing was cached from the failures).
    EXPECT_EQ(Connect(*m_block), "");
}

TEST_F(RealBlockTest, RaisedOutputValueIsRejected)
{
    primitives::Amount fees = 0;
    for (size_t t = 1; t < m_block->vtx.size(); ++t) fees += Fee(*m_block->vtx[t]);
    const primitives::Amount limit = consensus::GetBlockSubsidy(HEIGHT, m_params.consensus) + fees;
    const primitives::Amount claimed = m_block->vtx[0]->GetValueOut();

    // The coinbase one satoshi above subsidy + fees.
    primitives::Block rich =
        Edit(*m_block, 0, [&](primitives::MutableTransaction& m) { m.vout[0].value += limit - claimed + 1; });
    EXPECT_EQ(Connect(rich), "bad-cb-amount");
    // Exactly at the limit is fine.
    primitives::Block exact =
        Edit(*m_block, 0, [&](primitives::MutableTransaction& m) { m.vout[0].value += limit - claimed; });
    EXPECT_EQ(Connect(exact), "");

    // A transaction paying out more than its inputs (its fee plus one satoshi more).
    const size_t t = UnspentInBlock(m_block->vtx.size() / 3);
    const primitives::Amount fee = Fee(*m_block->vtx[t]);
    primitives::Block overspend =
        Edit(*m_block, t, [&](primitives::MutableTransaction& m) { m.vout[0].value += fee + 1; });
    EXPECT_EQ(Connect(overspend), "bad-txns-in-belowout");
}
