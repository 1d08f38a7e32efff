#include <hearth/wallet/bip32.h>

#include <hearth/crypto/hash.h>
#include <hearth/serialize/base58.h>

#include <openssl/crypto.h>

#include <charconv>
#include <cstring>

namespace hearth::wallet {

namespace {

void WriteBe32(uint8_t* out, uint32_t v)
{
    out[0] = static_cast<uint8_t>(v >> 24);
    out[1] = static_cast<uint8_t>(v >> 16);
    out[2] = static_cast<uint8_t>(v >> 8);
    out[3] = static_cast<uint8_t>(v);
}

uint32_t ReadBe32(const uint8_t* in)
{
    return (uint32_t{in[0]} << 24) | (uint32_t{in[1]} << 16) | (uint32_t{in[2]} << 8) | uint32_t{in[3]};
}

/// HMAC-SHA512(chain code, data ‖ ser32(index)), split by the caller into IL (tweak) and IR (child chain code).
std::array<uint8_t, 64> ChildHmac(const util::Uint256& chain_code, util::ByteSpan data, uint32_t index)
{
    util::Bytes msg(data.begin(), data.end());
    msg.resize(msg.size() + 4);
    WriteBe32(msg.data() + msg.size() - 4, index);
    auto out = crypto::HmacSha512(chain_code.span(), msg);
    OPENSSL_cleanse(msg.data(), msg.size());
    return out;
}

/// Fills depth, parent fingerprint, child and chain code from the common first 41 bytes of a serialization.
template <typename Key>
bool DecodeHeader(util::ByteSpan code, Key& key)
{
    if (code.size() != BIP32_EXTKEY_SIZE) return false;
    key.depth = code[0];
    std::memcpy(key.parent_fingerprint.data(), code.data() + 1, 4);
    key.child = ReadBe32(code.data() + 5);
    key.chain_code = util::Uint256{code.subspan(9, 32)};
    // A master key (depth 0) has no parent: BIP32 test vector 5 rejects either field set.
    const bool zero_fpr = key.parent_fingerprint == Fingerprint{};
    return !(key.depth == 0 && (key.child != 0 || !zero_fpr));
}

template <typename Key>
void EncodeHeader(const Key& key, std::array<uint8_t, BIP32_EXTKEY_SIZE>& code)
{
    code[0] = key.depth;
    std::memcpy(code.data() + 1, key.parent_fingerprint.data(), 4);
    WriteBe32(code.data() + 5, key.child);
    std::memcpy(code.data() + 9, key.chain_code.data(), 32);
}

/// Base58check payload of an extended key with the given version bytes, or nullopt.
std::optional<util::Bytes> DecodeVersioned(std::string_view str, const std::array<uint8_t, 4>& version)
{
    auto data = serialize::DecodeBase58Check(str, 78 + 4);
    if (!data) return std::nullopt;
    if (data->size() != BIP32_EXTKEY_SIZE + version.size() ||
        !std::equal(version.begin(), version.end(), data->begin())) {
        return std::nullopt;
    }
    return util::Bytes(data->begin() + 4, data->end());
}

} // namespace

std::optional<ExtPubKey> ExtPubKey::Derive(uint32_t index) const
{
    if (index >= BIP32_HARDENED || !pubkey.IsValid()) return std::nullopt;
    // CKDpub: I = HMAC-SHA512(c, serP(K) ‖ ser32(i)); child K = K + IL·G, child c = IR. Like Core, the
    // key keeps its serialization (compressed for every BIP32 key).
    const auto i = ChildHmac(chain_code, pubkey.span(), index);
    auto child_key = pubkey.TweakAdd(util::ByteSpan{i.data(), 32});
    if (!child_key) return std::nullopt;
    ExtPubKey out;
    out.depth = static_cast<uint8_t>(depth + 1);
    out.parent_fingerprint = GetFingerprint();
    out.child = index;
    out.chain_code = util::Uint256{util::ByteSpan{i.data() + 32, 32}};
    out.pubkey = *child_key;
    return out;
}

Fingerprint ExtPubKey::GetFingerprint() const
{
    const util::Uint160 id = pubkey.GetId();
    Fingerprint fpr;
    std::memcpy(fpr.data(), id.data(), 4);
    return fpr;
}

std::array<uint8_t, BIP32_EXTKEY_SIZE> ExtPubKey::Encode() const
{
    std::array<uint8_t, BIP32_EXTKEY_SIZE> code{};
    EncodeHeader(*this, code);
    Assert(pubkey.size() == crypto::PubKey::COMPRESSED_SIZE);
    std::memcpy(code.data() + 41, pubkey.span().data(), 33);
    return code;
}

std::optional<ExtPubKey> ExtPubKey::Decode(util::ByteSpan code)
{
    ExtPubKey key;
    if (!DecodeHeader(code, key)) return std::nullopt;
    // 33 bytes of key data: only a compressed key fits (an 04 header implies 65 bytes and is rejected).
    key.pubkey = crypto::PubKey{code.subspan(41, 33)};
    if (!key.pubkey.IsValid() || !key.pubkey.IsFullyValid()) return std::nullopt;
    return key;
}

std::optional<ExtKey> ExtKey::FromSeed(util::ByteSpan seed)
{
    static constexpr std::string_view SEED_KEY{"Bitcoin seed"};
    auto i = crypto::HmacSha512(util::AsBytes(SEED_KEY), seed);
    ExtKey out;
    out.key = crypto::PrivKey::FromBytes(util::ByteSpan{i.data(), 32}, /*compressed=*/true);
    out.chain_code = util::Uint256{util::ByteSpan{i.data() + 32, 32}};
    OPENSSL_cleanse(i.data(), i.size());
    if (!out.key.IsValid()) return std::nullopt;
    return out;
}

std::optional<ExtKey> ExtKey::Derive(uint32_t index) const
{
    if (!key.IsValid()) return std::nullopt;
    // CKDpriv: hardened children hash 0x00 ‖ ser256(k), others serP(point(k)); child k = IL + k mod n.
    util::Bytes data;
    if (index >= BIP32_HARDENED) {
        data.push_back(0);
        util::Append(data, key.span());
    } else {
        util::Append(data, key.GetPubKey().span());
    }
    auto i = ChildHmac(chain_code, data, index);
    OPENSSL_cleanse(data.data(), data.size());
    ExtKey out;
    out.key = key.TweakAdd(util::ByteSpan{i.data(), 32});
    out.chain_code = util::Uint256{util::ByteSpan{i.data() + 32, 32}};
    OPENSSL_cleanse(i.data(), i.size());
    if (!out.key.IsValid()) return std::nullopt;
    out.depth = static_cast<uint8_t>(depth + 1);
    out.parent_fingerprint = Neuter().GetFingerprint();
    out.child = index;
    return out;
}

ExtPubKey ExtKey::Neuter() const
{
    ExtPubKey out;
    out.depth = depth;
    out.parent_fingerprint = parent_fingerprint;
    out.child = child;
    out.chain_code = chain_code;
    out.pubkey = key.GetPubKey();
    return out;
}

std::array<uint8_t, BIP32_EXTKEY_SIZE> ExtKey::Encode() const
{
    std::array<uint8_t, BIP32_EXTKEY_SIZE> code{};
    EncodeHeader(*this, code);
    code[41] = 0;
    std::memcpy(code.data() + 42, key.span().data(), 32);
    return code;
}

std::optional<ExtKey> ExtKey::Decode(util::ByteSpan code)
{
    ExtKey out;
    if (!DecodeHeader(code, out)) return std::nullopt;
    // Private key data is 0x00 followed by the secret; the secret must lie in [1, n-1].
    if (code[41] != 0) return std::nullopt;
    out.key = crypto::PrivKey::FromBytes(code.subspan(42, 32), /*compressed=*/true);
    if (!out.key.IsValid()) return std::nullopt;
    return out;
}

std::string EncodeExtPubKey(const ExtPubKey& key, const script::AddressParams& params)
{
    util::Bytes data(params.ext_public_key.begin(), params.ext_public_key.end());
    const auto code = key.Encode();
    util::Append(data, code);
    return serialize::EncodeBase58Check(data);
}

std::string EncodeExtKey(const ExtKey& key, const script::AddressParams& params)
{
    util::Bytes data(params.ext_secret_key.begin(), params.ext_secret_key.end());
    auto code = key.Encode();
    util::Append(data, code);
    std::string out = serialize::EncodeBase58Check(data);
    OPENSSL_cleanse(code.data(), code.size());
    OPENSSL_cleanse(data.data(), data.size());
    return out;
}

std::optional<ExtPubKey> DecodeExtPubKey(std::string_view str, const script::AddressParams& params)
{
    auto payload = DecodeVersioned(str, params.ext_public_key);
    if (!payload) return std::nullopt;
    return ExtPubKey::Decode(*payload);
}

std::optional<ExtKey> DecodeExtKey(std::string_view str, const script::AddressParams& params)
{
    auto payload = DecodeVersioned(str, params.ext_secret_key);
    if (!payload) return std::nullopt;
    auto key = ExtKey::Decode(*payload);
    OPENSSL_cleanse(payload->data(), payload->size());
    return key;
}

std::optional<std::vector<uint32_t>> ParseHdKeypath(std::string_view path)
{
    std::vector<uint32_t> out;
    size_t start = 0;
    bool first = true;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view item = path.substr(start, end - start);
        start = end + 1;
        if (first && item == "m") {
            first = false;
            if (end == path.size()) break;
            continue;
        }
        first = false;
        uint32_t hardened = 0;
        if (!item.empty() && (item.back() == '\'' || item.back() == 'h' || item.back() == 'H')) {
            hardened = BIP32_HARDENED;
            item.remove_suffix(1);
        }
        uint32_t value = 0;
        const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
        if (item.empty() || ec != std::errc{} || ptr != item.data() + item.size() || value >= BIP32_HARDENED) {
            return std::nullopt;
        }
        out.push_back(value | hardened);
        if (end == path.size()) break;
    }
    return out;
}

std::string FormatHdKeypath(const std::vector<uint32_t>& path, bool apostrophe)
{
    std::string out;
    for (const uint32_t i : path) {
        out += "/" + std::to_string(i & ~BIP32_HARDENED);
        if (i & BIP32_HARDENED) out += apostrophe ? "'" : "h";
    }
    return out;
}

std::string WriteHdKeypath(const std::vector<uint32_t>& path, bool apostrophe)
{
    return "m" + FormatHdKeypath(path, apostrophe);
}

} // namespace hearth::wallet
