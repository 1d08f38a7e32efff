#include <hearth/rpc/register.h>

#include <hearth/rpc/table.h>

namespace hearth::rpc {

void RegisterAllRpcs(RpcTable& table)
{
    RegisterControlRpcs(table);
    RegisterBlockchainRpcs(table);
}

} // namespace hearth::rpc
