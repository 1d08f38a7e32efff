#!/usr/bin/env python3
"""hearth-cli as bitcoin-cli (Core's interface_bitcoin_cli.py): output formats, exit codes, -rpcwait,
-stdin, -named, -getinfo, status, config-file discovery and errors."""
import os
import subprocess
import time

from framework.test_framework import HearthTestFramework
from framework.util import assert_equal, assert_in, assert_true, free_port

CONNECT_ADVICE = ("\n\nMake sure the hearthd server is running and that you are connecting to the correct RPC port.\n"
                  "Use \"hearth-cli -help\" for more info.\n")


class InterfaceCliTest(HearthTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def run_test(self):
        node = self.nodes[0]

        self.log.info("Results: numbers and JSON pretty-printed with 2 spaces, strings raw")
        code, out, err = node.cli("uptime")
        assert_equal((code, err), (0, ""))
        assert_true(out.strip().isdigit(), out)
        assert_equal(node.cli("echo", "a", "b c"), (0, '[\n  "a",\n  "b c"\n]\n', ""))
        assert_equal(node.cli("echojson", "{\"k\":[1,2]}", "0.00001000", "true", "null"),
                     (0, '[\n  {\n    "k": [\n      1,\n      2\n    ]\n  },\n  0.00001000,\n  true,\n  null\n]\n', ""))
        code, out, err = node.cli("help", "uptime")
        assert_equal(code, 0)
        assert_true(out.startswith("uptime\n\nReturns the total uptime of the server.\n"), out)  # raw, not quoted
        code, out, _ = node.cli("help")
        assert_true("== Control ==\n" in out, out)

        self.log.info("RPC errors: stderr, exit status |code| (mod 256 in the shell)")
        assert_equal(node.cli("nosuchmethod"), (89, "", "error code: -32601\nerror message:\nMethod not found\n"))
        assert_equal(node.cli("-rpcwallet=nope", "uptime"),
                     (18, "", "error code: -18\nerror message:\nRequested wallet does not exist or is not loaded\n"))
        assert_equal(node.cli("logging", '["nosuch"]'),
                     (8, "", "error code: -8\nerror message:\nunknown logging category nosuch\n"))
        code, out, err = node.cli("help", "a", "b")
        assert_equal(code, 1)
        assert_true(err.startswith("error code: -1\nerror message:\nhelp ( \"command\" )"), err)
        assert_equal(node.cli("echojson", "[1,"), (1, "", "error: Error parsing JSON: [1,\n"))

        self.log.info("-named, -stdin, -stdinrpcpass")
        assert_equal(node.cli("-named", "echo", "arg1=x", "arg3=y"), (0, '[\n  null,\n  "x",\n  null,\n  "y"\n]\n', ""))
        assert_equal(node.cli("-named", "echojson", "arg0=[1]", "arg0=2"), (0, "[\n  2\n]\n", ""))
        assert_equal(node.cli("-stdin", "echo", "first", stdin="second\nthird line\n"),
                     (0, '[\n  "first",\n  "second",\n  "third line"\n]\n', ""))
        user, password = node.read_cookie()
        assert_equal(node.cli("-rpcuser=" + user, "-stdinrpcpass", "-stdin", "echo", stdin=password + "\nx\n"),
                     (0, '[\n  "x"\n]\n', ""))

        self.log.info("-getinfo and status print text, tolerating parts the node does not have yet")
        code, out, err = node.cli("-getinfo")
        assert_equal((code, err), (0, ""))
        assert_true(out.startswith("Chain: "), out)
        assert_in("\nVerification progress: ", out)
        assert_true(out.endswith("Warnings: (none)\n"), out)
        code, out, err = node.cli("status")
        assert_equal((code, err), (0, ""))
        assert_true(out.startswith("Hearth on regtest, up "), out)
        assert_in("\nBlocks    ", out)

        self.log.info("Config file discovery: port from hearth.conf, cookie from the data directory")
        code, out, _ = node.cli("uptime")  # no -regtest/-rpcport on the command line
        assert_equal(code, 0)
        code, out, err = node.cli("-conf=" + os.path.join(node.datadir, "hearth.conf"), "-rpcport=%d" % free_port(), "uptime")
        assert_equal(code, 1)
        assert_true(err.startswith("error: timeout on transient error: Could not connect to the server 127.0.0.1:"), err)

        self.log.info("Argument errors")
        assert_equal(node.cli("-foo", "uptime"), (1, "", "Error parsing command line arguments: Invalid parameter -foo\n"))
        assert_equal(node.cli("-getinfo", "x"), (1, "", "error: -getinfo takes no arguments\n"))
        assert_equal(node.cli("-regtest", "-testnet4", "uptime")[0], 1)
        code, out, err = node.cli("-rpcconnect=127.0.0.1:0", "uptime")
        assert_equal((code, err), (1, "error: Invalid port provided in -rpcconnect: 127.0.0.1:0\n"))
        code, out, err = node.cli("-version")
        assert_equal(code, 0)
        assert_true(out.startswith("Hearth RPC client version v"), out)

        self.log.info("No server: exit 1 with Core's connection message")
        port = free_port()
        code, out, err = node.cli("-rpcport=%d" % port, "uptime")
        assert_equal((code, out), (1, ""))
        assert_equal(err, "error: timeout on transient error: Could not connect to the server 127.0.0.1:%d%s" % (port, CONNECT_ADVICE))
        start = time.monotonic()
        code, out, err = node.cli("-rpcport=%d" % port, "-rpcwait", "-rpcwaittimeout=1", "uptime")
        assert_equal(code, 1)
        assert_true(err.startswith("error: timeout on transient error: Could not connect to the server"), err)
        assert_true(time.monotonic() - start < 30)

        self.log.info("-rpcwait waits for a node that starts later")
        node.stop()
        cli = subprocess.Popen([os.path.join(self.bindir, "hearth-cli"), "-datadir=" + node.datadir, "-rpcwait",
                                "-rpcwaittimeout=60", "echo", "waited"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        assert_true(cli.poll() is None, "hearth-cli is still waiting")
        node.start()
        out, err = cli.communicate(timeout=90)
        assert_equal((cli.returncode, out, err), (0, '[\n  "waited"\n]\n', ""))

        self.log.info("stop through hearth-cli")
        assert_equal(node.cli("stop"), (0, "Hearth stopping\n", ""))
        node.wait_until_stopped()
        assert_true(not os.path.exists(node.cookie_path))
        node.start()


if __name__ == "__main__":
    InterfaceCliTest().main()
