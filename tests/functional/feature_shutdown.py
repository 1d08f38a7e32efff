#!/usr/bin/env python3
"""Clean shutdown through SIGTERM, SIGINT and the `stop` RPC: exit code 0, cookie and pid file removed,
log flushed; a `stop` with the hidden wait still gets its reply; one daemon per data directory."""
import os
import re
import signal

from framework.test_framework import HearthTestFramework
from framework.util import assert_equal, assert_in, assert_true


class FeatureShutdownTest(HearthTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def check_clean(self, node):
        assert_true(not os.path.exists(node.cookie_path), "cookie removed")
        assert_true(not os.path.exists(os.path.join(node.netdir, "hearthd.pid")), "pid file removed")
        with open(node.debug_log_path) as f:
            log = f.read()
        assert_true(log.rstrip().endswith("Shutdown: done"), "log flushed to the last line")
        # The peak memory of the run, in KiB, for people sizing a small machine (and the import benchmark).
        peak = re.search(r"Peak memory use \(VmHWM\): (\d+) KiB\n", log)
        assert_true(peak is not None and 1000 < int(peak.group(1)) < 4 * 1024 * 1024, "peak memory logged")

    def run_test(self):
        node = self.nodes[0]
        assert_true(os.path.exists(os.path.join(node.netdir, "hearthd.pid")))
        with open(os.path.join(node.netdir, "hearthd.pid")) as f:
            assert_equal(int(f.read()), node.process.pid)

        for signum in (signal.SIGTERM, signal.SIGINT):
            self.log.info("Signal %s: clean exit", signal.Signals(signum).name)
            assert_true(isinstance(node.uptime(), int))
            node.signal(signum)
            node.wait_until_stopped()
            self.check_clean(node)
            node.start()

        self.log.info("stop RPC: reply first, then a clean exit")
        assert_equal(node.rpc.stop(), "Hearth stopping")
        node.wait_until_stopped()
        self.check_clean(node)

        self.log.info("stop with the hidden wait: the reply still arrives after the shutdown request")
        node.start()
        assert_equal(node.rpc.call("stop", 500), "Hearth stopping")
        node.wait_until_stopped()
        self.check_clean(node)

        self.log.info("One daemon per data directory")
        node.start()
        code, err = node.run_and_fail()
        assert_equal(code, 1)
        assert_in("Error: Cannot obtain a lock on data directory %s. Hearth is probably already running." % node.netdir, err)
        assert_true(os.path.exists(node.cookie_path), "the running node's cookie is untouched")
        assert_true(isinstance(node.uptime(), int))


if __name__ == "__main__":
    FeatureShutdownTest().main()
