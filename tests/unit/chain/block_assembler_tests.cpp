// The block assembler builds blocks the chainstate accepts: coinbase rules, witness commitment, fees.

#include "chain_test_util.h"

#include <hearth/chain/block_assembler.h>
#include <hearth/consensus/block_check.h>
#include <hearth/primitives/merkle.h>

using namespace hearth;
using namespace hearth::chain;
using namespace hearth::chain::test;

namespace {

const util::Bytes OP_TRUE_SCRIPT{0x51};

std::shared_ptr<const primitives::Block> Mine(Chainstate& cs, const std::vector<primitives::TransactionRef>& txs = {})
{
    auto tmpl = CreateNewBlock(cs, OP_TRUE_SCRIPT, txs);
    EXPECT_TRUE(tmpl) << (tmpl ? "" : tmpl.error());
    if (!tmpl) return nullptr;
    EXPECT_TRUE(MineBlock(tmpl->block, cs.Params().consensus));
    auto block = std::make_shared<const primitives::Block>(tmpl->block);
    consensus::BlockValidationState state;
    EXPECT_TRUE(cs.ProcessNewBlock(block, true, nullptr, state)) << state.ToString();
    return block;
}

} // namespace

TEST(BlockAssemblerTest, MinedBlocksExtendTheChainAndPayFees)
{
    const auto params = Params(consensus::ChainType::REGTEST);
    TempDir dir;
    ChainstateOptions opts;
    opts.data_dir = dir.path();
    auto cs = Chainstate::Open(params, opts);
    ASSERT_TRUE(cs) << cs.error();
    std::vector<std::shared_ptr<const primitives::Block>> blocks;
    for (int i = 0; i < 101; ++i) blocks.push_back(Mine(**cs));
    ASSERT_EQ((*cs)->Chain().Height(), 101);
    EXPECT_EQ((*cs)->Tip()->GetHash(), blocks.back()->GetHash());
    // Every block carries a witness commitment (segwit is active from genesis on regtest).
    EXPECT_TRUE(primitives::GetWitnessCommitmentIndex(*blocks.back()));

    // Spend block 1's coinbase (mature at height 101) paying a fee of 1000 sat.
    const auto& cb = blocks[0]->vtx[0];
    primitives::MutableTransaction spend;
    spend.vin.resize(1);
    spend.vin[0].prevout = {cb->GetTxid(), 0};
    spend.vout.push_back({cb->vout[0].value - 1000, OP_TRUE_SCRIPT});
    auto tx = primitives::MakeTransactionRef(spend);
    auto block = Mine(**cs, {tx});
    ASSERT_TRUE(block);
    ASSERT_EQ((*cs)->Chain().Height(), 102);
    EXPECT_EQ(block->vtx[0]->vout[0].value, consensus::GetBlockSubsidy(102, params.consensus) + 1000);
    EXPECT_FALSE((*cs)->CoinsTip().HaveCoin({cb->GetTxid(), 0}));
    EXPECT_TRUE((*cs)->CoinsTip().HaveCoin({tx->GetTxid(), 0}));

    // A template spending the same coin again is refused with Core's reason.
    auto again = CreateNewBlock(**cs, OP_TRUE_SCRIPT, {tx});
    ASSERT_FALSE(again);
    EXPECT_NE(again.error().find("bad-txns-inputs-missingorspent"), std::string::npos);

    // invalidateblock moves the tip back and restores the spent coin; reconsiderblock returns.
    consensus::BlockValidationState state;
    BlockIndex* tip = (*cs)->Tip();
    ASSERT_TRUE((*cs)->InvalidateBlock(state, tip));
    EXPECT_EQ((*cs)->Chain().Height(), 101);
    EXPECT_TRUE((*cs)->CoinsTip().HaveCoin({cb->GetTxid(), 0}));
    (*cs)->ReconsiderBlock(tip);
    ASSERT_TRUE((*cs)->ActivateBestChain(state));
    EXPECT_EQ((*cs)->Tip(), tip);
}
