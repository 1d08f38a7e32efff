#include <hearth/serialize/stream.h>

namespace hearth::serialize {

void Reader::Fail(std::string why)
{
    if (m_failed) return;
    m_failed = true;
    m_error = std::move(why);
    m_pos = m_data.size(); // nothing more can be read
}

util::ByteSpan Reader::ReadSpan(size_t n)
{
    if (m_failed) return {};
    if (n > Remaining()) {
        Fail("unexpected end of data: needed " + std::to_string(n) + " bytes, " + std::to_string(Remaining()) +
             " left");
        return {};
    }
    const util::ByteSpan out = m_data.subspan(m_pos, n);
    m_pos += n;
    return out;
}

void Reader::ReadInto(std::span<uint8_t> out)
{
    const util::ByteSpan in = ReadSpan(out.size());
    if (in.empty()) {
        std::fill(out.begin(), out.end(), 0);
        return;
    }
    std::memcpy(out.data(), in.data(), out.size());
}

uint8_t Reader::ReadU8()
{
    const util::ByteSpan b = ReadSpan(1);
    return b.empty() ? 0 : b[0];
}

uint64_t Reader::ReadCompactSize(bool range_check)
{
    const uint8_t first = ReadU8();
    uint64_t n = first;
    if (first == 253) {
        n = ReadU16();
        if (n < 253) Fail("non-canonical ReadCompactSize()");
    } else if (first == 254) {
        n = ReadU32();
        if (n < 0x10000) Fail("non-canonical ReadCompactSize()");
    } else if (first == 255) {
        n = ReadU64();
        if (n < 0x100000000ULL) Fail("non-canonical ReadCompactSize()");
    }
    if (range_check && n > MAX_SIZE) Fail("ReadCompactSize(): size too large");
    return m_failed ? 0 : n;
}

size_t Reader::ReadCount(size_t elem_min_size)
{
    const uint64_t n = ReadCompactSize();
    if (!ok()) return 0;
    if (elem_min_size > 0 && n > Remaining() / elem_min_size) {
        Fail("length prefix " + std::to_string(n) + " exceeds the " + std::to_string(Remaining()) + " bytes left");
        return 0;
    }
    return static_cast<size_t>(n);
}

util::Bytes Reader::ReadBytesWithSize()
{
    const size_t n = ReadCount(1);
    const util::ByteSpan b = ReadSpan(n);
    return util::Bytes(b.begin(), b.end());
}

} // namespace hearth::serialize
