#include "tiles/metatile.h"

#include <mapnik/agg_renderer.hpp>
#include <mapnik/map.hpp>
#include <mapnik/image.hpp>
#include <mapnik/image_util.hpp>
#include <mapnik/image_view.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include "tiles/tile_math.h"

namespace rxmap::tiles {

namespace {

constexpr const char* kTileFormat = "png8:m=h:z=1";

// The colour of a tile whose pixels are all alike, or nothing.
std::optional<std::uint32_t> uniform_colour(const mapnik::image_view_rgba8& view) {
    const std::uint32_t first = view(0, 0);
    for (unsigned y = 0; y < view.height(); ++y) {
        const std::uint32_t* row = view.get_row(y);
        for (unsigned x = 0; x < view.width(); ++x)
            if (row[x] != first) return std::nullopt;
    }
    return first;
}

}  // namespace

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

    // PNG encoding (palette quantization) costs three times the rendering; most tiles of a
    // metatile are one colour (sea, or the inside of a large area), and a one-colour tile's
    // PNG depends only on that colour: encode it once per colour.
    std::unordered_map<std::uint32_t, std::string> uniform;
    std::vector<std::string> tiles;
    tiles.reserve(meta.n * meta.n);
    for (int row = 0; row < meta.n; ++row)
        for (int col = 0; col < meta.n; ++col) {
            mapnik::image_view_rgba8 view(col * tile_px, row * tile_px, tile_px, tile_px, image);
            const auto colour = uniform_colour(view);
            if (!colour) {
                tiles.push_back(mapnik::save_to_string(view, kTileFormat));
                continue;
            }
            auto it = uniform.find(*colour);
            if (it == uniform.end()) it = uniform.emplace(*colour, mapnik::save_to_string(view, kTileFormat)).first;
            tiles.push_back(it->second);
        }
    return tiles;
}

}  // namespace rxmap::tiles
