#pragma once
// In-memory LRU tile store bounded in bytes. Identical tile bodies (the sea, "no
// data") are kept once: every key holding them shares one shared_ptr, and the
// bound counts each distinct body once plus a small cost per key.
#include <atomic>
#include <ctime>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "tiles/tile_store.h"

namespace rxmap::tiles {

class MemoryStore : public TileStore {
public:
    static constexpr std::size_t kEntryOverhead = 96;  // list node, index slot, key bookkeeping

    explicit MemoryStore(std::size_t max_bytes) : max_bytes_(max_bytes) {}

    TileData read(const TileKey& key) override;
    TileData read_in_memory(const TileKey& key) override;
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
    struct Entry {
        std::string key;
        TileData data;
        std::string hash;
        std::time_t mtime;
    };
    struct Body {
        TileData data;
        std::size_t refs = 0;
    };
    using Lru = std::list<Entry>;

    TileData write_locked(const std::string& key, TileData tile, std::time_t now);
    void erase_locked(std::unordered_map<std::string, Lru::iterator>::iterator it);
    std::size_t entry_cost(const std::string& key) const { return kEntryOverhead + key.size(); }

    mutable std::mutex mutex_;
    std::size_t max_bytes_;
    std::size_t bytes_ = 0;
    Lru lru_;  // most recent first
    std::unordered_map<std::string, Lru::iterator> index_;
    std::unordered_map<std::string, Body> bodies_;  // content hash -> body
    std::atomic<std::uint64_t> hits_{0}, misses_{0}, written_{0}, dedup_{0};
};

}  // namespace rxmap::tiles
