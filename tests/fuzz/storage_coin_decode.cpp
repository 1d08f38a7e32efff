// Decodes chainstate coin records, undo data, coin keys, block file info and 'H' records from arbitrary
// bytes. Must never crash; anything that decodes must survive an encode/decode round trip unchanged
// (when its amounts are in range: values outside MoneyRange come only from corrupt records and need not
// re-encode to themselves).
//
// The first byte picks the decoder; the rest is its input.

#include <hearth/storage/block_files.h>
#include <hearth/storage/coin.h>
#include <hearth/storage/undo.h>

#include <cstdint>
#include <cstdlib>

using namespace hearth;
using namespace hearth::storage;

namespace {

void Check(bool ok)
{
    if (!ok) std::abort();
}

bool Reencodable(const Coin& coin) { return !coin.IsSpent() && primitives::MoneyRange(coin.out.value); }

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0) return 0;
    const util::ByteSpan in{data + 1, size - 1};
    switch (data[0] % 6) {
    case 0: {
        auto coin = DecodeCoin(in);
        if (coin && Reencodable(*coin)) {
            auto again = DecodeCoin(EncodeCoin(*coin));
            Check(again && *again == *coin);
        }
        break;
    }
    case 1: {
        auto undo = DecodeBlockUndo(in);
        if (undo) {
            bool all_ok = true;
            for (const auto& tx : undo->txundo) {
                for (const auto& c : tx.prevouts) all_ok = all_ok && primitives::MoneyRange(c.out.value);
            }
            if (all_ok) {
                auto again = DecodeBlockUndo(EncodeBlockUndo(*undo));
                Check(again && *again == *undo);
            }
        }
        break;
    }
    case 2: {
        auto op = DecodeCoinKey(in);
        if (op) Check(CoinKey(*op) == util::ToBytes(in)); // VARINT has one encoding per number
        break;
    }
    case 3: {
        auto info = DecodeBlockFileInfo(in);
        if (info) Check(EncodeBlockFileInfo(*info) == util::ToBytes(in));
        break;
    }
    case 4: {
        auto heads = DecodeHeadBlocks(in);
        if (heads) Check(EncodeHeadBlocks(heads->first, heads->second) == util::ToBytes(in));
        break;
    }
    default: {
        serialize::Reader r{in};
        primitives::ScriptBytes script;
        ReadCompressedScript(r, script);
        if (r.ok()) {
            util::Bytes enc;
            serialize::VectorWriter w{enc};
            WriteCompressedScript(w, script);
            serialize::Reader r2{enc};
            primitives::ScriptBytes back;
            ReadCompressedScript(r2, back);
            Check(r2.ok() && r2.empty() && back == script);
        }
        break;
    }
    }
    return 0;
}
