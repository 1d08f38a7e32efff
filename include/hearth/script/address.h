#ifndef HEARTH_SCRIPT_ADDRESS_H
#define HEARTH_SCRIPT_ADDRESS_H

// Address and WIF encoding parameters per network. (Encoding functions: see below, implemented in
// src/script/address.cpp.)

#include <array>
#include <cstdint>
#include <string>

namespace hearth::script {

/// How a network writes addresses and keys (Core's base58Prefixes and bech32_hrp).
struct AddressParams {
    std::string bech32_hrp;
    uint8_t pubkey_prefix{0};
    uint8_t script_prefix{0};
    uint8_t secret_prefix{0};
    std::array<uint8_t, 4> ext_public_key{};
    std::array<uint8_t, 4> ext_secret_key{};
};

/// main: bc, 0/5/128, xpub 0488B21E / xprv 0488ADE4.
AddressParams MainAddressParams();
/// testnet3, testnet4 and signet: tb, 111/196/239, tpub 043587CF / tprv 04358394.
AddressParams TestAddressParams();
/// regtest: bcrt, otherwise as testnet.
AddressParams RegtestAddressParams();

} // namespace hearth::script

#endif // HEARTH_SCRIPT_ADDRESS_H
