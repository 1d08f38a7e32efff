#ifndef HEARTH_SCRIPT_ADDRESS_H
#define HEARTH_SCRIPT_ADDRESS_H

// Addresses and WIF private keys (Core's key_io): the per-network encoding parameters, scriptPubKey <->
// address string (base58check P2PKH/P2SH, BIP173 bech32 for witness v0, BIP350 bech32m for v1-16), and
// secret key <-> WIF. Output templates are recognised from their bytes here, independently of the solver.

#include <hearth/crypto/key.h>
#include <hearth/util/bytes.h>
#include <hearth/util/result.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

/// The address of a scriptPubKey, or nullopt if it has none. Recognised: P2PKH (OP_DUP OP_HASH160 <20>
/// OP_EQUALVERIFY OP_CHECKSIG) and P2SH (OP_HASH160 <20> OP_EQUAL) in base58check; witness v0 with a
/// 20- or 32-byte program in bech32; witness v1-16 with a 2-40 byte program in bech32m (BIP350). Bare
/// public keys, multisig, OP_RETURN and other scripts have no address (as Core's EncodeDestination).
std::optional<std::string> EncodeAddress(util::ByteSpan script_pubkey, const AddressParams& params);

/// The scriptPubKey an address pays to, with Core's DecodeDestination rules and error messages: a string
/// starting with the network's HRP (any case) is decoded as bech32/bech32m, anything else as base58check;
/// witness v0 must use bech32 and v1+ bech32m; v0 programs are 20 or 32 bytes, others 2-40.
util::Result<util::Bytes> DecodeAddress(std::string_view address, const AddressParams& params);

/// The WIF encoding of a valid key: base58check of prefix ‖ secret ‖ (0x01 if compressed).
std::string EncodeSecret(const crypto::PrivKey& key, const AddressParams& params);

/// Decodes a WIF key of this network; the result is invalid (IsValid() false) if the string is not one.
crypto::PrivKey DecodeSecret(std::string_view wif, const AddressParams& params);

} // namespace hearth::script

#endif // HEARTH_SCRIPT_ADDRESS_H
