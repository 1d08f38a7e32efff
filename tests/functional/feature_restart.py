#!/usr/bin/env python3
"""Restarts resume where the node was (issue 4: "restart with the same datadir resumes without re-validating"):
- after a clean stop the tip is there as soon as RPC answers, and the second start connects no block (no
  UpdateTip line in its part of debug.log) — with or without the same -loadblock file, whose known blocks
  are skipped;
- SIGTERM during an import stops it between blocks and flushes: the next start has exactly the tip the
  first one logged last, and finishes the import from there."""
import signal
import time

from framework.test_framework import HearthTestFramework
from framework.util import assert_equal, assert_in, assert_true, wait_until
from framework.vectors import read_json_vector, vector_path


class FeatureRestartTest(HearthTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.start_nodes_at_setup = False

    def log_since(self, node, offset):
        with open(node.debug_log_path, errors="replace") as f:
            f.seek(offset)
            return f.read()

    def log_size(self, node):
        with open(node.debug_log_path, "rb") as f:
            return len(f.read())

    def run_test(self):
        node = self.nodes[0]
        expected = read_json_vector("regtest-core-chain.json")
        tip = {"hash": expected["tip_hash"], "height": expected["tip_height"]}
        path = vector_path("regtest-core-chain.dat")

        self.log.info("First start: import Core's regtest chain")
        node.start(["-loadblock=" + path])
        assert_equal(node.waitforblockheight(410, 60000), tip)
        utxo_hash = node.gettxoutsetinfo()["hash_serialized_3"]
        node.stop()

        for args in ([], ["-loadblock=" + path]):
            self.log.info("Restart %s: the tip is there at once, no block is connected again", args or "without options")
            offset = self.log_size(node)
            t0 = time.monotonic()
            node.start(args)
            assert_equal(node.getblockcount(), 410)
            self.log.info("  RPC answered with the tip after %.2fs", time.monotonic() - t0)
            assert_equal(node.getbestblockhash(), tip["hash"])
            if args:
                wait_until(lambda: "Loaded 0 blocks from external file" in self.log_since(node, offset), timeout=60,
                           what="the import to skip every known block")
            assert_equal(node.gettxoutsetinfo()["hash_serialized_3"], utxo_hash)
            node.stop()
            log = self.log_since(node, offset)
            assert_true("UpdateTip" not in log, "no block was connected on restart:\n" + log)
            assert_in("Loaded best chain: hashBestChain=" + tip["hash"] + " height=410", log)

        self.log.info("SIGTERM during an import: stops between blocks, flushes, and resumes")
        node2 = self.add_node()
        node2.start(["-loadblock=" + path, "-par=1"])
        wait_until(lambda: node2.getblockcount() >= 150, timeout=60, what="the import to be under way")
        node2.signal(signal.SIGTERM)
        node2.wait_until_stopped()
        first = self.log_since(node2, 0)
        last_tip = [line for line in first.splitlines() if "UpdateTip: new best=" in line][-1]
        last_height = int(last_tip.split(" height=")[1].split()[0])
        self.log.info("  stopped at height %d", last_height)
        assert_true(last_height < 410 or "interrupted" in first, "stopped during the import")
        offset = self.log_size(node2)
        node2.start(["-loadblock=" + path])
        assert_in("Loaded best chain: hashBestChain=", self.log_since(node2, offset))
        assert_in(" height=%d " % last_height, self.log_since(node2, offset).split("Loaded best chain: ")[1].splitlines()[0] + " ")
        assert_equal(node2.waitforblockheight(410, 60000), tip)
        assert_equal(node2.gettxoutsetinfo()["hash_serialized_3"], utxo_hash)
        node2.stop()


if __name__ == "__main__":
    FeatureRestartTest().main()
