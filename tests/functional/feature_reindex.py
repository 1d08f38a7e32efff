#!/usr/bin/env python3
"""-reindex and -reindex-chainstate rebuild the same chainstate from the block files:
- Core's regtest chain (one blk file): -reindex and -reindex-chainstate give Core's tip and hash_serialized_3;
- with -fastprune (64 KiB block files) the same chain spans dozens of blk files; -reindex reads them all back
  (the block index is rebuilt file by file) and -reindex-chainstate reconnects them;
- a node restarted normally afterwards keeps the result;
- while -reindex rebuilds (inside the chainstate's opening), RPC answers -28 "Loading block index…"."""
import os
import time

from framework.rpc import JSONRPCException
from framework.test_framework import HearthTestFramework
from framework.util import assert_equal, assert_in, assert_true
from framework.vectors import read_json_vector, vector_path


class FeatureReindexTest(HearthTestFramework):
    def set_test_params(self):
        self.num_nodes = 0

    def check(self, node, expected):
        tip = {"hash": expected["tip_hash"], "height": expected["tip_height"]}
        # Reindexing happens while the chainstate opens, so RPC answers once it is done.
        assert_equal(node.waitforblockheight(410, 60000), tip)
        info = node.gettxoutsetinfo()
        assert_equal(info["hash_serialized_3"], expected["gettxoutsetinfo"]["hash_serialized_3"])
        assert_equal(info["txouts"], expected["gettxoutsetinfo"]["txouts"])
        assert_equal(node.getblockchaininfo()["headers"], 410)

    def expect_warmup(self, node, message):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if os.path.exists(node.cookie_path):
                try:
                    node.rpc_client().getblockcount()
                except JSONRPCException as e:
                    assert_equal((e.code, e.message), (-28, message))
                    return
                except OSError:
                    pass
                else:
                    raise AssertionError("RPC answered before the reindex finished")
            time.sleep(0.01)
        raise AssertionError("no warm-up answer seen")

    def run_test(self):
        expected = read_json_vector("regtest-core-chain.json")
        path = vector_path("regtest-core-chain.dat")
        for label, extra in (("one block file", []), ("-fastprune: many small block files", ["-fastprune"])):
            self.log.info("%s", label)
            node = self.add_node()
            node.start(["-loadblock=" + path] + extra)
            self.check(node, expected)
            node.stop()
            blk_files = [f for f in os.listdir(os.path.join(node.netdir, "blocks")) if f.startswith("blk")]
            self.log.info("  %d blk files", len(blk_files))
            if extra:
                assert_true(len(blk_files) > 20, "fastprune spreads the chain over many files")

            for option in ("-reindex", "-reindex-chainstate"):
                offset = os.path.getsize(node.debug_log_path)
                node.start([option] + extra, wait=False)
                if option == "-reindex" and not extra:
                    # Rebuilding happens while the chainstate opens: RPC is up but answers -28 with the step.
                    self.expect_warmup(node, "Loading block index…")
                node.wait_for_rpc()
                self.check(node, expected)
                node.stop()
                with open(node.debug_log_path, errors="replace") as f:
                    f.seek(offset)
                    log = f.read()
                if option == "-reindex":
                    assert_in("Wiping the block index and chainstate for -reindex", log)
                    assert_equal(log.count("Reindexing block file blk"), len(blk_files))
                else:
                    assert_in("Wiping the chainstate for -reindex-chainstate", log)
                connected = [l for l in log.splitlines() if "UpdateTip: new best=" in l and " height=0 " not in l]
                assert_equal(len(connected), 410)  # every block connected again

            offset = os.path.getsize(node.debug_log_path)
            node.start(extra)
            self.check(node, expected)
            node.stop()
            with open(node.debug_log_path, errors="replace") as f:
                f.seek(offset)
                assert_true("UpdateTip" not in f.read(), "a normal restart after reindexing connects nothing")


if __name__ == "__main__":
    FeatureReindexTest().main()
