// The coins cache: Sync writing straight from the cache into the database.

#include <hearth/chain/coins.h>
#include <hearth/storage/coin.h>
#include <hearth/storage/memory_store.h>

#include <gtest/gtest.h>

#include <map>
#include <memory>

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
