#include <hearth/script/descriptor.h>

#include <hearth/crypto/key.h>
#include <hearth/script/standard.h>
#include <hearth/util/check.h>
#include <hearth/util/hex.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace hearth::script {

namespace {

/// BIP380's character set: every character a descriptor may contain, in groups of 32. The checksum
/// commits to each character's position in its group and, per three characters, to their groups.
constexpr std::string_view INPUT_CHARSET = "0123456789()[],'/*abcdefgh@:$%{}"
                                           "IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~"
                                           "ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";

/// The checksum's own characters (bech32's).
constexpr std::string_view CHECKSUM_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

constexpr size_t CHECKSUM_LENGTH = 8;

/// One step of the BCH code over GF(32) that BIP380 defines (Core's PolyMod in descriptor.cpp).
uint64_t PolyMod(uint64_t c, int val)
{
    const uint8_t c0 = static_cast<uint8_t>(c >> 35);
    c = ((c & 0x7ffffffffULL) << 5) ^ static_cast<uint64_t>(val);
    if (c0 & 1) c ^= 0xf5dee51989ULL;
    if (c0 & 2) c ^= 0xa9fdca3312ULL;
    if (c0 & 4) c ^= 0x1bab10e32dULL;
    if (c0 & 8) c ^= 0x3706b1677aULL;
    if (c0 & 16) c ^= 0x644d626ffdULL;
    return c;
}

/// Core's InferPubkey with an empty provider: any key in compressed (02/03) or uncompressed (04)
/// encoding; hybrid keys (06/07) are refused. The solver has already matched the length to the prefix.
bool IsNonHybridKey(util::ByteSpan key) { return !key.empty() && (key[0] == 0x02 || key[0] == 0x03 || key[0] == 0x04); }

} // namespace

std::string DescriptorChecksum(std::string_view descriptor)
{
    uint64_t c = 1;
    int cls = 0;
    int clscount = 0;
    for (const char ch : descriptor) {
        const size_t pos = INPUT_CHARSET.find(ch);
        if (pos == std::string_view::npos) return "";
        c = PolyMod(c, static_cast<int>(pos & 31)); // the position inside the group, for every character
        cls = cls * 3 + static_cast<int>(pos >> 5); // the group numbers, one symbol per three characters
        if (++clscount == 3) {
            c = PolyMod(c, cls);
            cls = 0;
            clscount = 0;
        }
    }
    if (clscount > 0) c = PolyMod(c, cls);
    for (size_t j = 0; j < CHECKSUM_LENGTH; ++j) c = PolyMod(c, 0); // room for the checksum itself
    c ^= 1;                                                         // so that appending zeros changes the checksum

    std::string ret(CHECKSUM_LENGTH, ' ');
    for (size_t j = 0; j < CHECKSUM_LENGTH; ++j) ret[j] = CHECKSUM_CHARSET[(c >> (5 * (7 - j))) & 31];
    return ret;
}

std::string AddChecksum(std::string_view descriptor)
{
    std::string checksum = DescriptorChecksum(descriptor);
    Assume(!checksum.empty());
    std::string ret{descriptor};
    ret += '#';
    ret += checksum;
    return ret;
}

util::Result<std::string_view> CheckChecksum(std::string_view descriptor, bool require_checksum)
{
    const size_t hash = descriptor.find('#');
    if (hash != std::string_view::npos && descriptor.find('#', hash + 1) != std::string_view::npos) {
        return util::Error{"Multiple '#' symbols"};
    }
    if (hash == std::string_view::npos && require_checksum) return util::Error{"Missing checksum"};
    const std::string_view payload = descriptor.substr(0, hash);
    std::string_view provided;
    if (hash != std::string_view::npos) {
        provided = descriptor.substr(hash + 1);
        if (provided.size() != CHECKSUM_LENGTH) {
            return util::Error{"Expected 8 character checksum, not " + std::to_string(provided.size()) + " characters"};
        }
    }
    const std::string computed = DescriptorChecksum(payload);
    if (computed.empty()) return util::Error{"Invalid characters in payload"};
    if (hash != std::string_view::npos && provided != computed) {
        return util::Error{"Provided checksum '" + std::string{provided} + "' does not match computed checksum '" +
                           computed + "'"};
    }
    return payload;
}

std::string GetDescriptorChecksum(std::string_view descriptor)
{
    const auto payload = CheckChecksum(descriptor, /*require_checksum=*/false);
    if (!payload) return "";
    return DescriptorChecksum(*payload);
}

std::string InferDescriptor(util::ByteSpan script_pubkey, const AddressParams& params)
{
    // The order of Core's InferScript at the top level with nothing known about keys or scripts.
    std::vector<util::Bytes> solutions;
    const TxoutType type = Solver(script_pubkey, solutions);

    if (type == TxoutType::PUBKEY && IsNonHybridKey(solutions[0])) {
        return AddChecksum("pk(" + util::HexStr(solutions[0]) + ")");
    }
    if (type == TxoutType::MULTISIG) {
        // solutions: {k}, keys..., {n}
        const bool all_keys_ok = std::all_of(solutions.begin() + 1, solutions.end() - 1,
                                             [](const util::Bytes& key) { return IsNonHybridKey(key); });
        if (all_keys_ok) {
            std::string desc = "multi(" + std::to_string(solutions.front()[0]);
            for (auto it = solutions.begin() + 1; it != solutions.end() - 1; ++it) {
                desc += ',';
                desc += util::HexStr(*it);
            }
            desc += ')';
            return AddChecksum(desc);
        }
    }
    if (type == TxoutType::WITNESS_V1_TAPROOT) {
        // Without the internal key and tree Core prints the output key itself, if it is a point.
        const auto key = crypto::XOnlyPubKey::FromBytes(solutions[0]);
        if (key && key->IsFullyValid()) return AddChecksum("rawtr(" + util::HexStr(solutions[0]) + ")");
    }
    // Core: ExtractDestination succeeds and the destination's script is this script. Every script our
    // address encoder accepts is the canonical script of its address, and P2PK has no address.
    if (const auto address = EncodeAddress(script_pubkey, params)) return AddChecksum("addr(" + *address + ")");
    return AddChecksum("raw(" + util::HexStr(script_pubkey) + ")");
}

} // namespace hearth::script
