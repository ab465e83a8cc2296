#include "tiles/store_factory.h"

#include <stdexcept>

#include "tiles/composite_store.h"
#include "tiles/disk_store.h"
#include "tiles/memory_store.h"

namespace rxmap::tiles {

namespace {

constexpr std::string_view kFile = "file://";
constexpr std::string_view kRedis = "redis://";

bool starts_with(const std::string& s, std::string_view prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// A store behind memory: file:// or redis://.
std::shared_ptr<TileStore> back_store(const std::string& url, TileCache& cache) {
    if (starts_with(url, kFile)) {
        const std::string folder = url.substr(kFile.size());
        if (folder.empty()) throw std::invalid_argument("tile cache " + url + ": no folder after file://");
        return std::make_shared<DiskStore>(folder);
    }
    if (starts_with(url, kRedis)) {
        cache.shared = std::make_shared<RedisStore>(parse_redis_url(url));
        return cache.shared;
    }
    throw std::invalid_argument("tile cache '" + url + "': expected memory, file:///folder or redis://host:port");
}

}  // namespace

std::string file_store_url(const std::string& folder) { return std::string(kFile) + folder; }

TileCache make_tile_cache(const std::vector<std::string>& urls, std::size_t memory_bytes) {
    if (urls.empty()) throw std::invalid_argument("tile cache: no store named");
    TileCache cache;
    const bool memory_in_front = urls.front() == "memory";
    const std::size_t backs = urls.size() - (memory_in_front ? 1 : 0);
    for (std::size_t i = 1; i < urls.size(); ++i)
        if (urls[i] == "memory") throw std::invalid_argument("tile cache: memory goes in front of the other stores");
    if (backs > 1)
        throw std::invalid_argument("tile cache: one store behind memory, not " + std::to_string(backs) +
                                    " (choose file:// or redis://)");
    std::shared_ptr<TileStore> back = backs ? back_store(urls.back(), cache) : nullptr;
    if (!memory_in_front) {
        cache.store = back;
        return cache;
    }
    auto memory = std::make_shared<MemoryStore>(memory_bytes);
    cache.store = back ? std::shared_ptr<TileStore>(std::make_shared<CompositeStore>(memory, back)) : memory;
    return cache;
}

}  // namespace rxmap::tiles
