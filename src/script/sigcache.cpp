#include <hearth/script/sigcache.h>

#include <hearth/crypto/random.h>

#include <array>
#include <cstring>
#include <mutex>

namespace hearth::script {

namespace {

uint64_t ReadU64(const util::Uint256& h, size_t offset)
{
    uint64_t v;
    std::memcpy(&v, h.data() + offset, sizeof(v));
    return v;
}

/// Maps a uniform 64-bit value onto [0, n) without division bias worth caring about (Lemire's range).
size_t FastRange(uint64_t x, size_t n) { return static_cast<size_t>((static_cast<unsigned __int128>(x) * n) >> 64); }

} // namespace

SignatureCache::SignatureCache(size_t max_bytes) : m_capacity{std::max<size_t>(1, max_bytes / sizeof(util::Uint256))}
{
    std::array<uint8_t, 32> nonce;
    crypto::GetStrongRandBytes(nonce);
    // Separate salted hashers per signature type, padded to a full 64-byte block so the salt costs nothing
    // per entry (as Core).
    std::array<uint8_t, 32> pad;
    pad.fill('E');
    m_salted_ecdsa.Write(nonce).Write(pad);
    pad.fill('S');
    m_salted_schnorr.Write(nonce).Write(pad);
}

util::Uint256 SignatureCache::ComputeEntryEcdsa(const util::Uint256& sighash, util::ByteSpan sig_der,
                                                const crypto::PubKey& pubkey) const
{
    crypto::Sha256 h = m_salted_ecdsa;
    return h.Write(sighash.span()).Write(pubkey.span()).Write(sig_der).Finalize();
}

util::Uint256 SignatureCache::ComputeEntrySchnorr(const util::Uint256& sighash, util::ByteSpan sig64,
                                                  const crypto::XOnlyPubKey& pubkey) const
{
    crypto::Sha256 h = m_salted_schnorr;
    return h.Write(sighash.span()).Write(pubkey.span()).Write(sig64).Finalize();
}

size_t SignatureCache::Slot1(const util::Uint256& entry) const { return FastRange(ReadU64(entry, 0), m_capacity); }

size_t SignatureCache::Slot2(const util::Uint256& entry) const { return FastRange(ReadU64(entry, 8), m_capacity); }

bool SignatureCache::Get(const util::Uint256& entry, bool erase)
{
    if (Empty()) return false;
    const size_t s1 = Slot1(entry);
    const size_t s2 = Slot2(entry);
    {
        std::shared_lock lock{m_mutex};
        if (m_slots[s1] != entry && m_slots[s2] != entry) return false;
        if (!erase) return true;
    }
    std::unique_lock lock{m_mutex};
    // Another thread may have erased or replaced it meanwhile; the lookup already succeeded, so report a hit.
    for (const size_t s : {s1, s2}) {
        if (m_slots[s] == entry) {
            m_slots[s].SetNull();
            m_used.fetch_sub(1, std::memory_order_relaxed);
        }
    }
    return true;
}

void SignatureCache::Set(const util::Uint256& entry)
{
    const size_t s1 = Slot1(entry);
    const size_t s2 = Slot2(entry);
    std::unique_lock lock{m_mutex};
    if (m_slots.empty()) m_slots.resize(m_capacity);
    if (m_slots[s1] == entry || m_slots[s2] == entry) return;
    if (m_slots[s1].IsNull()) {
        m_slots[s1] = entry;
        m_used.fetch_add(1, std::memory_order_relaxed);
    } else if (m_slots[s2].IsNull()) {
        m_slots[s2] = entry;
        m_used.fetch_add(1, std::memory_order_relaxed);
    } else {
        // Both taken: evict one, chosen by a (salted, so unpredictable) bit of the new entry.
        m_slots[(entry[16] & 1) ? s2 : s1] = entry;
    }
}

CachingTransactionSignatureChecker::CachingTransactionSignatureChecker(const primitives::Transaction& tx, unsigned n_in,
                                                                       primitives::Amount amount, bool store,
                                                                       SignatureCache& cache,
                                                                       const PrecomputedTransactionData& txdata) :
    TransactionSignatureChecker{tx, n_in, amount, txdata},
    m_store{store}, m_cache{cache}
{}

bool CachingTransactionSignatureChecker::VerifyECDSASignature(util::ByteSpan sig_der, const crypto::PubKey& pubkey,
                                                              const util::Uint256& sighash) const
{
    // Nothing to find and nothing to store: no entry to compute.
    if (!m_store && m_cache.Empty()) return TransactionSignatureChecker::VerifyECDSASignature(sig_der, pubkey, sighash);
    const util::Uint256 entry = m_cache.ComputeEntryEcdsa(sighash, sig_der, pubkey);
    if (m_cache.Get(entry, !m_store)) return true;
    if (!TransactionSignatureChecker::VerifyECDSASignature(sig_der, pubkey, sighash)) return false;
    if (m_store) m_cache.Set(entry);
    return true;
}

bool CachingTransactionSignatureChecker::VerifySchnorrSignature(util::ByteSpan sig64, const crypto::XOnlyPubKey& pubkey,
                                                                const util::Uint256& sighash) const
{
    if (!m_store && m_cache.Empty()) return TransactionSignatureChecker::VerifySchnorrSignature(sig64, pubkey, sighash);
    const util::Uint256 entry = m_cache.ComputeEntrySchnorr(sighash, sig64, pubkey);
    if (m_cache.Get(entry, !m_store)) return true;
    if (!TransactionSignatureChecker::VerifySchnorrSignature(sig64, pubkey, sighash)) return false;
    if (m_store) m_cache.Set(entry);
    return true;
}

} // namespace hearth::script
