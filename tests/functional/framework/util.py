"""Assertions, bounded waiting and free ports."""
import socket
import time
from decimal import Decimal

from .rpc import JSONRPCException


class TestFailure(AssertionError):
    pass


def assert_equal(a, b, *rest, msg=""):
    if a != b or any(a != r for r in rest):
        raise TestFailure("not equal: %s %s" % (" != ".join(repr(x) for x in (a, b) + rest), msg))


def assert_true(cond, msg=""):
    if not cond:
        raise TestFailure("assertion failed: %s" % msg)


def assert_in(item, container, msg=""):
    if item not in container:
        raise TestFailure("%r not in %r %s" % (item, container, msg))


def assert_greater_than_or_equal(a, b):
    if not a >= b:
        raise TestFailure("%r < %r" % (a, b))


def assert_raises_rpc_error(code, message, fun, *args, **kwargs):
    """Calls fun and checks it raises a JSON-RPC error with `code` whose message contains `message`
    (None: any message)."""
    try:
        fun(*args, **kwargs)
    except JSONRPCException as e:
        if code is not None and e.code != code:
            raise TestFailure("unexpected error code %r (%s), expected %r" % (e.code, e.message, code))
        if message is not None and message not in e.message:
            raise TestFailure("unexpected error message %r, expected to contain %r" % (e.message, message))
        return e
    raise TestFailure("no JSON-RPC error raised")


def wait_until(predicate, *, timeout=60, interval=0.05, what="condition"):
    """Polls predicate() until it is true; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    if predicate():
        return
    raise TestFailure("timed out after %ss waiting for %s" % (timeout, what))


def free_port():
    """A TCP port free on 127.0.0.1 right now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def satoshi_round(amount):
    return Decimal(amount).quantize(Decimal("0.00000001"))
