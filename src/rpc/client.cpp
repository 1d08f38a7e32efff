#include <hearth/rpc/client.h>

#include <stdexcept>

namespace hearth::rpc {

const std::vector<ConvertParam>& ConvertParams()
{
    // Core's vRPCConvertParams for the methods Hearth has or will have (issues #5 and the area issues).
    static const std::vector<ConvertParam> params{
        // control
        {"stop", 0, "wait"},
        {"logging", 0, "include"},
        {"logging", 1, "exclude"},
        {"echojson", 0, "arg0"},
        {"echojson", 1, "arg1"},
        {"echojson", 2, "arg2"},
        {"echojson", 3, "arg3"},
        {"echojson", 4, "arg4"},
        {"echojson", 5, "arg5"},
        {"echojson", 6, "arg6"},
        {"echojson", 7, "arg7"},
        {"echojson", 8, "arg8"},
        {"echojson", 9, "arg9"},
        // blockchain
        {"getblockhash", 0, "height"},
        {"waitforblockheight", 0, "height"},
        {"waitforblockheight", 1, "timeout"},
        {"waitforblock", 1, "timeout"},
        {"waitfornewblock", 0, "timeout"},
        {"getblockheader", 1, "verbose"},
        {"getblock", 1, "verbosity"},
        {"getblock", 1, "verbose"},
        {"getblockstats", 0, "hash_or_height"},
        {"getblockstats", 1, "stats"},
        {"getchaintxstats", 0, "nblocks"},
        {"gettxout", 1, "n"},
        {"gettxout", 2, "include_mempool"},
        {"gettxoutproof", 0, "txids"},
        {"gettxoutsetinfo", 1, "hash_or_height"},
        {"gettxoutsetinfo", 2, "use_index"},
        {"verifychain", 0, "checklevel"},
        {"verifychain", 1, "nblocks"},
        {"pruneblockchain", 0, "height"},
        {"scantxoutset", 1, "scanobjects"},
        {"setmocktime", 0, "timestamp"},
        {"mockscheduler", 0, "delta_time"},
        // mempool
        {"getrawmempool", 0, "verbose"},
        {"getrawmempool", 1, "mempool_sequence"},
        {"getmempoolancestors", 1, "verbose"},
        {"getmempooldescendants", 1, "verbose"},
        {"testmempoolaccept", 0, "rawtxs"},
        {"testmempoolaccept", 1, "maxfeerate"},
        {"submitpackage", 0, "package"},
        {"submitpackage", 1, "maxfeerate"},
        {"submitpackage", 2, "maxburnamount"},
        {"prioritisetransaction", 1, "dummy"},
        {"prioritisetransaction", 2, "fee_delta"},
        {"estimatesmartfee", 0, "conf_target"},
        {"estimaterawfee", 0, "conf_target"},
        {"estimaterawfee", 1, "threshold"},
        // raw transactions
        {"getrawtransaction", 1, "verbosity"},
        {"getrawtransaction", 1, "verbose"},
        {"createrawtransaction", 0, "inputs"},
        {"createrawtransaction", 1, "outputs"},
        {"createrawtransaction", 2, "locktime"},
        {"createrawtransaction", 3, "replaceable"},
        {"createrawtransaction", 4, "version"},
        {"decoderawtransaction", 1, "iswitness"},
        {"sendrawtransaction", 1, "maxfeerate"},
        {"sendrawtransaction", 2, "maxburnamount"},
        // mining
        {"generatetoaddress", 0, "nblocks"},
        {"generatetoaddress", 2, "maxtries"},
        {"generatetodescriptor", 0, "num_blocks"},
        {"generatetodescriptor", 2, "maxtries"},
        {"generateblock", 1, "transactions"},
        {"generateblock", 2, "submit"},
        {"getblocktemplate", 0, "template_request"},
        {"getnetworkhashps", 0, "nblocks"},
        {"getnetworkhashps", 1, "height"},
        // util
        {"deriveaddresses", 1, "range"},
        // network
        {"setban", 2, "bantime"},
        {"setban", 3, "absolute"},
        {"setnetworkactive", 0, "state"},
        {"disconnectnode", 1, "nodeid"},
        {"getnodeaddresses", 0, "count"},
        {"addnode", 2, "v2transport"},
        {"addconnection", 2, "v2transport"},
    };
    return params;
}

bool ShouldConvert(std::string_view method, int position)
{
    for (const auto& p : ConvertParams()) {
        if (p.method == method && p.position == position) return true;
    }
    return false;
}

bool ShouldConvert(std::string_view method, std::string_view name)
{
    for (const auto& p : ConvertParams()) {
        if (p.method == method && p.name == name) return true;
    }
    return false;
}

json ParseNonRfcJsonValue(std::string_view text)
{
    auto value = ParseJsonPreservingNumbers(text);
    if (!value) throw std::runtime_error("Error parsing JSON: " + std::string{text});
    return std::move(*value);
}

json ConvertValues(const std::string& method, const std::vector<std::string>& args)
{
    json params = json::array();
    for (size_t i = 0; i < args.size(); ++i) {
        params.push_back(ShouldConvert(method, static_cast<int>(i)) ? ParseNonRfcJsonValue(args[i]) : json(args[i]));
    }
    return params;
}

json ConvertNamedValues(const std::string& method, const std::vector<std::string>& args)
{
    json params = json::object();
    json positional = json::array();
    for (const std::string& s : args) {
        const size_t eq = s.find('=');
        if (eq == std::string::npos) {
            const int position = static_cast<int>(positional.size());
            positional.push_back(ShouldConvert(method, position) ? ParseNonRfcJsonValue(s) : json(s));
            continue;
        }
        const std::string name = s.substr(0, eq);
        const std::string value = s.substr(eq + 1);
        params[name] = ShouldConvert(method, name) ? ParseNonRfcJsonValue(value) : json(value);
    }
    // An explicit "args=" given by the user wins over the implicit positional list.
    if (!positional.empty() && !params.contains("args")) params["args"] = std::move(positional);
    return params;
}

} // namespace hearth::rpc
