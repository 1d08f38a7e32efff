#ifndef HEARTH_NODE_CHAINSTATE_SETUP_H
#define HEARTH_NODE_CHAINSTATE_SETUP_H

// From hearthd's options to an open chainstate (Core's node/chainstatemanager_args.cpp,
// blockmanager_args.cpp, caches.cpp and node/chainstate.cpp LoadChainstate/VerifyLoadedChainstate).
//
// Memory defaults. Hearth targets machines with 1–2 GiB of RAM and promises a peak RSS ≤ 256 MiB with default
// settings (issue 4). What the process holds besides the coins cache: the signature cache (32 MiB, allocated
// by its first entry: not while syncing, as nothing enters a mempool), LevelDB's block caches, and — the big
// one — the coins flush: each LevelDB write batch is built in memory and copied into LevelDB's memtable, so a
// flush briefly holds the full cache plus a few batches' worth. Measured (tests/bench/node_import.py, peak
// VmHWM, a 1.6M-coin generated chain that fills the cache): -dbcache=100 peaks at 232 MiB with 32 MiB
// batches, 222 MiB with 16 MiB, 196 MiB with 8 MiB and 168–182 MiB with 4 MiB batches; Core's defaults
// (-dbcache=450, 32 MiB batches) at 400 MiB. Hence the defaults -dbcache=100 and -dbbatchsize=4 MiB (smaller
// batches cost nothing measurable: a flush is the same bytes in more LevelDB writes, and crash safety does
// not depend on the batch count).

#include <hearth/chain/chainstate.h>
#include <hearth/consensus/params.h>
#include <hearth/node/args.h>
#include <hearth/util/result.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace hearth::util {
class Logger;
}

namespace hearth::node {

class Clock;
class ChainEvents;

/// Default -dbcache in MiB (Core: 450; see the file comment for why Hearth's is smaller).
constexpr int64_t DEFAULT_DB_CACHE_MIB = 100;
/// Default -dbbatchsize in bytes (Core: 32 MiB; see the file comment).
constexpr int64_t DEFAULT_DB_BATCH_BYTES = 4 << 20;
/// Core's nMinDbCache / nMaxDbCache (64-bit).
constexpr int64_t MIN_DB_CACHE_MIB = 4;
constexpr int64_t MAX_DB_CACHE_MIB = 16384;
/// Core's nMaxBlockDBCache / nMaxCoinsDBCache: LevelDB's own caches are capped, the rest is coins cache.
constexpr int64_t MAX_BLOCK_DB_CACHE_MIB = 2;
constexpr int64_t MAX_COINS_DB_CACHE_MIB = 8;
/// Core's DEFAULT_MAX_SIG_CACHE_BYTES in MiB (-maxsigcachesize).
constexpr int64_t DEFAULT_MAX_SIG_CACHE_MIB = 32;
/// Script-check threads at most besides the validation thread (Core's help text "up to 15").
constexpr int MAX_SCRIPTCHECK_THREADS = 15;
/// Core's DEFAULT_CHECKBLOCKS / DEFAULT_CHECKLEVEL (start-up verification of the last blocks).
constexpr int DEFAULT_CHECKBLOCKS = 6;
constexpr int DEFAULT_CHECKLEVEL = 3;
/// Core's -fastprune blk file size (64 KiB).
constexpr uint32_t FAST_PRUNE_BLOCKFILE_SIZE = 0x10000;

/// How -dbcache is split (Core's CalculateCacheSizes).
struct CacheSizes {
    size_t block_tree_db{0};
    size_t coins_db{0};
    size_t coins{0};
};
CacheSizes CalculateCacheSizes(int64_t dbcache_mib);

/// Everything hearthd needs to open and start the chainstate.
struct ChainstateSetup {
    /// The chainstate's options (no clock, notifications or logger yet: LoadChainstate fills them in).
    chain::ChainstateOptions options;
    int64_t dbcache_mib{DEFAULT_DB_CACHE_MIB};
    CacheSizes cache_sizes;
    /// -checkblocks / -checklevel.
    int check_blocks{DEFAULT_CHECKBLOCKS};
    int check_level{DEFAULT_CHECKLEVEL};
    /// -loadblock files, in the order given.
    std::vector<std::filesystem::path> load_block_files;
    /// -stopafterblockimport.
    bool stop_after_block_import{false};
    /// Things to log at start ("Script verification uses 1 additional threads", cache sizes).
    std::vector<std::string> log_lines;
};

/// Reads -dbcache, -dbbatchsize, -par, -assumevalid, -prune, -reindex, -reindex-chainstate, -fastprune,
/// -maxsigcachesize, -checkblocks, -checklevel, -loadblock and -stopafterblockimport with Core's error messages.
/// `net_data_dir` becomes options.data_dir; `cores` is the machine's core count (for -par).
[[nodiscard]] util::Result<ChainstateSetup>
ReadChainstateSetup(const ArgsManager& args, const std::filesystem::path& net_data_dir, unsigned cores);

/// Opens the chainstate (Core's LoadChainstate + VerifyLoadedChainstate): `status` is told "Loading block
/// index…" and then "Verifying blocks…" (the RPC warm-up message). The clock drives the chainstate's
/// notion of now; `events` receives its notifications. Errors are Core's where Core has one
/// ("Corrupted block database detected. ...").
[[nodiscard]] util::Result<std::unique_ptr<chain::Chainstate>>
LoadChainstate(const consensus::ChainParams& params, ChainstateSetup setup, const Clock& clock, ChainEvents& events,
               util::Logger* logger, const std::function<void(const std::string&)>& status);

} // namespace hearth::node

#endif // HEARTH_NODE_CHAINSTATE_SETUP_H
