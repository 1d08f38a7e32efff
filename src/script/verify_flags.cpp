#include <hearth/script/verify_flags.h>

#include <array>
#include <cstdio>
#include <utility>

namespace hearth::script {

namespace {

// Bit order; names as Core's mapFlagNames.
constexpr std::array<std::pair<ScriptFlags, std::string_view>, SCRIPT_VERIFY_FLAG_BITS> FLAG_NAMES{{
    {SCRIPT_VERIFY_P2SH, "P2SH"},
    {SCRIPT_VERIFY_STRICTENC, "STRICTENC"},
    {SCRIPT_VERIFY_DERSIG, "DERSIG"},
    {SCRIPT_VERIFY_LOW_S, "LOW_S"},
    {SCRIPT_VERIFY_NULLDUMMY, "NULLDUMMY"},
    {SCRIPT_VERIFY_SIGPUSHONLY, "SIGPUSHONLY"},
    {SCRIPT_VERIFY_MINIMALDATA, "MINIMALDATA"},
    {SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS, "DISCOURAGE_UPGRADABLE_NOPS"},
    {SCRIPT_VERIFY_CLEANSTACK, "CLEANSTACK"},
    {SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY, "CHECKLOCKTIMEVERIFY"},
    {SCRIPT_VERIFY_CHECKSEQUENCEVERIFY, "CHECKSEQUENCEVERIFY"},
    {SCRIPT_VERIFY_WITNESS, "WITNESS"},
    {SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM, "DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM"},
    {SCRIPT_VERIFY_MINIMALIF, "MINIMALIF"},
    {SCRIPT_VERIFY_NULLFAIL, "NULLFAIL"},
    {SCRIPT_VERIFY_WITNESS_PUBKEYTYPE, "WITNESS_PUBKEYTYPE"},
    {SCRIPT_VERIFY_CONST_SCRIPTCODE, "CONST_SCRIPTCODE"},
    {SCRIPT_VERIFY_TAPROOT, "TAPROOT"},
    {SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION, "DISCOURAGE_UPGRADABLE_TAPROOT_VERSION"},
    {SCRIPT_VERIFY_DISCOURAGE_OP_SUCCESS, "DISCOURAGE_OP_SUCCESS"},
    {SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_PUBKEYTYPE, "DISCOURAGE_UPGRADABLE_PUBKEYTYPE"},
}};

std::string_view Trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

} // namespace

std::string_view ScriptFlagName(ScriptFlags flag)
{
    for (const auto& [bit, name] : FLAG_NAMES) {
        if (bit == flag) return name;
    }
    return "";
}

util::Result<ScriptFlags> ParseScriptFlags(std::string_view names)
{
    ScriptFlags flags = 0;
    names = Trim(names);
    if (names.empty()) return flags;
    while (true) {
        const size_t comma = names.find(',');
        const std::string_view word = Trim(names.substr(0, comma));
        if (word == "NONE") {
            // no bits
        } else if (word == "consensus") {
            flags |= CONSENSUS_SCRIPT_VERIFY_FLAGS;
        } else if (word == "standard") {
            flags |= STANDARD_SCRIPT_VERIFY_FLAGS;
        } else {
            bool found = false;
            for (const auto& [bit, name] : FLAG_NAMES) {
                if (name == word) {
                    flags |= bit;
                    found = true;
                    break;
                }
            }
            if (!found) {
                return util::Error{"unknown script verify flag \"" + std::string{word} +
                                   "\" (expected Core's names such as P2SH,WITNESS, or consensus/standard)"};
            }
        }
        if (comma == std::string_view::npos) break;
        names.remove_prefix(comma + 1);
    }
    return flags;
}

std::string FormatScriptFlags(ScriptFlags flags)
{
    std::string out;
    for (int bit = 0; bit < 32; ++bit) {
        const ScriptFlags f = ScriptFlags{1} << bit;
        if (!(flags & f)) continue;
        if (!out.empty()) out += ',';
        const std::string_view name = ScriptFlagName(f);
        if (name.empty()) {
            char buf[16];
            std::snprintf(buf, sizeof(buf), "0x%x", f);
            out += buf;
        } else {
            out += name;
        }
    }
    return out;
}

} // namespace hearth::script
