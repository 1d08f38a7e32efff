#include <hearth/storage/coin.h>

#include <hearth/crypto/key.h>
#include <hearth/script/script.h>

#include <cstring>

namespace hearth::storage {

using script::IsPayToPubKeyHash;
using script::IsPayToScriptHash;
using script::OP_CHECKSIG;
using script::OP_DUP;
using script::OP_EQUAL;
using script::OP_EQUALVERIFY;
using script::OP_HASH160;
using script::OP_RETURN;

uint64_t CompressAmount(uint64_t n)
{
    if (n == 0) return 0;
    int e = 0;
    while (n % 10 == 0 && e < 9) {
        n /= 10;
        ++e;
    }
    if (e < 9) {
        const uint64_t d = n % 10; // 1..9: the zeros were stripped
        n /= 10;
        return 1 + (n * 9 + d - 1) * 10 + static_cast<uint64_t>(e);
    }
    return 1 + (n - 1) * 10 + 9;
}

uint64_t DecompressAmount(uint64_t x)
{
    // x = 0, or 1 + 10·(9·n + d − 1) + e, or 1 + 10·(n − 1) + 9.
    if (x == 0) return 0;
    --x;
    int e = static_cast<int>(x % 10);
    x /= 10;
    uint64_t n = 0;
    if (e < 9) {
        const uint64_t d = x % 9 + 1;
        x /= 9;
        n = x * 10 + d;
    } else {
        n = x + 1;
    }
    while (e-- > 0) n *= 10;
    return n;
}

std::optional<util::Bytes> CompressScript(util::ByteSpan script)
{
    if (IsPayToPubKeyHash(script)) {
        util::Bytes out{0x00};
        out.insert(out.end(), script.begin() + 3, script.begin() + 23);
        return out;
    }
    if (IsPayToScriptHash(script)) {
        util::Bytes out{0x01};
        out.insert(out.end(), script.begin() + 2, script.begin() + 22);
        return out;
    }
    if (script.size() == 35 && script[0] == 33 && script[34] == OP_CHECKSIG &&
        (script[1] == 0x02 || script[1] == 0x03)) {
        // Compressed keys are kept whatever they are: the bytes come back exactly without curve math.
        return util::Bytes(script.begin() + 1, script.begin() + 34);
    }
    if (script.size() == 67 && script[0] == 65 && script[66] == OP_CHECKSIG && script[1] == 0x04) {
        // Only a key on the curve can be rebuilt from x and the parity of y.
        if (!crypto::PubKey{script.subspan(1, 65)}.IsFullyValid()) return std::nullopt;
        util::Bytes out{static_cast<uint8_t>(0x04 | (script[65] & 0x01))};
        out.insert(out.end(), script.begin() + 2, script.begin() + 34);
        return out;
    }
    return std::nullopt;
}

unsigned GetSpecialScriptSize(unsigned type)
{
    if (type == 0 || type == 1) return 20;
    if (type >= 2 && type <= 5) return 32;
    return 0;
}

std::optional<primitives::ScriptBytes> DecompressScript(unsigned type, util::ByteSpan payload)
{
    if (type >= NUM_SPECIAL_SCRIPTS || payload.size() != GetSpecialScriptSize(type)) return std::nullopt;
    primitives::ScriptBytes script;
    switch (type) {
    case 0:
        script = {OP_DUP, OP_HASH160, 20};
        util::Append(script, payload);
        script.push_back(OP_EQUALVERIFY);
        script.push_back(OP_CHECKSIG);
        return script;
    case 1:
        script = {OP_HASH160, 20};
        util::Append(script, payload);
        script.push_back(OP_EQUAL);
        return script;
    case 2:
    case 3:
        script = {33, static_cast<uint8_t>(type)};
        util::Append(script, payload);
        script.push_back(OP_CHECKSIG);
        return script;
    default: { // 4, 5: uncompressed key; the type's low bit is the parity of y
        util::Bytes compressed{static_cast<uint8_t>(type - 2)};
        util::Append(compressed, payload);
        const auto full = crypto::PubKey{compressed}.Decompressed();
        if (!full || full->size() != crypto::PubKey::SIZE) return std::nullopt;
        script = {65};
        util::Append(script, full->span());
        script.push_back(OP_CHECKSIG);
        return script;
    }
    }
}

void ReadCompressedScript(serialize::Reader& r, primitives::ScriptBytes& script)
{
    script.clear();
    unsigned size = ReadVarInt<uint32_t>(r);
    if (!r.ok()) return;
    if (size < NUM_SPECIAL_SCRIPTS) {
        const util::ByteSpan payload = r.ReadSpan(GetSpecialScriptSize(size));
        if (!r.ok()) return;
        auto decoded = DecompressScript(size, payload);
        if (!decoded) {
            r.Fail("compressed script: type " + std::to_string(size) + " key is not on the curve");
            return;
        }
        script = std::move(*decoded);
        return;
    }
    size -= NUM_SPECIAL_SCRIPTS;
    if (size > MAX_SCRIPT_SIZE) {
        // Core replaces an overlong script by a short unspendable one and skips its bytes.
        r.ReadSpan(size);
        if (r.ok()) script = {OP_RETURN};
        return;
    }
    const util::ByteSpan bytes = r.ReadSpan(size);
    if (r.ok()) script.assign(bytes.begin(), bytes.end());
}

void ReadCompressedTxOut(serialize::Reader& r, primitives::TxOut& out)
{
    out.value = static_cast<primitives::Amount>(DecompressAmount(ReadVarInt<uint64_t>(r)));
    ReadCompressedScript(r, out.script_pubkey);
}

void ReadCompressedTxOut(serialize::Reader& r, CoinOut& out)
{
    primitives::TxOut read;
    ReadCompressedTxOut(r, read);
    out = CoinOut{read};
}

void UnserializeCoin(serialize::Reader& r, Coin& coin)
{
    const uint32_t code = ReadVarInt<uint32_t>(r);
    coin.height = code >> 1;
    coin.coinbase = (code & 1) != 0;
    ReadCompressedTxOut(r, coin.out);
}

util::Bytes EncodeCoin(const Coin& coin)
{
    util::Bytes out;
    EncodeCoinInto(coin, out);
    return out;
}

void EncodeCoinInto(const Coin& coin, util::Bytes& out)
{
    out.clear();
    serialize::VectorWriter w{out};
    SerializeCoin(w, coin);
}

util::Result<Coin> DecodeCoin(util::ByteSpan value)
{
    serialize::Reader r{value};
    Coin coin;
    UnserializeCoin(r, coin);
    if (!r.ok()) return util::Error{"bad coin record: " + r.error()};
    if (!r.empty()) return util::Error{"bad coin record: " + std::to_string(r.Remaining()) + " bytes left over"};
    return coin;
}

util::Bytes CoinKey(const primitives::OutPoint& outpoint)
{
    util::Bytes key;
    key.reserve(1 + 32 + 5);
    CoinKeyInto(outpoint, key);
    return key;
}

void CoinKeyInto(const primitives::OutPoint& outpoint, util::Bytes& out)
{
    out.clear();
    out.push_back(DB_COIN);
    util::Append(out, outpoint.hash.span());
    serialize::VectorWriter w{out};
    WriteVarInt(w, outpoint.n);
}

std::optional<primitives::OutPoint> DecodeCoinKey(util::ByteSpan key)
{
    if (key.size() < 34 || key[0] != DB_COIN) return std::nullopt;
    serialize::Reader r{key.subspan(33)};
    primitives::OutPoint out;
    out.hash = util::Uint256{key.subspan(1, 32)};
    out.n = ReadVarInt<uint32_t>(r);
    if (!r.ok() || !r.empty()) return std::nullopt;
    return out;
}

util::Bytes BestBlockKey() { return {DB_BEST_BLOCK}; }
util::Bytes HeadBlocksKey() { return {DB_HEAD_BLOCKS}; }

util::Bytes EncodeHeadBlocks(const util::Uint256& new_tip, const util::Uint256& old_tip)
{
    util::Bytes out{2};
    util::Append(out, new_tip.span());
    util::Append(out, old_tip.span());
    return out;
}

util::Result<std::pair<util::Uint256, util::Uint256>> DecodeHeadBlocks(util::ByteSpan value)
{
    serialize::Reader r{value};
    const uint64_t n = r.ReadCompactSize();
    if (!r.ok() || n != 2 || r.Remaining() != 64) {
        return util::Error{"bad head-blocks record ('H'): expected 2 hashes, got " + std::to_string(value.size()) +
                           " bytes"};
    }
    return std::pair{util::Uint256{value.subspan(1, 32)}, util::Uint256{value.subspan(33, 32)}};
}

util::Bytes CoinHashSerialization(const primitives::OutPoint& outpoint, const Coin& coin)
{
    util::Bytes out;
    serialize::VectorWriter w{out};
    SerializeCoinForHash(w, outpoint, coin);
    return out;
}

} // namespace hearth::storage
