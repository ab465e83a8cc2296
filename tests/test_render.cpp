// Rendered tiles of the population layer look like the data says.
#include <gtest/gtest.h>

#include <mapnik/color.hpp>
#include <mapnik/color_factory.hpp>
#include <mapnik/image_reader.hpp>
#include <ogr_geometry.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "engine_fixture.h"
#include "layers/geometry.h"
#include "styles/choropleth.h"
#include "styles/palette.h"
#include "tiles/tile_engine.h"
#include "common/tile_math.h"

using namespace rxmap;
using namespace rxmap::tiles;

namespace {

TileEngine& engine() {
    static TileEngine e(test::real_catalog());
    return e;
}

void save_artifact(const std::string& name, const std::string& png) {
    const auto dir = std::filesystem::path(RXMAP_SOURCE_DIR) / "tests/artifacts";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary) << png;
}

struct Rgb {
    int r, g, b;
};

Rgb parse_color(const std::string& css) {
    mapnik::color c = mapnik::parse_color(css);
    return {c.red(), c.green(), c.blue()};
}

bool near(Rgb a, Rgb b, int tolerance = 10) {
    return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance && std::abs(a.b - b.b) <= tolerance;
}

// Most frequent colour at points 20-40 px around the area's label point (off
// the label text) that lie inside the area, at zoom z.
Rgb area_color(const std::string& code, int z) {
    const data::Area* area = test::real_atlas()->find(data::Level::ward, code);
    EXPECT_NE(area, nullptr) << code;
    if (!area) return {};
    auto geom = data::from_wkb(area->wkb);
    const double res = resolution(z);
    std::map<std::tuple<int, int, int>, int> votes;
    for (int ring = 20; ring <= 40; ring += 10)
        for (int k = 0; k < 16; ++k) {
            const double a = k * M_PI / 8;
            const double mx = area->label_x + ring * res * std::cos(a), my = area->label_y + ring * res * std::sin(a);
            OGRPoint p(mx, my);
            if (!geom->Contains(&p)) continue;
            const TileXY t = tile_at(to_lonlat({mx, my}), z);
            const TileResult r = engine().get("population", {z, t.x, t.y, 1});
            EXPECT_EQ(r.status, TileStatus::ok);
            if (r.status != TileStatus::ok) continue;
            auto reader = std::unique_ptr<mapnik::image_reader>(mapnik::get_image_reader(r.png->data(), r.png->size()));
            const mapnik::image_any img = reader->read(0, 0, 256, 256);
            const Bounds b = tile_bounds(z, t.x, t.y);
            const int px = static_cast<int>((mx - b.minx) / res), py = static_cast<int>((b.maxy - my) / res);
            const auto& rgba = mapnik::util::get<mapnik::image_rgba8>(img);
            const std::uint32_t v = rgba(px, py);
            ++votes[{static_cast<int>(v & 0xff), static_cast<int>((v >> 8) & 0xff), static_cast<int>((v >> 16) & 0xff)}];
        }
    EXPECT_FALSE(votes.empty()) << "no sample point inside " << code;
    auto best = std::max_element(votes.begin(), votes.end(), [](auto& l, auto& r) { return l.second < r.second; });
    if (best == votes.end()) return {};
    return {std::get<0>(best->first), std::get<1>(best->first), std::get<2>(best->first)};
}

const styles::Choropleth& population() {
    return styles::choropleth(*test::real_catalog(), *test::real_catalog()->resolve("population"));
}

Rgb class_color(const std::string& code) {
    const auto* c = &population();
    const int cls = c->class_of_area(2020, code);
    return parse_color(cls < 0 ? styles::kNoDataColor : c->colors[cls]);
}

}  // namespace

TEST(Render, TileIsA256PixelPng) {
    const TileResult r = engine().get("population", {5, 28, 12, 1});
    ASSERT_EQ(r.status, TileStatus::ok) << r.message;
    save_artifact("population-5-28-12.png", *r.png);
    auto reader = std::unique_ptr<mapnik::image_reader>(mapnik::get_image_reader(r.png->data(), r.png->size()));
    EXPECT_EQ(reader->width(), 256u);
    EXPECT_EQ(reader->height(), 256u);
    const TileResult hidpi = engine().get("population", {5, 28, 12, 2});
    ASSERT_EQ(hidpi.status, TileStatus::ok);
    auto reader2 = std::unique_ptr<mapnik::image_reader>(mapnik::get_image_reader(hidpi.png->data(), hidpi.png->size()));
    EXPECT_EQ(reader2->width(), 512u);
}

TEST(Render, DenseWardAndSmallVillageHaveTheirClassColours) {
    const auto* c = &population();
    // 世田谷区 (943,664 people) is in the top class; 檜枝岐村 (~500) in the lowest.
    EXPECT_EQ(c->class_of_area(2020, "13112"), static_cast<int>(c->colors.size()) - 1);
    EXPECT_EQ(c->class_of_area(2020, "07364"), 0);
    const Rgb ward = area_color("13112", 10), village = area_color("07364", 10);
    EXPECT_TRUE(near(ward, class_color("13112"))) << ward.r << "," << ward.g << "," << ward.b;
    EXPECT_TRUE(near(village, class_color("07364"))) << village.r << "," << village.g << "," << village.b;
    EXPECT_FALSE(near(ward, village, 30));
}

TEST(Render, NorthernTerritoryVillagesShowAsNoData) {
    EXPECT_EQ(population().class_of_area(2020, "01695"), -1);  // 色丹村
    const Rgb shikotan = area_color("01695", 10);
    EXPECT_TRUE(near(shikotan, parse_color(styles::kNoDataColor))) << shikotan.r << "," << shikotan.g << "," << shikotan.b;
}

TEST(Render, OneMetatileRenderServesItsNeighbours) {
    TileEngine fresh(test::real_catalog());
    ASSERT_EQ(fresh.get("population", {10, 909, 403, 1}).status, TileStatus::ok);
    ASSERT_EQ(fresh.get("population", {10, 910, 404, 1}).status, TileStatus::ok);  // same 8x8 metatile
    EXPECT_EQ(fresh.renders(), 1);
    save_artifact("population-10-909-403.png", *fresh.get("population", {10, 909, 403, 1}).png);
}

TEST(Render, OutOfRangeAndUnknownLayer) {
    EXPECT_EQ(engine().get("population", {5, 32, 0, 1}).status, TileStatus::out_of_range);
    EXPECT_EQ(engine().get("population", {15, 0, 0, 1}).status, TileStatus::out_of_range);
    EXPECT_EQ(engine().get("nope", {5, 28, 12, 1}).status, TileStatus::unknown_layer);
}
