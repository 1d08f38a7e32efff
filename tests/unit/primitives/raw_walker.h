#ifndef HEARTH_TESTS_UNIT_PRIMITIVES_RAW_WALKER_H
#define HEARTH_TESTS_UNIT_PRIMITIVES_RAW_WALKER_H

// An independent, deliberately naive walk over serialized transactions and blocks that measures their parts
// (total size, size without witness, where each transaction starts) without using the primitives code, so
// the library's sizes and weights can be checked against a second implementation. Only for well-formed
// test data: it trusts its input.

#include <hearth/util/bytes.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hearth::primitives::test {

inline uint64_t WalkCompactSize(const util::Bytes& d, size_t& pos)
{
    const uint8_t first = d.at(pos++);
    if (first < 253) return first;
    const int len = first == 253 ? 2 : first == 254 ? 4 : 8;
    uint64_t v = 0;
    for (int i = 0; i < len; ++i) v |= uint64_t{d.at(pos++)} << (8 * i);
    return v;
}

struct RawTx {
    size_t offset{0};   // where the tx starts in the buffer
    size_t total{0};    // serialized size with witness
    size_t stripped{0}; // without marker, flag and witness
    bool has_witness{false};
};

inline RawTx WalkTx(const util::Bytes& d, size_t& pos)
{
    RawTx tx;
    tx.offset = pos;
    pos += 4; // version
    size_t witness_bytes = 0;
    // BIP144: a zero byte where the input count would be, then a non-zero flag byte.
    if (d.at(pos) == 0 && d.at(pos + 1) != 0) {
        tx.has_witness = true;
        pos += 2;
    }
    const uint64_t n_in = WalkCompactSize(d, pos);
    for (uint64_t i = 0; i < n_in; ++i) {
        pos += 36;
        pos += WalkCompactSize(d, pos);
        pos += 4;
    }
    const uint64_t n_out = WalkCompactSize(d, pos);
    for (uint64_t i = 0; i < n_out; ++i) {
        pos += 8;
        pos += WalkCompactSize(d, pos);
    }
    if (tx.has_witness) {
        const size_t start = pos;
        for (uint64_t i = 0; i < n_in; ++i) {
            const uint64_t items = WalkCompactSize(d, pos);
            for (uint64_t j = 0; j < items; ++j) pos += WalkCompactSize(d, pos);
        }
        witness_bytes = pos - start;
    }
    pos += 4; // locktime
    tx.total = pos - tx.offset;
    tx.stripped = tx.total - (tx.has_witness ? 2 + witness_bytes : 0);
    return tx;
}

struct RawBlock {
    size_t total{0};
    size_t stripped{0};
    std::vector<RawTx> txs;
};

inline RawBlock WalkBlock(const util::Bytes& d)
{
    RawBlock b;
    size_t pos = 80;
    const uint64_t n = WalkCompactSize(d, pos);
    const size_t header_and_count = pos;
    size_t stripped = header_and_count;
    for (uint64_t i = 0; i < n; ++i) {
        b.txs.push_back(WalkTx(d, pos));
        stripped += b.txs.back().stripped;
    }
    b.total = pos;
    b.stripped = stripped;
    return b;
}

} // namespace hearth::primitives::test

#endif // HEARTH_TESTS_UNIT_PRIMITIVES_RAW_WALKER_H
