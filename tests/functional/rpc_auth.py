#!/usr/bin/env python3
"""RPC authentication: cookie, -rpcuser/-rpcpassword, -rpcauth, wrong password (401 after a delay), no
credentials, cookie permissions and -norpccookiefile (Core's rpc_users.py)."""
import base64
import os
import stat
import time

from framework.rpc import RPCClient
from framework.test_framework import HearthTestFramework
from framework.util import assert_equal, assert_greater_than_or_equal, assert_in, assert_true

# Made by Core's share/rpcauth/rpcauth.py (and used by Core's rpc_users.py).
RT_AUTH = "rt:93648e835a54c573682c2eb19f882535$7681e9c5b74bdd85e78166031d2058e1069b3ed7ed967c93fc63abba06f31144"
RT_PASSWORD = "cA773lm788buwYe4g4WT+05pKyNruVKjQ25x3n0DQcM="
RT2_AUTH = "rt2:f8607b1a88861fac29dfccf9b52ff9f$ff36a0c23c8c62b4846112e50fa888416e94c17bfd4c42f88fd8f55ec6a3137e"
RT2_PASSWORD = "8/F3uMDw4KSEbw96U3CA1C4X05dkHDN2BPFjTgZW4KI="

UPTIME = '{"jsonrpc":"2.0","id":1,"method":"uptime"}'


def basic(user, password):
    return {"Authorization": "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()}


class RpcAuthTest(HearthTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def status_for(self, node, headers):
        client = RPCClient("127.0.0.1", node.rpc_port)
        try:
            start = time.monotonic()
            resp = client.post(UPTIME, auth=False, headers=headers)
            return resp, time.monotonic() - start
        finally:
            client.close()

    def run_test(self):
        node = self.nodes[0]

        self.log.info("Cookie: written owner-only, '__cookie__:' + 64 hex, and accepted")
        with open(node.cookie_path) as f:
            cookie = f.read()
        assert_true(cookie.startswith("__cookie__:") and len(cookie) == len("__cookie__:") + 64, cookie)
        int(cookie.split(":")[1], 16)
        assert_equal(stat.S_IMODE(os.stat(node.cookie_path).st_mode), 0o600)
        assert_true(not os.path.exists(node.cookie_path + ".tmp"))
        user, password = node.read_cookie()
        resp, _ = self.status_for(node, basic(user, password))
        assert_equal(resp.status, 200)

        self.log.info("No credentials: 401 with WWW-Authenticate")
        resp, _ = self.status_for(node, {})
        assert_equal(resp.status, 401)
        assert_equal(resp.headers["www-authenticate"], 'Basic realm="jsonrpc"')

        self.log.info("Wrong password: 401 after at least 250 ms")
        resp, elapsed = self.status_for(node, basic(user, password + "x"))
        assert_equal(resp.status, 401)
        assert_equal(resp.headers["www-authenticate"], 'Basic realm="jsonrpc"')
        assert_greater_than_or_equal(elapsed, 0.25)
        resp, _ = self.status_for(node, {"Authorization": "Basic !!!notbase64"})
        assert_equal(resp.status, 401)
        resp, _ = self.status_for(node, {"Authorization": "Bearer " + password})
        assert_equal(resp.status, 401)

        self.log.info("-rpcuser/-rpcpassword and two -rpcauth entries; no cookie then")
        node.stop()
        node.start(["-rpcuser=alice", "-rpcpassword=s3cret", "-rpcauth=" + RT_AUTH, "-rpcauth=" + RT2_AUTH], wait=False)
        node.wait_for_rpc(user="alice", password="s3cret")
        assert_true(not os.path.exists(node.cookie_path), "no cookie with -rpcpassword")
        for u, p in (("alice", "s3cret"), ("rt", RT_PASSWORD), ("rt2", RT2_PASSWORD)):
            resp, _ = self.status_for(node, basic(u, p))
            assert_equal(resp.status, 200, msg=u)
        for u, p in (("alice", "wrong"), ("rt", RT2_PASSWORD), ("rt2", ""), ("bob", "s3cret")):
            resp, _ = self.status_for(node, basic(u, p))
            assert_equal(resp.status, 401, msg=u)
        # hearth-cli with the same credentials.
        code, out, err = node.cli("-rpcuser=rt", "-rpcpassword=" + RT_PASSWORD, "uptime")
        assert_equal(code, 0, msg=err)
        code, out, err = node.cli("-rpcuser=rt", "-rpcpassword=nope", "uptime")
        assert_equal((code, err), (1, "error: Authorization failed: Incorrect rpcuser or rpcpassword\n"))
        node._rpc = node.rpc_client("alice", "s3cret")
        node.stop()

        self.log.info("-rpccookieperms=group and =all")
        for perms, mode in (("group", 0o640), ("all", 0o644), ("owner", 0o600)):
            node.start(["-rpccookieperms=" + perms])
            assert_equal(stat.S_IMODE(os.stat(node.cookie_path).st_mode), mode)
            node.stop()

        self.log.info("-norpccookiefile: no cookie; -rpcauth still works")
        node.start(["-norpccookiefile", "-rpcauth=" + RT_AUTH], wait=False)
        node.wait_for_rpc(user="rt", password=RT_PASSWORD)
        assert_true(not os.path.exists(node.cookie_path))
        code, out, err = node.cli("uptime")
        assert_equal(code, 1)
        assert_in("Could not locate RPC credentials", err)
        node._rpc = node.rpc_client("rt", RT_PASSWORD)
        node.stop()

        self.log.info("A malformed -rpcauth stops start-up")
        for bad in ("rt", "rt:salt", "rt:salt$hash$more", "r:t:salt$hash"):
            code, err = node.run_and_fail(["-rpcauth=" + bad])
            assert_equal(code, 1, msg=bad)
            assert_in("Invalid -rpcauth argument.", err)
        assert_true(not os.path.exists(node.cookie_path))

        node.start()


if __name__ == "__main__":
    RpcAuthTest().main()
