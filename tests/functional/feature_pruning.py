#!/usr/bin/env python3
"""Prune mode, kept fast with -fastprune (64 KiB block files, prune after height 100 on regtest):
- -prune values refused with Core's messages; -prune=550's getblockchaininfo fields (automatic pruning);
- -prune=1 (manual): Core's regtest chain imported into ~80 small files, pruneblockchain's checks and its
  result (the height of the last pruned block), the 288-block safety margin, pruneblockchain by timestamp;
- pruned blocks: getblock/getblockstats answer Core's "Block not available (pruned data)", headers remain,
  size_on_disk shrinks, the UTXO set is untouched;
- a restart keeps the prune state; starting the pruned data directory without -prune is refused."""
import os

from framework.test_framework import HearthTestFramework
from framework.util import assert_equal, assert_in, assert_raises_rpc_error, assert_true
from framework.vectors import read_json_vector, vector_path

MIB = 1024 * 1024


class FeaturePruningTest(HearthTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.start_nodes_at_setup = False

    def run_test(self):
        node = self.nodes[0]
        expected = read_json_vector("regtest-core-chain.json")

        self.log.info("Bad -prune values are refused with Core's messages")
        for args, message in (
            (["-prune=-1"], "Error: Prune cannot be configured with a negative value."),
            (["-prune=100"], "Error: Prune configured below the minimum of 550 MiB.  Please use a higher number."),
            (["-prune=550", "-txindex"], "Error: Prune mode is incompatible with -txindex."),
            (["-prune=550", "-reindex-chainstate"], "Error: Prune mode is incompatible with -reindex-chainstate. Use full -reindex instead."),
        ):
            code, err = node.run_and_fail(args)
            assert_equal(code, 1)
            assert_in(message, err)

        self.log.info("-prune=550: automatic pruning fields; nothing to prune on a young chain")
        node.start(["-prune=550", "-fastprune"])
        info = node.getblockchaininfo()
        assert_equal((info["pruned"], info["pruneheight"], info["automatic_pruning"], info["prune_target_size"]),
                     (True, 0, True, 550 * MIB))
        assert_true(list(info.keys()).index("prune_target_size") == list(info.keys()).index("pruned") + 3)
        assert_raises_rpc_error(-1, "Blockchain is too short for pruning.", node.pruneblockchain, 0)
        node.stop()

        self.log.info("-prune=1: manual pruning of Core's regtest chain in 64 KiB files")
        node.start(["-prune=1", "-fastprune", "-loadblock=" + vector_path("regtest-core-chain.dat")])
        node.waitforblockheight(410, 60000)
        info = node.getblockchaininfo()
        assert_equal((info["pruned"], info["pruneheight"], info["automatic_pruning"]), (True, 0, False))
        assert_true("prune_target_size" not in info)
        size_before = info["size_on_disk"]
        utxo_hash = node.gettxoutsetinfo()["hash_serialized_3"]
        assert_equal(utxo_hash, expected["gettxoutsetinfo"]["hash_serialized_3"])
        assert_equal(node.getblock(node.getblockhash(1))["height"], 1)

        assert_raises_rpc_error(-8, "Negative block height.", node.pruneblockchain, -1)
        assert_raises_rpc_error(-8, "Blockchain is shorter than the attempted prune height.", node.pruneblockchain, 411)
        assert_raises_rpc_error(-3, "not of expected type number", node.pruneblockchain, "100")

        # Only whole files go: the first one holds the ~110 tiny early blocks and more, so pruning up to 50
        # deletes nothing (-1, as Core answers when nothing is pruned).
        assert_equal(node.pruneblockchain(50), -1)
        assert_equal(node.getblockchaininfo()["pruneheight"], 0)
        pruned = node.pruneblockchain(130)
        self.log.info("  pruneblockchain(130) → %d; size_on_disk %d → %d", pruned, size_before,
                      node.getblockchaininfo()["size_on_disk"])
        assert_true(0 < pruned <= 410 - 288, "whole files below the 288-block margin pruned")
        info = node.getblockchaininfo()
        assert_equal(info["pruneheight"], pruned + 1)
        assert_true(info["size_on_disk"] < size_before)
        for height in (1, pruned):
            block_hash = node.getblockhash(height)
            assert_raises_rpc_error(-1, "Block not available (pruned data)", node.getblock, block_hash)
            assert_raises_rpc_error(-1, "Block not available (pruned data)", node.getblockstats, height)
            assert_equal(node.getblockheader(block_hash)["height"], height)  # headers stay
        assert_equal(node.getblock(node.getblockhash(pruned + 1))["height"], pruned + 1)
        assert_equal(node.gettxoutsetinfo()["hash_serialized_3"], utxo_hash)
        assert_equal(node.getblockcount(), 410)

        # Close to the tip: the last 288 blocks are kept whatever was asked.
        kept = node.pruneblockchain(400)
        assert_equal(kept, pruned)  # 130 was already above tip - 288: nothing more can go
        assert_equal(node.getblock(node.getblockhash(410 - 288 + 1))["height"], 410 - 288 + 1)
        # By timestamp (anything above 10^9 is a time): two hours before block 50's time prunes nothing new.
        assert_equal(node.pruneblockchain(node.getblockheader(node.getblockhash(50))["time"]), kept)
        assert_raises_rpc_error(-8, "Could not find block with at least the specified timestamp.", node.pruneblockchain, 2**31 - 1)
        blk_files = len([f for f in os.listdir(os.path.join(node.netdir, "blocks")) if f.startswith("blk")])
        self.log.info("  after pruning to %d: %d blk files left", kept, blk_files)
        node.stop()

        self.log.info("Restart keeps the prune state; without -prune the data directory is refused")
        node.start(["-prune=1", "-fastprune"])
        info = node.getblockchaininfo()
        assert_equal((info["blocks"], info["pruneheight"]), (410, kept + 1))
        assert_raises_rpc_error(-1, "Block not available (pruned data)", node.getblock, node.getblockhash(10))
        node.stop()
        code, err = node.run_and_fail(["-fastprune"])
        assert_equal(code, 1)
        assert_in("Error: You need to rebuild the database using -reindex to go back to unpruned mode.  "
                  "This will redownload the entire blockchain", err)


if __name__ == "__main__":
    FeaturePruningTest().main()
