#include <hearth/node/args.h>

#include <hearth/util/check.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <limits>
#include <sstream>
#include <system_error>

namespace hearth::node {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view WHITESPACE{" \t\r\n"};

std::string_view Trim(std::string_view s)
{
    const size_t begin = s.find_first_not_of(WHITESPACE);
    if (begin == std::string_view::npos) return {};
    const size_t end = s.find_last_not_of(WHITESPACE);
    return s.substr(begin, end - begin + 1);
}

/// "-foo" → "foo".
std::string SettingName(const std::string& arg) { return !arg.empty() && arg[0] == '-' ? arg.substr(1) : arg; }

/// A key split into optional "section." prefix, "no" negation and name (Core's InterpretKey).
struct KeyInfo {
    std::string name;
    std::string section;
    bool negated{false};
};

KeyInfo InterpretKey(std::string key)
{
    KeyInfo result;
    const size_t dot = key.find('.');
    if (dot != std::string::npos) {
        result.section = key.substr(0, dot);
        key.erase(0, dot + 1);
    }
    if (key.starts_with("no")) {
        key.erase(0, 2);
        result.negated = true;
    }
    result.name = key;
    return result;
}

/// Turns a raw value into a stored setting (Core's InterpretValue). Negations become false, except the
/// double negative `-nofoo=0`, which Core accepts (discouraged) as true.
util::Result<SettingValue> InterpretValue(const KeyInfo& key, const std::string* value, unsigned flags)
{
    if (key.negated) {
        if (flags & ArgsManager::DISALLOW_NEGATION) {
            return util::Error{"Negating of -" + key.name + " is meaningless and therefore forbidden"};
        }
        if (value && !InterpretBool(*value)) return SettingValue{true};
        return SettingValue{false};
    }
    if (!value && (flags & ArgsManager::DISALLOW_ELISION)) {
        return util::Error{"Can not set -" + key.name + " with no value. Please specify value with -" + key.name +
                           "=value."};
    }
    return SettingValue{value ? *value : std::string{}};
}

bool IsFalse(const SettingValue& v) { return std::holds_alternative<bool>(v) && !std::get<bool>(v); }

/// View of one source's values for a name, understanding negation (Core's SettingsSpan): values before the
/// last negation are dropped.
struct SettingsSpan {
    const std::vector<SettingValue>* values{nullptr};

    size_t size() const { return values ? values->size() : 0; }
    /// Number of leading values cancelled by the last negation (its index + 1), 0 if none.
    size_t negated() const
    {
        for (size_t i = size(); i > 0; --i) {
            if (IsFalse((*values)[i - 1])) return i;
        }
        return 0;
    }
    bool last_negated() const { return size() > 0 && IsFalse(values->back()); }
    bool empty() const { return size() == 0 || last_negated(); }
    auto begin() const { return values->begin() + static_cast<ptrdiff_t>(negated()); }
    auto end() const { return values->end(); }
};

enum class Source { FORCED, COMMAND_LINE, CONFIG_FILE_NETWORK_SECTION, CONFIG_FILE_DEFAULT_SECTION };

std::string SettingToString(const SettingValue& v)
{
    if (const bool* b = std::get_if<bool>(&v)) return *b ? "1" : "0";
    return std::get<std::string>(v);
}

/// Core's FormatParagraph: wraps `in` at `width` columns, indenting continuation lines by `indent`.
std::string FormatParagraph(std::string_view in, size_t width, size_t indent)
{
    std::string out;
    size_t ptr = 0;
    size_t indented = 0;
    while (ptr < in.size()) {
        size_t lineend = in.find_first_of('\n', ptr);
        if (lineend == std::string_view::npos) lineend = in.size();
        const size_t linelen = lineend - ptr;
        const size_t rem_width = width - indented;
        if (linelen <= rem_width) {
            out += in.substr(ptr, linelen + 1);
            ptr = lineend + 1;
            indented = 0;
        } else {
            size_t finalspace = in.find_last_of(" \n", ptr + rem_width);
            if (finalspace == std::string_view::npos || finalspace < ptr) {
                finalspace = in.find_first_of("\n ", ptr);
                if (finalspace == std::string_view::npos) {
                    out += in.substr(ptr);
                    break;
                }
            }
            out += in.substr(ptr, finalspace - ptr);
            out += '\n';
            if (in[finalspace] == '\n') {
                indented = 0;
            } else if (indent) {
                out += std::string(indent, ' ');
                indented = indent;
            }
            ptr = finalspace + 1;
        }
    }
    return out;
}

const char* CategoryTitle(OptionsCategory c)
{
    switch (c) {
    case OptionsCategory::OPTIONS:
        return "Options:";
    case OptionsCategory::CONNECTION:
        return "Connection options:";
    case OptionsCategory::ZMQ:
        return "ZeroMQ notification options:";
    case OptionsCategory::DEBUG_TEST:
        return "Debugging/Testing options:";
    case OptionsCategory::CHAINPARAMS:
        return "Chain selection options:";
    case OptionsCategory::NODE_RELAY:
        return "Node relay options:";
    case OptionsCategory::BLOCK_CREATION:
        return "Block creation options:";
    case OptionsCategory::RPC:
        return "RPC server options:";
    case OptionsCategory::WALLET:
        return "Wallet options:";
    case OptionsCategory::COMMANDS:
        return "Commands:";
    case OptionsCategory::CLI_COMMANDS:
        return "CLI Commands:";
    case OptionsCategory::HIDDEN:
        return "";
    }
    return "";
}

const std::set<std::string>& KnownSections()
{
    static const std::set<std::string> sections{"main", "test", "testnet4", "signet", "regtest"};
    return sections;
}

} // namespace

int64_t LenientAtoi64(std::string_view str)
{
    std::string_view s = Trim(str);
    if (!s.empty() && s[0] == '+') {
        if (s.size() >= 2 && s[1] == '-') return 0;
        s.remove_prefix(1);
    }
    int64_t result{0};
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), result);
    if (ec == std::errc::result_out_of_range) {
        return !s.empty() && s[0] == '-' ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
    }
    if (ec != std::errc{}) return 0;
    return result;
}

bool InterpretBool(std::string_view s) { return s.empty() || LenientAtoi64(s) != 0; }

void ArgsManager::AddArg(const std::string& name, const std::string& help, unsigned flags, OptionsCategory category)
{
    Assert((flags & COMMAND) == 0);
    const size_t eq = std::min(name.find('='), name.size());
    const std::string arg_name = name.substr(0, eq);
    std::lock_guard lock{m_mutex};
    const bool inserted = m_available_args[category].emplace(arg_name, Arg{name.substr(eq), help, flags}).second;
    Assert(inserted); // each option is registered once
    if (flags & NETWORK_ONLY) m_network_only_args.insert(arg_name);
}

void ArgsManager::AddHiddenArgs(const std::vector<std::string>& names)
{
    for (const auto& name : names) AddArg(name, "", ALLOW_ANY, OptionsCategory::HIDDEN);
}

void ArgsManager::AddCommand(const std::string& command, const std::string& help)
{
    Assert(command.find('=') == std::string::npos && !command.empty() && command[0] != '-');
    std::lock_guard lock{m_mutex};
    m_accept_any_command = false;
    const bool inserted = m_available_args[OptionsCategory::COMMANDS].emplace(command, Arg{"", help, COMMAND}).second;
    Assert(inserted);
}

std::optional<unsigned> ArgsManager::GetArgFlagsLocked(const std::string& name) const
{
    for (const auto& [category, args] : m_available_args) {
        if (auto it = args.find(name); it != args.end()) return it->second.flags;
    }
    return std::nullopt;
}

util::Result<void> ArgsManager::ParseParameters(int argc, const char* const argv[])
{
    std::lock_guard lock{m_mutex};
    m_settings.command_line.clear();
    m_command.clear();

    for (int i = 1; i < argc; ++i) {
        std::string key{argv[i]};
        if (key == "-") break; // hearth-tx reads stdin
        std::optional<std::string> value;
        if (const size_t eq = key.find('='); eq != std::string::npos) {
            value = key.substr(eq + 1);
            key.erase(eq);
        }
        if (key.empty() || key[0] != '-') {
            if (!m_accept_any_command && m_command.empty()) {
                const auto flags = GetArgFlagsLocked(key);
                if (!flags || !(*flags & COMMAND)) return util::Error{"Invalid command '" + std::string{argv[i]} + "'"};
            }
            for (; i < argc; ++i) m_command.emplace_back(argv[i]);
            break;
        }
        if (key.size() > 1 && key[1] == '-') key.erase(0, 1); // --foo → -foo
        key.erase(0, 1);
        const KeyInfo info = InterpretKey(key);
        const auto flags = GetArgFlagsLocked('-' + info.name);
        // Unknown options and options with a section prefix ("-regtest.port") are invalid on the command line.
        if (!flags || !info.section.empty()) return util::Error{"Invalid parameter " + std::string{argv[i]}};
        auto setting = InterpretValue(info, value ? &*value : nullptr, *flags);
        if (!setting) return util::Error{setting.error()};
        m_settings.command_line[info.name].push_back(std::move(*setting));
    }

    // -includeconf only works from a config file; on the command line only -noincludeconf is allowed.
    if (auto it = m_settings.command_line.find("includeconf"); it != m_settings.command_line.end()) {
        const SettingsSpan span{&it->second};
        if (!span.empty()) {
            return util::Error{"-includeconf cannot be used from commandline; -includeconf=" +
                               SettingToString(*span.begin())};
        }
    }
    return {};
}

util::Result<void> ArgsManager::ReadConfigStreamLocked(std::string_view text, const std::string& file_name,
                                                       bool ignore_invalid_keys)
{
    struct Option {
        std::string name;
        std::string value;
        int line;
    };
    const std::string where = file_name.empty() ? std::string{} : file_name + ": ";
    std::vector<Option> options;
    std::string prefix;
    int line_number = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        ++line_number;

        bool used_hash = false;
        if (const size_t hash = line.find('#'); hash != std::string_view::npos) {
            line = line.substr(0, hash);
            used_hash = true;
        }
        line = Trim(line);
        if (line.empty()) continue;
        const std::string at_line = where + "parse error on line " + std::to_string(line_number) + ": ";
        if (line.front() == '[' && line.back() == ']') {
            const std::string section{line.substr(1, line.size() - 2)};
            m_config_sections.push_back({section, file_name, line_number});
            prefix = section + '.';
        } else if (line.front() == '-') {
            return util::Error{at_line + std::string{line} +
                               ", options in configuration file must be specified without leading -"};
        } else if (const size_t eq = line.find('='); eq != std::string_view::npos) {
            std::string name = prefix + std::string{Trim(line.substr(0, eq))};
            const std::string value{Trim(line.substr(eq + 1))};
            if (used_hash && name.find("rpcpassword") != std::string::npos) {
                return util::Error{where + "parse error on line " + std::to_string(line_number) +
                                   ", using # in rpcpassword can be ambiguous and should be avoided"};
            }
            if (const size_t dot = name.rfind('.'); dot != std::string::npos && prefix.size() <= dot) {
                m_config_sections.push_back({name.substr(0, dot), file_name, line_number});
            }
            options.push_back({std::move(name), value, line_number});
        } else {
            std::string error = at_line + std::string{line};
            if (line.size() >= 2 && line.starts_with("no")) {
                error += ", if you intended to specify a negated option, use " + std::string{line} + "=1 instead";
            }
            return util::Error{error};
        }
    }

    for (const Option& option : options) {
        const KeyInfo key = InterpretKey(option.name);
        const std::string at_line = where + "line " + std::to_string(option.line) + ": ";
        if (key.name == "conf") {
            return util::Error{at_line + "conf cannot be set in the configuration file; use includeconf= if you "
                                         "want to include additional config files"};
        }
        const auto flags = GetArgFlagsLocked('-' + key.name);
        if (!flags) {
            if (ignore_invalid_keys) continue;
            return util::Error{at_line + "Invalid configuration value " + option.name};
        }
        auto value = InterpretValue(key, &option.value, *flags);
        if (!value) return util::Error{at_line + value.error()};
        m_settings.config[key.section][key.name].push_back(std::move(*value));
    }
    return {};
}

util::Result<void> ArgsManager::ReadConfigString(std::string_view text, const std::string& file_name,
                                                 bool ignore_invalid_keys)
{
    std::lock_guard lock{m_mutex};
    return ReadConfigStreamLocked(text, file_name, ignore_invalid_keys);
}

namespace {

util::Result<std::string> ReadWholeFile(const fs::path& path)
{
    std::ifstream in{path, std::ios::binary};
    if (!in.good()) return util::Error{"could not open " + path.string()};
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

util::Result<void> ArgsManager::ReadConfigFiles(const std::string& default_conf, const fs::path& default_datadir,
                                                bool ignore_invalid_keys)
{
    std::lock_guard lock{m_mutex};
    m_settings.config.clear();
    m_config_sections.clear();
    m_warnings.clear();
    auto datadir_base = [&] {
        const fs::path datadir = GetPathArgLocked("-datadir", {});
        return datadir.empty() ? default_datadir : fs::absolute(datadir);
    };

    const fs::path conf_val = GetPathArgLocked("-conf", default_conf);
    const bool conf_given = GetSettingLocked("conf").has_value();
    if (conf_val.empty() || conf_val.is_absolute()) {
        m_config_path = conf_val;
    } else {
        m_config_path = datadir_base() / conf_val;
    }
    if (m_config_path.empty()) return {}; // -noconf

    std::error_code ec;
    if (fs::is_directory(m_config_path, ec)) {
        return util::Error{"Config file \"" + m_config_path.string() + "\" is a directory."};
    }
    auto text = ReadWholeFile(m_config_path);
    if (!text) {
        if (conf_given) {
            return util::Error{"specified config file \"" + m_config_path.string() + "\" could not be opened."};
        }
        return {}; // no config file is fine
    }
    if (auto ok = ReadConfigStreamLocked(*text, m_config_path.string(), ignore_invalid_keys); !ok) return ok;

    // -noincludeconf on the command line disables includes.
    if (m_settings.command_line.contains("includeconf")) return {};

    auto chain = GetChainTypeStringLocked();
    if (!chain) return util::Error{chain.error()};
    std::vector<std::string> include_names;
    auto add_includes = [&](const std::string& section, size_t skip) -> size_t {
        auto sec = m_settings.config.find(section);
        if (sec == m_settings.config.end()) return 0;
        auto values = sec->second.find("includeconf");
        if (values == sec->second.end()) return 0;
        const SettingsSpan span{&values->second};
        for (size_t i = std::max(skip, span.negated()); i < values->second.size(); ++i) {
            include_names.push_back(SettingToString(values->second[i]));
        }
        return values->second.size();
    };
    const size_t chain_includes = add_includes(*chain, 0);
    const size_t default_includes = add_includes("", 0);

    const fs::path datadir = datadir_base();
    for (const std::string& name : include_names) {
        fs::path path{name};
        if (!path.is_absolute()) path = datadir / path;
        if (fs::is_directory(path, ec))
            return util::Error{"Included config file \"" + path.string() + "\" is a directory."};
        auto included = ReadWholeFile(path);
        if (!included) return util::Error{"Failed to include configuration file " + name};
        if (auto ok = ReadConfigStreamLocked(*included, name, ignore_invalid_keys); !ok) return ok;
    }

    // Included files may not include further files (Core warns and ignores them).
    include_names.clear();
    add_includes(*chain, chain_includes);
    add_includes("", default_includes);
    for (const std::string& name : include_names) {
        m_warnings.push_back("-includeconf cannot be used from included files; ignoring -includeconf=" + name);
    }

    const fs::path final_datadir = GetPathArgLocked("-datadir", {});
    if (!final_datadir.empty() && !fs::is_directory(fs::absolute(final_datadir), ec)) {
        return util::Error{"specified data directory \"" + GetArgLocked("-datadir").value_or("") +
                           "\" does not exist."};
    }
    return {};
}

void ArgsManager::SelectConfigNetwork(const std::string& network)
{
    std::lock_guard lock{m_mutex};
    m_network = network;
}

bool ArgsManager::UseDefaultSectionLocked(const std::string& name) const
{
    return m_network == "main" || !m_network_only_args.contains(name);
}

std::optional<SettingValue> ArgsManager::GetSettingLocked(const std::string& name, bool get_chain_type) const
{
    const std::string arg = '-' + name;
    const bool ignore_default_section = !get_chain_type && !UseDefaultSectionLocked(arg);
    const std::string section = get_chain_type ? std::string{} : m_network;

    std::optional<SettingValue> result;
    bool done = false;
    auto merge = [&](const SettingsSpan& span, Source source) {
        if (done) return;
        // Core quirk: a negation in the default section applies even to network-only options.
        const bool never_ignore_negated = span.last_negated();
        // Core quirk: in config files the first value wins, except for the chain type options.
        const bool reverse_precedence =
            (source == Source::CONFIG_FILE_NETWORK_SECTION || source == Source::CONFIG_FILE_DEFAULT_SECTION) &&
            !get_chain_type;
        // Core quirk: a negated -regtest/-testnet on the command line is ignored when choosing the chain.
        const bool skip_negated_command_line = get_chain_type;
        if (ignore_default_section && source == Source::CONFIG_FILE_DEFAULT_SECTION && !never_ignore_negated) return;
        if (skip_negated_command_line && span.last_negated()) return;
        if (!span.empty()) {
            result = reverse_precedence ? *span.begin() : span.values->back();
            done = true;
        } else if (span.last_negated()) {
            result = SettingValue{false};
            done = true;
        }
    };

    if (auto it = m_settings.forced.find(name); it != m_settings.forced.end()) {
        const std::vector<SettingValue> one{it->second};
        merge(SettingsSpan{&one}, Source::FORCED);
    }
    if (auto it = m_settings.command_line.find(name); it != m_settings.command_line.end()) {
        merge(SettingsSpan{&it->second}, Source::COMMAND_LINE);
    }
    if (!section.empty()) {
        if (auto sec = m_settings.config.find(section); sec != m_settings.config.end()) {
            if (auto it = sec->second.find(name); it != sec->second.end()) {
                merge(SettingsSpan{&it->second}, Source::CONFIG_FILE_NETWORK_SECTION);
            }
        }
    }
    if (auto sec = m_settings.config.find(""); sec != m_settings.config.end()) {
        if (auto it = sec->second.find(name); it != sec->second.end()) {
            merge(SettingsSpan{&it->second}, Source::CONFIG_FILE_DEFAULT_SECTION);
        }
    }
    return result;
}

std::vector<SettingValue> ArgsManager::GetSettingsListLocked(const std::string& name) const
{
    const bool ignore_default_section = !UseDefaultSectionLocked('-' + name);
    std::vector<SettingValue> result;
    bool done = false;
    bool prev_negated_empty = false;
    auto merge = [&](const SettingsSpan& span, Source source) {
        // Core quirk: config values come back "from the dead" when a command-line negation is followed by a
        // non-negated command-line value.
        const bool add_zombie_config_values =
            (source == Source::CONFIG_FILE_NETWORK_SECTION || source == Source::CONFIG_FILE_DEFAULT_SECTION) &&
            !prev_negated_empty;
        if (ignore_default_section && source == Source::CONFIG_FILE_DEFAULT_SECTION) return;
        if (!done || add_zombie_config_values) {
            for (auto it = span.begin(); it != span.end(); ++it) result.push_back(*it);
        }
        done |= span.negated() > 0 || source == Source::FORCED;
        prev_negated_empty |= span.last_negated() && result.empty();
    };
    if (auto it = m_settings.forced.find(name); it != m_settings.forced.end()) {
        const std::vector<SettingValue> one{it->second};
        merge(SettingsSpan{&one}, Source::FORCED);
    }
    if (auto it = m_settings.command_line.find(name); it != m_settings.command_line.end()) {
        merge(SettingsSpan{&it->second}, Source::COMMAND_LINE);
    }
    if (!m_network.empty()) {
        if (auto sec = m_settings.config.find(m_network); sec != m_settings.config.end()) {
            if (auto it = sec->second.find(name); it != sec->second.end()) {
                merge(SettingsSpan{&it->second}, Source::CONFIG_FILE_NETWORK_SECTION);
            }
        }
    }
    if (auto sec = m_settings.config.find(""); sec != m_settings.config.end()) {
        if (auto it = sec->second.find(name); it != sec->second.end()) {
            merge(SettingsSpan{&it->second}, Source::CONFIG_FILE_DEFAULT_SECTION);
        }
    }
    return result;
}

std::optional<std::string> ArgsManager::GetArgLocked(const std::string& name) const
{
    const auto value = GetSettingLocked(SettingName(name));
    if (!value) return std::nullopt;
    return SettingToString(*value);
}

std::optional<std::string> ArgsManager::GetArg(const std::string& name) const
{
    std::lock_guard lock{m_mutex};
    return GetArgLocked(name);
}

std::string ArgsManager::GetArg(const std::string& name, const std::string& default_value) const
{
    return GetArg(name).value_or(default_value);
}

std::vector<std::string> ArgsManager::GetArgs(const std::string& name) const
{
    std::lock_guard lock{m_mutex};
    std::vector<std::string> result;
    for (const auto& v : GetSettingsListLocked(SettingName(name))) result.push_back(SettingToString(v));
    return result;
}

std::optional<int64_t> ArgsManager::GetIntArg(const std::string& name) const
{
    std::lock_guard lock{m_mutex};
    const auto value = GetSettingLocked(SettingName(name));
    if (!value) return std::nullopt;
    if (const bool* b = std::get_if<bool>(&*value)) return *b ? 1 : 0;
    return LenientAtoi64(std::get<std::string>(*value));
}

int64_t ArgsManager::GetIntArg(const std::string& name, int64_t default_value) const
{
    return GetIntArg(name).value_or(default_value);
}

std::optional<bool> ArgsManager::GetBoolArg(const std::string& name) const
{
    std::lock_guard lock{m_mutex};
    const auto value = GetSettingLocked(SettingName(name));
    if (!value) return std::nullopt;
    if (const bool* b = std::get_if<bool>(&*value)) return *b;
    return InterpretBool(std::get<std::string>(*value));
}

bool ArgsManager::GetBoolArg(const std::string& name, bool default_value) const
{
    return GetBoolArg(name).value_or(default_value);
}

fs::path ArgsManager::GetPathArgLocked(const std::string& name, const fs::path& def) const
{
    const auto value = GetSettingLocked(SettingName(name));
    if (value && IsFalse(*value)) return {};
    const std::string s = value ? SettingToString(*value) : std::string{};
    if (s.empty()) return def;
    fs::path result = fs::path{s}.lexically_normal();
    return result.has_filename() ? result : result.parent_path();
}

fs::path ArgsManager::GetPathArg(const std::string& name, const fs::path& default_value) const
{
    std::lock_guard lock{m_mutex};
    return GetPathArgLocked(name, default_value);
}

bool ArgsManager::IsArgSet(const std::string& name) const
{
    std::lock_guard lock{m_mutex};
    return GetSettingLocked(SettingName(name)).has_value();
}

bool ArgsManager::IsArgNegated(const std::string& name) const
{
    std::lock_guard lock{m_mutex};
    const auto value = GetSettingLocked(SettingName(name));
    return value && IsFalse(*value);
}

bool ArgsManager::SoftSetArg(const std::string& name, const std::string& value)
{
    std::lock_guard lock{m_mutex};
    if (GetSettingLocked(SettingName(name))) return false;
    m_settings.forced[SettingName(name)] = value;
    return true;
}

bool ArgsManager::SoftSetBoolArg(const std::string& name, bool value) { return SoftSetArg(name, value ? "1" : "0"); }

void ArgsManager::ForceSetArg(const std::string& name, const std::string& value)
{
    std::lock_guard lock{m_mutex};
    m_settings.forced[SettingName(name)] = value;
}

std::vector<std::string> ArgsManager::GetCommand() const
{
    std::lock_guard lock{m_mutex};
    return m_command;
}

util::Result<std::string> ArgsManager::GetChainTypeStringLocked() const
{
    auto get_net = [&](const std::string& name) {
        const auto value = GetSettingLocked(name, /*get_chain_type=*/true);
        if (!value) return false;
        if (const bool* b = std::get_if<bool>(&*value)) return *b;
        return InterpretBool(std::get<std::string>(*value));
    };
    const bool regtest = get_net("regtest");
    const bool signet = get_net("signet");
    const bool testnet = get_net("testnet");
    const bool testnet4 = get_net("testnet4");
    const auto chain_arg = GetArgLocked("-chain");
    if (int{chain_arg.has_value()} + int{regtest} + int{signet} + int{testnet} + int{testnet4} > 1) {
        return util::Error{
            "Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one."};
    }
    if (chain_arg) return *chain_arg;
    if (regtest) return std::string{"regtest"};
    if (signet) return std::string{"signet"};
    if (testnet) return std::string{"test"};
    if (testnet4) return std::string{"testnet4"};
    return std::string{"main"};
}

util::Result<std::string> ArgsManager::GetChainTypeString() const
{
    std::lock_guard lock{m_mutex};
    return GetChainTypeStringLocked();
}

std::set<std::string> ArgsManager::GetUnsuitableSectionOnlyArgs() const
{
    std::lock_guard lock{m_mutex};
    std::set<std::string> unsuitable;
    if (m_network.empty() || m_network == "main") return unsuitable;
    for (const std::string& arg : m_network_only_args) {
        const std::string name = SettingName(arg);
        // Set in the default section, and not overridden on the command line or in the network section.
        bool has_default = false;
        bool has_other = false;
        auto nonempty = [](const std::vector<SettingValue>& v) { return !SettingsSpan{&v}.empty(); };
        if (auto it = m_settings.forced.find(name); it != m_settings.forced.end()) has_other = !IsFalse(it->second);
        if (auto it = m_settings.command_line.find(name); it != m_settings.command_line.end() && nonempty(it->second)) {
            has_other = true;
        }
        if (auto sec = m_settings.config.find(m_network); sec != m_settings.config.end()) {
            if (auto it = sec->second.find(name); it != sec->second.end() && nonempty(it->second)) has_other = true;
        }
        if (auto sec = m_settings.config.find(""); sec != m_settings.config.end()) {
            if (auto it = sec->second.find(name); it != sec->second.end() && nonempty(it->second)) has_default = true;
        }
        if (has_default && !has_other) unsuitable.insert(arg);
    }
    return unsuitable;
}

std::vector<SectionInfo> ArgsManager::GetUnrecognizedSections() const
{
    std::lock_guard lock{m_mutex};
    std::vector<SectionInfo> result;
    for (const auto& s : m_config_sections) {
        if (!KnownSections().contains(s.name)) result.push_back(s);
    }
    return result;
}

std::vector<std::string> ArgsManager::GetWarnings() const
{
    std::lock_guard lock{m_mutex};
    return m_warnings;
}

fs::path ArgsManager::GetConfigFilePath() const
{
    std::lock_guard lock{m_mutex};
    return m_config_path;
}

fs::path ArgsManager::GetDataDirBase(const fs::path& default_dir) const
{
    std::lock_guard lock{m_mutex};
    const fs::path datadir = GetPathArgLocked("-datadir", {});
    return datadir.empty() ? default_dir : fs::absolute(datadir);
}

std::string ArgsManager::GetHelpMessage(bool show_debug) const
{
    std::lock_guard lock{m_mutex};
    std::string usage;
    for (const auto& [category, args] : m_available_args) {
        if (category == OptionsCategory::HIDDEN) break;
        usage += std::string{CategoryTitle(category)} + "\n\n";
        for (const auto& [name, arg] : args) {
            if (!show_debug && (arg.flags & DEBUG_ONLY)) continue;
            usage += "  " + name + arg.help_param + "\n       " + FormatParagraph(arg.help_text, 79 - 7, 7) + "\n\n";
        }
    }
    return usage;
}

bool ArgsManager::HelpRequested() const
{
    return IsArgSet("-?") || IsArgSet("-h") || IsArgSet("-help") || IsArgSet("-help-debug");
}

std::vector<std::string> ArgsManager::DescribeArgs() const
{
    std::lock_guard lock{m_mutex};
    std::vector<std::string> lines;
    auto describe = [&](const std::string& prefix, const std::string& section,
                        const std::map<std::string, std::vector<SettingValue>>& values) {
        const std::string section_str = section.empty() ? "" : "[" + section + "] ";
        for (const auto& [name, list] : values) {
            const auto flags = GetArgFlagsLocked('-' + name);
            if (!flags) continue;
            for (const auto& v : list) {
                std::string shown;
                if (*flags & SENSITIVE) {
                    shown = "****";
                } else if (const bool* b = std::get_if<bool>(&v)) {
                    shown = *b ? "true" : "false";
                } else {
                    shown = "\"" + std::get<std::string>(v) + "\"";
                }
                lines.push_back(prefix + " " + section_str + name + "=" + shown);
            }
        }
    };
    for (const auto& [section, values] : m_settings.config) describe("Config file arg:", section, values);
    describe("Command-line arg:", "", m_settings.command_line);
    return lines;
}

} // namespace hearth::node
