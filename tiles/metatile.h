#pragma once
// Metatiles: n x n tiles rendered in one Mapnik pass so that labels are placed
// once for the whole block and never cut or doubled at tile edges.
#include <string>
#include <vector>

namespace mapnik {
class Map;
}

namespace rxmap::tiles {

struct Metatile {
    int z = 0, x = 0, y = 0;  // top-left tile, aligned to n
    int n = 1;                // tiles per side (smaller than asked near z0: at most 2^z)
};

// size should be a power of two (the engine checks), so metatiles tile the world exactly.
Metatile metatile_of(int z, int x, int y, int size);

// Renders with AGG at scale (1 = 256-px tiles, 2 = 512-px) and slices the image
// into n*n PNGs, row-major from the top-left tile.
std::vector<std::string> render_metatile(mapnik::Map& map, const Metatile& meta, int scale);

}  // namespace rxmap::tiles
