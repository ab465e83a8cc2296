// Every legend a person reads keeps its colours apart: for each variant of each declared layer
// (every year and level, and each flow mode), every pair of the colours its legend shows (classes,
// states such as 現在なし, and データなし) differs by CIE76 ΔE >= 7 in normal vision and under
// simulated deuteranopia and protanopia (styles/colour_vision.h). Flow legends' width samples are
// one grey and carry no meaning by colour, so they are left out. Also: where colour alone would
// carry a state, a pattern goes with it, on the tiles too.
#include <gtest/gtest.h>

#include <mapnik/image.hpp>
#include <mapnik/image_reader.hpp>

#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "engine_fixture.h"
#include "server/layer_variants.h"
#include "styles/choropleth_legend.h"
#include "styles/colour_vision.h"
#include "styles/flow_selection.h"
#include "styles/hatch.h"
#include "tiles/tile_engine.h"
#include "tiles/tile_math.h"

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
        if (d.kind != catalog::LayerKind::flow) continue;
        for (const char* mode : {"gross", "net", "focus/20", "groups/bloc", "groups/meti"})
            if (auto v = layer_catalog().resolve(d.id + "/" + mode)) out.push_back(*v);
    }
    return out;
}

}  // namespace

TEST(LegendColours, EveryPairApartInNormalAndDichromatVision) {
    std::set<std::string> layers;
    int legends = 0;
    for (const catalog::Variant& v : every_variant()) {
        const styles::Legend legend = legend_of(v);
        const std::vector<std::string> colours = meaning_colours(legend);
        ASSERT_GE(colours.size(), 2u) << v.key();
        const styles::ClosestPair p = styles::closest_pair(colours);
        EXPECT_GE(p.delta_e, kMinDeltaE) << v.key() << ": " << p.x << " and " << p.y << " at ΔE " << p.delta_e
                                         << " (" << styles::vision_name(p.vision) << ")";
        layers.insert(v.definition->id);
        ++legends;
    }
    EXPECT_EQ(layers.size(), layer_catalog().definitions().size());
    EXPECT_GE(layers.size(), 88u);  // 25 declared, 18+18 industry layers, 27 facility layers
    std::printf("%d legends of %zu layers checked\n", legends, layers.size());
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
