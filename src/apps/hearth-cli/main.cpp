// hearth-cli: sends one command to hearthd's JSON-RPC server and prints the answer as bitcoin-cli does.
// All the work is in rpc/cli.h so it can be unit-tested.

#include <hearth/rpc/cli.h>
#include <hearth/version.h>

#include <iostream>
#include <unistd.h>

int main(int argc, char** argv)
{
    return hearth::rpc::RunCli(argc, argv, HEARTH_VERSION_STRING, std::cin, std::cout, std::cerr,
                               ::isatty(STDOUT_FILENO) == 1);
}
