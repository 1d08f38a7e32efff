// Whole-chain imports of real data: the first 256 mainnet blocks, and a regtest chain mined by Bitcoin Core
// whose UTXO-set hashes Core recorded (regtest-core-chain.json).

#include "chain_test_util.h"

#include <hearth/primitives/amount.h>

#include <map>

using namespace hearth;
using namespace hearth::chain;
using namespace hearth::chain::test;

namespace {

std::unique_ptr<Chainstate> OpenChain(const consensus::ChainParams& params, const std::filesystem::path& dir,
                                      unsigned threads = 1)
{
    ChainstateOptions opts;
    opts.data_dir = dir;
    opts.script_threads = threads;
    opts.coins_cache_bytes = 16 << 20;
    auto cs = Chainstate::Open(params, opts);
    EXPECT_TRUE(cs) << (cs ? "" : cs.error());
    return cs ? std::move(*cs) : nullptr;
}

void ImportAll(Chainstate& cs, const std::vector<std::shared_ptr<const primitives::Block>>& blocks)
{
    for (size_t i = 0; i < blocks.size(); ++i) {
        consensus::BlockValidationState state;
        bool new_block = false;
        ASSERT_TRUE(cs.ProcessNewBlock(blocks[i], true, &new_block, state))
            << "block " << i << ": " << state.ToString();
    }
}

} // namespace

TEST(ImportTest, FirstMainnetBlocksMatchAnIndependentScan)
{
    const auto params = Params(consensus::ChainType::MAIN);
    const auto blocks = ReadBlockFile("mainnet-blocks-0-255.dat", params.message_start);
    ASSERT_EQ(blocks.size(), 256U);
    TempDir dir;
    auto cs = OpenChain(params, dir.path());
    ASSERT_TRUE(cs);
    ImportAll(*cs, blocks);
    ASSERT_EQ(cs->Chain().Height(), 255);
    EXPECT_EQ(cs->Tip()->GetHash().ToHex(), "00000000d0a75c861fabf9ff7b92022f60e4afeed9331fe5aa073d8e4706fe3c");

    // Independent scan: every output of blocks 1..255 not spent by a later input (genesis never counts).
    std::map<primitives::OutPoint, primitives::Amount> utxos;
    for (size_t h = 1; h < blocks.size(); ++h) {
        for (const auto& tx : blocks[h]->vtx) {
            if (!tx->IsCoinBase()) {
                for (const auto& in : tx->vin) ASSERT_EQ(utxos.erase(in.prevout), 1U);
            }
            for (uint32_t o = 0; o < tx->vout.size(); ++o) utxos[{tx->GetTxid(), o}] = tx->vout[o].value;
        }
    }
    primitives::Amount total = 0;
    for (const auto& [outpoint, value] : utxos) total += value;

    auto stats = cs->ComputeCoinStats(CoinStatsHash::HASH_SERIALIZED);
    ASSERT_TRUE(stats) << stats.error();
    EXPECT_EQ(stats->height, 255);
    EXPECT_EQ(stats->txouts, utxos.size());
    EXPECT_EQ(stats->total_amount, total);
}

TEST(ImportTest, CoreRegtestChainHasCoresUtxoHashes)
{
    const auto params = Params(consensus::ChainType::REGTEST);
    const auto blocks = ReadBlockFile("regtest-core-chain.dat", params.message_start);
    ASSERT_EQ(blocks.size(), 411U);
    const auto expected = testutil::ReadJsonVector("regtest-core-chain.json");
    TempDir dir;
    auto cs = OpenChain(params, dir.path(), 1);
    ASSERT_TRUE(cs);
    ImportAll(*cs, blocks);
    ASSERT_EQ(cs->Chain().Height(), expected["tip_height"].get<int>());
    EXPECT_EQ(cs->Tip()->GetHash().ToHex(), expected["tip_hash"].get<std::string>());
    EXPECT_EQ(cs->Tip()->chain_work.ToHex(), expected["chainwork"].get<std::string>());

    auto stats = cs->ComputeCoinStats(CoinStatsHash::HASH_SERIALIZED);
    ASSERT_TRUE(stats) << stats.error();
    const auto& core = expected["gettxoutsetinfo"];
    EXPECT_EQ(stats->txouts, core["txouts"].get<uint64_t>());
    EXPECT_EQ(stats->transactions, core["transactions"].get<uint64_t>());
    EXPECT_EQ(stats->bogosize, core["bogosize"].get<uint64_t>());
    EXPECT_EQ(stats->total_amount, static_cast<primitives::Amount>(core["total_amount"].get<double>() * 1e8 + 0.5));
    ASSERT_TRUE(stats->hash_serialized);
    EXPECT_EQ(stats->hash_serialized->ToHex(), core["hash_serialized_3"].get<std::string>());

    auto mu = cs->ComputeCoinStats(CoinStatsHash::MUHASH);
    ASSERT_TRUE(mu && mu->muhash);
    EXPECT_EQ(mu->muhash->ToHex(), expected["gettxoutsetinfo_muhash"]["muhash"].get<std::string>());
}

TEST(ImportTest, RestartResumesWithoutReconnecting)
{
    const auto params = Params(consensus::ChainType::MAIN);
    const auto blocks = ReadBlockFile("mainnet-blocks-0-255.dat", params.message_start);
    TempDir dir;
    Hash256 tip;
    {
        auto cs = OpenChain(params, dir.path());
        ASSERT_TRUE(cs);
        ImportAll(*cs, blocks);
        tip = cs->Tip()->GetHash();
    } // clean shutdown flushes
    auto cs = OpenChain(params, dir.path());
    ASSERT_TRUE(cs);
    EXPECT_EQ(cs->Tip()->GetHash(), tip);
    EXPECT_EQ(cs->Chain().Height(), 255);
    EXPECT_EQ(cs->FlushCount(), 0U); // nothing had to be connected or written again
    // Already-stored blocks are recognised, not stored twice.
    consensus::BlockValidationState state;
    bool new_block = true;
    ASSERT_TRUE(cs->ProcessNewBlock(blocks[100], true, &new_block, state));
    EXPECT_FALSE(new_block);
}

namespace {

// Writes blocks to a Core-format file (magic + LE size + block) in the given order.
void WriteBlockFile(const std::filesystem::path& path, const storage::MessageStart& magic,
                    const std::vector<std::shared_ptr<const primitives::Block>>& blocks)
{
    util::Bytes out;
    for (const auto& b : blocks) {
        const util::Bytes raw = primitives::SerializeBlock(*b);
        util::Append(out, magic);
        serialize::VectorWriter w{out};
        serialize::WriteU32(w, static_cast<uint32_t>(raw.size()));
        util::Append(out, raw);
    }
    FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_TRUE(f);
    ASSERT_EQ(std::fwrite(out.data(), 1, out.size(), f), out.size());
    std::fclose(f);
}

Hash256 UtxoHash(Chainstate& cs)
{
    auto stats = cs.ComputeCoinStats(CoinStatsHash::HASH_SERIALIZED);
    EXPECT_TRUE(stats) << (stats ? "" : stats.error());
    return stats && stats->hash_serialized ? *stats->hash_serialized : Hash256{};
}

} // namespace

TEST(ImportTest, LoadBlockFileInAnyOrderAndReindex)
{
    const auto params = Params(consensus::ChainType::REGTEST);
    auto blocks = ReadBlockFile("regtest-core-chain.dat", params.message_start);
    ASSERT_EQ(blocks.size(), 411U);
    blocks.resize(150);
    // Children before parents: the importer must hold them back until the parent arrives.
    std::vector<std::shared_ptr<const primitives::Block>> shuffled(blocks.rbegin(), blocks.rend() - 1);
    shuffled.push_back(blocks[0]);
    TempDir dir;
    const auto file = dir.path() / "import.dat";
    WriteBlockFile(file, params.message_start, shuffled);

    Hash256 hash;
    {
        ChainstateOptions opts;
        opts.data_dir = dir.path() / "node";
        auto cs = Chainstate::Open(params, opts);
        ASSERT_TRUE(cs) << cs.error();
        auto stats = (*cs)->LoadExternalBlockFile(file);
        ASSERT_TRUE(stats) << stats.error();
        EXPECT_EQ(stats->blocks_read, 150U);
        EXPECT_EQ(stats->orphans_left, 0U);
        EXPECT_EQ(stats->blocks_invalid, 0U);
        ASSERT_EQ((*cs)->Chain().Height(), 149);
        EXPECT_EQ((*cs)->Tip()->GetHash(), blocks[149]->GetHash());
        hash = UtxoHash(**cs);
    }
    for (const bool chainstate_only : {false, true}) {
        SCOPED_TRACE(chainstate_only ? "-reindex-chainstate" : "-reindex");
        ChainstateOptions opts;
        opts.data_dir = dir.path() / "node";
        opts.reindex = !chainstate_only;
        opts.reindex_chainstate = chainstate_only;
        auto cs = Chainstate::Open(params, opts);
        ASSERT_TRUE(cs) << cs.error();
        ASSERT_EQ((*cs)->Chain().Height(), 149);
        EXPECT_EQ(UtxoHash(**cs), hash);
    }
}

TEST(ImportTest, BadBlocksInAFileAreReportedAndTheImportGoesOn)
{
    // The reader thread runs CheckBlock ahead of the import; a block failing it must still be rejected by
    // AcceptBlock with its own reason (and a mutated one left unmarked), while the blocks around it import.
    const auto params = Params(consensus::ChainType::REGTEST);
    testutil::ChainBuilder b{params};
    Blocks good = b.Extend(b.Genesis().hash, 20);
    testutil::BlockOptions twice; // a second coinbase: fails CheckBlock (bad-cb-multiple), marked invalid
    twice.edit_block = [](primitives::Block& block) {
        primitives::MutableTransaction second = block.vtx[0]->ToMutable();
        second.vin[0].script_sig.push_back(script::OP_2);
        block.vtx.push_back(primitives::MakeTransactionRef(std::move(second)));
    };
    const BlockRef bad = b.NextBlock(good.back()->GetHash(), {}, twice);
    testutil::BlockOptions mutated; // merkle root broken after mining: CheckBlock says bad-txnmrklroot
    mutated.after_merkle = [](primitives::Block& block) { block.header.merkle_root = Hash256{}; };
    const BlockRef broken = b.NextBlock(good.back()->GetHash(), {}, mutated);
    const Blocks rest = b.Extend(good.back()->GetHash(), 5);

    Blocks in_file = good;
    in_file.insert(in_file.begin() + 10, bad); // before its parent: it waits, then fails
    in_file.push_back(broken);
    in_file.insert(in_file.end(), rest.begin(), rest.end());
    TempDir dir;
    const auto file = dir.path() / "import.dat";
    WriteBlockFile(file, params.message_start, in_file);

    ChainstateOptions opts;
    opts.data_dir = dir.path() / "node";
    opts.script_threads = 1;
    auto cs = Chainstate::Open(params, opts);
    ASSERT_TRUE(cs) << cs.error();
    auto stats = (*cs)->LoadExternalBlockFile(file);
    ASSERT_TRUE(stats) << stats.error();
    EXPECT_EQ(stats->blocks_read, in_file.size());
    EXPECT_EQ(stats->blocks_invalid, 2U);
    EXPECT_NE(stats->first_error.find("bad-cb-multiple"), std::string::npos) << stats->first_error;
    EXPECT_EQ((*cs)->Chain().Height(), 25);
    EXPECT_EQ((*cs)->Tip()->GetHash(), rest.back()->GetHash());
    const BlockIndex* bad_index = (*cs)->LookupBlockIndex(bad->GetHash());
    ASSERT_NE(bad_index, nullptr);
    EXPECT_NE(bad_index->status & BLOCK_FAILED_VALID, 0U);
    // The mutated copy did not mark its header: the real block could still arrive.
    const BlockIndex* broken_index = (*cs)->LookupBlockIndex(broken->GetHash());
    if (broken_index) {
        EXPECT_EQ(broken_index->status & BLOCK_FAILED_MASK, 0U);
    }
}
