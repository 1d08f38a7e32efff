// BIP9 version bits over a hand-built block index (chain/versionbits.h, Core's versionbits.cpp): the state
// machine per 144-block period, the threshold boundary, timeout, min_activation_height, statistics, the
// "since" height and the version a miner sets.

#include <hearth/chain/versionbits.h>

#include <gtest/gtest.h>

#include <deque>

using namespace hearth;
using namespace hearth::chain;

namespace {

constexpr int PERIOD = 144;
constexpr int THRESHOLD = 108;
constexpr int BIT = 28;
constexpr int32_t SIGNAL = VERSIONBITS_TOP_BITS | (int32_t{1} << BIT);
constexpr int32_t NO_SIGNAL = VERSIONBITS_TOP_BITS;

consensus::Bip9Deployment Deployment(int64_t start_time = 0)
{
    consensus::Bip9Deployment dep;
    dep.bit = BIT;
    dep.start_time = start_time;
    dep.period = PERIOD;
    dep.threshold = THRESHOLD;
    return dep;
}

/// A chain of block index entries, one every 600 s from time 1'000'000 at genesis.
class IndexChain
{
public:
    /// Appends `count` blocks of `version`.
    void Add(int count, int32_t version)
    {
        for (int i = 0; i < count; ++i) {
            BlockIndex* prev = m_blocks.empty() ? nullptr : &m_blocks.back();
            BlockIndex& b = m_blocks.emplace_back();
            b.prev = prev;
            b.height = prev ? prev->height + 1 : 0;
            b.version = version;
            b.time = static_cast<uint32_t>(1'000'000 + 600 * b.height);
            b.BuildSkip();
        }
    }
    /// Appends blocks of `version` until the tip is at `height`.
    void AddTo(int height, int32_t version) { Add(height - Tip()->height, version); }
    const BlockIndex* Tip() const { return &m_blocks.back(); }
    const BlockIndex* At(int height) const { return &m_blocks.at(static_cast<size_t>(height)); }

private:
    std::deque<BlockIndex> m_blocks; // stable addresses
};

} // namespace

TEST(VersionBitsTest, SignallingNeedsTheTopBits)
{
    const auto dep = Deployment();
    EXPECT_TRUE(SignalsFor(SIGNAL, dep));
    EXPECT_TRUE(SignalsFor(0x30000000 | SIGNAL, dep)); // top three bits still 001
    EXPECT_FALSE(SignalsFor(NO_SIGNAL, dep));
    EXPECT_FALSE(SignalsFor(0x40000000 | SIGNAL, dep)); // 011: not a BIP9 version
    EXPECT_FALSE(SignalsFor(int32_t{1} << BIT, dep));   // 000: version 1-4 style
}

TEST(VersionBitsTest, StateNamesAsCore)
{
    EXPECT_EQ(ThresholdStateName(ThresholdState::DEFINED), "defined");
    EXPECT_EQ(ThresholdStateName(ThresholdState::STARTED), "started");
    EXPECT_EQ(ThresholdStateName(ThresholdState::LOCKED_IN), "locked_in");
    EXPECT_EQ(ThresholdStateName(ThresholdState::ACTIVE), "active");
    EXPECT_EQ(ThresholdStateName(ThresholdState::FAILED), "failed");
}

TEST(VersionBitsTest, AlwaysAndNeverActive)
{
    IndexChain chain;
    chain.Add(10, NO_SIGNAL);
    VersionBitsChecker always{Deployment(consensus::Bip9Deployment::ALWAYS_ACTIVE)};
    VersionBitsChecker never{Deployment(consensus::Bip9Deployment::NEVER_ACTIVE)};
    EXPECT_EQ(always.GetStateFor(chain.Tip()), ThresholdState::ACTIVE);
    EXPECT_EQ(never.GetStateFor(chain.Tip()), ThresholdState::FAILED);
    EXPECT_EQ(always.GetStateSinceHeightFor(chain.Tip()), 0);
    EXPECT_EQ(never.GetStateSinceHeightFor(chain.Tip()), 0);
}

TEST(VersionBitsTest, ThresholdReachedLocksInThenActivates)
{
    const auto dep = Deployment();
    VersionBitsChecker checker{dep};
    IndexChain chain;
    EXPECT_EQ(checker.GetStateFor(nullptr), ThresholdState::DEFINED);
    chain.Add(PERIOD, SIGNAL); // period 0 (heights 0..143): signals do not count before STARTED
    EXPECT_EQ(checker.GetStateFor(chain.At(PERIOD - 2)), ThresholdState::DEFINED);
    EXPECT_EQ(checker.GetStateFor(chain.Tip()), ThresholdState::STARTED);

    // Exactly the threshold in period 1: the last 36 blocks do not signal.
    chain.Add(THRESHOLD, SIGNAL);
    chain.Add(PERIOD - THRESHOLD, NO_SIGNAL);
    EXPECT_EQ(checker.GetStateFor(chain.At(2 * PERIOD - 2)), ThresholdState::STARTED);
    EXPECT_EQ(checker.GetStateFor(chain.Tip()), ThresholdState::LOCKED_IN);
    EXPECT_EQ(checker.GetStateSinceHeightFor(chain.Tip()), 2 * PERIOD);

    chain.Add(PERIOD, NO_SIGNAL);
    EXPECT_EQ(checker.GetStateFor(chain.At(3 * PERIOD - 2)), ThresholdState::LOCKED_IN);
    EXPECT_EQ(checker.GetStateFor(chain.Tip()), ThresholdState::ACTIVE);
    EXPECT_EQ(checker.GetStateSinceHeightFor(chain.Tip()), 3 * PERIOD);
    // Active stays active, whatever later blocks signal; "since" keeps the activation height.
    chain.Add(2 * PERIOD, NO_SIGNAL);
    EXPECT_EQ(checker.GetStateFor(chain.Tip()), ThresholdState::ACTIVE);
    EXPECT_EQ(checker.GetStateSinceHeightFor(chain.Tip()), 3 * PERIOD);
    // A fresh checker (no cache) agrees.
    EXPECT_EQ(VersionBitsChecker{dep}.GetStateFor(chain.Tip()), ThresholdState::ACTIVE);
}

TEST(VersionBitsTest, OneSignalShortStaysStartedUntilTimeout)
{
    auto dep = Deployment();
    IndexChain chain;
    chain.Add(PERIOD, NO_SIGNAL);
    chain.Add(THRESHOLD - 1, SIGNAL);
    chain.Add(PERIOD - THRESHOLD + 1, NO_SIGNAL);
    chain.Add(PERIOD, NO_SIGNAL);
    // The timeout is checked against the median time past of a period's last block: reached at the end of
    // period 2 (exactly), not of period 1.
    dep.timeout = chain.Tip()->GetMedianTimePast();
    VersionBitsChecker checker{dep};
    EXPECT_EQ(checker.GetStateFor(chain.At(3 * PERIOD - 2)), ThresholdState::STARTED);
    EXPECT_EQ(checker.GetStateFor(chain.Tip()), ThresholdState::FAILED);
    EXPECT_EQ(checker.GetStateSinceHeightFor(chain.Tip()), 3 * PERIOD);
    consensus::ConsensusParams params;
    params.testdummy = dep;
    EXPECT_EQ(ComputeBlockVersion(chain.Tip(), params), VERSIONBITS_TOP_BITS);
}

TEST(VersionBitsTest, ThresholdWinsOverTimeoutInTheSamePeriod)
{
    IndexChain chain;
    chain.Add(PERIOD, NO_SIGNAL);
    chain.Add(PERIOD, SIGNAL);
    auto dep = Deployment();
    dep.timeout = chain.Tip()->GetMedianTimePast(); // Core counts the signals before it looks at the timeout
    EXPECT_EQ(VersionBitsChecker{dep}.GetStateFor(chain.Tip()), ThresholdState::LOCKED_IN);
}

TEST(VersionBitsTest, StartTimeDelaysStarted)
{
    IndexChain chain;
    chain.Add(3 * PERIOD, SIGNAL);
    // Start when the median time past of block 2*PERIOD-1 has passed it: period 2 is the first STARTED.
    const auto dep = Deployment(chain.At(2 * PERIOD - 1)->GetMedianTimePast());
    VersionBitsChecker checker{dep};
    EXPECT_EQ(checker.GetStateFor(chain.At(PERIOD - 1)), ThresholdState::DEFINED);
    EXPECT_EQ(checker.GetStateFor(chain.At(2 * PERIOD - 2)), ThresholdState::DEFINED);
    EXPECT_EQ(checker.GetStateFor(chain.At(2 * PERIOD - 1)), ThresholdState::STARTED);
    EXPECT_EQ(checker.GetStateSinceHeightFor(chain.At(2 * PERIOD - 1)), 2 * PERIOD);
    EXPECT_EQ(checker.GetStateSinceHeightFor(chain.At(PERIOD)), 0); // DEFINED
    EXPECT_EQ(checker.GetStateFor(chain.Tip()), ThresholdState::LOCKED_IN);
}

TEST(VersionBitsTest, MinActivationHeightHoldsLockedIn)
{
    auto dep = Deployment();
    dep.min_activation_height = 5 * PERIOD;
    VersionBitsChecker checker{dep};
    IndexChain chain;
    chain.Add(2 * PERIOD, SIGNAL);
    EXPECT_EQ(checker.GetStateFor(chain.Tip()), ThresholdState::LOCKED_IN);
    chain.AddTo(5 * PERIOD - 1, NO_SIGNAL);
    EXPECT_EQ(checker.GetStateFor(chain.At(4 * PERIOD - 1)), ThresholdState::LOCKED_IN);
    EXPECT_EQ(checker.GetStateFor(chain.Tip()), ThresholdState::ACTIVE);
    EXPECT_EQ(checker.GetStateSinceHeightFor(chain.Tip()), 5 * PERIOD);
}

TEST(VersionBitsTest, StatisticsOfThePeriodSoFar)
{
    VersionBitsChecker checker{Deployment()};
    IndexChain chain;
    chain.Add(PERIOD, NO_SIGNAL);
    chain.Add(3, SIGNAL);
    chain.Add(2, NO_SIGNAL);
    std::vector<bool> signalling;
    Bip9Stats stats = checker.GetStateStatisticsFor(chain.Tip(), signalling);
    EXPECT_EQ(stats.period, PERIOD);
    EXPECT_EQ(stats.threshold, THRESHOLD);
    EXPECT_EQ(stats.elapsed, 5);
    EXPECT_EQ(stats.count, 3);
    EXPECT_TRUE(stats.possible);
    EXPECT_EQ(signalling, (std::vector<bool>{true, true, true, false, false}));

    // 36 misses is the most a period can have and still lock in; one more makes it impossible.
    chain.Add(PERIOD - THRESHOLD - 2, NO_SIGNAL);
    EXPECT_TRUE(checker.GetStateStatisticsFor(chain.Tip(), signalling).possible);
    chain.Add(1, NO_SIGNAL);
    stats = checker.GetStateStatisticsFor(chain.Tip(), signalling);
    EXPECT_EQ(stats.elapsed - stats.count, PERIOD - THRESHOLD + 1);
    EXPECT_FALSE(stats.possible);

    EXPECT_EQ(checker.GetStateStatisticsFor(nullptr, signalling).elapsed, 0);
}

TEST(VersionBitsTest, BlockVersionSignalsWhileStartedOrLockedIn)
{
    consensus::ConsensusParams params;
    params.testdummy = Deployment();
    IndexChain chain;
    chain.Add(PERIOD - 1, NO_SIGNAL);
    EXPECT_EQ(ComputeBlockVersion(chain.Tip(), params), VERSIONBITS_TOP_BITS); // DEFINED
    chain.Add(1, NO_SIGNAL);
    EXPECT_EQ(ComputeBlockVersion(chain.Tip(), params), SIGNAL); // STARTED
    chain.Add(PERIOD, SIGNAL);
    EXPECT_EQ(ComputeBlockVersion(chain.Tip(), params), SIGNAL); // LOCKED_IN
    chain.Add(PERIOD, NO_SIGNAL);
    EXPECT_EQ(ComputeBlockVersion(chain.Tip(), params), VERSIONBITS_TOP_BITS); // ACTIVE
    params.testdummy.start_time = consensus::Bip9Deployment::NEVER_ACTIVE;
    EXPECT_EQ(ComputeBlockVersion(nullptr, params), VERSIONBITS_TOP_BITS);
}
