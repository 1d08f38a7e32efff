#!/usr/bin/env python3
"""Mining methods against a regtest node (Core's mining_basic.py, mining_getblocktemplate_longpoll.py,
rpc_generate.py, rpc_setmocktime and the submitblock cases of feature_block.py): generatetoaddress,
generatetodescriptor, generateblock, getblocktemplate (template, proposal, longpoll, version bits),
submitblock (null, "duplicate", "inconclusive", "duplicate-invalid", reject reasons, the zero witness
reserved value), submitheader, getmininginfo, getnetworkhashps, setmocktime, and -testactivationheight.
Blocks for submitblock are built here in Python, independently of the node's block assembler."""
import hashlib
import threading
from decimal import Decimal

from framework.rpc import JSONRPCException
from framework.test_framework import HearthTestFramework
from framework.util import assert_equal, assert_in, assert_raises_rpc_error, assert_true

ADDR = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"
ADDR_SPK = bytes.fromhex("0014751e76e8199196d454941c45d1b3a323f1433bd6")
MAIN_ADDR = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
PUB1 = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
TPUB = "tpubD6NzVbkrYhZ4WaWSyoBvQwbpLkojyoTZPRsgXELWz3Popb3qkjcJyJUGLnL4qHHoQvao8ESaAstxYSnhyswJ76uZPStJRJCTKvosUCJZL5B"
REGTEST_BITS = 0x207fffff
COIN = 100_000_000
MAX_MOCKTIME = 9223372036  # Core: the largest second count a nanosecond clock holds


# ------------------------------------------------------------------------------------- block builder

def dsha(b):
    return hashlib.sha256(hashlib.sha256(b).digest()).digest()


def ser_compact(n):
    if n < 253:
        return bytes([n])
    if n <= 0xffff:
        return b"\xfd" + n.to_bytes(2, "little")
    return b"\xfe" + n.to_bytes(4, "little")


def push_int(n):
    """Core's CScript() << n for a block height (BIP34)."""
    if n == 0:
        return b"\x00"
    if 1 <= n <= 16:
        return bytes([0x50 + n])
    data = bytearray()
    while n:
        data.append(n & 0xff)
        n >>= 8
    if data[-1] & 0x80:
        data.append(0)
    return bytes([len(data)]) + bytes(data)


def ser_tx(version, vin, vout, locktime, witnesses=None):
    """vin: [(prev_txid_raw, n, script_sig, sequence)], vout: [(value, script)], witnesses: [[items]] or None."""
    with_witness = witnesses is not None and any(witnesses)
    out = version.to_bytes(4, "little")
    if with_witness:
        out += b"\x00\x01"
    out += ser_compact(len(vin))
    for prev, n, script_sig, seq in vin:
        out += prev + n.to_bytes(4, "little") + ser_compact(len(script_sig)) + script_sig + seq.to_bytes(4, "little")
    out += ser_compact(len(vout))
    for value, script in vout:
        out += value.to_bytes(8, "little", signed=True) + ser_compact(len(script)) + script
    if with_witness:
        for stack in witnesses:
            out += ser_compact(len(stack)) + b"".join(ser_compact(len(item)) + item for item in stack)
    return out + locktime.to_bytes(4, "little")


def merkle_root(hashes):
    while len(hashes) > 1:
        if len(hashes) % 2:
            hashes.append(hashes[-1])
        hashes = [dsha(hashes[i] + hashes[i + 1]) for i in range(0, len(hashes), 2)]
    return hashes[0]


def subsidy(height):
    return (50 * COIN) >> (height // 150)  # regtest halves every 150 blocks


def target_of(bits):
    return (bits & 0xffffff) << (8 * ((bits >> 24) - 3))


class Block:
    """A coinbase-only block (Core's create_block/create_coinbase in spirit)."""

    def __init__(self, prev_hash, height, time, *, value=None, height_push=None, commitment=True,
                 coinbase_witness=True, extra=b"", bits=REGTEST_BITS, version=0x20000000):
        script_sig = (push_int(height) if height_push is None else height_push) + b"\x00" + extra
        vout = [(subsidy(height) if value is None else value, ADDR_SPK)]
        if commitment:
            # Witness merkle root of a coinbase-only block is the zero hash (BIP141: coinbase wtxid = 0).
            vout.append((0, bytes.fromhex("6a24aa21a9ed") + dsha(bytes(32) + bytes(32))))
        vin = [(bytes(32), 0xffffffff, script_sig, 0xfffffffe)]
        witnesses = [[bytes(32)]] if coinbase_witness else None
        self.coinbase = ser_tx(2, vin, vout, height - 1, witnesses)
        self.coinbase_txid = dsha(ser_tx(2, vin, vout, height - 1))
        self.version, self.prev, self.time, self.bits, self.nonce = version, bytes.fromhex(prev_hash)[::-1], time, bits, 0
        self.merkle = merkle_root([self.coinbase_txid])

    def header(self):
        return (self.version.to_bytes(4, "little") + self.prev + self.merkle + self.time.to_bytes(4, "little") +
                self.bits.to_bytes(4, "little") + self.nonce.to_bytes(4, "little"))

    def hash(self):
        return dsha(self.header())[::-1].hex()

    def solve(self, valid=True):
        """Grinds the nonce until the proof of work passes (or, with valid=False, fails)."""
        target = target_of(self.bits)
        while (int.from_bytes(dsha(self.header()), "little") <= target) != valid:
            self.nonce += 1
        return self

    def serialize(self):
        return (self.header() + ser_compact(1) + self.coinbase).hex()


class RpcMiningTest(HearthTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def tip_block(self, node, **kwargs):
        """A solved block on the node's tip."""
        tip = node.getblockheader(node.getbestblockhash())
        time = max(tip["mediantime"] + 1, tip["time"] + 1)
        return Block(tip["hash"], tip["height"] + 1, kwargs.pop("time", time), **kwargs).solve()

    def run_test(self):
        node = self.nodes[0]
        self.test_getmininginfo_fresh(node)
        self.test_generate(node)
        self.test_getblocktemplate(node)
        self.test_submitblock(node)
        self.test_submitheader(node)
        self.test_setmocktime(node)
        self.test_versionbits(node)
        self.test_longpoll(node)
        self.test_testactivationheight()
        self.test_mainnet()

    def test_getmininginfo_fresh(self, node):
        self.log.info("getmininginfo and getnetworkhashps on a fresh chain")
        info = node.getmininginfo()
        assert_equal(list(info.keys()), ["blocks", "bits", "difficulty", "target", "networkhashps", "pooledtx", "chain", "next", "warnings"])
        assert_equal((info["blocks"], info["bits"], info["networkhashps"], info["pooledtx"], info["chain"], info["warnings"]),
                     (0, "207fffff", 0, 0, "regtest", []))
        assert_equal(info["target"], "7fffff" + "00" * 29)
        assert_equal(info["difficulty"], Decimal("4.656542373906925E-10"))
        assert_equal(info["next"], {"height": 1, "bits": "207fffff", "difficulty": Decimal("4.656542373906925E-10"),
                                    "target": "7fffff" + "00" * 29})
        assert_equal(node.getnetworkhashps(), 0)
        assert_raises_rpc_error(-8, "Invalid nblocks. Must be a positive number or -1.", node.getnetworkhashps, 0)
        assert_raises_rpc_error(-8, "Invalid nblocks. Must be a positive number or -1.", node.getnetworkhashps, -2)
        assert_raises_rpc_error(-8, "Block does not exist at specified height", node.getnetworkhashps, 100, 1)
        assert_raises_rpc_error(-8, "Block does not exist at specified height", node.getnetworkhashps, 100, -2)
        assert_raises_rpc_error(-3, "JSON value of type string is not of expected type number", node.getnetworkhashps, "a")
        assert_raises_rpc_error(-1, "getmininginfo", node.getmininginfo, 1)

    def test_generate(self, node):
        self.log.info("generatetoaddress: blocks paying the address, maxtries, Core's errors")
        hashes = node.generatetoaddress(5, ADDR)
        assert_equal(len(hashes), 5)
        assert_equal(node.getbestblockhash(), hashes[-1])
        coinbase = node.getblock(hashes[0], 2)["tx"][0]
        assert_equal(coinbase["vout"][0]["scriptPubKey"]["address"], ADDR)
        assert_equal(coinbase["vout"][0]["value"], Decimal(50))
        assert_equal(node.generatetoaddress(0, ADDR), [])
        assert_equal(node.generatetoaddress(-1, ADDR), [])
        assert_equal(node.generatetoaddress(2, ADDR, 0), [])
        assert_equal(node.getblockcount(), 5)
        assert_equal(len(node.generatetoaddress(1, ADDR, 1000)), 1)
        assert_equal(len(node.generatetoaddress(1, ADDR, -1)), 1)  # Core reads an int: -1 wraps to "no limit"
        assert_raises_rpc_error(-5, "Error: Invalid address", node.generatetoaddress, 1, "foo")
        assert_raises_rpc_error(-5, "Error: Invalid address", node.generatetoaddress, 1, MAIN_ADDR)
        assert_raises_rpc_error(-3, "JSON value of type string is not of expected type number", node.generatetoaddress, "1", ADDR)
        assert_raises_rpc_error(-1, "generatetoaddress nblocks \"address\" ( maxtries )", node.generatetoaddress, 1)
        info = node.getmininginfo()
        assert_equal((info["currentblockweight"], info["currentblocktx"]), (8000, 0))
        assert_equal(list(info.keys())[:3], ["blocks", "currentblockweight", "currentblocktx"])
        assert_true(info["networkhashps"] > 0, info)
        assert_equal(node.getnetworkhashps(-1, 3), node.getnetworkhashps(3, 3))

        self.log.info("generatetodescriptor: raw, combo, and Core's refusals")
        raw_hash = node.generatetodescriptor(1, "raw(51)")[0]
        assert_equal(node.getblock(raw_hash, 2)["tx"][0]["vout"][0]["scriptPubKey"]["hex"], "51")
        combo_hash = node.generatetodescriptor(1, "combo(%s)" % PUB1)[0]
        assert_equal(node.getblock(combo_hash, 2)["tx"][0]["vout"][0]["scriptPubKey"]["type"], "witness_v0_keyhash")
        assert_raises_rpc_error(-8, "Ranged descriptor not accepted. Maybe pass through deriveaddresses first?",
                                node.generatetodescriptor, 1, "wpkh(%s/*)" % TPUB)
        assert_raises_rpc_error(-8, "Multipath descriptor not accepted", node.generatetodescriptor, 1, "wpkh(%s/<0;1>)" % TPUB)
        assert_raises_rpc_error(-5, "Cannot derive script without private keys", node.generatetodescriptor, 1, "wpkh(%s/0h)" % TPUB)
        assert_raises_rpc_error(-5, "'foo' is not a valid descriptor function", node.generatetodescriptor, 1, "foo")
        assert_raises_rpc_error(-5, "Provided checksum 'aaaaaaaa'", node.generatetodescriptor, 1, "raw(51)#aaaaaaaa")
        assert_raises_rpc_error(-1, "JSON integer out of range", node.generatetodescriptor, 1, "raw(51)", -1)
        assert_equal(len(node.generatetodescriptor(num_blocks=1, descriptor="raw(51)", maxtries=100)), 1)

        self.log.info("generateblock: submit or return the hex, raw transactions, unknown txids, bad hex, invalid blocks")
        res = node.generateblock(ADDR, [])
        assert_equal(list(res.keys()), ["hash"])
        assert_equal(node.getbestblockhash(), res["hash"])
        height = node.getblockcount()
        res = node.generateblock("raw(51)", [], False)
        assert_equal(list(res.keys()), ["hash", "hex"])
        assert_equal(node.getblockcount(), height)
        assert_equal(node.submitblock(res["hex"]), None)
        assert_equal(node.getbestblockhash(), res["hash"])
        txid = "ab" * 32
        assert_raises_rpc_error(-5, "Transaction %s not in mempool." % txid, node.generateblock, ADDR, [txid])
        assert_raises_rpc_error(-22, "Transaction decode failed for zz. Make sure the tx has at least one input.",
                                node.generateblock, ADDR, ["zz"])
        assert_raises_rpc_error(-5, "Error: Invalid address or descriptor", node.generateblock, "foo", [])
        assert_raises_rpc_error(-8, "Ranged descriptor not accepted", node.generateblock, "wpkh(%s/*)" % TPUB, [])
        missing = node.createrawtransaction([{"txid": "cd" * 32, "vout": 0}], {ADDR: 1})
        assert_raises_rpc_error(-25, "TestBlockValidity failed: bad-txns-inputs-missingorspent", node.generateblock, ADDR, [missing])
        assert_raises_rpc_error(-3, "JSON value of type string is not of expected type array", node.generateblock, ADDR, "x")

    def test_getblocktemplate(self, node):
        self.log.info("getblocktemplate: Core's fields and errors")
        assert_raises_rpc_error(-1, "getblocktemplate {\"mode\":\"str\",\"capabilities\":[\"str\",...],\"rules\":[\"segwit\",\"str\",...],\"longpollid\":\"str\",\"data\":\"hex\"}",
                                node.getblocktemplate)
        segwit_msg = "getblocktemplate must be called with the segwit rule set (call with {\"rules\": [\"segwit\"]})"
        assert_raises_rpc_error(-8, segwit_msg, node.getblocktemplate, {})
        assert_raises_rpc_error(-8, segwit_msg, node.getblocktemplate, {"rules": []})
        assert_raises_rpc_error(-8, "Invalid mode", node.getblocktemplate, {"mode": "foo", "rules": ["segwit"]})
        assert_raises_rpc_error(-8, "Invalid mode", node.getblocktemplate, {"mode": 1, "rules": ["segwit"]})
        assert_raises_rpc_error(-3, "JSON value of type string is not of expected type object", node.getblocktemplate, "x")
        tip = node.getblockheader(node.getbestblockhash())
        tmpl = node.getblocktemplate({"rules": ["segwit"]})
        assert_equal(list(tmpl.keys()), ["capabilities", "version", "rules", "vbavailable", "vbrequired", "previousblockhash",
                                         "transactions", "coinbaseaux", "coinbasevalue", "longpollid", "target", "mintime",
                                         "mutable", "noncerange", "sigoplimit", "sizelimit", "weightlimit", "curtime", "bits",
                                         "height", "default_witness_commitment"])
        assert_equal((tmpl["capabilities"], tmpl["rules"], tmpl["vbavailable"], tmpl["vbrequired"]), (["proposal"], ["csv", "!segwit"], {}, 0))
        assert_equal((tmpl["previousblockhash"], tmpl["height"], tmpl["transactions"], tmpl["coinbaseaux"]), (tip["hash"], tip["height"] + 1, [], {}))
        assert_equal(tmpl["coinbasevalue"], subsidy(tip["height"] + 1))
        assert_equal(tmpl["longpollid"], tip["hash"] + "0")
        assert_equal((tmpl["target"], tmpl["bits"], tmpl["noncerange"]), ("7fffff" + "00" * 29, "207fffff", "00000000ffffffff"))
        assert_equal(tmpl["mintime"], tip["mediantime"] + 1)
        assert_true(tmpl["curtime"] >= tmpl["mintime"], tmpl)
        assert_equal(tmpl["mutable"], ["time", "transactions", "prevblock"])
        assert_equal((tmpl["sigoplimit"], tmpl["sizelimit"], tmpl["weightlimit"]), (80000, 4000000, 4000000))
        assert_equal(tmpl["version"], 0x20000000)
        assert_equal(tmpl["default_witness_commitment"], "6a24aa21a9ed" + dsha(bytes(64)).hex())
        # The signet rule is ignored off signet, unknown rules too.
        assert_equal(node.getblocktemplate({"rules": ["segwit", "signet", "foo"]})["height"], tip["height"] + 1)
        assert_equal(node.getblocktemplate(template_request={"rules": ["segwit"], "mode": "template"})["height"], tip["height"] + 1)

        self.log.info("getblocktemplate proposals (BIP23)")
        block = self.tip_block(node)
        assert_equal(node.getblocktemplate({"mode": "proposal", "data": block.serialize(), "rules": ["segwit"]}), None)
        # Proposals do not check the proof of work.
        unsolved = self.tip_block(node)
        unsolved.solve(valid=False)
        assert_equal(node.getblocktemplate({"mode": "proposal", "data": unsolved.serialize()}), None)
        bad_merkle = self.tip_block(node)
        bad_merkle.merkle = bytes(32)
        assert_equal(node.getblocktemplate({"mode": "proposal", "data": bad_merkle.serialize()}), "bad-txnmrklroot")
        greedy = self.tip_block(node, value=subsidy(tip["height"] + 1) + 1)
        assert_equal(node.getblocktemplate({"mode": "proposal", "data": greedy.serialize()}), "bad-cb-amount")
        parent = node.getblockheader(tip["previousblockhash"])
        side = Block(parent["hash"], parent["height"] + 1, tip["time"] + 1).solve()
        assert_equal(node.getblocktemplate({"mode": "proposal", "data": side.serialize()}), "inconclusive-not-best-prevblk")
        assert_equal(node.getblocktemplate({"mode": "proposal", "data": node.getblock(tip["hash"], 0)}), "duplicate")
        assert_raises_rpc_error(-3, "Missing data String key for proposal", node.getblocktemplate, {"mode": "proposal"})
        assert_raises_rpc_error(-22, "Block decode failed", node.getblocktemplate, {"mode": "proposal", "data": "zz"})

    def test_submitblock(self, node):
        self.log.info("submitblock: accepted, duplicate, trailing bytes, the zero witness reserved value")
        assert_raises_rpc_error(-22, "Block decode failed", node.submitblock, "zz")
        assert_raises_rpc_error(-22, "Block decode failed", node.submitblock, "00")
        assert_raises_rpc_error(-22, "Block decode failed", node.submitblock, "")
        assert_raises_rpc_error(-3, "JSON value of type number is not of expected type string", node.submitblock, 1)
        assert_raises_rpc_error(-1, "submitblock \"hexdata\" ( \"dummy\" )", node.submitblock)
        block = self.tip_block(node)
        assert_equal(node.submitblock(block.serialize()), None)
        assert_equal(node.getbestblockhash(), block.hash())
        assert_equal(node.submitblock(block.serialize()), "duplicate")
        assert_equal(node.submitblock(block.serialize(), "ignored dummy"), "duplicate")
        block = self.tip_block(node)
        assert_equal(node.submitblock(block.serialize() + "deadbeef"), None)
        # A committing coinbase without its witness gets the zero reserved value inserted (CORE-FACTS §2).
        block = self.tip_block(node, coinbase_witness=False)
        assert_equal(node.submitblock(block.serialize()), None)
        assert_equal(node.getbestblockhash(), block.hash())
        assert_equal(node.getblock(block.hash(), 2)["tx"][0]["vin"][0]["txinwitness"], ["00" * 32])

        self.log.info("submitblock: a side branch is \"inconclusive\"; reject reasons; \"duplicate-invalid\"")
        tip = node.getblockheader(node.getbestblockhash())
        first = self.tip_block(node, extra=b"first")
        second = self.tip_block(node, extra=b"second")
        assert_equal(node.submitblock(first.serialize()), None)
        assert_equal(node.submitblock(second.serialize()), "inconclusive")
        assert_equal(node.getbestblockhash(), first.hash())
        assert_equal(node.submitblock(second.serialize()), "duplicate")
        greedy = self.tip_block(node, value=subsidy(tip["height"] + 2) + 1)
        assert_equal(node.submitblock(greedy.serialize()), "bad-cb-amount")
        assert_equal(node.submitblock(greedy.serialize()), "duplicate-invalid")
        assert_equal(node.submitblock(self.tip_block(node, height_push=push_int(1000)).serialize()), "bad-cb-height")
        high = self.tip_block(node)
        high.solve(valid=False)
        assert_equal(node.submitblock(high.serialize()), "high-hash")
        orphan = Block("11" * 32, 5, tip["time"] + 10).solve()
        assert_equal(node.submitblock(orphan.serialize()), "prev-blk-not-found")
        bad_merkle = self.tip_block(node)
        bad_merkle.merkle = bytes(32)
        bad_merkle.solve()
        assert_equal(node.submitblock(bad_merkle.serialize()), "bad-txnmrklroot")
        old = self.tip_block(node, time=node.getblockheader(node.getbestblockhash())["mediantime"])
        assert_equal(node.submitblock(old.serialize()), "time-too-old")
        no_commitment_witness = self.tip_block(node, commitment=False)
        assert_equal(node.submitblock(no_commitment_witness.serialize()), "unexpected-witness")
        # The node still extends its chain afterwards.
        assert_equal(node.submitblock(self.tip_block(node).serialize()), None)

    def test_submitheader(self, node):
        self.log.info("submitheader: valid headers, unknown parent, decode errors, invalid headers")
        block = self.tip_block(node)
        assert_equal(node.submitheader(block.header().hex()), None)
        assert_equal(node.getblockheader(block.hash())["confirmations"], -1)
        assert_equal(node.submitheader(block.header().hex()), None)  # known: still fine
        assert_equal(node.submitheader(block.header().hex() + "00"), None)  # trailing bytes ignored
        assert_equal(node.submitblock(block.serialize()), None)
        assert_equal(node.getbestblockhash(), block.hash())
        orphan = Block("22" * 32, 5, 1600000000).solve()
        assert_raises_rpc_error(-25, "Must submit previous header (%s) first" % ("22" * 32), node.submitheader, orphan.header().hex())
        assert_raises_rpc_error(-22, "Block header decode failed", node.submitheader, "zz")
        assert_raises_rpc_error(-22, "Block header decode failed", node.submitheader, "00" * 79)
        high = self.tip_block(node)
        high.solve(valid=False)
        assert_raises_rpc_error(-25, "high-hash", node.submitheader, high.header().hex())
        bad_bits = self.tip_block(node)
        bad_bits.bits = 0x207ffffe  # a (slightly harder) target that is not the required one
        bad_bits.solve()
        assert_raises_rpc_error(-25, "bad-diffbits", node.submitheader, bad_bits.header().hex())
        assert_raises_rpc_error(-3, "JSON value of type number is not of expected type string", node.submitheader, 1)

    def test_setmocktime(self, node):
        self.log.info("setmocktime: Core's range check; the node's clock drives block times and time-too-new")
        assert_raises_rpc_error(-8, "Mocktime must be in the range [0, %d], not -1." % MAX_MOCKTIME, node.setmocktime, -1)
        assert_raises_rpc_error(-8, "Mocktime must be in the range [0, %d], not %d." % (MAX_MOCKTIME, MAX_MOCKTIME + 1),
                                node.setmocktime, MAX_MOCKTIME + 1)
        assert_raises_rpc_error(-3, "JSON value of type string is not of expected type number", node.setmocktime, "1")
        assert_raises_rpc_error(-1, "setmocktime timestamp", node.setmocktime)
        tip = node.getblockheader(node.getbestblockhash())
        mock = tip["time"] + 100000
        assert_equal(node.setmocktime(mock), None)
        assert_equal(node.getblocktemplate({"rules": ["segwit"]})["curtime"], mock)
        block_hash = node.generatetoaddress(1, ADDR)[0]
        assert_equal(node.getblockheader(block_hash)["time"], mock)
        # Two hours ahead of the mock clock is the limit (MAX_FUTURE_BLOCK_TIME).
        too_new = self.tip_block(node, time=mock + 7201)
        assert_equal(node.submitblock(too_new.serialize()), "time-too-new")
        ok = self.tip_block(node, time=mock + 7200)
        assert_equal(node.submitblock(ok.serialize()), None)
        # Back to the system clock: blocks still follow the median time past.
        assert_equal(node.setmocktime(0), None)
        block_hash = node.generatetoaddress(1, ADDR)[0]
        assert_true(node.getblockheader(block_hash)["time"] > node.getblockheader(ok.hash())["mediantime"])

    def test_versionbits(self, node):
        self.log.info("getblocktemplate: regtest's testdummy deployment signalled by generated blocks (BIP9)")
        node.generatetoaddress(143 - node.getblockcount(), ADDR)
        tmpl = node.getblocktemplate({"rules": ["segwit"]})
        assert_equal((tmpl["height"], tmpl["vbavailable"], tmpl["version"]), (144, {"testdummy": 28}, 0x30000000))
        node.generatetoaddress(432 - node.getblockcount(), ADDR)
        tmpl = node.getblocktemplate({"rules": ["segwit"]})
        assert_equal((tmpl["rules"], tmpl["vbavailable"], tmpl["version"]), (["csv", "!segwit", "testdummy"], {}, 0x20000000))
        assert_equal(node.getdeploymentinfo()["deployments"]["testdummy"]["active"], True)

    def test_longpoll(self, node):
        self.log.info("getblocktemplate longpoll: answers once the tip changes")
        longpollid = node.getblocktemplate({"rules": ["segwit"]})["longpollid"]
        result = {}
        client = node.rpc_client()

        def poll():
            result["tmpl"] = client.getblocktemplate({"rules": ["segwit"], "longpollid": longpollid})

        thread = threading.Thread(target=poll)
        thread.start()
        thread.join(0.5)
        assert_true(thread.is_alive(), "longpoll returned before the tip changed")
        new_tip = node.generatetoaddress(1, ADDR)[0]
        thread.join(30)
        assert_true(not thread.is_alive(), "longpoll did not return")
        client.close()
        assert_equal(result["tmpl"]["previousblockhash"], new_tip)
        # An outdated longpollid answers at once.
        assert_equal(node.getblocktemplate({"rules": ["segwit"], "longpollid": longpollid})["previousblockhash"], new_tip)

    def test_testactivationheight(self):
        self.log.info("-testactivationheight=segwit@10: templates and blocks before and after activation")
        node = self.add_node()
        node.start(["-testactivationheight=segwit@10"])
        tmpl = node.getblocktemplate({"rules": ["segwit"]})
        assert_equal((tmpl["rules"], tmpl["sigoplimit"], tmpl["sizelimit"]), (["csv"], 20000, 1000000))
        assert_true("weightlimit" not in tmpl and "default_witness_commitment" not in tmpl, tmpl)
        node.generatetoaddress(8, ADDR)
        # Witness data before activation is not allowed, even with a commitment (block 9).
        assert_equal(node.submitblock(self.tip_block(node).serialize()), "unexpected-witness")
        block9 = node.generatetoaddress(1, ADDR)[0]
        assert_equal(len(node.getblock(block9, 2)["tx"][0]["vout"]), 1)  # no witness commitment at height 9
        tmpl = node.getblocktemplate({"rules": ["segwit"]})
        assert_equal((tmpl["height"], tmpl["rules"], tmpl["weightlimit"]), (10, ["csv", "!segwit"], 4000000))
        assert_in("default_witness_commitment", tmpl)
        block_hash = node.generatetoaddress(1, ADDR)[0]
        outputs = node.getblock(block_hash, 2)["tx"][0]["vout"]
        assert_equal(outputs[1]["scriptPubKey"]["hex"][:12], "6a24aa21a9ed")

        self.log.info("A pending longpoll is answered \"Shutting down\" (-9) when the node stops")
        longpollid = node.getblocktemplate({"rules": ["segwit"]})["longpollid"]
        client = node.rpc_client()
        result = {}

        def poll():
            try:
                client.getblocktemplate({"rules": ["segwit"], "longpollid": longpollid})
            except JSONRPCException as e:
                result["error"] = (e.code, e.message)

        thread = threading.Thread(target=poll)
        thread.start()
        thread.join(0.3)
        assert_true(thread.is_alive(), "longpoll returned before the tip changed")
        node.stop()
        thread.join(30)
        client.close()
        assert_equal(result.get("error"), (-9, "Shutting down"))

    def test_mainnet(self):
        self.log.info("Regtest-only and test-chain-only behaviour on main")
        node = self.add_node(chain="main")
        node.start()
        assert_raises_rpc_error(-1, "setmocktime is for regression testing (-regtest mode) only", node.setmocktime, 1)
        assert_raises_rpc_error(-9, "Hearth is not connected!", node.getblocktemplate, {"rules": ["segwit"]})
        info = node.getmininginfo()
        assert_equal((info["chain"], info["difficulty"], info["bits"]), ("main", 1, "1d00ffff"))
        node.stop()


if __name__ == "__main__":
    RpcMiningTest().main()
