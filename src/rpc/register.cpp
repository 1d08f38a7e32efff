#include <hearth/rpc/register.h>

#include <hearth/rpc/table.h>

namespace hearth::rpc {

void RegisterAllRpcs(RpcTable& table)
{
    RegisterControlRpcs(table);
    RegisterBlockchainRpcs(table);
    RegisterRawTransactionRpcs(table);
    RegisterUtilRpcs(table);
    RegisterMiningRpcs(table);
}

} // namespace hearth::rpc
