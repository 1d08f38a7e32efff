// Signature hashes against Core's sighash.json (legacy), the BIP143 examples and the BIP341 wallet vectors
// (sighashes, key-path signing, script trees and control blocks).

#include <hearth/crypto/key.h>
#include <hearth/crypto/sha256.h>
#include <hearth/primitives/transaction.h>
#include <hearth/script/sighash.h>
#include <hearth/serialize/stream.h>
#include <hearth/util/hex.h>

#include "script_test_util.h"
#include "testutil/vectors.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace hearth::script {
namespace {

using primitives::MutableTransaction;
using primitives::Transaction;
using primitives::TxOut;
using testutil::Hex;

MutableTransaction ParseTx(const std::string& hex)
{
    MutableTransaction tx;
    const util::Bytes bytes = Hex(hex);
    serialize::Reader r{bytes};
    primitives::UnserializeTransaction(r, tx);
    EXPECT_TRUE(r.ok() && r.empty()) << r.error();
    return tx;
}

/// Removes a CompactSize length prefix (the BIP143 vectors give script codes as they appear in the
/// preimage).
util::Bytes StripLengthPrefix(const util::Bytes& with_prefix)
{
    serialize::Reader r{with_prefix};
    util::Bytes out = r.ReadBytesWithSize();
    EXPECT_TRUE(r.ok() && r.empty());
    return out;
}

TEST(SighashTest, CoreSighashJsonAllRows)
{
    const nlohmann::json rows = testutil::ReadJsonVector("sighash.json");
    size_t checked = 0;
    for (size_t index = 0; index < rows.size(); ++index) {
        const nlohmann::json& row = rows[index];
        if (row.size() < 5) continue; // header/comment
        SCOPED_TRACE("sighash row " + std::to_string(index) + ": " + row.dump());
        const MutableTransaction tx = ParseTx(row[0].get<std::string>());
        const util::Bytes script_code = Hex(row[1].get<std::string>());
        const unsigned n_in = row[2].get<unsigned>();
        const int32_t hash_type = row[3].get<int32_t>();
        ASSERT_LT(n_in, tx.vin.size());
        const util::Uint256 h = SignatureHash(script_code, tx, n_in, hash_type, 0, SigVersion::BASE);
        EXPECT_EQ(h.ToHex(), row[4].get<std::string>());
        // The immutable transaction type hashes the same.
        const Transaction itx{tx};
        EXPECT_EQ(SignatureHash(script_code, itx, n_in, hash_type, 0, SigVersion::BASE), h);
        ++checked;
    }
    EXPECT_EQ(checked, 500u);
}

TEST(SighashTest, SighashSingleBugReturnsOne)
{
    MutableTransaction tx;
    tx.vin.resize(2);
    tx.vout.resize(1);
    const util::Uint256 h = SignatureHash({}, tx, 1, SIGHASH_SINGLE, 0, SigVersion::BASE);
    util::Uint256 one;
    one[0] = 1;
    EXPECT_EQ(h, one);
    // Not for witness v0: BIP143 hashes a zero hashOutputs instead.
    EXPECT_NE(SignatureHash({}, tx, 1, SIGHASH_SINGLE, 0, SigVersion::WITNESS_V0), one);
}

TEST(SighashTest, Bip143Examples)
{
    const nlohmann::json doc = testutil::ReadJsonVector("bip143_vectors.json");
    size_t sighashes = 0;
    size_t signatures = 0;
    size_t verified_inputs = 0;
    for (const nlohmann::json& ex : doc["examples"]) {
        SCOPED_TRACE(ex["name"].get<std::string>());
        // "No FindAndDelete #2" gives only the signed transaction; BIP143 hashes ignore witnesses and
        // scriptSigs, so the signed one serves.
        const std::string tx_hex =
            ex["unsigned_tx"].is_null() ? ex["signed_tx"].get<std::string>() : ex["unsigned_tx"].get<std::string>();
        const MutableTransaction unsigned_tx = ParseTx(tx_hex);
        const Transaction itx{unsigned_tx};
        PrecomputedTransactionData txdata;
        txdata.Init(unsigned_tx, {}, /*force=*/true);
        for (const nlohmann::json& s : ex["sighashes"]) {
            SCOPED_TRACE(s.dump());
            const util::Bytes script_code = StripLengthPrefix(Hex(s["script_code"].get<std::string>()));
            const unsigned n_in = s["input_index"].get<unsigned>();
            const auto amount = s["amount"].get<primitives::Amount>();
            const auto hash_type = s["hash_type"].get<int32_t>();
            const std::string expected = s["sighash"].get<std::string>();
            // The vector's own preimage hashes to its sighash.
            EXPECT_EQ(crypto::Sha256d(Hex(s["preimage"].get<std::string>())).ToHexInternal(), expected);
            // With and without precomputed data.
            const util::Uint256 h =
                SignatureHash(script_code, unsigned_tx, n_in, hash_type, amount, SigVersion::WITNESS_V0, &txdata);
            EXPECT_EQ(h.ToHexInternal(), expected);
            EXPECT_EQ(SignatureHash(script_code, itx, n_in, hash_type, amount, SigVersion::WITNESS_V0), h);
            ++sighashes;
            // The public key is on the sighash entry or, for the P2WPKH examples, on the prevout.
            std::string pubkey_hex = s.value("public_key", "");
            if (pubkey_hex.empty() && ex.contains("prevouts")) {
                for (const nlohmann::json& p : ex["prevouts"]) {
                    if (p["input_index"].get<unsigned>() == n_in) pubkey_hex = p.value("public_key", "");
                }
            }
            if (s.contains("signature") && !pubkey_hex.empty()) {
                const util::Bytes sig = Hex(s["signature"].get<std::string>());
                const crypto::PubKey key{Hex(pubkey_hex)};
                ASSERT_FALSE(sig.empty());
                EXPECT_EQ(sig.back(), static_cast<uint8_t>(hash_type));
                EXPECT_TRUE(key.VerifyEcdsa(h, util::ByteSpan{sig}.first(sig.size() - 1)));
                ++signatures;
            }
        }

        // The signed transactions verify input by input under the consensus flags.
        if (!ex.contains("prevouts")) continue;
        std::vector<std::string> signed_hexes{ex["signed_tx"].get<std::string>()};
        if (ex.contains("signed_tx_inputs_swapped")) signed_hexes.push_back(ex["signed_tx_inputs_swapped"]);
        for (const std::string& hex : signed_hexes) {
            const Transaction signed_tx{ParseTx(hex)};
            std::vector<TxOut> spent(signed_tx.vin.size());
            bool all_known = true;
            for (size_t i = 0; i < signed_tx.vin.size(); ++i) {
                bool found = false;
                for (const nlohmann::json& p : ex["prevouts"]) {
                    // Inputs are matched to prevouts by outpoint order in the unsigned tx.
                    if (unsigned_tx.vin[p["input_index"].get<size_t>()].prevout == signed_tx.vin[i].prevout) {
                        spent[i] = TxOut{p["amount"].get<primitives::Amount>(), Hex(p["scriptPubKey"])};
                        found = true;
                    }
                }
                all_known &= found;
            }
            if (!all_known) continue;
            for (size_t i = 0; i < signed_tx.vin.size(); ++i) {
                EXPECT_EQ(ScriptErrorName(VerifyInput(signed_tx, spent, i, CONSENSUS_SCRIPT_VERIFY_FLAGS)), "OK")
                    << "input " << i << " of " << hex;
                ++verified_inputs;
            }
        }
    }
    EXPECT_EQ(sighashes, 14u);
    EXPECT_EQ(signatures, 13u);
    EXPECT_GE(verified_inputs, 8u);
}

TEST(SighashTest, Bip341KeyPathSpending)
{
    const nlohmann::json doc = testutil::ReadJsonVector("bip341_wallet_vectors.json");
    size_t inputs_checked = 0;
    for (const nlohmann::json& kp : doc["keyPathSpending"]) {
        const MutableTransaction tx = ParseTx(kp["given"]["rawUnsignedTx"].get<std::string>());
        std::vector<TxOut> utxos;
        for (const nlohmann::json& u : kp["given"]["utxosSpent"]) {
            utxos.push_back(
                TxOut{u["amountSats"].get<primitives::Amount>(), Hex(u["scriptPubKey"].get<std::string>())});
        }
        ASSERT_EQ(utxos.size(), tx.vin.size());
        PrecomputedTransactionData txdata;
        txdata.Init(tx, utxos, /*force=*/true);
        ASSERT_TRUE(txdata.bip341_taproot_ready);
        const nlohmann::json& mid = kp["intermediary"];
        EXPECT_EQ(txdata.spent_amounts_single_hash.ToHexInternal(), mid["hashAmounts"].get<std::string>());
        EXPECT_EQ(txdata.outputs_single_hash.ToHexInternal(), mid["hashOutputs"].get<std::string>());
        EXPECT_EQ(txdata.prevouts_single_hash.ToHexInternal(), mid["hashPrevouts"].get<std::string>());
        EXPECT_EQ(txdata.spent_scripts_single_hash.ToHexInternal(), mid["hashScriptPubkeys"].get<std::string>());
        EXPECT_EQ(txdata.sequences_single_hash.ToHexInternal(), mid["hashSequences"].get<std::string>());

        // Put each expected witness into the signed transaction, then verify it.
        MutableTransaction signed_tx = tx;
        for (const nlohmann::json& in : kp["inputSpending"]) {
            SCOPED_TRACE(in.dump());
            const unsigned index = in["given"]["txinIndex"].get<unsigned>();
            const auto hash_type = static_cast<uint8_t>(in["given"]["hashType"].get<int>());
            ScriptExecutionData execdata;
            execdata.annex_init = true;
            execdata.annex_present = false;
            util::Uint256 sighash;
            ASSERT_TRUE(SignatureHashSchnorr(sighash, execdata, tx, index, hash_type, SigVersion::TAPROOT, txdata));
            const std::string expected_hash = in["intermediary"]["sigHash"].get<std::string>();
            EXPECT_EQ(sighash.ToHexInternal(), expected_hash);
            EXPECT_EQ(
                crypto::TaggedHash("TapSighash", Hex(in["intermediary"]["sigMsg"].get<std::string>())).ToHexInternal(),
                expected_hash);

            // Sign as Core's signer does: zero aux randomness, the key tweaked by the merkle root (all zero
            // meaning no script tree).
            const crypto::PrivKey key = crypto::PrivKey::FromBytes(Hex(in["given"]["internalPrivkey"]));
            ASSERT_TRUE(key.IsValid());
            EXPECT_EQ(util::HexStr(key.GetXOnlyPubKey().span()),
                      in["intermediary"]["internalPubkey"].get<std::string>());
            util::Uint256 merkle_root;
            if (!in["given"]["merkleRoot"].is_null()) {
                merkle_root = util::Uint256{util::ByteSpan{Hex(in["given"]["merkleRoot"].get<std::string>())}};
            }
            EXPECT_EQ(key.GetXOnlyPubKey()
                          .ComputeTapTweakHash(in["given"]["merkleRoot"].is_null() ? nullptr : &merkle_root)
                          .ToHexInternal(),
                      in["intermediary"]["tweak"].get<std::string>());
            const auto sig = key.SignSchnorr(sighash, &merkle_root, util::Uint256{});
            ASSERT_TRUE(sig.has_value());
            util::Bytes witness_sig{sig->begin(), sig->end()};
            if (hash_type != SIGHASH_DEFAULT) witness_sig.push_back(hash_type);
            const nlohmann::json& expected_witness = in["expected"]["witness"];
            ASSERT_EQ(expected_witness.size(), 1u);
            EXPECT_EQ(util::HexStr(witness_sig), expected_witness[0].get<std::string>());
            signed_tx.vin[index].witness = {Hex(expected_witness[0].get<std::string>())};
        }
        const Transaction final_tx{signed_tx};
        PrecomputedTransactionData final_data;
        final_data.Init(final_tx, utxos);
        for (const nlohmann::json& in : kp["inputSpending"]) {
            const unsigned index = in["given"]["txinIndex"].get<unsigned>();
            EXPECT_EQ(ScriptErrorName(VerifyInput(final_tx, utxos, index, STANDARD_SCRIPT_VERIFY_FLAGS, &final_data)),
                      "OK")
                << "input " << index;
            // A flipped signature bit fails with SCHNORR_SIG.
            MutableTransaction bad = signed_tx;
            bad.vin[index].witness[0][5] ^= 1;
            const Transaction bad_tx{bad};
            EXPECT_EQ(VerifyInput(bad_tx, utxos, index, CONSENSUS_SCRIPT_VERIFY_FLAGS), ScriptError::SCHNORR_SIG);
            ++inputs_checked;
        }
    }
    EXPECT_EQ(inputs_checked, 7u);
}

/// Hash of a script tree given as in the BIP341 vectors: a leaf object or a two-element array.
util::Uint256 TreeHash(const nlohmann::json& node, std::map<int, util::Uint256>& leaf_hashes)
{
    if (node.is_object()) {
        const util::Uint256 h = ComputeTapleafHash(static_cast<uint8_t>(node["leafVersion"].get<int>()),
                                                   Hex(node["script"].get<std::string>()));
        leaf_hashes[node["id"].get<int>()] = h;
        return h;
    }
    EXPECT_EQ(node.size(), 2u);
    const util::Uint256 a = TreeHash(node[0], leaf_hashes);
    const util::Uint256 b = TreeHash(node[1], leaf_hashes);
    return ComputeTapbranchHash(a.span(), b.span());
}

TEST(SighashTest, Bip341ScriptTreesAndControlBlocks)
{
    const nlohmann::json doc = testutil::ReadJsonVector("bip341_wallet_vectors.json");
    size_t control_blocks = 0;
    for (const nlohmann::json& item : doc["scriptPubKey"]) {
        SCOPED_TRACE(item["given"].dump());
        const auto internal = crypto::XOnlyPubKey::FromBytes(Hex(item["given"]["internalPubkey"].get<std::string>()));
        ASSERT_TRUE(internal.has_value());
        const nlohmann::json& tree = item["given"]["scriptTree"];
        const nlohmann::json& mid = item["intermediary"];
        std::map<int, util::Uint256> leaf_hashes;
        std::optional<util::Uint256> root;
        if (!tree.is_null()) root = TreeHash(tree, leaf_hashes);
        if (mid["merkleRoot"].is_null()) {
            EXPECT_FALSE(root.has_value());
        } else {
            ASSERT_TRUE(root.has_value());
            EXPECT_EQ(root->ToHexInternal(), mid["merkleRoot"].get<std::string>());
        }
        if (mid.contains("leafHashes")) {
            ASSERT_EQ(leaf_hashes.size(), mid["leafHashes"].size());
            size_t i = 0;
            for (const auto& [id, h] : leaf_hashes)
                EXPECT_EQ(h.ToHexInternal(), mid["leafHashes"][i++].get<std::string>());
        }
        const util::Uint256* root_ptr = root ? &*root : nullptr;
        EXPECT_EQ(internal->ComputeTapTweakHash(root_ptr).ToHexInternal(), mid["tweak"].get<std::string>());
        const auto tweaked = internal->CreateTapTweak(root_ptr);
        ASSERT_TRUE(tweaked.has_value());
        EXPECT_EQ(util::HexStr(tweaked->first.span()), mid["tweakedPubkey"].get<std::string>());
        EXPECT_EQ("5120" + util::HexStr(tweaked->first.span()), item["expected"]["scriptPubKey"].get<std::string>());

        // Each control block (leaves in id order) commits its leaf to the output key.
        if (item["expected"].contains("scriptPathControlBlocks")) {
            size_t i = 0;
            for (const auto& [id, h] : leaf_hashes) {
                const util::Bytes cb = Hex(item["expected"]["scriptPathControlBlocks"][i++].get<std::string>());
                ASSERT_GE(cb.size(), TAPROOT_CONTROL_BASE_SIZE);
                EXPECT_EQ((cb[0] & 1) != 0, tweaked->second);
                EXPECT_EQ(util::HexStr(util::ByteSpan{cb}.subspan(1, 32)), util::HexStr(internal->span()));
                const util::Uint256 computed = ComputeTaprootMerkleRoot(cb, h);
                EXPECT_EQ(computed, *root);
                EXPECT_TRUE(tweaked->first.CheckTapTweak(*internal, computed, cb[0] & 1));
                ++control_blocks;
            }
        }
    }
    EXPECT_GT(control_blocks, 0u);
}

TEST(SighashTest, PrecomputedDataMatchesOnTheFlyForWitnessV0)
{
    // BIP143 with and without PrecomputedTransactionData must agree for every hash type.
    MutableTransaction tx;
    tx.version = 2;
    for (int i = 0; i < 5; ++i) {
        primitives::TxIn in;
        in.prevout.hash[0] = static_cast<uint8_t>(i + 1);
        in.prevout.n = i;
        in.sequence = 0xfffffffe - i;
        in.witness = {{0x01}};
        tx.vin.push_back(in);
        tx.vout.push_back(TxOut{1000 * (i + 1), {OP_1}});
    }
    PrecomputedTransactionData txdata;
    txdata.Init(tx, {});
    ASSERT_TRUE(txdata.bip143_segwit_ready);
    const util::Bytes code{OP_DUP, OP_DROP, OP_1};
    for (int hash_type : {1, 2, 3, 0x81, 0x82, 0x83, 0, 4, 0x41}) {
        for (unsigned n = 0; n < tx.vin.size(); ++n) {
            EXPECT_EQ(SignatureHash(code, tx, n, hash_type, 5000, SigVersion::WITNESS_V0, &txdata),
                      SignatureHash(code, tx, n, hash_type, 5000, SigVersion::WITNESS_V0, nullptr))
                << hash_type << " " << n;
        }
    }
}

TEST(SighashTest, SchnorrSighashRejectsUndefinedHashTypesAndMissingData)
{
    MutableTransaction tx;
    tx.vin.resize(2);
    tx.vout.resize(1);
    PrecomputedTransactionData txdata;
    txdata.Init(tx, {TxOut{1, {OP_1}}, TxOut{2, {OP_2}}}, /*force=*/true);
    ScriptExecutionData execdata;
    execdata.annex_init = true;
    util::Uint256 h;
    for (int t = 0; t < 256; ++t) {
        const bool defined = t <= 3 || (t >= 0x81 && t <= 0x83);
        // Input 1 has no matching output, so SIGHASH_SINGLE fails there.
        const bool single = (t & 3) == SIGHASH_SINGLE;
        EXPECT_EQ(SignatureHashSchnorr(h, execdata, tx, 1, static_cast<uint8_t>(t), SigVersion::TAPROOT, txdata),
                  defined && !single)
            << t;
    }
    PrecomputedTransactionData no_outputs;
    no_outputs.Init(tx, {}, /*force=*/true);
    EXPECT_FALSE(SignatureHashSchnorr(h, execdata, tx, 0, 0, SigVersion::TAPROOT, no_outputs));
}

} // namespace
} // namespace hearth::script

namespace hearth::script {
namespace {

TEST(VerifyInputTest, RejectsBadArgumentsWithUnknownError)
{
    primitives::MutableTransaction mtx;
    mtx.vin.resize(1);
    mtx.vout.push_back(TxOut{1, {OP_1}});
    const Transaction tx{mtx};
    const std::vector<TxOut> one{TxOut{1, {OP_1}}};
    EXPECT_EQ(VerifyInput(tx, one, 0, CONSENSUS_SCRIPT_VERIFY_FLAGS), ScriptError::OK);
    EXPECT_EQ(VerifyInput(tx, one, 1, CONSENSUS_SCRIPT_VERIFY_FLAGS), ScriptError::UNKNOWN_ERROR);
    EXPECT_EQ(VerifyInput(tx, {}, 0, CONSENSUS_SCRIPT_VERIFY_FLAGS), ScriptError::UNKNOWN_ERROR);
    EXPECT_EQ(VerifyInput(tx, one, 0, SCRIPT_VERIFY_WITNESS), ScriptError::UNKNOWN_ERROR);
    const std::vector<TxOut> zero{TxOut{1, {OP_0}}};
    EXPECT_EQ(VerifyInput(tx, zero, 0, CONSENSUS_SCRIPT_VERIFY_FLAGS), ScriptError::EVAL_FALSE);
}

} // namespace
} // namespace hearth::script
