// The coins cache's journal (ConnectBlock connects on the tip cache itself and rolls a failed block back)
// and Sync writing straight from the cache: after a rollback the cache must behave exactly as before —
// same coins, same DIRTY/FRESH flags (checked through what later flushes write), same memory estimate.

#include <hearth/chain/coins.h>
#include <hearth/storage/coin.h>
#include <hearth/storage/memory_store.h>

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>

using namespace hearth;
using namespace hearth::chain;

namespace {

OutPoint Point(uint8_t tx, uint32_t n)
{
    OutPoint o;
    o.hash.data()[0] = tx;
    o.hash.data()[31] = 0x17;
    o.n = n;
    return o;
}

Coin MakeCoin(primitives::Amount value, uint32_t height, bool coinbase = false, size_t script_size = 25)
{
    primitives::ScriptBytes script(script_size, static_cast<uint8_t>(value));
    if (!script.empty()) script[0] = 0x76; // not OP_RETURN
    return Coin{primitives::TxOut{value, std::move(script)}, height, coinbase};
}

/// The chainstate database on a memory store, a tip cache over it, and a model of the coins.
struct Fixture {
    Fixture() : db{std::make_unique<storage::MemoryStore>(), 1 << 10}, tip{&db} { tip.SetBestBlock(Block(1)); }

    static Hash256 Block(uint8_t n)
    {
        Hash256 h;
        h.data()[0] = n;
        h.data()[31] = 1;
        return h;
    }

    /// Every coin the database holds, read back through a fresh cache after flushing `tip`.
    std::map<OutPoint, Coin> FlushedCoins(uint8_t space)
    {
        EXPECT_TRUE(tip.Flush());
        std::map<OutPoint, Coin> out;
        CoinsViewCache fresh{&db};
        for (unsigned tx = 0; tx < space; ++tx) {
            for (uint32_t n = 0; n < 4; ++n) {
                if (const Coin* c = fresh.AccessCoin(Point(static_cast<uint8_t>(tx), n))) {
                    out[Point(static_cast<uint8_t>(tx), n)] = *c;
                }
            }
        }
        return out;
    }

    CoinsViewDb db;
    CoinsViewCache tip;
};

} // namespace

TEST(CoinsCacheTest, RollBackRestoresCoinsFlagsAndBestBlock)
{
    Fixture f;
    // In the database (clean once read back), DIRTY-only (spent in the cache, unspent on disk), FRESH.
    f.tip.AddCoin(Point(1, 0), MakeCoin(100, 5), false);
    f.tip.AddCoin(Point(1, 1), MakeCoin(101, 5), false);
    f.tip.AddCoin(Point(2, 0), MakeCoin(200, 6), false);
    ASSERT_TRUE(f.tip.Flush());
    ASSERT_NE(f.tip.AccessCoin(Point(1, 0)), nullptr);   // cached, clean
    ASSERT_TRUE(f.tip.SpendCoin(Point(1, 1)));           // DIRTY spent entry over an unspent disk coin
    f.tip.AddCoin(Point(3, 0), MakeCoin(300, 7), false); // FRESH
    const size_t entries = f.tip.CacheSize();

    f.tip.BeginJournal();
    EXPECT_TRUE(f.tip.JournalOpen());
    Coin moved1, moved2, moved3;
    ASSERT_TRUE(f.tip.SpendCoin(Point(1, 0), &moved1));  // clean
    ASSERT_TRUE(f.tip.SpendCoin(Point(3, 0), &moved2));  // FRESH: erased
    ASSERT_TRUE(f.tip.SpendCoin(Point(2, 0), &moved3));  // read from disk first
    f.tip.AddCoin(Point(4, 0), MakeCoin(400, 8), false); // new
    f.tip.AddCoin(Point(4, 1), MakeCoin(401, 8), false);
    Coin moved4;
    ASSERT_TRUE(f.tip.SpendCoin(Point(4, 1), &moved4));       // created and spent
    f.tip.AddCoin(Point(1, 1), MakeCoin(111, 8), false);      // over the DIRTY spent entry
    f.tip.AddCoin(Point(4, 0), MakeCoin(402, 8, true), true); // a coinbase overwriting
    f.tip.SetBestBlock(Fixture::Block(2));
    EXPECT_EQ(moved1, MakeCoin(100, 5));
    EXPECT_EQ(moved2, MakeCoin(300, 7));
    f.tip.RollBackJournal();
    EXPECT_FALSE(f.tip.JournalOpen());

    EXPECT_EQ(f.tip.GetBestBlock(), Fixture::Block(1));
    ASSERT_NE(f.tip.AccessCoin(Point(1, 0)), nullptr);
    EXPECT_EQ(*f.tip.AccessCoin(Point(1, 0)), MakeCoin(100, 5));
    EXPECT_EQ(f.tip.AccessCoin(Point(1, 1)), nullptr);
    EXPECT_EQ(*f.tip.AccessCoin(Point(3, 0)), MakeCoin(300, 7));
    EXPECT_EQ(*f.tip.AccessCoin(Point(2, 0)), MakeCoin(200, 6));
    EXPECT_EQ(f.tip.AccessCoin(Point(4, 0)), nullptr);
    EXPECT_EQ(f.tip.AccessCoin(Point(4, 1)), nullptr);
    // Point(2, 0) stays cached (clean, as read from disk); everything else is as before.
    EXPECT_EQ(f.tip.CacheSize(), entries + 1);
    Coin scratch;
    // The flags are back too: spending the FRESH coin erases it, and the DIRTY spent entry still reaches
    // the database when flushed.
    ASSERT_TRUE(f.tip.SpendCoin(Point(3, 0), &scratch));
    const auto flushed = f.FlushedCoins(8);
    EXPECT_EQ(flushed.count(Point(1, 1)), 0U);
    EXPECT_EQ(flushed.count(Point(3, 0)), 0U);
    EXPECT_EQ(flushed.at(Point(1, 0)), MakeCoin(100, 5));
    EXPECT_EQ(flushed.at(Point(2, 0)), MakeCoin(200, 6));
    EXPECT_EQ(flushed.size(), 2U);
    EXPECT_EQ(f.db.GetBestBlock(), Fixture::Block(1));
}

TEST(CoinsCacheTest, RollBackRestoresMemoryEstimate)
{
    Fixture f;
    for (uint8_t tx = 0; tx < 8; ++tx) f.tip.AddCoin(Point(tx, 0), MakeCoin(tx + 1, 3, false, 10 + tx * 7), false);
    const size_t usage = f.tip.DynamicMemoryUsage();
    f.tip.BeginJournal();
    Coin moved[8];
    for (uint8_t tx = 0; tx < 8; tx += 2) ASSERT_TRUE(f.tip.SpendCoin(Point(tx, 0), &moved[tx]));
    f.tip.AddCoin(Point(9, 0), MakeCoin(90, 4, false, 300), false);
    f.tip.RollBackJournal();
    EXPECT_EQ(f.tip.DynamicMemoryUsage(), usage);
}

TEST(CoinsCacheTest, CommitKeepsChanges)
{
    Fixture f;
    f.tip.AddCoin(Point(1, 0), MakeCoin(100, 5), false);
    ASSERT_TRUE(f.tip.Flush());
    f.tip.BeginJournal();
    Coin moved;
    ASSERT_TRUE(f.tip.SpendCoin(Point(1, 0), &moved));
    f.tip.AddCoin(Point(2, 0), MakeCoin(200, 6), false);
    f.tip.SetBestBlock(Fixture::Block(2));
    f.tip.CommitJournal();
    EXPECT_FALSE(f.tip.JournalOpen());
    const auto flushed = f.FlushedCoins(4);
    EXPECT_EQ(flushed.size(), 1U);
    EXPECT_EQ(flushed.at(Point(2, 0)), MakeCoin(200, 6));
    EXPECT_EQ(f.db.GetBestBlock(), Fixture::Block(2));
}

TEST(CoinsCacheTest, SyncWritesDirtyCoinsAndKeepsThemCached)
{
    Fixture f;
    f.tip.AddCoin(Point(1, 0), MakeCoin(100, 5), false);
    f.tip.AddCoin(Point(1, 1), MakeCoin(101, 5), false);
    ASSERT_TRUE(f.tip.Flush());
    ASSERT_TRUE(f.tip.SpendCoin(Point(1, 0)));
    f.tip.AddCoin(Point(2, 0), MakeCoin(200, 6), false);
    f.tip.SetBestBlock(Fixture::Block(3));
    ASSERT_TRUE(f.tip.Sync());
    EXPECT_EQ(f.tip.CacheSize(), 1U); // the spent entry is gone, the new coin stays (clean)
    EXPECT_TRUE(f.tip.HaveCoinInCache(Point(2, 0)));
    EXPECT_EQ(f.db.GetBestBlock(), Fixture::Block(3));
    CoinsViewCache fresh{&f.db};
    EXPECT_EQ(fresh.AccessCoin(Point(1, 0)), nullptr);
    EXPECT_EQ(*fresh.AccessCoin(Point(1, 1)), MakeCoin(101, 5));
    EXPECT_EQ(*fresh.AccessCoin(Point(2, 0)), MakeCoin(200, 6));
}

TEST(CoinsCacheTest, RandomJournalsAgreeWithAModel)
{
    // Random adds, spends, syncs and flushes on a small outpoint space; now and then a journal that is
    // committed or rolled back. The model is the set of unspent coins; after each step every read must
    // agree with it, and what the database holds after a final flush must equal it.
    for (uint32_t seed = 1; seed <= 200; ++seed) {
        std::mt19937 rng{seed};
        Fixture f;
        std::map<OutPoint, Coin> model;
        std::map<OutPoint, Coin> saved_model;
        std::vector<std::unique_ptr<Coin>> moved; // where the journal's spent coins went
        uint8_t best = 1;
        auto pick = [&] { return Point(static_cast<uint8_t>(rng() % 6), rng() % 4); };
        for (int step = 0; step < 300; ++step) {
            const unsigned op = rng() % 12;
            if (op <= 3) {
                const OutPoint o = pick();
                const bool coinbase_overwrite = rng() % 4 == 0;
                if (model.count(o) && !coinbase_overwrite) continue;
                const Coin c = MakeCoin(static_cast<primitives::Amount>(1 + rng() % 1000), 1 + rng() % 50,
                                        coinbase_overwrite, rng() % 8 == 0 ? 0 : 1 + rng() % 40);
                f.tip.AddCoin(o, c, coinbase_overwrite);
                model[o] = c;
            } else if (op <= 6) {
                const OutPoint o = pick();
                moved.push_back(std::make_unique<Coin>());
                const bool spent = f.tip.SpendCoin(o, rng() % 2 ? moved.back().get() : nullptr);
                ASSERT_EQ(spent, model.count(o) == 1) << "seed " << seed << " step " << step;
                model.erase(o);
            } else if (op == 7) {
                const OutPoint o = pick();
                const Coin* c = f.tip.AccessCoin(o);
                ASSERT_EQ(c != nullptr, model.count(o) == 1) << "seed " << seed << " step " << step;
                if (c) {
                    ASSERT_EQ(*c, model.at(o));
                }
            } else if (op == 8 && !f.tip.JournalOpen()) {
                f.tip.BeginJournal();
                saved_model = model;
            } else if (op == 9 && f.tip.JournalOpen()) {
                if (rng() % 2) {
                    f.tip.RollBackJournal();
                    model = saved_model;
                } else {
                    f.tip.CommitJournal();
                }
                moved.clear();
            } else if (op == 10 && !f.tip.JournalOpen()) {
                f.tip.SetBestBlock(Fixture::Block(++best));
                ASSERT_TRUE(rng() % 2 ? f.tip.Sync() : f.tip.Flush());
            } else if (op == 11 && f.tip.JournalOpen()) {
                f.tip.SetBestBlock(Fixture::Block(static_cast<uint8_t>(200 + rng() % 50)));
            }
        }
        if (f.tip.JournalOpen()) {
            f.tip.RollBackJournal();
            model = saved_model;
        }
        for (const auto& [o, c] : model) ASSERT_EQ(*f.tip.AccessCoin(o), c) << "seed " << seed;
        const Hash256 expected_best = f.tip.GetBestBlock();
        EXPECT_EQ(f.FlushedCoins(6), model) << "seed " << seed;
        EXPECT_EQ(f.db.GetBestBlock(), expected_best) << "seed " << seed;
    }
}

namespace {

/// Every record of `store`, in key order.
std::vector<std::pair<util::Bytes, util::Bytes>> Records(const storage::KvStore& store)
{
    std::vector<std::pair<util::Bytes, util::Bytes>> out;
    auto it = store.NewIterator();
    for (it->SeekToFirst(); it->Valid(); it->Next())
        out.emplace_back(util::ToBytes(it->Key()), util::ToBytes(it->Value()));
    return out;
}

} // namespace

TEST(CoinsCacheTest, FlushOnSeveralThreadsWritesWhatOneThreadWrites)
{
    // Enough coins for several slices of a flush (4096 records each), so that three encoding threads each
    // get some, and a second flush of erasures and new coins.
    struct Node {
        explicit Node(unsigned threads) : db{std::make_unique<storage::MemoryStore>(), 1 << 16, threads}, tip{&db} {}
        CoinsViewDb db;
        CoinsViewCache tip;
    };
    Node one{1};
    Node three{3};
    auto point = [](uint32_t i) {
        OutPoint o;
        o.hash.data()[0] = static_cast<uint8_t>(i * 37);
        o.hash.data()[1] = static_cast<uint8_t>(i >> 8);
        o.hash.data()[2] = static_cast<uint8_t>(i);
        o.n = i % 5;
        return o;
    };
    constexpr uint32_t COINS = 20'000;
    for (Node* node : {&one, &three}) {
        for (uint32_t i = 0; i < COINS; ++i) {
            node->tip.AddCoin(point(i), MakeCoin(1000 + i, i / 100, i % 7 == 0, 20 + i % 20), false);
        }
        node->tip.SetBestBlock(Fixture::Block(2));
        ASSERT_TRUE(node->tip.Flush());
        for (uint32_t i = 0; i < COINS; i += 3) ASSERT_TRUE(node->tip.SpendCoin(point(i)));
        for (uint32_t i = COINS; i < COINS + 5000; ++i) node->tip.AddCoin(point(i), MakeCoin(i, 300), false);
        node->tip.SetBestBlock(Fixture::Block(3));
        ASSERT_TRUE(node->tip.Sync());
    }
    const auto records = Records(one.db.store());
    ASSERT_EQ(records.size(), COINS - (COINS + 2) / 3 + 5000 + 1); // the coins and the best block
    EXPECT_EQ(records, Records(three.db.store()));
    EXPECT_EQ(three.db.GetBestBlock(), Fixture::Block(3));
    EXPECT_FALSE(three.db.GetHeadBlocks().has_value());
    CoinsViewCache fresh{&three.db};
    EXPECT_EQ(fresh.AccessCoin(point(0)), nullptr);
    EXPECT_EQ(*fresh.AccessCoin(point(1)), MakeCoin(1001, 0, false, 21));
    EXPECT_EQ(*fresh.AccessCoin(point(COINS + 1)), MakeCoin(COINS + 1, 300));
}
