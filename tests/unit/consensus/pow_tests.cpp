#include <hearth/consensus/pow.h>

#include <hearth/consensus/block_check.h>

#include "test_chains.h"

#include <gtest/gtest.h>

namespace hearth::consensus {
namespace {

using test::SparseChain;
using test::VectorChain;
using util::ArithUint256;

ChainParams Params(ChainType chain, const ChainOptions& options = {})
{
    auto params = CreateChainParams(chain, options);
    EXPECT_TRUE(params) << params.error();
    return std::move(*params);
}

// Core's pow_tests: the tip of a period given by height, time and bits (CalculateNextWorkRequired reads only
// the tip when BIP94 is off).
SparseChain PeriodEnd(int height, uint32_t time, uint32_t bits)
{
    SparseChain c;
    c.tip = height;
    c.known[height] = ChainHeader{1, time, bits};
    return c;
}

TEST(PowTest, RetargetAtBlock32256)
{
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    // Blocks 30240 (period start) and 32255: 1d00ffff → 1d00d86a.
    const SparseChain c = PeriodEnd(32255, 1262152739, 0x1d00ffff);
    EXPECT_EQ(CalculateNextWorkRequired(c, 1261130161, main), 0x1d00d86aU);
    EXPECT_TRUE(PermittedDifficultyTransition(main, 32256, 0x1d00ffff, 0x1d00d86a));
}

TEST(PowTest, RetargetIsCappedAtPowLimit)
{
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    // Blocks 0 and 2015 took longer than two weeks; the target may not exceed powLimit.
    const SparseChain c = PeriodEnd(2015, 1233061996, 0x1d00ffff);
    EXPECT_EQ(CalculateNextWorkRequired(c, 1231006505, main), 0x1d00ffffU);
    EXPECT_TRUE(PermittedDifficultyTransition(main, 2016, 0x1d00ffff, 0x1d00ffff));
}

TEST(PowTest, RetargetClampsShortTimespanToAQuarter)
{
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    // Blocks 66528 and 68543: less than T/4, so the target shrinks by exactly 4.
    const SparseChain c = PeriodEnd(68543, 1279297671, 0x1c05a3f4);
    EXPECT_EQ(CalculateNextWorkRequired(c, 1279008237, main), 0x1c0168fdU);
    EXPECT_TRUE(PermittedDifficultyTransition(main, 68544, 0x1c05a3f4, 0x1c0168fd));
    EXPECT_FALSE(PermittedDifficultyTransition(main, 68544, 0x1c05a3f4, 0x1c0168fd - 1));
}

TEST(PowTest, RetargetClampsLongTimespanToFourTimes)
{
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    // Block 46367 with an invented period start more than 4T earlier: the target grows by exactly 4.
    const SparseChain c = PeriodEnd(46367, 1269211443, 0x1c387f6f);
    EXPECT_EQ(CalculateNextWorkRequired(c, 1263163443, main), 0x1d00e1fdU);
    EXPECT_TRUE(PermittedDifficultyTransition(main, 46368, 0x1c387f6f, 0x1d00e1fd));
    EXPECT_FALSE(PermittedDifficultyTransition(main, 46368, 0x1c387f6f, 0x1d00e1fd + 1));
}

TEST(PowTest, DifficultyMayNotChangeOffBoundary)
{
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    EXPECT_TRUE(PermittedDifficultyTransition(main, 2017, 0x1c05a3f4, 0x1c05a3f4));
    EXPECT_FALSE(PermittedDifficultyTransition(main, 2017, 0x1c05a3f4, 0x1c05a3f5));
    // Min-difficulty networks allow anything.
    const ConsensusParams test = Params(ChainType::TESTNET).consensus;
    EXPECT_TRUE(PermittedDifficultyTransition(test, 2017, 0x1c05a3f4, 0x1d00ffff));
}

TEST(PowTest, CheckProofOfWorkRejectsInvalidTargets)
{
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    const ArithUint256 limit = ArithUint256::FromUint256(main.pow_limit);
    const Hash256 one = ArithUint256{1}.ToUint256();
    // Negative target.
    EXPECT_FALSE(CheckProofOfWork(one, limit.GetCompact(/*negative=*/true), main));
    // Overflowing target.
    EXPECT_FALSE(CheckProofOfWork(one, ~0x00800000U, main));
    // Easier than powLimit.
    EXPECT_FALSE(CheckProofOfWork(one, (limit * ArithUint256{2}).GetCompact(), main));
    // Zero target.
    EXPECT_FALSE(CheckProofOfWork(Hash256{}, ArithUint256{0}.GetCompact(), main));
    // Hash above the target.
    EXPECT_FALSE(CheckProofOfWork((limit * ArithUint256{2}).ToUint256(), limit.GetCompact(), main));
    // At the target exactly: valid.
    EXPECT_TRUE(CheckProofOfWork(ArithUint256::FromCompact(limit.GetCompact()).ToUint256(), limit.GetCompact(), main));
    EXPECT_FALSE(DeriveTarget(~0x00800000U, main.pow_limit));
    EXPECT_TRUE(DeriveTarget(0x1d00ffff, main.pow_limit));
}

TEST(PowTest, RealMainnetHeadersHaveValidWorkAndBits)
{
    const ChainParams params = Params(ChainType::MAIN);
    const std::vector<primitives::Block> blocks = test::ReadMainnetBlocks("mainnet-blocks-0-255.dat");
    ASSERT_EQ(blocks.size(), 256u);
    std::vector<primitives::BlockHeader> headers;
    for (const auto& b : blocks) headers.push_back(b.header);
    for (size_t h = 0; h < headers.size(); ++h) {
        SCOPED_TRACE(h);
        EXPECT_TRUE(CheckProofOfWork(headers[h].GetHash(), headers[h].bits, params.consensus));
        if (h == 0) continue;
        const HeaderListView prev{std::span{headers}.first(h)};
        EXPECT_EQ(GetNextWorkRequired(prev, headers[h], params.consensus), headers[h].bits);
        EXPECT_TRUE(PermittedDifficultyTransition(params.consensus, static_cast<int64_t>(h), headers[h - 1].bits,
                                                  headers[h].bits));
        // The whole contextual header check passes too, with a clock long after.
        BlockValidationState state;
        EXPECT_TRUE(ContextualCheckBlockHeader(headers[h], state, params.consensus, prev, 1'700'000'000))
            << state.ToString();
        // One bit off the required difficulty: bad-diffbits.
        primitives::BlockHeader wrong = headers[h];
        wrong.bits = 0x1d00fffe;
        BlockValidationState bad;
        EXPECT_FALSE(ContextualCheckBlockHeader(wrong, bad, params.consensus, prev, 1'700'000'000));
        EXPECT_EQ(bad.GetRejectReason(), "bad-diffbits");
    }
    // A changed nonce breaks the proof of work of a real header.
    primitives::BlockHeader h1 = headers[1];
    h1.nonce ^= 1;
    EXPECT_FALSE(CheckProofOfWork(h1.GetHash(), h1.bits, params.consensus));
}

TEST(PowTest, BlockProofIsExpectedHashes)
{
    // Difficulty 1: 2^256 / (0xffff × 2^208 + 1) = 0x100010001 (the chainwork of mainnet's genesis).
    EXPECT_EQ(GetBlockProof(0x1d00ffff), ArithUint256{0x100010001ULL});
    // Regtest's limit 0x207fffff: target ≈ 2^255, so two hashes.
    EXPECT_EQ(GetBlockProof(0x207fffff), ArithUint256{2});
    // Invalid encodings are worth nothing.
    EXPECT_EQ(GetBlockProof(0), ArithUint256{0});
    EXPECT_EQ(GetBlockProof(0x1d80ffff), ArithUint256{0}); // negative
    EXPECT_EQ(GetBlockProof(0xff123456), ArithUint256{0}); // overflow
}

TEST(PowTest, PowLimitsAreSaneForEveryNetwork)
{
    // Core's sanity_check_chainparams: retargeting cannot overflow and genesis bits are valid.
    for (ChainType chain :
         {ChainType::MAIN, ChainType::TESTNET, ChainType::TESTNET4, ChainType::SIGNET, ChainType::REGTEST}) {
        SCOPED_TRACE(std::string{ChainTypeToString(chain)});
        const ChainParams p = Params(chain);
        if (!p.consensus.pow_no_retargeting) {
            ArithUint256 max = ~ArithUint256{0};
            max /= ArithUint256{static_cast<uint64_t>(p.consensus.pow_target_timespan * 4)};
            EXPECT_LT(ArithUint256::FromUint256(p.consensus.pow_limit), max);
        }
        EXPECT_TRUE(DeriveTarget(p.genesis.header.bits, p.consensus.pow_limit));
        EXPECT_TRUE(CheckProofOfWork(p.GenesisHash(), p.genesis.header.bits, p.consensus));
    }
}

// A testnet chain of `n` blocks 10 minutes apart, all at `bits`.
VectorChain SteadyChain(int n, uint32_t bits, uint32_t start_time = 1'600'000'000)
{
    VectorChain c;
    for (int i = 0; i < n; ++i) c.headers.push_back(ChainHeader{4, start_time + 600u * static_cast<uint32_t>(i), bits});
    return c;
}

primitives::BlockHeader NextAt(const VectorChain& c, int64_t seconds_after_tip)
{
    primitives::BlockHeader h;
    h.time = static_cast<uint32_t>(c.headers.back().time + seconds_after_tip);
    return h;
}

TEST(PowTest, TestnetMinDifficultyAfterTwentyMinutes)
{
    const ConsensusParams test = Params(ChainType::TESTNET).consensus;
    constexpr uint32_t REAL = 0x1c0ffff0;
    constexpr uint32_t MIN = 0x1d00ffff;
    VectorChain c = SteadyChain(2016 + 10, REAL);
    // Exactly 20 minutes: still the real difficulty; one second more: the minimum.
    EXPECT_EQ(GetNextWorkRequired(c, NextAt(c, 1200), test), REAL);
    EXPECT_EQ(GetNextWorkRequired(c, NextAt(c, 1201), test), MIN);

    // After some min-difficulty blocks, a prompt block returns to the last real difficulty.
    for (int i = 0; i < 3; ++i) c.headers.push_back(ChainHeader{4, c.headers.back().time + 1201, MIN});
    EXPECT_EQ(GetNextWorkRequired(c, NextAt(c, 60), test), REAL);

    // Mainnet has no such rule.
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    EXPECT_EQ(GetNextWorkRequired(c, NextAt(c, 60), main), MIN);
}

TEST(PowTest, TestnetMinDifficultyWalkStopsAtPeriodStart)
{
    const ConsensusParams test = Params(ChainType::TESTNET).consensus;
    constexpr uint32_t MIN = 0x1d00ffff;
    // The period starting at 2016 begins with a min-difficulty block (allowed on testnet3): walking back
    // stops there and yields the minimum, not the real bits before it.
    VectorChain c = SteadyChain(2016, 0x1c0ffff0);
    for (int i = 0; i < 5; ++i) c.headers.push_back(ChainHeader{4, c.headers.back().time + 1201, MIN});
    EXPECT_EQ(GetNextWorkRequired(c, NextAt(c, 60), test), MIN);
}

TEST(PowTest, NoRetargetingKeepsBits)
{
    const ConsensusParams reg = Params(ChainType::REGTEST).consensus;
    VectorChain c = SteadyChain(144, 0x207fffff);
    c.headers.back().bits = 0x1f00ffff; // unusual but kept as is
    EXPECT_EQ(GetNextWorkRequired(c, NextAt(c, 60), reg), 0x1f00ffffU);
}

TEST(PowTest, Bip94RetargetsFromFirstBlockOfPeriod)
{
    constexpr uint32_t REAL = 0x1c100000;
    constexpr uint32_t MIN = 0x1d00ffff;
    // Period 2016..4031 took one week (half the target timespan); its last block used min difficulty.
    VectorChain c = SteadyChain(2016, REAL);
    const uint32_t start = c.headers.back().time + 300;
    for (int i = 0; i < 2016; ++i) c.headers.push_back(ChainHeader{4, start + 300u * static_cast<uint32_t>(i), REAL});
    c.headers.back().bits = MIN;
    c.headers.back().time = start + 7 * 24 * 3600;
    ASSERT_EQ(c.TipHeight(), 4031);

    // testnet4 (BIP94): the first block's target, halved.
    const ConsensusParams t4 = Params(ChainType::TESTNET4).consensus;
    EXPECT_EQ(GetNextWorkRequired(c, NextAt(c, 60), t4), 0x1c080000U);
    // testnet3 (no BIP94): the last block's (minimum) target, halved.
    const ConsensusParams t3 = Params(ChainType::TESTNET).consensus;
    EXPECT_EQ(GetNextWorkRequired(c, NextAt(c, 60), t3), 0x1c7fff80U);
    // Regtest with -test=bip94 keeps NoRetargeting.
    ChainOptions bip94;
    bip94.test_options = {"bip94"};
    EXPECT_EQ(GetNextWorkRequired(c, NextAt(c, 60), Params(ChainType::REGTEST, bip94).consensus), MIN);
}

} // namespace
} // namespace hearth::consensus
