#include "testutil/temp_dir.h"

#include <hearth/storage/fault_store.h>
#include <hearth/storage/forwarding_store.h>
#include <hearth/storage/kv_store.h>
#include <hearth/storage/leveldb_store.h>
#include <hearth/storage/memory_store.h>
#include <hearth/util/hex.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <random>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace hearth;
using namespace hearth::storage;
using hearth::testutil::TempDir;

namespace {

util::Bytes B(std::string_view s) { return util::ToBytes(util::AsBytes(s)); }

std::optional<util::Bytes> GetOrFail(const KvStore& store, util::ByteSpan key)
{
    auto r = store.Get(key);
    EXPECT_TRUE(r) << r.error();
    return r ? *r : std::nullopt;
}

void Put(KvStore& store, util::ByteSpan key, util::ByteSpan value, bool sync = false)
{
    auto batch = store.NewBatch();
    batch->Put(key, value);
    auto r = store.Write(*batch, sync);
    ASSERT_TRUE(r) << r.error();
}

std::map<util::Bytes, util::Bytes> Dump(const KvStore& store)
{
    std::map<util::Bytes, util::Bytes> out;
    auto it = store.NewIterator();
    for (it->SeekToFirst(); it->Valid(); it->Next()) out.emplace(util::ToBytes(it->Key()), util::ToBytes(it->Value()));
    EXPECT_TRUE(it->status());
    return out;
}

/// A store under test and whatever keeps it alive (its temp directory).
struct StoreUnderTest {
    std::unique_ptr<TempDir> dir;
    std::unique_ptr<KvStore> store;
};

using Factory = std::function<StoreUnderTest()>;

struct NamedFactory {
    std::string name;
    Factory make;
};

std::vector<NamedFactory> AllStores()
{
    return {
        {"Memory",
         [] {
             return StoreUnderTest{nullptr, std::make_unique<MemoryStore>()};
         }},
        {"Leveldb",
         [] {
             auto dir = std::make_unique<TempDir>();
             auto store = OpenLeveldbStore(dir->path() / "db", LeveldbOptions{.name = "test"});
             EXPECT_TRUE(store) << store.error();
             return StoreUnderTest{std::move(dir), std::move(*store)};
         }},
        {"LeveldbObfuscated",
         [] {
             auto dir = std::make_unique<TempDir>();
             auto store = OpenLeveldbStore(dir->path() / "db", LeveldbOptions{.name = "test", .obfuscate = true});
             EXPECT_TRUE(store) << store.error();
             return StoreUnderTest{std::move(dir), std::move(*store)};
         }},
        {"FaultOverMemory",
         [] {
             return StoreUnderTest{nullptr, std::make_unique<FaultStore>(std::make_unique<MemoryStore>())};
         }},
        {"ForwardingOverMemory",
         [] {
             // A wrapper that overrides nothing keeps the contract of the store it forwards to.
             struct Owning final : ForwardingStore {
                 explicit Owning(std::unique_ptr<KvStore> inner) : ForwardingStore{*inner}, owned{std::move(inner)} {}
                 std::unique_ptr<KvStore> owned;
             };
             return StoreUnderTest{nullptr, std::make_unique<Owning>(std::make_unique<MemoryStore>())};
         }},
    };
}

class KvStoreContractTest : public testing::TestWithParam<NamedFactory>
{
protected:
    void SetUp() override { m_sut = GetParam().make(); }
    KvStore& store() { return *m_sut.store; }
    StoreUnderTest m_sut;
};

} // namespace

TEST_P(KvStoreContractTest, PutGetExistsErase)
{
    EXPECT_EQ(GetOrFail(store(), B("missing")), std::nullopt);
    EXPECT_FALSE(*store().Exists(B("missing")));
    Put(store(), B("key"), B("value"));
    EXPECT_EQ(GetOrFail(store(), B("key")), B("value"));
    EXPECT_TRUE(*store().Exists(B("key")));
    Put(store(), B("key"), B("other"));
    EXPECT_EQ(GetOrFail(store(), B("key")), B("other"));
    Put(store(), B("empty"), {});
    EXPECT_EQ(GetOrFail(store(), B("empty")), util::Bytes{});

    auto batch = store().NewBatch();
    batch->Erase(B("key"));
    batch->Erase(B("never there"));
    ASSERT_TRUE(store().Write(*batch, true));
    EXPECT_EQ(GetOrFail(store(), B("key")), std::nullopt);
    EXPECT_FALSE(*store().Exists(B("key")));
    EXPECT_TRUE(*store().Exists(B("empty")));
}

TEST_P(KvStoreContractTest, BatchAppliesInOrderAndAllAtOnce)
{
    Put(store(), B("gone"), B("x"));
    auto batch = store().NewBatch();
    batch->Put(B("a"), B("1"));
    batch->Put(B("a"), B("2")); // later operation on the same key wins
    batch->Put(B("b"), B("1"));
    batch->Erase(B("b"));
    batch->Erase(B("gone"));
    batch->Put(B("c"), B("3"));
    EXPECT_EQ(batch->Count(), 6u);
    EXPECT_GT(batch->ApproximateSize(), 0u);

    // Nothing is visible before Write.
    EXPECT_EQ(GetOrFail(store(), B("a")), std::nullopt);
    EXPECT_EQ(GetOrFail(store(), B("gone")), B("x"));
    auto before = store().NewIterator();

    ASSERT_TRUE(store().Write(*batch, false));
    EXPECT_EQ(GetOrFail(store(), B("a")), B("2"));
    EXPECT_EQ(GetOrFail(store(), B("b")), std::nullopt);
    EXPECT_EQ(GetOrFail(store(), B("c")), B("3"));
    EXPECT_EQ(GetOrFail(store(), B("gone")), std::nullopt);

    // An iterator made before the write sees none of it (snapshot).
    before->SeekToFirst();
    ASSERT_TRUE(before->Valid());
    EXPECT_EQ(util::ToBytes(before->Key()), B("gone"));
    before->Next();
    EXPECT_FALSE(before->Valid());
    EXPECT_TRUE(before->status());

    batch->Clear();
    EXPECT_EQ(batch->Count(), 0u);
    batch->Put(B("d"), B("4"));
    ASSERT_TRUE(store().Write(*batch, false));
    EXPECT_EQ(GetOrFail(store(), B("d")), B("4"));
    EXPECT_EQ(GetOrFail(store(), B("a")), B("2"));
}

TEST_P(KvStoreContractTest, IteratesInUnsignedBytewiseOrder)
{
    // Bytes >= 0x80 must sort after 0x7f (unsigned), and a prefix before its extensions.
    const std::vector<util::Bytes> keys{{0xff},       {0x00},       {0x80, 0x00}, {0x7f},       {0x01},
                                        {0x01, 0x00}, {0x01, 0xff}, {0x80},       {0x43, 0x01}, {0x43}};
    auto batch = store().NewBatch();
    for (size_t i = 0; i < keys.size(); ++i) batch->Put(keys[i], util::Bytes{static_cast<uint8_t>(i)});
    ASSERT_TRUE(store().Write(*batch, false));

    std::vector<util::Bytes> sorted = keys;
    std::sort(sorted.begin(), sorted.end(), [](const util::Bytes& a, const util::Bytes& b) {
        return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
    });
    std::vector<util::Bytes> seen;
    auto it = store().NewIterator();
    for (it->SeekToFirst(); it->Valid(); it->Next()) seen.push_back(util::ToBytes(it->Key()));
    EXPECT_TRUE(it->status());
    EXPECT_EQ(seen, sorted);

    // Seek lands on the first key >= the target, also when the target is absent.
    it->Seek(util::Bytes{0x43});
    ASSERT_TRUE(it->Valid());
    EXPECT_EQ(util::ToBytes(it->Key()), (util::Bytes{0x43}));
    it->Next();
    ASSERT_TRUE(it->Valid());
    EXPECT_EQ(util::ToBytes(it->Key()), (util::Bytes{0x43, 0x01}));
    EXPECT_EQ(util::ToBytes(it->Value()), (util::Bytes{8}));
    it->Seek(util::Bytes{0x02});
    ASSERT_TRUE(it->Valid());
    EXPECT_EQ(util::ToBytes(it->Key()), (util::Bytes{0x43}));
    it->Seek(util::Bytes{0xff, 0x00});
    EXPECT_FALSE(it->Valid());
}

TEST_P(KvStoreContractTest, ManyEntriesMatchAModel)
{
    std::mt19937 rng{42};
    std::map<util::Bytes, util::Bytes> model;
    for (int round = 0; round < 20; ++round) {
        auto batch = store().NewBatch();
        for (int i = 0; i < 200; ++i) {
            util::Bytes key(1 + rng() % 6);
            for (auto& b : key) b = static_cast<uint8_t>(rng() % 4 * 60); // few distinct bytes: many collisions
            if (rng() % 4 == 0) {
                batch->Erase(key);
                model.erase(key);
            } else {
                util::Bytes value(rng() % 300);
                for (auto& b : value) b = static_cast<uint8_t>(rng());
                batch->Put(key, value);
                model[key] = value;
            }
        }
        ASSERT_TRUE(store().Write(*batch, round % 5 == 0));
    }
    EXPECT_EQ(Dump(store()), model);
    for (const auto& [k, v] : model) EXPECT_EQ(GetOrFail(store(), k), v);
}

TEST_P(KvStoreContractTest, SizesGrowWithData)
{
    util::Bytes value(1000, 0x5a);
    auto batch = store().NewBatch();
    for (int i = 0; i < 500; ++i) {
        for (size_t j = 0; j < value.size(); ++j)
            value[j] = static_cast<uint8_t>(i * 7 + j * 13); // incompressible enough
        batch->Put(util::Bytes{'k', static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)}, value);
    }
    ASSERT_TRUE(store().Write(*batch, true));
    ASSERT_TRUE(store().Compact());
    EXPECT_GE(store().DiskSize(), 400'000u);
    const uint64_t all = store().EstimateSize(util::Bytes{'k'}, util::Bytes{'l'});
    EXPECT_GE(all, 400'000u);
    EXPECT_LE(all, 1'000'000u);
    EXPECT_LT(store().EstimateSize(util::Bytes{'x'}, util::Bytes{'y'}), 10'000u);
}

TEST_P(KvStoreContractTest, LargeValuesRoundTrip)
{
    util::Bytes big(3 << 20);
    for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<uint8_t>(i * 2654435761u >> 24);
    Put(store(), B("big"), big, true);
    EXPECT_EQ(GetOrFail(store(), B("big")), big);
}

INSTANTIATE_TEST_SUITE_P(AllStores, KvStoreContractTest, testing::ValuesIn(AllStores()),
                         [](const testing::TestParamInfo<NamedFactory>& info) { return info.param.name; });

// ---------------------------------------------------------------------------------------- LevelDB

TEST(LeveldbStoreTest, ReopenKeepsSyncedAndUnsyncedWrites)
{
    TempDir dir;
    const auto path = dir.path() / "chainstate";
    {
        auto store = OpenLeveldbStore(path, LeveldbOptions{.name = "chainstate"});
        ASSERT_TRUE(store) << store.error();
        Put(**store, B("synced"), B("1"), true);
        Put(**store, B("unsynced"), B("2"), false); // a clean close loses nothing
    }
    auto store = OpenLeveldbStore(path, LeveldbOptions{.name = "chainstate", .create_if_missing = false});
    ASSERT_TRUE(store) << store.error();
    EXPECT_EQ(GetOrFail(**store, B("synced")), B("1"));
    EXPECT_EQ(GetOrFail(**store, B("unsynced")), B("2"));
}

TEST(LeveldbStoreTest, WipeStartsEmpty)
{
    TempDir dir;
    const auto path = dir.path() / "db";
    {
        auto store = OpenLeveldbStore(path, {});
        ASSERT_TRUE(store);
        Put(**store, B("k"), B("v"), true);
    }
    auto store = OpenLeveldbStore(path, LeveldbOptions{.wipe = true});
    ASSERT_TRUE(store) << store.error();
    EXPECT_EQ(GetOrFail(**store, B("k")), std::nullopt);
}

TEST(LeveldbStoreTest, MissingDatabaseIsAnErrorWithoutCreate)
{
    TempDir dir;
    auto store =
        OpenLeveldbStore(dir.path() / "nothing", LeveldbOptions{.name = "block index", .create_if_missing = false});
    ASSERT_FALSE(store);
    EXPECT_NE(store.error().find("cannot open block index at"), std::string::npos) << store.error();
}

TEST(LeveldbStoreTest, LockHeldByAnotherProcessIsExplained)
{
    TempDir dir;
    const auto path = dir.path() / "index";
    {
        auto store = OpenLeveldbStore(path, {});
        ASSERT_TRUE(store);
    }
    // A child process takes the same POSIX lock LevelDB takes (fcntl F_SETLK on LOCK) and holds it.
    int ready[2];
    int done[2];
    ASSERT_EQ(pipe(ready), 0);
    ASSERT_EQ(pipe(done), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        const int fd = ::open((path / "LOCK").c_str(), O_RDWR);
        struct flock fl {
        };
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET;
        const char ok = (fd >= 0 && fcntl(fd, F_SETLK, &fl) == 0) ? 'y' : 'n';
        (void)!write(ready[1], &ok, 1);
        char c;
        (void)!read(done[0], &c, 1);
        _exit(0);
    }
    char ok = 0;
    ASSERT_EQ(read(ready[0], &ok, 1), 1);
    ASSERT_EQ(ok, 'y');
    auto store = OpenLeveldbStore(path, LeveldbOptions{.name = "block index"});
    const char c = 'x';
    (void)!write(done[1], &c, 1);
    waitpid(child, nullptr, 0);
    for (int fd : {ready[0], ready[1], done[0], done[1]}) close(fd);

    ASSERT_FALSE(store);
    EXPECT_NE(store.error().find("cannot open block index at " + path.string()), std::string::npos) << store.error();
    EXPECT_NE(store.error().find("locked by another process"), std::string::npos) << store.error();

    // Once the other process is gone the database opens.
    auto again = OpenLeveldbStore(path, {});
    EXPECT_TRUE(again) << again.error();
}

namespace {
/// True if any file under `dir` contains `needle`.
bool AnyFileContains(const std::filesystem::path& dir, const util::Bytes& needle)
{
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::ifstream in{entry.path(), std::ios::binary};
        const util::Bytes data{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
        if (std::search(data.begin(), data.end(), needle.begin(), needle.end()) != data.end()) return true;
    }
    return false;
}
} // namespace

TEST(LeveldbStoreTest, ObfuscationHidesValuesOnDisk)
{
    const util::Bytes secret = B("this exact byte pattern must not appear on disk");
    for (const bool obfuscate : {false, true}) {
        TempDir dir;
        const auto path = dir.path() / "chainstate";
        {
            auto store = OpenLeveldbStore(path, LeveldbOptions{.obfuscate = obfuscate});
            ASSERT_TRUE(store);
            Put(**store, B("k"), secret, true);
        }
        EXPECT_EQ(AnyFileContains(path, secret), !obfuscate);
        // The key lives in the database: reopening without asking still deobfuscates, and the key record
        // is not data (iteration skips it).
        auto store = OpenLeveldbStore(path, LeveldbOptions{.obfuscate = false});
        ASSERT_TRUE(store);
        EXPECT_EQ(GetOrFail(**store, B("k")), secret);
        const auto all = Dump(**store);
        ASSERT_EQ(all.size(), 1u);
        EXPECT_EQ(all.begin()->second, secret);
        EXPECT_EQ(GetOrFail(**store, ObfuscationKeyKey()).has_value(), obfuscate);
    }
}

TEST(LeveldbStoreTest, ExistingPlainDatabaseIsNotObfuscatedLater)
{
    TempDir dir;
    const auto path = dir.path() / "db";
    {
        auto store = OpenLeveldbStore(path, {});
        ASSERT_TRUE(store);
        Put(**store, B("k"), B("v"), true);
    }
    auto store = OpenLeveldbStore(path, LeveldbOptions{.obfuscate = true});
    ASSERT_TRUE(store);
    EXPECT_EQ(GetOrFail(**store, B("k")), B("v"));
    EXPECT_EQ(GetOrFail(**store, ObfuscationKeyKey()), std::nullopt);
}

TEST(LeveldbStoreTest, CorruptTableIsReportedNotReturned)
{
    TempDir dir;
    const auto path = dir.path() / "db";
    {
        auto store = OpenLeveldbStore(path, LeveldbOptions{.name = "chainstate"});
        ASSERT_TRUE(store);
        auto batch = (*store)->NewBatch();
        for (int i = 0; i < 2000; ++i)
            batch->Put(util::Bytes{'k', static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)},
                       util::Bytes(100, static_cast<uint8_t>(i)));
        ASSERT_TRUE((*store)->Write(*batch, true));
        ASSERT_TRUE((*store)->Compact());
    }
    bool corrupted = false;
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
        if (entry.path().extension() != ".ldb") continue;
        std::fstream f{entry.path(), std::ios::in | std::ios::out | std::ios::binary};
        f.seekp(static_cast<std::streamoff>(entry.file_size() / 3));
        const char junk[64] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        f.write(junk, sizeof(junk));
        corrupted = true;
    }
    ASSERT_TRUE(corrupted);
    auto store = OpenLeveldbStore(path, LeveldbOptions{.name = "chainstate"});
    if (!store) {
        EXPECT_NE(store.error().find("orrupt"), std::string::npos) << store.error();
        return;
    }
    // Reads verify checksums: somewhere a read or the scan must fail with a corruption error.
    bool reported = false;
    auto it = (*store)->NewIterator();
    for (it->SeekToFirst(); it->Valid(); it->Next()) {}
    if (auto st = it->status(); !st) {
        reported = true;
        EXPECT_NE(st.error().find("corruption in the chainstate database"), std::string::npos) << st.error();
    }
    for (int i = 0; i < 2000 && !reported; ++i) {
        auto r = (*store)->Get(util::Bytes{'k', static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)});
        if (!r) {
            reported = true;
            EXPECT_NE(r.error().find("corruption"), std::string::npos) << r.error();
        } else {
            EXPECT_TRUE(!r->has_value() || **r == util::Bytes(100, static_cast<uint8_t>(i))) << "wrong data returned";
        }
    }
    EXPECT_TRUE(reported);
}

// ---------------------------------------------------------------------------------------- FaultStore

namespace {
FaultStore MakeFault() { return FaultStore{std::make_unique<MemoryStore>()}; }
} // namespace

TEST(FaultStoreTest, CrashLosesEveryUnsyncedBatch)
{
    FaultStore store = MakeFault();
    Put(store, B("a"), B("1"), true);
    Put(store, B("a"), B("2"), false);
    Put(store, B("b"), B("2"), false);
    {
        auto batch = store.NewBatch();
        batch->Erase(B("a"));
        batch->Put(B("c"), B("3"));
        ASSERT_TRUE(store.Write(*batch, false));
    }
    EXPECT_EQ(store.UnsyncedBatches(), 3u);
    EXPECT_EQ(GetOrFail(store, B("a")), std::nullopt);
    ASSERT_TRUE(store.SimulateCrash());
    EXPECT_EQ(Dump(store), (std::map<util::Bytes, util::Bytes>{{B("a"), B("1")}}));
    EXPECT_EQ(store.UnsyncedBatches(), 0u);
}

TEST(FaultStoreTest, CrashKeepsAPrefixOfUnsyncedBatches)
{
    FaultStore store = MakeFault();
    Put(store, B("a"), B("1"), true);
    Put(store, B("a"), B("2"), false);
    Put(store, B("b"), B("2"), false);
    Put(store, B("a"), B("3"), false);
    ASSERT_TRUE(store.SimulateCrash(2));
    EXPECT_EQ(Dump(store), (std::map<util::Bytes, util::Bytes>{{B("a"), B("2")}, {B("b"), B("2")}}));
}

TEST(FaultStoreTest, SyncMakesEarlierBatchesDurable)
{
    FaultStore store = MakeFault();
    Put(store, B("a"), B("1"), false);
    Put(store, B("b"), B("1"), true); // fsync of the log covers "a" too
    Put(store, B("c"), B("1"), false);
    ASSERT_TRUE(store.SimulateCrash());
    EXPECT_EQ(Dump(store), (std::map<util::Bytes, util::Bytes>{{B("a"), B("1")}, {B("b"), B("1")}}));
    EXPECT_EQ(store.SyncedWriteCount(), 1u);
    EXPECT_EQ(store.WriteCount(), 3u);
}

TEST(FaultStoreTest, DiskFullFailsWholeBatchesAndReadsStillWork)
{
    FaultStore store = MakeFault();
    store.FailWritesAfter(2);
    Put(store, B("a"), B("1"));
    Put(store, B("b"), B("1"));
    auto batch = store.NewBatch();
    batch->Put(B("c"), B("1"));
    batch->Erase(B("a"));
    auto r = store.Write(*batch, true);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().find("disk full"), std::string::npos);
    EXPECT_EQ(store.FailedWriteCount(), 1u);
    EXPECT_EQ(Dump(store), (std::map<util::Bytes, util::Bytes>{{B("a"), B("1")}, {B("b"), B("1")}}));
    EXPECT_FALSE(store.Write(*batch, false)); // still full
    store.ClearFaults();
    ASSERT_TRUE(store.Write(*batch, true));
    EXPECT_EQ(Dump(store), (std::map<util::Bytes, util::Bytes>{{B("b"), B("1")}, {B("c"), B("1")}}));
}

TEST(FaultStoreTest, CrashOverLeveldbSurvivesReopen)
{
    TempDir dir;
    const auto path = dir.path() / "db";
    {
        auto inner = OpenLeveldbStore(path, {});
        ASSERT_TRUE(inner);
        FaultStore store{std::move(*inner)};
        Put(store, B("kept"), B("1"), true);
        Put(store, B("lost"), B("1"), false);
        ASSERT_TRUE(store.SimulateCrash());
    }
    auto reopened = OpenLeveldbStore(path, {});
    ASSERT_TRUE(reopened);
    EXPECT_EQ(Dump(**reopened), (std::map<util::Bytes, util::Bytes>{{B("kept"), B("1")}}));
}

TEST(FaultStoreTest, RandomCrashesMatchTheDurabilityModel)
{
    // Model: the state after a crash is the synced state plus the first k unsynced batches.
    std::mt19937 rng{7};
    for (int trial = 0; trial < 30; ++trial) {
        FaultStore store = MakeFault();
        std::map<util::Bytes, util::Bytes> durable;
        std::vector<std::vector<std::pair<util::Bytes, std::optional<util::Bytes>>>> pending;
        const int writes = 1 + static_cast<int>(rng() % 12);
        for (int w = 0; w < writes; ++w) {
            auto batch = store.NewBatch();
            std::vector<std::pair<util::Bytes, std::optional<util::Bytes>>> ops;
            for (int i = 0, n = 1 + static_cast<int>(rng() % 5); i < n; ++i) {
                util::Bytes key{static_cast<uint8_t>('a' + rng() % 5)};
                if (rng() % 3 == 0) {
                    batch->Erase(key);
                    ops.emplace_back(key, std::nullopt);
                } else {
                    util::Bytes value{static_cast<uint8_t>(rng())};
                    batch->Put(key, value);
                    ops.emplace_back(key, value);
                }
            }
            const bool sync = rng() % 4 == 0;
            ASSERT_TRUE(store.Write(*batch, sync));
            pending.push_back(std::move(ops));
            if (sync) {
                for (const auto& ops_of : pending) {
                    for (const auto& [k, v] : ops_of) {
                        if (v)
                            durable[k] = *v;
                        else
                            durable.erase(k);
                    }
                }
                pending.clear();
            }
        }
        const size_t keep = rng() % (pending.size() + 2); // sometimes more than there are
        for (size_t i = 0; i < std::min(keep, pending.size()); ++i) {
            for (const auto& [k, v] : pending[i]) {
                if (v)
                    durable[k] = *v;
                else
                    durable.erase(k);
            }
        }
        ASSERT_TRUE(store.SimulateCrash(keep));
        EXPECT_EQ(Dump(store), durable) << "trial " << trial;
    }
}
