// tiles/tile_png.*: the fast tile encoder writes the very bytes Mapnik's png8 encoder writes,
// on rendered tiles of the real map (1x and @2x, sea, coasts, dense cities, labels) and on
// images built to reach its other paths (> 256 colours, translucent and invisible pixels).
#include <gtest/gtest.h>

#include <mapnik/agg_renderer.hpp>
#include <mapnik/image.hpp>
#include <mapnik/image_util.hpp>
#include <mapnik/image_view.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/map.hpp>

#include <chrono>
#include <filesystem>

#include "engine_fixture.h"
#include "styles/choropleth.h"
#include "styles/mapnik_resources.h"
#include "tilesets/export_style.h"
#include "tiles/hextree_palette.h"
#include "tiles/metatile.h"
#include "common/tile_math.h"
#include "tiles/tile_png.h"

using namespace rxmap;
using namespace rxmap::tiles;
namespace fs = std::filesystem;

namespace {

constexpr const char* kMapnikFormat = "png8:m=h:z=1";

std::string mapnik_png(const mapnik::image_view_rgba8& view) { return mapnik::save_to_string(view, kMapnikFormat); }

std::uint32_t argb(unsigned r, unsigned g, unsigned b, unsigned a) { return (a << 24) | (b << 16) | (g << 8) | r; }

// The exported population style, loaded once; its files are removed at exit.
struct ExportedMap {
    fs::path dir = fs::temp_directory_path() /
                   ("rxmap-tile-png-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    mapnik::Map map{256, 256};
    ExportedMap() {
        styles::register_mapnik_resources();
        const auto& catalog = *test::real_catalog();
        const catalog::Variant v = *catalog.resolve("population");
        mapnik::load_map(map, export_style(styles::choropleth(catalog, v), v.year, catalog.atlas(), dir.string()), true);
    }
    ~ExportedMap() { fs::remove_all(dir); }
};

mapnik::Map& population_map() {
    static ExportedMap exported;
    return exported.map;
}

mapnik::image_rgba8 render(const Metatile& meta, int scale) {
    mapnik::Map& map = population_map();
    const int size = 256 * scale * meta.n;
    const Bounds b = block_bounds(meta.z, meta.x, meta.y, meta.n);
    map.resize(size, size);
    map.zoom_to_box(mapnik::box2d<double>(b.minx, b.miny, b.maxx, b.maxy));
    mapnik::image_rgba8 image(size, size);
    mapnik::agg_renderer<mapnik::image_rgba8> renderer(map, image, scale);
    renderer.apply();
    return image;
}

}  // namespace

TEST(TilePng, SameBytesAsMapnikOnRenderedTiles) {
    int compared = 0, mixed = 0;
    // Japan at z5, 関東 at z8, 東京 at z10 and z12 (dense wards, labels), 1x and @2x.
    for (const auto& [meta, scale] : {std::pair{Metatile{5, 24, 8, 8}, 1}, std::pair{Metatile{8, 224, 96, 8}, 1},
                                      std::pair{Metatile{10, 904, 400, 8}, 1}, std::pair{Metatile{12, 3636, 1612, 4}, 2},
                                      std::pair{Metatile{8, 224, 96, 4}, 2}}) {
        const mapnik::image_rgba8 image = render(meta, scale);
        const int tile = 256 * scale;
        for (int row = 0; row < meta.n; ++row)
            for (int col = 0; col < meta.n; ++col) {
                mapnik::image_view_rgba8 view(col * tile, row * tile, tile, tile, image);
                const std::string ours = encode_tile_png(view);
                ASSERT_EQ(ours, mapnik_png(view)) << "z" << meta.z << " tile " << meta.x + col << "/" << meta.y + row
                                                  << " @" << scale << "x";
                ++compared;
                mixed += !uniform_colour(view);
            }
    }
    EXPECT_EQ(compared, 3 * 64 + 2 * 16);
    EXPECT_GT(mixed, 100);  // most of these tiles are not plain sea: the palette path was exercised
}

TEST(TilePng, SameBytesWithManyColoursAndTranslucentPixels) {
    // A gradient of 65,536 colours makes the tree choose 256 of them; translucent pixels
    // go first in the palette.
    mapnik::image_rgba8 image(256, 256);
    for (unsigned y = 0; y < 256; ++y)
        for (unsigned x = 0; x < 256; ++x) image(x, y) = argb(x, y, (x * 7 + y * 3) & 255, y < 32 ? 128 : 255);
    mapnik::image_view_rgba8 whole(0, 0, 256, 256, image);
    EXPECT_EQ(encode_tile_png(whole), mapnik_png(whole));
    // Few colours: a 4-bit PNG; two colours: still 4-bit in Mapnik's rules; one colour: 1-bit.
    mapnik::image_rgba8 few(256, 256);
    for (unsigned y = 0; y < 256; ++y)
        for (unsigned x = 0; x < 256; ++x) few(x, y) = argb(x < 128 ? 200 : 20, 40 * (y / 64), 90, 255);
    mapnik::image_view_rgba8 few_view(0, 0, 256, 256, few);
    EXPECT_EQ(encode_tile_png(few_view), mapnik_png(few_view));
    mapnik::image_view_rgba8 left(0, 0, 64, 64, few);
    EXPECT_EQ(encode_tile_png(left), mapnik_png(left));
}

TEST(TilePng, InvisiblePixelsAreLeftToMapnik) {
    mapnik::image_rgba8 image(256, 256);
    for (unsigned y = 0; y < 256; ++y)
        for (unsigned x = 0; x < 256; ++x) image(x, y) = x < 100 ? argb(0, 0, 0, 0) : argb(180, 90, 30, 255);
    mapnik::image_view_rgba8 view(0, 0, 256, 256, image);
    EXPECT_EQ(encode_tile_png(view), mapnik_png(view));
}

TEST(TilePng, RenderMetatileGivesMapnikBytesForEveryTile) {
    const Metatile meta{9, 448, 200, 8};  // 関東's coast: sea, land and labels
    const std::vector<std::string> tiles = render_metatile(population_map(), meta, 1);
    const mapnik::image_rgba8 image = render(meta, 1);
    ASSERT_EQ(tiles.size(), 64u);
    for (int i = 0; i < 64; ++i) {
        mapnik::image_view_rgba8 view(i % 8 * 256, i / 8 * 256, 256, 256, image);
        EXPECT_EQ(tiles[static_cast<std::size_t>(i)], mapnik_png(view)) << "tile " << i;
    }
    // A second render reuses the cached bytes of its one-colour tiles: still the same.
    EXPECT_EQ(render_metatile(population_map(), meta, 1), tiles);
}

TEST(TilePng, PaletteOrderIsMapniks) {
    // hextree_palette's inlined order and its numeric key against Mapnik's own comparison, on
    // colours that tie on their sum (the tie-breaks) and on random ones.
    std::uint32_t state = 12345;
    auto next = [&] { return state = state * 1664525u + 1013904223u; };
    const mapnik::rgba::mean_sort_cmp mapnik_order;
    for (int i = 0; i < 200000; ++i) {
        const mapnik::rgba x(next()), y(i % 2 ? mapnik::rgba(next()) : mapnik::rgba(x.g, x.r, x.b, x.a));
        ASSERT_EQ(mean_order(x, y), mapnik_order(x, y)) << i;
        ASSERT_EQ(mean_key(x) < mean_key(y), mapnik_order(x, y)) << i;
    }
}
