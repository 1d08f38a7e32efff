#include <hearth/script/address.h>

#include <hearth/script/script.h>
#include <hearth/serialize/base58.h>
#include <hearth/serialize/bech32.h>
#include <hearth/util/check.h>

#include <openssl/crypto.h>

#include <algorithm>

namespace hearth::script {

namespace {

namespace bech32 = serialize::bech32;

/// BIP141: a witness program is at most 40 bytes (and, per BIP173/350 addresses, at least 2).
constexpr size_t WITNESS_PROGRAM_MIN = 2;
constexpr size_t WITNESS_PROGRAM_MAX = 40;

std::string EncodeBase58Hash(uint8_t prefix, util::ByteSpan hash)
{
    util::Bytes data{prefix};
    util::Append(data, hash);
    return serialize::EncodeBase58Check(data);
}

std::string EncodeSegwit(const std::string& hrp, int version, util::ByteSpan program)
{
    util::Bytes data{static_cast<uint8_t>(version)};
    util::Append(data, *bech32::ConvertBits(program, 8, 5, true));
    // BIP350: bech32 for version 0, bech32m for every later version.
    return bech32::Encode(version == 0 ? bech32::Encoding::BECH32 : bech32::Encoding::BECH32M, hrp, data);
}

util::Bytes P2pkhScript(util::ByteSpan hash)
{
    util::Bytes s{OP_DUP, OP_HASH160, 20};
    util::Append(s, hash);
    s.push_back(OP_EQUALVERIFY);
    s.push_back(OP_CHECKSIG);
    return s;
}

util::Bytes P2shScript(util::ByteSpan hash)
{
    util::Bytes s{OP_HASH160, 20};
    util::Append(s, hash);
    s.push_back(OP_EQUAL);
    return s;
}

util::Bytes WitnessScript(int version, util::ByteSpan program)
{
    util::Bytes s{static_cast<uint8_t>(version == 0 ? OP_0 : OP_1 + version - 1), static_cast<uint8_t>(program.size())};
    util::Append(s, program);
    return s;
}

std::string ToLowerAscii(std::string_view s)
{
    std::string out{s};
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
    return out;
}

util::Result<util::Bytes> DecodeBase58Address(const util::Bytes& data, const AddressParams& params)
{
    // Version byte followed by RIPEMD160(SHA256(pubkey)) or RIPEMD160(SHA256(redeem script)).
    if (data.size() == 21 && data[0] == params.pubkey_prefix) return P2pkhScript({data.data() + 1, 20});
    if (data.size() == 21 && data[0] == params.script_prefix) return P2shScript({data.data() + 1, 20});
    // A known version byte with the wrong length, or an unknown version byte.
    if (!data.empty() && (data[0] == params.script_prefix || data[0] == params.pubkey_prefix)) {
        return util::Error{"Invalid length for Base58 address (P2PKH or P2SH)"};
    }
    return util::Error{"Invalid or unsupported Base58-encoded address."};
}

util::Result<util::Bytes> DecodeBech32Address(std::string_view str, const AddressParams& params)
{
    const bech32::DecodeResult dec = bech32::Decode(str);
    if (dec.encoding == bech32::Encoding::INVALID) {
        // Say what is wrong with it (Core reports bech32::LocateErrors' message).
        return util::Error{bech32::LocateErrors(str).first};
    }
    if (dec.data.empty()) return util::Error{"Empty Bech32 data section"};
    if (dec.hrp != params.bech32_hrp) {
        return util::Error{"Invalid or unsupported prefix for Segwit (Bech32) address (expected " + params.bech32_hrp +
                           ", got " + dec.hrp + ")."};
    }
    // The first 5-bit value is the witness version; BIP350 ties the checksum to it.
    const int version = dec.data[0];
    if (version == 0 && dec.encoding != bech32::Encoding::BECH32) {
        return util::Error{"Version 0 witness address must use Bech32 checksum"};
    }
    if (version != 0 && dec.encoding != bech32::Encoding::BECH32M) {
        return util::Error{"Version 1+ witness address must use Bech32m checksum"};
    }
    const auto program = bech32::ConvertBits(util::ByteSpan{dec.data}.subspan(1), 5, 8, false);
    if (!program) return util::Error{"Invalid padding in Bech32 data section"};
    const std::string size_str = std::to_string(program->size()) + (program->size() == 1 ? " byte" : " bytes");
    if (version == 0) {
        // BIP141: P2WPKH (20-byte key hash) or P2WSH (32-byte script hash); nothing else is defined for v0.
        if (program->size() == 20 || program->size() == 32) return WitnessScript(0, *program);
        return util::Error{"Invalid Bech32 v0 address program size (" + size_str + "), per BIP141"};
    }
    if (version > 16) return util::Error{"Invalid Bech32 address witness version"};
    if (program->size() < WITNESS_PROGRAM_MIN || program->size() > WITNESS_PROGRAM_MAX) {
        return util::Error{"Invalid Bech32 address program size (" + size_str + ")"};
    }
    // v1 with 32 bytes is taproot (BIP341); other versions and sizes are left for future soft forks.
    return WitnessScript(version, *program);
}

void Cleanse(util::Bytes& b)
{
    if (!b.empty()) OPENSSL_cleanse(b.data(), b.size());
}

} // namespace

std::optional<std::string> EncodeAddress(util::ByteSpan script_pubkey, const AddressParams& params)
{
    if (IsPayToPubKeyHash(script_pubkey)) return EncodeBase58Hash(params.pubkey_prefix, script_pubkey.subspan(3, 20));
    if (IsPayToScriptHash(script_pubkey)) return EncodeBase58Hash(params.script_prefix, script_pubkey.subspan(2, 20));
    int version = 0;
    util::ByteSpan program;
    if (IsWitnessProgram(script_pubkey, version, program)) {
        if (version == 0 && program.size() != 20 && program.size() != 32) return std::nullopt;
        return EncodeSegwit(params.bech32_hrp, version, program);
    }
    return std::nullopt;
}

util::Result<util::Bytes> DecodeAddress(std::string_view address, const AddressParams& params)
{
    // Core decides by prefix: a string that starts with this network's HRP (in either case) is bech32.
    // A bech32 address of another network therefore goes down the base58 path and gets a base58 error.
    const bool is_bech32 = ToLowerAscii(address.substr(0, params.bech32_hrp.size())) == params.bech32_hrp;
    if (is_bech32) return DecodeBech32Address(address, params);

    // 21 bytes: a version byte and a 20-byte hash.
    if (auto data = serialize::DecodeBase58Check(address, 21)) return DecodeBase58Address(*data, params);
    // Not base58check: tell a bad checksum or length apart from something that is not base58 at all.
    if (serialize::DecodeBase58(address, 100)) {
        return util::Error{"Invalid checksum or length of Base58 address (P2PKH or P2SH)"};
    }
    return util::Error{"Invalid or unsupported Segwit (Bech32) or Base58 encoding."};
}

std::string EncodeSecret(const crypto::PrivKey& key, const AddressParams& params)
{
    Assert(key.IsValid());
    util::Bytes data{params.secret_prefix};
    util::Append(data, key.span());
    // The trailing 0x01 says the key's public key is used compressed.
    if (key.IsCompressed()) data.push_back(1);
    std::string out = serialize::EncodeBase58Check(data);
    Cleanse(data);
    return out;
}

crypto::PrivKey DecodeSecret(std::string_view wif, const AddressParams& params)
{
    auto decoded = serialize::DecodeBase58Check(wif, 34);
    if (!decoded) return {};
    util::Bytes& data = *decoded;
    crypto::PrivKey key;
    const bool uncompressed = data.size() == 33;
    const bool compressed = data.size() == 34 && data.back() == 1;
    if ((uncompressed || compressed) && data[0] == params.secret_prefix) {
        key = crypto::PrivKey::FromBytes({data.data() + 1, 32}, compressed);
    }
    Cleanse(data);
    return key;
}

} // namespace hearth::script
