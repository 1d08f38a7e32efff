"""One hearthd process in its own data directory, on 127.0.0.1 and free ports."""
import os
import signal
import subprocess
import time

from .rpc import JSONRPCException, RPCClient
from .util import TestFailure, free_port, wait_until

# Chain name (-chain=) → data directory sub-folder and config section (CORE-FACTS §1).
CHAIN_DIRS = {"main": "", "test": "testnet3", "testnet4": "testnet4", "signet": "signet", "regtest": "regtest"}

START_TIMEOUT = 60
STOP_TIMEOUT = 60


class TestNode:
    def __init__(self, index, tmpdir, bindir, chain="regtest", extra_conf=None):
        self.index = index
        self.bindir = bindir
        self.chain = chain
        self.datadir = os.path.join(tmpdir, "node%d" % index)
        self.netdir = os.path.join(self.datadir, CHAIN_DIRS[chain]) if CHAIN_DIRS[chain] else self.datadir
        self.rpc_port = free_port()
        self.p2p_port = free_port()
        self.process = None
        self.stdout_path = os.path.join(self.datadir, "stdout.txt")
        self.stderr_path = os.path.join(self.datadir, "stderr.txt")
        self._rpc = None
        self.extra_args = []
        os.makedirs(self.datadir, exist_ok=True)
        self.write_config(extra_conf or [])

    # --- files -------------------------------------------------------------------------------------------

    def write_config(self, extra_lines):
        """hearth.conf with everything that could reach beyond loopback switched off (CORE-FACTS §6). Every
        option goes in the chain's section so network-only ones apply on every chain."""
        section = "main" if self.chain == "main" else self.chain
        lines = ["chain=%s" % self.chain, "[%s]" % section,
                 "port=%d" % self.p2p_port, "rpcport=%d" % self.rpc_port,
                 "bind=127.0.0.1", "listen=0", "connect=0", "dnsseed=0", "fixedseeds=0", "discover=0",
                 "listenonion=0", "natpmp=0", "printtoconsole=0", "shrinkdebugfile=0"]
        lines += extra_lines
        with open(os.path.join(self.datadir, "hearth.conf"), "w") as f:
            f.write("\n".join(lines) + "\n")

    @property
    def cookie_path(self):
        return os.path.join(self.netdir, ".cookie")

    @property
    def debug_log_path(self):
        return os.path.join(self.netdir, "debug.log")

    def read_cookie(self):
        with open(self.cookie_path) as f:
            user, _, password = f.read().partition(":")
        return user, password

    # --- process -----------------------------------------------------------------------------------------

    def args(self, extra_args=()):
        return [os.path.join(self.bindir, "hearthd"), "-datadir=" + self.datadir] + list(extra_args)

    def start(self, extra_args=(), wait=True):
        if self.process is not None:
            raise TestFailure("node%d already running" % self.index)
        self.extra_args = list(extra_args)
        # A cookie left by an unclean exit (kill -9) would be read before the new one is written (Core's
        # TestNode.start deletes it too).
        if os.path.exists(self.cookie_path):
            os.remove(self.cookie_path)
        self._stdout = open(self.stdout_path, "a")
        self._stderr = open(self.stderr_path, "a")
        self.process = subprocess.Popen(self.args(extra_args), stdout=self._stdout, stderr=self._stderr)
        if wait:
            self.wait_for_rpc()

    def running(self):
        return self.process is not None and self.process.poll() is None

    def wait_for_rpc(self, timeout=START_TIMEOUT, user=None, password=None):
        """Waits until the node answers RPC (cookie written, warm-up over)."""
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            if not self.running():
                raise TestFailure("node%d exited during start-up (code %s): %s" %
                                  (self.index, self.process.returncode, self.read_stderr()))
            try:
                if user is None and not os.path.exists(self.cookie_path):
                    raise FileNotFoundError(self.cookie_path)
                rpc = self.rpc_client(user, password)
                rpc.uptime()
                self._rpc = rpc
                return
            except JSONRPCException as e:
                if e.code != -28:  # anything but warm-up is a real problem
                    raise
                last_error = e
            except (OSError, ConnectionError) as e:
                last_error = e
            time.sleep(0.05)
        raise TestFailure("node%d did not answer RPC within %ss (%s)" % (self.index, timeout, last_error))

    def rpc_client(self, user=None, password=None, wallet=None):
        if user is None:
            user, password = self.read_cookie()
        return RPCClient("127.0.0.1", self.rpc_port, user, password, wallet=wallet)

    @property
    def rpc(self):
        if self._rpc is None:
            self._rpc = self.rpc_client()
        return self._rpc

    def __getattr__(self, name):
        # node.uptime() etc. go to RPC.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.rpc, name)

    def wait_until_stopped(self, timeout=STOP_TIMEOUT, expected_code=0):
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise TestFailure("node%d did not stop within %ss" % (self.index, timeout))
        self._close_process()
        if expected_code is not None and code != expected_code:
            raise TestFailure("node%d exited with code %s, expected %s: %s" % (self.index, code, expected_code, self.read_stderr()))
        return code

    def stop(self, timeout=STOP_TIMEOUT):
        """Stops through the `stop` RPC and checks a clean exit (code 0, cookie removed)."""
        result = self.rpc.stop()
        if result != "Hearth stopping":
            raise TestFailure("unexpected stop reply %r" % result)
        self.wait_until_stopped(timeout)
        if os.path.exists(self.cookie_path):
            raise TestFailure("node%d left its cookie behind" % self.index)

    def signal(self, signum):
        self.process.send_signal(signum)

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT)
        self._close_process()

    def _close_process(self):
        if self._rpc is not None:
            self._rpc.close()
            self._rpc = None
        for f in ("_stdout", "_stderr"):
            if hasattr(self, f):
                getattr(self, f).close()
                delattr(self, f)
        self.process = None

    def run_and_fail(self, extra_args=(), timeout=START_TIMEOUT):
        """Runs hearthd expecting it to refuse to start; returns (exit code, stderr)."""
        proc = subprocess.run(self.args(extra_args), capture_output=True, text=True, timeout=timeout)
        return proc.returncode, proc.stderr

    # --- hearth-cli --------------------------------------------------------------------------------------

    def cli(self, *args, stdin=None, timeout=60, datadir=True):
        """Runs hearth-cli against this node; returns (exit code, stdout, stderr)."""
        cmd = [os.path.join(self.bindir, "hearth-cli")]
        if datadir:
            cmd.append("-datadir=" + self.datadir)
        cmd += list(args)
        proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=timeout)
        return proc.returncode, proc.stdout, proc.stderr

    # --- diagnostics -------------------------------------------------------------------------------------

    def read_stderr(self):
        try:
            with open(self.stderr_path) as f:
                return f.read().strip()
        except OSError:
            return ""

    def log_tail(self, lines=40):
        out = []
        for path in (self.debug_log_path, self.stderr_path):
            try:
                with open(path, errors="replace") as f:
                    tail = f.readlines()[-lines:]
            except OSError:
                continue
            out.append("--- %s (last %d lines) ---\n%s" % (path, len(tail), "".join(tail)))
        return "\n".join(out)
