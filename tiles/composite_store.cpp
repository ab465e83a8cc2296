#include "tiles/composite_store.h"

namespace rxmap::tiles {

TileData CompositeStore::read(const TileKey& key) {
    if (TileData hit = front_->read(key)) return hit;
    TileData hit = back_->read(key);
    return hit ? front_->write(key, std::move(hit)) : nullptr;
}

TileStat CompositeStore::stat(const TileKey& key) {
    TileStat s = front_->stat(key);
    return s.exists ? s : back_->stat(key);
}

void CompositeStore::write_metatile(const MetatileTiles& m) {
    back_->write_metatile(m);  // disk first: memory may evict at once
    front_->write_metatile(m);
}

void CompositeStore::expire(const TileKey& key) {
    back_->expire(key);
    front_->expire(key);
}

void CompositeStore::collect_stats(std::vector<StoreStats>& out) const {
    front_->collect_stats(out);
    back_->collect_stats(out);
}

}  // namespace rxmap::tiles
