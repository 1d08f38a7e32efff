#ifndef HEARTH_STORAGE_LEVELDB_STORE_H
#define HEARTH_STORAGE_LEVELDB_STORE_H

// The LevelDB implementation of KvStore, used for blocks/index/ and chainstate/.

#include <hearth/storage/kv_store.h>
#include <hearth/util/result.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace hearth::storage {

/// How to open a LevelDB store. The defaults suit a Raspberry Pi (1–8 GB RAM, SD card or USB SSD).
struct LeveldbOptions {
    /// What the database is, for error messages ("block index", "chainstate").
    std::string name{"database"};
    /// LRU cache of uncompressed table blocks. Core gives the chainstate DB a few MiB of -dbcache and
    /// the rest to its own coins cache, which is worth far more per byte; do the same.
    size_t block_cache_bytes{8 << 20};
    /// Memtable size before it is written out as a level-0 table. Larger = fewer compactions during
    /// IBD flushes but more memory and a longer log replay after a crash.
    size_t write_buffer_bytes{4 << 20};
    /// Table files kept open (file descriptors; LevelDB mmaps up to 1000 tables on 64-bit anyway).
    int max_open_files{64};
    /// Create the directory and database if missing.
    bool create_if_missing{true};
    /// Delete any existing database first (-reindex, -reindex-chainstate).
    bool wipe{false};
    /// XOR every value with a random 8-byte key stored in the database, as Core's chainstate does, so
    /// that byte patterns from transactions never appear verbatim on disk (anti-virus false positives).
    /// Only a new, empty database gets a key; an existing one keeps what it has (none = no XOR).
    bool obfuscate{false};
};

/// Opens (creating if allowed) the LevelDB database at `path`.
///
/// Choices and why:
///  - a 10-bit-per-key bloom filter: a lookup of a missing key (every new output checked for BIP30,
///    every coins-cache miss for a fresh txid) skips the table reads, ~1% false positives;
///  - no compression: coin records are already compact (VARINTs, compressed scripts) and keys are
///    hashes, so snappy saves little while costing CPU on every read and compaction on a Pi (Core
///    also turns it off);
///  - paranoid checks: a corrupt table or log is reported at open or read instead of silently
///    returning wrong data; the node then asks for -reindex rather than building on bad state;
///  - 32 MiB table files (Core's DBWRAPPER_MAX_FILE_SIZE): fewer files and open descriptors.
///
/// Errors: "cannot open <name> at <path>: <leveldb status>", with a plain explanation when the LOCK
/// file is held by another process (another hearthd on the same data directory).
[[nodiscard]] util::Result<std::unique_ptr<KvStore>> OpenLeveldbStore(const std::filesystem::path& path,
                                                                      const LeveldbOptions& options);

/// Key under which an obfuscated database keeps its XOR key (Core's OBFUSCATION_KEY_KEY: the string
/// "\0obfuscate_key" serialized with its CompactSize length 14). The value is CompactSize 8 ‖ 8 bytes.
util::ByteSpan ObfuscationKeyKey();

} // namespace hearth::storage

#endif // HEARTH_STORAGE_LEVELDB_STORE_H
