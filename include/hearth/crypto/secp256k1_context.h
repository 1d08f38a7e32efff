#ifndef HEARTH_CRYPTO_SECP256K1_CONTEXT_H
#define HEARTH_CRYPTO_SECP256K1_CONTEXT_H

// The process-wide libsecp256k1 context. Code outside the crypto layer should use the wrappers in
// key.h; this accessor exists for those wrappers and for benchmarks that measure raw libsecp256k1 calls
// against them.

// Same declaration as <secp256k1.h>, so this header does not drag the library's header into every user.
typedef struct secp256k1_context_struct secp256k1_context;

namespace hearth::crypto {

/// The one libsecp256k1 context of this process: created on first use (thread-safe, a function-local
/// static), randomized once with 32 bytes from the system CSPRNG as a side-channel blinding, never
/// destroyed. All libsecp256k1 calls taking a const context are thread-safe, so it is shared freely.
const secp256k1_context* Secp256k1Context();

} // namespace hearth::crypto

#endif // HEARTH_CRYPTO_SECP256K1_CONTEXT_H
