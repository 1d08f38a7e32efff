// The block builder itself: its blocks pass every check, its signatures verify (and only for the coins
// they sign), and its rule-breaking hooks leave the rest of a block consistent.

#include "chain_test_util.h"
#include "testutil/block_builder.h"

#include <hearth/consensus/block_check.h>
#include <hearth/consensus/pow.h>
#include <hearth/primitives/merkle.h>
#include <hearth/script/sighash.h>

using namespace hearth;
using namespace hearth::chain;
using namespace hearth::chain::test;
using testutil::BlockOptions;
using testutil::ChainBuilder;
using testutil::OutputType;
using testutil::Utxo;

TEST(BlockBuilderTest, SignaturesVerifyForEveryOutputType)
{
    const auto params = RegtestParams();
    ChainBuilder builder{params};
    // Three coinbases, one per type, made spendable by hand (no chain needed to check scripts).
    std::vector<Utxo> coins;
    for (auto type : {OutputType::P2PKH, OutputType::P2WPKH, OutputType::P2TR}) {
        BlockOptions opt;
        opt.coinbase_type = type;
        auto block = builder.NextBlock(builder.Genesis().hash, {}, opt);
        coins.push_back(builder.Get(block->GetHash()).coinbase);
        EXPECT_EQ(coins.back().type, type);
        EXPECT_TRUE(coins.back().coinbase);
        EXPECT_EQ(coins.back().height, 1);
    }
    auto tx = builder.Spend(coins, 3, 5000);
    ASSERT_EQ(tx->vin.size(), 3U);
    EXPECT_TRUE(tx->HasWitness());
    EXPECT_EQ(builder.Fee(*tx), 5000);
    std::vector<primitives::TxOut> spent;
    for (const auto& c : coins) spent.push_back(c.out);
    for (size_t i = 0; i < tx->vin.size(); ++i) {
        EXPECT_EQ(script::VerifyInput(*tx, spent, i, script::STANDARD_SCRIPT_VERIFY_FLAGS), script::ScriptError::OK)
            << "input " << i;
    }
    // BIP143 and BIP341 signatures commit to the amount spent (legacy ones do not): the P2WPKH and P2TR
    // inputs fail against another value.
    for (size_t i = 1; i < tx->vin.size(); ++i) {
        auto other = spent;
        other[i].value += 1;
        EXPECT_NE(script::VerifyInput(*tx, other, i, script::STANDARD_SCRIPT_VERIFY_FLAGS), script::ScriptError::OK)
            << "input " << i;
    }
    // The new outputs are spendable coins of the builder.
    const auto outs = builder.Coins(*tx);
    ASSERT_EQ(outs.size(), 3U);
    for (const auto& c : outs) EXPECT_FALSE(c.coinbase);
}

TEST(BlockBuilderTest, BlocksPassContextFreeChecksAndMeetTheTarget)
{
    const auto params = RegtestParams();
    ChainBuilder builder{params};
    auto blocks = builder.Extend(builder.Genesis().hash, 3);
    for (const auto& b : blocks) {
        consensus::BlockValidationState state;
        EXPECT_TRUE(consensus::CheckBlock(*b, state, params.consensus)) << state.ToString();
        EXPECT_TRUE(consensus::CheckProofOfWork(b->GetHash(), b->header.bits, params.consensus));
    }
    EXPECT_EQ(builder.Get(blocks[2]->GetHash()).height, 3);
    EXPECT_EQ(builder.Ancestor(blocks[2]->GetHash(), 1).hash, blocks[0]->GetHash());

    // fail_pow grinds a nonce that misses the target; after_merkle breaks what was computed.
    BlockOptions bad;
    bad.fail_pow = true;
    auto high = builder.NextBlock(blocks[2]->GetHash(), {}, bad);
    EXPECT_FALSE(consensus::CheckProofOfWork(high->GetHash(), high->header.bits, params.consensus));

    BlockOptions bad_root;
    bad_root.after_merkle = [](primitives::Block& b) { b.header.merkle_root.data()[0] ^= 1; };
    auto mutated = builder.NextBlock(blocks[2]->GetHash(), {}, bad_root);
    consensus::BlockValidationState state;
    EXPECT_FALSE(consensus::CheckBlock(*mutated, state, params.consensus));
    EXPECT_EQ(state.GetRejectReason(), "bad-txnmrklroot");
}

TEST(BlockBuilderTest, WitnessCommitmentOnlyWhenNeeded)
{
    const auto params = RegtestParams();
    ChainBuilder builder{params};
    auto first = builder.NextBlock(builder.Genesis().hash, {}, BlockOptions{.coinbase_type = OutputType::P2WPKH});
    EXPECT_FALSE(primitives::GetWitnessCommitmentIndex(*first));
    auto witness_spend = builder.Spend(std::vector<Utxo>{builder.Get(first->GetHash()).coinbase});
    auto second = builder.NextBlock(first->GetHash(), {witness_spend});
    ASSERT_TRUE(primitives::GetWitnessCommitmentIndex(*second));
    consensus::BlockValidationState state;
    EXPECT_TRUE(consensus::CheckWitnessMalleation(*second, true, state)) << state.ToString();
    EXPECT_EQ(second->vtx[0]->vout[0].value, consensus::GetBlockSubsidy(2, params.consensus) + 1000);
}

TEST(BlockBuilderTest, ChainstateAcceptsSpendsOfAllTypesAfterMaturity)
{
    const auto params = RegtestParams();
    TestChain chain{params};
    ASSERT_TRUE(chain.ok());
    ChainBuilder builder{params};
    auto blocks = builder.Extend(builder.Genesis().hash, 103);
    chain.SubmitAll(blocks);
    ASSERT_EQ(chain.Height(), 103);
    // Heights 1..3 pay to P2WPKH, P2TR and P2PKH (height % 3): spend all three in one transaction.
    std::vector<Utxo> coins;
    for (int h = 1; h <= 3; ++h) coins.push_back(builder.Get(blocks[h - 1]->GetHash()).coinbase);
    auto tx = builder.Spend(coins, 2);
    auto chained = builder.Spend(builder.Coins(*tx), 1); // spends outputs of the same block
    auto block = builder.NextBlock(chain.TipHash(), {tx, chained});
    EXPECT_EQ(chain.Submit(block), "");
    EXPECT_EQ(chain.TipHash(), block->GetHash());
    EXPECT_EQ(chain.cs().CoinsTip().AccessCoin(coins[0].outpoint), nullptr);
    EXPECT_NE(chain.cs().CoinsTip().AccessCoin(OutPoint{chained->GetTxid(), 0}), nullptr);
}
