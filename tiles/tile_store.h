#pragma once
// Where rendered tiles are kept (after mod_tile's store.h): one small interface,
// one file per backend. Keys carry the layer, scale, address and data version.
#include <memory>
#include <string>

namespace rxmap::tiles {

using TileData = std::shared_ptr<const std::string>;

class TileStore {
public:
    virtual ~TileStore() = default;
    virtual TileData read(const std::string& key) = 0;  // nullptr when absent
    virtual void write(const std::string& key, TileData tile) = 0;
    virtual void expire(const std::string& key) = 0;
};

}  // namespace rxmap::tiles
