// Mutated blocks through the whole acceptance path (Chainstate::ProcessNewBlock): header checks, CheckBlock,
// contextual checks, storage, connection with inputs and scripts. A regtest chain of 101 blocks whose
// coinbases pay to OP_TRUE is built once; each input is a list of byte edits applied to a valid template
// block at height 102 (a coinbase and a transaction spending block 1's coinbase into several outputs,
// one of them spent again inside the block). Regtest's target is met by half of all hashes, so edits to
// the header often keep a valid proof of work and reach the later checks.
//
// Invariants: nothing crashes or asserts; a block is either rejected (the tip stays) or becomes the tip;
// an accepted block is invalidated again so every input starts from the same chain, whose coins must then
// be exactly as before.

#include <hearth/chain/chainstate.h>
#include <hearth/consensus/block_check.h>
#include <hearth/consensus/params.h>
#include <hearth/consensus/pow.h>
#include <hearth/primitives/merkle.h>
#include <hearth/script/script.h>
#include <hearth/storage/memory_store.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>

using namespace hearth;
using namespace hearth::chain;

namespace {

void Check(bool ok)
{
    if (!ok) std::abort();
}

primitives::Block MakeBlock(const consensus::ChainParams& params, const primitives::BlockHeader& prev, int height,
                            std::vector<primitives::TransactionRef> txs)
{
    primitives::MutableTransaction cb;
    primitives::TxIn in;
    script::PushInt(in.script_sig, height);
    script::PushInt(in.script_sig, 0);
    cb.vin.push_back(in);
    cb.vout.push_back({consensus::GetBlockSubsidy(height, params.consensus), {script::OP_TRUE}});
    primitives::Block b;
    b.header.version = 0x20000000;
    b.header.prev_block = prev.GetHash();
    b.header.time = prev.time + 600;
    b.header.bits = prev.bits;
    b.vtx.push_back(primitives::MakeTransactionRef(std::move(cb)));
    for (auto& tx : txs) b.vtx.push_back(std::move(tx));
    b.header.merkle_root = primitives::BlockMerkleRoot(b);
    while (!consensus::CheckProofOfWork(b.GetHash(), b.header.bits, params.consensus)) ++b.header.nonce;
    return b;
}

struct Fixture {
    consensus::ChainParams params;
    std::filesystem::path dir;
    std::unique_ptr<Chainstate> cs;
    util::Bytes template_block;
    Hash256 base_tip;
    OutPoint spent_by_template;
    OutPoint untouched;

    Fixture()
    {
        params = *consensus::CreateChainParams(consensus::ChainType::REGTEST);
        dir = std::filesystem::temp_directory_path() / ("hearth-fuzz-chain-" + std::to_string(std::random_device{}()));
        ChainstateOptions opts;
        opts.data_dir = dir;
        opts.open_store = [](const std::filesystem::path&,
                             const storage::LeveldbOptions&) -> util::Result<std::unique_ptr<storage::KvStore>> {
            return std::unique_ptr<storage::KvStore>{std::make_unique<storage::MemoryStore>()};
        };
        opts.now = [] { return int64_t{1296688602} + 10LL * 365 * 86400; };
        opts.assume_valid = Hash256{};
        opts.signature_cache_bytes = 1 << 16;
        auto opened = Chainstate::Open(params, opts);
        Check(static_cast<bool>(opened));
        cs = std::move(*opened);
        primitives::BlockHeader prev = params.genesis.header;
        std::vector<primitives::Block> blocks;
        for (int h = 1; h <= 101; ++h) {
            blocks.push_back(MakeBlock(params, prev, h, {}));
            prev = blocks.back().header;
            consensus::BlockValidationState state;
            Check(cs->ProcessNewBlock(std::make_shared<const primitives::Block>(blocks.back()), true, nullptr, state));
        }
        // The template: spend block 1's coinbase into four outputs; spend one of them again.
        primitives::MutableTransaction a;
        a.vin.push_back({OutPoint{blocks[0].vtx[0]->GetTxid(), 0}, {}, primitives::TxIn::SEQUENCE_FINAL, {}});
        for (int i = 0; i < 4; ++i) a.vout.push_back({10 * primitives::COIN, {script::OP_TRUE}});
        auto a_ref = primitives::MakeTransactionRef(a);
        primitives::MutableTransaction b;
        b.vin.push_back({OutPoint{a_ref->GetTxid(), 3}, {}, 0, {}});
        b.vout.push_back({5 * primitives::COIN, {script::OP_TRUE}});
        b.vout.push_back({0, {script::OP_RETURN, 0x01, 0x02}});
        b.version = 2;
        spent_by_template = a.vin[0].prevout;
        untouched = OutPoint{blocks[1].vtx[0]->GetTxid(), 0};
        const primitives::Block t = MakeBlock(params, prev, 102, {a_ref, primitives::MakeTransactionRef(b)});
        template_block = primitives::SerializeBlock(t);
        base_tip = cs->Tip()->GetHash();
        // The template itself is valid.
        consensus::BlockValidationState state;
        Check(cs->ProcessNewBlock(std::make_shared<const primitives::Block>(t), true, nullptr, state));
        Check(cs->Tip()->GetHash() == t.GetHash());
        Check(cs->InvalidateBlock(state, cs->Tip()));
        Check(cs->Tip()->GetHash() == base_tip);
    }
    ~Fixture()
    {
        cs.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static Fixture f;
    if (size == 0) return 0;
    // The first byte's low bit picks the mode: edit anywhere (header included), or edit only the
    // transactions and then recompute the merkle root and proof of work, so the block reaches the checks
    // after them. Then (2-byte offset, xor value) triples; at most 16 of them.
    const bool repair = data[0] & 1;
    util::Bytes bytes = f.template_block;
    const size_t first = repair ? primitives::BlockHeader::SIZE : 0;
    for (size_t i = 1; i + 2 < size && i < 49; i += 3) {
        const size_t offset = first + (size_t{data[i]} << 8 | data[i + 1]) % (bytes.size() - first);
        bytes[offset] ^= data[i + 2] ? data[i + 2] : 0x01;
    }
    auto decoded = primitives::DecodeBlock(bytes);
    if (!decoded) return 0;
    if (repair) {
        decoded->header.merkle_root = primitives::BlockMerkleRoot(*decoded);
        while (!consensus::CheckProofOfWork(decoded->GetHash(), decoded->header.bits, f.params.consensus)) {
            ++decoded->header.nonce;
        }
    }
    auto block = std::make_shared<const primitives::Block>(std::move(*decoded));
    consensus::BlockValidationState state;
    bool new_block = false;
    const bool ok = f.cs->ProcessNewBlock(block, true, &new_block, state);
    Check(ok || !state.IsValid());
    Check(!state.IsError()); // a mutation is the block's fault, never a system error
    const Hash256 tip = f.cs->Tip()->GetHash();
    if (tip != f.base_tip) {
        // Accepted: it must be this block, on the base tip.
        Check(tip == block->GetHash());
        Check(block->header.prev_block == f.base_tip);
        consensus::BlockValidationState invalidate;
        Check(f.cs->InvalidateBlock(invalidate, f.cs->Tip()));
        Check(f.cs->Tip()->GetHash() == f.base_tip);
    }
    Check(f.cs->CoinsTip().HaveCoin(f.spent_by_template));
    Check(f.cs->CoinsTip().HaveCoin(f.untouched));
    return 0;
}
