#include "tiles/metatile.h"

#include <mapnik/agg_renderer.hpp>
#include <mapnik/map.hpp>
#include <mapnik/image.hpp>
#include <mapnik/image_view.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>

#include "common/tile_math.h"
#include "tiles/blank_metatile.h"
#include "tiles/tile_png.h"

namespace rxmap::tiles {

namespace {

// The PNG of a one-colour tile depends only on its colour and size: encoded once per process
// (most tiles are sea, or the inside of a large area). Bounded, for maps of many colours.
constexpr std::size_t kMaxUniformTiles = 4096;

// encode() makes the PNG when it is not cached yet.
template <typename Encode>
std::string uniform_tile_png(std::uint32_t colour, int tile_px, Encode encode) {
    static std::mutex mutex;
    static std::map<std::pair<std::uint32_t, int>, std::string> cache;
    const std::pair<std::uint32_t, int> key{colour, tile_px};
    {
        std::lock_guard lock(mutex);
        if (auto it = cache.find(key); it != cache.end()) return it->second;
    }
    std::string png = encode();
    std::lock_guard lock(mutex);
    if (cache.size() < kMaxUniformTiles) cache.emplace(key, png);
    return png;
}

// n*n copies of the PNG of a tile of one colour, without rendering.
std::vector<std::string> blank_tiles(std::uint32_t colour, int tile_px, int n) {
    const std::string png = uniform_tile_png(colour, tile_px, [&] {
        mapnik::image_rgba8 tile(tile_px, tile_px, false);
        tile.set(colour);
        return encode_tile_png(mapnik::image_view_rgba8(0, 0, tile_px, tile_px, tile));
    });
    return std::vector<std::string>(static_cast<std::size_t>(n) * n, png);
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
    if (const auto colour = blank_colour(map, scale)) return blank_tiles(*colour, tile_px, meta.n);

    // The renderer paints the map's background over every pixel first: zeroing them before
    // would be a second pass over the whole image (16 MiB at 1x).
    mapnik::image_rgba8 image(size_px, size_px, !map.background());
    mapnik::agg_renderer<mapnik::image_rgba8> renderer(map, image, scale);
    renderer.apply();

    // Mapnik's png8 encoder cost three times the rendering: tiles/tile_png.* writes the same
    // bytes from each distinct colour once, and a one-colour tile is not encoded again.
    std::vector<std::string> tiles;
    tiles.reserve(meta.n * meta.n);
    for (int row = 0; row < meta.n; ++row)
        for (int col = 0; col < meta.n; ++col) {
            mapnik::image_view_rgba8 view(col * tile_px, row * tile_px, tile_px, tile_px, image);
            const auto colour = uniform_colour(view);
            tiles.push_back(colour ? uniform_tile_png(*colour, tile_px, [&] { return encode_tile_png(view); })
                                   : encode_tile_png(view));
        }
    return tiles;
}

}  // namespace rxmap::tiles
