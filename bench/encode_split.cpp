// bench/encode_split.cpp — where the time of a cold metatile goes. Built with tiles/tile_png.cpp
// and tiles/hextree_palette.cpp and run by bench/run.sh (single thread):
//
//   encode_split MAP_XML METATILE_LIST      (list: "x y z" of each metatile's top-left tile)
//
// For each metatile: render it as rxmap's tiles/metatile.cpp does (8x8, clamped to 2^z; Mapnik
// agg renderer), then encode each 256-px tile three ways: Mapnik's "png8:m=h:z=1" (what renderd
// does); the same with a uniform-tile shortcut (a one-colour tile encoded once per colour, the
// bytes reused: rxmap before issue 24); and rxmap's encoder (tiles/tile_png: one-colour tiles
// once per colour, the others by distinct colour). Every tile's bytes are compared with Mapnik's.
// Prints one line: metatiles tiles uniform render_ms encode_ms encode_shortcut_ms encode_rxmap_ms differing
#include <mapnik/agg_renderer.hpp>
#include <mapnik/datasource_cache.hpp>
#include <mapnik/font_engine_freetype.hpp>
#include <mapnik/image.hpp>
#include <mapnik/image_util.hpp>
#include <mapnik/image_view.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/map.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <unordered_map>

#include "tiles/tile_png.h"

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

bool uniform(const mapnik::image_view_rgba8& v) {
    const std::uint32_t* first = v.get_row(0);
    for (unsigned x = 1; x < v.width(); ++x)
        if (first[x] != first[0]) return false;
    for (unsigned y = 1; y < v.height(); ++y)
        if (std::memcmp(v.get_row(y), first, v.width() * sizeof(std::uint32_t)) != 0) return false;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: encode_split MAP_XML METATILE_LIST\n";
        return 2;
    }
    mapnik::datasource_cache::instance().register_datasources("/usr/lib/mapnik/3.1/input");
    mapnik::freetype_engine::register_fonts("/usr/share/fonts/opentype/noto", true);
    mapnik::Map map(256, 256);
    mapnik::load_map(map, argv[1]);
    std::ifstream in(argv[2]);
    const double half = 6378137.0 * M_PI;
    long metas = 0, tiles = 0, uniforms = 0;
    long differing = 0;  // tiles whose bytes from rxmap's encoder differ from Mapnik's
    double render_ms = 0, encode_ms = 0, shortcut_ms = 0, rxmap_ms = 0;
    std::unordered_map<std::uint32_t, std::string> solid_all;  // rxmap keeps one-colour tiles for the process
    int x, y, z;
    while (in >> x >> y >> z) {
        const int n = std::min(8, 1 << z);
        const double size = 2 * half / (1 << z);
        map.resize(256 * n, 256 * n);
        map.zoom_to_box(mapnik::box2d<double>(-half + x * size, half - (y + n) * size, -half + (x + n) * size,
                                              half - y * size));
        mapnik::image_rgba8 image(256 * n, 256 * n);
        auto t = Clock::now();
        mapnik::agg_renderer<mapnik::image_rgba8> renderer(map, image, 1.0);
        renderer.apply();
        render_ms += since(t);
        ++metas;
        std::unordered_map<std::uint32_t, std::string> solid;  // per metatile, as a fix would keep it
        for (int row = 0; row < n; ++row)
            for (int col = 0; col < n; ++col) {
                mapnik::image_view_rgba8 view(col * 256, row * 256, 256, 256, image);
                ++tiles;
                t = Clock::now();
                const std::string plain = mapnik::save_to_string(view, "png8:m=h:z=1");
                encode_ms += since(t);
                t = Clock::now();
                std::string fast;
                if (uniform(view)) {
                    ++uniforms;
                    auto it = solid.find(view.get_row(0)[0]);
                    if (it == solid.end())
                        it = solid.emplace(view.get_row(0)[0], mapnik::save_to_string(view, "png8:m=h:z=1")).first;
                    fast = it->second;
                } else {
                    fast = mapnik::save_to_string(view, "png8:m=h:z=1");
                }
                shortcut_ms += since(t);
                if (fast != plain) {
                    std::cerr << "encode_split: the shortcut changed the bytes of a tile of " << z << '/' << x << '/' << y << '\n';
                    return 1;
                }
                t = Clock::now();
                std::string ours;
                if (const auto colour = rxmap::tiles::uniform_colour(view)) {
                    auto it = solid_all.find(*colour);
                    if (it == solid_all.end()) it = solid_all.emplace(*colour, rxmap::tiles::encode_tile_png(view)).first;
                    ours = it->second;
                } else {
                    ours = rxmap::tiles::encode_tile_png(view);
                }
                rxmap_ms += since(t);
                if (ours != plain) {
                    ++differing;
                    std::cerr << "encode_split: rxmap's encoder wrote other bytes for a tile of metatile " << z << '/'
                              << x << '/' << y << " (" << col << ", " << row << ")\n";
                }
            }
    }
    std::cout << metas << ' ' << tiles << ' ' << uniforms << ' ' << render_ms << ' ' << encode_ms << ' ' << shortcut_ms
              << ' ' << rxmap_ms << ' ' << differing << '\n';
    return 0;
}
