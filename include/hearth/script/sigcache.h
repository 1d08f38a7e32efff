#ifndef HEARTH_SCRIPT_SIGCACHE_H
#define HEARTH_SCRIPT_SIGCACHE_H

// A cache of signatures already verified (Core's SignatureCache, script/sigcache.h). Transactions are
// verified when they enter the mempool and again when their block connects; remembering the valid
// (sighash, pubkey, signature) triples makes the second check a hash lookup.
//
// Entries are SHA256(salt ‖ tag ‖ sighash ‖ pubkey ‖ signature) with a random salt per cache, so nobody
// can predict entries to collide or evict them on purpose. Memory is bounded at construction: a table of
// 32-byte entries with two candidate slots each (cuckoo-style, no relocation), evicting on collision.
// The table is allocated by the first Set, and lookups in a cache that holds nothing return at once
// (no entry hash, no random access into the table): a node syncing blocks, with nothing entering a
// mempool, neither pays its memory (32 MiB by default, much of a Pi's budget) nor two cache misses per
// signature. Thread-safe: script checks of a block run in parallel.

#include <hearth/crypto/key.h>
#include <hearth/crypto/sha256.h>
#include <hearth/script/sighash.h>
#include <hearth/util/uint256.h>

#include <atomic>
#include <cstddef>
#include <shared_mutex>
#include <vector>

namespace hearth::script {

/// Core's DEFAULT_SIGNATURE_CACHE_BYTES.
constexpr size_t DEFAULT_SIGNATURE_CACHE_BYTES = 32 << 20;

class SignatureCache
{
public:
    /// A cache using about `max_bytes` of memory (at least one entry), with a fresh random salt.
    explicit SignatureCache(size_t max_bytes = DEFAULT_SIGNATURE_CACHE_BYTES);

    SignatureCache(const SignatureCache&) = delete;
    SignatureCache& operator=(const SignatureCache&) = delete;

    /// The salted entry for an ECDSA check (DER signature without hash type byte).
    util::Uint256 ComputeEntryEcdsa(const util::Uint256& sighash, util::ByteSpan sig_der,
                                    const crypto::PubKey& pubkey) const;
    /// The salted entry for a BIP340 check.
    util::Uint256 ComputeEntrySchnorr(const util::Uint256& sighash, util::ByteSpan sig64,
                                      const crypto::XOnlyPubKey& pubkey) const;

    /// True if nothing is cached: a lookup would miss, so callers may skip computing the entry.
    bool Empty() const { return m_used.load(std::memory_order_relaxed) == 0; }
    /// True if `entry` is cached; with `erase`, also removes it (a block's signatures are not seen again).
    bool Get(const util::Uint256& entry, bool erase);
    /// Adds `entry`, evicting whatever occupied its slot if both candidate slots are taken.
    void Set(const util::Uint256& entry);

    /// Number of slots (capacity in entries).
    size_t Capacity() const { return m_capacity; }

private:
    size_t Slot1(const util::Uint256& entry) const;
    size_t Slot2(const util::Uint256& entry) const;

    crypto::Sha256 m_salted_ecdsa;
    crypto::Sha256 m_salted_schnorr;
    size_t m_capacity;
    mutable std::shared_mutex m_mutex;
    std::vector<util::Uint256> m_slots; // all-zero = empty; m_capacity of them once the first entry is set
    std::atomic<size_t> m_used{0};      // occupied slots (written under the unique lock)
};

/// A TransactionSignatureChecker that consults `cache` before verifying and, with `store`, records
/// successful checks (mempool acceptance stores; block validation looks up and erases).
class CachingTransactionSignatureChecker : public TransactionSignatureChecker
{
public:
    CachingTransactionSignatureChecker(const primitives::Transaction& tx, unsigned n_in, primitives::Amount amount,
                                       bool store, SignatureCache& cache, const PrecomputedTransactionData& txdata);

protected:
    bool VerifyECDSASignature(util::ByteSpan sig_der, const crypto::PubKey& pubkey,
                              const util::Uint256& sighash) const override;
    bool VerifySchnorrSignature(util::ByteSpan sig64, const crypto::XOnlyPubKey& pubkey,
                                const util::Uint256& sighash) const override;

private:
    bool m_store;
    SignatureCache& m_cache;
};

} // namespace hearth::script

#endif // HEARTH_SCRIPT_SIGCACHE_H
