#include "tiles/memory_store.h"

#include "tiles/content_hash.h"
#include "tiles/metatile.h"

namespace rxmap::tiles {

TileData MemoryStore::read(const TileKey& key) {
    if (TileData hit = read_in_memory(key)) return hit;
    ++misses_;
    return nullptr;
}

TileData MemoryStore::read_in_memory(const TileKey& key) {
    const std::string k = key.str();
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = index_.find(k);
    if (it == index_.end()) return nullptr;
    ++hits_;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->data;
}

TileStat MemoryStore::stat(const TileKey& key) {
    const std::string k = key.str();
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = index_.find(k);
    if (it == index_.end()) return {};
    return {true, it->second->data->size(), it->second->mtime};
}

void MemoryStore::write_metatile(const MetatileTiles& m) {
    const std::time_t now = std::time(nullptr);
    std::lock_guard<std::mutex> lock(mutex_);
    for (int row = 0; row < m.n; ++row)
        for (int col = 0; col < m.n; ++col) {
            const size_t i = static_cast<size_t>(row * m.n + col);
            if (i < m.tiles.size() && m.tiles[i]) write_locked(m.origin.at(m.origin.x + col, m.origin.y + row).str(), m.tiles[i], now);
        }
}

TileData MemoryStore::write(const TileKey& key, TileData tile) {
    std::lock_guard<std::mutex> lock(mutex_);
    return write_locked(key.str(), std::move(tile), std::time(nullptr));
}

TileData MemoryStore::write_locked(const std::string& key, TileData tile, std::time_t now) {
    if (!tile || tile->size() + entry_cost(key) > max_bytes_) return tile;
    auto old = index_.find(key);
    if (old != index_.end()) erase_locked(old);
    std::string hash = content_hash(*tile);
    Body& body = bodies_[hash];
    if (body.refs == 0) {
        body.data = std::move(tile);
        bytes_ += body.data->size();
    } else {
        ++dedup_;  // an identical body is held already: share it
    }
    ++body.refs;
    ++written_;
    lru_.push_front(Entry{key, body.data, std::move(hash), now});
    index_[key] = lru_.begin();
    bytes_ += entry_cost(key);
    TileData shared = body.data;
    while (bytes_ > max_bytes_ && !lru_.empty()) erase_locked(index_.find(lru_.back().key));
    return shared;
}

void MemoryStore::expire(const TileKey& key) {
    const Metatile m = metatile_of(key.z, key.x, key.y, key.metatile);
    std::lock_guard<std::mutex> lock(mutex_);
    for (int row = 0; row < m.n; ++row)
        for (int col = 0; col < m.n; ++col) {
            auto it = index_.find(key.at(m.x + col, m.y + row).str());
            if (it != index_.end()) erase_locked(it);
        }
}

void MemoryStore::erase_locked(std::unordered_map<std::string, Lru::iterator>::iterator it) {
    Lru::iterator e = it->second;
    bytes_ -= entry_cost(e->key);
    auto body = bodies_.find(e->hash);
    if (body != bodies_.end() && --body->second.refs == 0) {
        bytes_ -= body->second.data->size();
        bodies_.erase(body);
    }
    index_.erase(it);
    lru_.erase(e);
}

std::size_t MemoryStore::bytes() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return bytes_;
}

std::size_t MemoryStore::entries() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return index_.size();
}

std::size_t MemoryStore::distinct_bodies() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return bodies_.size();
}

void MemoryStore::collect_stats(std::vector<StoreStats>& out) const {
    StoreStats s;
    s.store = "memory";
    s.hits = hits_;
    s.misses = misses_;
    s.tiles_written = written_;
    s.deduplicated = dedup_;
    std::lock_guard<std::mutex> lock(mutex_);
    s.bytes = bytes_;
    s.bodies = bodies_.size();
    out.push_back(s);
}

}  // namespace rxmap::tiles
