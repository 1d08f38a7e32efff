#!/usr/bin/env python3
"""Options and hearth.conf as Core handles them: unknown options refused, bad config lines named by file
and line, sections and network-only options, includeconf, -conf, -datadir, -version/-help, and the
network parameters printed at start."""
import os
import subprocess

from framework.test_framework import HearthTestFramework
from framework.util import assert_equal, assert_in, assert_true, wait_until


class FeatureConfigTest(HearthTestFramework):
    def set_test_params(self):
        self.num_nodes = 1
        self.start_nodes_at_setup = False

    def write(self, path, text):
        with open(path, "w") as f:
            f.write(text)

    def run_test(self):
        node = self.nodes[0]
        conf = os.path.join(node.datadir, "hearth.conf")
        with open(conf) as f:
            good_conf = f.read()
        hearthd = os.path.join(self.bindir, "hearthd")

        self.log.info("-version and -help")
        out = subprocess.run([hearthd, "-version"], capture_output=True, text=True, timeout=30)
        assert_equal(out.returncode, 0)
        assert_true(out.stdout.startswith("Hearth version v"), out.stdout)
        out = subprocess.run([hearthd, "-help"], capture_output=True, text=True, timeout=30)
        assert_equal(out.returncode, 0)
        for opt in ("-datadir=<dir>", "-conf=<file>", "-rpcauth=<userpw>", "-rpcallowip=<ip>", "-connect=<ip>"):
            assert_in("  " + opt + "\n", out.stdout)
        assert_in("RPC server options:", out.stdout)

        self.log.info("Unknown options and stray arguments are refused")
        assert_equal(node.run_and_fail(["-foo=1"]), (1, "Error parsing command line arguments: Invalid parameter -foo=1\n"))
        assert_equal(node.run_and_fail(["--nosuch"]), (1, "Error parsing command line arguments: Invalid parameter --nosuch\n"))
        code, err = node.run_and_fail(["stray"])
        assert_equal((code, err), (1, "Error: Command line contains unexpected token 'stray', see hearthd -h for a list of options.\n"))
        code, err = node.run_and_fail(["-includeconf=x.conf"])
        assert_equal((code, err), (1, "Error parsing command line arguments: -includeconf cannot be used from commandline; -includeconf=x.conf\n"))

        self.log.info("Bad config lines: file name and line number")
        self.write(conf, good_conf + "# fine\nthis is not an option\n")
        code, err = node.run_and_fail()
        lines = good_conf.count("\n")
        assert_equal((code, err), (1, "Error: Error reading configuration file: %s: parse error on line %d: this is not an option\n" % (conf, lines + 2)))
        self.write(conf, good_conf + "nosuchoption=1\n")
        code, err = node.run_and_fail()
        assert_equal((code, err), (1, "Error: Error reading configuration file: %s: line %d: Invalid configuration value regtest.nosuchoption\n" % (conf, lines + 1)))
        self.write(conf, "-regtest=1\n")
        code, err = node.run_and_fail()
        assert_in("parse error on line 1: -regtest=1, options in configuration file must be specified without leading -", err)
        self.write(conf, good_conf.replace("chain=regtest\n", "") + "[main]\nrpcpassword=a#b\n")
        code, err = node.run_and_fail(["-regtest"])
        assert_in("using # in rpcpassword can be ambiguous and should be avoided", err)

        self.log.info("Network-only options in the default section are refused off main, as in Core")
        self.write(conf, "regtest=1\nrpcport=%d\n" % node.rpc_port)
        code, err = node.run_and_fail()
        assert_equal((code, err), (1, "Error: Config setting for -rpcport only applied on regtest network when in [regtest] section.\n"))

        self.log.info("Chain selection conflicts and unknown chains")
        self.write(conf, good_conf)
        code, err = node.run_and_fail(["-testnet4"])
        assert_equal(code, 1)
        assert_true(err.endswith("Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.\n"), err)

        self.log.info("includeconf, -conf and a missing -datadir")
        extra = os.path.join(node.datadir, "extra.conf")
        self.write(extra, "[regtest]\nrpcthreads=3\nuacomment=included\n")
        self.write(conf, good_conf + "includeconf=extra.conf\n")
        node.start()
        with open(node.debug_log_path) as f:
            log = f.read()
        assert_in('Config file arg: [regtest] uacomment="included"', log)
        assert_in("Network: regtest (magic fabfb5da, P2P port %d, RPC port %d)" % (node.p2p_port, node.rpc_port), log)
        assert_in("Hearth version v", log)
        node.stop()
        self.write(conf, good_conf + "includeconf=missing.conf\n")
        code, err = node.run_and_fail()
        assert_equal((code, err), (1, "Error: Error reading configuration file: Failed to include configuration file missing.conf\n"))
        self.write(conf, good_conf)
        code, err = node.run_and_fail(["-conf=nope.conf"])
        assert_in('specified config file "%s" could not be opened.' % os.path.join(node.datadir, "nope.conf"), err)
        out = subprocess.run([hearthd, "-datadir=/nonexistent/hearth"], capture_output=True, text=True, timeout=30)
        assert_equal((out.returncode, out.stderr), (1, 'Error: Specified data directory "/nonexistent/hearth" does not exist.\n'))

        self.log.info("A config file named with -conf, outside the data directory")
        other = os.path.join(self.tmpdir, "other.conf")
        self.write(other, good_conf)
        os.remove(conf)
        node.start(["-conf=" + other])
        assert_true(isinstance(node.uptime(), int))
        node.stop()
        self.write(conf, good_conf)

        self.log.info("config/hearth.conf.example is a valid configuration")
        example = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "config", "hearth.conf.example")
        node.start(["-conf=" + os.path.abspath(example), "-regtest", "-rpcport=%d" % node.rpc_port,
                    "-port=%d" % node.p2p_port, "-listen=0", "-connect=0", "-dnsseed=0", "-printtoconsole=0"])
        assert_true(isinstance(node.uptime(), int))
        node.stop()

        self.log.info("-daemon: returns once the node serves RPC")
        out = subprocess.run(node.args(["-daemon"]), capture_output=True, text=True, timeout=60)
        assert_equal((out.returncode, out.stderr), (0, ""))
        assert_true(os.path.exists(node.cookie_path))
        pid_file = os.path.join(os.path.dirname(node.cookie_path), "hearthd.pid")
        with open(pid_file) as f:
            pid = int(f.read().strip())
        assert_equal(node.cli("stop"), (0, "Hearth stopping\n", ""))
        # The cookie goes before the data-directory lock is released: wait for the process itself.
        wait_until(lambda: process_gone(pid), timeout=60, what="daemon exit")
        out = subprocess.run(node.args(["-daemon", "-rpcauth=bad"]), capture_output=True, text=True, timeout=60)
        assert_equal((out.returncode, out.stderr), (1, "Error: Invalid -rpcauth argument.\n"))


def process_gone(pid):
    """True once `pid` has exited (a zombie counts: the daemon's parent is init, which may reap late)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


if __name__ == "__main__":
    FeatureConfigTest().main()
