#include <hearth/node/config.h>

#include <hearth/node/datadir.h>

#include <arpa/inet.h>
#include <charconv>
#include <cstring>

namespace hearth::node {

namespace fs = std::filesystem;

namespace {

using Cat = OptionsCategory;
constexpr unsigned ANY = ArgsManager::ALLOW_ANY;
constexpr unsigned DEBUG = ArgsManager::ALLOW_ANY | ArgsManager::DEBUG_ONLY;
constexpr unsigned NETONLY = ArgsManager::ALLOW_ANY | ArgsManager::NETWORK_ONLY;
constexpr unsigned SENSITIVE = ArgsManager::ALLOW_ANY | ArgsManager::SENSITIVE;

std::optional<uint16_t> ParseUInt16(std::string_view s)
{
    if (s.empty() || s.size() > 5) return std::nullopt;
    unsigned value = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || ptr != s.data() + s.size() || value > 65535) return std::nullopt;
    return static_cast<uint16_t>(value);
}

std::optional<std::filesystem::perms> InterpretPermString(std::string_view s)
{
    using fs::perms;
    if (s == "owner") return perms::owner_read | perms::owner_write;
    if (s == "group") return perms::owner_read | perms::owner_write | perms::group_read;
    if (s == "all") return perms::owner_read | perms::owner_write | perms::group_read | perms::others_read;
    return std::nullopt;
}

} // namespace

void SetupChainTypeArgs(ArgsManager& args)
{
    args.AddArg("-chain=<chain>",
                "Use the chain <chain> (default: main). Allowed values: main, test, testnet4, signet, regtest", ANY,
                Cat::CHAINPARAMS);
    args.AddArg("-regtest",
                "Enter regression test mode, which uses a special chain in which blocks can be solved instantly. This "
                "is intended for regression testing tools and app development. Equivalent to -chain=regtest.",
                DEBUG, Cat::CHAINPARAMS);
    args.AddArg("-testnet",
                "Use the testnet3 chain. Equivalent to -chain=test. Support for testnet3 is deprecated and will be "
                "removed in an upcoming release. Consider moving to testnet4 now by using -testnet4.",
                ANY, Cat::CHAINPARAMS);
    args.AddArg("-testnet4", "Use the testnet4 chain. Equivalent to -chain=testnet4.", ANY, Cat::CHAINPARAMS);
    args.AddArg("-signet",
                "Use the signet chain. Equivalent to -chain=signet. Note that the network is defined by the "
                "-signetchallenge parameter",
                ANY, Cat::CHAINPARAMS);
}

void SetupServerArgs(ArgsManager& args)
{
    args.AddArg("-help", "Print this help message and exit (also -h or -?)", ANY, Cat::OPTIONS);
    args.AddHiddenArgs({"-h", "-?"});
    args.AddArg("-help-debug", "Print help message with debugging options and exit", ANY, Cat::DEBUG_TEST);
    args.AddArg("-version", "Print version and exit", ANY, Cat::OPTIONS);
    args.AddArg("-rpc-help-markdown", "Print the documentation of every RPC method as Markdown and exit", DEBUG,
                Cat::RPC);

    // General
    args.AddArg("-conf=<file>",
                std::string{"Specify path to read-only configuration file. Relative paths will be prefixed by datadir "
                            "location (only useable from command line, not configuration file) (default: "} +
                    HEARTH_CONF_FILENAME + ")",
                ANY, Cat::OPTIONS);
    args.AddArg("-datadir=<dir>", "Specify data directory (default: ~/.hearth)", ANY | ArgsManager::DISALLOW_NEGATION,
                Cat::OPTIONS);
    args.AddArg("-includeconf=<file>",
                "Specify additional configuration file, relative to the -datadir path (only useable from configuration "
                "file, not command line)",
                ANY, Cat::OPTIONS);
    args.AddArg("-daemon", "Run in the background as a daemon and accept commands (default: 0)", ANY, Cat::OPTIONS);
    args.AddArg("-daemonwait",
                "Wait for initialization to be finished before exiting. This implies -daemon (default: 0)", ANY,
                Cat::OPTIONS);
    args.AddArg(
        "-pid=<file>",
        "Specify pid file. Relative paths will be prefixed by a net-specific datadir location. (default: hearthd.pid)",
        ANY, Cat::OPTIONS);
    args.AddArg("-loadblock=<file>", "Imports blocks from external file on startup", ANY, Cat::OPTIONS);
    args.AddArg("-prune=<n>",
                "Reduce storage requirements by enabling pruning (deleting) of old blocks. 0 = disable pruning blocks, "
                "1 = allow manual pruning via RPC, >=550 = automatically prune block files to stay under the specified "
                "target size in MiB",
                ANY, Cat::OPTIONS);
    args.AddArg("-dbcache=<n>", "Maximum database cache size <n> MiB (minimum 4, default: 100)", ANY, Cat::OPTIONS);
    args.AddArg("-par=<n>",
                "Set the number of script verification threads (0 = auto, up to 15, <0 = leave that many cores free, "
                "default: 0)",
                ANY, Cat::OPTIONS);
    args.AddArg("-assumevalid=<hex>",
                "If this block is in the chain assume that it and its ancestors are valid and potentially skip their "
                "script verification (0 to verify all)",
                ANY, Cat::OPTIONS);
    args.AddArg("-reindex",
                "If enabled, wipe chain state and block index, and rebuild them from blk*.dat files on disk.", ANY,
                Cat::OPTIONS);
    args.AddArg("-reindex-chainstate", "If enabled, wipe chain state, and rebuild it from blk*.dat files on disk.", ANY,
                Cat::OPTIONS);
    args.AddArg("-txindex", "Maintain a full transaction index, used by the getrawtransaction rpc call (default: 0)",
                ANY, Cat::OPTIONS);
    args.AddArg("-coinstatsindex", "Maintain coinstats index used by the gettxoutsetinfo RPC (default: 0)", ANY,
                Cat::OPTIONS);
    args.AddArg("-blocksonly", "Whether to reject transactions from network peers (default: 0)", ANY, Cat::OPTIONS);
    args.AddArg("-maxmempool=<n>", "Keep the transaction memory pool below <n> megabytes (default: 300)", ANY,
                Cat::OPTIONS);
    args.AddArg("-mempoolexpiry=<n>", "Do not keep transactions in the mempool longer than <n> hours (default: 336)",
                ANY, Cat::OPTIONS);
    args.AddArg("-persistmempool", "Whether to save the mempool on shutdown and load on restart (default: 1)", ANY,
                Cat::OPTIONS);
    args.AddArg("-blocknotify=<cmd>",
                "Execute command when the best block changes (%s in cmd is replaced by block hash)", ANY, Cat::OPTIONS);
    args.AddArg("-startupnotify=<cmd>", "Execute command on startup.", ANY, Cat::OPTIONS);
    args.AddArg("-shutdownnotify=<cmd>", "Execute command immediately before beginning shutdown.", ANY, Cat::OPTIONS);

    // Connection
    args.AddArg("-addnode=<ip>",
                "Add a node to connect to and attempt to keep the connection open. This option can be specified "
                "multiple times to add multiple nodes.",
                NETONLY, Cat::CONNECTION);
    args.AddArg("-bind=<addr>[:<port>]", "Bind to given address and always listen on it (default: 0.0.0.0).", NETONLY,
                Cat::CONNECTION);
    args.AddArg("-connect=<ip>",
                "Connect only to the specified node; -noconnect disables automatic connections. This option can be "
                "specified multiple times to connect to multiple nodes.",
                NETONLY, Cat::CONNECTION);
    args.AddArg("-discover", "Discover own IP addresses (default: 1 when listening and no -externalip or -proxy)", ANY,
                Cat::CONNECTION);
    args.AddArg("-dns", "Allow DNS lookups for -addnode, -seednode and -connect (default: 1)", ANY, Cat::CONNECTION);
    args.AddArg("-dnsseed",
                "Query for peer addresses via DNS lookup, if low on addresses (default: 1 unless -connect used or "
                "-maxconnections=0)",
                ANY, Cat::CONNECTION);
    args.AddArg("-externalip=<ip>", "Specify your own public address", ANY, Cat::CONNECTION);
    args.AddArg("-fixedseeds", "Allow fixed seeds if DNS seeds don't provide peers (default: 1)", ANY, Cat::CONNECTION);
    args.AddArg("-forcednsseed", "Always query for peer addresses via DNS lookup (default: 0)", ANY, Cat::CONNECTION);
    args.AddArg("-listen", "Accept connections from outside (default: 1 if no -proxy, -connect or -maxconnections=0)",
                ANY, Cat::CONNECTION);
    args.AddArg("-listenonion", "Automatically create Tor onion service (default: 1)", ANY, Cat::CONNECTION);
    args.AddArg("-maxconnections=<n>", "Maintain at most <n> automatic connections to peers (default: 125).", ANY,
                Cat::CONNECTION);
    args.AddArg("-maxuploadtarget=<n>",
                "Tries to keep outbound traffic under the given target per 24h (default: 0 = no limit)", ANY,
                Cat::CONNECTION);
    args.AddArg("-natpmp", "Use PCP or NAT-PMP to map the listening port (default: 1)", ANY, Cat::CONNECTION);
    args.AddArg("-networkactive",
                "Enable all P2P network activity (default: 1). Can be changed by the setnetworkactive RPC command", ANY,
                Cat::CONNECTION);
    args.AddArg("-onion=<ip:port>", "Use separate SOCKS5 proxy to reach peers via Tor onion services", ANY,
                Cat::CONNECTION);
    args.AddArg("-onlynet=<net>", "Make automatic outbound connections only to network <net> (ipv4, ipv6 or onion).",
                ANY, Cat::CONNECTION);
    args.AddArg("-peertimeout=<n>", "Specify a p2p connection timeout delay in seconds (minimum: 1, default: 60)",
                DEBUG, Cat::CONNECTION);
    args.AddArg("-port=<port>",
                "Listen for connections on <port> (default: 8333, testnet3: 18333, testnet4: 48333, signet: 38333, "
                "regtest: 18444).",
                NETONLY, Cat::CONNECTION);
    args.AddArg("-proxy=<ip:port>", "Connect through SOCKS5 proxy, set -noproxy to disable (default: disabled)", ANY,
                Cat::CONNECTION);
    args.AddArg("-seednode=<ip>",
                "Connect to a node to retrieve peer addresses, and disconnect. This option can be specified multiple "
                "times to connect to multiple nodes.",
                NETONLY, Cat::CONNECTION);
    args.AddArg("-timeout=<n>", "Specify socket connection timeout in milliseconds (minimum: 1, default: 5000)", ANY,
                Cat::CONNECTION);
    args.AddArg("-torcontrol=<ip>:<port>",
                "Tor control host and port to use if onion listening enabled (default: 127.0.0.1:9051)", ANY,
                Cat::CONNECTION);
    args.AddArg("-torpassword=<pass>", "Tor control port password (default: empty)", SENSITIVE, Cat::CONNECTION);
    args.AddArg("-v2transport", "Support v2 transport (default: 1)", ANY, Cat::CONNECTION);
    args.AddArg("-whitebind=<[permissions@]addr>",
                "Bind to the given address and add permission flags to the peers connecting to it.", ANY,
                Cat::CONNECTION);
    args.AddArg("-whitelist=<[permissions@]IP address or network>",
                "Add permission flags to the peers using the given IP address or network.", ANY, Cat::CONNECTION);

    // ZMQ
    for (const char* topic : {"hashblock", "hashtx", "rawblock", "rawtx", "sequence"}) {
        args.AddArg(std::string{"-zmqpub"} + topic + "=<address>",
                    std::string{"Enable publish "} + topic + " in <address>", ANY, Cat::ZMQ);
        args.AddArg(std::string{"-zmqpub"} + topic + "hwm=<n>",
                    std::string{"Set publish "} + topic + " outbound message high water mark (default: 1000)", ANY,
                    Cat::ZMQ);
    }

    // Debugging and testing
    args.AddArg(
        "-debug=<category>",
        "Output debug and trace logging (default: -nodebug, supplying <category> is optional). If <category> is not "
        "supplied or if <category> is 1 or \"all\", output all debug logging. If <category> is 0 or \"none\", any "
        "other categories are ignored. This option can be specified multiple times to output multiple categories.",
        ANY, Cat::DEBUG_TEST);
    args.AddArg("-debugexclude=<category>",
                "Exclude debug and trace logging for a category. Can be used in conjunction with -debug=1 to output "
                "debug and trace logging for all categories except the specified category. This option can be "
                "specified multiple times to exclude multiple categories. This takes priority over \"-debug\"",
                ANY, Cat::DEBUG_TEST);
    args.AddArg("-debuglogfile=<file>",
                "Specify location of debug log file (default: debug.log). Relative paths will be prefixed by a "
                "net-specific datadir location. Pass -nodebuglogfile to disable writing the log to a file.",
                ANY, Cat::DEBUG_TEST);
    args.AddArg("-printtoconsole",
                "Send trace/debug info to console (default: 1 when no -daemon. To disable logging to file, set "
                "-nodebuglogfile)",
                ANY, Cat::DEBUG_TEST);
    args.AddArg("-logtimestamps", "Prepend debug output with timestamp (default: 1)", ANY, Cat::DEBUG_TEST);
    args.AddArg("-logtimemicros", "Add microsecond precision to debug timestamps (default: 0)", DEBUG, Cat::DEBUG_TEST);
    args.AddArg("-logips", "Include IP addresses in debug output (default: 0)", ANY, Cat::DEBUG_TEST);
    args.AddArg("-shrinkdebugfile", "Shrink debug.log file on client startup (default: 1 when no -debug)", ANY,
                Cat::DEBUG_TEST);
    args.AddArg("-uacomment=<cmt>", "Append comment to the user agent string", ANY, Cat::DEBUG_TEST);
    args.AddArg("-checkblocks=<n>", "How many blocks to check at startup (default: 6, 0 = all)", DEBUG,
                Cat::DEBUG_TEST);
    args.AddArg("-checklevel=<n>", "How thorough the block verification of -checkblocks is: 0-4 (default: 3)", DEBUG,
                Cat::DEBUG_TEST);
    args.AddArg("-checkmempool=<n>",
                "Run mempool consistency checks every <n> transactions. Use 0 to disable. (default: 0, regtest: 1)",
                DEBUG, Cat::DEBUG_TEST);
    args.AddArg("-stopatheight", "Stop running after reaching the given height in the main chain (default: 0)", DEBUG,
                Cat::DEBUG_TEST);
    args.AddArg("-mocktime=<n>", "Replace actual time with UNIX epoch time (default: 0)", DEBUG, Cat::DEBUG_TEST);
    args.AddArg("-maxtipage=<n>",
                "Maximum tip age in seconds to consider node in initial block download (default: 86400)", DEBUG,
                Cat::DEBUG_TEST);
    args.AddArg("-testactivationheight=name@height.",
                "Set the activation height of 'name' (segwit, bip34, dersig, cltv, csv). (regtest-only)", DEBUG,
                Cat::DEBUG_TEST);
    args.AddArg("-test=<option>",
                "Pass a test-only option. Options include : addrman (use deterministic addrman), bip94 (enforce BIP94 "
                "consensus rules).",
                DEBUG, Cat::DEBUG_TEST);
    args.AddArg("-maxsigcachesize=<n>",
                "Limit sum of signature cache and script execution cache sizes to <n> MiB (default: 32)", DEBUG,
                Cat::DEBUG_TEST);
    args.AddArg("-dbbatchsize", "Maximum database write batch size in bytes (default: 4194304)", DEBUG,
                Cat::DEBUG_TEST);
    args.AddArg("-stopafterblockimport", "Stop running after importing blocks from disk (default: 0)", DEBUG,
                Cat::DEBUG_TEST);
    args.AddArg("-fastprune", "Use smaller block files and lower minimum prune height for testing purposes", DEBUG,
                Cat::DEBUG_TEST);
    args.AddArg("-acceptnonstdtxn", "Relay and mine \"non-standard\" transactions (test networks only; default: 0)",
                DEBUG, Cat::NODE_RELAY);

    // Chain selection
    SetupChainTypeArgs(args);
    args.AddArg("-signetchallenge",
                "Blocks must satisfy the given script to be considered valid (only for signet networks; defaults to "
                "the global default signet test network challenge)",
                ANY | ArgsManager::DISALLOW_NEGATION, Cat::CHAINPARAMS);
    args.AddArg("-signetseednode",
                "Specify a seed node for the signet network, in the hostname[:port] format, e.g. sig.net:1234 (may be "
                "used multiple times to specify multiple seed nodes; defaults to the global default signet test "
                "network seed node(s))",
                ANY | ArgsManager::DISALLOW_NEGATION, Cat::CHAINPARAMS);
    args.AddArg(
        "-vbparams=deployment:start:end[:min_activation_height]",
        "Use given start/end times and min_activation_height for specified version bits deployment (regtest-only)",
        DEBUG, Cat::CHAINPARAMS);

    // Relay and block creation
    args.AddArg("-bytespersigop", "Equivalent bytes per sigop in transactions for relay and mining (default: 20)", ANY,
                Cat::NODE_RELAY);
    args.AddArg("-datacarrier", "Relay and mine data carrier transactions (default: 1)", ANY, Cat::NODE_RELAY);
    args.AddArg("-datacarriersize",
                "Relay and mine transactions whose data-carrying raw scriptPubKeys in aggregate are of this size or "
                "less (default: 100000)",
                ANY, Cat::NODE_RELAY);
    args.AddArg("-minrelaytxfee=<amt>",
                "Fees (in BTC/kvB) smaller than this are considered zero fee for relaying, mining and transaction "
                "creation (default: 0.00000100)",
                ANY, Cat::NODE_RELAY);
    args.AddArg("-incrementalrelayfee=<amt>",
                "Fee rate (in BTC/kvB) used to define cost of relay, used for mempool limiting and replacement policy. "
                "(default: 0.00000100)",
                DEBUG, Cat::NODE_RELAY);
    args.AddArg("-dustrelayfee=<amt>",
                "Fee rate (in BTC/kvB) used to define dust, the value of an output such that it will cost more than "
                "its value in fees at this fee rate to spend it. (default: 0.00003000)",
                DEBUG, Cat::NODE_RELAY);
    args.AddArg("-permitbaremultisig", "Relay transactions creating non-P2SH multisig outputs (default: 1)", ANY,
                Cat::NODE_RELAY);
    args.AddArg("-blockmaxweight=<n>", "Set maximum BIP141 block weight (default: 3996000)", ANY, Cat::BLOCK_CREATION);
    args.AddArg(
        "-blockmintxfee=<amt>",
        "Set lowest fee rate (in BTC/kvB) for transactions to be included in block creation. (default: 0.00000001)",
        ANY, Cat::BLOCK_CREATION);

    // RPC server
    args.AddArg("-server", "Accept command line and JSON-RPC commands (default: 1)", ANY, Cat::RPC);
    args.AddArg("-rest", "Accept public REST requests (default: 0)", ANY, Cat::RPC);
    args.AddArg("-rpcallowip=<ip>",
                "Allow JSON-RPC connections from specified source. Valid values for <ip> are a single IP (e.g. "
                "1.2.3.4), a network/netmask (e.g. 1.2.3.4/255.255.255.0), a network/CIDR (e.g. 1.2.3.4/24), all ipv4 "
                "(0.0.0.0/0), or all ipv6 (::/0). This option can be specified multiple times",
                ANY, Cat::RPC);
    args.AddArg(
        "-rpcauth=<userpw>",
        "Username and HMAC-SHA-256 hashed password for JSON-RPC connections. The field <userpw> comes in the format: "
        "<USERNAME>:<SALT>$<HASH>. RPC clients connect normally using the rpcuser=<USERNAME>/rpcpassword=<PASSWORD> "
        "pair of arguments. This option can be specified multiple times",
        SENSITIVE, Cat::RPC);
    args.AddArg("-rpcbind=<addr>[:port]",
                "Bind to given address to listen for JSON-RPC connections. Do not expose the RPC server to untrusted "
                "networks such as the public internet! This option is ignored unless -rpcallowip is also passed. Port "
                "is optional and overrides -rpcport. Use [host]:port notation for IPv6. This option can be specified "
                "multiple times (default: 127.0.0.1 and ::1 i.e., localhost)",
                NETONLY | ArgsManager::SENSITIVE, Cat::RPC);
    args.AddArg("-rpccookiefile=<loc>",
                "Location of the auth cookie. Relative paths will be prefixed by a net-specific datadir location. "
                "(default: data dir)",
                ANY, Cat::RPC);
    args.AddArg("-rpccookieperms=<readable-by>",
                "Set permissions on the RPC auth cookie file so that it is readable by [owner|group|all] (default: "
                "owner [via umask 0077])",
                ANY, Cat::RPC);
    args.AddArg("-rpcpassword=<pw>", "Password for JSON-RPC connections", SENSITIVE, Cat::RPC);
    args.AddArg("-rpcport=<port>",
                "Listen for JSON-RPC connections on <port> (default: 8332, testnet3: 18332, testnet4: 48332, signet: "
                "38332, regtest: 18443)",
                NETONLY, Cat::RPC);
    args.AddArg("-rpcservertimeout=<n>", "Timeout during HTTP requests (default: 30)", DEBUG, Cat::RPC);
    args.AddArg("-rpcthreads=<n>", "Set the number of threads to service RPC calls (default: 16)", ANY, Cat::RPC);
    args.AddArg("-rpcuser=<user>", "Username for JSON-RPC connections", SENSITIVE, Cat::RPC);
    args.AddArg("-rpcworkqueue=<n>", "Set the maximum depth of the work queue to service RPC calls (default: 64)",
                DEBUG, Cat::RPC);
}

util::Result<consensus::ChainType> GetChainType(const ArgsManager& args)
{
    auto name = args.GetChainTypeString();
    if (!name) return util::Error{name.error()};
    const auto chain = consensus::ChainTypeFromString(*name);
    if (!chain) return util::Error{"Unknown chain " + *name + "."};
    return *chain;
}

consensus::ChainOptions ReadChainOptions(const ArgsManager& args)
{
    consensus::ChainOptions options;
    options.test_activation_heights = args.GetArgs("-testactivationheight");
    options.vbparams = args.GetArgs("-vbparams");
    options.test_options = args.GetArgs("-test");
    options.fastprune = args.GetBoolArg("-fastprune", false);
    options.signet_challenge = args.GetArgs("-signetchallenge");
    if (args.IsArgSet("-signetseednode")) options.signet_seed_nodes = args.GetArgs("-signetseednode");
    return options;
}

std::optional<Subnet> Subnet::Parse(std::string_view text)
{
    Subnet subnet;
    const size_t slash = text.find('/');
    const std::string addr{text.substr(0, slash)};
    if (addr.empty()) return std::nullopt;
    in_addr v4{};
    in6_addr v6{};
    if (::inet_pton(AF_INET, addr.c_str(), &v4) == 1) {
        subnet.is_v4 = true;
        std::memcpy(subnet.network.data(), &v4, 4);
    } else if (::inet_pton(AF_INET6, addr.c_str(), &v6) == 1) {
        subnet.is_v4 = false;
        std::memcpy(subnet.network.data(), &v6, 16);
    } else {
        return std::nullopt;
    }
    const int bits = subnet.is_v4 ? 32 : 128;
    subnet.prefix_length = bits;
    if (slash != std::string_view::npos) {
        const std::string mask{text.substr(slash + 1)};
        int prefix = -1;
        unsigned value = 0;
        const auto [ptr, ec] = std::from_chars(mask.data(), mask.data() + mask.size(), value);
        if (!mask.empty() && ec == std::errc{} && ptr == mask.data() + mask.size()) {
            if (value > static_cast<unsigned>(bits)) return std::nullopt;
            prefix = static_cast<int>(value);
        } else {
            // A netmask: must be the same family and contiguous ones.
            uint8_t m[16]{};
            if (subnet.is_v4 ? ::inet_pton(AF_INET, mask.c_str(), m) != 1
                             : ::inet_pton(AF_INET6, mask.c_str(), m) != 1) {
                return std::nullopt;
            }
            int ones = 0;
            bool zero_seen = false;
            for (int i = 0; i < bits; ++i) {
                const bool bit = (m[i / 8] >> (7 - i % 8)) & 1;
                if (bit && zero_seen) return std::nullopt;
                if (bit)
                    ++ones;
                else
                    zero_seen = true;
            }
            prefix = ones;
        }
        subnet.prefix_length = prefix;
    }
    // Clear host bits so Match compares networks.
    for (int i = subnet.prefix_length; i < bits; ++i) subnet.network[i / 8] &= static_cast<uint8_t>(~(0x80 >> (i % 8)));
    return subnet;
}

bool Subnet::Match(std::span<const uint8_t> address) const
{
    static constexpr uint8_t V4_MAPPED[12]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    std::span<const uint8_t> a = address;
    bool v4 = a.size() == 4;
    if (a.size() == 16 && std::memcmp(a.data(), V4_MAPPED, 12) == 0) {
        a = a.subspan(12);
        v4 = true;
    }
    if (v4 != is_v4 || a.size() != (is_v4 ? 4u : 16u)) return false;
    for (int i = 0; i < prefix_length; ++i) {
        const uint8_t bit = 0x80 >> (i % 8);
        if ((a[i / 8] & bit) != (network[i / 8] & bit)) return false;
    }
    return true;
}

bool SplitHostPort(std::string_view in, uint16_t& port, std::string& host)
{
    bool valid = false;
    const size_t colon = in.find_last_of(':');
    // A colon is a port separator if it follows "[...]" or is the only colon.
    const bool have_colon = colon != std::string_view::npos;
    const bool bracketed = have_colon && colon > 0 && in[0] == '[' && in[colon - 1] == ']';
    const bool multi_colon = have_colon && colon != 0 && in.find_last_of(':', colon - 1) != std::string_view::npos;
    if (have_colon && (colon == 0 || bracketed || !multi_colon)) {
        if (const auto n = ParseUInt16(in.substr(colon + 1))) {
            in = in.substr(0, colon);
            port = *n;
            valid = port != 0;
        }
    } else {
        valid = true;
    }
    if (in.size() >= 2 && in.front() == '[' && in.back() == ']') {
        host = std::string{in.substr(1, in.size() - 2)};
    } else {
        host = std::string{in};
    }
    return valid;
}

util::Result<RpcOptions> ReadRpcOptions(const ArgsManager& args, uint16_t default_port, const fs::path& net_data_dir)
{
    RpcOptions options;

    const auto port_arg = args.GetArg("-rpcport");
    options.port = default_port;
    if (port_arg) {
        const auto port = ParseUInt16(*port_arg);
        if (!port || *port == 0) return util::Error{"Invalid port specified in -rpcport: '" + *port_arg + "'"};
        options.port = *port;
    }

    // Always allow loopback; other clients only through -rpcallowip.
    options.allow.push_back(*Subnet::Parse("127.0.0.0/8"));
    options.allow.push_back(*Subnet::Parse("::1"));
    for (const std::string& allow : args.GetArgs("-rpcallowip")) {
        const auto subnet = Subnet::Parse(allow);
        if (!subnet) {
            return util::Error{"Invalid -rpcallowip subnet specification: " + allow +
                               ". Valid values are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. "
                               "1.2.3.4/255.255.255.0), a network/CIDR (e.g. 1.2.3.4/24), all ipv4 (0.0.0.0/0), or "
                               "all ipv6 (::/0)."};
        }
        options.allow.push_back(*subnet);
    }

    // To prevent accidental exposure, bind beyond loopback only when both -rpcbind and -rpcallowip are given.
    if (!(args.IsArgSet("-rpcallowip") && args.IsArgSet("-rpcbind"))) {
        options.bind.emplace_back("::1", options.port);
        options.bind.emplace_back("127.0.0.1", options.port);
        if (args.IsArgSet("-rpcallowip")) {
            options.warnings.push_back(
                "option -rpcallowip was specified without -rpcbind; this doesn't usually make sense");
        }
        if (args.IsArgSet("-rpcbind")) {
            options.warnings.push_back("option -rpcbind was ignored because -rpcallowip was not specified, refusing to "
                                       "allow everyone to connect");
        }
    } else {
        for (const std::string& bind : args.GetArgs("-rpcbind")) {
            uint16_t port = options.port;
            std::string host;
            if (!SplitHostPort(bind, port, host))
                return util::Error{"Invalid port specified in -rpcbind: '" + bind + "'"};
            options.bind.emplace_back(host, port);
        }
    }

    options.user = args.GetArg("-rpcuser", "");
    options.password = args.GetArg("-rpcpassword", "");
    for (const std::string& entry : args.GetArgs("-rpcauth")) {
        // <user>:<salt>$<hash>; the user may not contain ':' and the hash part exactly one '$'.
        const size_t colon = entry.find(':');
        const size_t dollar = entry.find('$', colon == std::string::npos ? 0 : colon);
        if (colon == std::string::npos || entry.find(':', colon + 1) != std::string::npos ||
            dollar == std::string::npos || entry.find('$', dollar + 1) != std::string::npos) {
            return util::Error{"Invalid -rpcauth argument."};
        }
        options.auth.push_back(
            {entry.substr(0, colon), entry.substr(colon + 1, dollar - colon - 1), entry.substr(dollar + 1)});
    }

    const fs::path cookie = args.GetPathArg("-rpccookiefile", ".cookie");
    options.cookie_file = args.IsArgNegated("-rpccookiefile") ? fs::path{} : AbsPathForConfigVal(net_data_dir, cookie);
    if (const auto perms = args.GetArg("-rpccookieperms")) {
        options.cookie_perms = InterpretPermString(*perms);
        if (!options.cookie_perms) {
            return util::Error{"Invalid -rpccookieperms=" + *perms + "; must be one of 'owner', 'group', or 'all'."};
        }
    }

    options.threads =
        static_cast<int>(std::max<int64_t>(args.GetIntArg("-rpcthreads", RpcOptions::DEFAULT_THREADS), 1));
    options.work_queue =
        static_cast<int>(std::max<int64_t>(args.GetIntArg("-rpcworkqueue", RpcOptions::DEFAULT_WORK_QUEUE), 1));
    options.server_timeout = std::chrono::seconds{
        std::max<int64_t>(args.GetIntArg("-rpcservertimeout", RpcOptions::DEFAULT_SERVER_TIMEOUT_SECONDS), 1)};
    return options;
}

util::Result<LoggingOptions> ReadLoggingOptions(const ArgsManager& args, const fs::path& net_data_dir)
{
    LoggingOptions options;
    if (!args.IsArgNegated("-debuglogfile")) {
        options.file = AbsPathForConfigVal(net_data_dir, args.GetPathArg("-debuglogfile", "debug.log"));
    }
    options.print_to_console = args.GetBoolArg("-printtoconsole", !args.GetBoolArg("-daemon", false));
    options.timestamps = args.GetBoolArg("-logtimestamps", true);
    options.time_micros = args.GetBoolArg("-logtimemicros", false);

    const std::vector<std::string> debug = args.GetArgs("-debug");
    // -debug=0 / -debug=none anywhere switches debug logging off, whatever else is listed.
    const bool none = std::find(debug.begin(), debug.end(), "0") != debug.end() ||
                      std::find(debug.begin(), debug.end(), "none") != debug.end();
    if (!none) {
        for (const std::string& category : debug) {
            const auto flags = ParseLogCategories(category);
            if (!flags) return util::Error{"Unsupported logging category -debug=" + category + "."};
            options.categories |= *flags;
        }
    }
    for (const std::string& category : args.GetArgs("-debugexclude")) {
        const auto flags = ParseLogCategories(category);
        if (!flags) return util::Error{"Unsupported logging category -debugexclude=" + category + "."};
        options.categories &= ~*flags;
    }
    return options;
}

} // namespace hearth::node
