#include "tiles/metatile.h"

#include <mapnik/agg_renderer.hpp>
#include <mapnik/map.hpp>
#include <mapnik/image.hpp>
#include <mapnik/image_util.hpp>
#include <mapnik/image_view.hpp>

#include <algorithm>

#include "tiles/tile_math.h"

namespace rxmap::tiles {

Metatile metatile_of(int z, int x, int y, int size) {
    const int n = std::max(1, std::min(size, 1 << z));
    return {z, x / n * n, y / n * n, n};
}

std::vector<std::string> render_metatile(mapnik::Map& map, const Metatile& meta, int scale) {
    const int tile_px = 256 * scale;
    const int size_px = tile_px * meta.n;
    const Bounds b = block_bounds(meta.z, meta.x, meta.y, meta.n);
    map.resize(size_px, size_px);
    map.zoom_to_box(mapnik::box2d<double>(b.minx, b.miny, b.maxx, b.maxy));

    mapnik::image_rgba8 image(size_px, size_px);
    mapnik::agg_renderer<mapnik::image_rgba8> renderer(map, image, scale);
    renderer.apply();

    std::vector<std::string> tiles;
    tiles.reserve(meta.n * meta.n);
    for (int row = 0; row < meta.n; ++row)
        for (int col = 0; col < meta.n; ++col) {
            mapnik::image_view_rgba8 view(col * tile_px, row * tile_px, tile_px, tile_px, image);
            tiles.push_back(mapnik::save_to_string(view, "png8:m=h:z=1"));
        }
    return tiles;
}

}  // namespace rxmap::tiles
