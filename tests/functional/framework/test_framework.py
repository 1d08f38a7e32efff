"""Base class of every functional test: command line, temp directory, nodes, clean-up, logs on failure."""
import argparse
import logging
import os
import shutil
import sys
import tempfile
import traceback

from .node import TestNode


class HearthTestFramework:
    """Subclasses set self.num_nodes (and optionally self.chain / self.extra_conf) in set_test_params() and
    implement run_test(). Nodes start before run_test unless self.start_nodes_at_setup is False."""

    def __init__(self):
        self.num_nodes = 1
        self.chain = "regtest"
        self.extra_conf = []
        self.extra_args = []
        self.start_nodes_at_setup = True
        self.nodes = []
        self.log = logging.getLogger(type(self).__name__)

    def set_test_params(self):
        pass

    def run_test(self):
        raise NotImplementedError

    def add_node(self, extra_conf=None, chain=None):
        node = TestNode(len(self.nodes), self.tmpdir, self.bindir, chain or self.chain,
                        extra_conf if extra_conf is not None else self.extra_conf)
        self.nodes.append(node)
        return node

    def main(self):
        parser = argparse.ArgumentParser(description=self.__doc__)
        parser.add_argument("--bindir", default=os.environ.get("HEARTH_BINDIR"),
                            help="directory with hearthd and hearth-cli (or $HEARTH_BINDIR)")
        parser.add_argument("--tmpdir", help="root for data directories (default: a new temp directory)")
        parser.add_argument("--nocleanup", action="store_true", help="keep data directories")
        self.options = parser.parse_args()
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s", stream=sys.stdout)
        if not self.options.bindir or not os.path.exists(os.path.join(self.options.bindir, "hearthd")):
            print("hearthd not found: pass --bindir (the build's bin directory)", file=sys.stderr)
            sys.exit(2)
        self.bindir = os.path.abspath(self.options.bindir)
        if self.options.tmpdir:
            os.makedirs(self.options.tmpdir, exist_ok=True)
        self.tmpdir = tempfile.mkdtemp(prefix="hearth_%s_" % type(self).__name__, dir=self.options.tmpdir)

        success = False
        try:
            self.set_test_params()
            for _ in range(self.num_nodes):
                self.add_node()
            if self.start_nodes_at_setup:
                for i, node in enumerate(self.nodes):
                    node.start(self.extra_args[i] if i < len(self.extra_args) else [])
            self.run_test()
            success = True
        except Exception:
            self.log.error("test failed:\n%s", traceback.format_exc())
        finally:
            for node in self.nodes:
                if node.running():
                    try:
                        node.stop()
                    except Exception:
                        self.log.error("clean stop of node%d failed:\n%s", node.index, traceback.format_exc())
                        node.kill()
                        success = False
            if not success:
                for node in self.nodes:
                    self.log.error("node%d logs:\n%s", node.index, node.log_tail())
            if success and not self.options.nocleanup:
                shutil.rmtree(self.tmpdir, ignore_errors=True)
            else:
                self.log.info("data directories kept in %s", self.tmpdir)
        self.log.info("%s", "passed" if success else "FAILED")
        sys.exit(0 if success else 1)
