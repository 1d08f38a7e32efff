#include <hearth/serialize/base58.h>

#include <hearth/crypto/sha256.h>

#include <openssl/crypto.h>

#include <array>
#include <cstring>

namespace hearth::serialize {

namespace {

constexpr std::string_view ALPHABET{"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"};

constexpr std::array<int8_t, 256> MakeDigits()
{
    std::array<int8_t, 256> map{};
    for (auto& m : map) m = -1;
    for (size_t i = 0; i < ALPHABET.size(); ++i) map[static_cast<unsigned char>(ALPHABET[i])] = static_cast<int8_t>(i);
    return map;
}
constexpr std::array<int8_t, 256> DIGITS = MakeDigits();

/// Core's IsSpace: the C locale's whitespace.
bool IsSpace(char c) { return c == ' ' || c == '\f' || c == '\n' || c == '\r' || c == '\t' || c == '\v'; }

/// Zeroes a buffer that may have held key material (WIF, xprv) before it is freed.
void Cleanse(util::Bytes& b)
{
    if (!b.empty()) OPENSSL_cleanse(b.data(), b.size());
}

} // namespace

std::string EncodeBase58(util::ByteSpan data)
{
    size_t zeroes = 0;
    while (zeroes < data.size() && data[zeroes] == 0) ++zeroes;
    data = data.subspan(zeroes);

    // Big-endian base-58 digits; log(256)/log(58) < 1.38, so this is always enough room.
    std::vector<uint8_t> digits(data.size() * 138 / 100 + 1);
    size_t used = 0; // digits in use, counted from the end
    for (const uint8_t byte : data) {
        // digits = digits * 256 + byte
        uint32_t carry = byte;
        size_t i = 0;
        for (auto it = digits.rbegin(); (carry != 0 || i < used) && it != digits.rend(); ++it, ++i) {
            carry += 256u * *it;
            *it = static_cast<uint8_t>(carry % 58);
            carry /= 58;
        }
        used = i;
    }
    auto it = digits.end() - static_cast<ptrdiff_t>(used);
    while (it != digits.end() && *it == 0) ++it;

    std::string out(zeroes, '1');
    out.reserve(zeroes + static_cast<size_t>(digits.end() - it));
    for (; it != digits.end(); ++it) out += ALPHABET[*it];
    return out;
}

util::Result<util::Bytes> DecodeBase58(std::string_view str, size_t max_out_len)
{
    // Core works on C strings, so an embedded NUL can never be part of a valid encoding.
    if (str.find('\0') != std::string_view::npos) return util::Error{"base58 string contains a NUL character"};
    size_t pos = 0;
    while (pos < str.size() && IsSpace(str[pos])) ++pos;

    size_t zeroes = 0;
    while (pos < str.size() && str[pos] == '1') {
        if (++zeroes > max_out_len) return util::Error{"base58 string decodes to too many bytes"};
        ++pos;
    }

    // Big-endian base-256 bytes; log(58)/log(256) < 0.733.
    util::Bytes b256((str.size() - pos) * 733 / 1000 + 1);
    size_t used = 0;
    for (; pos < str.size() && !IsSpace(str[pos]); ++pos) {
        const int digit = DIGITS[static_cast<unsigned char>(str[pos])];
        if (digit < 0) {
            Cleanse(b256);
            return util::Error{"invalid base58 character"};
        }
        // b256 = b256 * 58 + digit
        uint32_t carry = static_cast<uint32_t>(digit);
        size_t i = 0;
        for (auto it = b256.rbegin(); (carry != 0 || i < used) && it != b256.rend(); ++it, ++i) {
            carry += 58u * *it;
            *it = static_cast<uint8_t>(carry % 256);
            carry /= 256;
        }
        used = i;
        if (used + zeroes > max_out_len) {
            Cleanse(b256);
            return util::Error{"base58 string decodes to too many bytes"};
        }
    }
    // Only whitespace may follow.
    while (pos < str.size() && IsSpace(str[pos])) ++pos;
    if (pos != str.size()) {
        Cleanse(b256);
        return util::Error{"whitespace inside base58 string"};
    }

    util::Bytes out(zeroes, 0);
    out.insert(out.end(), b256.end() - static_cast<ptrdiff_t>(used), b256.end());
    Cleanse(b256);
    return out;
}

std::string EncodeBase58Check(util::ByteSpan payload)
{
    util::Bytes data = util::ToBytes(payload);
    const util::Uint256 hash = crypto::Sha256d(payload);
    data.insert(data.end(), hash.begin(), hash.begin() + 4);
    std::string out = EncodeBase58(data);
    Cleanse(data);
    return out;
}

util::Result<util::Bytes> DecodeBase58Check(std::string_view str, size_t max_payload_len)
{
    auto decoded = DecodeBase58(str, max_payload_len + 4);
    if (!decoded) return decoded;
    util::Bytes& data = *decoded;
    if (data.size() < 4) {
        Cleanse(data);
        return util::Error{"base58check string too short for a checksum"};
    }
    const size_t payload_len = data.size() - 4;
    const util::Uint256 hash = crypto::Sha256d({data.data(), payload_len});
    if (std::memcmp(hash.data(), data.data() + payload_len, 4) != 0) {
        Cleanse(data);
        return util::Error{"invalid base58check checksum"};
    }
    util::Bytes payload(data.begin(), data.begin() + static_cast<ptrdiff_t>(payload_len));
    Cleanse(data);
    return payload;
}

} // namespace hearth::serialize
