#!/usr/bin/env python3
"""createrawtransaction, decoderawtransaction, decodescript and getrawtransaction (Core's rpc_rawtransaction.py,
rpc_decodescript.py): a transaction built with createrawtransaction spends an anyone-can-spend coinbase, is
mined with generateblock and read back with getrawtransaction at verbosity 0, 1 and 2 (fee and prevout from
undo data). Results in Core's field order; wrong types, missing/extra parameters, bad addresses (-5) and
Core's messages. Without a mempool or -txindex, getrawtransaction needs the block hash."""
import hashlib
from decimal import Decimal

from framework.test_framework import HearthTestFramework
from framework.util import assert_equal, assert_in, assert_raises_rpc_error, assert_true

ADDR = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"
PUB1 = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
PUB1_UNCOMPRESSED = ("0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
                     "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8")
TXID = "1d1d4e24ed99057e84c3f80fd8fbec79ed9e1acee37da269356ecea000000000"
REGTEST_GENESIS_MERKLE = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"
DECODED_TX_KEYS = ["txid", "hash", "version", "size", "vsize", "weight", "locktime", "vin", "vout"]

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def sha256(b):
    return hashlib.sha256(b).digest()


def hash160(b):
    return hashlib.new("ripemd160", sha256(b)).digest()


def base58check(payload):
    data = payload + sha256(sha256(payload))[:4]
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def bech32_polymod(values):
    gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = (chk & 0x1ffffff) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((b >> i) & 1) else 0
    return chk


def segwit_address(hrp, version, program):
    """BIP173/BIP350 encoding, independent of the node."""
    acc, bits, data = 0, 0, [version]
    for byte in program:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    const = 1 if version == 0 else 0x2bc830a3
    values = [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp] + data
    polymod = bech32_polymod(values + [0] * 6) ^ const
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32_CHARSET[d] for d in data + checksum)


def p2sh_address(script_hex):
    return base58check(bytes([196]) + hash160(bytes.fromhex(script_hex)))


class RpcRawTransactionTest(HearthTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def run_test(self):
        node = self.nodes[0]
        self.test_createrawtransaction(node)
        self.test_decoderawtransaction(node)
        self.test_decodescript(node)
        self.test_getrawtransaction(node)

    def test_createrawtransaction(self, node):
        self.log.info("createrawtransaction: inputs, outputs as object or array, data, locktime, replaceable, version")
        inputs = [{"txid": TXID, "vout": 0}]
        raw = node.createrawtransaction(inputs, [{ADDR: Decimal("1.5")}, {"data": "00ff"}])
        tx = node.decoderawtransaction(raw)
        assert_equal(list(tx.keys()), DECODED_TX_KEYS)
        assert_equal((tx["version"], tx["locktime"], tx["vin"][0]["sequence"]), (2, 0, 0xfffffffd))
        assert_equal([o["value"] for o in tx["vout"]], [Decimal("1.5"), Decimal("0")])
        assert_equal(tx["vout"][1]["scriptPubKey"]["hex"], "6a0200ff")
        # Object form, same bytes.
        assert_equal(node.createrawtransaction(inputs, {ADDR: Decimal("1.5"), "data": "00ff"}), raw)
        # Amounts as strings too.
        assert_equal(node.createrawtransaction(inputs, {ADDR: "1.5", "data": "00ff"}), raw)
        # Sequence rules (Core's AddInputs).
        seq = lambda *a, **k: node.decoderawtransaction(node.createrawtransaction(*a, **k))["vin"][0]["sequence"]
        assert_equal(seq(inputs, {ADDR: 1}, 0, False), 0xffffffff)
        assert_equal(seq(inputs, {ADDR: 1}, 100, False), 0xfffffffe)
        assert_equal(seq(inputs, {ADDR: 1}, 100), 0xfffffffd)
        assert_equal(seq([{"txid": TXID, "vout": 0, "sequence": 1000}], {ADDR: 1}), 1000)
        assert_equal(node.decoderawtransaction(node.createrawtransaction(inputs, {ADDR: 1}, 1234))["locktime"], 1234)
        assert_equal(node.decoderawtransaction(node.createrawtransaction(inputs=inputs, outputs={ADDR: 1}, version=3))["version"], 3)
        assert_equal(node.decoderawtransaction(node.createrawtransaction(inputs=[], outputs={ADDR: 1}))["vin"], [])

        self.log.info("createrawtransaction: Core's errors")
        assert_raises_rpc_error(-1, "createrawtransaction", node.createrawtransaction)
        assert_raises_rpc_error(-1, "createrawtransaction", node.createrawtransaction, [])
        assert_raises_rpc_error(-1, "createrawtransaction", node.createrawtransaction, [], {}, 0, False, 2, "extra")
        assert_raises_rpc_error(-3, "JSON value of type string is not of expected type array", node.createrawtransaction, "foo", {})
        assert_raises_rpc_error(-3, "JSON value of type string is not of expected type object", node.createrawtransaction, ["foo"], {})
        assert_raises_rpc_error(-3, "JSON value of type null is not of expected type string", node.createrawtransaction, [{}], {})
        assert_raises_rpc_error(-8, "txid must be of length 64 (not 3, for 'foo')", node.createrawtransaction, [{"txid": "foo"}], {})
        assert_raises_rpc_error(-8, "txid must be hexadecimal string (not '%s')" % ("ZZ" * 32),
                                node.createrawtransaction, [{"txid": "ZZ" * 32}], {})
        assert_raises_rpc_error(-8, "Invalid parameter, missing vout key", node.createrawtransaction, [{"txid": TXID}], {})
        assert_raises_rpc_error(-8, "Invalid parameter, missing vout key", node.createrawtransaction, [{"txid": TXID, "vout": "1"}], {})
        assert_raises_rpc_error(-8, "Invalid parameter, vout cannot be negative", node.createrawtransaction, [{"txid": TXID, "vout": -1}], {})
        assert_raises_rpc_error(-8, "Invalid parameter, sequence number is out of range",
                                node.createrawtransaction, [{"txid": TXID, "vout": 0, "sequence": -1}], {})
        assert_raises_rpc_error(-8, "Invalid parameter, sequence number is out of range",
                                node.createrawtransaction, [{"txid": TXID, "vout": 0, "sequence": 4294967296}], {})
        assert_raises_rpc_error(-3, "JSON value of type string is not of expected type array", node.createrawtransaction, [], "foo")
        assert_raises_rpc_error(-8, "Invalid parameter, output argument must be non-null", node.createrawtransaction, [], None)
        assert_raises_rpc_error(-5, "Invalid Bitcoin address: foo", node.createrawtransaction, [], {"foo": 0})
        assert_raises_rpc_error(-5, "Invalid Bitcoin address: bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
                                node.createrawtransaction, [], {"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4": 1})
        assert_raises_rpc_error(-3, "Invalid amount", node.createrawtransaction, [], {ADDR: "foo"})
        assert_raises_rpc_error(-3, "Amount out of range", node.createrawtransaction, [], {ADDR: -1})
        assert_raises_rpc_error(-3, "Amount is not a number or string", node.createrawtransaction, [], {ADDR: None})
        assert_raises_rpc_error(-8, "Data must be hexadecimal string (not 'foo')", node.createrawtransaction, [], {"data": "foo"})
        assert_raises_rpc_error(-8, "Invalid parameter, duplicated address: " + ADDR,
                                node.createrawtransaction, [], [{ADDR: 1}, {ADDR: 1}])
        assert_raises_rpc_error(-8, "Invalid parameter, duplicate key: data", node.createrawtransaction, [], [{"data": "aa"}, {"data": "bb"}])
        assert_raises_rpc_error(-8, "Invalid parameter, key-value pair must contain exactly one key",
                                node.createrawtransaction, [], [{"a": 1, "b": 2}])
        assert_raises_rpc_error(-8, "Invalid parameter, key-value pair not an object as expected", node.createrawtransaction, [], [["key-value pair1"], ["2"]])
        assert_raises_rpc_error(-3, "JSON value of type string is not of expected type number", node.createrawtransaction, [], {}, "foo")
        assert_raises_rpc_error(-8, "Invalid parameter, locktime out of range", node.createrawtransaction, [], {}, -1)
        assert_raises_rpc_error(-8, "Invalid parameter, locktime out of range", node.createrawtransaction, [], {}, 4294967296)
        assert_raises_rpc_error(-3, "JSON value of type string is not of expected type bool", node.createrawtransaction, [], {}, 0, "foo")
        assert_raises_rpc_error(-8, "Invalid parameter combination: Sequence number(s) contradict replaceable option",
                                node.createrawtransaction, [{"txid": TXID, "vout": 0, "sequence": 0xffffffff}], {}, 0, True)
        assert_raises_rpc_error(-8, "Invalid parameter, version out of range(1~3)", node.createrawtransaction, [], {}, 0, False, 4)
        assert_raises_rpc_error(-8, "Invalid parameter, version out of range(1~3)", node.createrawtransaction, [], {}, 0, False, 0)

        self.log.info("createrawtransaction through hearth-cli (argument conversion)")
        code, out, err = node.cli("createrawtransaction", '[{"txid":"%s","vout":0}]' % TXID, '[{"%s":1.5},{"data":"00ff"}]' % ADDR)
        assert_equal((code, err), (0, ""))
        assert_equal(out.strip(), raw)

    def test_decoderawtransaction(self, node):
        self.log.info("decoderawtransaction: witness heuristics and the iswitness argument")
        # Core's rpc_decodescript.py / rpc_rawtransaction.py: a transaction with no inputs decodes only
        # without witness, as a witness transaction would need inputs.
        no_inputs = node.createrawtransaction([], {ADDR: 1})
        assert_equal(node.decoderawtransaction(no_inputs)["vin"], [])
        assert_equal(node.decoderawtransaction(no_inputs, False)["vin"], [])
        assert_raises_rpc_error(-22, "TX decode failed", node.decoderawtransaction, no_inputs, True)
        assert_raises_rpc_error(-22, "TX decode failed", node.decoderawtransaction, "")
        assert_raises_rpc_error(-22, "TX decode failed", node.decoderawtransaction, "00")
        assert_raises_rpc_error(-22, "TX decode failed", node.decoderawtransaction, "zz")
        assert_raises_rpc_error(-22, "TX decode failed", node.decoderawtransaction, no_inputs + "00")
        assert_raises_rpc_error(-3, "JSON value of type number is not of expected type string", node.decoderawtransaction, 1)
        assert_raises_rpc_error(-3, "JSON value of type string is not of expected type bool", node.decoderawtransaction, no_inputs, "x")
        # A witness transaction: txid and hash differ, the witness is shown.
        witness_tx = ("02000000000101" + TXID + "00000000" + "00" + "fdffffff" + "01" + "00e1f50500000000" + "160014" +
                      "751e76e8199196d454941c45d1b3a323f1433bd6" + "02" + "01aa" + "0201bb" + "00000000")
        decoded = node.decoderawtransaction(witness_tx)
        assert_equal(decoded["vin"][0]["txinwitness"], ["aa", "01bb"])
        assert_true(decoded["txid"] != decoded["hash"], decoded)
        # 8 bytes are witness data (marker, flag, stack): weight = 4 * stripped + witness bytes.
        size = len(witness_tx) // 2
        assert_equal((decoded["size"], decoded["weight"], decoded["vsize"]), (size, 4 * (size - 8) + 8, (4 * (size - 8) + 8 + 3) // 4))
        assert_equal(decoded["vout"][0]["scriptPubKey"]["address"], ADDR)
        assert_equal(list(decoded["vin"][0].keys()), ["txid", "vout", "scriptSig", "txinwitness", "sequence"])
        assert_equal(list(decoded["vout"][0]["scriptPubKey"].keys()), ["asm", "desc", "hex", "address", "type"])

    def test_decodescript(self, node):
        self.log.info("decodescript: types, descriptors, P2SH and segwit wrappings (Core's rpc_decodescript.py)")
        # P2PK with a compressed key: P2SH and P2WPKH wrappings.
        p2pk = "21" + PUB1 + "ac"
        r = node.decodescript(p2pk)
        assert_equal(list(r.keys()), ["asm", "desc", "type", "p2sh", "segwit"])
        assert_equal(r["asm"], PUB1 + " OP_CHECKSIG")
        assert_equal(r["type"], "pubkey")
        assert_equal(r["p2sh"], p2sh_address(p2pk))
        p2wpkh = "0014" + hash160(bytes.fromhex(PUB1)).hex()
        assert_equal(r["segwit"]["hex"], p2wpkh)
        assert_equal(r["segwit"]["type"], "witness_v0_keyhash")
        assert_equal(r["segwit"]["address"], segwit_address("bcrt", 0, hash160(bytes.fromhex(PUB1))))
        assert_equal(r["segwit"]["p2sh-segwit"], p2sh_address(p2wpkh))
        assert_equal(list(r["segwit"].keys()), ["asm", "desc", "hex", "address", "type", "p2sh-segwit"])
        assert_equal(r["segwit"]["desc"], node.getdescriptorinfo("addr(%s)" % r["segwit"]["address"])["descriptor"])
        # P2PK with an uncompressed key: no segwit wrapping.
        r = node.decodescript("41" + PUB1_UNCOMPRESSED + "ac")
        assert_equal(list(r.keys()), ["asm", "desc", "type", "p2sh"])
        # P2PKH: address, and the P2WPKH of the same hash.
        keyhash = hash160(bytes.fromhex(PUB1)).hex()
        p2pkh = "76a914" + keyhash + "88ac"
        r = node.decodescript(p2pkh)
        assert_equal(r["address"], base58check(bytes([111]) + bytes.fromhex(keyhash)))
        assert_equal(r["segwit"]["hex"], "0014" + keyhash)
        # Multisig: P2WSH of the script, Core's wsh(multi(...)) descriptor.
        multi = "52" + "21" + PUB1 + "21" + "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5" + "52ae"
        r = node.decodescript(multi)
        assert_equal(r["type"], "multisig")
        wsh = "0020" + sha256(bytes.fromhex(multi)).hex()
        assert_equal(r["segwit"]["hex"], wsh)
        assert_equal(r["segwit"]["address"], segwit_address("bcrt", 0, sha256(bytes.fromhex(multi))))
        inner = r["desc"].split("#")[0]
        assert_equal(r["segwit"]["desc"], node.getdescriptorinfo("wsh(%s)" % inner)["descriptor"])
        assert_equal(r["segwit"]["p2sh-segwit"], p2sh_address(wsh))
        # Nonstandard but wrappable: P2WSH.
        r = node.decodescript("5187")  # OP_1 OP_EQUAL
        assert_equal(r["type"], "nonstandard")
        assert_equal(r["segwit"]["hex"], "0020" + sha256(bytes.fromhex("5187")).hex())
        # Not wrapped at all: P2SH, P2WPKH→(P2SH only), taproot, anchor, OP_RETURN, invalid ops, tapscript ops.
        r = node.decodescript("a914" + keyhash + "87")
        assert_equal((r["type"], "p2sh" in r, "segwit" in r), ("scripthash", False, False))
        r = node.decodescript(p2wpkh)
        assert_equal((r["type"], "p2sh" in r, "segwit" in r), ("witness_v0_keyhash", True, False))
        r = node.decodescript("5120" + PUB1[2:])
        assert_equal((r["type"], "p2sh" in r, "segwit" in r), ("witness_v1_taproot", False, False))
        assert_equal(r["address"], segwit_address("bcrt", 1, bytes.fromhex(PUB1[2:])))
        r = node.decodescript("51024e73")
        assert_equal((r["type"], r["address"], "p2sh" in r), ("anchor", "bcrt1pfeesnyr2tx", False))
        for script in ["6a0100", "ff", "51ba", "50"]:
            r = node.decodescript(script)
            assert_true("p2sh" not in r and "segwit" not in r, (script, r))
        # The empty script is valid.
        r = node.decodescript("")
        assert_equal((r["asm"], r["type"]), ("", "nonstandard"))
        assert_equal(r["p2sh"], p2sh_address(""))
        assert_raises_rpc_error(-8, "argument must be hexadecimal string (not 'zz')", node.decodescript, "zz")
        assert_raises_rpc_error(-8, "argument must be hexadecimal string (not '0')", node.decodescript, "0")
        assert_raises_rpc_error(-3, "JSON value of type number is not of expected type string", node.decodescript, 5)

    def test_getrawtransaction(self, node):
        self.log.info("getrawtransaction: a spend of an anyone-can-spend coinbase, mined with generateblock")
        hashes = node.generatetodescriptor(100, "raw(51)")
        block1 = node.getblock(hashes[0])
        coinbase_txid = block1["tx"][0]
        spend = node.createrawtransaction([{"txid": coinbase_txid, "vout": 0}], {ADDR: Decimal("49.99")})
        spend_txid = node.decoderawtransaction(spend)["txid"]
        block_hash = node.generateblock(ADDR, [spend])["hash"]
        tip_height = node.getblockcount()

        assert_equal(node.getrawtransaction(spend_txid, 0, block_hash), spend)
        assert_equal(node.getrawtransaction(spend_txid, False, block_hash), spend)
        v1 = node.getrawtransaction(spend_txid, 1, block_hash)
        assert_equal(list(v1.keys()), ["in_active_chain"] + DECODED_TX_KEYS + ["hex", "blockhash", "confirmations", "time", "blocktime"])
        assert_equal((v1["in_active_chain"], v1["hex"], v1["blockhash"], v1["confirmations"]), (True, spend, block_hash, 1))
        assert_equal(v1["time"], v1["blocktime"])
        assert_equal(node.getrawtransaction(spend_txid, True, block_hash), v1)
        assert_equal(node.getrawtransaction(txid=spend_txid, verbose=1, blockhash=block_hash), v1)
        v2 = node.getrawtransaction(spend_txid, 2, block_hash)
        assert_equal(v2["fee"], Decimal("0.01"))
        assert_equal(list(v2.keys()), ["in_active_chain"] + DECODED_TX_KEYS + ["fee", "hex", "blockhash", "confirmations", "time", "blocktime"])
        prevout = v2["vin"][0]["prevout"]
        assert_equal((prevout["generated"], prevout["height"], prevout["value"]), (True, 1, Decimal("50")))
        assert_equal((prevout["scriptPubKey"]["hex"], prevout["scriptPubKey"]["type"]), ("51", "nonstandard"))
        assert_equal(list(v2["vin"][0].keys()), ["txid", "vout", "scriptSig", "prevout", "sequence"])
        # A coinbase has no prevout or fee even at verbosity 2.
        cb = node.getrawtransaction(coinbase_txid, 2, hashes[0])
        assert_true("fee" not in cb and "prevout" not in cb["vin"][0], cb)
        assert_equal(cb["confirmations"], tip_height)

        self.log.info("getrawtransaction: without a block hash (no mempool, no -txindex) and Core's errors")
        hint = "No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries. Use gettransaction for wallet transactions."
        assert_raises_rpc_error(-5, hint, node.getrawtransaction, spend_txid)
        assert_raises_rpc_error(-5, hint, node.getrawtransaction, "00" * 32, 1)
        assert_raises_rpc_error(-5, "The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved",
                                node.getrawtransaction, REGTEST_GENESIS_MERKLE)
        assert_raises_rpc_error(-5, "No such transaction found in the provided block. Use gettransaction for wallet transactions.",
                                node.getrawtransaction, spend_txid, 1, hashes[0])
        assert_raises_rpc_error(-5, "Block hash not found", node.getrawtransaction, spend_txid, 1, "00" * 32)
        assert_raises_rpc_error(-8, "parameter 1 must be of length 64 (not 3, for 'abc')", node.getrawtransaction, "abc")
        assert_raises_rpc_error(-8, "parameter 1 must be hexadecimal string (not '%s')" % ("zz" * 32), node.getrawtransaction, "zz" * 32)
        assert_raises_rpc_error(-8, "parameter 3 must be of length 64 (not 3, for 'abc')", node.getrawtransaction, spend_txid, 1, "abc")
        assert_raises_rpc_error(-3, "JSON value of type string is not of expected type number", node.getrawtransaction, spend_txid, "1", block_hash)
        assert_raises_rpc_error(-3, "JSON value of type number is not of expected type string", node.getrawtransaction, 1)
        assert_raises_rpc_error(-1, "getrawtransaction \"txid\" ( verbosity \"blockhash\" )", node.getrawtransaction)

        self.log.info("getrawtransaction: a block off the active chain")
        node.invalidateblock(block_hash)
        off = node.getrawtransaction(spend_txid, 1, block_hash)
        assert_equal((off["in_active_chain"], off["confirmations"]), (False, 0))
        assert_true("time" not in off and "blocktime" not in off, off)
        node.reconsiderblock(block_hash)
        assert_equal(node.getrawtransaction(spend_txid, 1, block_hash)["in_active_chain"], True)
        code, out, err = node.cli("getrawtransaction", spend_txid, "2", block_hash)
        assert_equal((code, err), (0, ""))
        assert_in('"fee": 0.01000000', out)


if __name__ == "__main__":
    RpcRawTransactionTest().main()
