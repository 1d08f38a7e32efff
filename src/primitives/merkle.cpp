#include <hearth/primitives/merkle.h>

#include <hearth/crypto/sha256.h>

#include <algorithm>

namespace hearth::primitives {

Hash256 ComputeMerkleRoot(std::vector<Hash256> hashes, bool* mutated)
{
    bool mutation = false;
    while (hashes.size() > 1) {
        // CVE-2012-2459: an equal pair at even position means a list with duplicated tail entries would
        // produce this same root, so the block's transaction list cannot be trusted (Core's merkle.cpp).
        for (size_t pos = 0; pos + 1 < hashes.size(); pos += 2) {
            if (hashes[pos] == hashes[pos + 1]) mutation = true;
        }
        if (hashes.size() & 1) hashes.push_back(hashes.back());
        for (size_t i = 0; i < hashes.size() / 2; ++i) {
            hashes[i] = crypto::Sha256d64(hashes[2 * i], hashes[2 * i + 1]);
        }
        hashes.resize(hashes.size() / 2);
    }
    if (mutated) *mutated = mutation;
    if (hashes.empty()) return Hash256{};
    return hashes[0];
}

Hash256 BlockMerkleRoot(const Block& block, bool* mutated)
{
    std::vector<Hash256> leaves;
    leaves.reserve(block.vtx.size());
    for (const TransactionRef& tx : block.vtx) leaves.push_back(tx->GetTxid());
    return ComputeMerkleRoot(std::move(leaves), mutated);
}

Hash256 BlockWitnessMerkleRoot(const Block& block, bool* mutated)
{
    std::vector<Hash256> leaves;
    leaves.reserve(block.vtx.size());
    leaves.emplace_back(); // the coinbase's wtxid counts as zero
    for (size_t i = 1; i < block.vtx.size(); ++i) leaves.push_back(block.vtx[i]->GetWtxid());
    return ComputeMerkleRoot(std::move(leaves), mutated);
}

std::optional<size_t> GetWitnessCommitmentIndex(const Block& block)
{
    if (block.vtx.empty()) return std::nullopt;
    std::optional<size_t> found;
    const auto& outs = block.vtx[0]->vout;
    for (size_t i = 0; i < outs.size(); ++i) {
        const ScriptBytes& script = outs[i].script_pubkey;
        if (script.size() >= MINIMUM_WITNESS_COMMITMENT &&
            std::equal(std::begin(WITNESS_COMMITMENT_HEADER), std::end(WITNESS_COMMITMENT_HEADER), script.begin())) {
            found = i;
        }
    }
    return found;
}

Hash256 ComputeWitnessCommitment(const Hash256& witness_root, const Hash256& reserved_value)
{
    return crypto::Sha256d64(witness_root, reserved_value);
}

} // namespace hearth::primitives
