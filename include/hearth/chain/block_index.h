#ifndef HEARTH_CHAIN_BLOCK_INDEX_H
#define HEARTH_CHAIN_BLOCK_INDEX_H

// The block index: every header we know, as a tree (each entry points at its parent), with the chain work
// up to it, how far it has been validated, and where its block and undo data are stored. Mirrors Core's
// CBlockIndex (chain.h). Entries never move once created (the owning map is node-based), so raw pointers
// between them stay valid for the life of the BlockMap.

#include <hearth/consensus/header_chain.h>
#include <hearth/primitives/block.h>
#include <hearth/serialize/stream.h>
#include <hearth/storage/block_files.h>
#include <hearth/util/arith_uint256.h>
#include <hearth/util/result.h>

#include <cstdint>
#include <unordered_map>

namespace hearth::chain {

using primitives::Hash256;

/// Validation progress and storage flags of a block index entry (Core's BlockStatus values, so the
/// on-disk status word means the same as Core's).
enum BlockStatus : uint32_t {
    BLOCK_VALID_UNKNOWN = 0,
    /// Parsed, PoW and header checks passed (CheckBlockHeader + ContextualCheckBlockHeader).
    BLOCK_VALID_TREE = 2,
    /// CheckBlock/ContextualCheckBlock passed and all ancestors have data (chain_tx is known).
    BLOCK_VALID_TRANSACTIONS = 3,
    /// Outputs do not overspend, no double spends, coinbase ok, BIP30; implies TRANSACTIONS.
    BLOCK_VALID_CHAIN = 4,
    /// Scripts and signatures ok; implies CHAIN.
    BLOCK_VALID_SCRIPTS = 5,
    BLOCK_VALID_MASK = 7,

    BLOCK_HAVE_DATA = 8,  ///< full block in blk*.dat
    BLOCK_HAVE_UNDO = 16, ///< undo data in rev*.dat
    BLOCK_HAVE_MASK = BLOCK_HAVE_DATA | BLOCK_HAVE_UNDO,

    BLOCK_FAILED_VALID = 32, ///< this block failed validation
    BLOCK_FAILED_CHILD = 64, ///< descends from a failed block
    BLOCK_FAILED_MASK = BLOCK_FAILED_VALID | BLOCK_FAILED_CHILD,

    BLOCK_OPT_WITNESS = 128, ///< connected with witness checks (segwit active)
};

struct BlockIndex {
    /// Hash of this block; points at the key of the owning map.
    const Hash256* hash{nullptr};
    BlockIndex* prev{nullptr};
    /// An ancestor further back, for O(log n) GetAncestor (Core's pskip).
    BlockIndex* skip{nullptr};
    int height{0};
    /// Total work of the chain up to and including this block.
    util::ArithUint256 chain_work;
    /// Transactions in this block (0 until the block's data is known).
    uint32_t tx_count{0};
    /// Transactions in the chain up to and including this block; 0 unless this block and all its
    /// ancestors have data (then the block can be connected).
    uint64_t chain_tx{0};
    uint32_t status{BLOCK_VALID_UNKNOWN};
    /// Where the block and its undo data are (file -1: not stored).
    int32_t file{-1};
    uint32_t data_pos{0};
    uint32_t undo_pos{0};
    /// Order in which block data arrived; breaks ties between equal-work tips (first seen wins).
    int32_t sequence_id{0};
    /// max(time) over this block and its ancestors.
    uint32_t time_max{0};

    // Header fields.
    int32_t version{0};
    Hash256 merkle_root;
    uint32_t time{0};
    uint32_t bits{0};
    uint32_t nonce{0};

    const Hash256& GetHash() const { return *hash; }
    primitives::BlockHeader GetHeader() const;
    /// Ancestor at `h` (nullptr if h is negative or above this block's height).
    BlockIndex* GetAncestor(int h);
    const BlockIndex* GetAncestor(int h) const;
    /// BIP113 median of the times of this block and its 10 predecessors.
    int64_t GetMedianTimePast() const;
    /// Sets `skip`; call once `prev` and `height` are set.
    void BuildSkip();

    /// True if validated at least to `up_to` and not failed.
    bool IsValid(uint32_t up_to = BLOCK_VALID_TRANSACTIONS) const
    {
        if (status & BLOCK_FAILED_MASK) return false;
        return (status & BLOCK_VALID_MASK) >= up_to;
    }
    /// Raises the validity level to `up_to`; returns true if it changed. Never lowers it.
    bool RaiseValidity(uint32_t up_to)
    {
        if (status & BLOCK_FAILED_MASK) return false;
        if ((status & BLOCK_VALID_MASK) < up_to) {
            status = (status & ~uint32_t{BLOCK_VALID_MASK}) | up_to;
            return true;
        }
        return false;
    }
    storage::FlatFilePos BlockPos() const
    {
        return status & BLOCK_HAVE_DATA ? storage::FlatFilePos{file, data_pos} : storage::FlatFilePos{};
    }
    storage::FlatFilePos UndoPos() const
    {
        return status & BLOCK_HAVE_UNDO ? storage::FlatFilePos{file, undo_pos} : storage::FlatFilePos{};
    }
};

/// The last block both `a` and `b` descend from (nullptr if they share none).
const BlockIndex* LastCommonAncestor(const BlockIndex* a, const BlockIndex* b);

/// Hash functor for maps keyed by block hash (the hash is already uniform).
struct BlockHashHasher {
    size_t operator()(const Hash256& h) const { return static_cast<size_t>(h.GetUint64(0)); }
};

/// Owns every BlockIndex entry, keyed by block hash. Node-based: entries never move.
using BlockMap = std::unordered_map<Hash256, BlockIndex, BlockHashHasher>;

/// HeaderChainView (consensus checks) over the branch ending at `tip` (nullptr: empty branch).
class BlockIndexHeaderView final : public consensus::HeaderChainView
{
public:
    explicit BlockIndexHeaderView(const BlockIndex* tip) : m_tip{tip} {}
    int TipHeight() const override { return m_tip ? m_tip->height : -1; }
    consensus::ChainHeader HeaderAt(int height) const override;
    int64_t MedianTimePast(int height) const override;

private:
    const BlockIndex* m_tip;
};

/// The block index record as stored in blocks/index (key 'b' ‖ hash), Core's CDiskBlockIndex layout:
/// VARINT(client version) VARINT(height) VARINT(status) VARINT(tx_count) [VARINT(file)] [VARINT(data_pos)]
/// [VARINT(undo_pos)] then the 80-byte header minus nothing (version, prev hash, merkle root, time, bits,
/// nonce). File and positions appear only when the status has data/undo.
struct DiskBlockIndex {
    int height{0};
    uint32_t status{0};
    uint32_t tx_count{0};
    int32_t file{-1};
    uint32_t data_pos{0};
    uint32_t undo_pos{0};
    primitives::BlockHeader header;

    static DiskBlockIndex From(const BlockIndex& index);
};

util::Bytes EncodeDiskBlockIndex(const DiskBlockIndex& record);
util::Result<DiskBlockIndex> DecodeDiskBlockIndex(util::ByteSpan bytes);

} // namespace hearth::chain

#endif // HEARTH_CHAIN_BLOCK_INDEX_H
