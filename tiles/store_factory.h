#pragma once
// The one place a tile cache is put together, from URLs read front to back:
//
//   memory                               this process's LRU (memory_bytes), always in front
//   file:///var/cache/rxmap              a DiskStore under that folder (one node)
//   redis://host:port[/db][?prefix=…]    a RedisStore shared by every node (redis_store.h)
//
// "memory" alone, one back store alone (`rxmap seed --shared-cache` writes only Redis), or
// memory in front of one back store (CompositeStore). `rxmap serve` and `rxmap seed` both
// describe their cache this way; the engine builds its default ("memory" or memory + file://).
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "tiles/redis_store.h"
#include "tiles/tile_store.h"

namespace rxmap::tiles {

struct TileCache {
    std::shared_ptr<TileStore> store;    // what the engine reads and writes
    std::shared_ptr<RedisStore> shared;  // the Redis layer when there is one (its metrics); else null
};

// Throws std::invalid_argument naming the URL for an unknown scheme, an empty list, a
// memory layer anywhere but in front, or more than one back store.
TileCache make_tile_cache(const std::vector<std::string>& urls, std::size_t memory_bytes);

// "file://" + folder: the URL of a DiskStore (a plain path, not percent-encoded).
std::string file_store_url(const std::string& folder);

}  // namespace rxmap::tiles
