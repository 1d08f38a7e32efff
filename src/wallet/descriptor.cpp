#include <hearth/wallet/descriptor.h>

#include <hearth/crypto/hash.h>
#include <hearth/crypto/sha256.h>
#include <hearth/script/descriptor.h>
#include <hearth/script/script.h>
#include <hearth/serialize/stream.h>
#include <hearth/util/hex.h>

#include <algorithm>
#include <charconv>
#include <set>

namespace hearth::wallet {

namespace {

using script::Opcode;
using KeyPath = std::vector<uint32_t>;

// Core: MAX_PUBKEYS_PER_MULTISIG, MAX_PUBKEYS_PER_MULTI_A, MAX_SCRIPT_ELEMENT_SIZE,
// TAPROOT_CONTROL_MAX_NODE_COUNT, TAPROOT_LEAF_TAPSCRIPT.
constexpr size_t MAX_PUBKEYS_PER_MULTISIG = 20;
constexpr size_t MAX_PUBKEYS_PER_MULTI_A = 999;
constexpr size_t MAX_SCRIPT_ELEMENT_SIZE = 520;
constexpr size_t TAPROOT_CONTROL_MAX_NODE_COUNT = 128;
constexpr uint8_t TAPROOT_LEAF_TAPSCRIPT = 0xc0;

// ------------------------------------------------------------------------- Core's util/spanparsing

/// If `sp` starts with `str`, skips it and returns true.
bool Const(std::string_view str, std::string_view& sp)
{
    if (sp.substr(0, str.size()) != str) return false;
    sp.remove_prefix(str.size());
    return true;
}

/// If `sp` is `str(...)`, replaces it with what is between the parentheses and returns true.
bool Func(std::string_view str, std::string_view& sp)
{
    if (sp.size() >= str.size() + 2 && sp[str.size()] == '(' && sp.back() == ')' && sp.substr(0, str.size()) == str) {
        sp = sp.substr(str.size() + 1, sp.size() - str.size() - 2);
        return true;
    }
    return false;
}

/// The prefix of `sp` up to the first ',', ')' or '}' outside any parentheses or braces; `sp` keeps the rest.
std::string_view Expr(std::string_view& sp)
{
    int level = 0;
    size_t i = 0;
    for (; i < sp.size(); ++i) {
        const char c = sp[i];
        if (c == '(' || c == '{') {
            ++level;
        } else if (level && (c == ')' || c == '}')) {
            --level;
        } else if (level == 0 && (c == ')' || c == '}' || c == ',')) {
            break;
        }
    }
    const std::string_view ret = sp.substr(0, i);
    sp.remove_prefix(i);
    return ret;
}

/// Splits at every occurrence of any character of `seps` (empty parts kept; at least one part).
std::vector<std::string_view> Split(std::string_view sp, std::string_view seps)
{
    std::vector<std::string_view> out;
    size_t start = 0;
    for (size_t i = 0; i < sp.size(); ++i) {
        if (seps.find(sp[i]) != std::string_view::npos) {
            out.push_back(sp.substr(start, i - start));
            start = i + 1;
        }
    }
    out.push_back(sp.substr(start));
    return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\f' || c == '\n' || c == '\r' || c == '\t' || c == '\v'; }

/// Core's ToIntegral<uint32_t>: decimal digits only (no sign, no spaces), in range.
bool ToUInt32(std::string_view str, uint32_t& out)
{
    if (str.empty()) return false;
    const auto [ptr, ec] = std::from_chars(str.data(), str.data() + str.size(), out);
    return ec == std::errc{} && ptr == str.data() + str.size();
}

/// Core's ParseUInt32: as ToUInt32, but an optional leading '+' is accepted (strtoul's legacy).
bool ParseUInt32(std::string_view str, uint32_t& out)
{
    if (str.size() >= 2 && str[0] == '+' && str[1] == '-') return false;
    if (!str.empty() && str[0] == '+') str.remove_prefix(1);
    return ToUInt32(str, out);
}

// ---------------------------------------------------------------------------------------- scripts

util::Bytes P2pkh(const util::Uint160& hash)
{
    return std::move(script::Script{} << script::OP_DUP << script::OP_HASH160 << util::ByteSpan{hash.span()}
                                      << script::OP_EQUALVERIFY << script::OP_CHECKSIG)
        .bytes();
}

util::Bytes P2sh(util::ByteSpan redeem_script)
{
    const util::Uint160 hash = crypto::Hash160(redeem_script);
    return std::move(script::Script{} << script::OP_HASH160 << util::ByteSpan{hash.span()} << script::OP_EQUAL).bytes();
}

util::Bytes P2wpkh(const util::Uint160& hash)
{
    return std::move(script::Script{} << script::OP_0 << util::ByteSpan{hash.span()}).bytes();
}

util::Bytes P2wsh(util::ByteSpan witness_script)
{
    const util::Uint256 hash = crypto::Sha256Hash(witness_script);
    return std::move(script::Script{} << script::OP_0 << util::ByteSpan{hash.span()}).bytes();
}

util::Bytes P2tr(const crypto::XOnlyPubKey& output_key)
{
    return std::move(script::Script{} << script::OP_1 << output_key.span()).bytes();
}

/// The x-only form of a full key (drops the parity byte), as Core's XOnlyPubKey(CPubKey).
crypto::XOnlyPubKey XOnly(const crypto::PubKey& key) { return crypto::XOnlyPubKey::FromPubKey(key); }

// ---------------------------------------------------------------------------------------- keys

/// One key expression (Core's PubkeyProvider).
class PubkeyProvider
{
public:
    virtual ~PubkeyProvider() = default;
    /// The key at `pos`; nullopt if it needs a private key that is not there, or derivation fails.
    virtual std::optional<crypto::PubKey> GetPubKey(uint32_t pos) const = 0;
    virtual bool IsRange() const = 0;
    /// Serialized size of the key(s) it gives (33 or 65), for script size limits.
    virtual size_t GetSize() const = 0;
    virtual std::string ToString() const = 0;
};
using ProviderPtr = std::shared_ptr<const PubkeyProvider>;

/// A fixed key: hex (possibly x-only inside tr()) or the public key of a WIF.
class ConstPubkeyProvider final : public PubkeyProvider
{
public:
    ConstPubkeyProvider(crypto::PubKey pubkey, bool xonly) : m_pubkey{std::move(pubkey)}, m_xonly{xonly} {}
    std::optional<crypto::PubKey> GetPubKey(uint32_t) const override { return m_pubkey; }
    bool IsRange() const override { return false; }
    size_t GetSize() const override { return m_pubkey.size(); }
    std::string ToString() const override
    {
        const std::string hex = util::HexStr(m_pubkey.span());
        return m_xonly ? hex.substr(2) : hex;
    }

private:
    crypto::PubKey m_pubkey;
    bool m_xonly;
};

enum class DeriveType { NO, UNHARDENED, HARDENED };

/// An xpub or xprv with a path and an optional final ranged step (Core's BIP32PubkeyProvider).
class Bip32PubkeyProvider final : public PubkeyProvider
{
public:
    Bip32PubkeyProvider(ExtPubKey root, std::optional<ExtKey> root_priv, KeyPath path, DeriveType derive,
                        bool apostrophe, script::AddressParams params) :
        m_params{std::move(params)},
        m_root{std::move(root)}, m_root_priv{std::move(root_priv)}, m_path{std::move(path)}, m_derive{derive},
        m_apostrophe{apostrophe}
    {}

    std::optional<crypto::PubKey> GetPubKey(uint32_t pos) const override
    {
        std::vector<uint32_t> steps = m_path;
        if (m_derive == DeriveType::UNHARDENED) steps.push_back(pos & ~BIP32_HARDENED);
        if (m_derive == DeriveType::HARDENED) steps.push_back(pos | BIP32_HARDENED);
        if (IsHardened()) {
            // A hardened step needs the private key (Core: "Cannot derive script without private keys").
            if (!m_root_priv) return std::nullopt;
            ExtKey key = *m_root_priv;
            for (const uint32_t step : steps) {
                auto child = key.Derive(step);
                if (!child) return std::nullopt;
                key = std::move(*child);
            }
            return key.Neuter().pubkey;
        }
        ExtPubKey key = m_root;
        for (const uint32_t step : steps) {
            auto child = key.Derive(step);
            if (!child) return std::nullopt;
            key = std::move(*child);
        }
        return key.pubkey;
    }
    bool IsRange() const override { return m_derive != DeriveType::NO; }
    size_t GetSize() const override { return crypto::PubKey::COMPRESSED_SIZE; }
    std::string ToString() const override
    {
        std::string ret = EncodeExtPubKey(m_root, m_params) + FormatHdKeypath(m_path, m_apostrophe);
        if (IsRange()) {
            ret += "/*";
            if (m_derive == DeriveType::HARDENED) ret += m_apostrophe ? "'" : "h";
        }
        return ret;
    }

private:
    bool IsHardened() const
    {
        if (m_derive == DeriveType::HARDENED) return true;
        return std::any_of(m_path.begin(), m_path.end(), [](uint32_t i) { return i >= BIP32_HARDENED; });
    }

    /// The network whose version bytes the key was read with (it is printed with them again).
    script::AddressParams m_params;
    ExtPubKey m_root;
    std::optional<ExtKey> m_root_priv;
    KeyPath m_path;
    DeriveType m_derive;
    bool m_apostrophe;
};

/// A key with its origin [fingerprint/path] (Core's OriginPubkeyProvider).
class OriginPubkeyProvider final : public PubkeyProvider
{
public:
    OriginPubkeyProvider(Fingerprint fingerprint, KeyPath path, ProviderPtr inner, bool apostrophe) :
        m_fingerprint{fingerprint}, m_path{std::move(path)}, m_inner{std::move(inner)}, m_apostrophe{apostrophe}
    {}
    std::optional<crypto::PubKey> GetPubKey(uint32_t pos) const override { return m_inner->GetPubKey(pos); }
    bool IsRange() const override { return m_inner->IsRange(); }
    size_t GetSize() const override { return m_inner->GetSize(); }
    std::string ToString() const override
    {
        return "[" + util::HexStr(m_fingerprint) + FormatHdKeypath(m_path, m_apostrophe) + "]" + m_inner->ToString();
    }

private:
    Fingerprint m_fingerprint;
    KeyPath m_path;
    ProviderPtr m_inner;
    bool m_apostrophe;
};

// ---------------------------------------------------------------------------------------- descriptors

class DescriptorImpl : public Descriptor
{
public:
    using SubPtr = std::shared_ptr<const DescriptorImpl>;

    DescriptorImpl(std::string name, std::vector<ProviderPtr> keys, std::vector<SubPtr> subs = {}) :
        m_name{std::move(name)}, m_keys{std::move(keys)}, m_subs{std::move(subs)}
    {}

    bool IsRange() const override
    {
        return std::any_of(m_keys.begin(), m_keys.end(), [](const auto& k) { return k->IsRange(); }) ||
               std::any_of(m_subs.begin(), m_subs.end(), [](const auto& s) { return s->IsRange(); });
    }
    bool IsSolvable() const override
    {
        return std::all_of(m_subs.begin(), m_subs.end(), [](const auto& s) { return s->IsSolvable(); });
    }
    std::string ToStringNoChecksum() const override
    {
        // Core's ToStringHelper: name(extra,key,key,...,subscripts).
        const std::string extra = ToStringExtra();
        size_t pos = extra.empty() ? 0 : 1;
        std::string ret = m_name + "(" + extra;
        for (const auto& key : m_keys) {
            if (pos++) ret += ",";
            ret += key->ToString();
        }
        const std::string sub = ToStringSubScripts();
        if (pos && !sub.empty()) ret += ",";
        return ret + sub + ")";
    }
    std::optional<std::vector<util::Bytes>> Expand(uint32_t pos) const override
    {
        std::vector<crypto::PubKey> pubkeys;
        for (const auto& key : m_keys) {
            auto pubkey = key->GetPubKey(pos);
            if (!pubkey) return std::nullopt;
            pubkeys.push_back(std::move(*pubkey));
        }
        std::vector<util::Bytes> subscripts;
        for (const auto& sub : m_subs) {
            auto scripts = sub->Expand(pos);
            if (!scripts) return std::nullopt;
            Assert(scripts->size() == 1);
            subscripts.push_back(std::move(scripts->front()));
        }
        auto out = MakeScripts(pubkeys, subscripts);
        if (out.empty()) return std::nullopt;
        return out;
    }

protected:
    virtual std::string ToStringExtra() const { return {}; }
    virtual std::string ToStringSubScripts() const
    {
        std::string ret;
        for (size_t i = 0; i < m_subs.size(); ++i) ret += (i ? "," : "") + m_subs[i]->ToStringNoChecksum();
        return ret;
    }
    virtual std::vector<util::Bytes> MakeScripts(const std::vector<crypto::PubKey>& keys,
                                                 const std::vector<util::Bytes>& subscripts) const = 0;

    std::string m_name;
    std::vector<ProviderPtr> m_keys;
    std::vector<SubPtr> m_subs;
};

class AddressDescriptor final : public DescriptorImpl
{
public:
    AddressDescriptor(util::Bytes script, std::string address) :
        DescriptorImpl{"addr", {}}, m_script{std::move(script)}, m_address{std::move(address)}
    {}
    bool IsSolvable() const override { return false; }

private:
    std::string ToStringExtra() const override { return m_address; }
    std::vector<util::Bytes> MakeScripts(const std::vector<crypto::PubKey>&,
                                         const std::vector<util::Bytes>&) const override
    {
        return {m_script};
    }
    util::Bytes m_script;
    std::string m_address;
};

class RawDescriptor final : public DescriptorImpl
{
public:
    explicit RawDescriptor(util::Bytes script) : DescriptorImpl{"raw", {}}, m_script{std::move(script)} {}
    bool IsSolvable() const override { return false; }

private:
    std::string ToStringExtra() const override { return util::HexStr(m_script); }
    std::vector<util::Bytes> MakeScripts(const std::vector<crypto::PubKey>&,
                                         const std::vector<util::Bytes>&) const override
    {
        return {m_script};
    }
    util::Bytes m_script;
};

class PkDescriptor final : public DescriptorImpl
{
public:
    PkDescriptor(ProviderPtr key, bool xonly) : DescriptorImpl{"pk", {std::move(key)}}, m_xonly{xonly} {}

private:
    std::vector<util::Bytes> MakeScripts(const std::vector<crypto::PubKey>& keys,
                                         const std::vector<util::Bytes>&) const override
    {
        // Tapscript pk() pushes the 32-byte x-only key (BIP342).
        const crypto::XOnlyPubKey xonly = XOnly(keys[0]);
        const util::ByteSpan key = m_xonly ? xonly.span() : keys[0].span();
        return {std::move(script::Script{} << key << script::OP_CHECKSIG).bytes()};
    }
    bool m_xonly;
};

class PkhDescriptor final : public DescriptorImpl
{
public:
    PkhDescriptor(ProviderPtr key, bool xonly) : DescriptorImpl{"pkh", {std::move(key)}}, m_xonly{xonly} {}

private:
    std::vector<util::Bytes> MakeScripts(const std::vector<crypto::PubKey>& keys,
                                         const std::vector<util::Bytes>&) const override
    {
        // In tapscript (miniscript's pkh) the hash is of the x-only key.
        return {P2pkh(crypto::Hash160(m_xonly ? XOnly(keys[0]).span() : keys[0].span()))};
    }
    bool m_xonly;
};

class WpkhDescriptor final : public DescriptorImpl
{
public:
    explicit WpkhDescriptor(ProviderPtr key) : DescriptorImpl{"wpkh", {std::move(key)}} {}

private:
    std::vector<util::Bytes> MakeScripts(const std::vector<crypto::PubKey>& keys,
                                         const std::vector<util::Bytes>&) const override
    {
        return {P2wpkh(keys[0].GetId())};
    }
};

class ComboDescriptor final : public DescriptorImpl
{
public:
    explicit ComboDescriptor(ProviderPtr key) : DescriptorImpl{"combo", {std::move(key)}} {}

private:
    std::vector<util::Bytes> MakeScripts(const std::vector<crypto::PubKey>& keys,
                                         const std::vector<util::Bytes>&) const override
    {
        // Core's ComboDescriptor: P2PK, P2PKH, and for compressed keys also P2WPKH and P2SH-P2WPKH.
        const util::Uint160 id = keys[0].GetId();
        std::vector<util::Bytes> ret;
        ret.push_back(std::move(script::Script{} << keys[0].span() << script::OP_CHECKSIG).bytes());
        ret.push_back(P2pkh(id));
        if (keys[0].IsCompressed()) {
            util::Bytes p2wpkh = P2wpkh(id);
            ret.push_back(p2wpkh);
            ret.push_back(P2sh(p2wpkh));
        }
        return ret;
    }
};

class MultisigDescriptor final : public DescriptorImpl
{
public:
    MultisigDescriptor(uint32_t threshold, std::vector<ProviderPtr> keys, bool sorted) :
        DescriptorImpl{sorted ? "sortedmulti" : "multi", std::move(keys)}, m_threshold{threshold}, m_sorted{sorted}
    {}

private:
    std::string ToStringExtra() const override { return std::to_string(m_threshold); }
    std::vector<util::Bytes> MakeScripts(const std::vector<crypto::PubKey>& keys,
                                         const std::vector<util::Bytes>&) const override
    {
        std::vector<crypto::PubKey> sorted = keys;
        // BIP67 for sortedmulti: keys in lexicographic order of their serialization.
        if (m_sorted) std::sort(sorted.begin(), sorted.end());
        script::Script s;
        s << static_cast<int64_t>(m_threshold);
        for (const auto& key : sorted) s << key.span();
        s << static_cast<int64_t>(sorted.size()) << script::OP_CHECKMULTISIG;
        return {std::move(s).bytes()};
    }
    uint32_t m_threshold;
    bool m_sorted;
};

class MultiADescriptor final : public DescriptorImpl
{
public:
    MultiADescriptor(uint32_t threshold, std::vector<ProviderPtr> keys, bool sorted) :
        DescriptorImpl{sorted ? "sortedmulti_a" : "multi_a", std::move(keys)}, m_threshold{threshold}, m_sorted{sorted}
    {}

private:
    std::string ToStringExtra() const override { return std::to_string(m_threshold); }
    std::vector<util::Bytes> MakeScripts(const std::vector<crypto::PubKey>& keys,
                                         const std::vector<util::Bytes>&) const override
    {
        // BIP387: <k1> CHECKSIG <k2> CHECKSIGADD ... <kn> CHECKSIGADD <threshold> NUMEQUAL.
        std::vector<crypto::XOnlyPubKey> xkeys;
        for (const auto& key : keys) xkeys.push_back(XOnly(key));
        if (m_sorted) std::sort(xkeys.begin(), xkeys.end());
        script::Script s;
        s << xkeys[0].span() << script::OP_CHECKSIG;
        for (size_t i = 1; i < xkeys.size(); ++i) s << xkeys[i].span() << script::OP_CHECKSIGADD;
        s << static_cast<int64_t>(m_threshold) << script::OP_NUMEQUAL;
        return {std::move(s).bytes()};
    }
    uint32_t m_threshold;
    bool m_sorted;
};

class ShDescriptor final : public DescriptorImpl
{
public:
    explicit ShDescriptor(SubPtr sub) : DescriptorImpl{"sh", {}, {std::move(sub)}} {}

private:
    std::vector<util::Bytes> MakeScripts(const std::vector<crypto::PubKey>&,
                                         const std::vector<util::Bytes>& subs) const override
    {
        return {P2sh(subs[0])};
    }
};

class WshDescriptor final : public DescriptorImpl
{
public:
    explicit WshDescriptor(SubPtr sub) : DescriptorImpl{"wsh", {}, {std::move(sub)}} {}

private:
    std::vector<util::Bytes> MakeScripts(const std::vector<crypto::PubKey>&,
                                         const std::vector<util::Bytes>& subs) const override
    {
        return {P2wsh(subs[0])};
    }
};

/// BIP341 TapLeaf hash of a tapscript leaf.
util::Uint256 TapLeafHash(util::ByteSpan leaf_script)
{
    util::Bytes data{TAPROOT_LEAF_TAPSCRIPT};
    serialize::VectorWriter w{data};
    serialize::WriteCompactSize(w, leaf_script.size());
    util::Append(data, leaf_script);
    return crypto::TaggedHash("TapLeaf", data);
}

/// BIP341 TapBranch hash: the two children in lexicographic order.
util::Uint256 TapBranchHash(const util::Uint256& a, const util::Uint256& b)
{
    util::Bytes data;
    const bool a_first = std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
    util::Append(data, a_first ? a.span() : b.span());
    util::Append(data, a_first ? b.span() : a.span());
    return crypto::TaggedHash("TapBranch", data);
}

class TrDescriptor final : public DescriptorImpl
{
public:
    TrDescriptor(ProviderPtr internal_key, std::vector<SubPtr> leaves, std::vector<int> depths) :
        DescriptorImpl{"tr", {std::move(internal_key)}, std::move(leaves)}, m_depths{std::move(depths)}
    {
        Assert(m_depths.size() == m_subs.size());
    }

private:
    std::string ToStringSubScripts() const override
    {
        // Core's TRDescriptor::ToStringSubScriptHelper: the tree in {left,right} form from the leaf depths.
        std::string ret;
        std::vector<bool> path;
        for (size_t pos = 0; pos < m_depths.size(); ++pos) {
            if (pos) ret += ',';
            while (static_cast<int>(path.size()) <= m_depths[pos]) {
                if (!path.empty()) ret += '{';
                path.push_back(false);
            }
            ret += m_subs[pos]->ToStringNoChecksum();
            while (!path.empty() && path.back()) {
                if (path.size() > 1) ret += '}';
                path.pop_back();
            }
            if (!path.empty()) path.back() = true;
        }
        return ret;
    }
    std::vector<util::Bytes> MakeScripts(const std::vector<crypto::PubKey>& keys,
                                         const std::vector<util::Bytes>& leaves) const override
    {
        // Merkle root of the script tree: leaves come in depth-first order, so merging equal-depth
        // neighbours on a stack rebuilds the tree (the parser only accepts complete trees).
        std::vector<std::pair<int, util::Uint256>> stack;
        for (size_t i = 0; i < leaves.size(); ++i) {
            stack.emplace_back(m_depths[i], TapLeafHash(leaves[i]));
            while (stack.size() >= 2 && stack[stack.size() - 1].first == stack[stack.size() - 2].first) {
                const auto right = stack.back();
                stack.pop_back();
                const auto left = stack.back();
                stack.pop_back();
                stack.emplace_back(left.first - 1, TapBranchHash(left.second, right.second));
            }
        }
        if (!leaves.empty() && (stack.size() != 1 || stack[0].first != 0)) return {};
        const crypto::XOnlyPubKey internal = XOnly(keys[0]);
        if (!internal.IsFullyValid()) return {};
        const util::Uint256* root = stack.empty() ? nullptr : &stack[0].second;
        const auto output = internal.CreateTapTweak(root);
        if (!output) return {};
        return {P2tr(output->first)};
    }
    std::vector<int> m_depths;
};

class RawTrDescriptor final : public DescriptorImpl
{
public:
    explicit RawTrDescriptor(ProviderPtr key) : DescriptorImpl{"rawtr", {std::move(key)}} {}

private:
    std::vector<util::Bytes> MakeScripts(const std::vector<crypto::PubKey>& keys,
                                         const std::vector<util::Bytes>&) const override
    {
        return {P2tr(XOnly(keys[0]))};
    }
};

// ---------------------------------------------------------------------------------------- parser

enum class Ctx {
    TOP,    ///< the scriptPubKey itself
    P2SH,   ///< inside sh(): the redeem script
    P2WPKH, ///< inside wpkh(): a key only
    P2WSH,  ///< inside wsh(): the witness script
    P2TR,   ///< inside tr(): the internal key or a tapscript leaf
};

struct Parser {
    const script::AddressParams& params;
    std::map<util::Uint160, crypto::PrivKey>& keys;
    std::string& error;

    std::optional<uint32_t> ParseKeyPathNum(std::string_view elem, bool& apostrophe)
    {
        bool hardened = false;
        if (!elem.empty() && (elem.back() == '\'' || elem.back() == 'h')) {
            apostrophe = elem.back() == '\'';
            elem.remove_suffix(1);
            hardened = true;
        }
        uint32_t p = 0;
        // Core rejects "+1" here (descriptor_tests: "Key path value '+1' is not a valid uint32").
        if (!ToUInt32(elem, p)) {
            error = "Key path value '" + std::string{elem} + "' is not a valid uint32";
            return std::nullopt;
        }
        if (p > 0x7FFFFFFFUL) {
            error = "Key path value " + std::to_string(p) + " is out of range";
            return std::nullopt;
        }
        return p | (hardened ? BIP32_HARDENED : 0);
    }

    /// Core's ParseKeyPath: split[0] (the key or fingerprint) is skipped; a multipath step <a;b;...> yields one
    /// path per alternative.
    bool ParseKeyPath(const std::vector<std::string_view>& split, std::vector<KeyPath>& out, bool& apostrophe,
                      bool allow_multipath)
    {
        KeyPath path;
        std::optional<size_t> multipath_index;
        std::vector<uint32_t> multipath_values;
        std::set<uint32_t> seen;
        for (size_t i = 1; i < split.size(); ++i) {
            const std::string_view elem = split[i];
            if (!elem.empty() && elem.front() == '<' && elem.back() == '>') {
                if (!allow_multipath) {
                    error = "Key path value '" + std::string{elem} +
                            "' specifies multipath in a section where multipath is not allowed";
                    return false;
                }
                if (multipath_index) {
                    error = "Multiple multipath key path specifiers found";
                    return false;
                }
                const auto nums = Split(elem.substr(1, elem.size() - 2), ";");
                if (nums.size() < 2) {
                    error = "Multipath key path specifiers must have at least two items";
                    return false;
                }
                for (const auto num : nums) {
                    const auto value = ParseKeyPathNum(num, apostrophe);
                    if (!value) return false;
                    if (!seen.insert(*value).second) {
                        error = "Duplicated key path value " + std::to_string(*value) + " in multipath specifier";
                        return false;
                    }
                    multipath_values.push_back(*value);
                }
                path.emplace_back();
                multipath_index = path.size() - 1;
            } else {
                const auto value = ParseKeyPathNum(elem, apostrophe);
                if (!value) return false;
                path.push_back(*value);
            }
        }
        if (!multipath_index) {
            out.push_back(std::move(path));
        } else {
            for (const uint32_t value : multipath_values) {
                KeyPath branch = path;
                branch[*multipath_index] = value;
                out.push_back(std::move(branch));
            }
        }
        return true;
    }

    /// A key without origin (Core's ParsePubkeyInner).
    std::vector<ProviderPtr> ParsePubkeyInner(std::string_view sp, Ctx ctx, bool& apostrophe)
    {
        const bool permit_uncompressed = ctx == Ctx::TOP || ctx == Ctx::P2SH;
        auto split = Split(sp, "/");
        const std::string str{split[0]};
        if (str.empty()) {
            error = "No key provided";
            return {};
        }
        if (IsSpace(str.front()) || IsSpace(str.back())) {
            error = "Key '" + str + "' is invalid due to whitespace";
            return {};
        }
        if (split.size() == 1) {
            if (util::IsHex(str)) {
                const util::Bytes data = *util::ParseHex(str);
                crypto::PubKey pubkey{data};
                // 06/07 keys: consensus tolerates them, descriptors never (Core's IsValidNonHybrid).
                if (pubkey.IsValid() && data[0] != 2 && data[0] != 3 && data[0] != 4) {
                    error = "Hybrid public keys are not allowed";
                    return {};
                }
                if (pubkey.IsValid() && pubkey.IsFullyValid()) {
                    if (permit_uncompressed || pubkey.IsCompressed()) {
                        return {std::make_shared<ConstPubkeyProvider>(pubkey, false)};
                    }
                    error = "Uncompressed keys are not allowed";
                    return {};
                }
                if (data.size() == 32 && ctx == Ctx::P2TR) {
                    // An x-only key stands for the point with even y (BIP340).
                    util::Bytes full{0x02};
                    util::Append(full, data);
                    crypto::PubKey even{full};
                    if (even.IsFullyValid()) return {std::make_shared<ConstPubkeyProvider>(even, true)};
                }
                error = "Pubkey '" + str + "' is invalid";
                return {};
            }
            crypto::PrivKey key = script::DecodeSecret(str, params);
            if (key.IsValid()) {
                if (permit_uncompressed || key.IsCompressed()) {
                    const crypto::PubKey pubkey = key.GetPubKey();
                    keys.emplace(pubkey.GetId(), key);
                    return {std::make_shared<ConstPubkeyProvider>(pubkey, ctx == Ctx::P2TR)};
                }
                error = "Uncompressed keys are not allowed";
                return {};
            }
        }
        std::optional<ExtKey> extkey = DecodeExtKey(str, params);
        std::optional<ExtPubKey> extpubkey = DecodeExtPubKey(str, params);
        if (!extkey && !extpubkey) {
            error = "key '" + str + "' is not valid";
            return {};
        }
        DeriveType type = DeriveType::NO;
        if (split.back() == "*") {
            split.pop_back();
            type = DeriveType::UNHARDENED;
        } else if (split.back() == "*'" || split.back() == "*h") {
            apostrophe = split.back() == "*'";
            split.pop_back();
            type = DeriveType::HARDENED;
        }
        std::vector<KeyPath> paths;
        if (!ParseKeyPath(split, paths, apostrophe, /*allow_multipath=*/true)) return {};
        if (extkey) {
            extpubkey = extkey->Neuter();
            keys.emplace(extpubkey->pubkey.GetId(), extkey->key);
        }
        std::vector<ProviderPtr> ret;
        for (auto& path : paths) {
            ret.push_back(
                std::make_shared<Bip32PubkeyProvider>(*extpubkey, extkey, std::move(path), type, apostrophe, params));
        }
        return ret;
    }

    /// A key with an optional origin (Core's ParsePubkey).
    std::vector<ProviderPtr> ParsePubkey(std::string_view sp, Ctx ctx)
    {
        const auto origin_split = Split(sp, "]");
        if (origin_split.size() > 2) {
            error = "Multiple ']' characters found for a single pubkey";
            return {};
        }
        // Whether ' (rather than h) was used; the origin and the key's own path share it, as in Core.
        bool apostrophe = false;
        if (origin_split.size() == 1) return ParsePubkeyInner(origin_split[0], ctx, apostrophe);
        if (origin_split[0].empty() || origin_split[0][0] != '[') {
            error = std::string{"Key origin start '[ character expected but not found, got '"} +
                    (origin_split[0].empty() ? ']' : origin_split[0][0]) + "' instead";
            return {};
        }
        const auto slash_split = Split(origin_split[0].substr(1), "/");
        if (slash_split[0].size() != 8) {
            error = "Fingerprint is not 4 bytes (" + std::to_string(slash_split[0].size()) +
                    " characters instead of 8 characters)";
            return {};
        }
        const std::string fpr_hex{slash_split[0]};
        if (!util::IsHex(fpr_hex)) {
            error = "Fingerprint '" + fpr_hex + "' is not hex";
            return {};
        }
        Fingerprint fpr;
        const auto fpr_bytes = *util::ParseHex(fpr_hex);
        std::copy(fpr_bytes.begin(), fpr_bytes.end(), fpr.begin());
        std::vector<KeyPath> path;
        if (!ParseKeyPath(slash_split, path, apostrophe, /*allow_multipath=*/false)) return {};
        auto providers = ParsePubkeyInner(origin_split[1], ctx, apostrophe);
        if (providers.empty()) return {};
        std::vector<ProviderPtr> ret;
        for (auto& provider : providers) {
            ret.push_back(std::make_shared<OriginPubkeyProvider>(fpr, path.at(0), std::move(provider), apostrophe));
        }
        return ret;
    }

    /// Several multipath-expanded lists must all have one element or the same number (Core's rule); returns
    /// that number, or 0 with `error` set.
    template <typename T>
    size_t MultipathLength(std::vector<std::vector<T>>& lists, size_t start_len, const std::string& mismatch)
    {
        size_t len = start_len;
        for (const auto& list : lists) len = std::max(len, list.size());
        for (auto& list : lists) {
            if (list.size() == 1) {
                while (list.size() < len) list.push_back(list[0]);
            } else if (list.size() != len) {
                error = mismatch;
                return 0;
            }
        }
        return len;
    }

    /// Core's ParseScript.
    std::vector<std::shared_ptr<const DescriptorImpl>> ParseScript(std::string_view& sp, Ctx ctx)
    {
        std::vector<std::shared_ptr<const DescriptorImpl>> ret;
        auto expr = Expr(sp);
        if (Func("pk", expr)) {
            auto pubkeys = ParsePubkey(expr, ctx);
            if (pubkeys.empty()) {
                error = "pk(): " + error;
                return {};
            }
            for (auto& key : pubkeys) ret.push_back(std::make_shared<PkDescriptor>(key, ctx == Ctx::P2TR));
            return ret;
        }
        if ((ctx == Ctx::TOP || ctx == Ctx::P2SH || ctx == Ctx::P2WSH || ctx == Ctx::P2TR) && Func("pkh", expr)) {
            // In tr() this is miniscript's pkh (Core parses it there through miniscript).
            auto pubkeys = ParsePubkey(expr, ctx);
            if (pubkeys.empty()) {
                error = "pkh(): " + error;
                return {};
            }
            for (auto& key : pubkeys) ret.push_back(std::make_shared<PkhDescriptor>(key, ctx == Ctx::P2TR));
            return ret;
        }
        if (ctx == Ctx::TOP && Func("combo", expr)) {
            auto pubkeys = ParsePubkey(expr, ctx);
            if (pubkeys.empty()) {
                error = "combo(): " + error;
                return {};
            }
            for (auto& key : pubkeys) ret.push_back(std::make_shared<ComboDescriptor>(key));
            return ret;
        } else if (Func("combo", expr)) {
            error = "Can only have combo() at top level";
            return {};
        }
        const bool multi = Func("multi", expr);
        const bool sortedmulti = !multi && Func("sortedmulti", expr);
        const bool multi_a = !(multi || sortedmulti) && Func("multi_a", expr);
        const bool sortedmulti_a = !(multi || sortedmulti || multi_a) && Func("sortedmulti_a", expr);
        if (((ctx == Ctx::TOP || ctx == Ctx::P2SH || ctx == Ctx::P2WSH) && (multi || sortedmulti)) ||
            (ctx == Ctx::P2TR && (multi_a || sortedmulti_a))) {
            const auto threshold = Expr(expr);
            uint32_t thres = 0;
            if (!ParseUInt32(threshold, thres)) {
                error = "Multi threshold '" + std::string{threshold} + "' is not valid";
                return {};
            }
            std::vector<std::vector<ProviderPtr>> providers;
            size_t script_size = 0;
            while (!expr.empty()) {
                if (!Const(",", expr)) {
                    error = std::string{"Multi: expected ',', got '"} + expr[0] + "'";
                    return {};
                }
                const auto arg = Expr(expr);
                auto pks = ParsePubkey(arg, ctx);
                if (pks.empty()) {
                    error = "Multi: " + error;
                    return {};
                }
                script_size += pks.at(0)->GetSize() + 1;
                providers.push_back(std::move(pks));
            }
            if ((multi || sortedmulti) && (providers.empty() || providers.size() > MAX_PUBKEYS_PER_MULTISIG)) {
                error = "Cannot have " + std::to_string(providers.size()) +
                        " keys in multisig; must have between 1 and " + std::to_string(MAX_PUBKEYS_PER_MULTISIG) +
                        " keys, inclusive";
                return {};
            } else if ((multi_a || sortedmulti_a) &&
                       (providers.empty() || providers.size() > MAX_PUBKEYS_PER_MULTI_A)) {
                error = "Cannot have " + std::to_string(providers.size()) +
                        " keys in multi_a; must have between 1 and " + std::to_string(MAX_PUBKEYS_PER_MULTI_A) +
                        " keys, inclusive";
                return {};
            } else if (thres < 1) {
                error = "Multisig threshold cannot be " + std::to_string(thres) + ", must be at least 1";
                return {};
            } else if (thres > providers.size()) {
                error = "Multisig threshold cannot be larger than the number of keys; threshold is " +
                        std::to_string(thres) + " but only " + std::to_string(providers.size()) + " keys specified";
                return {};
            }
            if (ctx == Ctx::TOP && providers.size() > 3) {
                error = "Cannot have " + std::to_string(providers.size()) +
                        " pubkeys in bare multisig; only at most 3 pubkeys";
                return {};
            }
            // A redeem script is one push: at most 520 bytes (15 compressed keys).
            if (ctx == Ctx::P2SH && script_size + 3 > MAX_SCRIPT_ELEMENT_SIZE) {
                error = "P2SH script is too large, " + std::to_string(script_size + 3) + " bytes is larger than " +
                        std::to_string(MAX_SCRIPT_ELEMENT_SIZE) + " bytes";
                return {};
            }
            const size_t len =
                MultipathLength(providers, 1, "multi(): Multipath derivation paths have mismatched lengths");
            if (len == 0) return {};
            for (size_t i = 0; i < len; ++i) {
                std::vector<ProviderPtr> pubs;
                for (const auto& list : providers) pubs.push_back(list[i]);
                if (multi || sortedmulti) {
                    ret.push_back(std::make_shared<MultisigDescriptor>(thres, std::move(pubs), sortedmulti));
                } else {
                    ret.push_back(std::make_shared<MultiADescriptor>(thres, std::move(pubs), sortedmulti_a));
                }
            }
            return ret;
        } else if (multi || sortedmulti) {
            error = "Can only have multi/sortedmulti at top level, in sh(), or in wsh()";
            return {};
        } else if (multi_a || sortedmulti_a) {
            error = "Can only have multi_a/sortedmulti_a inside tr()";
            return {};
        }
        if ((ctx == Ctx::TOP || ctx == Ctx::P2SH) && Func("wpkh", expr)) {
            auto pubkeys = ParsePubkey(expr, Ctx::P2WPKH);
            if (pubkeys.empty()) {
                error = "wpkh(): " + error;
                return {};
            }
            for (auto& key : pubkeys) ret.push_back(std::make_shared<WpkhDescriptor>(key));
            return ret;
        } else if (Func("wpkh", expr)) {
            error = "Can only have wpkh() at top level or inside sh()";
            return {};
        }
        if (ctx == Ctx::TOP && Func("sh", expr)) {
            auto descs = ParseScript(expr, Ctx::P2SH);
            if (descs.empty() || !expr.empty()) return {};
            for (auto& desc : descs) ret.push_back(std::make_shared<ShDescriptor>(desc));
            return ret;
        } else if (Func("sh", expr)) {
            error = "Can only have sh() at top level";
            return {};
        }
        if ((ctx == Ctx::TOP || ctx == Ctx::P2SH) && Func("wsh", expr)) {
            auto descs = ParseScript(expr, Ctx::P2WSH);
            if (descs.empty() || !expr.empty()) return {};
            for (auto& desc : descs) ret.push_back(std::make_shared<WshDescriptor>(desc));
            return ret;
        } else if (Func("wsh", expr)) {
            error = "Can only have wsh() at top level or inside sh()";
            return {};
        }
        if (ctx == Ctx::TOP && Func("addr", expr)) {
            auto script = script::DecodeAddress(expr, params);
            if (!script) {
                error = "Address is not valid";
                return {};
            }
            // Printed re-encoded (lowercase bech32), as Core's EncodeDestination.
            std::string address = script::EncodeAddress(*script, params).value_or(std::string{expr});
            ret.push_back(std::make_shared<AddressDescriptor>(std::move(*script), std::move(address)));
            return ret;
        } else if (Func("addr", expr)) {
            error = "Can only have addr() at top level";
            return {};
        }
        if (ctx == Ctx::TOP && Func("tr", expr)) {
            auto arg = Expr(expr);
            auto internal_keys = ParsePubkey(arg, Ctx::P2TR);
            if (internal_keys.empty()) {
                error = "tr(): " + error;
                return {};
            }
            std::vector<std::vector<std::shared_ptr<const DescriptorImpl>>> subscripts;
            std::vector<int> depths;
            if (!expr.empty()) {
                if (!Const(",", expr)) {
                    error = std::string{"tr: expected ',', got '"} + expr[0] + "'";
                    return {};
                }
                // The path from the root to the current leaf: false = in a left branch, true = in a right one.
                std::vector<bool> branches;
                do {
                    while (Const("{", expr)) {
                        branches.push_back(false);
                        if (branches.size() > TAPROOT_CONTROL_MAX_NODE_COUNT) {
                            error = "tr() supports at most " + std::to_string(TAPROOT_CONTROL_MAX_NODE_COUNT) +
                                    " nesting levels";
                            return {};
                        }
                    }
                    auto sarg = Expr(expr);
                    subscripts.push_back(ParseScript(sarg, Ctx::P2TR));
                    if (subscripts.back().empty()) return {};
                    depths.push_back(static_cast<int>(branches.size()));
                    while (!branches.empty() && branches.back()) {
                        if (!Const("}", expr)) {
                            error = "tr(): expected '}' after script expression";
                            return {};
                        }
                        branches.pop_back();
                    }
                    if (!branches.empty() && !branches.back()) {
                        if (!Const(",", expr)) {
                            error = "tr(): expected ',' after script expression";
                            return {};
                        }
                        branches.back() = true;
                    }
                } while (!branches.empty());
                if (!expr.empty()) {
                    error = "tr(): expected ')' after script expression";
                    return {};
                }
            }
            const size_t len =
                MultipathLength(subscripts, internal_keys.size(), "tr(): Multipath subscripts have mismatched lengths");
            if (len == 0) return {};
            if (internal_keys.size() > 1 && internal_keys.size() != len) {
                error = "tr(): Multipath internal key mismatches multipath subscripts lengths";
                return {};
            }
            while (internal_keys.size() < len) internal_keys.push_back(internal_keys[0]);
            for (size_t i = 0; i < len; ++i) {
                std::vector<std::shared_ptr<const DescriptorImpl>> leaves;
                for (const auto& list : subscripts) leaves.push_back(list[i]);
                ret.push_back(std::make_shared<TrDescriptor>(internal_keys[i], std::move(leaves), depths));
            }
            return ret;
        } else if (Func("tr", expr)) {
            error = "Can only have tr at top level";
            return {};
        }
        if (ctx == Ctx::TOP && Func("rawtr", expr)) {
            auto arg = Expr(expr);
            if (!expr.empty()) {
                error = "rawtr(): only one key expected.";
                return {};
            }
            auto output_keys = ParsePubkey(arg, Ctx::P2TR);
            if (output_keys.empty()) {
                error = "rawtr(): " + error;
                return {};
            }
            for (auto& key : output_keys) ret.push_back(std::make_shared<RawTrDescriptor>(key));
            return ret;
        } else if (Func("rawtr", expr)) {
            error = "Can only have rawtr at top level";
            return {};
        }
        if (ctx == Ctx::TOP && Func("raw", expr)) {
            const std::string str{expr};
            if (!util::IsHex(str)) {
                error = "Raw script is not hex";
                return {};
            }
            ret.push_back(std::make_shared<RawDescriptor>(*util::ParseHex(str)));
            return ret;
        } else if (Func("raw", expr)) {
            error = "Can only have raw() at top level";
            return {};
        }
        // Core would try miniscript here (inside wsh() and tr()); Hearth does not parse miniscript yet.
        if (ctx == Ctx::P2SH) {
            error = "A function is needed within P2SH";
            return {};
        } else if (ctx == Ctx::P2WSH) {
            error = "A function is needed within P2WSH";
            return {};
        }
        error = "'" + std::string{expr} + "' is not a valid descriptor function";
        return {};
    }
};

} // namespace

std::string Descriptor::ToString() const { return script::AddChecksum(ToStringNoChecksum()); }

util::Result<ParsedDescriptor> ParseDescriptor(std::string_view descriptor, const script::AddressParams& params,
                                               bool require_checksum)
{
    auto body = script::CheckChecksum(descriptor, require_checksum);
    if (!body) return util::Error{body.error()};
    std::string_view sp = *body;
    ParsedDescriptor out;
    std::string error;
    Parser parser{params, out.keys, error};
    auto descs = parser.ParseScript(sp, Ctx::TOP);
    // Anything left after a complete expression fails without a message, as in Core.
    if (!sp.empty() || descs.empty()) return util::Error{error};
    for (auto& desc : descs) out.descriptors.push_back(std::move(desc));
    return out;
}

} // namespace hearth::wallet
