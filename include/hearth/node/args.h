#ifndef HEARTH_NODE_ARGS_H
#define HEARTH_NODE_ARGS_H

// Command-line and configuration-file options with Bitcoin Core's ArgsManager semantics
// (Core's src/common/args.cpp, src/common/config.cpp, src/common/settings.cpp):
//  - `-name`, `-name=value`, `--name`, `-noname` (negation, stored as false), `-nofoo=0` (double negative,
//    stored as true); a value-less `-name` is the empty string, which reads as true.
//  - Repeated options keep every value (GetArgs); single-valued reads take the last command-line value but
//    the *first* config-file value (Core keeps that quirk for backwards compatibility).
//  - Precedence: forced > command line > config network section > config default section.
//  - Config files: `key=value`, `#` comments, `[main]`/`[test]`/`[testnet4]`/`[signet]`/`[regtest]` sections,
//    `section.key=value`, `includeconf=` (only from the top-level file), `regtest=1`/`chain=` in the file.
//  - NETWORK_ONLY options (ports, binds, peers) are ignored in the default section on non-main networks.
//  - Unknown options are rejected ("Invalid parameter -foo"); bad config lines name file and line.

#include <hearth/util/result.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hearth::node {

/// One stored setting: a string value, or a boolean produced by negation (`-nofoo` is false, the
/// discouraged double negative `-nofoo=0` is true).
using SettingValue = std::variant<std::string, bool>;

/// Groups of options in -help output (Core's OptionsCategory), in display order.
enum class OptionsCategory {
    OPTIONS,
    CONNECTION,
    ZMQ,
    DEBUG_TEST,
    CHAINPARAMS,
    NODE_RELAY,
    BLOCK_CREATION,
    RPC,
    WALLET,
    COMMANDS,
    CLI_COMMANDS,
    HIDDEN, ///< accepted but never listed
};

/// A section header seen in a config file, for "Section [x] is not recognized" warnings.
struct SectionInfo {
    std::string name;
    std::string file;
    int line{0};
};

/// Parses and holds options. Thread-safe: every member locks.
class ArgsManager
{
public:
    /// Option flags (Core's ArgsManager::Flags).
    enum Flags : unsigned {
        ALLOW_ANY = 0x01,         ///< any value (Core no longer distinguishes bool/int/string)
        DISALLOW_NEGATION = 0x20, ///< `-nofoo` is an error
        DISALLOW_ELISION = 0x40,  ///< `-foo` without `=value` is an error
        DEBUG_ONLY = 0x100,       ///< listed only with -help-debug
        NETWORK_ONLY = 0x200,     ///< ignored in the config default section on non-main networks
        SENSITIVE = 0x400,        ///< value never logged
        COMMAND = 0x800,          ///< a command (first non-dash argument), not an option
    };

    /// Registers an option. `name` is "-foo" or "-foo=<help param>".
    void AddArg(const std::string& name, const std::string& help, unsigned flags, OptionsCategory category);
    /// Registers options accepted but not shown in -help.
    void AddHiddenArgs(const std::vector<std::string>& names);
    /// Registers a command (first non-dash argument), e.g. hearth-tx's; by default any command is accepted.
    void AddCommand(const std::string& command, const std::string& help);

    /// Parses argv. Fails with Core's message ("Invalid parameter -foo", ...). Arguments after the first
    /// non-dash argument are kept as the command and its arguments (see GetCommand).
    [[nodiscard]] util::Result<void> ParseParameters(int argc, const char* const argv[]);

    /// Reads the config file named by -conf (default `default_conf`; relative names are relative to the
    /// data directory, -datadir or `default_datadir`) and its `includeconf` files. A missing default file is
    /// fine; a missing -conf file is an error. With `ignore_invalid_keys` unknown keys are skipped
    /// (hearth-cli reads the daemon's file). Warnings (ignored nested includes) go to GetWarnings().
    [[nodiscard]] util::Result<void> ReadConfigFiles(const std::string& default_conf,
                                                     const std::filesystem::path& default_datadir,
                                                     bool ignore_invalid_keys = false);
    /// Parses config text as if read from file `file_name` (tests; also used by ReadConfigFiles).
    [[nodiscard]] util::Result<void> ReadConfigString(std::string_view text, const std::string& file_name = "",
                                                      bool ignore_invalid_keys = false);

    /// Chooses the config-file section to read ("main", "test", "testnet4", "signet", "regtest").
    void SelectConfigNetwork(const std::string& network);
    /// The chain name from -chain/-regtest/-testnet/-testnet4/-signet (command line and config file), "main"
    /// if none; fails if more than one is given. The name is not validated (callers map it to a ChainType).
    [[nodiscard]] util::Result<std::string> GetChainTypeString() const;

    /// The option's effective value as a string (false → "0", true → "1"); nullopt if unset.
    std::optional<std::string> GetArg(const std::string& name) const;
    std::string GetArg(const std::string& name, const std::string& default_value) const;
    /// Every value of a repeatable option, in precedence order.
    std::vector<std::string> GetArgs(const std::string& name) const;
    /// Integer value with Core's lenient parsing (leading integer prefix, 0 for text, saturating).
    std::optional<int64_t> GetIntArg(const std::string& name) const;
    int64_t GetIntArg(const std::string& name, int64_t default_value) const;
    /// Boolean value: empty string is true, otherwise the integer value != 0.
    std::optional<bool> GetBoolArg(const std::string& name) const;
    bool GetBoolArg(const std::string& name, bool default_value) const;
    /// A path option (lexically normal, no trailing slash); empty if unset or negated.
    std::filesystem::path GetPathArg(const std::string& name, const std::filesystem::path& default_value = {}) const;
    /// True if the option has a value (including a negation).
    bool IsArgSet(const std::string& name) const;
    /// True if the option's effective value is a negation (`-nofoo`).
    bool IsArgNegated(const std::string& name) const;

    /// Sets a value unless the option is already set; returns whether it was set.
    bool SoftSetArg(const std::string& name, const std::string& value);
    bool SoftSetBoolArg(const std::string& name, bool value);
    /// Overrides every other source.
    void ForceSetArg(const std::string& name, const std::string& value);

    /// The command and its arguments (first non-dash argument on; empty if none).
    std::vector<std::string> GetCommand() const;

    /// Network-only options set only in the config default section (they would be ignored): Core refuses
    /// to start with such a configuration.
    std::set<std::string> GetUnsuitableSectionOnlyArgs() const;
    /// Config sections that are not a known network.
    std::vector<SectionInfo> GetUnrecognizedSections() const;

    /// Non-fatal problems found while reading config files.
    std::vector<std::string> GetWarnings() const;

    /// Path of the config file that was read (empty with -noconf); set by ReadConfigFiles.
    std::filesystem::path GetConfigFilePath() const;
    /// The -datadir base directory (absolute), or `default_dir` if unset. Not created.
    std::filesystem::path GetDataDirBase(const std::filesystem::path& default_dir) const;

    /// -help text: every registered, non-hidden option by category (debug-only ones with `show_debug`).
    std::string GetHelpMessage(bool show_debug = false) const;
    /// True if -help, -h, -? or -help-debug was given.
    bool HelpRequested() const;

    /// Lines "Config file arg: [section] key=value" / "Command-line arg: key=value" for the log, with
    /// SENSITIVE values masked.
    std::vector<std::string> DescribeArgs() const;

private:
    struct Arg {
        std::string help_param;
        std::string help_text;
        unsigned flags{0};
    };
    struct Settings {
        std::map<std::string, SettingValue> forced;
        std::map<std::string, std::vector<SettingValue>> command_line;
        /// section ("" = default) → name → values in file order
        std::map<std::string, std::map<std::string, std::vector<SettingValue>>> config;
    };

    std::optional<unsigned> GetArgFlagsLocked(const std::string& name) const;
    std::optional<SettingValue> GetSettingLocked(const std::string& name, bool get_chain_type = false) const;
    std::vector<SettingValue> GetSettingsListLocked(const std::string& name) const;
    bool UseDefaultSectionLocked(const std::string& name) const;
    util::Result<void> ReadConfigStreamLocked(std::string_view text, const std::string& file_name,
                                              bool ignore_invalid_keys);
    std::optional<std::string> GetArgLocked(const std::string& name) const;
    std::filesystem::path GetPathArgLocked(const std::string& name, const std::filesystem::path& def) const;
    util::Result<std::string> GetChainTypeStringLocked() const;

    mutable std::recursive_mutex m_mutex;
    std::map<OptionsCategory, std::map<std::string, Arg>> m_available_args;
    std::set<std::string> m_network_only_args;
    bool m_accept_any_command{true};
    std::vector<std::string> m_command;
    Settings m_settings;
    std::string m_network;
    std::vector<SectionInfo> m_config_sections;
    std::filesystem::path m_config_path;
    std::vector<std::string> m_warnings;
};

/// Core's LocaleIndependentAtoi: parses a leading optional sign and digits, ignoring the rest; 0 if there
/// are none; saturates at the type's limits.
int64_t LenientAtoi64(std::string_view s);

/// Core's InterpretBool: "" is true, otherwise LenientAtoi64(s) != 0.
bool InterpretBool(std::string_view s);

} // namespace hearth::node

#endif // HEARTH_NODE_ARGS_H
