#!/usr/bin/env python3
"""hearth-tx, the offline transaction tool: `decode` against Core's decoderawtransaction output and an
independent Python parser, `verify` against Core's script vectors (taproot script assets, tx_valid,
tx_invalid) and malformed input. Needs only the hearth-tx binary and ../shared/vectors; no node.

Usage: tool_hearth_tx.py --bindir <build>/bin [--vectors <dir>]
"""
import argparse
import decimal
import hashlib
import json
import os
import re
import subprocess
import sys
import time

# ------------------------------------------------------------------------------------------ helpers


class TestFailure(Exception):
    pass


def assert_equal(a, b, msg=""):
    if a != b:
        raise TestFailure("%r != %r %s" % (a, b, msg))


def assert_true(cond, msg=""):
    if not cond:
        raise TestFailure("assertion failed: %s" % msg)


def log(msg):
    print("tool_hearth_tx: " + msg, flush=True)


class Tool:
    def __init__(self, path):
        self.path = path

    def run(self, *args, stdin=None):
        proc = subprocess.run([self.path, *args], input=stdin, capture_output=True, text=True, timeout=300)
        return proc.returncode, proc.stdout, proc.stderr

    def verify(self, lines):
        code, out, err = self.run("verify", stdin="".join(line + "\n" for line in lines))
        return code, [json.loads(line) for line in out.splitlines()], err


# ------------------------------------------------------------------------------------------ transactions
# A small independent reader/writer of Bitcoin's transaction format (BIP144), to build spends and check
# what hearth-tx prints.

def read_compact(b, pos):
    n = b[pos]
    if n < 0xfd:
        return n, pos + 1
    size = {0xfd: 2, 0xfe: 4, 0xff: 8}[n]
    return int.from_bytes(b[pos + 1:pos + 1 + size], "little"), pos + 1 + size


def compact(n):
    if n < 0xfd:
        return bytes([n])
    if n <= 0xffff:
        return b"\xfd" + n.to_bytes(2, "little")
    if n <= 0xffffffff:
        return b"\xfe" + n.to_bytes(4, "little")
    return b"\xff" + n.to_bytes(8, "little")


def parse_tx(b):
    """Returns a dict; accepts the witness format when the marker and flag are present."""
    pos = 0
    tx = {"version": int.from_bytes(b[0:4], "little"), "vin": [], "vout": []}
    pos = 4
    segwit = b[pos] == 0 and b[pos + 1] == 1
    if segwit:
        pos += 2
    n, pos = read_compact(b, pos)
    for _ in range(n):
        txid = b[pos:pos + 32][::-1].hex()
        vout = int.from_bytes(b[pos + 32:pos + 36], "little")
        pos += 36
        length, pos = read_compact(b, pos)
        script_sig = b[pos:pos + length]
        pos += length
        sequence = int.from_bytes(b[pos:pos + 4], "little")
        pos += 4
        tx["vin"].append({"txid": txid, "vout": vout, "scriptSig": script_sig, "sequence": sequence, "witness": []})
    n, pos = read_compact(b, pos)
    for _ in range(n):
        value = int.from_bytes(b[pos:pos + 8], "little", signed=True)
        pos += 8
        length, pos = read_compact(b, pos)
        tx["vout"].append({"value": value, "script": b[pos:pos + length]})
        pos += length
    if segwit:
        for vin in tx["vin"]:
            items, pos = read_compact(b, pos)
            for _ in range(items):
                length, pos = read_compact(b, pos)
                vin["witness"].append(b[pos:pos + length])
                pos += length
    tx["locktime"] = int.from_bytes(b[pos:pos + 4], "little")
    pos += 4
    assert pos == len(b), "trailing bytes"
    return tx


def serialize_tx(tx, with_witness=True):
    segwit = with_witness and any(vin["witness"] for vin in tx["vin"])
    out = tx["version"].to_bytes(4, "little")
    if segwit:
        out += b"\x00\x01"
    out += compact(len(tx["vin"]))
    for vin in tx["vin"]:
        out += bytes.fromhex(vin["txid"])[::-1] + vin["vout"].to_bytes(4, "little")
        out += compact(len(vin["scriptSig"])) + vin["scriptSig"] + vin["sequence"].to_bytes(4, "little")
    out += compact(len(tx["vout"]))
    for vout in tx["vout"]:
        out += vout["value"].to_bytes(8, "little", signed=True) + compact(len(vout["script"])) + vout["script"]
    if segwit:
        for vin in tx["vin"]:
            out += compact(len(vin["witness"]))
            for item in vin["witness"]:
                out += compact(len(item)) + item
    out += tx["locktime"].to_bytes(4, "little")
    return out


def dsha256_hex(b):
    return hashlib.sha256(hashlib.sha256(b).digest()).digest()[::-1].hex()


def txout_hex(value, script):
    return (value.to_bytes(8, "little", signed=True) + compact(len(script)) + script).hex()


# Core's test assembly (core_read.cpp ParseScript), as tx_valid.json/tx_invalid.json write prevout scripts.
OPCODE_NAMES = (
    "NOP VER IF NOTIF VERIF VERNOTIF ELSE ENDIF VERIFY RETURN TOALTSTACK FROMALTSTACK 2DROP 2DUP 3DUP 2OVER 2ROT "
    "2SWAP IFDUP DEPTH DROP DUP NIP OVER PICK ROLL ROT SWAP TUCK CAT SUBSTR LEFT RIGHT SIZE INVERT AND OR XOR EQUAL "
    "EQUALVERIFY RESERVED1 RESERVED2 1ADD 1SUB 2MUL 2DIV NEGATE ABS NOT 0NOTEQUAL ADD SUB MUL DIV MOD LSHIFT RSHIFT "
    "BOOLAND BOOLOR NUMEQUAL NUMEQUALVERIFY NUMNOTEQUAL LESSTHAN GREATERTHAN LESSTHANOREQUAL GREATERTHANOREQUAL MIN "
    "MAX WITHIN RIPEMD160 SHA1 SHA256 HASH160 HASH256 CODESEPARATOR CHECKSIG CHECKSIGVERIFY CHECKMULTISIG "
    "CHECKMULTISIGVERIFY NOP1 CHECKLOCKTIMEVERIFY CHECKSEQUENCEVERIFY NOP4 NOP5 NOP6 NOP7 NOP8 NOP9 NOP10").split()
assert len(OPCODE_NAMES) == 0xb9 - 0x61 + 1
OPCODES = {name: 0x61 + i for i, name in enumerate(OPCODE_NAMES)}
OPCODES.update({"RESERVED": 0x50, "NOP2": 0xb1, "NOP3": 0xb2, "CHECKSIGADD": 0xba})


def push(data):
    if len(data) < 0x4c:
        return bytes([len(data)]) + data
    if len(data) <= 0xff:
        return b"\x4c" + bytes([len(data)]) + data
    if len(data) <= 0xffff:
        return b"\x4d" + len(data).to_bytes(2, "little") + data
    return b"\x4e" + len(data).to_bytes(4, "little") + data


def script_num(n):
    if n == 0:
        return b""
    neg, n = n < 0, abs(n)
    out = bytearray()
    while n:
        out.append(n & 0xff)
        n >>= 8
    if out[-1] & 0x80:
        out.append(0x80 if neg else 0)
    elif neg:
        out[-1] |= 0x80
    return bytes(out)


def parse_script(text):
    out = b""
    for word in text.split():
        if re.fullmatch(r"-?\d+", word):
            n = int(word)
            if n == 0:
                out += b"\x00"
            elif n == -1 or 1 <= n <= 16:
                out += bytes([0x50 + n])
            else:
                out += push(script_num(n))
        elif word.startswith("0x") and len(word) > 2:
            out += bytes.fromhex(word[2:])
        elif len(word) >= 2 and word[0] == "'" and word[-1] == "'":
            out += push(word[1:-1].encode())
        else:
            name = word[3:] if word.startswith("OP_") else word
            if name not in OPCODES:
                raise ValueError("unknown opcode " + word)
            out += bytes([OPCODES[name]])
    return out


ALL_FLAGS = ["P2SH", "STRICTENC", "DERSIG", "LOW_S", "NULLDUMMY", "SIGPUSHONLY", "MINIMALDATA",
             "DISCOURAGE_UPGRADABLE_NOPS", "CLEANSTACK", "CHECKLOCKTIMEVERIFY", "CHECKSEQUENCEVERIFY", "WITNESS",
             "DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM", "MINIMALIF", "NULLFAIL", "WITNESS_PUBKEYTYPE",
             "CONST_SCRIPTCODE", "TAPROOT", "DISCOURAGE_UPGRADABLE_TAPROOT_VERSION", "DISCOURAGE_OP_SUCCESS",
             "DISCOURAGE_UPGRADABLE_PUBKEYTYPE"]


def flag_set(text):
    return set() if text in ("", "NONE") else set(text.split(","))


def vector_rows(path):
    """Core's tx_valid/tx_invalid rows: [[prevouts...], tx_hex, flags]; one-string rows are comments."""
    with open(path) as f:
        rows = json.load(f)
    return [r for r in rows if not (len(r) == 1 and isinstance(r[0], str))]


def spend_line(row):
    """A verify line for every input of a tx_valid/tx_invalid row, or None if a prevout is missing."""
    prevouts = {}
    for p in row[0]:
        txid, n, script = p[0], p[1], p[2]
        amount = p[3] if len(p) > 3 else 0
        prevouts[(txid, n & 0xffffffff)] = txout_hex(amount, parse_script(script))
    tx = parse_tx(bytes.fromhex(row[1]))
    spent = []
    for vin in tx["vin"]:
        key = (vin["txid"], vin["vout"])
        if key not in prevouts:
            return None, tx
        spent.append(prevouts[key])
    return {"tx": row[1], "prevouts": spent}, tx


# ------------------------------------------------------------------------------------------ the tests

# Core's decoderawtransaction of the first bitcoin payment (block 170), as bitcoin-cli prints it.
F4184F_HEX = (
    "0100000001c997a5e56e104102fa209c6a852dd90660a20b2d9c352423edce25857fcd3704000000004847304402204e45e16932b8af51496"
    "1a1d3a1a25fdf3f4f7732e9d624c6c61548ab5fb8cd410220181522ec8eca07de4860a4acdd12909d831cc56cbbac4622082221a8768d1d09"
    "01ffffffff0200ca9a3b00000000434104ae1a62fe09c5f51b13905f07f06b99a2f7159b2225f374cd378d71302fa28414e7aab37397f554a"
    "7df5f142c21c1b7303b8a0626f1baded5c72a704f7e6cd84cac00286bee0000000043410411db93e1dcdb8a016b49840f8c53bc1eb68a382e"
    "97b1482ecad7b148a6909a5cb2e0eaddfb84ccf9744464f82e160bfa9b8b64f9d4c03f999b8643f656b412a3ac00000000")
F4184F_CORE_OUTPUT = """{
  "txid": "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16",
  "hash": "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16",
  "version": 1,
  "size": 275,
  "vsize": 275,
  "weight": 1100,
  "locktime": 0,
  "vin": [
    {
      "txid": "0437cd7f8525ceed2324359c2d0ba26006d92d856a9c20fa0241106ee5a597c9",
      "vout": 0,
      "scriptSig": {
        "asm": "304402204e45e16932b8af514961a1d3a1a25fdf3f4f7732e9d624c6c61548ab5fb8cd410220181522ec8eca07de4860a4acdd12909d831cc56cbbac4622082221a8768d1d09[ALL]",
        "hex": "47304402204e45e16932b8af514961a1d3a1a25fdf3f4f7732e9d624c6c61548ab5fb8cd410220181522ec8eca07de4860a4acdd12909d831cc56cbbac4622082221a8768d1d0901"
      },
      "sequence": 4294967295
    }
  ],
  "vout": [
    {
      "value": 10.00000000,
      "n": 0,
      "scriptPubKey": {
        "asm": "04ae1a62fe09c5f51b13905f07f06b99a2f7159b2225f374cd378d71302fa28414e7aab37397f554a7df5f142c21c1b7303b8a0626f1baded5c72a704f7e6cd84c OP_CHECKSIG",
        "desc": "pk(04ae1a62fe09c5f51b13905f07f06b99a2f7159b2225f374cd378d71302fa28414e7aab37397f554a7df5f142c21c1b7303b8a0626f1baded5c72a704f7e6cd84c)#hsw9ejus",
        "hex": "4104ae1a62fe09c5f51b13905f07f06b99a2f7159b2225f374cd378d71302fa28414e7aab37397f554a7df5f142c21c1b7303b8a0626f1baded5c72a704f7e6cd84cac",
        "type": "pubkey"
      }
    },
    {
      "value": 40.00000000,
      "n": 1,
      "scriptPubKey": {
        "asm": "0411db93e1dcdb8a016b49840f8c53bc1eb68a382e97b1482ecad7b148a6909a5cb2e0eaddfb84ccf9744464f82e160bfa9b8b64f9d4c03f999b8643f656b412a3 OP_CHECKSIG",
        "desc": "pk(0411db93e1dcdb8a016b49840f8c53bc1eb68a382e97b1482ecad7b148a6909a5cb2e0eaddfb84ccf9744464f82e160bfa9b8b64f9d4c03f999b8643f656b412a3)#u7qfa49l",
        "hex": "410411db93e1dcdb8a016b49840f8c53bc1eb68a382e97b1482ecad7b148a6909a5cb2e0eaddfb84ccf9744464f82e160bfa9b8b64f9d4c03f999b8643f656b412a3ac",
        "type": "pubkey"
      }
    }
  ]
}
"""

# A P2WPKH spend (mainnet 73b1ad97…).
SEGWIT_HEX = (
    "0200000000010196c01b379918ef6ec6420ea153fafe808a085367a9ef4ea7ad13164bb6ebcbbc000000000000000000020f7904000000000016"
    "0014aafd7386f99f4b508ec05ee8f7edc2e07126620a2621010000000000160014a3de0fbba89c17d43093164ea955bad65bc260bf0247304402"
    "204a5bdf8a8d19b0a19044b0c0de3ced92b92e8d0c629ffca83178c85a608f719e02203841d40dd92db48715f9f41a732e139ac3cc7696a23a"
    "dc87136bd8037a594e9f012102824a5e7b878f8d63887bdcb1b0982cdb0b375068b3798c4c96799476a19a389e00000000")


def test_usage(tool):
    log("--help, --version and argument errors")
    code, out, err = tool.run("--help")
    assert_equal((code, err), (0, ""))
    assert_true(out.startswith("Usage:\n  hearth-tx decode") and "Exit status" in out, out)
    code, out, _ = tool.run("--version")
    assert_equal(code, 0)
    assert_true(re.fullmatch(r"hearth-tx \d+\.\d+\.\d+\n", out), out)
    code, out, err = tool.run()
    assert_equal((code, out), (1, ""))
    assert_true(err.startswith("Usage:"), err)
    assert_equal(tool.run("frobnicate"), (1, "", "error: unknown command frobnicate (see hearth-tx --help)\n"))
    assert_equal(tool.run("decode", "-nosuch", F4184F_HEX),
                 (1, "", "error: unknown option -nosuch (see hearth-tx --help)\n"))
    assert_equal(tool.run("decode")[0], 1)
    assert_equal(tool.run("verify", "extra")[0], 1)


def test_decode_matches_core(tool):
    log("decode prints Core's decoderawtransaction output byte for byte")
    assert_equal(tool.run("decode", F4184F_HEX), (0, F4184F_CORE_OUTPUT, ""))
    # From standard input, with surrounding whitespace.
    assert_equal(tool.run("decode", "-", stdin="\n  " + F4184F_HEX + "\n"), (0, F4184F_CORE_OUTPUT, ""))


def test_decode_errors(tool):
    log("undecodable input: Core's \"TX decode failed\", exit status 1")
    for bad in ["zz", "0", F4184F_HEX + "00", F4184F_HEX[:-2], F4184F_HEX[:100]]:
        assert_equal(tool.run("decode", bad), (1, "", "error: TX decode failed\n"), bad[:20])
    assert_equal(tool.run("decode", "-", stdin=""), (1, "", "error: TX decode failed\n"))
    assert_equal(tool.run("decode", "-", stdin="01 00"), (1, "", "error: TX decode failed\n"))


def test_decode_networks(tool):
    log("addresses and descriptors follow the chain option")
    outputs = {}
    for option in [None, "-regtest", "-testnet", "-testnet4", "-signet", "-chain=main", "-chain=regtest"]:
        args = ["decode"] + ([option] if option else []) + [SEGWIT_HEX]
        code, out, err = tool.run(*args)
        assert_equal((code, err), (0, ""), option)
        outputs[option] = json.loads(out)["vout"][0]["scriptPubKey"]
    assert_equal(outputs[None]["address"], "bc1q4t7h8phena94prkqtm500mwzupcjvcs2akcdy9")
    assert_equal(outputs[None]["desc"], "addr(bc1q4t7h8phena94prkqtm500mwzupcjvcs2akcdy9)#qmxeweuu")
    assert_equal(outputs["-chain=main"], outputs[None])
    assert_equal(outputs["-chain=regtest"], outputs["-regtest"])
    assert_true(outputs["-regtest"]["address"].startswith("bcrt1q"), outputs["-regtest"])
    for option in ["-testnet", "-testnet4", "-signet"]:
        assert_true(outputs[option]["address"].startswith("tb1q"), outputs[option])
    assert_equal(tool.run("decode", "-regtest", "-signet", SEGWIT_HEX),
                 (1, "", "error: Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. "
                         "Can use at most one.\n"))
    assert_equal(tool.run("decode", "-chain=nosuch", SEGWIT_HEX), (1, "", "error: Unknown chain nosuch.\n"))


def check_decoded(decoded, raw, label):
    """Compares hearth-tx's JSON with what the Python parser sees in the same bytes."""
    tx = parse_tx(raw)
    stripped = serialize_tx(tx, with_witness=False)
    assert_equal(serialize_tx(tx), raw, label + ": python round trip")
    assert_equal(decoded["txid"], dsha256_hex(stripped), label)
    assert_equal(decoded["hash"], dsha256_hex(raw), label)
    assert_equal(decoded["version"], tx["version"], label)
    assert_equal(decoded["locktime"], tx["locktime"], label)
    assert_equal(decoded["size"], len(raw), label)
    weight = 3 * len(stripped) + len(raw)
    assert_equal((decoded["weight"], decoded["vsize"]), (weight, (weight + 3) // 4), label)
    assert_equal(len(decoded["vin"]), len(tx["vin"]), label)
    coinbase = len(tx["vin"]) == 1 and tx["vin"][0]["txid"] == "00" * 32 and tx["vin"][0]["vout"] == 0xffffffff
    for got, want in zip(decoded["vin"], tx["vin"]):
        if coinbase:
            assert_equal(got["coinbase"], want["scriptSig"].hex(), label)
        else:
            assert_equal((got["txid"], got["vout"], got["scriptSig"]["hex"]),
                         (want["txid"], want["vout"], want["scriptSig"].hex()), label)
        assert_equal(got["sequence"], want["sequence"], label)
        assert_equal(got.get("txinwitness", []), [w.hex() for w in want["witness"]], label)
    assert_equal(len(decoded["vout"]), len(tx["vout"]), label)
    for n, (got, want) in enumerate(zip(decoded["vout"], tx["vout"])):
        assert_equal(got["n"], n, label)
        assert_equal(got["value"], decimal.Decimal(want["value"]) / 100000000, label)
        assert_equal(got["scriptPubKey"]["hex"], want["script"].hex(), label)
        assert_true(re.fullmatch(r".+#[a-z0-9]{8}", got["scriptPubKey"]["desc"]), got["scriptPubKey"]["desc"])


def test_decode_vectors(tool, vectors):
    log("decode every tx_valid.json transaction and compare with an independent parser")
    rows = vector_rows(os.path.join(vectors, "tx_valid.json"))
    for i, row in enumerate(rows):
        code, out, err = tool.run("decode", row[1])
        assert_equal((code, err), (0, ""), "tx_valid row %d" % i)
        # Amounts must stay exact: parse numbers as Decimal, and check the 8-decimal text form.
        decoded = json.loads(out, parse_float=decimal.Decimal)
        check_decoded(decoded, bytes.fromhex(row[1]), "tx_valid row %d" % i)
        values = re.findall(r'"value": ([^,]+),', out)
        assert_equal(len(values), len(decoded["vout"]), "tx_valid row %d" % i)
        for value in values:
            assert_true(re.fullmatch(r"-?\d+\.\d{8}", value), value)  # Core's 8 decimals, never 1e-08 or 0.1
    log("  %d transactions" % len(rows))


def test_decode_megatx(tool, vectors):
    log("decode megatx.bin (5,569 inputs, ~1 MB) from standard input")
    with open(os.path.join(vectors, "megatx.bin"), "rb") as f:
        raw = f.read()
    start = time.monotonic()
    code, out, err = tool.run("decode", "-", stdin=raw.hex())
    elapsed = time.monotonic() - start
    assert_equal((code, err), (0, ""))
    decoded = json.loads(out, parse_float=decimal.Decimal)
    assert_equal(decoded["txid"], "bb41a757f405890fb0f5856228e23b715702d714d59bf2b1feb70d8b2b4e3e08")
    assert_equal((len(decoded["vin"]), len(decoded["vout"]), decoded["size"]), (5569, 1, 999657))
    check_decoded(decoded, raw, "megatx")
    log("  decode of megatx.bin took %.2f s (process start, hex parse, JSON, %d bytes of output)" % (elapsed, len(out)))


def test_verify_taproot_assets(tool, vectors):
    log("verify Core's taproot script assets: every success passes, every failure fails")
    lines, expected = [], []
    with open(os.path.join(vectors, "taproot_script_assets.jsonl")) as f:
        for text in f:
            case = json.loads(text)
            tx = parse_tx(bytes.fromhex(case["tx"]))
            for outcome in ("success", "failure"):
                if outcome not in case:
                    continue
                vin = tx["vin"][case["index"]]
                vin["scriptSig"] = bytes.fromhex(case[outcome]["scriptSig"])
                vin["witness"] = [bytes.fromhex(w) for w in case[outcome]["witness"]]
                lines.append(json.dumps({"tx": serialize_tx(tx).hex(), "prevouts": case["prevouts"],
                                         "index": case["index"], "flags": case["flags"]}))
                expected.append((case["index"], outcome == "success", case["comment"]))
    start = time.monotonic()
    code, results, err = tool.verify(lines)
    elapsed = time.monotonic() - start
    assert_equal((code, err), (0, ""))
    assert_equal(len(results), len(lines))
    for result, (index, ok, comment) in zip(results, expected):
        assert_equal((result["index"], result["ok"]), (index, ok), comment)
        if not ok:
            assert_true(re.fullmatch(r"[A-Z0-9_]+", result["error"]), result)
    log("  %d spends (%d success, %d failure) in %.2f s" %
        (len(lines), sum(e[1] for e in expected), sum(not e[1] for e in expected), elapsed))


def test_verify_tx_vectors(tool, vectors):
    log("verify tx_valid.json (all flags but the excluded ones) and tx_invalid.json (the listed flags)")
    lines, rows_used = [], []
    for row in vector_rows(os.path.join(vectors, "tx_valid.json")):
        line, tx = spend_line(row)
        assert_true(line is not None, "tx_valid prevouts complete")
        flags = set(ALL_FLAGS) - flag_set(row[2])
        line["flags"] = ",".join(f for f in ALL_FLAGS if f in flags)
        lines.append(json.dumps(line))
        rows_used.append(len(tx["vin"]))
    code, results, err = tool.verify(lines)
    assert_equal((code, err), (0, ""))
    assert_equal(len(results), sum(rows_used))
    bad = [r for r in results if not r["ok"]]
    assert_equal(bad, [])

    lines, input_counts = [], []
    skipped = 0
    for row in vector_rows(os.path.join(vectors, "tx_invalid.json")):
        if "BADTX" in flag_set(row[2]):
            skipped += 1  # fails CheckTransaction, not a script
            continue
        line, tx = spend_line(row)
        if line is None:
            skipped += 1  # spends an output the row does not give (fails for a missing input in Core)
            continue
        line["flags"] = row[2]
        lines.append(json.dumps(line))
        input_counts.append(len(tx["vin"]))
    code, results, err = tool.verify(lines)
    assert_equal((code, err), (0, ""))
    assert_equal(len(results), sum(input_counts))
    pos = 0
    for count, line in zip(input_counts, lines):
        verdicts = results[pos:pos + count]
        pos += count
        assert_true(any(not r["ok"] for r in verdicts), "tx_invalid row passed: " + line[:120])
    log("  %d valid and %d invalid transactions (%d invalid rows not script failures)" %
        (len(rows_used), len(input_counts), skipped))


def test_verify_malformed(tool, vectors):
    log("verify reports malformed lines and carries on")
    with open(os.path.join(vectors, "taproot_script_assets.jsonl")) as f:
        case = next(c for c in map(json.loads, f) if "success" in c and "failure" in c)
    tx = parse_tx(bytes.fromhex(case["tx"]))
    vin = tx["vin"][case["index"]]
    vin["scriptSig"] = bytes.fromhex(case["success"]["scriptSig"])
    vin["witness"] = [bytes.fromhex(w) for w in case["success"]["witness"]]
    good = {"tx": serialize_tx(tx).hex(), "prevouts": case["prevouts"], "index": case["index"], "flags": case["flags"]}

    def variant(**changes):
        line = dict(good)
        for key, value in changes.items():
            if value is None:
                del line[key]
            else:
                line[key] = value
        return json.dumps(line)

    n_inputs = len(tx["vin"])
    lines = [
        "this is not json",
        "[1,2,3]",
        "",
        variant(tx="zz"),
        variant(tx=None),
        variant(prevouts=good["prevouts"][:-1]),
        variant(prevouts=good["prevouts"][:-1] + ["00"]),
        variant(prevouts="00"),
        variant(index=n_inputs),
        variant(index=-1),
        variant(flags="P2SH,NOSUCHFLAG"),
        variant(flags="WITNESS"),
        variant(flags="P2SH,WITNESS,CLEANSTACK"),   # valid combination: checked normally
        json.dumps(good),
        variant(index=None, flags="P2SH,WITNESS,TAPROOT"),  # every input
    ]
    code, results, err = tool.verify(lines)
    assert_equal((code, err), (1, ""))
    idx = case["index"]
    expected_prefix = [
        {"ok": False, "error": "line is not a JSON object"},
        {"ok": False, "error": "line is not a JSON object"},
        {"index": idx, "ok": False, "error": "tx: TX decode failed"},
        {"index": idx, "ok": False, "error": "tx must be a hex string"},
        {"index": idx, "ok": False,
         "error": "prevouts has %d outputs for a transaction with %d inputs" % (n_inputs - 1, n_inputs)},
        {"index": idx, "ok": False, "error": "prevouts[%d] is not a serialized output (8-byte amount, CompactSize "
                                             "length, script)" % (n_inputs - 1)},
        {"index": idx, "ok": False, "error": "prevouts must be an array of hex strings"},
        {"index": n_inputs, "ok": False,
         "error": "index %d is out of range: the transaction has %d inputs" % (n_inputs, n_inputs)},
        {"ok": False, "error": "index must be a non-negative integer"},
    ]
    assert_equal(results[:len(expected_prefix)], expected_prefix)
    rest = results[len(expected_prefix):]
    assert_equal(rest[0]["index"], idx)
    assert_true(not rest[0]["ok"] and "NOSUCHFLAG" in rest[0]["error"], rest[0])
    assert_equal(rest[1], {"index": idx, "ok": False, "error": "invalid flag combination: WITNESS needs P2SH, "
                                                               "CLEANSTACK needs P2SH and WITNESS"})
    assert_equal(rest[2], {"index": idx, "ok": True})
    assert_equal(rest[3], {"index": idx, "ok": True})
    assert_equal([r["index"] for r in rest[4:]], list(range(n_inputs)))  # one line per input
    assert_equal(rest[4 + idx], {"index": idx, "ok": True})
    assert_equal(len(rest), 4 + n_inputs)

    # All lines well-formed: exit status 0 even when scripts fail.
    vin["scriptSig"] = bytes.fromhex(case["failure"]["scriptSig"])
    vin["witness"] = [bytes.fromhex(w) for w in case["failure"]["witness"]]
    failing = dict(good)
    failing["tx"] = serialize_tx(tx).hex()
    code, results, err = tool.verify([json.dumps(good), "   ", json.dumps(failing)])
    assert_equal((code, err), (0, ""))
    assert_equal([r["ok"] for r in results], [True, False])
    # Default flags are "consensus"; "standard" and "NONE" are accepted.
    for flags in (None, "consensus", "standard", "NONE", ""):
        code, results, _ = tool.verify([variant(flags=flags)])
        assert_equal((code, len(results)), (0, 1), flags)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bindir", default=os.environ.get("HEARTH_BINDIR"), help="the build's bin directory")
    parser.add_argument("--vectors", default=os.environ.get("HEARTH_VECTORS"),
                        help="test vectors (default: $HEARTH_VECTORS or ../shared/vectors beside the repository)")
    options, _ = parser.parse_known_args()  # the functional-test runner may pass more
    here = os.path.dirname(os.path.abspath(__file__))
    vectors = options.vectors or os.path.normpath(os.path.join(here, "..", "..", "..", "shared", "vectors"))
    binary = os.path.join(options.bindir or "", "hearth-tx")
    if not options.bindir or not os.path.exists(binary):
        print("hearth-tx not found: pass --bindir (the build's bin directory)", file=sys.stderr)
        return 2
    if not os.path.isdir(vectors):
        print("vectors not found at %s: pass --vectors or set HEARTH_VECTORS" % vectors, file=sys.stderr)
        return 2
    tool = Tool(binary)
    tests = [
        lambda: test_usage(tool),
        lambda: test_decode_matches_core(tool),
        lambda: test_decode_errors(tool),
        lambda: test_decode_networks(tool),
        lambda: test_decode_vectors(tool, vectors),
        lambda: test_decode_megatx(tool, vectors),
        lambda: test_verify_taproot_assets(tool, vectors),
        lambda: test_verify_tx_vectors(tool, vectors),
        lambda: test_verify_malformed(tool, vectors),
    ]
    try:
        for test in tests:
            test()
    except TestFailure as e:
        log("FAILED: %s" % e)
        return 1
    log("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
