#include <hearth/chain/block_index.h>
#include <hearth/node/chain_events.h>
#include <hearth/node/logging.h>
#include <hearth/node/shutdown.h>
#include <hearth/util/logging.h>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace hearth;
using namespace hearth::node;
using namespace std::chrono_literals;

namespace {

/// A block index entry standing alone (hash owned by the fixture).
struct FakeBlock {
    primitives::Hash256 hash;
    chain::BlockIndex index;

    FakeBlock(uint8_t tag, int height)
    {
        std::array<uint8_t, 32> bytes{};
        bytes[0] = tag;
        hash = primitives::Hash256{util::ByteSpan{bytes}};
        index.hash = &hash;
        index.height = height;
        index.chain_work = util::ArithUint256{static_cast<uint64_t>(height + 1) * 2};
        index.version = 0x20000000;
        index.time = 1296688602;
    }
};

struct Recorder final : chain::ChainNotifications {
    std::vector<std::string> events;
    void UpdatedBlockTip(const chain::BlockIndex& tip, const chain::BlockIndex*, bool) override
    {
        events.push_back("tip " + std::to_string(tip.height));
    }
    void FatalError(const std::string& message) override { events.push_back("fatal " + message); }
};

} // namespace

TEST(ChainEventsTest, WaitForTipReturnsOnChangeTimeoutOrInterrupt)
{
    ChainEvents events{nullptr, nullptr};
    FakeBlock a{1, 5}, b{2, 6};
    events.SetTip(a.index);
    EXPECT_EQ(events.LatestTip(), (ChainEvents::Tip{a.hash, 5}));

    // Already true: no wait.
    auto tip = events.WaitForTip([](const ChainEvents::Tip& t) { return t.height >= 5; }, 10s);
    EXPECT_EQ(tip.height, 5);

    // Timeout: returns the tip as it is.
    const auto t0 = std::chrono::steady_clock::now();
    tip = events.WaitForTip([](const ChainEvents::Tip& t) { return t.height >= 6; }, 100ms);
    EXPECT_EQ(tip.height, 5);
    EXPECT_GE(std::chrono::steady_clock::now() - t0, 95ms);

    // A new tip wakes the waiter.
    std::thread notifier{[&] {
        std::this_thread::sleep_for(50ms);
        events.UpdatedBlockTip(b.index, &a.index, false);
    }};
    tip = events.WaitForTip([&](const ChainEvents::Tip& t) { return t.hash != a.hash; }, std::nullopt);
    notifier.join();
    EXPECT_EQ(tip, (ChainEvents::Tip{b.hash, 6}));

    // Interrupt ends every wait for good (shutdown), even one without a timeout.
    std::thread interrupter{[&] {
        std::this_thread::sleep_for(50ms);
        events.Interrupt();
    }};
    tip = events.WaitForTip([](const ChainEvents::Tip& t) { return t.height >= 100; }, std::nullopt);
    interrupter.join();
    EXPECT_EQ(tip.height, 6);
    tip = events.WaitForTip([](const ChainEvents::Tip& t) { return t.height >= 100; }, std::nullopt);
    EXPECT_EQ(tip.height, 6);
}

TEST(ChainEventsTest, FansOutLogsTipsAndShutsDownOnFatalError)
{
    Logger logger;
    std::vector<std::string> lines;
    logger.SetCallback([&](std::string_view l) { lines.emplace_back(l); });
    ASSERT_TRUE(logger.Open(LoggingOptions{}));
    ShutdownSignal shutdown;
    ChainEvents events{&logger, &shutdown};
    Recorder first, second;
    events.Subscribe(&first);
    events.Subscribe(&second);
    FakeBlock a{1, 7};
    events.UpdatedBlockTip(a.index, nullptr, true);
    events.Unsubscribe(&second);
    events.FatalError("disk full");

    EXPECT_EQ(first.events, (std::vector<std::string>{"tip 7", "fatal disk full"}));
    EXPECT_EQ(second.events, (std::vector<std::string>{"tip 7"}));
    ASSERT_GE(lines.size(), 2u);
    // Core's UpdateTip line.
    EXPECT_NE(lines[0].find(
                  "UpdateTip: new best=" + a.hash.ToHex() +
                  " height=7 version=0x20000000 log2_work=4.000000 tx=0 date='2011-02-02T23:16:42Z' progress=0.000000"),
              std::string::npos)
        << lines[0];
    EXPECT_NE(lines[1].find("[error] *** disk full"), std::string::npos) << lines[1];
    EXPECT_TRUE(shutdown.Requested());
    EXPECT_EQ(events.FatalErrorMessage(), "disk full");
    events.FatalError("second");
    EXPECT_EQ(events.FatalErrorMessage(), "disk full"); // the first one is what hearthd reports
}

TEST(UtilLoggerTest, NodeLoggerImplementsTheInterface)
{
    Logger logger;
    std::vector<std::string> lines;
    logger.SetCallback([&](std::string_view l) { lines.emplace_back(l); });
    LoggingOptions options;
    options.timestamps = false;
    ASSERT_TRUE(logger.Open(options));
    util::Logger& iface = logger;
    util::LogInfo(&iface, "height=", 5);
    util::LogWarning(&iface, "careful");
    util::LogDebug(&iface, "coindb", "not shown: category off");
    EXPECT_FALSE(iface.DebugEnabled("coindb"));
    ASSERT_TRUE(logger.EnableCategory("coindb"));
    EXPECT_TRUE(iface.DebugEnabled("coindb"));
    EXPECT_FALSE(iface.DebugEnabled("no-such-category"));
    util::LogDebug(&iface, "coindb", "flushed ", 3, " coins");
    iface.LogMessage(util::LogLevel::ERROR, {}, "bad");
    util::LogInfo(nullptr, "a null logger is fine");
    EXPECT_EQ(lines, (std::vector<std::string>{"height=5\n", "[warning] careful\n", "[coindb] flushed 3 coins\n",
                                               "[error] bad\n"}));
}
