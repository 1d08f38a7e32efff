#include <hearth/consensus/signet.h>

#include <hearth/consensus/block_check.h>
#include <hearth/consensus/pow.h>
#include <hearth/crypto/key.h>
#include <hearth/primitives/merkle.h>
#include <hearth/script/script.h>
#include <hearth/script/sighash.h>
#include <hearth/util/hex.h>

#include "testutil/vectors.h"

#include <gtest/gtest.h>

namespace hearth::consensus {
namespace {

using primitives::Block;
using primitives::MakeTransactionRef;
using primitives::MutableTransaction;
using primitives::TxIn;
using primitives::TxOut;

/// Signet parameters with `challenge_hex`, and regtest's easy proof of work so tests need not grind.
ConsensusParams SignetParams(const std::string& challenge_hex)
{
    ChainOptions opts;
    opts.signet_challenge = {challenge_hex};
    auto params = CreateChainParams(ChainType::SIGNET, opts);
    EXPECT_TRUE(params) << params.error();
    ConsensusParams c = params->consensus;
    c.pow_limit = *Hash256::FromHex("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    return c;
}

void Finish(Block& block, const ConsensusParams& params)
{
    block.header.merkle_root = primitives::BlockMerkleRoot(block);
    while (!CheckProofOfWork(block.GetHash(), block.header.bits, params)) ++block.header.nonce;
}

/// A block at height 1 with a witness commitment (and `extra_push`, if any, appended to its script).
Block MakeBlock(const ConsensusParams& params, const util::Bytes* extra_push = nullptr, bool commit = true)
{
    MutableTransaction cb;
    cb.version = 1;
    TxIn in;
    in.script_sig = {script::OP_1, script::OP_0};
    cb.vin.push_back(in);
    cb.vout.push_back(TxOut{50 * primitives::COIN, {script::OP_1}});
    Block block;
    block.header.version = 4;
    block.header.prev_block = params.hash_genesis_block;
    block.header.time = 1'700'000'000;
    block.header.bits = 0x207fffff;
    if (commit) {
        cb.vin[0].witness = {util::Bytes(32, 0)};
        block.vtx.push_back(MakeTransactionRef(cb));
        const Hash256 c = primitives::ComputeWitnessCommitment(primitives::BlockWitnessMerkleRoot(block), Hash256{});
        util::Bytes script{0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed};
        util::Append(script, c.span());
        if (extra_push) script::PushData(script, *extra_push);
        cb.vout.push_back(TxOut{0, script});
    }
    block.vtx.clear();
    block.vtx.push_back(MakeTransactionRef(cb));
    Finish(block, params);
    return block;
}

util::Bytes Solution(const util::Bytes& script_sig, const primitives::Witness& witness)
{
    util::Bytes out(SIGNET_HEADER.begin(), SIGNET_HEADER.end());
    serialize::VectorWriter w{out};
    serialize::WriteBytesWithSize(w, script_sig);
    serialize::Serialize(w, witness);
    return out;
}

/// Signs a block for `challenge` with `sign(to_sign, to_spend)` returning (scriptSig, witness): the block is
/// built with a header-only marker push (which the solution replaces without changing what is signed).
template <typename SignFn>
Block SignedBlock(const ConsensusParams& params, SignFn&& sign)
{
    const util::Bytes marker(SIGNET_HEADER.begin(), SIGNET_HEADER.end());
    const Block unsigned_block = MakeBlock(params, &marker);
    const auto txs = CreateSignetTxs(unsigned_block, params.signet_challenge);
    EXPECT_TRUE(txs);
    const auto [script_sig, witness] = sign(*txs);
    const util::Bytes solution = Solution(script_sig, witness);
    return MakeBlock(params, &solution);
}

std::string Reason(const Block& block, const ConsensusParams& params, bool check_pow = true)
{
    BlockValidationState state;
    const bool ok = CheckBlock(block, state, params, check_pow);
    return ok ? "valid" : state.GetRejectReason();
}

TEST(SignetTest, TrivialChallengeNeedsOnlyACommitment)
{
    const ConsensusParams params = SignetParams("51"); // OP_TRUE
    EXPECT_EQ(Reason(MakeBlock(params), params), "valid");
    // No witness commitment: no virtual transactions, so no valid solution.
    const Block bare = MakeBlock(params, nullptr, /*commit=*/false);
    EXPECT_FALSE(CreateSignetTxs(bare, params.signet_challenge));
    BlockValidationState state;
    EXPECT_FALSE(CheckBlock(bare, state, params));
    EXPECT_EQ(state.GetRejectReason(), "bad-signet-blksig");
    EXPECT_EQ(state.GetResult(), BlockValidationResult::BLOCK_CONSENSUS);
    // The signet check runs with the PoW check only.
    EXPECT_EQ(Reason(bare, params, /*check_pow=*/false), "valid");
}

TEST(SignetTest, VirtualTransactionsCommitToTheBlock)
{
    const ConsensusParams params = SignetParams("51");
    const Block block = MakeBlock(params);
    const auto txs = CreateSignetTxs(block, params.signet_challenge);
    ASSERT_TRUE(txs);
    // to_spend: version 0, scriptSig OP_0 push(version ‖ prev ‖ merkle ‖ time), pays 0 to the challenge.
    EXPECT_EQ(txs->to_spend.version, 0);
    const util::Bytes& ss = txs->to_spend.vin[0].script_sig;
    ASSERT_EQ(ss.size(), 2u + 72u);
    EXPECT_EQ(ss[0], script::OP_0);
    EXPECT_EQ(ss[1], 72);
    EXPECT_EQ(util::HexStr({ss.data() + 2, 4}), "04000000");
    EXPECT_EQ(util::HexStr({ss.data() + 6, 32}), params.hash_genesis_block.ToHexInternal());
    // Without a solution the merkle root is the block's own.
    EXPECT_EQ(util::HexStr({ss.data() + 38, 32}), block.header.merkle_root.ToHexInternal());
    EXPECT_EQ(txs->to_spend.vout[0].script_pubkey, util::Bytes{0x51});
    EXPECT_EQ(txs->to_sign.vin[0].prevout.hash, txs->to_spend.ComputeTxid());
    EXPECT_EQ(txs->to_sign.vout[0].script_pubkey, util::Bytes{script::OP_RETURN});

    // A solution is cut from the coinbase before the merkle root is taken: a block with a header-only
    // marker and one with a full solution sign the same data.
    const util::Bytes marker(SIGNET_HEADER.begin(), SIGNET_HEADER.end());
    const util::Bytes solution = Solution({script::OP_1}, {});
    const auto a = CreateSignetTxs(MakeBlock(params, &marker), params.signet_challenge);
    const auto b = CreateSignetTxs(MakeBlock(params, &solution), params.signet_challenge);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->to_spend, b->to_spend);
    EXPECT_EQ(b->to_sign.vin[0].script_sig, util::Bytes{script::OP_1});
    // Extra bytes after the scriptSig and witness: unparsable.
    util::Bytes trailing = solution;
    trailing.push_back(0);
    EXPECT_FALSE(CreateSignetTxs(MakeBlock(params, &trailing), params.signet_challenge));
}

TEST(SignetTest, P2PKChallengeSignedBlock)
{
    const crypto::PrivKey key = crypto::PrivKey::FromBytes(testutil::Hex(std::string(63, '0') + "7"));
    ASSERT_TRUE(key.IsValid());
    const util::Bytes challenge =
        (script::Script{} << util::ToBytes(key.GetPubKey().span()) << script::OP_CHECKSIG).bytes();
    const ConsensusParams params = SignetParams(util::HexStr(challenge));

    const auto sign = [&](const SignetTxs& txs) {
        const primitives::Transaction to_sign{txs.to_sign};
        const Hash256 sighash =
            script::SignatureHash(challenge, to_sign, 0, script::SIGHASH_ALL, 0, script::SigVersion::BASE);
        util::Bytes sig = key.SignEcdsa(sighash);
        sig.push_back(script::SIGHASH_ALL);
        return std::pair{(script::Script{} << sig).bytes(), primitives::Witness{}};
    };
    const Block good = SignedBlock(params, sign);
    EXPECT_EQ(Reason(good, params), "valid");
    EXPECT_TRUE(CheckSignetBlockSolution(good, params));

    // No solution.
    EXPECT_EQ(Reason(MakeBlock(params), params), "bad-signet-blksig");
    // A corrupted signature.
    const Block bad_sig = SignedBlock(params, [&](const SignetTxs& txs) {
        auto s = sign(txs);
        s.first[10] ^= 0x01;
        return s;
    });
    EXPECT_EQ(Reason(bad_sig, params), "bad-signet-blksig");
    // A valid signature for another block (different time).
    Block moved = good;
    moved.header.time += 1;
    Finish(moved, params);
    EXPECT_EQ(Reason(moved, params), "bad-signet-blksig");
    // Other networks' challenges: the solution is just run before them (no CLEANSTACK), so OP_TRUE or
    // OP_2 accept it and OP_0 does not.
    EXPECT_EQ(Reason(good, SignetParams("51")), "valid");
    EXPECT_EQ(Reason(good, SignetParams("52")), "valid");
    EXPECT_EQ(Reason(good, SignetParams("00")), "bad-signet-blksig");
}

TEST(SignetTest, WitnessChallengeSignedBlock)
{
    // Challenge P2WPKH: the solution is an empty scriptSig and a witness (BIP143 signature, amount 0).
    const crypto::PrivKey key = crypto::PrivKey::FromBytes(testutil::Hex(std::string(62, '0') + "2a"));
    const util::Bytes pubkey = util::ToBytes(key.GetPubKey().span());
    const util::Uint160 id = key.GetPubKey().GetId();
    const util::Bytes key_hash(id.begin(), id.end());
    const util::Bytes challenge = (script::Script{} << script::OP_0 << key_hash).bytes();
    const ConsensusParams params = SignetParams(util::HexStr(challenge));
    const util::Bytes script_code = (script::Script{} << script::OP_DUP << script::OP_HASH160 << key_hash
                                                      << script::OP_EQUALVERIFY << script::OP_CHECKSIG)
                                        .bytes();
    const Block good = SignedBlock(params, [&](const SignetTxs& txs) {
        const primitives::Transaction to_sign{txs.to_sign};
        const Hash256 sighash =
            script::SignatureHash(script_code, to_sign, 0, script::SIGHASH_ALL, 0, script::SigVersion::WITNESS_V0);
        util::Bytes sig = key.SignEcdsa(sighash);
        sig.push_back(script::SIGHASH_ALL);
        return std::pair{util::Bytes{}, primitives::Witness{sig, pubkey}};
    });
    EXPECT_EQ(Reason(good, params), "valid");
    EXPECT_EQ(Reason(MakeBlock(params), params), "bad-signet-blksig");
}

TEST(SignetTest, DefaultSignetGenesisAndUnsignedBlock)
{
    auto params = CreateChainParams(ChainType::SIGNET);
    ASSERT_TRUE(params);
    // The genesis block needs no solution (it has no commitment) and meets signet's real PoW.
    EXPECT_EQ(Reason(params->genesis, params->consensus), "valid");
    // An unsigned block fails the default 1-of-2 challenge.
    ConsensusParams easy = params->consensus;
    easy.pow_limit = *Hash256::FromHex("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    EXPECT_EQ(Reason(MakeBlock(easy), easy), "bad-signet-blksig");
}

} // namespace
} // namespace hearth::consensus
