#!/usr/bin/env python3
"""validateaddress, getdescriptorinfo and deriveaddresses with Core's vectors, result fields and messages
(Core's rpc_validateaddress.py on main, rpc_getdescriptorinfo.py, rpc_deriveaddresses.py), plus wrong types,
missing and extra parameters, named parameters and hearth-cli's argument conversion."""
import hashlib

from framework.test_framework import HearthTestFramework
from framework.util import assert_equal, assert_in, assert_raises_rpc_error, assert_true

# ------------------------------------------------------------------------------------------ helpers

INPUT_CHARSET = "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ "
CHECKSUM_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
GENERATOR = [0xf5dee51989, 0xa9fdca3312, 0x1bab10e32d, 0x3706b1677a, 0x644d626ffd]


def descsum_polymod(symbols):
    chk = 1
    for value in symbols:
        top = chk >> 35
        chk = (chk & 0x7ffffffff) << 5 ^ value
        for i in range(5):
            chk ^= GENERATOR[i] if ((top >> i) & 1) else 0
    return chk


def descsum_expand(s):
    groups, symbols = [], []
    for c in s:
        v = INPUT_CHARSET.find(c)
        symbols.append(v & 31)
        groups.append(v >> 5)
        if len(groups) == 3:
            symbols.append(groups[0] * 9 + groups[1] * 3 + groups[2])
            groups = []
    if len(groups) == 1:
        symbols.append(groups[0])
    elif len(groups) == 2:
        symbols.append(groups[0] * 3 + groups[1])
    return symbols


def descsum_create(s):
    """BIP380 checksum, written independently of the node (as Core's test_framework/descriptors.py)."""
    symbols = descsum_expand(s) + [0] * 8
    checksum = descsum_polymod(symbols) ^ 1
    return s + "#" + "".join(CHECKSUM_CHARSET[(checksum >> (5 * (7 - i))) & 31] for i in range(8))


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58check(payload):
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def wif(secret_int, prefix=0xef):
    return base58check(bytes([prefix]) + secret_int.to_bytes(32, "big") + b"\x01")


# secp256k1 public keys of small secrets (compressed), for fixed, known keys.
PUB1 = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
PUB2 = "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5"
TPRV = "tprv8ZgxMBicQKsPd7Uf69XL1XwhmjHopUGep8GuEiJDZmbQz6o58LninorQAfcKZWARbtRtfnLcJ5MQ2AtHcQJCCRUcMRvmDUjyEmNUWwx8UbK"
TPUB = "tpubD6NzVbkrYhZ4WaWSyoBvQwbpLkojyoTZPRsgXELWz3Popb3qkjcJyJUGLnL4qHHoQvao8ESaAstxYSnhyswJ76uZPStJRJCTKvosUCJZL5B"

# Core's rpc_validateaddress.py (main): (address, error, error_locations).
INVALID_MAIN = [
    ("tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty", "Invalid or unsupported Segwit (Bech32) or Base58 encoding.", []),
    ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "Invalid Bech32 checksum", [41]),
    ("BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2", "Version 1+ witness address must use Bech32m checksum", []),
    ("bc1rw5uspcuh", "Version 1+ witness address must use Bech32m checksum", []),
    ("bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",
     "Version 1+ witness address must use Bech32m checksum", []),
    ("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", "Invalid Bech32 v0 address program size (16 bytes), per BIP141", []),
    ("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",
     "Invalid or unsupported Segwit (Bech32) or Base58 encoding.", []),
    ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3t4", "Invalid character or mixed case", [40]),
    ("bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du", "Version 1+ witness address must use Bech32m checksum", []),
    ("bc1gmk9yu", "Empty Bech32 data section", []),
    ("tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
     "Invalid or unsupported Segwit (Bech32) or Base58 encoding.", []),
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
     "Version 1+ witness address must use Bech32m checksum", []),
    ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "Version 0 witness address must use Bech32 checksum", []),
    ("bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", "Invalid Base 32 character", [59]),
    ("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", "Invalid Bech32 address witness version", []),
    ("bc1pw5dgrnzv", "Invalid Bech32 address program size (1 byte)", []),
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
     "Invalid Bech32 address program size (41 bytes)", []),
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", "Invalid padding in Bech32 data section", []),
]

# Core's rpc_validateaddress.py (main): (address, scriptPubKey).
VALID_MAIN = [
    ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "0014751e76e8199196d454941c45d1b3a323f1433bd6"),
    ("bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
     "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262"),
    ("bc1qc7slrfxkknqcq2jevvvkdgvrt8080852dfjewde450xdlk4ugp7szw5tk9",
     "0020c7a1f1a4d6b4c1802a59631966a18359de779e8a6a65973735a3ccdfdabc407d"),
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
     "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"),
    ("bc1pfeessrawgf", "51024e73"),
    ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "76a91477bff20c60e522dfaa3350c39b030a5d004e839a88ac"),
    ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "a914b472a266d0bd89c13706a4132ccfb16f7c3b9fcb87"),
]


class RpcUtilTest(HearthTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def run_test(self):
        node = self.nodes[0]
        self.test_validateaddress_regtest(node)
        self.test_getdescriptorinfo(node)
        self.test_deriveaddresses(node)
        self.test_arguments(node)

        self.log.info("validateaddress on main: Core's vectors with error locations")
        main = self.add_node(chain="main")
        main.start()
        for addr, error, locations in INVALID_MAIN:
            res = main.validateaddress(addr)
            assert_equal(res, {"isvalid": False, "error_locations": locations, "error": error}, msg=addr)
        for addr, spk in VALID_MAIN:
            res = main.validateaddress(addr)
            assert_equal(res["isvalid"], True, msg=addr)
            assert_equal(res["scriptPubKey"], spk, msg=addr)
            assert_equal(res["address"], addr.lower() if addr.lower().startswith("bc1") else addr)
            assert_true("error" not in res and "error_locations" not in res, addr)
        # Keys are read with the node's network prefixes: a tpub is not a key on main.
        assert_raises_rpc_error(-5, "wpkh(): key '%s' is not valid" % TPUB, main.getdescriptorinfo, "wpkh(%s)" % TPUB)
        # Mainnet WIF of secret 1 (compressed).
        info = main.getdescriptorinfo("pkh(%s)" % wif(1, 0x80))
        assert_equal(info["descriptor"], descsum_create("pkh(%s)" % PUB1))
        main.stop()

    def test_validateaddress_regtest(self, node):
        self.log.info("validateaddress: every address kind, Core's fields in Core's order")
        res = node.validateaddress("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080")
        assert_equal(list(res.keys()), ["isvalid", "address", "scriptPubKey", "isscript", "iswitness",
                                        "witness_version", "witness_program"])
        assert_equal(res["witness_program"], "751e76e8199196d454941c45d1b3a323f1433bd6")
        assert_equal(res["isscript"], False)
        p2wsh = node.validateaddress(node.deriveaddresses(descsum_create("wsh(pk(%s))" % PUB1))[0])
        assert_equal((p2wsh["isscript"], p2wsh["iswitness"], p2wsh["witness_version"], len(p2wsh["witness_program"])),
                     (True, True, 0, 64))
        p2pkh = node.validateaddress(base58check(bytes([111]) + bytes(20)))
        assert_equal(p2pkh, {"isvalid": True, "address": base58check(bytes([111]) + bytes(20)),
                             "scriptPubKey": "76a914" + "00" * 20 + "88ac", "isscript": False, "iswitness": False})
        p2sh = node.validateaddress(base58check(bytes([196]) + bytes(20)))
        assert_equal((p2sh["scriptPubKey"], p2sh["isscript"], p2sh["iswitness"]), ("a914" + "00" * 20 + "87", True, False))
        anchor = node.validateaddress("bcrt1pfeesnyr2tx")
        assert_equal(anchor, {"isvalid": True, "address": "bcrt1pfeesnyr2tx", "scriptPubKey": "51024e73",
                              "isscript": True, "iswitness": True})
        taproot = node.deriveaddresses(descsum_create("rawtr(%s)" % PUB1[2:]))[0]
        res = node.validateaddress(taproot)
        assert_equal((res["isscript"], res["iswitness"], res["witness_version"], res["witness_program"]),
                     (True, True, 1, PUB1[2:]))

        self.log.info("validateaddress: invalid addresses are answered, not refused")
        res = node.validateaddress("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")
        assert_equal(res, {"isvalid": False, "error_locations": [],
                           "error": "Invalid or unsupported Segwit (Bech32) or Base58 encoding."})
        res = node.validateaddress("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt08x")
        assert_equal(res["isvalid"], False)
        assert_in(res["error"], ["Invalid Base 32 character", "Invalid Bech32 checksum"])
        assert_equal(node.validateaddress("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")["error"],
                     "Invalid or unsupported Base58-encoded address.")
        assert_equal(node.validateaddress("")["isvalid"], False)

    def test_getdescriptorinfo(self, node):
        self.log.info("getdescriptorinfo: Core's rpc_getdescriptorinfo.py cases")
        assert_raises_rpc_error(-5, "'' is not a valid descriptor function", node.getdescriptorinfo, "")
        assert_raises_rpc_error(-5, "pk(): Key ' %s' is invalid due to whitespace" % PUB1, node.getdescriptorinfo, "pk( %s)" % PUB1)
        assert_raises_rpc_error(-5, "pk(): Key '%s ' is invalid due to whitespace" % PUB1, node.getdescriptorinfo, "pk(%s )" % PUB1)
        priv = wif(1)
        assert_raises_rpc_error(-5, "pk(): Key ' %s' is invalid due to whitespace" % priv, node.getdescriptorinfo, "pk( %s)" % priv)

        def test_desc(desc, isrange, issolvable, hasprivatekeys, expanded=None):
            info = node.getdescriptorinfo(desc)
            assert_equal(info, node.getdescriptorinfo(descsum_create(desc)))
            if expanded is not None:
                assert_equal(info["descriptor"], descsum_create(expanded[0]))
                assert_equal(info["multipath_expansion"], [descsum_create(x) for x in expanded])
            else:
                assert_equal(info["descriptor"], descsum_create(desc.replace(priv, PUB1)))
                assert_true("multipath_expansion" not in info, desc)
            assert_equal(info["checksum"], descsum_create(desc)[-8:])
            assert_equal((info["isrange"], info["issolvable"], info["hasprivatekeys"]), (isrange, issolvable, hasprivatekeys))

        for d in ["pk(%s)", "pkh(%s)", "wpkh(%s)", "sh(wpkh(%s))", "combo(%s)", "tr(%s)"]:
            test_desc(d % PUB1, False, True, False)
        test_desc("multi(1,%s,%s)" % (PUB1, PUB2), False, True, False)
        test_desc("sh(multi(2,%s,%s))" % (PUB1, PUB2), False, True, False)
        test_desc("wsh(multi(2,%s,%s))" % (PUB1, PUB2), False, True, False)
        test_desc("sh(wsh(multi(1,%s,%s)))" % (PUB1, PUB2), False, True, False)
        test_desc("wpkh(%s)" % priv, False, True, True)
        test_desc("wpkh(%s/0/*)" % TPUB, True, True, False)
        test_desc("addr(bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080)", False, False, False)
        test_desc("raw(51)", False, False, False)
        test_desc("wpkh(%s/<0;1>/*)" % TPUB, True, True, False,
                  expanded=["wpkh(%s/0/*)" % TPUB, "wpkh(%s/1/*)" % TPUB])
        # An xprv: the canonical form is the xpub; the input's own checksum is reported.
        info = node.getdescriptorinfo("wpkh(%s/1/*)" % TPRV)
        assert_equal(info["descriptor"], descsum_create("wpkh(%s/1/*)" % TPUB))
        assert_equal(info["checksum"], descsum_create("wpkh(%s/1/*)" % TPRV)[-8:])
        assert_equal(info["hasprivatekeys"], True)
        # Checksum errors.
        good = descsum_create("wpkh(%s)" % PUB1)
        assert_raises_rpc_error(-5, "Provided checksum", node.getdescriptorinfo, good[:-1] + ("q" if good[-1] != "q" else "p"))
        assert_raises_rpc_error(-5, "Expected 8 character checksum, not 3 characters", node.getdescriptorinfo, "wpkh(%s)#abc" % PUB1)
        assert_raises_rpc_error(-5, "Multiple '#' symbols", node.getdescriptorinfo, good + "#x")

    def test_deriveaddresses(self, node):
        self.log.info("deriveaddresses: Core's rpc_deriveaddresses.py")
        assert_raises_rpc_error(-5, "Missing checksum", node.deriveaddresses, "a")
        descriptor = "wpkh(%s/1/1/0)#t6wfjs64" % TPRV
        address = "bcrt1qjqmxmkpmxt80xz4y3746zgt0q3u3ferr34acd5"
        assert_equal(node.deriveaddresses(descriptor), [address])
        assert_raises_rpc_error(-5, "Missing checksum", node.deriveaddresses, descriptor[:-9])
        assert_equal(node.deriveaddresses("wpkh(%s/1/1/0)#s9ga3alw" % TPUB), [address])
        ranged = "wpkh(%s/1/1/*)#kft60nuy" % TPRV
        assert_equal(node.deriveaddresses(ranged, [1, 2]),
                     ["bcrt1qhku5rq7jz8ulufe2y6fkcpnlvpsta7rq4442dy", "bcrt1qpgptk2gvshyl0s9lqshsmx932l9ccsv265tvaq"])
        assert_equal(node.deriveaddresses(ranged, 2),
                     [address, "bcrt1qhku5rq7jz8ulufe2y6fkcpnlvpsta7rq4442dy", "bcrt1qpgptk2gvshyl0s9lqshsmx932l9ccsv265tvaq"])
        assert_raises_rpc_error(-8, "Range should not be specified for an un-ranged descriptor",
                                node.deriveaddresses, descsum_create("wpkh(%s/1/1/0)" % TPRV), [0, 2])
        ranged = descsum_create("wpkh(%s/1/1/*)" % TPRV)
        assert_raises_rpc_error(-8, "Range must be specified for a ranged descriptor", node.deriveaddresses, ranged)
        assert_raises_rpc_error(-8, "End of range is too high", node.deriveaddresses, ranged, 10000000000)
        assert_raises_rpc_error(-8, "Range is too large", node.deriveaddresses, ranged, [1000000000, 2000000000])
        assert_raises_rpc_error(-8, "Range specified as [begin,end] must not have begin after end", node.deriveaddresses, ranged, [2, 0])
        assert_raises_rpc_error(-8, "Range should be greater or equal than 0", node.deriveaddresses, ranged, [-1, 0])
        combo = descsum_create("combo(%s/1/1/0)" % TPRV)
        assert_equal(node.deriveaddresses(combo), ["mtfUoUax9L4tzXARpw1oTGxWyoogp52KhJ", address, "2NDvEwGfpEqJWfybzpKPHF2XH3jwoQV3D7x"])
        assert_raises_rpc_error(-5, "Cannot derive script without private keys",
                                node.deriveaddresses, descsum_create("wpkh(%s/1h/1/0)" % TPUB))
        assert_raises_rpc_error(-5, "Descriptor does not have a corresponding address", node.deriveaddresses,
                                descsum_create("multi(1,%s/1/1/0,%s/1/1/1)" % (TPUB, TPUB)))

        self.log.info("deriveaddresses: the descriptor kinds of issue 5")
        assert_equal(node.deriveaddresses(descsum_create("addr(%s)" % address)), [address])
        raw_address = node.deriveaddresses(descsum_create("raw(0014" + "00" * 20 + ")"))
        assert_equal(len(raw_address), 1)
        assert_equal(node.validateaddress(raw_address[0])["scriptPubKey"], "0014" + "00" * 20)
        assert_raises_rpc_error(-5, "Descriptor does not have a corresponding address",
                                node.deriveaddresses, descsum_create("raw(6a00)"))
        assert_raises_rpc_error(-5, "Descriptor does not have a corresponding address",
                                node.deriveaddresses, descsum_create("pk(%s)" % PUB1))
        pkh = node.deriveaddresses(descsum_create("pkh(%s)" % PUB1))[0]
        assert_equal(node.validateaddress(pkh)["scriptPubKey"][:6], "76a914")
        sh_wpkh = node.deriveaddresses(descsum_create("sh(wpkh(%s))" % PUB1))[0]
        assert_equal(node.validateaddress(sh_wpkh)["isscript"], True)
        tr = node.deriveaddresses(descsum_create("tr(%s/0/*)" % TPUB), [0, 4])
        assert_equal(len(tr), 5)
        assert_true(all(a.startswith("bcrt1p") for a in tr), tr)
        # Hardened steps need the xprv; with it they work.
        assert_equal(len(node.deriveaddresses(descsum_create("wpkh(%s/0h/*h)" % TPRV), [0, 2])), 3)
        multipath = node.deriveaddresses(descsum_create("wpkh(%s/<0;1>/*)" % TPUB), [0, 1])
        assert_equal(len(multipath), 2)
        assert_equal(multipath[0], node.deriveaddresses(descsum_create("wpkh(%s/0/*)" % TPUB), [0, 1]))
        assert_equal(multipath[1], node.deriveaddresses(descsum_create("wpkh(%s/1/*)" % TPUB), [0, 1]))
        assert_raises_rpc_error(-5, "Can only have wpkh() at top level or inside sh()",
                                node.deriveaddresses, descsum_create("wsh(wpkh(%s))" % PUB1))

    def test_arguments(self, node):
        self.log.info("Wrong types, missing and extra parameters, named parameters, hearth-cli conversion")
        assert_raises_rpc_error(-3, "JSON value of type number is not of expected type string", node.validateaddress, 1)
        assert_raises_rpc_error(-3, "JSON value of type number is not of expected type string", node.getdescriptorinfo, 1)
        assert_raises_rpc_error(-3, "JSON value of type bool is not of expected type string", node.deriveaddresses, True)
        # Too few or too many arguments: the help text as a -1 error.
        assert_raises_rpc_error(-1, "validateaddress \"address\"", node.validateaddress)
        assert_raises_rpc_error(-1, "getdescriptorinfo \"descriptor\"", node.getdescriptorinfo, "a", "b")
        assert_raises_rpc_error(-1, "deriveaddresses \"descriptor\" ( range )", node.deriveaddresses, "a", 1, 2)
        ranged = descsum_create("wpkh(%s/1/1/*)" % TPUB)
        assert_equal(node.deriveaddresses(descriptor=ranged, range=[0, 1]), node.deriveaddresses(ranged, [0, 1]))
        assert_raises_rpc_error(-8, "Unknown named parameter nosuch", node.validateaddress, address="x", nosuch=1)
        code, out, err = node.cli("deriveaddresses", ranged, "[0,1]")
        assert_equal((code, err), (0, ""))
        assert_true("bcrt1q" in out, out)
        code, out, err = node.cli("-named", "deriveaddresses", "descriptor=" + ranged, "range=1")
        assert_equal(code, 0, msg=err)
        code, out, err = node.cli("getdescriptorinfo", "raw(51)")
        assert_equal(code, 0, msg=err)
        assert_in('"issolvable": false', out)


if __name__ == "__main__":
    RpcUtilTest().main()
