#include <hearth/script/address.h>

namespace hearth::script {

// Values from CORE-FACTS §1 (Core's kernel/chainparams.cpp).
AddressParams MainAddressParams() { return {"bc", 0, 5, 128, {0x04, 0x88, 0xB2, 0x1E}, {0x04, 0x88, 0xAD, 0xE4}}; }

AddressParams TestAddressParams() { return {"tb", 111, 196, 239, {0x04, 0x35, 0x87, 0xCF}, {0x04, 0x35, 0x83, 0x94}}; }

AddressParams RegtestAddressParams()
{
    AddressParams p = TestAddressParams();
    p.bech32_hrp = "bcrt";
    return p;
}

} // namespace hearth::script
