#pragma once
// In-memory tile store bounded in bytes. Identical tile bodies (the sea, "no
// data") are kept once: every key holding them shares one shared_ptr, and the
// bound counts each distinct body once plus a small cost per key.
//
// Built for the hit, which the server answers on its I/O threads: no key string is
// built, the entry is found in one open-addressing lookup under the lock of one of 16 shards
// of the index (the I/O threads rarely meet on one), and nothing is written unless
// the entry was not marked as read yet. Writes and evictions take the store's lock
// and then a shard's: the ring, the bodies and the byte count are the store's. Eviction is CLOCK (second chance), an
// approximation of least-recently-used: a read marks the entry; the sweep from the
// oldest end spares a marked entry once (clearing the mark) and evicts the first
// unmarked one.
#include <array>
#include <atomic>
#include <cstdint>
#include <ctime>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include <absl/container/flat_hash_map.h>

#include "tiles/tile_store.h"

namespace rxmap::tiles {

class MemoryStore : public TileStore {
public:
    static constexpr std::size_t kEntryOverhead = 128;  // index node, ring node, bookkeeping

    explicit MemoryStore(std::size_t max_bytes) : max_bytes_(max_bytes) {}

    TileData read(const TileKey& key) override;
    HeldTile read_in_memory(const TileKey& key) override;
    TileStat stat(const TileKey& key) override;
    void write_metatile(const MetatileTiles& metatile) override;
    void expire(const TileKey& key) override;
    void collect_stats(std::vector<StoreStats>& out) const override;

    // One tile (a composite store fills memory from disk with it). Returns the shared body.
    TileData write(const TileKey& key, TileData tile);

    std::size_t bytes() const;
    std::size_t entries() const;
    std::size_t distinct_bodies() const;

private:
    // Entries are indexed by the tile's fingerprint: the hash of its version and layer
    // (`identity`) mixed with its address (a bijection of scale, z, x, y). An entry
    // matches a key when both its fingerprint and its identity do, so the address always
    // matches exactly; version and layer match up to a 64-bit hash of those strings.
    struct Entry {
        std::uint64_t identity;
        TileData data;
        std::uint64_t body_hash;    // fnv1a_64 of the bytes
        const std::string* sha1;    // the body's key in bodies_
        std::time_t mtime;
        std::list<std::uint64_t>::iterator place;  // in ring_
        bool read_since_sweep = false;
    };
    struct Body {
        TileData data;
        std::uint64_t fnv = 0;
        std::size_t refs = 0;
    };
    // Open addressing (one probe of a flat array for most hits): std::unordered_map's bucket
    // modulo and node chase were ~6 % of the server's CPU at 64 connections (perf, bench/README).
    using Index = absl::flat_hash_map<std::uint64_t, Entry>;
    // A part of the index, chosen by the fingerprint's top bits; on its own cache lines.
    struct alignas(64) Shard {
        mutable std::mutex mutex;
        Index index;
        std::uint64_t hits = 0;  // under mutex: no counter shared by the I/O threads
    };
    static constexpr std::size_t kShards = 16;
    struct Fingerprint {
        std::uint64_t index;     // the index's key: identity mixed with the address
        std::uint64_t identity;  // of version and layer
    };

    static Fingerprint fingerprint(const TileKey& key);
    Shard& shard_of(std::uint64_t index_key) { return shards_[index_key >> 60]; }
    // The entry of that fingerprint in its shard (whose lock is held), or end.
    static Index::iterator find_locked(Shard& shard, const Fingerprint& fp);
    // These hold mutex_; they take the shards' locks themselves.
    TileData write_locked(const TileKey& key, TileData tile, std::time_t now);
    void evict_locked();
    // Holds mutex_ and shard.mutex.
    void erase_locked(Shard& shard, Index::iterator it);

    static_assert(kShards == 16, "shard_of takes the fingerprint's top 4 bits");
    mutable std::mutex mutex_;  // ring_, bodies_, bytes_; taken before a shard's
    std::size_t max_bytes_;
    std::size_t bytes_ = 0;
    std::array<Shard, kShards> shards_;  // by fingerprint (one entry per fingerprint)
    std::list<std::uint64_t> ring_;      // fingerprints, newest first; the sweep starts at the back
    std::unordered_map<std::string, Body> bodies_;  // SHA-1 of the bytes -> body
    std::atomic<std::uint64_t> misses_{0}, written_{0}, dedup_{0};
};

}  // namespace rxmap::tiles
