// Transaction and block decoding of malformed input: truncation at every length, trailing bytes,
// non-canonical CompactSize, absurd length prefixes (checked to allocate nothing large), superfluous
// witnesses and unknown optional data. Plus BIP144 round trips.

#include <hearth/primitives/block.h>
#include <hearth/primitives/transaction.h>

#include <hearth/crypto/sha256.h>
#include <hearth/primitives/merkle.h>
#include <hearth/util/hex.h>

#include "alloc_tracker.h"
#include "testutil/vectors.h"

#include <gtest/gtest.h>

#include <string>

namespace hearth::primitives {
namespace {

using test::LargestAllocationDuring;
using testutil::Hex;

util::Bytes operator+(util::Bytes a, const util::Bytes& b)
{
    util::Append(a, b);
    return a;
}

MutableTransaction SmallTx(bool with_witness)
{
    MutableTransaction tx;
    tx.version = 2;
    TxIn in;
    in.prevout.hash = *Hash256::FromHex("1111111111111111111111111111111111111111111111111111111111111111");
    in.prevout.n = 3;
    in.script_sig = {0x51, 0x52};
    in.sequence = 0xfffffffd;
    if (with_witness) in.witness = {Hex("3044"), Hex("02aabb"), {}};
    tx.vin.push_back(in);
    TxIn in2 = in;
    in2.prevout.n = 4;
    in2.witness.clear();
    tx.vin.push_back(in2);
    tx.vout.push_back(TxOut{12345, Hex("0014") + util::Bytes(20, 0x99)});
    tx.vout.push_back(TxOut{0, Hex("6a")});
    tx.locktime = 800000;
    return tx;
}

TEST(TransactionDecodeTest, Bip144RoundTrip)
{
    const MutableTransaction mtx = SmallTx(true);
    const util::Bytes with = SerializeTransaction(mtx);
    const util::Bytes without = SerializeTransaction(mtx, TxWitnessMode::WITHOUT);
    // Marker 00, flag 01 after the version.
    EXPECT_EQ(util::HexStr(with).substr(8, 4), "0001");
    EXPECT_LT(without.size(), with.size());
    const auto tx = DecodeTransaction(with);
    ASSERT_TRUE(tx) << tx.error();
    EXPECT_TRUE((*tx)->HasWitness());
    EXPECT_EQ((*tx)->ToMutable(), mtx);
    EXPECT_EQ(SerializeTransaction(**tx), with);
    EXPECT_EQ((*tx)->GetTxid(), mtx.ComputeTxid());
    EXPECT_NE((*tx)->GetWtxid(), (*tx)->GetTxid());
    EXPECT_EQ(GetStrippedSize(**tx), without.size());
    EXPECT_EQ(GetTransactionWeight(**tx), static_cast<int64_t>(3 * without.size() + with.size()));

    // The stripped form decodes to the same transaction minus witnesses, with the same txid.
    const auto stripped = DecodeTransaction(without);
    ASSERT_TRUE(stripped);
    EXPECT_FALSE((*stripped)->HasWitness());
    EXPECT_EQ((*stripped)->GetTxid(), (*tx)->GetTxid());
    EXPECT_EQ((*stripped)->GetWtxid(), (*tx)->GetTxid());

    // Without witness mode the extended form is not understood (the marker reads as zero inputs).
    EXPECT_FALSE(DecodeTransaction(with, TxWitnessMode::WITHOUT));
}

TEST(TransactionDecodeTest, EveryTruncationFailsCleanly)
{
    for (bool witness : {false, true}) {
        const util::Bytes full = SerializeTransaction(SmallTx(witness));
        ASSERT_TRUE(DecodeTransaction(full));
        for (size_t len = 0; len < full.size(); ++len) {
            const auto r = DecodeTransaction({full.data(), len});
            EXPECT_FALSE(r) << "prefix of " << len << " bytes decoded";
            if (!r) {
                EXPECT_NE(r.error().find("transaction decode failed"), std::string::npos) << r.error();
            }
        }
    }
}

TEST(TransactionDecodeTest, RejectsTrailingBytes)
{
    const util::Bytes full = SerializeTransaction(SmallTx(true)) + util::Bytes{0x00};
    const auto r = DecodeTransaction(full);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "transaction decode failed: 1 bytes left over");
}

TEST(TransactionDecodeTest, RejectsSuperfluousWitness)
{
    // Marker and flag present but every witness stack empty (Core: "Superfluous witness record").
    MutableTransaction mtx = SmallTx(false);
    util::Bytes legacy = SerializeTransaction(mtx);
    util::Bytes bytes(legacy.begin(), legacy.begin() + 4);
    bytes = bytes + util::Bytes{0x00, 0x01};
    bytes.insert(bytes.end(), legacy.begin() + 4, legacy.end() - 4);
    bytes = bytes + util::Bytes{0x00, 0x00};                   // two empty witness stacks
    bytes.insert(bytes.end(), legacy.end() - 4, legacy.end()); // locktime
    const auto r = DecodeTransaction(bytes);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "transaction decode failed: Superfluous witness record");
}

TEST(TransactionDecodeTest, RejectsUnknownOptionalData)
{
    util::Bytes with = SerializeTransaction(SmallTx(true));
    // Flag 0x02: no witness bit, unknown bit.
    with[5] = 0x02;
    auto r = DecodeTransaction(with);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "transaction decode failed: Unknown transaction optional data");
    // Flag 0x03: witness read, then the unknown bit fails.
    with[5] = 0x03;
    r = DecodeTransaction(with);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "transaction decode failed: Unknown transaction optional data");
}

TEST(TransactionDecodeTest, MarkerWithZeroFlagIsAnEmptyTransaction)
{
    // version, 00 (no inputs), 00 (flag 0: no outputs read either), locktime: Core decodes this as a
    // transaction without inputs and outputs (which CheckTransaction then rejects).
    const auto r = DecodeTransaction(Hex("02000000"
                                         "00"
                                         "00"
                                         "00000000"));
    ASSERT_TRUE(r) << r.error();
    EXPECT_TRUE((*r)->vin.empty());
    EXPECT_TRUE((*r)->vout.empty());
}

TEST(CompactSizeTest, RejectsNonCanonicalEncodings)
{
    struct Case {
        const char* hex;
        bool ok;
        uint64_t value;
    };
    const Case cases[] = {
        {"fc", true, 252},
        {"fdfd00", true, 253},
        {"fd0001", true, 256},
        {"fdfc00", false, 0},     // 252 in 3 bytes
        {"fd0000", false, 0},     // 0 in 3 bytes
        {"feffff0000", false, 0}, // 0xffff in 5 bytes
        {"fe00000100", true, 0x10000},
        {"ffffffffff00000000", false, 0}, // 0xffffffff in 9 bytes
        {"ff0000000001000000", false, 0}, // 2^32 is canonical in 9 bytes, but above MAX_SIZE
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.hex);
        const util::Bytes b = Hex(c.hex);
        serialize::Reader r{b};
        const uint64_t v = r.ReadCompactSize();
        EXPECT_EQ(r.ok(), c.ok) << r.error();
        if (c.ok) {
            EXPECT_EQ(v, c.value);
        }
        if (!c.ok) {
            EXPECT_EQ(v, 0u);
        }
    }
    // Without the range check 2^32 is read.
    const util::Bytes big = Hex("ff0000000001000000");
    serialize::Reader r{big};
    EXPECT_EQ(r.ReadCompactSize(/*range_check=*/false), 0x100000000ULL);
    EXPECT_TRUE(r.ok());
}

TEST(CompactSizeTest, NonCanonicalCountInsideTransaction)
{
    // Input count 2 written as fd 02 00.
    const util::Bytes legacy = SerializeTransaction(SmallTx(false));
    ASSERT_EQ(legacy[4], 0x02);
    util::Bytes bad(legacy.begin(), legacy.begin() + 4);
    bad = bad + util::Bytes{0xfd, 0x02, 0x00};
    bad.insert(bad.end(), legacy.begin() + 5, legacy.end());
    const auto r = DecodeTransaction(bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "transaction decode failed: non-canonical ReadCompactSize()");
}

TEST(CompactSizeTest, HugeLengthPrefixesAllocateNothingLarge)
{
    // An input count claiming 4 GB (and one claiming 2^64 − 1), a script length claiming 32 MiB with a
    // few bytes left, and a block claiming MAX_SIZE transactions: all fail, none allocates more than a
    // few kilobytes.
    const util::Bytes inputs_4g = Hex("02000000"
                                      "ff00000000010000000000");
    const util::Bytes inputs_max = Hex("02000000"
                                       "ffffffffffffffffff"
                                       "00");
    util::Bytes script_32m = Hex("02000000"
                                 "01") +
                             util::Bytes(36, 0x11) + Hex("fe00000002") + util::Bytes(10, 0);
    util::Bytes block_huge = util::Bytes(80, 0) + Hex("fe00000002") + util::Bytes(100, 0);
    util::Bytes witness_items = SerializeTransaction(SmallTx(true));
    // Replace the first witness stack's item count (3) with a claim of 2^25 items.
    const util::Bytes legacy = SerializeTransaction(SmallTx(true), TxWitnessMode::WITHOUT);
    const size_t witness_pos = legacy.size() - 4 + 2;
    ASSERT_EQ(witness_items[witness_pos], 0x03);
    witness_items.erase(witness_items.begin() + static_cast<std::ptrdiff_t>(witness_pos));
    const util::Bytes claim = Hex("fe00000002");
    witness_items.insert(witness_items.begin() + static_cast<std::ptrdiff_t>(witness_pos), claim.begin(), claim.end());

    for (const util::Bytes* input :
         std::vector<const util::Bytes*>{&inputs_4g, &inputs_max, &script_32m, &witness_items}) {
        std::string error;
        const size_t largest = LargestAllocationDuring([&] {
            const auto r = DecodeTransaction(*input);
            if (!r) error = r.error();
        });
        EXPECT_FALSE(error.empty());
        EXPECT_LT(largest, 4096u) << error;
    }
    std::string error;
    const size_t largest = LargestAllocationDuring([&] {
        const auto r = DecodeBlock(block_huge);
        if (!r) error = r.error();
    });
    EXPECT_FALSE(error.empty());
    EXPECT_LT(largest, 4096u) << error;
    EXPECT_EQ(error.find("block decode failed"), 0u) << error;

    // The tracker does see real allocations: a valid 100 kB script is allocated as such.
    MutableTransaction big = SmallTx(false);
    big.vout[0].script_pubkey.assign(100'000, 0x51);
    const util::Bytes big_bytes = SerializeTransaction(big);
    EXPECT_GE(LargestAllocationDuring([&] { ASSERT_TRUE(DecodeTransaction(big_bytes)); }), 100'000u);
}

TEST(CompactSizeTest, OversizedTransactionListFails)
{
    // A real block whose transaction count is one more than it holds.
    const util::Bytes file = testutil::ReadBinaryFile(testutil::VectorPath("blk_0_to_4.dat"));
    const size_t len = file[4] | (file[5] << 8) | (file[6] << 16);
    util::Bytes block(file.begin() + 8, file.begin() + 8 + static_cast<std::ptrdiff_t>(len));
    ASSERT_TRUE(DecodeBlock(block));
    ASSERT_EQ(block[80], 0x01);
    block[80] = 0x02;
    EXPECT_FALSE(DecodeBlock(block));
}

TEST(BlockDecodeTest, EveryTruncationOfABlockFailsCleanly)
{
    const util::Bytes file = testutil::ReadBinaryFile(testutil::VectorPath("blk_0_to_4.dat"));
    // Block 1 (second record).
    const size_t len0 = file[4] | (file[5] << 8) | (file[6] << 16);
    const size_t start = 8 + len0 + 8;
    const size_t len1 = file[start - 4] | (file[start - 3] << 8) | (file[start - 2] << 16);
    const util::Bytes block(file.begin() + static_cast<std::ptrdiff_t>(start),
                            file.begin() + static_cast<std::ptrdiff_t>(start + len1));
    ASSERT_TRUE(DecodeBlock(block));
    for (size_t n = 0; n < block.size(); ++n) {
        EXPECT_FALSE(DecodeBlock({block.data(), n})) << n;
        EXPECT_FALSE(DecodeBlockPrefix({block.data(), n})) << n;
    }
    // Trailing bytes: DecodeBlock refuses them, DecodeBlockPrefix ignores them (as submitblock does).
    const util::Bytes longer = block + util::Bytes{0xde, 0xad};
    EXPECT_FALSE(DecodeBlock(longer));
    const auto prefix = DecodeBlockPrefix(longer);
    ASSERT_TRUE(prefix);
    EXPECT_EQ(SerializeBlock(*prefix), block);
    // A header must be exactly 80 bytes.
    EXPECT_FALSE(DecodeBlockHeader({block.data(), 79}));
    EXPECT_FALSE(DecodeBlockHeader({block.data(), 81}));
    EXPECT_TRUE(DecodeBlockHeader({block.data(), 80}));
}

TEST(MerkleTest, SmallTrees)
{
    const Hash256 a = *Hash256::FromHex("aa00000000000000000000000000000000000000000000000000000000000001");
    const Hash256 b = *Hash256::FromHex("bb00000000000000000000000000000000000000000000000000000000000002");
    const Hash256 c = *Hash256::FromHex("cc00000000000000000000000000000000000000000000000000000000000003");
    bool mutated = true;
    EXPECT_EQ(ComputeMerkleRoot({}, &mutated), Hash256{});
    EXPECT_FALSE(mutated);
    EXPECT_EQ(ComputeMerkleRoot({a}, &mutated), a);
    EXPECT_FALSE(mutated);
    const Hash256 ab = crypto::Sha256d64(a, b);
    EXPECT_EQ(ComputeMerkleRoot({a, b}, &mutated), ab);
    EXPECT_FALSE(mutated);
    // Odd count: the last node pairs with itself, no mutation.
    const Hash256 abc = crypto::Sha256d64(ab, crypto::Sha256d64(c, c));
    EXPECT_EQ(ComputeMerkleRoot({a, b, c}, &mutated), abc);
    EXPECT_FALSE(mutated);
    // Appending the duplicate gives the same root but is flagged (CVE-2012-2459).
    EXPECT_EQ(ComputeMerkleRoot({a, b, c, c}, &mutated), abc);
    EXPECT_TRUE(mutated);
    // Identical siblings anywhere count.
    ComputeMerkleRoot({a, a, b, c}, &mutated);
    EXPECT_TRUE(mutated);
    // Equal hashes that are not siblings do not.
    ComputeMerkleRoot({a, b, a, c}, &mutated);
    EXPECT_FALSE(mutated);
}

} // namespace
} // namespace hearth::primitives
