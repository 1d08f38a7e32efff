// The coins view stack under random operations (Core's coins_view fuzz target): a block-sized child cache
// over the big tip cache over the chainstate database (CoinsViewDb on a MemoryStore), as ConnectBlock uses
// them. The input is a list of operations on a small outpoint space, so that coins are created, spent,
// re-created, flushed, synced and uncached in every order. A plain map is the model: every read through
// the top cache must agree with it, and after everything is flushed the database must hold exactly the
// model's coins (minus unspendable ones, which never enter the UTXO set) with the last best block. Blocks
// are also connected as ConnectTip does now: on the tip cache under a journal, then committed or rolled back.

#include <hearth/chain/coins.h>
#include <hearth/script/script.h>
#include <hearth/storage/coin.h>
#include <hearth/storage/memory_store.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <source_location>

using namespace hearth;
using namespace hearth::chain;

namespace {

/// Aborts (the fuzzer's failure signal) naming the line of the broken expectation.
void Check(bool ok, std::source_location loc = std::source_location::current())
{
    if (!ok) {
        std::fprintf(stderr, "Check failed at line %u\n", static_cast<unsigned>(loc.line()));
        std::abort();
    }
}

/// Reads the fuzz input byte by byte; zeros once exhausted.
class Input
{
public:
    Input(const uint8_t* data, size_t size) : m_data{data}, m_size{size} {}
    bool empty() const { return m_pos >= m_size; }
    uint8_t Byte() { return m_pos < m_size ? m_data[m_pos++] : 0; }
    uint32_t U32()
    {
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v = (v << 8) | Byte();
        return v;
    }

private:
    const uint8_t* m_data;
    size_t m_size;
    size_t m_pos{0};
};

/// The outpoint a byte names: 16 transactions of 4 outputs each.
OutPoint OutPointFromByte(uint8_t b)
{
    OutPoint o;
    o.hash.data()[0] = static_cast<uint8_t>(b & 0x0f); // 16 transactions
    o.hash.data()[31] = 0x42;
    o.n = b >> 6; // 4 outputs each
    return o;
}

OutPoint PickOutPoint(Input& in) { return OutPointFromByte(in.Byte()); }

Coin MakeCoin(Input& in)
{
    Coin c;
    c.out.value = static_cast<primitives::Amount>(in.U32()) * (in.Byte() % 4 == 0 ? 1000 : 1);
    util::Bytes script;
    switch (in.Byte() % 5) {
    case 0:
        script = {0x51};
        break; // OP_TRUE
    case 1:    // P2PKH
        script = {0x76, 0xa9, 0x14};
        script.resize(23, in.Byte());
        script[21] = 0x88;
        script[22] = 0xac;
        break;
    case 2:
        script = {0x6a, in.Byte()};
        break; // OP_RETURN: never enters the UTXO set
    case 3:
        script.assign(in.Byte() % 60, in.Byte()); // up to 40 bytes inline, longer on the heap
        break;
    default:
        script.assign(10'001, 0x00);
        break; // too large: unspendable (and kept on the heap, not inline)
    }
    c.out.script_pubkey.Assign(script);
    c.height = in.U32() & 0x7fffffff;
    c.coinbase = in.Byte() & 1;
    return c;
}

struct Stack {
    explicit Stack(storage::MemoryStore* disk) :
        db{std::make_unique<CoinsViewDb>(std::unique_ptr<storage::KvStore>{new Proxy{disk}}, 200)}, tip{db.get()},
        child{std::make_unique<CoinsViewCache>(&tip)}
    {}
    /// Forwards to the store that outlives this stack (reopening the database).
    struct Proxy final : storage::KvStore {
        explicit Proxy(storage::KvStore* s) : store{s} {}
        util::Result<std::optional<util::Bytes>> Get(util::ByteSpan k) const override { return store->Get(k); }
        util::Result<bool> Exists(util::ByteSpan k) const override { return store->Exists(k); }
        std::unique_ptr<storage::WriteBatch> NewBatch() const override { return store->NewBatch(); }
        util::Result<void> Write(storage::WriteBatch& b, bool sync) override { return store->Write(b, sync); }
        std::unique_ptr<storage::KvIterator> NewIterator() const override { return store->NewIterator(); }
        uint64_t EstimateSize(util::ByteSpan a, util::ByteSpan b) const override { return store->EstimateSize(a, b); }
        util::Result<void> Compact() override { return {}; }
        uint64_t DiskSize() const override { return store->DiskSize(); }
        storage::KvStore* store;
    };
    std::unique_ptr<CoinsViewDb> db;
    CoinsViewCache tip;
    std::unique_ptr<CoinsViewCache> child;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    Input in{data, size};
    storage::MemoryStore disk;
    auto stack = std::make_unique<Stack>(&disk);
    std::map<OutPoint, Coin> model;
    uint32_t best_counter = 1;
    auto next_best = [&] {
        Hash256 h;
        h.data()[0] = static_cast<uint8_t>(best_counter);
        h.data()[1] = static_cast<uint8_t>(best_counter >> 8);
        h.data()[2] = static_cast<uint8_t>(best_counter >> 16);
        h.data()[31] = 1;
        ++best_counter;
        return h;
    };
    Hash256 best = next_best();
    stack->tip.SetBestBlock(best);
    stack->child->SetBestBlock(best);

    for (int steps = 0; !in.empty() && steps < 2000; ++steps) {
        CoinsViewCache& top = *stack->child;
        switch (in.Byte() % 11) {
        case 0:
        case 1: { // add (a coinbase may overwrite; otherwise only where nothing is unspent, as BIP30 ensures)
            const OutPoint o = PickOutPoint(in);
            const Coin c = MakeCoin(in);
            const bool overwrite = in.Byte() & 1;
            if (!overwrite && model.count(o)) break;
            top.AddCoin(o, c, overwrite);
            if (script::IsUnspendable(c.out.script_pubkey)) {
                // Not added: an existing coin stays as it was.
            } else {
                model[o] = c;
            }
            break;
        }
        case 2:
        case 3: { // spend
            const OutPoint o = PickOutPoint(in);
            Coin moved;
            const bool spent = top.SpendCoin(o, &moved);
            auto it = model.find(o);
            Check(spent == (it != model.end()));
            if (spent) {
                Check(moved == it->second);
                model.erase(it);
            }
            break;
        }
        case 4: { // read
            const OutPoint o = PickOutPoint(in);
            auto it = model.find(o);
            const Coin* c = top.AccessCoin(o);
            Check((c != nullptr) == (it != model.end()));
            if (c) Check(*c == it->second);
            Check(top.HaveCoin(o) == (it != model.end()));
            const bool cached = top.HaveCoinInCache(o);
            Check(!cached || it != model.end());
            break;
        }
        case 5: { // the block is done: push the child into the tip cache
            best = next_best();
            top.SetBestBlock(best);
            Check(static_cast<bool>(top.Flush()));
            Check(top.CacheSize() == 0);
            Check(stack->tip.GetBestBlock() == best);
            break;
        }
        case 6: { // flush (emptying) or sync (keeping) the tip cache into the database
            Check(static_cast<bool>(top.Flush()));
            if (in.Byte() & 1) {
                Check(static_cast<bool>(stack->tip.Flush()));
                Check(stack->tip.CacheSize() == 0);
            } else {
                Check(static_cast<bool>(stack->tip.Sync()));
            }
            Check(stack->db->GetBestBlock() == best);
            Check(!stack->db->GetHeadBlocks());
            break;
        }
        case 7: { // drop a clean entry
            const OutPoint o = PickOutPoint(in);
            (in.Byte() & 1 ? stack->tip : top).Uncache(o);
            break;
        }
        case 8: { // restart: everything flushed, caches rebuilt over the database
            Check(static_cast<bool>(top.Flush()));
            Check(static_cast<bool>(stack->tip.Flush()));
            stack = std::make_unique<Stack>(&disk);
            Check(stack->tip.GetBestBlock() == best);
            break;
        }
        case 9: { // a block connected on the tip cache itself under a journal, then kept or rolled back
            Check(static_cast<bool>(top.Flush())); // the child holds nothing: changes go straight to the tip
            CoinsViewCache& tip = stack->tip;
            const auto model_before = model;
            const Hash256 best_before = tip.GetBestBlock();
            std::deque<Coin> undo; // where spends move coins (kept until the journal closes, as block undo data)
            bool must_roll_back = false;
            // Once a block is bound to fail, the model no longer describes the cache (as ConnectBlock goes on
            // with the block until its lookups below are answered): check nothing until the rollback.
            auto expect = [&](bool ok) {
                if (!must_roll_back) Check(ok);
            };
            tip.BeginJournal();
            for (int k = in.Byte() % 24; k > 0; --k) {
                const OutPoint o = PickOutPoint(in);
                if (in.Byte() & 1) {
                    const Coin c = MakeCoin(in);
                    const bool overwrite = in.Byte() & 1;
                    using Outcome = CoinsViewCache::AddOutcome;
                    const Outcome outcome = tip.AddCoinReporting(o, c, overwrite);
                    if (script::IsUnspendable(c.out.script_pubkey)) {
                        expect(outcome == Outcome::SKIPPED);
                    } else if (model.count(o) && overwrite) {
                        expect(outcome == Outcome::OVER_UNSPENT || outcome == Outcome::INSERTED);
                        model[o] = c;
                    } else if (model.count(o)) {
                        // An unspent coin in the way: refused if cached; if only the database has it, the
                        // add goes through unasked and BIP30's lookup below fails the block: rolled back.
                        expect(outcome == Outcome::REFUSED || outcome == Outcome::INSERTED);
                        must_roll_back = must_roll_back || outcome == Outcome::INSERTED;
                    } else {
                        expect(outcome == Outcome::INSERTED || outcome == Outcome::OVER_SPENT);
                        model[o] = c;
                    }
                } else {
                    Coin& moved = undo.emplace_back();
                    const bool spent = tip.SpendCoin(o, in.Byte() & 1 ? &moved : nullptr);
                    auto it = model.find(o);
                    expect(spent == (it != model.end()));
                    if (spent && it != model.end()) model.erase(it);
                }
            }
            if ((in.Byte() & 1) && !must_roll_back) {
                best = next_best();
                tip.SetBestBlock(best);
                tip.CommitJournal();
                top.SetBestBlock(best); // the (empty) child's own marker follows, as case 5 leaves it
            } else {
                tip.RollBackJournal();
                model = model_before;
                Check(tip.GetBestBlock() == best_before);
            }
            // Every outpoint of the space reads as the model says, through the tip and through the child.
            for (unsigned b = 0; b < 256; ++b) {
                if (b & 0x30) continue; // bits OutPointFromByte ignores: each outpoint once
                const OutPoint o = OutPointFromByte(static_cast<uint8_t>(b));
                auto it = model.find(o);
                const Coin* c = tip.AccessCoin(o);
                Check((c != nullptr) == (it != model.end()));
                if (c) Check(*c == it->second);
                Check(top.HaveCoin(o) == (it != model.end()));
            }
            break;
        }
        default: { // memory accounting never goes below the entries' own size
            Check(stack->tip.DynamicMemoryUsage() >= stack->tip.CacheSize() * sizeof(CoinsMap::value_type));
            Check(top.DynamicMemoryUsage() >= top.CacheSize() * sizeof(CoinsMap::value_type));
            break;
        }
        }
    }

    // Everything to disk; the database holds exactly the model.
    Check(static_cast<bool>(stack->child->Flush()));
    Check(static_cast<bool>(stack->tip.Flush()));
    std::map<OutPoint, Coin> on_disk;
    auto it = disk.NewIterator();
    const uint8_t prefix = storage::DB_COIN;
    for (it->Seek({&prefix, 1}); it->Valid(); it->Next()) {
        if (it->Key().empty() || it->Key()[0] != storage::DB_COIN) break;
        auto o = storage::DecodeCoinKey(it->Key());
        auto c = storage::DecodeCoin(it->Value());
        Check(o && c);
        on_disk.emplace(*o, *c);
    }
    Check(on_disk == model);
    return 0;
}
