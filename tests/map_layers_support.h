#pragma once
// What the map-layer tests (test_map_layers_*.cpp) share: the real catalogue and engine, the statistics
// behind a layer, pixel colours of rendered tiles, and the layer declared only in tests/fixtures.
// Inline, not in an unnamed namespace, so that the engine and the test layer are built once a process.
#include <gtest/gtest.h>

#include <mapnik/color.hpp>
#include <mapnik/color_factory.hpp>
#include <mapnik/image_reader.hpp>
#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "engine_fixture.h"
#include "layers/area_index.h"
#include "layers/geometry.h"
#include "layers/indicator_values.h"
#include "layers/manifest.h"
#include "styles/choropleth_legend.h"
#include "catalog/layer_config.h"
#include "styles/palette.h"
#include "tiles/tile_engine.h"
#include "common/tile_math.h"

namespace rxmap::test::map_layers {

using data::Level;

inline const std::string kFixtures = RXMAP_SOURCE_DIR "/tests/fixtures";

inline const catalog::LayerCatalog& layer_catalog() { return *real_catalog(); }
inline const data::Atlas& atlas() { return layer_catalog().atlas(); }

// The choropleth of a variant path such as "aging/2050/prefecture"; throws when the path names none.
inline const styles::Choropleth& choro(const catalog::LayerCatalog& cat, const std::string& path) {
    const auto v = cat.resolve(path);
    if (!v) throw std::runtime_error("no layer variant " + path);
    return styles::choropleth(cat, *v);
}
inline const styles::Choropleth& choro(const std::string& path) { return choro(layer_catalog(), path); }

inline double stat(const std::string& indicator, int year, const std::string& code) {
    const auto v = atlas().stats.get(indicator, year, code);
    return v ? *v : data::kNaN;
}

// The only year a one-year indicator (SSDSE, census) has.
inline int only_year(const std::string& indicator) {
    const auto years = atlas().stats.years(indicator);
    EXPECT_EQ(years.size(), 1u) << indicator;
    return years.empty() ? 0 : years.front();
}

// facts/regions.csv: pref code -> {bloc, meti bureau}.
inline std::map<std::string, std::pair<std::string, std::string>> regions() {
    std::map<std::string, std::pair<std::string, std::string>> out;
    std::ifstream in(RXMAP_RAW_DATA_DIR "/facts/regions.csv");
    std::string line;
    std::getline(in, line);  // header: pref_code,prefecture,bloc,meti_bureau,...
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream s(line);
        for (std::string c; std::getline(s, c, ',');) cells.push_back(c);
        if (cells.size() >= 4) out[cells[0]] = {cells[2], cells[3]};
    }
    return out;
}

// Sum of an IPSS count over every area of the given prefectures, counted once: the
// ward level (designated-city wards, not their cities) plus the merged areas
// (浜通り地域), whose members have no IPSS numbers of their own.
inline double ipss_sum(const std::string& indicator, int year, const std::set<std::string>& prefs) {
    double sum = 0;
    for (const data::Area& a : atlas().at(Level::ward))
        if (prefs.count(a.pref_code))
            if (auto v = atlas().stats.get(indicator, year, a.code)) sum += *v;
    for (const data::Area& m : atlas().merged)
        if (prefs.count(m.pref_code))
            if (auto v = atlas().stats.get(indicator, year, m.code)) sum += *v;
    return sum;
}

// Mean of the municipal ratios elderly/population*100 over the given prefectures (what NOT to do).
inline double mean_of_municipal_aging(int year, const std::set<std::string>& prefs) {
    const auto& c = choro("aging/" + std::to_string(year) + "/municipality");
    double sum = 0;
    int n = 0;
    for (const auto& [code, v] : c.values.at(year)) {
        const data::Area* a = atlas().find(Level::municipality, code);
        if (!a) a = atlas().find_merged(code);
        if (a && prefs.count(a->pref_code) && std::isfinite(v.value)) {
            sum += v.value;
            ++n;
        }
    }
    return n ? sum / n : data::kNaN;
}

// ---------------------------------------------------------------- pixels

struct Rgb {
    int r = 0, g = 0, b = 0;
};

inline Rgb parse_color(const std::string& css) {
    mapnik::color c = mapnik::parse_color(css);
    return {c.red(), c.green(), c.blue()};
}

inline bool near(Rgb a, Rgb b, int tolerance = 10) {
    return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance && std::abs(a.b - b.b) <= tolerance;
}

inline std::ostream& operator<<(std::ostream& o, Rgb c) { return o << "rgb(" << c.r << "," << c.g << "," << c.b << ")"; }

// Most frequent colour at points 20-40 px around the area's label point (off the
// label text) that lie inside the area, in tiles of `layer` at zoom z.
inline Rgb area_color(tiles::TileEngine& engine, const std::string& layer, const data::Area& area, int z) {
    auto geom = data::from_wkb(area.wkb);
    const double res = tiles::resolution(z);
    std::map<std::tuple<int, int, int>, int> votes;
    for (int ring = 20; ring <= 40; ring += 10)
        for (int k = 0; k < 16; ++k) {
            const double a = k * M_PI / 8;
            const double mx = area.label_x + ring * res * std::cos(a), my = area.label_y + ring * res * std::sin(a);
            OGRPoint p(mx, my);
            if (!geom->Contains(&p)) continue;
            const tiles::TileXY t = tiles::tile_at(tiles::to_lonlat({mx, my}), z);
            const tiles::TileResult r = engine.get(layer, {z, t.x, t.y, 1});
            EXPECT_EQ(r.status, tiles::TileStatus::ok) << layer << " " << r.message;
            if (r.status != tiles::TileStatus::ok) continue;
            auto reader = std::unique_ptr<mapnik::image_reader>(mapnik::get_image_reader(r.png->data(), r.png->size()));
            const mapnik::image_any img = reader->read(0, 0, 256, 256);
            const tiles::Bounds b = tiles::tile_bounds(z, t.x, t.y);
            const int px = static_cast<int>((mx - b.minx) / res), py = static_cast<int>((b.maxy - my) / res);
            const auto& rgba = mapnik::util::get<mapnik::image_rgba8>(img);
            const std::uint32_t v = rgba(px, py);
            ++votes[{static_cast<int>(v & 0xff), static_cast<int>((v >> 8) & 0xff), static_cast<int>((v >> 16) & 0xff)}];
        }
    EXPECT_FALSE(votes.empty()) << "no sample point inside " << area.code;
    auto best = std::max_element(votes.begin(), votes.end(), [](auto& l, auto& r) { return l.second < r.second; });
    if (best == votes.end()) return {};
    return {std::get<0>(best->first), std::get<1>(best->first), std::get<2>(best->first)};
}

inline tiles::TileEngine& real_engine() {
    static tiles::TileEngine e(real_catalog());
    return e;
}

// ---------------------------------------------------------------- the test-only layer

struct TestLayerSetup {
    std::string log;
    std::shared_ptr<const catalog::LayerCatalog> catalog;
};

inline const TestLayerSetup& test_layer_setup() {
    static const TestLayerSetup setup = [] {
        std::ostringstream log;
        TestLayerSetup out;
        out.catalog = load_catalog(*real_atlas(), {kFixtures + "/test_layers.conf"}, log);
        out.log = log.str();
        return out;
    }();
    return setup;
}

}  // namespace rxmap::test::map_layers
