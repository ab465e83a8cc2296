#include "tiles/memory_store.h"

namespace rxmap::tiles {

TileData MemoryStore::read(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->second;
}

void MemoryStore::write(const std::string& key, TileData tile) {
    if (!tile || tile->size() > max_bytes_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = index_.find(key);
    if (it != index_.end()) erase_locked(it);
    lru_.emplace_front(key, tile);
    index_[key] = lru_.begin();
    bytes_ += tile->size();
    while (bytes_ > max_bytes_ && !lru_.empty()) erase_locked(index_.find(lru_.back().first));
}

void MemoryStore::expire(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = index_.find(key);
    if (it != index_.end()) erase_locked(it);
}

size_t MemoryStore::bytes() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return bytes_;
}

void MemoryStore::erase_locked(
    std::unordered_map<std::string, std::list<std::pair<std::string, TileData>>::iterator>::iterator it) {
    bytes_ -= it->second->second->size();
    lru_.erase(it->second);
    index_.erase(it);
}

}  // namespace rxmap::tiles
