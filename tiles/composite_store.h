#pragma once
// A memory store in front of a disk store: reads try memory, then disk (and keep
// what disk had in memory); writes and expiries go to both.
#include <memory>

#include "tiles/memory_store.h"
#include "tiles/tile_store.h"

namespace rxmap::tiles {

class CompositeStore : public TileStore {
public:
    CompositeStore(std::shared_ptr<MemoryStore> front, std::shared_ptr<TileStore> back)
        : front_(std::move(front)), back_(std::move(back)) {}

    TileData read(const TileKey& key) override;
    HeldTile read_in_memory(const TileKey& key) override { return front_->read_in_memory(key); }
    TileStat stat(const TileKey& key) override;
    void write_metatile(const MetatileTiles& metatile) override;
    void expire(const TileKey& key) override;
    void collect_stats(std::vector<StoreStats>& out) const override;

private:
    std::shared_ptr<MemoryStore> front_;
    std::shared_ptr<TileStore> back_;
};

}  // namespace rxmap::tiles
