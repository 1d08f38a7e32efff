"""Blocks and transactions in plain Python (the role of Core's test_framework/messages.py + blocktools.py), for
tests that must not trust the node: parsing Core-format block files, an independent UTXO set with its
hash_serialized_3 (CORE-FACTS §3), and a small generator of regtest blocks that spend OP_TRUE outputs (no
signatures needed), written to block files the node imports with -loadblock."""
import hashlib
import io
import struct
import time

REGTEST_MAGIC = bytes.fromhex("fabfb5da")
MAINNET_MAGIC = bytes.fromhex("f9beb4d9")
OP_TRUE = b"\x51"
COIN = 100_000_000
MAX_SCRIPT_SIZE = 10_000


def sha256d(data):
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def ser_compact_size(n):
    if n < 253:
        return bytes([n])
    if n <= 0xFFFF:
        return b"\xfd" + struct.pack("<H", n)
    if n <= 0xFFFFFFFF:
        return b"\xfe" + struct.pack("<I", n)
    return b"\xff" + struct.pack("<Q", n)


def deser_compact_size(f):
    n = f.read(1)[0]
    if n == 253:
        return struct.unpack("<H", f.read(2))[0]
    if n == 254:
        return struct.unpack("<I", f.read(4))[0]
    if n == 255:
        return struct.unpack("<Q", f.read(8))[0]
    return n


def ser_bytes(b):
    return ser_compact_size(len(b)) + b


def deser_bytes(f):
    return f.read(deser_compact_size(f))


class TxIn:
    def __init__(self, prev_txid=b"\x00" * 32, prev_n=0xFFFFFFFF, script_sig=b"", sequence=0xFFFFFFFF):
        self.prev_txid = prev_txid  # raw (internal) byte order
        self.prev_n = prev_n
        self.script_sig = script_sig
        self.sequence = sequence


class Tx:
    def __init__(self):
        self.version = 2
        self.vin = []
        self.vout = []  # (value, script_pubkey)
        self.witness = []  # per input: list of stack items
        self.locktime = 0

    @classmethod
    def parse(cls, f):
        tx = cls()
        tx.version = struct.unpack("<i", f.read(4))[0]
        n_in = deser_compact_size(f)
        flags = 0
        if n_in == 0:  # BIP144 marker
            flags = f.read(1)[0]
            n_in = deser_compact_size(f)
        for _ in range(n_in):
            prev = f.read(32)
            n = struct.unpack("<I", f.read(4))[0]
            tx.vin.append(TxIn(prev, n, deser_bytes(f), struct.unpack("<I", f.read(4))[0]))
        for _ in range(deser_compact_size(f)):
            value = struct.unpack("<q", f.read(8))[0]
            tx.vout.append((value, deser_bytes(f)))
        if flags & 1:
            for _ in range(n_in):
                tx.witness.append([deser_bytes(f) for _ in range(deser_compact_size(f))])
        tx.locktime = struct.unpack("<I", f.read(4))[0]
        return tx

    def has_witness(self):
        return any(len(w) > 0 for w in self.witness)

    def serialize(self, with_witness=True):
        witness = with_witness and self.has_witness()
        out = struct.pack("<i", self.version)
        if witness:
            out += b"\x00\x01"
        out += ser_compact_size(len(self.vin))
        for i in self.vin:
            out += i.prev_txid + struct.pack("<I", i.prev_n) + ser_bytes(i.script_sig) + struct.pack("<I", i.sequence)
        out += ser_compact_size(len(self.vout))
        for value, spk in self.vout:
            out += struct.pack("<q", value) + ser_bytes(spk)
        if witness:
            for stack in self.witness:
                out += ser_compact_size(len(stack)) + b"".join(ser_bytes(item) for item in stack)
        out += struct.pack("<I", self.locktime)
        return out

    def txid(self):
        """Raw (internal order) txid: SHA256d of the serialization without witness."""
        return sha256d(self.serialize(with_witness=False))

    def is_coinbase(self):
        return len(self.vin) == 1 and self.vin[0].prev_txid == b"\x00" * 32 and self.vin[0].prev_n == 0xFFFFFFFF


class Block:
    def __init__(self):
        self.version = 0x20000000
        self.prev = b"\x00" * 32
        self.merkle_root = b"\x00" * 32
        self.time = 0
        self.bits = 0x207FFFFF
        self.nonce = 0
        self.txs = []

    @classmethod
    def parse(cls, data):
        f = io.BytesIO(data)
        b = cls()
        b.version, b.prev, b.merkle_root, b.time, b.bits, b.nonce = struct.unpack("<i32s32sIII", f.read(80))
        b.txs = [Tx.parse(f) for _ in range(deser_compact_size(f))]
        return b

    def header(self):
        return struct.pack("<i32s32sIII", self.version, self.prev, self.merkle_root, self.time, self.bits, self.nonce)

    def hash(self):
        return sha256d(self.header())

    def hash_hex(self):
        return self.hash()[::-1].hex()

    def serialize(self):
        return self.header() + ser_compact_size(len(self.txs)) + b"".join(tx.serialize() for tx in self.txs)

    def compute_merkle_root(self):
        layer = [tx.txid() for tx in self.txs]
        while len(layer) > 1:
            if len(layer) % 2:
                layer.append(layer[-1])
            layer = [sha256d(layer[i] + layer[i + 1]) for i in range(0, len(layer), 2)]
        return layer[0]

    def solve(self):
        """Grinds the nonce until the header hash meets nBits (instant on regtest)."""
        exponent = self.bits >> 24
        target = (self.bits & 0x7FFFFF) << (8 * (exponent - 3))
        self.merkle_root = self.compute_merkle_root()
        while int.from_bytes(self.hash(), "little") > target:
            self.nonce += 1


def read_block_file(path, magic):
    """The blocks of a Core-format block file (magic ‖ uint32 size ‖ block), as Block objects, in file order."""
    blocks = []
    with open(path, "rb") as f:
        data = f.read()
    pos = 0
    while pos + 8 <= len(data):
        if data[pos:pos + 4] != magic:
            pos += 1  # Core's reader skips to the next magic
            continue
        size = struct.unpack("<I", data[pos + 4:pos + 8])[0]
        blocks.append(Block.parse(data[pos + 8:pos + 8 + size]))
        pos += 8 + size
    return blocks


def write_block_file(path, blocks, magic=REGTEST_MAGIC, mode="wb"):
    with open(path, mode) as f:
        for b in blocks:
            raw = b.serialize()
            f.write(magic + struct.pack("<I", len(raw)) + raw)


def chain_from_blocks(blocks):
    """Orders blocks by following prev links from the block whose parent is not in the set (genesis);
    returns the longest such chain (files may hold blocks out of order)."""
    by_prev = {}
    hashes = set()
    for b in blocks:
        by_prev.setdefault(b.prev, []).append(b)
        hashes.add(b.hash())
    roots = [b for b in blocks if b.prev not in hashes]
    best = []
    for root in roots:
        chain = [root]
        while True:
            children = by_prev.get(chain[-1].hash(), [])
            if not children:
                break
            chain.append(children[0])
        if len(chain) > len(best):
            best = chain
    return best


def is_unspendable(spk):
    return (len(spk) > 0 and spk[0] == 0x6A) or len(spk) > MAX_SCRIPT_SIZE


class UtxoSet:
    """The UTXO set as Core keeps it: (txid raw, n) → (height, coinbase, value, script). Genesis's outputs and
    unspendable outputs are never added; a repeated coinbase overwrites (BIP30 exceptions)."""

    def __init__(self):
        self.coins = {}

    def apply_block(self, block, height):
        if height == 0:
            return
        for tx in block.txs:
            coinbase = tx.is_coinbase()
            if not coinbase:
                for i in tx.vin:
                    del self.coins[(i.prev_txid, i.prev_n)]  # KeyError: the file spends a missing coin
            txid = tx.txid()
            for n, (value, spk) in enumerate(tx.vout):
                if not is_unspendable(spk):
                    self.coins[(txid, n)] = (height, coinbase, value, spk)

    def txouts(self):
        return len(self.coins)

    def total_amount(self):
        return sum(c[2] for c in self.coins.values())

    def transactions(self):
        return len({k[0] for k in self.coins})

    def hash_serialized_3(self):
        """SHA256d over every coin's serialization in key order, printed reversed (CORE-FACTS §3)."""
        h = hashlib.sha256()
        for (txid, n) in sorted(self.coins):
            height, coinbase, value, spk = self.coins[(txid, n)]
            h.update(txid + struct.pack("<II", n, (height << 1) | int(coinbase)) + struct.pack("<q", value) + ser_bytes(spk))
        return hashlib.sha256(h.digest()).digest()[::-1].hex()


def script_num(n):
    """Minimal CScriptNum encoding (non-negative n)."""
    out = bytearray()
    while n:
        out.append(n & 0xFF)
        n >>= 8
    if out and out[-1] & 0x80:
        out.append(0)
    return bytes(out)


def coinbase_script_sig(height, extra=b""):
    """BIP34: the height as the first push (OP_1..OP_16 for 1–16), padded to Core's 2-byte minimum."""
    if 1 <= height <= 16:
        script = bytes([0x50 + height])
    else:
        num = script_num(height)
        script = bytes([len(num)]) + num
    script += ser_bytes(extra) if extra else b"\x00"
    return script


def regtest_subsidy(height):
    halvings = height // 150
    return 0 if halvings >= 64 else (50 * COIN) >> halvings


class ChainGenerator:
    """Extends a regtest chain with blocks whose coinbases pay many OP_TRUE outputs and whose transactions
    spend matured ones (no signatures: OP_TRUE is satisfied by an empty scriptSig)."""

    def __init__(self, tip_hash, tip_height, tip_time):
        self.tip_hash = tip_hash  # raw
        self.height = tip_height
        self.time = tip_time
        self.spendable = []  # [(height, txid raw, n, value)] of our own OP_TRUE outputs

    def next_block(self, coinbase_outputs=1, spend_inputs=0, tx_outputs=1, fee=1000):
        height = self.height + 1
        block = Block()
        block.prev = self.tip_hash
        self.time += 1
        block.time = self.time
        fees = 0
        txs = []
        # A transaction spending up to `spend_inputs` coins that are at least 100 blocks old (coinbase maturity).
        mature = [c for c in self.spendable if height - c[0] >= 100][:spend_inputs]
        if mature:
            tx = Tx()
            tx.vin = [TxIn(c[1], c[2], b"", 0xFFFFFFFF) for c in mature]
            total = sum(c[3] for c in mature) - fee
            each = total // tx_outputs
            tx.vout = [(each, OP_TRUE)] * (tx_outputs - 1) + [(total - each * (tx_outputs - 1), OP_TRUE)]
            fees += fee
            txs.append(tx)
            spent = {(c[1], c[2]) for c in mature}
            self.spendable = [c for c in self.spendable if (c[1], c[2]) not in spent]
        cb = Tx()
        cb.vin = [TxIn(script_sig=coinbase_script_sig(height))]
        reward = regtest_subsidy(height) + fees
        each = reward // coinbase_outputs
        cb.vout = [(each, OP_TRUE)] * (coinbase_outputs - 1) + [(reward - each * (coinbase_outputs - 1), OP_TRUE)]
        block.txs = [cb] + txs
        block.solve()
        for tx in block.txs:
            txid = tx.txid()
            for n, (value, _) in enumerate(tx.vout):
                self.spendable.append((height, txid, n, value))
        self.tip_hash = block.hash()
        self.height = height
        return block


def now():
    return int(time.time())
