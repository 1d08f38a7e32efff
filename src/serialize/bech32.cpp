#include <hearth/serialize/bech32.h>

#include <hearth/util/check.h>

#include <array>

namespace hearth::serialize::bech32 {

namespace {

constexpr std::string_view CHARSET{"qpzry9x8gf2tvdw0s3jn54khce6mua7l"};
constexpr size_t CHECKSUM_SIZE = 6;
constexpr char SEPARATOR = '1';

/// Character → 5-bit value (both cases), -1 for characters outside the alphabet.
constexpr std::array<int8_t, 256> MakeCharsetRev()
{
    std::array<int8_t, 256> rev{};
    for (auto& r : rev) r = -1;
    for (size_t i = 0; i < CHARSET.size(); ++i) {
        const auto c = static_cast<unsigned char>(CHARSET[i]);
        rev[c] = static_cast<int8_t>(i);
        if (c >= 'a' && c <= 'z') rev[c - 'a' + 'A'] = static_cast<int8_t>(i);
    }
    return rev;
}
constexpr std::array<int8_t, 256> CHARSET_REV = MakeCharsetRev();

uint32_t EncodingConstant(Encoding encoding)
{
    Assert(encoding == Encoding::BECH32 || encoding == Encoding::BECH32M);
    return encoding == Encoding::BECH32 ? 1 : 0x2bc830a3;
}

/// The checksum polynomial of BIP173: the values (after an implicit leading 1) read as a polynomial over
/// GF(32), reduced modulo the generator g(x) = x^6 + 29x^5 + 22x^4 + 20x^3 + 21x^2 + 29x + 18. The six
/// 5-bit coefficients of the remainder are packed into 30 bits, highest power first.
uint32_t PolyMod(const util::Bytes& values)
{
    uint32_t c = 1;
    for (const uint8_t v : values) {
        const uint8_t c0 = c >> 25;
        c = ((c & 0x1ffffff) << 5) ^ v;
        // Add c0·x^6 mod g(x), one bit of c0 at a time ({2^i}·(x^6 mod g), constants from BIP173).
        if (c0 & 1) c ^= 0x3b6a57b2;
        if (c0 & 2) c ^= 0x26508e6d;
        if (c0 & 4) c ^= 0x1ea119fa;
        if (c0 & 8) c ^= 0x3d4233dd;
        if (c0 & 16) c ^= 0x2a1462b3;
    }
    return c;
}

/// The HRP's contribution to the checksum: high 3 bits of each character, a zero, then the low 5 bits.
util::Bytes ExpandHrp(std::string_view hrp)
{
    util::Bytes out(hrp.size() * 2 + 1);
    for (size_t i = 0; i < hrp.size(); ++i) {
        const auto c = static_cast<uint8_t>(hrp[i]);
        out[i] = c >> 5;
        out[i + hrp.size() + 1] = c & 0x1f;
    }
    return out;
}

uint32_t Residue(std::string_view hrp, const util::Bytes& values)
{
    util::Bytes all = ExpandHrp(hrp);
    util::Append(all, values);
    return PolyMod(all);
}

char LowerCase(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

/// Collects the positions of characters outside 33..126 and of letters whose case differs from the first
/// letter's. True if there are none.
bool CheckCharacters(std::string_view str, std::vector<int>& errors)
{
    bool lower = false, upper = false;
    for (size_t i = 0; i < str.size(); ++i) {
        const auto c = static_cast<unsigned char>(str[i]);
        if (c >= 'a' && c <= 'z') {
            if (upper) {
                errors.push_back(static_cast<int>(i));
            } else {
                lower = true;
            }
        } else if (c >= 'A' && c <= 'Z') {
            if (lower) {
                errors.push_back(static_cast<int>(i));
            } else {
                upper = true;
            }
        } else if (c < 33 || c > 126) {
            errors.push_back(static_cast<int>(i));
        }
    }
    return errors.empty();
}

// ---- Error location -------------------------------------------------------------------------------
//
// The bech32 generator g(x) is a BCH code generator whose roots are three consecutive powers of a
// primitive element of GF(1024). For a string with errors E(x), the residue (after removing the
// encoding constant) is E(x) mod g(x), and evaluating it at those roots gives three "syndromes" from
// which one or two error positions and values can be solved for.
//
// GF(32) is GF(2)[a]/(a^5 + a^3 + 1), elements as 5-bit integers. GF(1024) is GF(32)[e]/(e^2 + 9e + 23),
// the element v1·e + v0 stored as the 10-bit integer v1 << 5 | v0. e (= 32) is primitive, and g's roots
// include e^997, e^998 and e^999, which the formulas below use (the error-location tests, e.g. locating
// every single-character substitution, fail if any of this is wrong).

struct GfTables {
    std::array<int16_t, 1023> exp{};
    std::array<int16_t, 1024> log{};
};

constexpr GfTables MakeGfTables()
{
    std::array<int8_t, 31> exp32{};
    std::array<int8_t, 32> log32{};
    log32[0] = -1;
    int v = 1;
    for (int i = 0; i < 31; ++i) {
        exp32[i] = static_cast<int8_t>(v);
        log32[v] = static_cast<int8_t>(i);
        v <<= 1;
        if (v & 32) v ^= 0b101001; // reduce by a^5 + a^3 + 1
    }
    auto mul32 = [&](int a, int b) -> int {
        if (a == 0 || b == 0) return 0;
        return exp32[(log32[a] + log32[b]) % 31];
    };

    GfTables t;
    t.log[0] = -1;
    v = 1;
    for (int i = 0; i < 1023; ++i) {
        t.exp[i] = static_cast<int16_t>(v);
        t.log[v] = static_cast<int16_t>(i);
        // (v1·e + v0)·e = v1·e^2 + v0·e = (9·v1 + v0)·e + 23·v1.
        const int v0 = v & 31, v1 = v >> 5;
        v = ((mul32(v1, 9) ^ v0) << 5) | mul32(v1, 23);
    }
    return t;
}
constexpr GfTables GF = MakeGfTables();

constexpr int GfMul(int a, int b)
{
    if (a == 0 || b == 0) return 0;
    return GF.exp[(GF.log[a] + GF.log[b]) % 1023];
}

/// Syndrome contribution of each of the 30 residue bits: bit 5k+j is the coefficient {2^j} of x^k, which
/// evaluates to {2^j}·e^(997k), {2^j}·e^(998k), {2^j}·e^(999k), packed as three 10-bit fields.
constexpr std::array<uint32_t, 30> MakeSyndromeConstants()
{
    std::array<uint32_t, 30> out{};
    for (int bit = 0; bit < 30; ++bit) {
        const int k = bit / 5, j = bit % 5;
        uint32_t packed = 0;
        for (int i = 0; i < 3; ++i) {
            const int s = GfMul(1 << j, GF.exp[((997 + i) * k) % 1023]);
            packed |= static_cast<uint32_t>(s) << (10 * i);
        }
        out[bit] = packed;
    }
    return out;
}
constexpr std::array<uint32_t, 30> SYNDROME = MakeSyndromeConstants();

uint32_t Syndrome(uint32_t residue)
{
    uint32_t s = 0;
    for (int bit = 0; bit < 30; ++bit) {
        if ((residue >> bit) & 1) s ^= SYNDROME[bit];
    }
    return s;
}

/// Positions (string indices, ascending) of one or two substitution errors explaining `residue` in a data
/// part of `length` characters ending at the end of a string of `str_size` characters; empty if no such
/// explanation exists.
std::vector<int> LocateInResidue(uint32_t residue, size_t length, size_t str_size)
{
    const uint32_t syn = Syndrome(residue);
    const int s0 = syn & 0x3ff, s1 = (syn >> 10) & 0x3ff, s2 = syn >> 20;
    const int l_s0 = GF.log[s0], l_s1 = GF.log[s1], l_s2 = GF.log[s2];
    auto index_of = [&](size_t p) { return static_cast<int>(str_size - p - 1); };

    // One error of value e1 at x^p1 gives s_i = e1·e^((997+i)·p1): consecutive syndromes differ by e^p1.
    if (l_s0 != -1 && l_s1 != -1 && l_s2 != -1 && (2 * l_s1 - l_s2 - l_s0 + 2046) % 1023 == 0) {
        const size_t p1 = (l_s1 - l_s0 + 1023) % 1023;
        const int l_e1 = l_s0 + (1023 - 997) * static_cast<int>(p1);
        // The error value must be a GF(32) element, i.e. a power of e that is a multiple of 33.
        if (p1 < length && l_e1 % 33 == 0) return {index_of(p1)};
        return {};
    }

    // Two errors: try every first position p1 and solve for p2 and both error values.
    for (size_t p1 = 0; p1 < length; ++p1) {
        const int s2_s1p1 = s2 ^ (s1 == 0 ? 0 : GF.exp[(l_s1 + p1) % 1023]);
        if (s2_s1p1 == 0) continue;
        const int s1_s0p1 = s1 ^ (s0 == 0 ? 0 : GF.exp[(l_s0 + p1) % 1023]);
        if (s1_s0p1 == 0) continue;
        const int l_s1_s0p1 = GF.log[s1_s0p1];

        const size_t p2 = (GF.log[s2_s1p1] - l_s1_s0p1 + 1023) % 1023;
        if (p2 >= length || p1 == p2) continue;
        const int s1_s0p2 = s1 ^ (s0 == 0 ? 0 : GF.exp[(l_s0 + p2) % 1023]);
        if (s1_s0p2 == 0) continue;

        const int inv_p1_p2 = 1023 - GF.log[GF.exp[p1] ^ GF.exp[p2]];
        const int l_e2 = l_s1_s0p1 + inv_p1_p2 + (1023 - 997) * static_cast<int>(p2);
        if (l_e2 % 33) continue;
        const int l_e1 = GF.log[s1_s0p2] + inv_p1_p2 + (1023 - 997) * static_cast<int>(p1);
        if (l_e1 % 33) continue;

        if (p1 > p2) return {index_of(p1), index_of(p2)};
        return {index_of(p2), index_of(p1)};
    }
    return {};
}

} // namespace

std::string Encode(Encoding encoding, std::string_view hrp, util::ByteSpan values)
{
    for (const char c : hrp) Assert(c < 'A' || c > 'Z');
    util::Bytes all = ExpandHrp(hrp);
    util::Append(all, values);
    all.resize(all.size() + CHECKSUM_SIZE);
    const uint32_t mod = PolyMod(all) ^ EncodingConstant(encoding);

    std::string out{hrp};
    out.reserve(hrp.size() + 1 + values.size() + CHECKSUM_SIZE);
    out += SEPARATOR;
    for (const uint8_t v : values) {
        Assert(v < 32);
        out += CHARSET[v];
    }
    for (size_t i = 0; i < CHECKSUM_SIZE; ++i) out += CHARSET[(mod >> (5 * (5 - i))) & 31];
    return out;
}

DecodeResult Decode(std::string_view str, size_t limit)
{
    std::vector<int> errors;
    if (!CheckCharacters(str, errors)) return {};
    if (str.size() > limit) return {};
    const size_t pos = str.rfind(SEPARATOR);
    // The HRP needs at least one character and the data part at least the checksum.
    if (pos == std::string_view::npos || pos == 0 || pos + CHECKSUM_SIZE >= str.size()) return {};

    util::Bytes values(str.size() - 1 - pos);
    for (size_t i = 0; i < values.size(); ++i) {
        const int8_t rev = CHARSET_REV[static_cast<unsigned char>(str[pos + 1 + i])];
        if (rev == -1) return {};
        values[i] = static_cast<uint8_t>(rev);
    }
    std::string hrp;
    hrp.reserve(pos);
    for (size_t i = 0; i < pos; ++i) hrp += LowerCase(str[i]);

    const uint32_t check = Residue(hrp, values);
    Encoding encoding = Encoding::INVALID;
    if (check == EncodingConstant(Encoding::BECH32)) encoding = Encoding::BECH32;
    if (check == EncodingConstant(Encoding::BECH32M)) encoding = Encoding::BECH32M;
    if (encoding == Encoding::INVALID) return {};
    values.resize(values.size() - CHECKSUM_SIZE);
    return {encoding, std::move(hrp), std::move(values)};
}

std::pair<std::string, std::vector<int>> LocateErrors(std::string_view str, size_t limit)
{
    std::vector<int> locations;
    if (str.size() > limit) {
        for (size_t i = limit; i < str.size(); ++i) locations.push_back(static_cast<int>(i));
        return {"Bech32 string too long", std::move(locations)};
    }
    if (!CheckCharacters(str, locations)) return {"Invalid character or mixed case", std::move(locations)};
    const size_t pos = str.rfind(SEPARATOR);
    if (pos == std::string_view::npos) return {"Missing separator", {}};
    if (pos == 0 || pos + CHECKSUM_SIZE >= str.size()) return {"Invalid separator position", {static_cast<int>(pos)}};

    std::string hrp;
    for (size_t i = 0; i < pos; ++i) hrp += LowerCase(str[i]);
    const size_t length = str.size() - 1 - pos;
    util::Bytes values(length);
    for (size_t i = pos + 1; i < str.size(); ++i) {
        const int8_t rev = CHARSET_REV[static_cast<unsigned char>(str[i])];
        if (rev == -1) return {"Invalid Base 32 character", {static_cast<int>(i)}};
        values[i - pos - 1] = static_cast<uint8_t>(rev);
    }

    // Try both checksums: the witness version character might itself be wrong, so the string cannot be
    // trusted to say which one was meant. Prefer the explanation with fewer errors (bech32 on a tie).
    const uint32_t check = Residue(hrp, values);
    std::optional<Encoding> located;
    for (const Encoding encoding : {Encoding::BECH32, Encoding::BECH32M}) {
        const uint32_t residue = check ^ EncodingConstant(encoding);
        if (residue == 0) return {"", {}};
        std::vector<int> possible = LocateInResidue(residue, length, str.size());
        if (locations.empty() || (!possible.empty() && possible.size() < locations.size())) {
            locations = std::move(possible);
            if (!locations.empty()) located = encoding;
        }
    }
    if (located == Encoding::BECH32M) return {"Invalid Bech32m checksum", std::move(locations)};
    if (located == Encoding::BECH32) return {"Invalid Bech32 checksum", std::move(locations)};
    return {"Invalid checksum", std::move(locations)};
}

std::optional<util::Bytes> ConvertBits(util::ByteSpan in, int from_bits, int to_bits, bool pad)
{
    Assert(from_bits >= 1 && from_bits <= 8 && to_bits >= 1 && to_bits <= 8);
    const uint32_t max_out = (1u << to_bits) - 1;
    const uint32_t max_acc = (1u << (from_bits + to_bits - 1)) - 1;
    uint32_t acc = 0;
    int bits = 0;
    util::Bytes out;
    out.reserve((in.size() * from_bits + to_bits - 1) / to_bits);
    for (const uint8_t v : in) {
        if (v >> from_bits) return std::nullopt;
        acc = ((acc << from_bits) | v) & max_acc;
        bits += from_bits;
        while (bits >= to_bits) {
            bits -= to_bits;
            out.push_back(static_cast<uint8_t>((acc >> bits) & max_out));
        }
    }
    if (pad) {
        if (bits > 0) out.push_back(static_cast<uint8_t>((acc << (to_bits - bits)) & max_out));
    } else if (bits >= from_bits || ((acc << (to_bits - bits)) & max_out) != 0) {
        // A whole input group left over, or non-zero padding bits: not a canonical encoding.
        return std::nullopt;
    }
    return out;
}

} // namespace hearth::serialize::bech32
