#!/usr/bin/env python3
"""Blockchain RPCs against a regtest node holding Core's regtest chain (410 blocks) plus a 3-block side branch
from height 400: results (fields in Core's order, values checked against the block file parsed here), argument
checking (wrong types, bad hashes, out-of-range heights) with Core's codes and messages, invalidateblock /
reconsiderblock moving the tip between the branches, the waitfor* methods, and hearth-cli's status/-getinfo."""
import hashlib
import os
import shutil
import threading
import time
from decimal import Decimal

from framework.blocktools import REGTEST_MAGIC, ChainGenerator, chain_from_blocks, read_block_file, sha256d, write_block_file
from framework.test_framework import HearthTestFramework
from framework.util import assert_equal, assert_in, assert_raises_rpc_error, assert_true
from framework.vectors import read_json_vector, vector_path

REGTEST_GENESIS = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206"
HEADER_KEYS = ["hash", "confirmations", "height", "version", "versionHex", "merkleroot", "time", "mediantime", "nonce",
               "bits", "target", "difficulty", "chainwork", "nTx", "previousblockhash", "nextblockhash"]


class RpcBlockchainTest(HearthTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.start_nodes_at_setup = False

    def run_test(self):
        self.expected = read_json_vector("regtest-core-chain.json")
        self.chain = chain_from_blocks(read_block_file(vector_path("regtest-core-chain.dat"), REGTEST_MAGIC))
        base = self.chain[400]
        gen = ChainGenerator(base.hash(), 400, base.time)
        self.fork = [gen.next_block() for _ in range(3)]
        path = os.path.join(self.tmpdir, "blocks.dat")
        shutil.copy(vector_path("regtest-core-chain.dat"), path)
        write_block_file(path, self.fork, mode="ab")
        self.node = self.nodes[0]
        self.node.start(["-loadblock=" + path])
        self.node.waitforblockheight(410, 60000)
        # The side branch arrives after the main chain in the file: wait until it is stored too.
        deadline = time.monotonic() + 30
        while len(self.node.getchaintips()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)

        self.test_simple_getters()
        self.test_getblockheader()
        self.test_getblock()
        self.test_getblockchaininfo()
        self.test_gettxout()
        self.test_gettxoutsetinfo()
        self.test_getblockstats()
        self.test_getchaintips_invalidate_reconsider()
        self.test_getdeploymentinfo()
        self.test_getchaintxstats()
        self.test_verifychain_prune()
        self.test_waitfor()
        self.test_cli()

    def test_simple_getters(self):
        node = self.node
        self.log.info("getblockcount, getbestblockhash, getblockhash, getdifficulty")
        assert_equal(node.getblockcount(), 410)
        assert_equal(node.getbestblockhash(), self.expected["tip_hash"])
        assert_equal(node.getblockhash(0), REGTEST_GENESIS)
        for h in (1, 111, 410):
            assert_equal(node.getblockhash(h), self.chain[h].hash_hex())
        assert_raises_rpc_error(-8, "Block height out of range", node.getblockhash, -1)
        assert_raises_rpc_error(-8, "Block height out of range", node.getblockhash, 411)
        assert_raises_rpc_error(-3, "JSON value of type string is not of expected type number", node.getblockhash, "1")
        assert_raises_rpc_error(-1, "getblockhash height", node.call, "getblockhash")  # missing: help text
        assert_raises_rpc_error(-1, "getblockcount", node.call, "getblockcount", 1)  # extra parameter
        assert_equal(node.getdifficulty(), Decimal("4.656542373906925E-10"))

    def test_getblockheader(self):
        node = self.node
        self.log.info("getblockheader")
        h = node.getblockheader(self.chain[200].hash_hex())
        assert_equal(list(h.keys()), HEADER_KEYS)
        assert_equal(h["height"], 200)
        assert_equal(h["confirmations"], 211)
        assert_equal(h["previousblockhash"], self.chain[199].hash_hex())
        assert_equal(h["nextblockhash"], self.chain[201].hash_hex())
        assert_equal(h["merkleroot"], self.chain[200].merkle_root[::-1].hex())
        assert_equal(h["time"], self.chain[200].time)
        assert_equal(h["nTx"], len(self.chain[200].txs))
        assert_equal(h["bits"], "207fffff")
        assert_equal(h["target"], "7fffff" + "0" * 58)
        assert_equal(h["versionHex"], "%08x" % self.chain[200].version)
        tip = node.getblockheader(self.expected["tip_hash"])
        assert_equal(tip["confirmations"], 1)
        assert_true("nextblockhash" not in tip)
        assert_equal(tip["chainwork"], self.expected["chainwork"])
        genesis = node.getblockheader(REGTEST_GENESIS)
        assert_true("previousblockhash" not in genesis)
        raw = node.getblockheader(self.chain[200].hash_hex(), False)
        assert_equal(raw, self.chain[200].header().hex())
        assert_equal(sha256d(bytes.fromhex(raw))[::-1].hex(), self.chain[200].hash_hex())
        # Side-branch block: not on the main chain.
        assert_equal(node.getblockheader(self.fork[0].hash_hex())["confirmations"], -1)
        assert_raises_rpc_error(-8, "hash must be of length 64 (not 3, for 'abc')", node.getblockheader, "abc")
        assert_raises_rpc_error(-8, "hash must be hexadecimal string (not '%s')" % ("z" * 64), node.getblockheader, "z" * 64)
        assert_raises_rpc_error(-5, "Block not found", node.getblockheader, "00" * 32)
        assert_raises_rpc_error(-3, "not of expected type string", node.getblockheader, 1)
        assert_raises_rpc_error(-3, "not of expected type bool", node.getblockheader, REGTEST_GENESIS, "yes")

    def test_getblock(self):
        node = self.node
        self.log.info("getblock, verbosity 0-3")
        block = self.chain[150]
        hash_hex = block.hash_hex()
        assert_equal(node.getblock(hash_hex, 0), block.serialize().hex())
        assert_equal(node.getblock(hash_hex, False), block.serialize().hex())
        v1 = node.getblock(hash_hex)
        assert_equal(list(v1.keys()), HEADER_KEYS + ["strippedsize", "size", "weight", "tx"])
        assert_equal(v1, node.getblock(hash_hex, 1))
        assert_equal(v1, node.getblock(hash_hex, True))
        assert_equal(v1["tx"], [tx.txid()[::-1].hex() for tx in block.txs])
        assert_equal(v1["size"], len(block.serialize()))
        stripped = 80 + len(bytes([len(block.txs)])) + sum(len(tx.serialize(False)) for tx in block.txs)
        assert_equal(v1["strippedsize"], stripped)
        assert_equal(v1["weight"], stripped * 3 + v1["size"])
        v2 = node.getblock(hash_hex, 2)
        assert_equal(len(v2["tx"]), len(block.txs))
        assert_true("fee" not in v2["tx"][0], "coinbase has no fee")
        assert_true(all("fee" in tx for tx in v2["tx"][1:]))
        assert_equal(v2["tx"][1]["hex"], block.txs[1].serialize().hex())
        assert_true("prevout" not in v2["tx"][1]["vin"][0])
        v3 = node.getblock(hash_hex, 3)
        prevout = v3["tx"][1]["vin"][0]["prevout"]
        assert_equal(sorted(prevout.keys()), ["generated", "height", "scriptPubKey", "value"])
        # A fee is inputs minus outputs: check one with the prevouts.
        tx = v3["tx"][1]
        assert_equal(sum(i["prevout"]["value"] for i in tx["vin"]) - sum(o["value"] for o in tx["vout"]), tx["fee"])
        assert_raises_rpc_error(-5, "Block not found", node.getblock, "11" * 32)
        assert_raises_rpc_error(-8, "blockhash must be of length 64 (not 2, for '00')", node.getblock, "00")
        assert_raises_rpc_error(None, None, node.getblock, hash_hex, "1")

    def test_getblockchaininfo(self):
        node = self.node
        self.log.info("getblockchaininfo")
        info = node.getblockchaininfo()
        assert_equal(list(info.keys()), ["chain", "blocks", "headers", "bestblockhash", "bits", "target", "difficulty",
                                         "time", "mediantime", "verificationprogress", "initialblockdownload",
                                         "chainwork", "size_on_disk", "pruned", "warnings"])
        assert_equal(info["chain"], "regtest")
        assert_equal(info["blocks"], 410)
        assert_equal(info["headers"], 410)
        assert_equal(info["bestblockhash"], self.expected["tip_hash"])
        assert_equal(info["time"], self.chain[410].time)
        times = sorted(b.time for b in self.chain[400:411])
        assert_equal(info["mediantime"], times[5])
        assert_equal(info["chainwork"], self.expected["chainwork"])
        blocks_dir = os.path.join(self.node.netdir, "blocks")
        on_disk = sum(os.path.getsize(os.path.join(blocks_dir, f)) for f in os.listdir(blocks_dir)
                      if f.startswith(("blk", "rev")))
        assert_true(0 < info["size_on_disk"] <= on_disk, "size_on_disk %d vs files %d" % (info["size_on_disk"], on_disk))
        assert_equal(info["pruned"], False)
        assert_equal(info["warnings"], [])
        assert_true(0 < info["verificationprogress"] <= 1)

    def test_gettxout(self):
        node = self.node
        self.log.info("gettxout")
        cb = self.chain[300].txs[0]
        txid = cb.txid()[::-1].hex()
        out = node.gettxout(txid, 0)
        if out is None:  # spent since: find an unspent coinbase output among recent blocks instead
            cb = self.chain[409].txs[0]
            txid = cb.txid()[::-1].hex()
            out = node.gettxout(txid, 0)
        assert_equal(list(out.keys()), ["bestblock", "confirmations", "value", "scriptPubKey", "coinbase"])
        assert_equal(out["bestblock"], self.expected["tip_hash"])
        assert_equal(out["coinbase"], True)
        assert_equal(int(out["value"] * 100_000_000), cb.vout[0][0])
        assert_equal(out["scriptPubKey"]["hex"], cb.vout[0][1].hex())
        assert_equal(out, node.gettxout(txid, 0, False))
        assert_equal(node.gettxout(txid, 99), None)
        assert_equal(node.gettxout("00" * 32, 0), None)
        # The coinbase of block 111 paid the wallet that spent it later: find a spent output and get null.
        spent_tx = self.chain[111].txs[1]
        prev = spent_tx.vin[0]
        assert_equal(node.gettxout(prev.prev_txid[::-1].hex(), prev.prev_n), None)
        assert_raises_rpc_error(-8, "txid must be of length 64 (not 1, for 'x')", node.gettxout, "x", 0)
        assert_raises_rpc_error(-3, "not of expected type number", node.gettxout, txid, "0")
        assert_raises_rpc_error(-1, "JSON integer out of range", node.gettxout, txid, -1)

    def test_gettxoutsetinfo(self):
        node = self.node
        self.log.info("gettxoutsetinfo arguments")
        core = self.expected["gettxoutsetinfo"]
        info = node.gettxoutsetinfo("hash_serialized_3")
        assert_equal(info["hash_serialized_3"], core["hash_serialized_3"])
        assert_equal(node.gettxoutsetinfo(hash_type="muhash")["muhash"], self.expected["gettxoutsetinfo_muhash"]["muhash"])
        assert_raises_rpc_error(-8, "'foo' is not a valid hash_type", node.gettxoutsetinfo, "foo")
        assert_raises_rpc_error(-8, "Querying specific block heights requires coinstatsindex", node.gettxoutsetinfo, "muhash", 5)
        assert_raises_rpc_error(-3, "not of expected type string", node.gettxoutsetinfo, 1)

    def test_getblockstats(self):
        node = self.node
        self.log.info("getblockstats")
        stats = node.getblockstats(150)
        assert_equal(list(stats.keys()), [
            "avgfee", "avgfeerate", "avgtxsize", "blockhash", "feerate_percentiles", "height", "ins", "maxfee",
            "maxfeerate", "maxtxsize", "medianfee", "mediantime", "mediantxsize", "minfee", "minfeerate", "mintxsize",
            "outs", "subsidy", "swtotal_size", "swtotal_weight", "swtxs", "time", "total_out", "total_size",
            "total_weight", "totalfee", "txs", "utxo_increase", "utxo_size_inc", "utxo_increase_actual",
            "utxo_size_inc_actual"])
        assert_equal(stats["blockhash"], self.chain[150].hash_hex())
        assert_equal(stats["txs"], len(self.chain[150].txs))
        assert_equal(stats["height"], 150)
        assert_equal(node.getblockstats(150, ["txs", "height"]), {"height": 150, "txs": stats["txs"]})
        genesis = node.getblockstats(0)
        assert_equal((genesis["txs"], genesis["ins"], genesis["utxo_increase_actual"]), (1, 0, 0))
        assert_raises_rpc_error(-8, "Target block height 411 after current tip 410", node.getblockstats, 411)
        assert_raises_rpc_error(-8, "Target block height -1 is negative", node.getblockstats, -1)
        assert_raises_rpc_error(-5, "Block not found", node.getblockstats, "22" * 32)
        assert_raises_rpc_error(-8, "hash_or_height must be of length 64 (not 3, for 'abc')", node.getblockstats, "abc")
        assert_raises_rpc_error(-8, "Invalid selected statistic 'nope'", node.getblockstats, 150, ["nope"])

    def test_getchaintips_invalidate_reconsider(self):
        node = self.node
        self.log.info("getchaintips; invalidateblock/reconsiderblock move the tip between branches")
        fork_tip = self.fork[-1].hash_hex()
        tips = node.getchaintips()
        assert_equal(tips[0], {"height": 410, "hash": self.expected["tip_hash"], "branchlen": 0, "status": "active"})
        assert_equal(tips[1], {"height": 403, "hash": fork_tip, "branchlen": 3, "status": "valid-headers"})

        node.invalidateblock(self.chain[401].hash_hex())
        assert_equal(node.getbestblockhash(), fork_tip)
        assert_equal(node.getblockcount(), 403)
        assert_equal(node.getblockchaininfo()["headers"], 403)  # the invalid branch's headers no longer count
        tips = node.getchaintips()
        assert_equal(tips[0], {"height": 410, "hash": self.expected["tip_hash"], "branchlen": 10, "status": "invalid"})
        assert_equal(tips[1], {"height": 403, "hash": fork_tip, "branchlen": 0, "status": "active"})
        assert_equal(node.getblockheader(self.chain[405].hash_hex())["confirmations"], -1)

        node.reconsiderblock(self.chain[401].hash_hex())
        assert_equal(node.getbestblockhash(), self.expected["tip_hash"])
        assert_equal(node.getblockchaininfo()["headers"], 410)
        tips = node.getchaintips()
        assert_equal(tips[1], {"height": 403, "hash": fork_tip, "branchlen": 3, "status": "valid-fork"})
        assert_equal(node.gettxoutsetinfo()["hash_serialized_3"], self.expected["gettxoutsetinfo"]["hash_serialized_3"])
        assert_raises_rpc_error(-5, "Block not found", node.invalidateblock, "33" * 32)
        assert_raises_rpc_error(-5, "Block not found", node.reconsiderblock, "33" * 32)
        assert_raises_rpc_error(-8, "blockhash must be of length 64", node.invalidateblock, "33")
        # Hidden, as in Core.
        assert_true("invalidateblock" not in node.help())

    def test_getdeploymentinfo(self):
        node = self.node
        self.log.info("getdeploymentinfo")
        info = node.getdeploymentinfo()
        assert_equal(info["hash"], self.expected["tip_hash"])
        assert_equal(info["height"], 410)
        deps = info["deployments"]
        assert_equal(list(deps.keys()), ["bip34", "bip66", "bip65", "csv", "segwit", "testdummy"])
        assert_equal(deps["bip34"], {"type": "buried", "active": True, "height": 1})
        assert_equal(deps["segwit"], {"type": "buried", "active": True, "height": 0})
        # testdummy (bit 28, period 144, threshold 108, start 0): Core's miner signals it while started, so the
        # state follows from the block versions in the file: started at 144, locked in at 288 if the period
        # 144..287 had 108 signalling blocks, active from 432.
        def signals(b):
            return (b.version & 0xE0000000) == 0x20000000 and (b.version >> 28) & 1 == 1
        assert_true(sum(signals(b) for b in self.chain[144:288]) >= 108, "Core's chain signalled testdummy")
        current = "".join("#" if signals(b) else "-" for b in self.chain[288:411])
        assert_equal(deps["testdummy"], {
            "type": "bip9", "active": False,
            "bip9": {"bit": 28, "start_time": 0, "timeout": 9223372036854775807, "min_activation_height": 0,
                     "status": "locked_in", "since": 288, "status_next": "locked_in",
                     "statistics": {"period": 144, "elapsed": 123, "count": current.count("#")},
                     "signalling": current}})
        at_143 = node.getdeploymentinfo(self.chain[143].hash_hex())["deployments"]["testdummy"]
        assert_equal((at_143["bip9"]["status"], at_143["bip9"]["status_next"], at_143["bip9"]["since"]), ("defined", "started", 0))
        at_200 = node.getdeploymentinfo(self.chain[200].hash_hex())["deployments"]["testdummy"]["bip9"]
        assert_equal(at_200["statistics"], {"period": 144, "elapsed": 57, "count": sum(signals(b) for b in self.chain[144:201]),
                                            "threshold": 108, "possible": True})
        assert_equal((at_200["status"], at_200["since"], at_200["bit"]), ("started", 144, 28))
        at_genesis = node.getdeploymentinfo(REGTEST_GENESIS)
        assert_equal(at_genesis["height"], 0)
        assert_equal(at_genesis["deployments"]["testdummy"]["bip9"]["status"], "defined")
        assert_equal(at_genesis["deployments"]["bip34"]["active"], True)  # active for the next block (height 1)
        assert_raises_rpc_error(-5, "Block not found", node.getdeploymentinfo, "44" * 32)

    def test_getchaintxstats(self):
        node = self.node
        self.log.info("getchaintxstats")
        stats = node.getchaintxstats()
        total = sum(len(b.txs) for b in self.chain)
        assert_equal(stats["txcount"], total)
        assert_equal(stats["window_final_block_height"], 410)
        assert_equal(stats["window_block_count"], 409)
        stats = node.getchaintxstats(10, self.chain[300].hash_hex())
        assert_equal(stats["window_tx_count"], sum(len(b.txs) for b in self.chain[291:301]))
        assert_raises_rpc_error(-8, "Invalid block count: should be between 0 and the block's height - 1",
                                node.getchaintxstats, 410)
        assert_raises_rpc_error(-8, "Block is not in main chain", node.getchaintxstats, 1, self.fork[0].hash_hex())

    def test_verifychain_prune(self):
        node = self.node
        self.log.info("verifychain, pruneblockchain without -prune")
        for level in range(5):
            assert_equal(node.verifychain(level, 20), True)
        assert_equal(node.verifychain(), True)
        assert_raises_rpc_error(-1, "Cannot prune blocks because node is not in prune mode.", node.pruneblockchain, 100)

    def test_waitfor(self):
        node = self.node
        self.log.info("waitfornewblock, waitforblock, waitforblockheight")
        tip = {"hash": self.expected["tip_hash"], "height": 410}
        t0 = time.monotonic()
        assert_equal(node.waitfornewblock(200), tip)
        assert_true(time.monotonic() - t0 >= 0.19, "waited for the timeout")
        assert_equal(node.waitforblock(self.expected["tip_hash"], 1000), tip)
        assert_equal(node.waitforblockheight(400, 1000), tip)
        t0 = time.monotonic()
        assert_equal(node.waitforblockheight(411, 300), tip)
        assert_true(time.monotonic() - t0 >= 0.29, "waited for the timeout")
        # An unknown current_tip: the tip already differs, so it returns at once.
        assert_equal(node.waitfornewblock(0, "55" * 32), tip)
        assert_raises_rpc_error(-1, "Negative timeout", node.waitfornewblock, -1)
        assert_raises_rpc_error(-1, "Negative timeout", node.waitforblockheight, 1, -1)

        # A waiter is woken by a tip change (here: invalidating the tip).
        result = {}

        def wait():
            client = node.rpc_client()
            result["tip"] = client.waitfornewblock(30000)
            client.close()

        waiter = threading.Thread(target=wait)
        waiter.start()
        time.sleep(0.3)
        node.invalidateblock(self.expected["tip_hash"])
        waiter.join(30)
        assert_equal(result["tip"], {"hash": self.chain[409].hash_hex(), "height": 409})
        node.reconsiderblock(self.expected["tip_hash"])
        assert_equal(node.getblockcount(), 410)

        # waitforblockheight and waitforblock are woken by a mined block.
        def wait_height():
            client = node.rpc_client()
            result["height"] = client.waitforblockheight(411, 30000)
            client.close()

        waiter = threading.Thread(target=wait_height)
        waiter.start()
        time.sleep(0.2)
        mined = node.generatetodescriptor(1, "raw(51)")[0]
        waiter.join(30)
        assert_equal(result["height"], {"hash": mined, "height": 411})
        assert_equal(node.waitforblock(mined, 1000), {"hash": mined, "height": 411})
        node.invalidateblock(mined)  # back to Core's chain for what follows
        assert_equal(node.getblockcount(), 410)
        assert_equal(node.getblockchaininfo()["headers"], 410)

    def test_cli(self):
        node = self.node
        self.log.info("hearth-cli status and -getinfo show the chain")
        code, out, err = node.cli("status")
        assert_equal(code, 0, msg=err)
        assert_in("410 / 410 headers", out)
        assert_in("Disk", out)
        code, out, err = node.cli("-getinfo")
        assert_equal(code, 0, msg=err)
        assert_in("Chain: regtest\nBlocks: 410\nHeaders: 410\n", out)
        code, out, _ = node.cli("getblockhash", "0")
        assert_equal(out.strip(), REGTEST_GENESIS)
        code, out, _ = node.cli("getblockstats", "150", '["txs"]')
        assert_equal(code, 0)
        assert_in('"txs": ', out)


if __name__ == "__main__":
    RpcBlockchainTest().main()
