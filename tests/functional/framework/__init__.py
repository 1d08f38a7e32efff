"""Hearth's functional test framework: real hearthd processes on 127.0.0.1, driven over RPC and hearth-cli.

Python 3 standard library only (run with /usr/bin/python3). Every wait is bounded in time.
"""
