#ifndef HEARTH_RPC_REGISTER_H
#define HEARTH_RPC_REGISTER_H

// Registration entry points of each area's methods. hearthd, docs/rpc.md and the tests all use
// RegisterAllRpcs, so a method added to an area appears everywhere at once. A new area adds its
// Register<Area>Rpcs here and one line in RegisterAllRpcs (src/rpc/register.cpp).

namespace hearth::rpc {

class RpcTable;

/// help, stop, uptime, getrpcinfo, logging (category "control"); echo, echojson (hidden test methods).
void RegisterControlRpcs(RpcTable& table);

/// getblockchaininfo, getblock, gettxoutsetinfo, ... (category "blockchain"); invalidateblock and
/// reconsiderblock (hidden, as in Core).
void RegisterBlockchainRpcs(RpcTable& table);

/// getrawtransaction, decoderawtransaction, decodescript, createrawtransaction (category "rawtransactions").
void RegisterRawTransactionRpcs(RpcTable& table);

/// validateaddress, getdescriptorinfo, deriveaddresses (category "util").
void RegisterUtilRpcs(RpcTable& table);

/// getnetworkhashps, getmininginfo, getblocktemplate, submitblock, submitheader (category "mining");
/// generatetoaddress, generatetodescriptor, generateblock and setmocktime (hidden, as in Core).
void RegisterMiningRpcs(RpcTable& table);

/// Every area's methods.
void RegisterAllRpcs(RpcTable& table);

} // namespace hearth::rpc

#endif // HEARTH_RPC_REGISTER_H
