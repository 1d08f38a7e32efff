// Decodes transactions (with and without BIP144 witness format) and blocks from arbitrary bytes. Must never
// crash. Whatever decodes must re-serialize to exactly the bytes it came from (every encoding the decoder
// accepts is canonical), decode again to an equal object with the same hashes, and have consistent sizes.

#include <hearth/primitives/block.h>
#include <hearth/primitives/merkle.h>
#include <hearth/primitives/transaction.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

using namespace hearth;
using namespace hearth::primitives;

namespace {

void Require(bool ok)
{
    if (!ok) std::abort();
}

void CheckTransaction(util::ByteSpan in, TxWitnessMode mode)
{
    const auto tx = DecodeTransaction(in, mode);
    if (!tx) return;
    const util::Bytes bytes = SerializeTransaction(**tx, mode);
    Require(std::equal(bytes.begin(), bytes.end(), in.begin(), in.end()));
    const auto again = DecodeTransaction(bytes, mode);
    Require(again.has_value());
    Require((*again)->ToMutable() == (*tx)->ToMutable());
    Require((*again)->GetTxid() == (*tx)->GetTxid());
    Require((*again)->GetWtxid() == (*tx)->GetWtxid());
    // Sizes: the total is what was read; the stripped size never exceeds it.
    Require((*tx)->GetTotalSize() >= GetStrippedSize(**tx));
    if (mode == TxWitnessMode::WITH) Require((*tx)->GetTotalSize() == in.size());
    Require(GetTransactionWeight(**tx) == static_cast<int64_t>(GetStrippedSize(**tx) * 3 + (*tx)->GetTotalSize()));
    // The txid is the hash of the witness-free serialization.
    Require((*tx)->GetTxid() == (*tx)->ToMutable().ComputeTxid());
}

void CheckBlock(util::ByteSpan in)
{
    const auto block = DecodeBlockPrefix(in);
    if (!block) return;
    const util::Bytes bytes = SerializeBlock(*block);
    // The block occupies a prefix of the input, byte for byte.
    Require(bytes.size() <= in.size() && std::equal(bytes.begin(), bytes.end(), in.begin()));
    const auto again = DecodeBlock(bytes);
    Require(again.has_value());
    Require(again->header == block->header);
    Require(again->vtx.size() == block->vtx.size());
    for (size_t i = 0; i < block->vtx.size(); ++i) {
        Require(again->vtx[i]->ToMutable() == block->vtx[i]->ToMutable());
        Require(again->vtx[i]->GetWtxid() == block->vtx[i]->GetWtxid());
    }
    Require(GetBlockTotalSize(*block) == bytes.size());
    Require(GetBlockWeight(*block) == static_cast<int64_t>(GetBlockStrippedSize(*block) * 3 + bytes.size()));
    // Merkle roots are computable for anything that decodes (and agree between the copies).
    bool mutated = false;
    Require(BlockMerkleRoot(*again, &mutated) == BlockMerkleRoot(*block));
    if (!block->vtx.empty()) {
        Require(BlockWitnessMerkleRoot(*again) == BlockWitnessMerkleRoot(*block));
        (void)GetWitnessCommitmentIndex(*block);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const util::ByteSpan in{data, size};
    CheckTransaction(in, TxWitnessMode::WITH);
    CheckTransaction(in, TxWitnessMode::WITHOUT);
    CheckBlock(in);
    // Also as a header-only block message body (80 bytes then a transaction count).
    if (size >= BlockHeader::SIZE) {
        const auto header = DecodeBlockHeader(in.first(BlockHeader::SIZE));
        Require(header.has_value());
        util::Bytes bytes;
        serialize::VectorWriter w{bytes};
        header->Serialize(w);
        Require(std::equal(bytes.begin(), bytes.end(), in.begin(), in.begin() + BlockHeader::SIZE));
    }
    return 0;
}
