#!/usr/bin/env python3
"""Macro benchmark of the daemon (issues 4 and 5): `hearthd -loadblock=<file> -stopafterblockimport` on a fresh
regtest data directory, with default settings unless told otherwise.

Phase 1 (import alone): wall time, the import's own time from debug.log, blocks/s and inputs/s, peak RSS of the
process (the VmHWM hearthd logs at shutdown: the whole process, LevelDB and allocator slack included; not
wait4's ru_maxrss, which also counts this Python process's memory at the fork before the exec), LevelDB bytes on disk
(blocks/index and chainstate) and blk/rev bytes.
Phase 2 (issue 5): the same import while one client calls getblockcount over a keep-alive connection as fast as
it can: latency p50/p99/max over the import, and how much the probing slowed the import.

--generate-utxo-chain writes (and imports) a chain whose 400 coinbases pay 4,000 OP_TRUE outputs each (1.6M
coins, 24 MB, ~30 s of Python): enough coins to fill the default coins cache, so the peak RSS it reports is
the worst case of the default settings rather than of a small UTXO set.

Not run by ctest (figures, not assertions). Example:
  /usr/bin/python3 tests/bench/node_import.py --bindir build/release/bin \
      --file ../shared/vectors/regtest-core-chain.dat --file build/release/tests/bench/chain_import_cache/chain-v2.dat \
      --generate-utxo-chain /tmp/utxo-chain.dat
"""
import argparse
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "functional"))
from framework.rpc import JSONRPCException, RPCClient  # noqa: E402

REGTEST_MAGIC = bytes.fromhex("fabfb5da")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def compact_size(data, pos):
    n = data[pos]
    if n < 253:
        return n, pos + 1
    width = {253: 2, 254: 4, 255: 8}[n]
    return int.from_bytes(data[pos + 1:pos + 1 + width], "little"), pos + 1 + width


def count_file(path):
    """(blocks, transactions, inputs excluding coinbases) of a block file, by a quick walk of the bytes."""
    with open(path, "rb") as f:
        data = f.read()
    blocks = txs = inputs = 0
    pos = 0
    while pos + 8 <= len(data):
        if data[pos:pos + 4] != REGTEST_MAGIC:
            pos += 1
            continue
        size = struct.unpack_from("<I", data, pos + 4)[0]
        p = pos + 8 + 80
        n_tx, p = compact_size(data, p)
        blocks += 1
        txs += n_tx
        for t in range(n_tx):
            p += 4
            n_in, p = compact_size(data, p)
            witness = n_in == 0
            if witness:
                p += 1
                n_in, p = compact_size(data, p)
            if t > 0:
                inputs += n_in
            for _ in range(n_in):
                p += 36
                script_len, p = compact_size(data, p)
                p += script_len + 4
            n_out, p = compact_size(data, p)
            for _ in range(n_out):
                p += 8
                script_len, p = compact_size(data, p)
                p += script_len
            if witness:
                for _ in range(n_in):
                    items, p = compact_size(data, p)
                    for _ in range(items):
                        item_len, p = compact_size(data, p)
                        p += item_len
            p += 4
        pos += 8 + size
    return blocks, txs, inputs


def dir_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    return total


def run_import(bindir, block_file, extra_args, probe):
    datadir = tempfile.mkdtemp(prefix="hearth_bench_")
    rpc_port = free_port()
    args = [os.path.join(bindir, "hearthd"), "-regtest", "-datadir=" + datadir, "-rpcport=%d" % rpc_port,
            "-port=%d" % free_port(), "-listen=0", "-connect=0", "-dnsseed=0", "-printtoconsole=0",
            "-loadblock=" + block_file, "-stopafterblockimport"] + extra_args
    start = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    latencies = []
    errors = []
    if probe:
        cookie = os.path.join(datadir, "regtest", ".cookie")

        def prober():
            client = None
            while proc.poll() is None:
                try:
                    if client is None:
                        if not os.path.exists(cookie):
                            time.sleep(0.01)
                            continue
                        user, _, password = open(cookie).read().partition(":")
                        client = RPCClient("127.0.0.1", rpc_port, user, password, timeout=30)
                    t0 = time.perf_counter()
                    client.getblockcount()
                    latencies.append((time.perf_counter() - t0, time.monotonic() - start))
                except JSONRPCException as e:
                    if e.code != -28:
                        errors.append(str(e))
                    time.sleep(0.005)
                except (OSError, ConnectionError, ValueError):
                    client = None  # shutting down (a cut-off reply), or not listening yet
                    time.sleep(0.005)

        thread = threading.Thread(target=prober)
        thread.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if probe:
        thread.join()
    netdir = os.path.join(datadir, "regtest")
    with open(os.path.join(netdir, "debug.log"), errors="replace") as f:
        log = f.read()
    m = re.search(r"Loaded (\d+) blocks from external file in (\d+)ms", log)
    if proc.returncode != 0 or not m:
        shutil.rmtree(datadir, ignore_errors=True)
        raise RuntimeError("hearthd failed (code %s): %s\n%s" % (proc.returncode, stderr, log[-2000:]))
    hwm = re.search(r"Peak memory use \(VmHWM\): (\d+) KiB", log)
    peak_kib = int(hwm.group(1)) if hwm else usage.ru_maxrss
    blocks_dir = os.path.join(netdir, "blocks")
    result = {
        "wall_s": wall,
        "import_s": int(m.group(2)) / 1000.0,
        "blocks_loaded": int(m.group(1)),
        "peak_rss_mib": peak_kib / 1024.0,
        "index_db_bytes": dir_bytes(os.path.join(blocks_dir, "index")),
        "chainstate_db_bytes": dir_bytes(os.path.join(netdir, "chainstate")),
        "blk_bytes": sum(os.path.getsize(os.path.join(blocks_dir, f)) for f in os.listdir(blocks_dir) if f.startswith("blk")),
        "rev_bytes": sum(os.path.getsize(os.path.join(blocks_dir, f)) for f in os.listdir(blocks_dir) if f.startswith("rev")),
        "latencies": latencies,
        "probe_errors": errors,
    }
    shutil.rmtree(datadir, ignore_errors=True)
    return result


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bindir", required=True)
    parser.add_argument("--file", action="append", default=[], help="regtest block file (repeatable)")
    parser.add_argument("--generate-utxo-chain", metavar="PATH", help="write the 1.6M-coin chain here and import it too")
    parser.add_argument("--arg", action="append", default=[], help="extra hearthd argument, e.g. --arg=-dbcache=450")
    parser.add_argument("--no-latency", action="store_true", help="skip phase 2")
    opts = parser.parse_args()
    if opts.generate_utxo_chain:
        from framework.blocktools import ChainGenerator, write_block_file
        if not os.path.exists(opts.generate_utxo_chain):
            genesis = bytes.fromhex("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206")[::-1]
            gen = ChainGenerator(genesis, 0, 1296688602)
            write_block_file(opts.generate_utxo_chain,
                             [gen.next_block(coinbase_outputs=4000, spend_inputs=500, tx_outputs=500) for _ in range(400)])
        opts.file.append(opts.generate_utxo_chain)
    for block_file in opts.file:
        blocks, txs, inputs = count_file(block_file)
        print("== %s: %d blocks, %d transactions, %d inputs; hearthd %s" %
              (block_file, blocks, txs, inputs, " ".join(opts.arg) or "(default settings)"))
        r = run_import(opts.bindir, block_file, opts.arg, probe=False)
        print("import alone: %.2f s import (%.2f s wall incl. start/flush/stop), %.1f blocks/s, %.0f inputs/s" %
              (r["import_s"], r["wall_s"], r["blocks_loaded"] / r["import_s"], inputs / r["import_s"]))
        print("  peak RSS %.1f MiB; LevelDB on disk: chainstate %.2f MiB, block index %.2f MiB; blk %.2f MiB, rev %.2f MiB" %
              (r["peak_rss_mib"], r["chainstate_db_bytes"] / 2**20, r["index_db_bytes"] / 2**20,
               r["blk_bytes"] / 2**20, r["rev_bytes"] / 2**20))
        if opts.no_latency:
            continue
        p = run_import(opts.bindir, block_file, opts.arg, probe=True)
        lat = [x[0] * 1000 for x in p["latencies"]]
        if not lat:
            print("  no getblockcount answered during the import: %s" % p["probe_errors"][:3])
            continue
        slowest = max(p["latencies"])
        print("import with getblockcount probing: %.2f s import (%+.0f%%); %d calls, p50 %.2f ms, p99 %.2f ms, "
              "max %.2f ms (%.2f s after start, of %.2f s)%s" %
              (p["import_s"], (p["import_s"] / r["import_s"] - 1) * 100, len(lat), percentile(lat, 50),
               percentile(lat, 99), max(lat), slowest[1], p["wall_s"],
               ("; errors: %s" % p["probe_errors"][:3]) if p["probe_errors"] else ""))


if __name__ == "__main__":
    main()
