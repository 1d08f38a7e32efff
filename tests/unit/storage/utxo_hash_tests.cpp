// End to end against Bitcoin Core: build the UTXO set of regtest-core-chain.dat the plain way, store it
// as chainstate records in LevelDB, read it back in key order and compute gettxoutsetinfo's figures,
// hash_serialized_3 and MuHash; all must equal what Core reported for the same chain.

#include "block_test_util.h"
#include "testutil/temp_dir.h"

#include <hearth/crypto/sha256.h>
#include <hearth/script/script.h>
#include <hearth/storage/block_file_reader.h>
#include <hearth/storage/coin.h>
#include <hearth/storage/leveldb_store.h>
#include <hearth/storage/muhash.h>

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace hearth;
using namespace hearth::storage;
using namespace hearth::storage::test;
using testutil::TempDir;

// Core's CScript::IsUnspendable: such outputs never enter the UTXO set.
using script::IsUnspendable;

TEST(UtxoHashTest, RegtestChainMatchesCore)
{
    const auto expected = testutil::ReadJsonVector("regtest-core-chain.json");
    auto reader = BlockFileReader::Open(testutil::VectorPath("regtest-core-chain.dat"), REGTEST_MAGIC);
    ASSERT_TRUE(reader);

    std::map<primitives::OutPoint, Coin> utxos;
    uint32_t height = 0;
    util::Uint256 tip;
    for (;; ++height) {
        auto next = (*reader)->Next();
        ASSERT_TRUE(next);
        if (!*next) break;
        const primitives::Block& block = (*next)->block;
        tip = block.GetHash();
        for (const auto& tx : block.vtx) {
            if (!tx->IsCoinBase()) {
                for (const auto& in : tx->vin) ASSERT_EQ(utxos.erase(in.prevout), 1u) << "missing input";
            }
            if (height == 0) continue; // the genesis coinbase is never added
            for (uint32_t i = 0; i < tx->vout.size(); ++i) {
                if (IsUnspendable(tx->vout[i].script_pubkey)) continue;
                utxos[primitives::OutPoint{tx->GetTxid(), i}] = Coin{tx->vout[i], height, tx->IsCoinBase()};
            }
        }
    }
    ASSERT_EQ(height - 1, expected["tip_height"].get<uint32_t>());
    EXPECT_EQ(tip.ToHex(), expected["tip_hash"].get<std::string>());

    // Store as Core's chainstate records, then read back in LevelDB key order.
    TempDir dir;
    auto db = OpenLeveldbStore(dir.path() / "chainstate", LeveldbOptions{.name = "chainstate", .obfuscate = true});
    ASSERT_TRUE(db) << db.error();
    auto batch = (*db)->NewBatch();
    for (const auto& [op, coin] : utxos) batch->Put(CoinKey(op), EncodeCoin(coin));
    batch->Put(BestBlockKey(), tip.span());
    ASSERT_TRUE((*db)->Write(*batch, true));

    crypto::Sha256d256 hash_serialized;
    MuHash3072 muhash;
    uint64_t txouts = 0;
    uint64_t bogosize = 0;
    int64_t total = 0;
    std::set<util::Uint256> txids;
    auto it = (*db)->NewIterator();
    for (it->Seek(util::Bytes{DB_COIN}); it->Valid() && it->Key()[0] == DB_COIN; it->Next()) {
        const auto op = DecodeCoinKey(it->Key());
        ASSERT_TRUE(op);
        const auto coin = DecodeCoin(it->Value());
        ASSERT_TRUE(coin) << coin.error();
        EXPECT_EQ(*coin, utxos.at(*op));
        const util::Bytes ser = CoinHashSerialization(*op, *coin);
        hash_serialized.Write(ser);
        muhash.Insert(ser);
        ++txouts;
        bogosize += 50 + coin->out.script_pubkey.size();
        total += coin->out.value;
        txids.insert(op->hash);
    }
    ASSERT_TRUE(it->status());
    EXPECT_EQ(util::Uint256{*(*db)->Get(BestBlockKey()).value()}, tip);

    const auto& info = expected["gettxoutsetinfo"];
    EXPECT_EQ(txouts, info["txouts"].get<uint64_t>());
    EXPECT_EQ(txids.size(), info["transactions"].get<uint64_t>());
    EXPECT_EQ(bogosize, info["bogosize"].get<uint64_t>());
    EXPECT_EQ(total, static_cast<int64_t>(info["total_amount"].get<double>() * 1e8 + 0.5));
    EXPECT_EQ(hash_serialized.Finalize().ToHex(), info["hash_serialized_3"].get<std::string>());
    EXPECT_EQ(muhash.Finalize().ToHex(), expected["gettxoutsetinfo_muhash"]["muhash"].get<std::string>());
}
