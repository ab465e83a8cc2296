#pragma once
// Where rendered tiles are kept, after mod_tile's store.h: read a tile, stat it,
// write a whole metatile at once, expire. One file per backend (memory_store,
// disk_store, composite_store); adding a backend touches nothing else.
//
// Keys carry a version (data fingerprint + style hash, see TileEngine), so new
// data or a new style is never served from old tiles, without deleting anything.
#include <cstdint>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tiles/held_tile.h"

namespace rxmap::tiles {

using TileData = std::shared_ptr<const std::string>;

struct TileKey {
    std::string version;  // changes with the data or the style: "<data>-<style>" (path-safe)
    std::string layer;    // variant key: "population/2020/ward"
    int scale = 1;        // 1 = 256 px, 2 = 512 px
    int z = 0, x = 0, y = 0;
    int metatile = 8;     // metatile size the layer renders with (stores that keep metatiles use it)

    std::string str() const;  // "version/layer/scale/z/x/y"
    TileKey at(int tx, int ty) const;  // the same layer and version, another tile of zoom z
};

struct TileStat {
    bool exists = false;
    std::size_t size = 0;  // bytes of the tile body
    std::time_t mtime = 0;  // when its metatile was written
};

// All n*n tiles of one metatile, row-major from its top-left tile `origin`.
struct MetatileTiles {
    TileKey origin;
    int n = 1;
    std::vector<TileData> tiles;
};

// Counters a backend keeps (for /metrics): one entry per backend.
struct StoreStats {
    std::string store;           // "memory", "disk"
    std::uint64_t hits = 0, misses = 0;
    std::uint64_t tiles_written = 0;
    std::uint64_t deduplicated = 0;  // tiles whose body was already stored (sea, "no data" ...)
    std::uint64_t bytes = 0;         // bytes held (memory: bodies + entries; disk: bodies written by this process)
    std::uint64_t bodies = 0;        // distinct tile bodies held (memory) or written (disk)
    std::uint64_t corrupt = 0;       // reads whose body failed its content hash (removed, rendered again)
    std::map<std::string, std::uint64_t> write_errors;  // failed writes by cause ("ENOSPC", "EROFS" ...)
};

class TileStore {
public:
    virtual ~TileStore() = default;
    // nullptr when absent. May block on I/O (disk, network). A store that keeps tiles
    // outside this process checks each body against the hash that names it (or is stored
    // with it) first: a body that fails is counted (StoreStats::corrupt), removed and
    // read as absent, so the engine renders the tile again.
    virtual TileData read(const TileKey& key) = 0;
    // What this process holds in memory, or nothing; never blocks on I/O, so the
    // server may call it on an I/O thread. A miss here says nothing of disk or Redis.
    // A memory hit counts as a hit; a miss is not counted (the read() after it is).
    virtual HeldTile read_in_memory(const TileKey& key) {
        (void)key;
        return {};
    }
    virtual TileStat stat(const TileKey& key) = 0;
    // Stores every tile of the metatile; a reader sees all of them or none.
    virtual void write_metatile(const MetatileTiles& metatile) = 0;
    // Drops the metatile holding key: its tiles are rendered again on the next request.
    virtual void expire(const TileKey& key) = 0;
    virtual void collect_stats(std::vector<StoreStats>& out) const = 0;
};

}  // namespace rxmap::tiles
