// Every legend a person reads keeps its colours apart: for each variant of each declared layer
// (every year and level, and each flow mode), every pair of the colours its legend shows (classes,
// states such as 現在なし, and データなし) differs by CIE76 ΔE >= 7 in normal vision and under
// simulated deuteranopia and protanopia (styles/colour_vision.h). Flow legends' width samples are
// one grey and carry no meaning by colour, so they are left out. Also: where colour alone would
// carry a state, a pattern goes with it, on the tiles too.
#include <gtest/gtest.h>

#include <mapnik/image.hpp>
#include <mapnik/image_reader.hpp>

#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "engine_fixture.h"
#include "layers/geometry.h"
#include "server/api/layer_variants.h"
#include "styles/choropleth_legend.h"
#include "styles/colour_vision.h"
#include "styles/flow_selection.h"
#include "styles/hatch.h"
#include "styles/legend.h"
#include "tiles/tile_engine.h"
#include "common/tile_math.h"

using namespace rxmap;

namespace {

constexpr double kMinDeltaE = 7;

const catalog::LayerCatalog& layer_catalog() { return *test::real_catalog(); }

styles::Legend legend_of(const catalog::Variant& v) {
    const auto& d = *v.definition;
    if (v.flow) return styles::flow_legend(styles::flow_selection(layer_catalog(), v), d.title_ja, d.title_en, d.credits);
    return styles::choropleth_legend(styles::choropleth(layer_catalog(), v), v.year);
}

// The colours that carry meaning: every entry but the width samples of a flow legend.
std::vector<std::string> meaning_colours(const styles::Legend& legend) {
    std::vector<std::string> out;
    for (const auto& e : legend.entries)
        if (e.line_width <= 0) out.push_back(e.color);
    return out;
}

// Every variant of every layer, flow layers in each mode (focus on 長野県, both groupings).
std::vector<catalog::Variant> every_variant() {
    std::vector<catalog::Variant> out = server::all_variants(layer_catalog());
    for (const auto& d : layer_catalog().definitions()) {
        if (d.kind != catalog::LayerDefinition::Kind::flow) continue;
        for (const char* mode : {"gross", "net", "focus/20", "groups/bloc", "groups/meti"})
            if (auto v = layer_catalog().resolve(d.id + "/" + mode)) out.push_back(*v);
    }
    return out;
}

}  // namespace

TEST(LegendColours, EveryPairApartInNormalAndDichromatVision) {
    std::set<std::string> layers;
    int legends = 0;
    styles::ClosestPair worst{"", "", styles::Vision::normal, 1e9};
    std::string worst_key;
    for (const catalog::Variant& v : every_variant()) {
        const styles::Legend legend = legend_of(v);
        const std::vector<std::string> colours = meaning_colours(legend);
        ASSERT_GE(colours.size(), 2u) << v.key();
        const styles::ClosestPair p = styles::closest_pair(colours);
        if (p.delta_e < worst.delta_e) worst = p, worst_key = v.key();
        EXPECT_GE(p.delta_e, kMinDeltaE) << v.key() << ": " << p.x << " and " << p.y << " at ΔE " << p.delta_e
                                         << " (" << styles::vision_name(p.vision) << ")";
        layers.insert(v.definition->id);
        ++legends;
    }
    EXPECT_EQ(layers.size(), layer_catalog().definitions().size());
    EXPECT_GE(layers.size(), 88u);  // 25 declared, 18+18 industry layers, 27 facility layers
    std::printf("%d legends of %zu layers checked; closest pair: %s %s and %s, ΔE %.1f (%s)\n", legends, layers.size(),
                worst_key.c_str(), worst.x.c_str(), worst.y.c_str(), worst.delta_e, styles::vision_name(worst.vision));
}

TEST(LegendColours, IndustryTopUsesAFewUniversalDesignColoursAndGroupsTheRest) {
    for (const char* level : {"municipality", "prefecture", "bloc", "meti"}) {
        const auto v = layer_catalog().resolve(std::string("industry-top/2021/") + level);
        ASSERT_TRUE(v) << level;
        const styles::Legend legend = legend_of(*v);
        EXPECT_LE(legend.entries.size(), 9u) << level;  // at most 7 industries, その他, データなし
        std::set<std::string> distinct;
        for (const auto& e : legend.entries) distinct.insert(e.color);
        EXPECT_EQ(distinct.size(), legend.entries.size()) << level << ": one entry per colour";
    }
    const auto& c = styles::choropleth(layer_catalog(), *layer_catalog().resolve("industry-top"));
    const std::set<std::string> colours(c.colors.begin(), c.colors.end());
    EXPECT_LE(colours.size(), 8u);
    const styles::Legend municipal = legend_of(*layer_catalog().resolve("industry-top"));
    EXPECT_EQ(municipal.entries[municipal.entries.size() - 2].label_ja, "その他");
    bool named = false;  // the note names what その他 holds
    for (const auto& n : municipal.notes_ja) named |= n.rfind("その他：", 0) == 0 && n.find("鉱業") != std::string::npos;
    EXPECT_TRUE(named);
}

TEST(LegendColours, FacilityRiskStatesHaveAPatternAsWellAsAColour) {
    int risk_layers = 0;
    for (const auto& d : layer_catalog().definitions()) {
        if (!d.value.presence_risk) continue;
        ++risk_layers;
        const auto v = layer_catalog().resolve(d.id + "/2050");
        ASSERT_TRUE(v) << d.id;
        const styles::Legend legend = legend_of(*v);
        ASSERT_EQ(legend.entries.size(), 7u) << d.id;
        EXPECT_EQ(legend.entries[0].label_ja, "現在なし");
        EXPECT_EQ(legend.entries[0].pattern, styles::kHatchPattern);
        for (size_t i = 1; i < legend.entries.size(); ++i) EXPECT_EQ(legend.entries[i].pattern, "") << i;
        EXPECT_NE(styles::legend_json(legend).find("\"pattern\":\"hatch\""), std::string::npos);
    }
    EXPECT_EQ(risk_layers, 12);
}

namespace {

tiles::TileEngine& engine() {
    static tiles::TileEngine e(test::real_catalog());
    return e;
}

// Colours ("#rrggbb") of the tile pixels at 12..40 px around the area's label point that lie inside
// the area, with how often each was seen (zoom z, one tile per sample).
std::map<std::string, int> pixels_inside(const std::string& layer, const data::Area& area, int z) {
    const auto geom = data::from_wkb(area.wkb);
    const double res = tiles::resolution(z);
    std::map<std::string, int> seen;
    for (int ring = 12; ring <= 40; ring += 2)
        for (int k = 0; k < 32; ++k) {
            const double a = k * M_PI / 16;
            const double mx = area.label_x + ring * res * std::cos(a), my = area.label_y + ring * res * std::sin(a);
            OGRPoint p(mx, my);
            if (!geom->Contains(&p)) continue;
            const tiles::TileXY t = tiles::tile_at(tiles::to_lonlat({mx, my}), z);
            const tiles::TileResult r = engine().get(layer, {z, t.x, t.y, 1});
            if (r.status != tiles::TileStatus::ok) {
                ADD_FAILURE() << layer << ": " << r.message;
                return seen;
            }
            std::unique_ptr<mapnik::image_reader> reader(mapnik::get_image_reader(r.png->data(), r.png->size()));
            const auto img = reader->read(0, 0, 256, 256);
            const tiles::Bounds b = tiles::tile_bounds(z, t.x, t.y);
            const int px = static_cast<int>((mx - b.minx) / res), py = static_cast<int>((b.maxy - my) / res);
            const std::uint32_t v = mapnik::util::get<mapnik::image_rgba8>(img)(px, py);
            char hex[8];
            std::snprintf(hex, sizeof hex, "#%02x%02x%02x", v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff);
            ++seen[hex];
        }
    return seen;
}

// ΔE to the nearest colour seen at least `min_count` times.
double nearest(const std::map<std::string, int>& seen, const std::string& colour, int min_count = 3) {
    double best = 1e9;
    for (const auto& [c, n] : seen)
        if (n >= min_count) best = std::min(best, styles::delta_e76(c, colour));
    return best;
}

std::string describe(const std::map<std::string, int>& seen) {
    std::ostringstream s;
    for (const auto& [c, n] : seen) s << c << "x" << n << " ";
    return s.str();
}

}  // namespace

TEST(LegendColours, NoneTodayAreasAreHatchedOnTheTiles) {
    const auto v = layer_catalog().resolve("facility-risk/hospital/2050");
    ASSERT_TRUE(v);
    const auto& c = styles::choropleth(layer_catalog(), *v);
    // The largest municipality without a hospital today: room for samples away from its label.
    const data::Area* none = nullptr;
    double largest = 0;
    for (const data::Area& a : layer_catalog().atlas().at(data::Level::municipality)) {
        if (c.class_of_area(2050, a.code) != 0) continue;
        const auto g = data::from_wkb(a.wkb);
        OGREnvelope e;
        g->getEnvelope(&e);
        const double extent = (e.MaxX - e.MinX) * (e.MaxY - e.MinY);
        if (extent > largest) largest = extent, none = &a;
    }
    ASSERT_NE(none, nullptr);
    const auto seen = pixels_inside("facility-risk/hospital/2050", *none, 11);
    // Both the pale fill and the hatching lines show inside the area.
    EXPECT_LT(nearest(seen, c.colors[0]), 4) << none->name << ": " << describe(seen);
    EXPECT_LT(nearest(seen, styles::kHatchLineColor), 8) << none->name << ": " << describe(seen);
}

TEST(LegendColours, AnIndustryGroupedUnderOtherIsGreyOnTheMapAndNamedInInfo) {
    const auto v = layer_catalog().resolve("industry-top");
    const auto& c = styles::choropleth(layer_catalog(), *v);
    const int year = v->year;
    // 千代田区 lives on finance, which is not among the seven coloured industries.
    const int cls = c.class_of_area(year, "13101");
    ASSERT_GE(cls, 0);
    EXPECT_EQ(c.definition.class_labels_ja.at(static_cast<size_t>(cls)), "金融業、保険業");
    const styles::Legend legend = legend_of(*v);
    const auto other = std::find_if(legend.entries.begin(), legend.entries.end(), [](auto& e) { return e.label_ja == "その他"; });
    ASSERT_NE(other, legend.entries.end());
    EXPECT_EQ(c.colors.at(static_cast<size_t>(cls)), other->color);
    // Every-class legend (what /info reads) still names the industry itself.
    EXPECT_EQ(styles::choropleth_legend(c, year, true).entries.at(static_cast<size_t>(cls)).label_ja, "金融業、保険業");
    const data::Area* chiyoda = layer_catalog().atlas().find(data::Level::municipality, "13101");
    ASSERT_NE(chiyoda, nullptr);
    const auto seen = pixels_inside("industry-top", *chiyoda, 13);
    EXPECT_LT(nearest(seen, other->color), 4) << describe(seen);
    // 豊田市: manufacturing, in Okabe–Ito blue.
    const data::Area* toyota = layer_catalog().atlas().find(data::Level::municipality, "23211");
    ASSERT_NE(toyota, nullptr);
    EXPECT_LT(nearest(pixels_inside("industry-top", *toyota, 10), "#0072b2"), 4);
}

TEST(LegendColours, TheLegendPngHatchesTheNoneTodaySwatch) {
    const auto v = layer_catalog().resolve("facility-risk/hospital/2050");
    const styles::Legend legend = legend_of(*v);
    const std::string png = styles::legend_png(legend, 2.0);
    const styles::LegendLayout layout = styles::legend_layout(legend, 2.0);
    std::unique_ptr<mapnik::image_reader> reader(mapnik::get_image_reader(png.data(), png.size()));
    const auto img = mapnik::util::get<mapnik::image_rgba8>(reader->read(0, 0, reader->width(), reader->height()));
    auto colours_in = [&](const styles::LegendRect& r) {
        std::map<std::string, int> seen;
        for (int y = static_cast<int>(r.y) + 3; y < static_cast<int>(r.y + r.height) - 3; ++y)
            for (int x = static_cast<int>(r.x) + 3; x < static_cast<int>(r.x + r.width) - 3; ++x) {
                const std::uint32_t p = img(x, y);
                char hex[8];
                std::snprintf(hex, sizeof hex, "#%02x%02x%02x", p & 0xff, (p >> 8) & 0xff, (p >> 16) & 0xff);
                ++seen[hex];
            }
        return seen;
    };
    const auto none_today = colours_in(layout.swatches.at(0)), not_at_risk = colours_in(layout.swatches.at(1));
    EXPECT_LT(nearest(none_today, legend.entries[0].color), 1) << describe(none_today);
    EXPECT_LT(nearest(none_today, styles::kHatchLineColor), 1) << describe(none_today);
    EXPECT_EQ(not_at_risk.size(), 1u) << describe(not_at_risk);  // plain
}
