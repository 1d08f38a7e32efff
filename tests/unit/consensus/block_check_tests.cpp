#include <hearth/consensus/block_check.h>

#include <hearth/consensus/consensus.h>
#include <hearth/consensus/pow.h>
#include <hearth/primitives/merkle.h>
#include <hearth/script/script.h>
#include <hearth/script/verify_flags.h>
#include <hearth/util/hex.h>

#include "test_chains.h"

#include <gtest/gtest.h>

#include <limits>

namespace hearth::consensus {
namespace {

using primitives::Block;
using primitives::BlockHeader;
using primitives::COIN;
using primitives::MakeTransactionRef;
using primitives::MutableTransaction;
using primitives::OutPoint;
using primitives::TxIn;
using primitives::TxOut;
using test::UniformChain;

constexpr int64_t FAR_FUTURE = 4'000'000'000; // a clock long after every test block

ChainParams Params(ChainType chain, const ChainOptions& options = {})
{
    auto params = CreateChainParams(chain, options);
    EXPECT_TRUE(params) << params.error();
    return std::move(*params);
}

Hash256 SomeHash(uint8_t b)
{
    Hash256 h;
    h[0] = b;
    h[31] = 0x24;
    return h;
}

/// A spend of an invented outpoint, optionally with a witness.
MutableTransaction Spend(uint8_t id, bool with_witness = false)
{
    MutableTransaction tx;
    tx.version = 2;
    tx.vin.push_back(TxIn{OutPoint{SomeHash(id), 0}, {}, TxIn::SEQUENCE_FINAL, {}});
    if (with_witness) tx.vin[0].witness = {util::Bytes(72, id), util::Bytes(33, 2)};
    tx.vout.push_back(TxOut{1000, {script::OP_1}});
    return tx;
}

void SetMerkleRoot(Block& block) { block.header.merkle_root = primitives::BlockMerkleRoot(block); }

/// Adds the BIP141 commitment (reserved value zero) to the coinbase and fixes the merkle root.
void AddWitnessCommitment(Block& block)
{
    MutableTransaction cb = block.vtx[0]->ToMutable();
    cb.vin[0].witness = {util::Bytes(32, 0)};
    block.vtx[0] = MakeTransactionRef(cb);
    const Hash256 commitment =
        primitives::ComputeWitnessCommitment(primitives::BlockWitnessMerkleRoot(block), Hash256{});
    util::Bytes script{0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed};
    util::Append(script, commitment.span());
    cb.vout.push_back(TxOut{0, script});
    block.vtx[0] = MakeTransactionRef(cb);
    SetMerkleRoot(block);
}

/// Increments the nonce until the header meets its own target (regtest: about two tries).
void Grind(Block& block, const ConsensusParams& params)
{
    while (!CheckProofOfWork(block.GetHash(), block.header.bits, params)) ++block.header.nonce;
}

/// A regtest block at `height` whose coinbase starts with the BIP34 height, plus `txs`.
Block MakeBlock(const ConsensusParams& params, int height, std::vector<MutableTransaction> txs, bool commit,
                uint32_t time = 1'700'000'000)
{
    MutableTransaction cb;
    cb.version = 1;
    TxIn in;
    script::PushInt(in.script_sig, height);
    in.script_sig.push_back(script::OP_0); // at least 2 bytes
    cb.vin.push_back(in);
    cb.vout.push_back(TxOut{50 * COIN, {script::OP_1}});
    Block block;
    block.header.version = 4;
    block.header.time = time;
    block.header.bits = 0x207fffff;
    block.vtx.push_back(MakeTransactionRef(cb));
    for (auto& tx : txs) block.vtx.push_back(MakeTransactionRef(std::move(tx)));
    if (commit) {
        AddWitnessCommitment(block);
    } else {
        SetMerkleRoot(block);
    }
    Grind(block, params);
    return block;
}

std::string CheckReason(const Block& block, const ConsensusParams& params, bool check_pow = true)
{
    BlockValidationState state;
    const bool ok = CheckBlock(block, state, params, check_pow);
    EXPECT_EQ(ok, state.IsValid());
    return ok ? "valid" : state.GetRejectReason();
}

std::string ContextualReason(const Block& block, const ConsensusParams& params, const HeaderChainView& prev)
{
    BlockValidationState state;
    const bool ok = ContextualCheckBlock(block, state, params, prev);
    EXPECT_EQ(ok, state.IsValid());
    return ok ? "valid" : state.GetRejectReason();
}

BlockValidationResult CheckResult(const Block& block, const ConsensusParams& params, bool check_pow = true)
{
    BlockValidationState state;
    (void)CheckBlock(block, state, params, check_pow);
    return state.GetResult();
}

// ----------------------------------------------------------------------------------- real blocks

TEST(CheckBlockTest, RealMainnetBlocksAreValid)
{
    const ChainParams main = Params(ChainType::MAIN);
    const std::vector<Block> blocks = test::ReadMainnetBlocks("mainnet-blocks-0-255.dat");
    ASSERT_EQ(blocks.size(), 256u);
    std::vector<BlockHeader> headers;
    for (const Block& b : blocks) headers.push_back(b.header);
    for (size_t h = 0; h < blocks.size(); ++h) {
        SCOPED_TRACE(h);
        EXPECT_EQ(CheckReason(blocks[h], main.consensus), "valid");
        const HeaderListView prev{std::span{headers}.first(h)};
        EXPECT_EQ(ContextualReason(blocks[h], main.consensus, prev), "valid");
    }
}

struct RealBlock {
    const char* file;
    int height;
    bool framed; // magic + length record, or raw
};

Block LoadReal(const RealBlock& rb)
{
    if (rb.framed) {
        auto blocks = test::ReadMainnetBlocks(rb.file);
        EXPECT_EQ(blocks.size(), 1u);
        return blocks.empty() ? Block{} : blocks[0];
    }
    return test::ReadRawBlock(rb.file);
}

// A stand-in for the real parent chain of a block: every ancestor one second older than the block, so the
// median time past is just below the block's time.
UniformChain ParentChain(const Block& b, int height)
{
    return UniformChain{height - 1, ChainHeader{4, b.header.time - 1, b.header.bits}};
}

const RealBlock REAL_BLOCKS[] = {
    {"277647.dat", 277647, true},
    {"block413567.raw", 413567, false},
    {"block-00000000000000000021868c2cefc52a480d173c849412fe81c4e5ab806f94ab.blk", 540107, false},
    {"block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk", 574200, false},
};

TEST(CheckBlockTest, LargerRealBlocksAreValidIncludingBip34AndWitnessCommitment)
{
    const ChainParams main = Params(ChainType::MAIN);
    for (const RealBlock& rb : REAL_BLOCKS) {
        SCOPED_TRACE(rb.file);
        const Block b = LoadReal(rb);
        EXPECT_EQ(CheckReason(b, main.consensus), "valid");
        EXPECT_EQ(ContextualReason(b, main.consensus, ParentChain(b, rb.height)), "valid");
        // At the wrong height the BIP34 coinbase height does not match.
        EXPECT_EQ(ContextualReason(b, main.consensus, ParentChain(b, rb.height + 1)), "bad-cb-height");
    }
}

// ------------------------------------------------------------------------ mutated copies, one per reason

Block Block277647() { return test::ReadMainnetBlocks("277647.dat").at(0); }

TEST(CheckBlockTest, RejectsChangedNonceAsHighHash)
{
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    Block b = Block277647();
    b.header.nonce += 1;
    EXPECT_EQ(CheckReason(b, main), "high-hash");
    EXPECT_EQ(CheckResult(b, main), BlockValidationResult::BLOCK_INVALID_HEADER);
    BlockValidationState state;
    EXPECT_FALSE(CheckBlockHeader(b.header, state, main));
    EXPECT_EQ(state.GetRejectReason(), "high-hash");
    EXPECT_EQ(state.GetDebugMessage(), "proof of work failed");
    // Without the PoW check the rest is fine.
    EXPECT_EQ(CheckReason(b, main, /*check_pow=*/false), "valid");
}

TEST(CheckBlockTest, RejectsSwappedTransactionsAsBadMerkleRoot)
{
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    Block b = Block277647();
    std::swap(b.vtx[1], b.vtx[2]);
    EXPECT_EQ(CheckReason(b, main, false), "bad-txnmrklroot");
    EXPECT_EQ(CheckResult(b, main, false), BlockValidationResult::BLOCK_MUTATED);
    // The header still has valid work: the PoW check passes and the merkle check catches it.
    EXPECT_EQ(CheckReason(b, main, true), "bad-txnmrklroot");
}

TEST(CheckBlockTest, RejectsDuplicatedTailAsBadTxnsDuplicate)
{
    // CVE-2012-2459: 213 transactions; repeating the last one gives 214 with the same merkle root.
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    Block b = Block277647();
    ASSERT_EQ(b.vtx.size() % 2, 1u);
    b.vtx.push_back(b.vtx.back());
    EXPECT_EQ(primitives::BlockMerkleRoot(b), b.header.merkle_root);
    EXPECT_EQ(CheckReason(b, main), "bad-txns-duplicate");
    EXPECT_EQ(CheckResult(b, main), BlockValidationResult::BLOCK_MUTATED);
}

TEST(CheckBlockTest, RejectsEmptyAndOversizedBlocksAsBadBlkLength)
{
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    Block empty = Block277647();
    empty.vtx.clear();
    empty.header.merkle_root = Hash256{}; // the merkle root of no transactions
    EXPECT_EQ(CheckReason(empty, main, false), "bad-blk-length");

    // Stripped size above 1 MB (checked before the oversized transaction itself).
    Block big = Block277647();
    MutableTransaction huge = Spend(1);
    huge.vout[0].script_pubkey.assign(1'000'000, script::OP_NOP);
    big.vtx.push_back(MakeTransactionRef(huge));
    SetMerkleRoot(big);
    EXPECT_EQ(CheckReason(big, main, false), "bad-blk-length");
    EXPECT_EQ(CheckResult(big, main, false), BlockValidationResult::BLOCK_CONSENSUS);
}

TEST(CheckBlockTest, RejectsMissingCoinbase)
{
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    Block b = Block277647();
    b.vtx.erase(b.vtx.begin());
    SetMerkleRoot(b);
    EXPECT_EQ(CheckReason(b, main, false), "bad-cb-missing");
}

TEST(CheckBlockTest, RejectsSecondCoinbase)
{
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    Block b = Block277647();
    MutableTransaction cb2 = b.vtx[0]->ToMutable();
    cb2.vin[0].script_sig.push_back(0x01); // a different coinbase, so no duplicate txid
    b.vtx.push_back(MakeTransactionRef(cb2));
    SetMerkleRoot(b);
    EXPECT_EQ(CheckReason(b, main, false), "bad-cb-multiple");
}

TEST(CheckBlockTest, PassesOnTransactionCheckReason)
{
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    Block b = Block277647();
    MutableTransaction tx = b.vtx[5]->ToMutable();
    tx.vout[0].value = -1;
    b.vtx[5] = MakeTransactionRef(tx);
    SetMerkleRoot(b);
    BlockValidationState state;
    EXPECT_FALSE(CheckBlock(b, state, main, false));
    EXPECT_EQ(state.GetRejectReason(), "bad-txns-vout-negative");
    EXPECT_EQ(state.GetResult(), BlockValidationResult::BLOCK_CONSENSUS);
    EXPECT_EQ(state.GetDebugMessage(), "Transaction check failed (tx hash " + b.vtx[5]->GetTxid().ToHex() + ") ");

    // Duplicate inputs inside a block (CVE-2018-17144).
    Block d = Block277647();
    MutableTransaction dup = d.vtx[7]->ToMutable();
    dup.vin.push_back(dup.vin[0]);
    d.vtx[7] = MakeTransactionRef(dup);
    SetMerkleRoot(d);
    EXPECT_EQ(CheckReason(d, main, false), "bad-txns-inputs-duplicate");
}

TEST(CheckBlockTest, RejectsTooManyLegacySigops)
{
    const ChainParams reg = Params(ChainType::REGTEST);
    // 20,000 sigops in total are allowed (×4 = 80,000); one more is not.
    MutableTransaction tx = Spend(1);
    tx.vout[0].script_pubkey.assign(20'000, script::OP_CHECKSIG);
    Block ok = MakeBlock(reg.consensus, 1, {tx}, false);
    EXPECT_EQ(CheckReason(ok, reg.consensus), "valid");
    tx.vout[0].script_pubkey.push_back(script::OP_CHECKSIG);
    Block bad = MakeBlock(reg.consensus, 1, {tx}, false);
    EXPECT_EQ(CheckReason(bad, reg.consensus), "bad-blk-sigops");
    // CHECKMULTISIG counts 20 (inaccurate legacy count).
    MutableTransaction multi = Spend(2);
    multi.vout[0].script_pubkey.assign(1001, script::OP_CHECKMULTISIG);
    EXPECT_EQ(CheckReason(MakeBlock(reg.consensus, 1, {multi}, false), reg.consensus), "bad-blk-sigops");
}

// --------------------------------------------------------------------------- contextual block checks

TEST(ContextualCheckBlockTest, CraftedSegwitBlockIsValid)
{
    const ChainParams reg = Params(ChainType::REGTEST);
    const Block b = MakeBlock(reg.consensus, 10, {Spend(1, true), Spend(2)}, true);
    EXPECT_EQ(CheckReason(b, reg.consensus), "valid");
    EXPECT_EQ(ContextualReason(b, reg.consensus, UniformChain{9, {4, b.header.time - 100, 0x207fffff}}), "valid");
}

TEST(ContextualCheckBlockTest, RejectsNonFinalTransaction)
{
    ChainParams reg = Params(ChainType::REGTEST);
    MutableTransaction tx = Spend(1);
    tx.vin[0].sequence = 0;
    tx.locktime = 10; // final only from height 11
    Block b = MakeBlock(reg.consensus, 10, {tx}, false);
    const UniformChain prev{9, {4, b.header.time - 100, 0x207fffff}};
    EXPECT_EQ(ContextualReason(b, reg.consensus, prev), "bad-txns-nonfinal");
    Block at11 = MakeBlock(reg.consensus, 11, {tx}, false);
    EXPECT_EQ(ContextualReason(at11, reg.consensus, UniformChain{10, {4, b.header.time - 100, 0x207fffff}}), "valid");
}

TEST(ContextualCheckBlockTest, TimeLockCutoffIsMedianTimePastFromCsv)
{
    // A time lock between the parent's MTP and the block's time: final before CSV (block time counts),
    // non-final after (BIP113: the MTP counts).
    ChainParams reg = Params(ChainType::REGTEST);
    const uint32_t block_time = 1'700'000'000;
    MutableTransaction tx = Spend(1);
    tx.vin[0].sequence = 0;
    tx.locktime = block_time - 50;
    const Block b = MakeBlock(reg.consensus, 10, {tx}, false, block_time);
    const UniformChain prev{9, {4, block_time - 100, 0x207fffff}}; // MTP = block_time - 100
    EXPECT_EQ(ContextualReason(b, reg.consensus, prev), "bad-txns-nonfinal");
    reg.consensus.csv_height = 11;
    EXPECT_EQ(ContextualReason(b, reg.consensus, prev), "valid");
}

TEST(ContextualCheckBlockTest, RejectsWrongCoinbaseHeight)
{
    const ChainParams reg = Params(ChainType::REGTEST);
    const Block b = MakeBlock(reg.consensus, 10, {}, false);
    EXPECT_EQ(ContextualReason(b, reg.consensus, UniformChain{9, {4, 1, 0x207fffff}}), "valid");
    EXPECT_EQ(ContextualReason(b, reg.consensus, UniformChain{10, {4, 1, 0x207fffff}}), "bad-cb-height");
    BlockValidationState state;
    EXPECT_FALSE(ContextualCheckBlock(b, state, reg.consensus, UniformChain{10, {4, 1, 0x207fffff}}));
    EXPECT_EQ(state.GetResult(), BlockValidationResult::BLOCK_CONSENSUS);
    // Before BIP34 the coinbase may say anything.
    ConsensusParams late = reg.consensus;
    late.bip34_height = 100;
    EXPECT_EQ(ContextualReason(b, late, UniformChain{10, {4, 1, 0x207fffff}}), "valid");
}

TEST(ContextualCheckBlockTest, CoinbaseHeightEncoding)
{
    // Heights 1..16 are OP_1..OP_16; others a minimal script-number push (Core's CScript() << height).
    const ChainParams reg = Params(ChainType::REGTEST);
    const std::pair<int, std::string> cases[] = {{1, "51"},       {16, "60"},          {17, "0111"},
                                                 {127, "017f"},   {128, "028000"},     {255, "02ff00"},
                                                 {256, "020001"}, {32768, "03008000"}, {227931, "035b7a03"}};
    for (const auto& [height, prefix] : cases) {
        SCOPED_TRACE(height);
        const Block b = MakeBlock(reg.consensus, height, {}, false);
        EXPECT_EQ(util::HexStr(b.vtx[0]->vin[0].script_sig).substr(0, prefix.size()), prefix);
        EXPECT_EQ(ContextualReason(b, reg.consensus, UniformChain{height - 1, {4, 1, 0x207fffff}}), "valid");
    }
}

TEST(ContextualCheckBlockTest, RejectsBadWitnessReservedValue)
{
    const ChainParams reg = Params(ChainType::REGTEST);
    const UniformChain prev{9, {4, 1, 0x207fffff}};
    for (const primitives::Witness& witness : {primitives::Witness{}, primitives::Witness{util::Bytes(31, 0)},
                                               primitives::Witness{util::Bytes(32, 0), {}}}) {
        Block b = MakeBlock(reg.consensus, 10, {Spend(1, true)}, true);
        MutableTransaction cb = b.vtx[0]->ToMutable();
        cb.vin[0].witness = witness;
        b.vtx[0] = MakeTransactionRef(cb);
        SetMerkleRoot(b);
        BlockValidationState state;
        EXPECT_FALSE(ContextualCheckBlock(b, state, reg.consensus, prev));
        EXPECT_EQ(state.GetRejectReason(), "bad-witness-nonce-size");
        EXPECT_EQ(state.GetResult(), BlockValidationResult::BLOCK_MUTATED);
    }
}

TEST(ContextualCheckBlockTest, RejectsWitnessCommitmentMismatch)
{
    const ChainParams reg = Params(ChainType::REGTEST);
    const UniformChain prev{9, {4, 1, 0x207fffff}};
    // A witness changed after the commitment was made (the txid, so the merkle root, stays the same).
    Block b = MakeBlock(reg.consensus, 10, {Spend(1, true)}, true);
    MutableTransaction tx = b.vtx[1]->ToMutable();
    tx.vin[0].witness[0][5] ^= 1;
    b.vtx[1] = MakeTransactionRef(tx);
    EXPECT_EQ(CheckReason(b, reg.consensus), "valid");
    EXPECT_EQ(ContextualReason(b, reg.consensus, prev), "bad-witness-merkle-match");

    // A second, later commitment output wins over the first.
    Block two = MakeBlock(reg.consensus, 10, {Spend(1, true)}, true);
    MutableTransaction cb = two.vtx[0]->ToMutable();
    util::Bytes wrong = cb.vout[1].script_pubkey;
    wrong[10] ^= 1;
    cb.vout.push_back(TxOut{0, wrong});
    two.vtx[0] = MakeTransactionRef(cb);
    SetMerkleRoot(two);
    EXPECT_EQ(ContextualReason(two, reg.consensus, prev), "bad-witness-merkle-match");
    // ...and a correct commitment after a wrong one is accepted.
    std::swap(cb.vout[1], cb.vout[2]);
    two.vtx[0] = MakeTransactionRef(cb);
    SetMerkleRoot(two);
    EXPECT_EQ(ContextualReason(two, reg.consensus, prev), "valid");
}

TEST(ContextualCheckBlockTest, RejectsUnexpectedWitness)
{
    ChainParams reg = Params(ChainType::REGTEST);
    const UniformChain prev{9, {4, 1, 0x207fffff}};
    // Segwit active but no commitment.
    const Block uncommitted = MakeBlock(reg.consensus, 10, {Spend(1, true)}, false);
    EXPECT_EQ(ContextualReason(uncommitted, reg.consensus, prev), "unexpected-witness");
    // Segwit not active yet: even a committed witness is unexpected.
    const Block committed = MakeBlock(reg.consensus, 10, {Spend(1, true)}, true);
    reg.consensus.segwit_height = 11;
    EXPECT_EQ(ContextualReason(committed, reg.consensus, prev), "unexpected-witness");
    // Without witnesses a pre-segwit block with or without commitment is fine.
    EXPECT_EQ(ContextualReason(MakeBlock(reg.consensus, 10, {Spend(1)}, false), reg.consensus, prev), "valid");

    // A real pre-segwit block with a witness added to one transaction.
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    Block real = test::ReadRawBlock("block413567.raw");
    MutableTransaction tx = real.vtx[3]->ToMutable();
    tx.vin[0].witness = {util::Bytes{1}};
    real.vtx[3] = MakeTransactionRef(tx);
    EXPECT_EQ(CheckReason(real, main), "valid"); // txids unchanged
    EXPECT_EQ(ContextualReason(real, main, ParentChain(real, 413567)), "unexpected-witness");
}

TEST(ContextualCheckBlockTest, RealSegwitBlockWithAlteredWitnessIsMutated)
{
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    Block b = test::ReadRawBlock("block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk");
    size_t i = 1;
    while (i < b.vtx.size() && b.vtx[i]->vin[0].witness.empty()) ++i;
    ASSERT_LT(i, b.vtx.size());
    MutableTransaction tx = b.vtx[i]->ToMutable();
    tx.vin[0].witness.back().back() ^= 0x01;
    b.vtx[i] = MakeTransactionRef(tx);
    EXPECT_EQ(CheckReason(b, main), "valid");
    EXPECT_EQ(ContextualReason(b, main, ParentChain(b, 574200)), "bad-witness-merkle-match");

    Block nonce = test::ReadRawBlock("block-0000000000000000001602407ac49862a7bca9d00f7f402db20b7be2f5de59d2.blk");
    MutableTransaction cb = nonce.vtx[0]->ToMutable();
    cb.vin[0].witness.clear();
    nonce.vtx[0] = MakeTransactionRef(cb);
    EXPECT_EQ(ContextualReason(nonce, main, ParentChain(nonce, 574200)), "bad-witness-nonce-size");
}

TEST(ContextualCheckBlockTest, RejectsBlockOverWeightLimit)
{
    const ChainParams reg = Params(ChainType::REGTEST);
    // Stripped size about 300 kB (within CheckBlock's limit) but 3.2 MB of witness: weight > 4M.
    MutableTransaction tx = Spend(1, true);
    tx.vout[0].script_pubkey.assign(300'000, script::OP_NOP);
    tx.vin[0].witness = {util::Bytes(3'200'000, 0x01)};
    const Block b = MakeBlock(reg.consensus, 10, {tx}, true);
    EXPECT_GT(primitives::GetBlockWeight(b), MAX_BLOCK_WEIGHT);
    EXPECT_EQ(CheckReason(b, reg.consensus), "valid");
    EXPECT_EQ(ContextualReason(b, reg.consensus, UniformChain{9, {4, 1, 0x207fffff}}), "bad-blk-weight");
}

// -------------------------------------------------------------------------- contextual header checks

BlockHeader NextHeader(const HeaderChainView& prev, const ConsensusParams& params, uint32_t time, int32_t version = 4)
{
    BlockHeader h;
    h.version = version;
    h.time = time;
    h.bits = GetNextWorkRequired(prev, h, params);
    return h;
}

std::string HeaderReason(const BlockHeader& h, const ConsensusParams& params, const HeaderChainView& prev,
                         int64_t now = FAR_FUTURE, BlockValidationResult* result = nullptr)
{
    BlockValidationState state;
    const bool ok = ContextualCheckBlockHeader(h, state, params, prev, now);
    if (result) *result = state.GetResult();
    return ok ? "valid" : state.GetRejectReason();
}

TEST(ContextualCheckBlockHeaderTest, TimeMustBeAfterMedianTimePast)
{
    const ConsensusParams reg = Params(ChainType::REGTEST).consensus;
    test::VectorChain prev;
    for (uint32_t t : {100u, 200u, 300u, 400u, 500u}) prev.headers.push_back(ChainHeader{4, t, 0x207fffff});
    // MTP = 300.
    BlockValidationResult result{};
    EXPECT_EQ(HeaderReason(NextHeader(prev, reg, 300), reg, prev, FAR_FUTURE, &result), "time-too-old");
    EXPECT_EQ(result, BlockValidationResult::BLOCK_INVALID_HEADER);
    EXPECT_EQ(HeaderReason(NextHeader(prev, reg, 301), reg, prev), "valid");
}

TEST(ContextualCheckBlockHeaderTest, TimeAtMostTwoHoursAhead)
{
    const ConsensusParams reg = Params(ChainType::REGTEST).consensus;
    const UniformChain prev{5, {4, 1000, 0x207fffff}};
    const int64_t now = 1'700'000'000;
    BlockValidationResult result{};
    EXPECT_EQ(HeaderReason(NextHeader(prev, reg, now + 7200), reg, prev, now), "valid");
    EXPECT_EQ(HeaderReason(NextHeader(prev, reg, now + 7201), reg, prev, now, &result), "time-too-new");
    EXPECT_EQ(result, BlockValidationResult::BLOCK_TIME_FUTURE);
}

TEST(ContextualCheckBlockHeaderTest, RejectsWrongBits)
{
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    const UniformChain prev{1000, {1, 1'300'000'000, 0x1b0404cb}};
    BlockHeader h = NextHeader(prev, main, 1'300'000'600, 1);
    EXPECT_EQ(h.bits, 0x1b0404cbU);
    EXPECT_EQ(HeaderReason(h, main, prev), "valid");
    h.bits = 0x1b0404cc;
    BlockValidationResult result{};
    EXPECT_EQ(HeaderReason(h, main, prev, FAR_FUTURE, &result), "bad-diffbits");
    EXPECT_EQ(result, BlockValidationResult::BLOCK_INVALID_HEADER);
}

TEST(ContextualCheckBlockHeaderTest, Bip94TimeWarpRuleAtPeriodStart)
{
    const ConsensusParams t4 = Params(ChainType::TESTNET4).consensus;
    test::VectorChain prev;
    for (uint32_t i = 0; i < 2016; ++i) prev.headers.push_back(ChainHeader{4, 1'714'777'860 + 600 * i, 0x1d00ffff});
    const uint32_t last = prev.headers.back().time;
    // Height 2016 starts a period: at most 600 s before the parent.
    EXPECT_EQ(HeaderReason(NextHeader(prev, t4, last - 600), t4, prev), "valid");
    BlockValidationResult result{};
    EXPECT_EQ(HeaderReason(NextHeader(prev, t4, last - 601), t4, prev, FAR_FUTURE, &result), "time-timewarp-attack");
    EXPECT_EQ(result, BlockValidationResult::BLOCK_INVALID_HEADER);
    // testnet3 has no such rule.
    const ConsensusParams t3 = Params(ChainType::TESTNET).consensus;
    EXPECT_EQ(HeaderReason(NextHeader(prev, t3, last - 601), t3, prev), "valid");
    // Off the period start the rule does not apply.
    prev.headers.pop_back();
    const uint32_t last2 = prev.headers.back().time;
    EXPECT_EQ(HeaderReason(NextHeader(prev, t4, last2 - 601), t4, prev), "valid");

    // Regtest with -test=bip94: 144-block periods.
    ChainOptions bip94;
    bip94.test_options = {"bip94"};
    const ConsensusParams reg94 = Params(ChainType::REGTEST, bip94).consensus;
    test::VectorChain r;
    for (uint32_t i = 0; i < 144; ++i) r.headers.push_back(ChainHeader{4, 1'000'000 + 600 * i, 0x207fffff});
    EXPECT_EQ(HeaderReason(NextHeader(r, reg94, r.headers.back().time - 601), reg94, r), "time-timewarp-attack");
    const ConsensusParams reg = Params(ChainType::REGTEST).consensus;
    EXPECT_EQ(HeaderReason(NextHeader(r, reg, r.headers.back().time - 601), reg, r), "valid");
}

TEST(ContextualCheckBlockHeaderTest, RejectsObsoleteVersions)
{
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    struct Case {
        int height;
        int32_t version;
        std::string reason;
    };
    const Case cases[] = {
        {227930, 1, "valid"},          {227931, 1, "bad-version(0x00000001)"},  {227931, 2, "valid"},
        {363724, 2, "valid"},          {363725, 2, "bad-version(0x00000002)"},  {363725, 3, "valid"},
        {388380, 3, "valid"},          {388381, 3, "bad-version(0x00000003)"},  {388381, 4, "valid"},
        {388381, 0x20000000, "valid"}, {388381, -1, "bad-version(0xffffffff)"}, // signed comparison, as Core
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.height);
        const UniformChain prev{c.height - 1, {4, 1'400'000'000, 0x18009645}};
        EXPECT_EQ(HeaderReason(NextHeader(prev, main, 1'400'000'001, c.version), main, prev), c.reason);
    }
    BlockValidationState state;
    const UniformChain prev{227930, {4, 1'400'000'000, 0x18009645}};
    EXPECT_FALSE(ContextualCheckBlockHeader(NextHeader(prev, main, 1'400'000'001, 1), state, main, prev, FAR_FUTURE));
    EXPECT_EQ(state.GetDebugMessage(), "rejected nVersion=0x00000001 block");
}

// ------------------------------------------------------------------- script flags, subsidy, BIP30

TEST(ScriptFlagsTest, MainnetFlagsPerHeight)
{
    using namespace script;
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    const Hash256 any = SomeHash(9);
    const ScriptFlags base = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_TAPROOT;
    EXPECT_EQ(GetBlockScriptFlags(0, any, main), base);
    EXPECT_EQ(GetBlockScriptFlags(363724, any, main), base);
    EXPECT_EQ(GetBlockScriptFlags(363725, any, main), base | SCRIPT_VERIFY_DERSIG);
    EXPECT_EQ(GetBlockScriptFlags(388381, any, main), base | SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY);
    EXPECT_EQ(GetBlockScriptFlags(419328, any, main),
              base | SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY | SCRIPT_VERIFY_CHECKSEQUENCEVERIFY);
    EXPECT_EQ(GetBlockScriptFlags(481823, any, main),
              base | SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY | SCRIPT_VERIFY_CHECKSEQUENCEVERIFY);
    EXPECT_EQ(GetBlockScriptFlags(481824, any, main), CONSENSUS_SCRIPT_VERIFY_FLAGS);

    // The BIP16 exception block (height 170060): no flags at all.
    const Hash256 bip16 = *Hash256::FromHex("00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22");
    EXPECT_EQ(GetBlockScriptFlags(170060, bip16, main), SCRIPT_VERIFY_NONE);
    // The Taproot exception block (height 692261): everything but TAPROOT.
    const Hash256 taproot = *Hash256::FromHex("0000000000000000000f14c35b2d841e986ab5441de8c585d5ffe55ea1e395ad");
    EXPECT_EQ(GetBlockScriptFlags(692261, taproot, main), CONSENSUS_SCRIPT_VERIFY_FLAGS & ~SCRIPT_VERIFY_TAPROOT);
    // Other networks don't know mainnet's exceptions.
    const ConsensusParams t4 = Params(ChainType::TESTNET4).consensus;
    EXPECT_EQ(GetBlockScriptFlags(692261, taproot, t4), CONSENSUS_SCRIPT_VERIFY_FLAGS);

    const ConsensusParams t3 = Params(ChainType::TESTNET).consensus;
    const Hash256 t3_bip16 = *Hash256::FromHex("00000000dd30457c001f4095d208cc1296b0eed002427aa599874af7a432b105");
    EXPECT_EQ(GetBlockScriptFlags(1000, t3_bip16, t3), SCRIPT_VERIFY_NONE);

    const ConsensusParams reg = Params(ChainType::REGTEST).consensus;
    EXPECT_EQ(GetBlockScriptFlags(0, any, reg), base | SCRIPT_VERIFY_NULLDUMMY);
    EXPECT_EQ(GetBlockScriptFlags(1, any, reg), CONSENSUS_SCRIPT_VERIFY_FLAGS);

    EXPECT_EQ(GetBlockLockTimeFlags(419327, main), 0u);
    EXPECT_EQ(GetBlockLockTimeFlags(419328, main), LOCKTIME_VERIFY_SEQUENCE);
}

TEST(SubsidyTest, HalvingsAndTotalSupply)
{
    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    EXPECT_EQ(GetBlockSubsidy(0, main), 50 * COIN);
    EXPECT_EQ(GetBlockSubsidy(209'999, main), 50 * COIN);
    EXPECT_EQ(GetBlockSubsidy(210'000, main), 25 * COIN);
    EXPECT_EQ(GetBlockSubsidy(420'000, main), 1'250'000'000);
    EXPECT_EQ(GetBlockSubsidy(630'000, main), 625'000'000);
    EXPECT_EQ(GetBlockSubsidy(840'000, main), 312'500'000);
    EXPECT_EQ(GetBlockSubsidy(210'000 * 32, main), 1); // 5e9 >> 32
    EXPECT_EQ(GetBlockSubsidy(210'000 * 33, main), 0);
    EXPECT_EQ(GetBlockSubsidy(210'000 * 64, main), 0);
    EXPECT_EQ(GetBlockSubsidy(std::numeric_limits<int>::max(), main), 0);
    // Core's subsidy_limit_test: the sum of all subsidies.
    primitives::Amount sum = 0;
    for (int height = 0; height < 14'000'000; height += 1000) {
        sum += GetBlockSubsidy(height, main) * 1000;
        ASSERT_TRUE(primitives::MoneyRange(sum));
    }
    EXPECT_EQ(sum, 2'099'999'997'690'000);

    const ConsensusParams reg = Params(ChainType::REGTEST).consensus;
    EXPECT_EQ(GetBlockSubsidy(149, reg), 50 * COIN);
    EXPECT_EQ(GetBlockSubsidy(150, reg), 25 * COIN);
}

TEST(Bip30Test, ExceptionsAndWhenTheCheckRuns)
{
    const Hash256 h91842 = *Hash256::FromHex("00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec");
    const Hash256 h91880 = *Hash256::FromHex("00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721");
    const Hash256 h91722 = *Hash256::FromHex("00000000000271a2dc26e7667f8419f2e15416dc6955e5a6c6cdf3f2574dd08e");
    const Hash256 h91812 = *Hash256::FromHex("00000000000af0aed4792b1acee3d966af36cf5def14935db8de83d6f9306f2f");
    EXPECT_TRUE(IsBIP30Repeat(91842, h91842));
    EXPECT_TRUE(IsBIP30Repeat(91880, h91880));
    EXPECT_FALSE(IsBIP30Repeat(91843, h91842));
    EXPECT_FALSE(IsBIP30Repeat(91880, h91842));
    EXPECT_TRUE(IsBIP30Unspendable(91722, h91722));
    EXPECT_TRUE(IsBIP30Unspendable(91812, h91812));
    EXPECT_FALSE(IsBIP30Unspendable(91842, h91842));

    const ConsensusParams main = Params(ChainType::MAIN).consensus;
    EXPECT_FALSE(IsBIP30CheckRequired(91842, h91842, std::nullopt, main));
    EXPECT_TRUE(IsBIP30CheckRequired(91843, SomeHash(1), std::nullopt, main));
    EXPECT_TRUE(IsBIP30CheckRequired(227931, SomeHash(1), std::nullopt, main));
    // Above BIP34 on the chain through BIP34Hash: skipped, until the limit.
    EXPECT_FALSE(IsBIP30CheckRequired(500'000, SomeHash(1), main.bip34_hash, main));
    EXPECT_FALSE(IsBIP30CheckRequired(1'983'701, SomeHash(1), main.bip34_hash, main));
    EXPECT_TRUE(IsBIP30CheckRequired(1'983'702, SomeHash(1), main.bip34_hash, main));
    // On a fork with another block at the BIP34 height: always checked.
    EXPECT_TRUE(IsBIP30CheckRequired(500'000, SomeHash(1), SomeHash(2), main));
    // A null BIP34Hash (testnet4, signet, regtest) never matches a real block: always checked.
    const ConsensusParams reg = Params(ChainType::REGTEST).consensus;
    EXPECT_TRUE(IsBIP30CheckRequired(500, SomeHash(1), SomeHash(3), reg));
}

} // namespace
} // namespace hearth::consensus
