#pragma once
// In-memory LRU tile store bounded in bytes.
#include <list>
#include <mutex>
#include <unordered_map>

#include "tiles/tile_store.h"

namespace rxmap::tiles {

class MemoryStore : public TileStore {
public:
    explicit MemoryStore(size_t max_bytes) : max_bytes_(max_bytes) {}
    TileData read(const std::string& key) override;
    void write(const std::string& key, TileData tile) override;
    void expire(const std::string& key) override;
    size_t bytes() const;

private:
    void erase_locked(std::unordered_map<std::string, std::list<std::pair<std::string, TileData>>::iterator>::iterator it);

    mutable std::mutex mutex_;
    size_t max_bytes_;
    size_t bytes_ = 0;
    std::list<std::pair<std::string, TileData>> lru_;  // most recent first
    std::unordered_map<std::string, std::list<std::pair<std::string, TileData>>::iterator> index_;
};

}  // namespace rxmap::tiles
