#ifndef HEARTH_NODE_CONFIG_H
#define HEARTH_NODE_CONFIG_H

// hearthd's options: registration (names, help, flags as Core's init.cpp) and the translation of parsed
// options into option structs for the parts of the node (Core's node/*_args.cpp habit). Each area adds its
// own options to SetupServerArgs and its own Read*Options function here.

#include <hearth/consensus/params.h>
#include <hearth/node/args.h>
#include <hearth/node/logging.h>
#include <hearth/util/result.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::node {

/// Name printed in messages ("Hearth is probably already running.").
inline constexpr const char* CLIENT_NAME = "Hearth";
/// The config file in the data directory.
inline constexpr const char* HEARTH_CONF_FILENAME = "hearth.conf";

/// Registers every option hearthd accepts.
void SetupServerArgs(ArgsManager& args);
/// Registers -chain, -regtest, -testnet, -testnet4, -signet (shared by hearthd and hearth-cli).
void SetupChainTypeArgs(ArgsManager& args);

/// The network chosen by -chain/-regtest/... ("Unknown chain foo." for a bad -chain).
[[nodiscard]] util::Result<consensus::ChainType> GetChainType(const ArgsManager& args);
/// The test/customisation options consensus::CreateChainParams takes.
consensus::ChainOptions ReadChainOptions(const ArgsManager& args);

/// An IPv4 or IPv6 network: address and prefix length (Core's CSubNet, as -rpcallowip takes it).
struct Subnet {
    /// 4 bytes (IPv4) or 16 bytes (IPv6); only the first `(is_v4 ? 4 : 16)` are used.
    std::array<uint8_t, 16> network{};
    int prefix_length{0};
    bool is_v4{true};

    /// Parses "1.2.3.4", "1.2.3.4/24", "1.2.3.4/255.255.255.0", "::1", "fe80::/10". No host names.
    static std::optional<Subnet> Parse(std::string_view text);
    /// True if `address` (4 or 16 bytes; IPv4-mapped IPv6 counts as IPv4) is inside.
    bool Match(std::span<const uint8_t> address) const;
};

/// One -rpcauth entry: user, salt and hex HMAC-SHA256(salt, password).
struct RpcAuthEntry {
    std::string user;
    std::string salt;
    std::string hash_hex;
};

/// Settings of the RPC server (Core's httpserver.cpp / httprpc.cpp defaults, CORE-FACTS §6).
struct RpcOptions {
    static constexpr int DEFAULT_THREADS = 16;
    static constexpr int DEFAULT_WORK_QUEUE = 64;
    static constexpr int DEFAULT_SERVER_TIMEOUT_SECONDS = 30;
    /// Core's MAX_SIZE, libevent's body limit for RPC (32 MiB).
    static constexpr size_t DEFAULT_MAX_BODY_SIZE = 0x02000000;
    /// Core's MAX_HEADERS_SIZE.
    static constexpr size_t DEFAULT_MAX_HEADER_SIZE = 8192;

    /// Addresses to listen on (host literal, port). Loopback (::1 and 127.0.0.1) unless both -rpcbind and
    /// -rpcallowip are given.
    std::vector<std::pair<std::string, uint16_t>> bind;
    /// Clients allowed to connect; always contains 127.0.0.0/8 and ::1/128.
    std::vector<Subnet> allow;
    uint16_t port{0};
    /// -rpcuser/-rpcpassword; with an empty password a cookie is used instead.
    std::string user;
    std::string password;
    std::vector<RpcAuthEntry> auth;
    /// Cookie file (absolute); empty with -norpccookiefile.
    std::filesystem::path cookie_file;
    /// -rpccookieperms as file permissions (owner-only 0600 if unset).
    std::optional<std::filesystem::perms> cookie_perms;
    int threads{DEFAULT_THREADS};
    int work_queue{DEFAULT_WORK_QUEUE};
    std::chrono::seconds server_timeout{DEFAULT_SERVER_TIMEOUT_SECONDS};
    size_t max_body_size{DEFAULT_MAX_BODY_SIZE};
    size_t max_header_size{DEFAULT_MAX_HEADER_SIZE};
    /// Things to log at start ("option -rpcbind was ignored ...").
    std::vector<std::string> warnings;
};

/// Reads the RPC options. Fails with Core's messages on a malformed -rpcauth, -rpcallowip, -rpcbind,
/// -rpcport or -rpccookieperms.
[[nodiscard]] util::Result<RpcOptions> ReadRpcOptions(const ArgsManager& args, uint16_t default_port,
                                                      const std::filesystem::path& net_data_dir);

/// Reads -debug, -debugexclude, -debuglogfile, -printtoconsole, -logtimestamps, -logtimemicros. Fails on an
/// unknown category (Core only warns; an unknown category is almost always a typo worth stopping for).
[[nodiscard]] util::Result<LoggingOptions> ReadLoggingOptions(const ArgsManager& args,
                                                              const std::filesystem::path& net_data_dir);

/// Splits "host", "host:port", "[v6]:port" or "v6" (Core's SplitHostPort). `port` is left as given if the
/// string has none; false if the port is present but not in 1..65535.
bool SplitHostPort(std::string_view in, uint16_t& port, std::string& host);

} // namespace hearth::node

#endif // HEARTH_NODE_CONFIG_H
