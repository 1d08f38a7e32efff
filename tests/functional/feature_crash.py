#!/usr/bin/env python3
"""Crash safety (issue 4): kill -9 the daemon at 20 random moments while it imports blocks, restart it on the
same data directory each time, and check after every restart that it comes up with a consistent chainstate —
its UTXO set hash equals an independent computation at whatever tip it reports — and at the end that nothing
was lost: every block is connected and the UTXO set equals the clean result.

The blocks: Core's regtest chain (410 blocks) plus 200 generated blocks whose coinbases create 500 outputs
each (≈96k coins). With -dbcache=4 the coins cache fills every ~25 blocks, so flushes happen throughout the
import, and -dbbatchsize makes each flush several LevelDB batches: the kills land before, between and after
them (the replay path of Chainstate::Open). The RNG seed is fixed, so a failure reproduces."""
import os
import random
import shutil
import time

from framework.blocktools import REGTEST_MAGIC, ChainGenerator, UtxoSet, chain_from_blocks, read_block_file, write_block_file
from framework.test_framework import HearthTestFramework
from framework.util import assert_equal, assert_true
from framework.vectors import vector_path, read_json_vector

SEED = 20240504
KILLS = 20
EXTRA_BLOCKS = 200


class FeatureCrashTest(HearthTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.start_nodes_at_setup = False
        self.extra_conf = ["dbcache=4", "dbbatchsize=65536", "debug=coindb"]

    def run_test(self):
        node = self.nodes[0]
        core_chain = read_block_file(vector_path("regtest-core-chain.dat"), REGTEST_MAGIC)
        chain = chain_from_blocks(core_chain)
        assert_equal(len(chain), 411)
        gen = ChainGenerator(chain[-1].hash(), 410, chain[-1].time)
        chain += [gen.next_block(coinbase_outputs=500, spend_inputs=100, tx_outputs=20) for _ in range(EXTRA_BLOCKS)]
        tip_height = len(chain) - 1
        path = os.path.join(self.tmpdir, "blocks.dat")
        shutil.copy(vector_path("regtest-core-chain.dat"), path)
        write_block_file(path, chain[411:], mode="ab")

        # The independent reference: replayed forward as the node's reported tips move forward.
        expected = read_json_vector("regtest-core-chain.json")
        ref = UtxoSet()
        ref_height = -1

        def reference_at(height):
            nonlocal ref_height
            assert_true(height >= ref_height, "a restarted node never goes back below a tip it flushed")
            while ref_height < height:
                ref_height += 1
                ref.apply_block(chain[ref_height], ref_height)
            return ref.hash_serialized_3()

        core_ref = UtxoSet()
        for h in range(411):
            core_ref.apply_block(chain[h], h)
        assert_equal(core_ref.hash_serialized_3(), expected["gettxoutsetinfo"]["hash_serialized_3"], msg="python scan vs Core at 410")

        def check_consistent(what):
            info = node.gettxoutsetinfo()
            height = info["height"]
            assert_equal(info["bestblock"], chain[height].hash_hex(), msg=what)
            assert_equal(info["hash_serialized_3"], reference_at(height), msg="%s at height %d" % (what, height))
            assert_equal(node.getblockhash(height), chain[height].hash_hex())
            return height

        # Kill moments, alternating: (a) the node's tip passing a random height ahead of it (spread over the
        # whole chain whatever the machine's speed), plus a few random milliseconds; (b) the next coins flush starting (its
        # debug.log line is written before the first batch), plus up to 5 ms: inside the flush.
        rng = random.Random(SEED)
        heights = []
        start = time.monotonic()

        def flush_lines():
            with open(node.debug_log_path, errors="replace") as f:
                return f.read().count("Flushing chainstate")

        for i in range(KILLS):
            # First the recovered state alone (no import running, so nothing moves while it is checked).
            node.start()
            height = check_consistent("restart %d" % i)
            heights.append(height)
            node.stop()
            # Then the import again, from wherever the recovered state is, and a kill.
            node.start(["-loadblock=" + path])
            deadline = time.monotonic() + (30 if height < tip_height else 0)  # nothing to wait for at the tip
            if i % 2 == 0:
                # Somewhere in the next share of what is left, so that the kills spread over the whole import.
                target = height + rng.randint(1, max(1, (tip_height - height) // (KILLS - i)))
                what = "past height %d" % target
                while node.getblockcount() < target and time.monotonic() < deadline:
                    time.sleep(0.002)
                delay = rng.uniform(0.0, 0.05)
            else:
                what = "in a flush"
                seen = flush_lines()
                while flush_lines() == seen and node.getblockcount() < tip_height and time.monotonic() < deadline:
                    time.sleep(0.001)
                delay = rng.uniform(0.0, 0.005)
            time.sleep(delay)
            node.kill()
            self.log.info("kill %2d: came up consistent at height %d, killed %s (+%.3fs)", i + 1, height, what, delay)

        self.log.info("Final restart: the import completes and nothing is lost")
        node.start(["-loadblock=" + path])
        check_consistent("final restart")
        tip = node.waitforblockheight(tip_height, 60000)
        assert_equal(tip, {"hash": chain[-1].hash_hex(), "height": tip_height})
        height = check_consistent("after the import")
        assert_equal(height, tip_height)
        info = node.gettxoutsetinfo()
        assert_equal(info["txouts"], ref.txouts())
        assert_equal(int(info["total_amount"] * 100_000_000), ref.total_amount())
        node.stop()

        with open(node.debug_log_path) as f:
            log = f.read()
        self.log.info("%d kills in %.1fs; tips seen after restarts: %s; %d flushes logged, %d restarts replayed an "
                      "interrupted flush", KILLS, time.monotonic() - start, heights, log.count("Flushing chainstate"),
                      log.count("Replaying blocks"))
        assert_true(len(set(heights)) > 3, "the kills fell at different stages of the import")


if __name__ == "__main__":
    FeatureCrashTest().main()
