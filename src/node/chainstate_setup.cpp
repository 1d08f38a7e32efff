#include <hearth/node/chainstate_setup.h>

#include <hearth/node/chain_events.h>
#include <hearth/node/clock.h>
#include <hearth/util/logging.h>

#include <algorithm>

namespace hearth::node {

namespace {

/// Core's uint256::FromUserHex: an optional "0x", then 1–64 hex digits, zero-padded on the left.
std::optional<primitives::Hash256> HashFromUserHex(std::string_view input)
{
    if (input.starts_with("0x")) input.remove_prefix(2);
    if (input.size() > 64) return std::nullopt;
    const std::string padded = std::string(64 - input.size(), '0') + std::string{input};
    return primitives::Hash256::FromHex(padded);
}

} // namespace

CacheSizes CalculateCacheSizes(int64_t dbcache_mib)
{
    int64_t total = std::clamp(dbcache_mib, MIN_DB_CACHE_MIB, MAX_DB_CACHE_MIB) << 20;
    CacheSizes sizes;
    const int64_t block_tree = std::min(total / 8, MAX_BLOCK_DB_CACHE_MIB << 20);
    total -= block_tree;
    // 25–50% of the rest for LevelDB's coins block cache, capped; everything else is the coins cache.
    int64_t coins_db = std::min(total / 2, total / 4 + (1 << 23));
    coins_db = std::min(coins_db, MAX_COINS_DB_CACHE_MIB << 20);
    total -= coins_db;
    sizes.block_tree_db = static_cast<size_t>(block_tree);
    sizes.coins_db = static_cast<size_t>(coins_db);
    sizes.coins = static_cast<size_t>(total);
    return sizes;
}

util::Result<ChainstateSetup> ReadChainstateSetup(const ArgsManager& args, const std::filesystem::path& net_data_dir,
                                                  unsigned cores)
{
    ChainstateSetup setup;
    chain::ChainstateOptions& opt = setup.options;
    opt.data_dir = net_data_dir;

    // -prune (Core's blockmanager_args.cpp and init.cpp checks).
    const int64_t prune = args.GetIntArg("-prune", 0);
    if (prune < 0) return util::Error{"Prune cannot be configured with a negative value."};
    if (prune == 1) {
        opt.prune_target = 1; // manual pruning via pruneblockchain only
    } else if (prune > 0) {
        const uint64_t target = static_cast<uint64_t>(prune) * 1024 * 1024;
        if (target < chain::MIN_DISK_SPACE_FOR_BLOCK_FILES) {
            return util::Error{"Prune configured below the minimum of " +
                               std::to_string(chain::MIN_DISK_SPACE_FOR_BLOCK_FILES / 1024 / 1024) +
                               " MiB.  Please use a higher number."};
        }
        opt.prune_target = target;
    }
    if (prune != 0) {
        if (args.GetBoolArg("-txindex", false)) return util::Error{"Prune mode is incompatible with -txindex."};
        if (args.GetBoolArg("-reindex-chainstate", false)) {
            return util::Error{"Prune mode is incompatible with -reindex-chainstate. Use full -reindex instead."};
        }
    }
    if (args.GetBoolArg("-fastprune", false)) {
        // Core's -fastprune: 64 KiB block files, so a short regtest chain spans many files that can be pruned.
        opt.block_files.max_blockfile_size = FAST_PRUNE_BLOCKFILE_SIZE;
        opt.block_files.blockfile_chunk_size = FAST_PRUNE_BLOCKFILE_SIZE;
        opt.block_files.undofile_chunk_size = FAST_PRUNE_BLOCKFILE_SIZE;
    }
    opt.reindex = args.GetBoolArg("-reindex", false);
    opt.reindex_chainstate = args.GetBoolArg("-reindex-chainstate", false);

    // -assumevalid (Core's chainstatemanager_args.cpp).
    if (auto value = args.GetArg("-assumevalid")) {
        auto hash = HashFromUserHex(*value);
        if (!hash) {
            return util::Error{"Invalid assumevalid block hash specified (" + *value +
                               "), must be up to 64 hex digits (or 0 to disable)"};
        }
        opt.assume_valid = *hash;
    }

    // -par: 0 = one thread per core, -n = leave n cores free; the validation thread counts as one.
    int64_t par = args.GetIntArg("-par", 0);
    if (par <= 0) par += static_cast<int64_t>(cores);
    opt.script_threads = static_cast<unsigned>(std::clamp<int64_t>(par - 1, 0, MAX_SCRIPTCHECK_THREADS));
    setup.log_lines.push_back("Script verification uses " + std::to_string(opt.script_threads) + " additional threads");

    // -maxsigcachesize (MiB). Core splits it between the signature and script-execution caches; Hearth has
    // only the signature cache, which gets all of it.
    if (auto max_size = args.GetIntArg("-maxsigcachesize")) {
        opt.signature_cache_bytes = static_cast<size_t>(std::max<int64_t>(*max_size, 0)) << 20;
    } else {
        opt.signature_cache_bytes = static_cast<size_t>(DEFAULT_MAX_SIG_CACHE_MIB) << 20;
    }

    // -dbcache.
    setup.dbcache_mib = args.GetIntArg("-dbcache", DEFAULT_DB_CACHE_MIB);
    setup.cache_sizes = CalculateCacheSizes(setup.dbcache_mib);
    opt.block_index_cache_bytes = setup.cache_sizes.block_tree_db;
    opt.coins_db_cache_bytes = setup.cache_sizes.coins_db;
    opt.coins_cache_bytes = setup.cache_sizes.coins;
    auto mib = [](size_t bytes) {
        char buf[32];
        std::snprintf(buf, sizeof(buf), "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
        return std::string{buf};
    };
    setup.log_lines.push_back("Cache configuration:");
    setup.log_lines.push_back("* Using " + mib(setup.cache_sizes.block_tree_db) + " for block index database");
    setup.log_lines.push_back("* Using " + mib(setup.cache_sizes.coins_db) + " for chain state database");
    setup.log_lines.push_back("* Using " + mib(setup.cache_sizes.coins) + " for in-memory UTXO set");

    opt.coins_batch_bytes =
        static_cast<size_t>(std::max<int64_t>(args.GetIntArg("-dbbatchsize", DEFAULT_DB_BATCH_BYTES), 1));

    setup.check_blocks = static_cast<int>(args.GetIntArg("-checkblocks", DEFAULT_CHECKBLOCKS));
    setup.check_level = static_cast<int>(args.GetIntArg("-checklevel", DEFAULT_CHECKLEVEL));
    for (const std::string& file : args.GetArgs("-loadblock")) setup.load_block_files.emplace_back(file);
    setup.stop_after_block_import = args.GetBoolArg("-stopafterblockimport", false);
    return setup;
}

util::Result<std::unique_ptr<chain::Chainstate>> LoadChainstate(const consensus::ChainParams& params,
                                                                ChainstateSetup setup, const Clock& clock,
                                                                ChainEvents& events, util::Logger* logger,
                                                                const std::function<void(const std::string&)>& status)
{
    chain::ChainstateOptions options = std::move(setup.options);
    options.now = [&clock] { return clock.Now(); };
    options.notifications = &events;
    options.logger = logger;
    const bool reindex = options.reindex;
    const bool reindex_chainstate = options.reindex_chainstate;

    if (status) status("Loading block index…");
    if (reindex) util::LogInfo(logger, "Wiping the block index and chainstate for -reindex");
    if (reindex_chainstate) util::LogInfo(logger, "Wiping the chainstate for -reindex-chainstate");
    // Notifications during Open (replayed or newly connected blocks) must not reach a previous chainstate.
    events.SetChainstate(nullptr);
    auto opened = chain::Chainstate::Open(params, std::move(options));
    if (!opened) return util::Error{opened.error()};
    std::unique_ptr<chain::Chainstate> chainstate = std::move(*opened);
    events.SetChainstate(chainstate.get());

    {
        auto lock = chainstate->Lock();
        if (const chain::BlockIndex* tip = chainstate->Tip()) {
            events.SetTip(*tip);
            util::LogInfo(logger, "Loaded best chain: hashBestChain=", tip->GetHash().ToHex(), " height=", tip->height,
                          " date=", tip->time, " progress=", chainstate->VerificationProgress(tip));
        }
        util::LogInfo(logger, "Block index: ", chainstate->BlockIndexMap().size(), " entries");
    }

    if (status) status("Verifying blocks…");
    if (setup.check_blocks != 0 || setup.check_level != 0) {
        // Core skips the check right after a reindex (the blocks were just connected) — so do we.
        if (!reindex && !reindex_chainstate) {
            const int depth = setup.check_blocks;
            util::LogInfo(logger, "Verifying last ", depth <= 0 ? std::string{"all"} : std::to_string(depth),
                          " blocks at level ", std::clamp(setup.check_level, 0, 4));
            auto verified = chainstate->VerifyChain(setup.check_level, depth);
            if (!verified) {
                util::LogError(logger, verified.error());
                return util::Error{"Corrupted block database detected.\nPlease restart with -reindex or "
                                   "-reindex-chainstate to recover."};
            }
            if (!*verified) {
                return util::Error{"Corrupted block database detected.\nPlease restart with -reindex or "
                                   "-reindex-chainstate to recover."};
            }
            util::LogInfo(logger, "Verification: No coin database inconsistencies in last blocks");
        }
    }
    return chainstate;
}

} // namespace hearth::node
