#!/usr/bin/env python3
"""-loadblock (issue 4's import tests, through the daemon):
- mainnet params, the first 256 mainnet blocks: tip height and hash as in the file; gettxoutsetinfo (txouts,
  total_amount, and also hash_serialized_3, bogosize, transactions) equal to a scan of the file done here in
  Python, not to anything the node says;
- regtest, Core's regtest chain: tip, txouts, total_amount, hash_serialized_3 and muhash equal Core's answers
  in regtest-core-chain.json, and getblockstats at heights 111, 150 and 410 equal Core's blockstats_sample;
- the same blocks shuffled (a file written by several peers is not ordered) give the same chainstate;
- a -loadblock file that does not exist is reported in debug.log and the node keeps running."""
import os
import random
from decimal import Decimal

from framework.blocktools import MAINNET_MAGIC, REGTEST_MAGIC, UtxoSet, chain_from_blocks, read_block_file, write_block_file
from framework.test_framework import HearthTestFramework
from framework.util import assert_equal, assert_in, assert_true
from framework.vectors import read_json_vector, vector_path

MAINNET_GENESIS = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"


def sats(amount):
    return int(Decimal(amount) * 100_000_000)


class FeatureLoadBlockTest(HearthTestFramework):
    def set_test_params(self):
        self.num_nodes = 0

    def run_test(self):
        self.test_mainnet()
        self.test_regtest()

    def test_mainnet(self):
        self.log.info("Mainnet: blocks 0-255 against an independent scan of the file")
        path = vector_path("mainnet-blocks-0-255.dat")
        chain = chain_from_blocks(read_block_file(path, MAINNET_MAGIC))
        assert_equal(len(chain), 256)
        assert_equal(chain[0].hash_hex(), MAINNET_GENESIS)
        utxo = UtxoSet()
        for height, block in enumerate(chain):
            utxo.apply_block(block, height)

        node = self.add_node(chain="main")
        node.start(["-loadblock=" + path])
        assert_equal(node.waitforblockheight(255, 60000), {"hash": chain[-1].hash_hex(), "height": 255})
        assert_equal(node.getbestblockhash(), chain[-1].hash_hex())
        info = node.getblockchaininfo()
        assert_equal(info["chain"], "main")
        assert_equal(info["blocks"], 255)
        assert_equal(info["headers"], 255)
        assert_equal(info["initialblockdownload"], True)  # 2009 blocks: far behind the clock

        stats = node.gettxoutsetinfo()
        assert_equal(stats["height"], 255)
        assert_equal(stats["bestblock"], chain[-1].hash_hex())
        assert_equal(stats["txouts"], utxo.txouts())
        assert_equal(sats(stats["total_amount"]), utxo.total_amount())
        assert_equal(stats["transactions"], utxo.transactions())
        assert_equal(stats["bogosize"], sum(50 + len(c[3]) for c in utxo.coins.values()))
        assert_equal(stats["hash_serialized_3"], utxo.hash_serialized_3())
        self.log.info("  %d coins, %s BTC, hash_serialized_3 %s", utxo.txouts(), stats["total_amount"],
                      stats["hash_serialized_3"])
        node.stop()

    def test_regtest(self):
        self.log.info("Regtest: Core's chain against Core's answers")
        expected = read_json_vector("regtest-core-chain.json")
        path = vector_path("regtest-core-chain.dat")
        node = self.add_node()
        node.start(["-loadblock=" + path])
        height = expected["tip_height"]
        assert_equal(node.waitforblockheight(height, 60000), {"hash": expected["tip_hash"], "height": height})
        assert_equal(node.getblockchaininfo()["chainwork"], expected["chainwork"])

        core = expected["gettxoutsetinfo"]
        stats = node.gettxoutsetinfo()
        for key in ("height", "bestblock", "txouts", "bogosize", "hash_serialized_3", "transactions"):
            assert_equal(stats[key], core[key], msg=key)
        assert_equal(stats["total_amount"], Decimal(str(core["total_amount"])))
        # Core's key order.
        assert_equal(list(stats.keys()), ["height", "bestblock", "txouts", "bogosize", "hash_serialized_3",
                                          "total_amount", "transactions", "disk_size"])
        core_mu = expected["gettxoutsetinfo_muhash"]
        mu = node.gettxoutsetinfo("muhash")
        assert_equal(mu["muhash"], core_mu["muhash"])
        assert_equal(list(mu.keys()), ["height", "bestblock", "txouts", "bogosize", "muhash", "total_amount",
                                       "transactions", "disk_size"])
        none = node.gettxoutsetinfo("none")
        assert_true("hash_serialized_3" not in none and "muhash" not in none)

        for h, sample in expected["blockstats_sample"].items():
            got = node.getblockstats(int(h))
            for key, value in sample.items():
                assert_equal(got[key], value, msg="getblockstats %s %s" % (h, key))
            # By hash, and a selection: the same numbers.
            by_hash = node.getblockstats(node.getblockhash(int(h)), sorted(sample.keys()))
            assert_equal(by_hash, {k: got[k] for k in sorted(sample.keys())})
        self.log.info("  tip %s, hash_serialized_3 and muhash as Core; blockstats for %s as Core", expected["tip_hash"],
                      ", ".join(expected["blockstats_sample"].keys()))
        node.stop()

        self.log.info("Shuffled blocks and a missing file: same chainstate, missing file logged")
        blocks = read_block_file(path, REGTEST_MAGIC)[1:]  # without genesis (the node has it)
        random.Random(7).shuffle(blocks)
        shuffled = os.path.join(self.tmpdir, "shuffled.dat")
        write_block_file(shuffled, blocks)
        missing = os.path.join(self.tmpdir, "no-such-file.dat")
        node2 = self.add_node()
        node2.start(["-loadblock=" + missing, "-loadblock=" + shuffled])
        assert_equal(node2.waitforblockheight(height, 60000), {"hash": expected["tip_hash"], "height": height})
        assert_equal(node2.gettxoutsetinfo()["hash_serialized_3"], core["hash_serialized_3"])
        node2.stop()
        with open(node2.debug_log_path) as f:
            log = f.read()
        assert_in("Could not open blocks file " + missing, log)
        assert_in("Loaded %d blocks from external file" % height, log)


if __name__ == "__main__":
    FeatureLoadBlockTest().main()
