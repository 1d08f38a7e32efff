#!/usr/bin/env python3
"""JSON-RPC over HTTP with Core's semantics (CORE-FACTS §4; Core's interface_rpc.py, interface_http.py):
1.0 and 2.0 replies, notifications (204), batches (incl. a bad element), malformed JSON (-32700), unknown
method (-32601), wrong types (-3), missing/extra parameters, named parameters, oversize body (413), wallet
endpoint without the wallet (-18), non-POST (405), unknown path (404), keep-alive."""
import http.client
import json

from framework.test_framework import HearthTestFramework
from framework.util import assert_equal, assert_in, assert_raises_rpc_error, assert_true

MAX_BODY = 0x02000000  # Core's MAX_SIZE: the RPC body limit


class RpcJsonRpcTest(HearthTestFramework):
    def set_test_params(self):
        self.num_nodes = 1

    def post(self, body, path="/"):
        resp = self.nodes[0].rpc.post(body if isinstance(body, str) else json.dumps(body), path=path)
        return resp.status, (resp.json() if resp.body else None), resp

    def run_test(self):
        node = self.nodes[0]

        self.log.info("Legacy (1.0) and 2.0 success replies")
        assert_equal(self.post({"method": "echo", "params": ["a"], "id": 1})[:2], (200, {"result": ["a"], "error": None, "id": 1}))
        assert_equal(self.post({"jsonrpc": "1.0", "method": "echo", "params": [], "id": "x"})[:2],
                     (200, {"result": [], "error": None, "id": "x"}))
        assert_equal(self.post({"jsonrpc": "2.0", "method": "echo", "params": [1], "id": 2})[:2],
                     (200, {"jsonrpc": "2.0", "result": [1], "id": 2}))
        # Key order on the wire is Core's.
        status, _, raw = self.post({"id": 1, "method": "echo"})
        assert_equal(raw.body, '{"result":[],"error":null,"id":1}\n')
        assert_equal(raw.headers["content-type"], "application/json")

        self.log.info("Errors: legacy maps to HTTP status, 2.0 stays 200")
        assert_equal(self.post({"method": "nosuch", "id": 1})[:2],
                     (404, {"result": None, "error": {"code": -32601, "message": "Method not found"}, "id": 1}))
        assert_equal(self.post({"jsonrpc": "2.0", "method": "nosuch", "id": 1})[:2],
                     (200, {"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": 1}))
        status, reply, _ = self.post({"method": "logging", "params": [["nosuch"]], "id": 1})
        assert_equal((status, reply["error"]), (500, {"code": -8, "message": "unknown logging category nosuch"}))
        status, reply, _ = self.post({"jsonrpc": "3.0", "method": "uptime", "id": 1})
        assert_equal((status, reply["error"]["code"], reply["error"]["message"]), (400, -32600, "JSON-RPC version not supported"))
        status, reply, _ = self.post({"jsonrpc": "2.0", "method": "uptime", "params": "x", "id": 1})
        assert_equal((status, reply["error"]["code"]), (400, -32600))
        status, reply, _ = self.post({"jsonrpc": "2.0", "id": 1})
        assert_equal((status, reply["error"]["message"]), (400, "Missing method"))

        self.log.info("Notifications: run, HTTP 204, no body; legacy without id is answered")
        status, reply, raw = self.post({"jsonrpc": "2.0", "method": "logging", "params": [["rpc"]]})
        assert_equal((status, raw.body), (204, ""))
        assert_equal(node.logging()["rpc"], True)  # it did run
        status, reply, _ = self.post({"method": "echo", "params": ["n"]})
        assert_equal((status, reply), (200, {"result": ["n"], "error": None}))

        self.log.info("Malformed JSON: HTTP 500, -32700")
        status, reply, _ = self.post('{"method": "uptime", ')
        assert_equal((status, reply), (500, {"result": None, "error": {"code": -32700, "message": "Parse error"}}))
        status, reply, _ = self.post("123")
        assert_equal((status, reply["error"]), (500, {"code": -32700, "message": "Top-level object parse error"}))

        self.log.info("Batches: always 200, one reply per non-notification, bad element answered in place")
        batch = [{"jsonrpc": "2.0", "method": "echo", "params": ["b"], "id": 1},
                 {"jsonrpc": "2.0", "method": "nosuch", "id": 2},
                 "not an object",
                 {"jsonrpc": "2.0", "method": "uptime"},
                 {"method": "echo", "id": 5}]
        status, reply, _ = self.post(batch)
        assert_equal(status, 200)
        assert_equal(reply, [{"jsonrpc": "2.0", "result": ["b"], "id": 1},
                             {"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": 2},
                             {"result": None, "error": {"code": -32600, "message": "Invalid Request object"}},
                             {"result": [], "error": None, "id": 5}])
        assert_equal(self.post([])[:2], (200, []))
        status, reply, raw = self.post([{"jsonrpc": "2.0", "method": "uptime"}, {"jsonrpc": "2.0", "method": "uptime"}])
        assert_equal((status, raw.body), (204, ""))

        self.log.info("Wrong types (-3), missing/extra parameters (-1 with help), named parameters")
        e = assert_raises_rpc_error(-3, "Wrong type passed:", node.help, 5)
        assert_in('"Position 1 (command)": "JSON value of type number is not of expected type string"', e.message)
        assert_raises_rpc_error(-3, "JSON value of type string is not of expected type array", node.logging, "net")
        e = assert_raises_rpc_error(-1, None, node.uptime, 1)
        assert_true(e.message.startswith("uptime\n\nReturns the total uptime of the server."), e.message)
        assert_raises_rpc_error(-1, "help ( \"command\" )", node.help, "a", "b")
        assert_equal(node.call("logging", exclude=["rpc"])["rpc"], False)
        assert_equal(node.call("echo", arg2="z"), [None, None, "z"])
        assert_raises_rpc_error(-8, "Unknown named parameter nosuch", node.call, "help", nosuch=1)
        assert_raises_rpc_error(-8, "Parameter arg0 specified twice both as positional and named argument",
                                node.call, "echo", args=["a"], arg0="b")
        assert_equal(node.call("echo", args=["a"], arg2="c"), ["a", None, "c"])
        # Exact numbers round-trip (amounts are decimals with 8 places).
        status, reply, raw = self.post('{"jsonrpc":"2.0","id":1,"method":"echo","params":[0.00001000,1e3,-0]}')
        assert_equal(raw.body, '{"jsonrpc":"2.0","result":[0.00001000,1e3,0],"id":1}\n')

        self.log.info("help, help <method>, unknown command, hidden test methods")
        assert_true("== Control ==\n" in node.help())
        assert_true("echo" not in node.help())
        assert_equal(node.help("nosuch"), "help: unknown command: nosuch")
        assert_true(node.help("getrpcinfo").startswith("getrpcinfo\n\nReturns details of the RPC server."))
        assert_raises_rpc_error(-1, "Internal bug detected", node.echo, 0, 1, 2, 3, 4, 5, 6, 7, 8, "trigger_internal_bug")

        self.log.info("getrpcinfo and uptime")
        info = node.getrpcinfo()
        assert_equal(info["active_commands"], [{"method": "getrpcinfo", "duration": info["active_commands"][0]["duration"]}])
        assert_equal(info["logpath"], node.debug_log_path)
        assert_true(isinstance(node.uptime(), int))

        self.log.info("Wallet endpoint without the wallet: -18")
        status, reply, _ = self.post({"method": "uptime", "id": 1}, path="/wallet/nosuchwallet")
        assert_equal((status, reply["error"]), (500, {"code": -18, "message": "Requested wallet does not exist or is not loaded"}))
        assert_raises_rpc_error(-18, "Requested wallet does not exist or is not loaded", node.rpc_client(wallet="w%20x").uptime)

        self.log.info("Non-POST (405), unknown path (404)")
        for method in ("GET", "PUT", "HEAD"):
            resp = node.rpc.request(method, "/", "")
            assert_equal(resp.status, 405, msg=method)
        assert_equal(node.rpc.request("GET", "/", "").body, "JSONRPC server handles only POST requests")
        assert_equal(node.rpc.post('{"method":"uptime","id":1}', path="/rest/chaininfo.json").status, 404)
        assert_equal(node.rpc.post('{"method":"uptime","id":1}', path="/walletx").status, 404)

        self.log.info("Oversize body: 413, and the server keeps serving")
        conn = http.client.HTTPConnection("127.0.0.1", node.rpc_port, timeout=60)
        body = b'{"method":"echo","params":["' + b"a" * MAX_BODY + b'"]}'
        user, password = node.read_cookie()
        import base64
        auth = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
        try:
            conn.request("POST", "/", body, {"Authorization": auth})
            status = conn.getresponse().status
        except (BrokenPipeError, ConnectionResetError):
            status = None  # the server may close before all of 32 MiB is sent; then nothing to read
        finally:
            conn.close()
        assert_equal(status, 413)
        # Just under the limit is fine.
        small = '{"method":"echo","params":["' + "a" * (1024 * 1024) + '"],"id":1}'
        assert_equal(node.rpc.post(small).status, 200)

        self.log.info("Keep-alive: many requests on one connection")
        conn = http.client.HTTPConnection("127.0.0.1", node.rpc_port, timeout=60)
        for i in range(20):
            conn.request("POST", "/", json.dumps({"jsonrpc": "2.0", "method": "echo", "params": [i], "id": i}),
                         {"Authorization": auth})
            resp = conn.getresponse()
            assert_equal(json.loads(resp.read())["result"], [i])
            assert_equal(resp.getheader("Connection", "keep-alive").lower(), "keep-alive")
        sock_before = conn.sock
        conn.request("POST", "/", '{"method":"uptime","id":1}', {"Authorization": auth})
        conn.getresponse().read()
        assert_true(conn.sock is sock_before, "same socket reused")
        conn.close()
        # HTTP/1.0 without keep-alive gets its answer and a closed connection.
        http.client.HTTPConnection._http_vsn = 10
        http.client.HTTPConnection._http_vsn_str = "HTTP/1.0"
        try:
            conn = http.client.HTTPConnection("127.0.0.1", node.rpc_port, timeout=60)
            conn.request("POST", "/", '{"method":"uptime","id":1}', {"Authorization": auth})
            resp = conn.getresponse()
            assert_equal(resp.status, 200)
            resp.read()
            assert_true(resp.will_close, "HTTP/1.0 connection closed after the reply")
            conn.close()
        finally:
            http.client.HTTPConnection._http_vsn = 11
            http.client.HTTPConnection._http_vsn_str = "HTTP/1.1"


if __name__ == "__main__":
    RpcJsonRpcTest().main()
