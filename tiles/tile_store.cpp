#include "tiles/tile_store.h"

namespace rxmap::tiles {

std::string TileKey::str() const {
    return version + '/' + layer + '/' + std::to_string(scale) + '/' + std::to_string(z) + '/' + std::to_string(x) +
           '/' + std::to_string(y);
}

TileKey TileKey::at(int tx, int ty) const {
    TileKey k = *this;
    k.x = tx;
    k.y = ty;
    return k;
}

}  // namespace rxmap::tiles
