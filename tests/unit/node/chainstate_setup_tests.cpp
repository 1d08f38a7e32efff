#include <hearth/chain/chainstate.h>
#include <hearth/consensus/params.h>
#include <hearth/node/chain_events.h>
#include <hearth/node/chainstate_setup.h>
#include <hearth/node/clock.h>
#include <hearth/node/config.h>
#include <hearth/node/import.h>
#include <hearth/node/logging.h>
#include <hearth/node/shutdown.h>

#include "testutil/vectors.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <unistd.h>

using namespace hearth;
using namespace hearth::node;
namespace fs = std::filesystem;

namespace {

util::Result<ChainstateSetup> ReadSetup(std::vector<std::string> argv, unsigned cores = 4)
{
    ArgsManager args;
    SetupServerArgs(args);
    argv.insert(argv.begin(), "hearthd");
    std::vector<const char*> ptrs;
    for (const auto& a : argv) ptrs.push_back(a.c_str());
    auto parsed = args.ParseParameters(static_cast<int>(ptrs.size()), ptrs.data());
    EXPECT_TRUE(parsed) << parsed.error();
    return ReadChainstateSetup(args, "/nonexistent/regtest", cores);
}

fs::path TestDir(const std::string& name)
{
    const fs::path dir = fs::temp_directory_path() / ("hearth_chainsetup_" + std::to_string(::getpid()) + "_" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

constexpr size_t MIB = 1 << 20;

/// Waits (bounded) for an importer to finish on its own, without interrupting it.
bool WaitDone(const BlockImporter& importer)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{60};
    while (!importer.Done() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds{2});
    }
    return importer.Done();
}

} // namespace

TEST(ChainstateSetupTest, CacheSplitFollowsCore)
{
    // Core's CalculateCacheSizes with no indexes: block index min(total/8, 2 MiB), then coins DB
    // min(rest/2, rest/4 + 8 MiB) capped at 8 MiB, the rest is the coins cache.
    const CacheSizes core_default = CalculateCacheSizes(450);
    EXPECT_EQ(core_default.block_tree_db, 2 * MIB);
    EXPECT_EQ(core_default.coins_db, 8 * MIB);
    EXPECT_EQ(core_default.coins, 440 * MIB);
    const CacheSizes hearth_default = CalculateCacheSizes(DEFAULT_DB_CACHE_MIB);
    EXPECT_EQ(hearth_default.block_tree_db + hearth_default.coins_db + hearth_default.coins, 100 * MIB);
    EXPECT_EQ(hearth_default.coins, 90 * MIB);
    // The minimum: 4 MiB → 0.5 + 1.75 + 1.75.
    const CacheSizes tiny = CalculateCacheSizes(1);
    EXPECT_EQ(tiny.block_tree_db, MIB / 2);
    EXPECT_EQ(tiny.coins_db, 7 * MIB / 4);
    EXPECT_EQ(tiny.coins, 7 * MIB / 4);
}

TEST(ChainstateSetupTest, DefaultsAndOptions)
{
    auto s = ReadSetup({});
    ASSERT_TRUE(s) << s.error();
    EXPECT_EQ(s->dbcache_mib, DEFAULT_DB_CACHE_MIB);
    EXPECT_EQ(s->options.coins_cache_bytes, 90 * MIB);
    EXPECT_EQ(s->options.prune_target, 0u);
    EXPECT_FALSE(s->options.assume_valid.has_value()); // the network's default
    EXPECT_EQ(s->options.script_threads, 3u);          // -par=0 on 4 cores: 3 workers + the validation thread
    EXPECT_EQ(s->options.signature_cache_bytes, 32 * MIB);
    EXPECT_EQ(s->options.data_dir, fs::path{"/nonexistent/regtest"});
    EXPECT_EQ(s->check_blocks, 6);
    EXPECT_EQ(s->check_level, 3);
    EXPECT_TRUE(s->load_block_files.empty());
    EXPECT_EQ(s->options.coins_batch_bytes, 4 * MIB);

    s = ReadSetup({"-dbcache=450", "-par=2", "-maxsigcachesize=4", "-loadblock=a.dat", "-loadblock=b.dat", "-reindex",
                   "-checkblocks=0", "-checklevel=4", "-stopafterblockimport", "-dbbatchsize=1000"});
    ASSERT_TRUE(s) << s.error();
    EXPECT_EQ(s->options.coins_cache_bytes, 440 * MIB);
    EXPECT_EQ(s->options.script_threads, 1u);
    EXPECT_EQ(s->options.signature_cache_bytes, 4 * MIB);
    EXPECT_EQ(s->load_block_files, (std::vector<fs::path>{"a.dat", "b.dat"}));
    EXPECT_TRUE(s->options.reindex);
    EXPECT_FALSE(s->options.reindex_chainstate);
    EXPECT_EQ(s->check_blocks, 0);
    EXPECT_EQ(s->check_level, 4);
    EXPECT_TRUE(s->stop_after_block_import);
    EXPECT_EQ(s->options.coins_batch_bytes, 1000u);
}

TEST(ChainstateSetupTest, ParMeansCoresAndLeavesCoresFree)
{
    EXPECT_EQ(ReadSetup({"-par=0"}, 8)->options.script_threads, 7u);
    EXPECT_EQ(ReadSetup({"-par=-2"}, 8)->options.script_threads, 5u);
    EXPECT_EQ(ReadSetup({"-par=-20"}, 8)->options.script_threads, 0u);
    EXPECT_EQ(ReadSetup({"-par=1"}, 8)->options.script_threads, 0u);
    EXPECT_EQ(ReadSetup({"-par=100"}, 8)->options.script_threads, static_cast<unsigned>(MAX_SCRIPTCHECK_THREADS));
    EXPECT_EQ(ReadSetup({}, 1)->options.script_threads, 0u);
}

TEST(ChainstateSetupTest, AssumeValidTakesUserHex)
{
    auto s = ReadSetup({"-assumevalid=0"});
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->options.assume_valid.has_value());
    EXPECT_TRUE(s->options.assume_valid->IsNull());
    s = ReadSetup({"-noassumevalid"});
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->options.assume_valid->IsNull());
    s = ReadSetup({"-assumevalid=0x0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206"});
    ASSERT_TRUE(s);
    EXPECT_EQ(s->options.assume_valid->ToHex(), "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");
    s = ReadSetup({"-assumevalid=abc"}); // zero-padded on the left
    ASSERT_TRUE(s);
    EXPECT_EQ(s->options.assume_valid->ToHex(), std::string(61, '0') + "abc");
    s = ReadSetup({"-assumevalid=xyz"});
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error(),
              "Invalid assumevalid block hash specified (xyz), must be up to 64 hex digits (or 0 to disable)");
    s = ReadSetup({"-assumevalid=" + std::string(65, '1')});
    ASSERT_FALSE(s);
}

TEST(ChainstateSetupTest, PruneValuesAsCore)
{
    auto s = ReadSetup({"-prune=1"});
    ASSERT_TRUE(s);
    EXPECT_EQ(s->options.prune_target, 1u);
    s = ReadSetup({"-prune=550"});
    ASSERT_TRUE(s);
    EXPECT_EQ(s->options.prune_target, 550 * MIB);
    s = ReadSetup({"-prune=-1"});
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error(), "Prune cannot be configured with a negative value.");
    s = ReadSetup({"-prune=549"});
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error(), "Prune configured below the minimum of 550 MiB.  Please use a higher number.");
    s = ReadSetup({"-prune=550", "-txindex"});
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error(), "Prune mode is incompatible with -txindex.");
    s = ReadSetup({"-prune=1", "-reindex-chainstate"});
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error(), "Prune mode is incompatible with -reindex-chainstate. Use full -reindex instead.");
    EXPECT_TRUE(ReadSetup({"-prune=550", "-reindex"}));
}

TEST(ChainstateSetupTest, FastPruneUsesSmallBlockFiles)
{
    auto s = ReadSetup({"-fastprune"});
    ASSERT_TRUE(s);
    EXPECT_EQ(s->options.block_files.max_blockfile_size, FAST_PRUNE_BLOCKFILE_SIZE);
    EXPECT_EQ(ReadSetup({})->options.block_files.max_blockfile_size, storage::MAX_BLOCKFILE_SIZE);
}

TEST(ClockTest, MockTimeOverridesTheSystemClock)
{
    Clock clock;
    const int64_t now = clock.Now();
    EXPECT_GT(now, 1'700'000'000); // a plausible system time
    EXPECT_EQ(clock.MockTime(), 0);
    clock.SetMockTime(1'296'688'602);
    EXPECT_EQ(clock.Now(), 1'296'688'602);
    clock.SetMockTime(0);
    EXPECT_GE(clock.Now(), now);
}

TEST(LoadChainstateTest, OpensImportsAndReopensWithTheMockClock)
{
    const fs::path dir = TestDir("load");
    auto params = consensus::CreateChainParams(consensus::ChainType::MAIN);
    ASSERT_TRUE(params);
    Clock clock;
    // Mainnet blocks of 2009 are far behind a 2009+1 day clock: in IBD; and moving the clock moves that.
    clock.SetMockTime(1'231'006'505 + 60 * 60 * 24 * 30);
    Logger logger;
    ShutdownSignal shutdown;
    ChainEvents events{&logger, &shutdown};
    auto setup = ReadSetup({"-maxsigcachesize=1"});
    ASSERT_TRUE(setup);
    setup->options.data_dir = dir / "main";
    std::vector<std::string> steps;
    {
        auto cs =
            LoadChainstate(*params, *setup, clock, events, &logger, [&](const std::string& s) { steps.push_back(s); });
        ASSERT_TRUE(cs) << cs.error();
        EXPECT_EQ(steps, (std::vector<std::string>{"Loading block index…", "Verifying blocks…"}));
        EXPECT_EQ((*cs)->Chain().Height(), 0);
        EXPECT_EQ(events.LatestTip().height, 0);
        EXPECT_EQ((*cs)->Now(), clock.Now());

        std::atomic<bool> done{false};
        BlockImporter importer{**cs, &logger, {testutil::VectorPath("mainnet-blocks-0-255.dat")}, [&] { done = true; }};
        importer.Start();
        const auto tip =
            events.WaitForTip([](const ChainEvents::Tip& t) { return t.height == 255; }, std::chrono::seconds{60});
        EXPECT_EQ(tip.height, 255);
        EXPECT_TRUE(WaitDone(importer));
        importer.Stop();
        EXPECT_TRUE(done.load());
        EXPECT_TRUE((*cs)->IsInitialBlockDownload());
    }
    // Reopened: the tip is there (the import flushed at its end), and start-up verification passes.
    steps.clear();
    auto cs =
        LoadChainstate(*params, *setup, clock, events, &logger, [&](const std::string& s) { steps.push_back(s); });
    ASSERT_TRUE(cs) << cs.error();
    EXPECT_EQ((*cs)->Chain().Height(), 255);
    EXPECT_EQ(events.LatestTip().height, 255);
    EXPECT_EQ(steps.size(), 2u);
    EXPECT_FALSE(shutdown.Requested());
    cs->reset();
    fs::remove_all(dir);
}

TEST(LoadChainstateTest, PrunedDataDirectoryNeedsPruneMode)
{
    const fs::path dir = TestDir("pruned");
    consensus::ChainOptions chain_options;
    chain_options.fastprune = true;
    auto params = consensus::CreateChainParams(consensus::ChainType::REGTEST, chain_options);
    ASSERT_TRUE(params);
    Clock clock;
    ChainEvents events{nullptr, nullptr};
    auto setup = ReadSetup({"-prune=1", "-fastprune", "-maxsigcachesize=1"});
    ASSERT_TRUE(setup);
    setup->options.data_dir = dir / "regtest";
    {
        auto cs = LoadChainstate(*params, *setup, clock, events, nullptr, {});
        ASSERT_TRUE(cs) << cs.error();
        BlockImporter importer{**cs, nullptr, {testutil::VectorPath("regtest-core-chain.dat")}};
        importer.Start();
        EXPECT_TRUE(WaitDone(importer));
        importer.Stop();
        EXPECT_EQ((*cs)->Chain().Height(), 410);
        auto pruned = (*cs)->PruneBlockchain(122);
        ASSERT_TRUE(pruned) << pruned.error();
        EXPECT_GT(*pruned, 0);
    }
    auto unpruned = ReadSetup({"-maxsigcachesize=1"});
    unpruned->options.data_dir = dir / "regtest";
    auto cs = LoadChainstate(*params, *unpruned, clock, events, nullptr, {});
    ASSERT_FALSE(cs);
    EXPECT_EQ(cs.error(), "You need to rebuild the database using -reindex to go back to unpruned mode.  "
                          "This will redownload the entire blockchain");
    fs::remove_all(dir);
}

TEST(BlockImporterTest, InterruptedBeforeStartImportsNothing)
{
    const fs::path dir = TestDir("interrupt");
    auto params = consensus::CreateChainParams(consensus::ChainType::MAIN);
    Clock clock;
    ChainEvents events{nullptr, nullptr};
    auto setup = ReadSetup({"-maxsigcachesize=1"});
    setup->options.data_dir = dir / "main";
    auto cs = LoadChainstate(*params, *setup, clock, events, nullptr, {});
    ASSERT_TRUE(cs) << cs.error();
    bool done = false;
    {
        BlockImporter importer{**cs, nullptr, {testutil::VectorPath("mainnet-blocks-0-255.dat")}, [&] { done = true; }};
        importer.Interrupt();
        importer.Start();
        importer.Stop();
        EXPECT_TRUE(importer.Done());
    }
    EXPECT_FALSE(done); // on_done only after an import that was not interrupted
    EXPECT_EQ((*cs)->Chain().Height(), 0);
    // A missing file is skipped with a warning; the import still completes.
    Logger logger;
    std::vector<std::string> lines;
    logger.SetCallback([&](std::string_view l) { lines.emplace_back(l); });
    ASSERT_TRUE(logger.Open(LoggingOptions{}));
    {
        BlockImporter importer{**cs, &logger, {dir / "missing.dat"}, [&] { done = true; }};
        importer.Start();
        EXPECT_TRUE(WaitDone(importer));
        importer.Stop();
    }
    EXPECT_TRUE(done);
    ASSERT_FALSE(lines.empty());
    EXPECT_NE(lines.front().find("[warning] Could not open blocks file " + (dir / "missing.dat").string()),
              std::string::npos);
    cs->reset();
    fs::remove_all(dir);
}
