"""A JSON-RPC client over http.client (the role of Core's authproxy.py), plus raw HTTP access for tests of
the protocol itself."""
import base64
import http.client
import json
from decimal import Decimal


class JSONRPCException(Exception):
    def __init__(self, error, http_status=None):
        self.error = error
        self.code = error.get("code") if isinstance(error, dict) else None
        self.message = error.get("message", "") if isinstance(error, dict) else str(error)
        self.http_status = http_status
        super().__init__("%s (%s)" % (self.message, self.code))


def _encode_decimal(o):
    if isinstance(o, Decimal):
        return float(o)
    raise TypeError(repr(o) + " is not JSON serializable")


class RawResponse:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    def json(self):
        return json.loads(self.body, parse_float=Decimal)


class RPCClient:
    """Calls methods as attributes: client.getblockcount(), client.echo(1, "a"), client.foo(name=value).

    One keep-alive connection; reconnects if the server closed it. Sends JSON-RPC 2.0 like bitcoin-cli."""

    def __init__(self, host, port, user=None, password=None, timeout=60, wallet=None):
        self.host = host
        self.port = port
        self.timeout = timeout
        self.path = "/" if wallet is None else "/wallet/" + wallet
        self.auth = None
        if user is not None:
            self.auth = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
        self._conn = None
        self._id = 0

    def _connection(self):
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self._conn

    def close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, method, path, body, headers=None, auth=True):
        """Sends one raw HTTP request; returns a RawResponse. `body` is bytes or str."""
        hdrs = {"Content-Type": "application/json"}
        if auth and self.auth:
            hdrs["Authorization"] = self.auth
        hdrs.update(headers or {})
        if isinstance(body, str):
            body = body.encode()
        for attempt in range(2):
            conn = self._connection()
            try:
                conn.request(method, path, body, hdrs)
                resp = conn.getresponse()
                data = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.close()
                return RawResponse(resp.status, resp.getheaders(), data.decode(errors="replace"))
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server may close an idle keep-alive connection: retry once on a fresh one.
                self.close()
                if attempt == 1:
                    raise

    def post(self, body, path=None, auth=True, headers=None):
        return self.request("POST", path or self.path, body, headers=headers, auth=auth)

    def call(self, method, *args, **kwargs):
        if args and kwargs:
            raise ValueError("positional or named parameters, not both")
        self._id += 1
        payload = {"jsonrpc": "2.0", "id": self._id, "method": method, "params": kwargs if kwargs else list(args)}
        resp = self.post(json.dumps(payload, default=_encode_decimal))
        if resp.status == 401:
            raise JSONRPCException({"code": None, "message": "HTTP 401 Unauthorized"}, 401)
        if not resp.body:
            raise JSONRPCException({"code": None, "message": "empty reply, HTTP %d" % resp.status}, resp.status)
        reply = resp.json()
        if "error" in reply and reply["error"] is not None:
            raise JSONRPCException(reply["error"], resp.status)
        return reply["result"]

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs)
