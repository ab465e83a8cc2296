// The declared statistical layers on the real data: the numbers, aggregations,
// classes, colours and legends a user sees, plus a layer declared only in a test
// configuration and the configuration's error messages.
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

using namespace rxmap;
using data::Level;

namespace {

const std::string kFixtures = RXMAP_SOURCE_DIR "/tests/fixtures";

const catalog::LayerCatalog& layer_catalog() { return *test::real_catalog(); }
const data::Atlas& atlas() { return layer_catalog().atlas(); }

// The choropleth of a variant path such as "aging/2050/prefecture"; throws when the path names none.
const styles::Choropleth& choro(const catalog::LayerCatalog& cat, const std::string& path) {
    const auto v = cat.resolve(path);
    if (!v) throw std::runtime_error("no layer variant " + path);
    return styles::choropleth(cat, *v);
}
const styles::Choropleth& choro(const std::string& path) { return choro(layer_catalog(), path); }

double stat(const std::string& indicator, int year, const std::string& code) {
    const auto v = atlas().stats.get(indicator, year, code);
    return v ? *v : data::kNaN;
}

// The only year a one-year indicator (SSDSE, census) has.
int only_year(const std::string& indicator) {
    const auto years = atlas().stats.years(indicator);
    EXPECT_EQ(years.size(), 1u) << indicator;
    return years.empty() ? 0 : years.front();
}

// facts/regions.csv: pref code -> {bloc, meti bureau}.
std::map<std::string, std::pair<std::string, std::string>> regions() {
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
double ipss_sum(const std::string& indicator, int year, const std::set<std::string>& prefs) {
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
double mean_of_municipal_aging(int year, const std::set<std::string>& prefs) {
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

Rgb parse_color(const std::string& css) {
    mapnik::color c = mapnik::parse_color(css);
    return {c.red(), c.green(), c.blue()};
}

bool near(Rgb a, Rgb b, int tolerance = 10) {
    return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance && std::abs(a.b - b.b) <= tolerance;
}

std::ostream& operator<<(std::ostream& o, Rgb c) { return o << "rgb(" << c.r << "," << c.g << "," << c.b << ")"; }

// Most frequent colour at points 20-40 px around the area's label point (off the
// label text) that lie inside the area, in tiles of `layer` at zoom z.
Rgb area_color(tiles::TileEngine& engine, const std::string& layer, const data::Area& area, int z) {
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

tiles::TileEngine& real_engine() {
    static tiles::TileEngine e(test::real_catalog());
    return e;
}

// ---------------------------------------------------------------- the test-only layer

struct TestLayerSetup {
    std::string log;
    std::shared_ptr<const catalog::LayerCatalog> catalog;
};

const TestLayerSetup& test_layer_setup() {
    static const TestLayerSetup setup = [] {
        std::ostringstream log;
        TestLayerSetup out;
        out.catalog = test::load_catalog(*test::real_atlas(), {kFixtures + "/test_layers.conf"}, log);
        out.log = log.str();
        return out;
    }();
    return setup;
}

}  // namespace

// ================================================================ known values

TEST(LayersValues, YubariShrinksBy70Point6PercentBy2050) {
    const auto& c = choro("population-change/2050");
    const auto* v = c.value(2050, "01209");  // 夕張市
    ASSERT_NE(v, nullptr);
    EXPECT_NEAR(v->value, -70.6, 0.05);
    EXPECT_DOUBLE_EQ(v->numerator, 2154);
    EXPECT_DOUBLE_EQ(v->base_numerator, 7334);
    // Its municipality-level value is the same (夕張 is no designated city).
    const auto* m = choro("population-change/2050/municipality").value(2050, "01209");
    ASSERT_NE(m, nullptr);
    EXPECT_DOUBLE_EQ(m->value, v->value);
}

TEST(LayersValues, AgingIsElderlyOverPopulationFromTheTable) {
    const auto& c = choro("aging/2050");
    // 夕張市, 千代田区, 札幌市中央区 (a designated-city ward), 那覇市, 檜枝岐村.
    for (const std::string code : {"01209", "13101", "01101", "47201", "07364"}) {
        const double elderly = stat("ipss:elderly", 2050, code), population = stat("ipss:population", 2050, code);
        ASSERT_TRUE(std::isfinite(elderly) && std::isfinite(population)) << code;
        const auto* v = c.value(2050, code);
        ASSERT_NE(v, nullptr) << code;
        EXPECT_NEAR(v->value, elderly / population * 100, 1e-9) << code;
        EXPECT_DOUBLE_EQ(v->numerator, elderly) << code;
        EXPECT_DOUBLE_EQ(v->denominator, population) << code;
    }
    // 夕張市 in 2050: 1,274 of 2,154 residents are 65 or older.
    EXPECT_NEAR(c.value(2050, "01209")->value, 1274.0 / 2154 * 100, 1e-9);
}

// In census tables "-" means none (該当数値なし). 檜枝岐村 has no resident working in ICT:
// it-residents shows 0 there, not "no data".
TEST(LayersValues, CensusDashIsZeroNotNoData) {
    const auto& c = choro("it-residents");
    const int year = c.definition.default_year;
    const auto* v = c.value(year, "07364");
    ASSERT_NE(v, nullptr) << "BUG: 檜枝岐村 (07364) has no it-residents value: the census import skips '-' cells";
    EXPECT_EQ(v->value, 0);
    EXPECT_EQ(c.class_of_area(year, "07364"), 0);
}

// ================================================================ aggregation

TEST(LayersAggregation, HokkaidoAgingIsTheRatioOfSumsNotTheMeanOfRatios) {
    const auto& c = choro("aging/2050/prefecture");
    const auto* v = c.value(2050, "01000");
    ASSERT_NE(v, nullptr);
    const double elderly = ipss_sum("ipss:elderly", 2050, {"01"}), population = ipss_sum("ipss:population", 2050, {"01"});
    EXPECT_NEAR(v->numerator, elderly, 0.5);
    EXPECT_NEAR(v->denominator, population, 0.5);
    EXPECT_NEAR(v->value, elderly / population * 100, 1e-9);
    // IPSS publishes Hokkaido's own total: the sums agree with it.
    EXPECT_NEAR(v->value, stat("ipss:elderly", 2050, "01000") / stat("ipss:population", 2050, "01000") * 100, 0.01);
    // Small towns age faster than 札幌: averaging municipal ratios would overstate Hokkaido's share.
    const double mean = mean_of_municipal_aging(2050, {"01"});
    EXPECT_GT(std::abs(mean - v->value), 1.0) << "mean of ratios " << mean << " vs ratio of sums " << v->value;
}

TEST(LayersAggregation, BlocAndMetiAreRatiosOfSummedMunicipalities) {
    const auto reg = regions();
    ASSERT_EQ(reg.size(), 47u);
    struct Group {
        std::string path, code;
        bool by_bloc;
        std::string name;
    };
    for (const Group& g : {Group{"aging/2050/bloc", "bloc:東北", true, "東北"},
                           Group{"aging/2050/meti", "meti:関東経済産業局", false, "関東経済産業局"}}) {
        std::set<std::string> prefs;
        for (const auto& [pref, r] : reg)
            if ((g.by_bloc ? r.first : r.second) == g.name) prefs.insert(pref);
        ASSERT_FALSE(prefs.empty()) << g.name;
        const auto& c = choro(g.path);
        const auto* v = c.value(2050, g.code);
        ASSERT_NE(v, nullptr) << g.code;
        const double elderly = ipss_sum("ipss:elderly", 2050, prefs), population = ipss_sum("ipss:population", 2050, prefs);
        EXPECT_NEAR(v->numerator, elderly, 0.5) << g.code;
        EXPECT_NEAR(v->denominator, population, 0.5) << g.code;
        EXPECT_NEAR(v->value, elderly / population * 100, 1e-9) << g.code;
        // The published prefecture totals give the same.
        double pe = 0, pp = 0;
        for (const auto& p : prefs) {
            pe += stat("ipss:elderly", 2050, p + "000");
            pp += stat("ipss:population", 2050, p + "000");
        }
        EXPECT_NEAR(v->value, pe / pp * 100, 0.01) << g.code;
        // Not the mean of the prefectures' ratios, nor of the municipalities'.
        const auto& pc = choro("aging/2050/prefecture");
        double mean = 0;
        for (const auto& p : prefs) mean += pc.value(2050, p + "000")->value;
        mean /= prefs.size();
        EXPECT_GT(std::abs(mean - v->value), 0.05) << g.code;
        EXPECT_GT(std::abs(mean_of_municipal_aging(2050, prefs) - v->value), 0.5) << g.code;
    }
}

TEST(LayersAggregation, FukushimaPopulationIncludesTheMergedHamadoriArea) {
    // 浜通り地域 (07999) is reported only as one area; Fukushima's total must still include it.
    const auto* v = choro("population/2050/prefecture").value(2050, "07000");
    ASSERT_NE(v, nullptr);
    EXPECT_NEAR(v->value, stat("ipss:population", 2050, "07000"), 0.5);
    EXPECT_NEAR(v->value, ipss_sum("ipss:population", 2050, {"07"}), 0.5);
}

// SSDSE-A has a row for every municipality (the 13 浜通り ones too): a prefecture's
// value is 1000 * (sum of ICT employees) / (sum of private-sector employees).
TEST(LayersAggregation, ItEmploymentPrefectureIsTheRatioOfSummedSsdseCounts) {
    const auto& c = choro("it-employment/prefecture");
    const int year = c.definition.default_year;
    const int ssdse_year = only_year("ssdse:C2208");
    std::map<std::string, std::pair<double, double>> sums;  // pref -> (ICT, all)
    for (const data::Area& m : atlas().at(Level::municipality)) {
        const double it = stat("ssdse:C220839", ssdse_year, m.code), all = stat("ssdse:C2208", ssdse_year, m.code);
        if (std::isfinite(it) && std::isfinite(all)) {
            sums[m.pref_code].first += it;
            sums[m.pref_code].second += all;
        }
    }
    ASSERT_EQ(sums.size(), 47u);
    std::vector<std::string> wrong;
    for (const auto& [pref, s] : sums) {
        const auto* v = c.value(year, pref + "000");
        ASSERT_NE(v, nullptr) << pref;
        const double expected = 1000 * s.first / s.second;
        EXPECT_NEAR(v->value, expected, 1e-9 * expected) << pref << "000: employees counted " << v->denominator
                                                         << " of " << s.second;
        if (std::abs(v->value - expected) > 1e-9 * expected) wrong.push_back(pref);
    }
    std::string list;
    for (const auto& w : wrong) list += " " + w;
    EXPECT_TRUE(wrong.empty()) << "prefectures whose sums miss municipalities:" << list;
    // 東京都 concentrates ICT jobs far above the national share.
    EXPECT_GT(c.value(year, "13000")->value, 2 * c.japan.at(year)->value);
}

// The census publishes each prefecture's own totals; a prefecture's it-residents value,
// summed from its municipalities, must give the same ratio.
TEST(LayersAggregation, ItResidentsPrefectureMatchesTheCensusPrefectureTotals) {
    const auto& c = choro("it-residents/prefecture");
    const int year = c.definition.default_year;
    const int census_year = only_year("census:employed");
    std::vector<std::string> wrong;
    int checked = 0;
    for (const data::Area& p : atlas().at(Level::prefecture)) {
        const double it = stat("census:employed_it", census_year, p.code), all = stat("census:employed", census_year, p.code);
        if (!std::isfinite(it) || !std::isfinite(all)) continue;
        const auto* v = c.value(year, p.code);
        ASSERT_NE(v, nullptr) << p.code;
        ++checked;
        const double expected = 1000 * it / all;
        if (std::abs(v->value - expected) > 1e-3 * expected)  // 0.1 %
            wrong.push_back(p.code + " " + p.name + ": " + std::to_string(v->value) + " vs census " +
                            std::to_string(expected) + " (employed counted " + std::to_string(v->denominator) +
                            " of " + std::to_string(all) + ")");
    }
    EXPECT_EQ(checked, 47);
    std::string list;
    for (const auto& w : wrong) list += "\n  " + w;
    EXPECT_TRUE(wrong.empty()) << "prefectures whose value differs from the census's own totals:" << list;
}

// ================================================================ classes across years

TEST(LayersClasses, BreaksAreTheSameInEveryYear) {
    for (const std::string id : {"population", "aging", "population-change"}) {
        const auto& def = *layer_catalog().resolve(id)->definition;
        ASSERT_GT(def.years.size(), 1u) << id;
        const auto& first = choro(id + "/" + std::to_string(def.years.front()));
        const auto first_legend = styles::choropleth_legend(first, def.years.front());
        for (int y : def.years) {
            const auto& c = choro(id + "/" + std::to_string(y));
            EXPECT_EQ(c.edges, first.edges) << id << " " << y;
            EXPECT_EQ(c.colors, first.colors) << id << " " << y;
            const auto legend = styles::choropleth_legend(c, y);
            ASSERT_EQ(legend.entries.size(), first_legend.entries.size());
            for (size_t i = 0; i < legend.entries.size(); ++i) {
                EXPECT_EQ(legend.entries[i].color, first_legend.entries[i].color) << id << " " << y << " " << i;
                EXPECT_EQ(legend.entries[i].label_ja, first_legend.entries[i].label_ja) << id << " " << y << " " << i;
            }
            EXPECT_NE(legend.title_ja.find(std::to_string(y)), std::string::npos) << legend.title_ja;
        }
    }
}

TEST(LayersClasses, ShrinkingPlacesNeverMoveUpAClass) {
    const auto& c = choro("population/2020");
    ASSERT_EQ(&c, &choro("population/2050"));  // one choropleth for every year
    int shrinking = 0, moved_down = 0;
    for (const auto& [code, v2020] : c.values.at(2020)) {
        const auto* v2050 = c.value(2050, code);
        if (!v2050 || !(v2050->value <= v2020.value)) continue;
        ++shrinking;
        const int before = c.class_of_area(2020, code), after = c.class_of_area(2050, code);
        EXPECT_LE(after, before) << code << " " << v2020.value << " -> " << v2050->value;
        if (after < before) ++moved_down;
    }
    EXPECT_GT(shrinking, 1000);
    EXPECT_GT(moved_down, 100);
    // 夕張市 (7,334 -> 2,154) drops to a lower class.
    EXPECT_LT(c.class_of_area(2050, "01209"), c.class_of_area(2020, "01209"));
}

// ================================================================ ICT layers

TEST(LayersIct, LocationQuotientOfJapanIsOne) {
    const auto& c = choro("it-specialization");
    const int year = c.definition.default_year;
    ASSERT_TRUE(c.japan.count(year) && c.japan.at(year));
    EXPECT_NEAR(c.japan.at(year)->value, 1.0, 1e-9) << "Japan's own location quotient";
}

TEST(LayersIct, LocationQuotientIsTheShareOverJapansShare) {
    const auto& c = choro("it-specialization");
    const int year = c.definition.default_year;
    const int ssdse_year = only_year("ssdse:C2208");
    double it = 0, all = 0;  // every municipality SSDSE-A covers
    for (const data::Area& m : atlas().at(Level::municipality)) {
        const double a = stat("ssdse:C220839", ssdse_year, m.code), b = stat("ssdse:C2208", ssdse_year, m.code);
        if (std::isfinite(a) && std::isfinite(b)) {
            it += a;
            all += b;
        }
    }
    const double japan_share = it / all;
    const auto* chiyoda = c.value(year, "13101");
    ASSERT_NE(chiyoda, nullptr);
    const double expected = stat("ssdse:C220839", ssdse_year, "13101") / stat("ssdse:C2208", ssdse_year, "13101") / japan_share;
    EXPECT_NEAR(chiyoda->value, expected, 1e-9 * expected);
    EXPECT_GT(chiyoda->value, 1);
    for (const std::string ward : {"13102", "13103", "13104"})  // 中央区, 港区, 新宿区
        EXPECT_GT(c.value(year, ward)->value, 1) << ward;
    EXPECT_LT(c.value(year, "01209")->value, 1);  // 夕張市
    const auto& pref = choro("it-specialization/prefecture");
    ASSERT_NE(pref.value(year, "13000"), nullptr);
    EXPECT_GT(pref.value(year, "13000")->value, 1);
    EXPECT_LT(pref.value(year, "05000")->value, 1);  // 秋田県
}

TEST(LayersIct, JobOpeningsByPrefectureAreTheCsvValues) {
    const auto& c = choro("it-job-openings");
    const int year = c.definition.default_year;
    EXPECT_EQ(c.level, Level::prefecture);
    std::ifstream in(RXMAP_SOURCE_DIR "/data/facts/it_job_openings_ratio_by_prefecture.csv");
    ASSERT_TRUE(in);
    std::string line;
    std::getline(in, line);
    int rows = 0;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::vector<std::string> cells;
        std::stringstream s(line);
        for (std::string cell; std::getline(s, cell, ',');) cells.push_back(cell);
        ASSERT_EQ(cells.size(), 3u) << line;
        if (cells[0] == "00") {  // 全国: Japan's published value, not an area
            ASSERT_TRUE(c.japan.count(year) && c.japan.at(year)) << line;
            EXPECT_DOUBLE_EQ(c.japan.at(year)->value, std::stod(cells[2])) << line;
            continue;
        }
        const auto* v = c.value(year, cells[0] + "000");
        ASSERT_NE(v, nullptr) << line;
        EXPECT_DOUBLE_EQ(v->value, std::stod(cells[2])) << cells[1];
        ++rows;
    }
    EXPECT_EQ(rows, 47);
    EXPECT_DOUBLE_EQ(c.value(year, "04000")->value, 3.23);  // 宮城県
}

// ================================================================ 浜通り地域

TEST(LayersMerged, HamadoriIsOneAreaWithoutItsMembers) {
    const data::Area* merged = atlas().find_merged("07999");
    ASSERT_NE(merged, nullptr);
    EXPECT_EQ(merged->name, "浜通り地域");
    ASSERT_EQ(merged->members.size(), 13u);
    EXPECT_NE(std::find(merged->members.begin(), merged->members.end(), "07547"), merged->members.end());  // 浪江町
    for (const std::string path : {"population/2050", "population/2050/municipality", "aging/2050"}) {
        const auto& c = choro(path);
        const auto& values = c.values.at(2050);
        EXPECT_TRUE(values.count("07999")) << path;
        EXPECT_GE(c.class_of_area(2050, "07999"), 0) << path;
        for (const auto& m : merged->members) EXPECT_FALSE(values.count(m)) << path << " " << m;
    }
    EXPECT_DOUBLE_EQ(choro("population/2050").value(2050, "07999")->value, stat("ipss:population", 2050, "07999"));
    // The areas drawn at ward level: the merged area, not its members.
    std::set<std::string> drawn;
    for (const auto* a : data::layer_areas(atlas(), Level::ward, true)) drawn.insert(a->code);
    EXPECT_TRUE(drawn.count("07999"));
    for (const auto& m : merged->members) EXPECT_FALSE(drawn.count(m)) << m;
}

// Census years of the population layer come from the census (value_by_year); 浜通り keeps its one shape,
// valued as the sum of its 13 members' census figures.
TEST(LayersMerged, PopulationIn2015IsTheCensusAndHamadoriSumsItsMembers) {
    const auto& c = choro("population/2015");
    EXPECT_DOUBLE_EQ(c.value(2015, "20201")->value, stat("census:population", 2015, "20201"));  // 長野市
    EXPECT_DOUBLE_EQ(stat("census:population", 2015, "20201"), 377598);
    EXPECT_DOUBLE_EQ(stat("census:population", 2015, "07547"), 0);  // 浪江町: no residents in 2015 ("-")
    double members = 0;
    for (const auto& m : atlas().find_merged("07999")->members) members += stat("census:population", 2015, m);
    ASSERT_NE(c.value(2015, "07999"), nullptr);
    EXPECT_DOUBLE_EQ(c.value(2015, "07999")->value, members);
    EXPECT_GE(c.class_of_area(2015, "07999"), 0);
    // 2020 stays the projection's base, equal to the census there.
    EXPECT_DOUBLE_EQ(choro("population/2020").value(2020, "20201")->value, stat("census:population", 2020, "20201"));
}

TEST(LayersMerged, APointInNamieFindsTheMergedArea) {
    const auto m = tiles::to_mercator({140.99, 37.49});
    const data::AreaIndex plain(data::layer_areas(atlas(), Level::ward, false));
    const data::Area* namie = plain.at(m.x, m.y);
    ASSERT_NE(namie, nullptr);
    EXPECT_EQ(namie->code, "07547");  // 浪江町
    const data::AreaIndex merged(data::layer_areas(atlas(), Level::ward, true));
    const data::Area* area = merged.at(m.x, m.y);
    ASSERT_NE(area, nullptr);
    EXPECT_EQ(area->code, "07999");
    EXPECT_EQ(area->members.size(), 13u);
}

// ================================================================ facility layers

TEST(LayersFacility, HospitalProbabilityIsAPercentRisingWithPopulation) {
    const auto& c = choro("facility-probability/hospital/2050");
    const auto& values = c.values.at(2050);
    ASSERT_GT(values.size(), 1500u);
    std::vector<std::pair<double, double>> by_population;  // (population 2050, probability)
    for (const auto& [code, v] : values) {
        ASSERT_TRUE(std::isfinite(v.value)) << code;
        EXPECT_GE(v.value, 0) << code;
        EXPECT_LE(v.value, 100) << code;
        by_population.emplace_back(v.numerator, v.value);
    }
    std::sort(by_population.begin(), by_population.end());
    for (size_t i = 1; i < by_population.size(); ++i)
        EXPECT_GE(by_population[i].second, by_population[i - 1].second - 1e-9)
            << "population " << by_population[i - 1].first << " -> " << by_population[i].first;
    EXPECT_LT(by_population.front().second, 20);
    EXPECT_GT(by_population.back().second, 95);
    // 夕張市 in 2050 (2,154 people) is less likely to have a hospital than 札幌市.
    EXPECT_LT(c.value(2050, "01209")->value, c.value(2050, "01100")->value);
}

TEST(LayersFacility, HospitalRiskOnlyForPlacesThatHaveOneToday) {
    const auto& risk = choro("facility-risk/hospital/2050");
    const auto& probability = choro("facility-probability/hospital/2050");
    const auto* fit = data::find_facility(layer_catalog().facilities().all_japan, "hospital");
    ASSERT_NE(fit, nullptr);
    ASSERT_FALSE(fit->indicator.empty());
    int none = 0, at_risk = 0;
    for (const auto& [code, v] : risk.values.at(2050)) {
        const data::Area* merged = atlas().find_merged(code);
        double count = 0;
        bool known = false;
        for (const auto& c : merged ? merged->members : std::vector<std::string>{code})
            if (auto n = atlas().stats.get(fit->indicator, fit->year, c)) {
                count += *n;
                known = true;
            }
        ASSERT_TRUE(known) << code << " has no hospital count but is on the risk layer";
        if (count < 1) {
            EXPECT_EQ(v.value, -1) << code;
            ++none;
        } else {
            EXPECT_GE(v.value, 0) << code;
            EXPECT_LE(v.value, 50) << code;
            const auto* p = probability.value(2050, code);
            ASSERT_NE(p, nullptr) << code;
            EXPECT_NEAR(v.value, std::max(0.0, 50 - p->value), 1e-9) << code;
            if (v.value > 0) ++at_risk;
        }
    }
    EXPECT_GT(none, 50);
    EXPECT_GT(at_risk, 10);
    // 札幌市 has hospitals and will keep them; its class is "not at risk".
    EXPECT_EQ(risk.value(2050, "01100")->value, 0);
    EXPECT_EQ(risk.class_of_area(2050, "01100"), 1);
}

// ================================================================ tiles and legends

TEST(LayersRender, EveryLayerRendersAtZ5AndZ10) {
    auto& engine = real_engine();
    ASSERT_GT(layer_catalog().definitions().size(), 8u);
    for (const auto& d : layer_catalog().definitions()) {
        ASSERT_TRUE(engine.has_layer(d.id)) << d.id;
        for (const tiles::TileAddress a : {tiles::TileAddress{5, 28, 12, 1}, tiles::TileAddress{10, 909, 403, 1}}) {
            const auto r = engine.get(d.id, a);
            EXPECT_EQ(r.status, tiles::TileStatus::ok) << d.id << " " << a.z << "/" << a.x << "/" << a.y << ": " << r.message;
            if (r.status != tiles::TileStatus::ok) continue;
            auto reader = std::unique_ptr<mapnik::image_reader>(mapnik::get_image_reader(r.png->data(), r.png->size()));
            EXPECT_EQ(reader->width(), 256u) << d.id;
        }
    }
}

TEST(LayersRender, YubariPixelHasItsLegendColour) {
    const auto& c = choro("population-change/2050");
    const int cls = c.class_of_area(2050, "01209");
    ASSERT_GE(cls, 0);
    EXPECT_EQ(cls, 0);  // -70.6 % is in the lowest class (-100 .. -50)
    const auto legend = styles::choropleth_legend(c, 2050);
    ASSERT_LT(static_cast<size_t>(cls), legend.entries.size());
    const data::Area* yubari = atlas().find(Level::ward, "01209");
    ASSERT_NE(yubari, nullptr);
    const Rgb pixel = area_color(real_engine(), "population-change/2050", *yubari, 10);
    EXPECT_TRUE(near(pixel, parse_color(legend.entries[cls].color)))
        << pixel << " vs legend " << legend.entries[cls].color << " (" << legend.entries[cls].label_ja << ")";
    // and not the colour of the 2020 population map
    const auto& pop = choro("population/2020");
    EXPECT_FALSE(near(pixel, parse_color(pop.colors[pop.class_of_area(2020, "01209")]), 5));
}

// ================================================================ a layer declared only in a test config

TEST(LayersTestConfig, CsvLayerLoadsAndReportsBadRows) {
    const auto& s = test_layer_setup();
    const auto v = s.catalog->resolve("test-csv");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->level, Level::municipality);
    EXPECT_NE(v->definition->declared_at.find("test_layers.conf:2"), std::string::npos) << v->definition->declared_at;
    // The real layers are not there: only the test config plus the generated facility layers.
    EXPECT_FALSE(s.catalog->resolve("population"));
    EXPECT_TRUE(s.catalog->resolve("facility-probability/hospital"));
    // The log names the unknown code and the value that is not a number.
    EXPECT_NE(s.log.find("test-csv"), std::string::npos) << s.log;
    EXPECT_NE(s.log.find("99999"), std::string::npos) << s.log;
    EXPECT_NE(s.log.find("abc"), std::string::npos) << s.log;
    EXPECT_NE(s.log.find("not a number"), std::string::npos) << s.log;
    EXPECT_NE(s.log.find("5 rows"), std::string::npos) << s.log;
    EXPECT_NE(s.log.find("1 unmatched"), std::string::npos) << s.log;
    EXPECT_NE(s.log.find("1 values skipped"), std::string::npos) << s.log;

    const auto& c = styles::choropleth(*s.catalog, *v);
    const int year = v->year;
    ASSERT_NE(c.value(year, "13101"), nullptr);
    EXPECT_DOUBLE_EQ(c.value(year, "13101")->value, 5);
    EXPECT_DOUBLE_EQ(c.value(year, "01209")->value, 15);
    EXPECT_DOUBLE_EQ(c.value(year, "47201")->value, 25);
    EXPECT_EQ(c.value(year, "01202"), nullptr);  // 'abc'
    EXPECT_EQ(c.value(year, "13102"), nullptr);  // not in the CSV
    EXPECT_EQ(c.class_of_area(year, "13101"), 0);
    EXPECT_EQ(c.class_of_area(year, "01209"), 1);
    EXPECT_EQ(c.class_of_area(year, "47201"), 2);
    EXPECT_EQ(c.class_of_area(year, "13102"), -1);
    // The credit line of N03 comes from the manifest.
    ASSERT_FALSE(v->definition->credits.empty());
    EXPECT_NE(v->definition->credits.front().find("国土数値情報"), std::string::npos);
}

TEST(LayersTestConfig, CsvLayerLegendHasTheDeclaredClasses) {
    const auto& s = test_layer_setup();
    const auto v = s.catalog->resolve("test-csv");
    ASSERT_TRUE(v);
    const auto legend = styles::choropleth_legend(styles::choropleth(*s.catalog, *v), v->year);
    EXPECT_EQ(legend.title_ja, "テスト指標");  // one year: no year in the title
    EXPECT_EQ(legend.unit, "点");
    ASSERT_EQ(legend.entries.size(), 4u);  // three classes and "no data"
    const auto blues = styles::palette("Blues", 3);
    const std::vector<std::string> labels = {"0 \u2013 10", "10 \u2013 20", "20 \u2013 30"};
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(legend.entries[i].color, blues[i]) << i;
        EXPECT_EQ(legend.entries[i].label_ja, labels[i]) << i;
        EXPECT_EQ(legend.entries[i].label_en, labels[i]) << i;
    }
    EXPECT_EQ(legend.entries.back().color, styles::kNoDataColor);
    EXPECT_EQ(legend.entries.back().label_ja, "データなし");
    EXPECT_EQ(legend.credits, v->definition->credits);
}

TEST(LayersTestConfig, CsvLayerTilesShowTheCsvClasses) {
    const auto& s = test_layer_setup();
    tiles::TileEngine engine(s.catalog);
    const auto r = engine.get("test-csv", {10, 909, 403, 1});
    ASSERT_EQ(r.status, tiles::TileStatus::ok) << r.message;
    ASSERT_EQ(engine.get("test-csv", {5, 28, 12, 1}).status, tiles::TileStatus::ok);
    const auto blues = styles::palette("Blues", 3);
    const data::Area* yubari = s.catalog->atlas().find(Level::municipality, "01209");
    const data::Area* chiyoda = s.catalog->atlas().find(Level::municipality, "13101");
    const data::Area* chuo = s.catalog->atlas().find(Level::municipality, "13102");
    ASSERT_TRUE(yubari && chiyoda && chuo);
    const Rgb y = area_color(engine, "test-csv", *yubari, 10);
    EXPECT_TRUE(near(y, parse_color(blues[1]))) << "夕張市 " << y << " vs " << blues[1];
    const Rgb c = area_color(engine, "test-csv", *chiyoda, 12);
    EXPECT_TRUE(near(c, parse_color(blues[0]))) << "千代田区 " << c << " vs " << blues[0];
    const Rgb n = area_color(engine, "test-csv", *chuo, 12);
    EXPECT_TRUE(near(n, parse_color(styles::kNoDataColor))) << "中央区 " << n << " vs no data";
}

TEST(LayersTestConfig, PrepareLayersNamesTheFileAndLineOfABadLayer) {
    const auto manifest = data::Manifest::read(RXMAP_SOURCE_DIR "/data/manifest.tsv");
    struct Case {
        std::vector<std::string> files;
        std::string where, problem;
    };
    const std::vector<Case> cases = {
        {{RXMAP_SOURCE_DIR "/styles/layers.conf", kFixtures + "/duplicate_population.conf"},
         "duplicate_population.conf:1", "already declared"},
        {{kFixtures + "/missing_statistic.conf"}, "missing_statistic.conf:3", "no statistics named ipss:nothing"},
        {{kFixtures + "/missing_csv.conf"}, "missing_csv.conf:1", "no_such_file.csv"},
        {{kFixtures + "/no_such.conf"}, "no_such.conf", "cannot be opened"},
    };
    data::Atlas copy = *test::real_atlas();
    for (const auto& k : cases) {
        std::ostringstream log;
        try {
            catalog::load_catalog(copy, {k.files, RXMAP_RAW_DATA_DIR "/facts", styles::palette_rules()}, manifest, log);
            ADD_FAILURE() << k.where << ": no ConfigError";
        } catch (const catalog::ConfigError& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find(k.where), std::string::npos) << what;
            EXPECT_NE(what.find(k.problem), std::string::npos) << what;
        } catch (const std::exception& e) {
            ADD_FAILURE() << k.where << ": not a ConfigError: " << e.what();
        }
    }
}

// ================================================================ configuration errors

namespace {

const std::string kGood =
    "[ok]\n"                      // 1
    "title_ja = テスト\n"          // 2
    "title_en = Test\n"           // 3
    "value = ipss:population\n"   // 4
    "credits = n03\n";            // 5

// Expects parse_layer_config(text) to throw a ConfigError naming "t.conf:<line>:" and `problem`.
void expect_error(const std::string& text, int line, const std::string& problem) {
    SCOPED_TRACE(text);
    try {
        catalog::parse_layer_config(text, "dir/t.conf", styles::palette_rules());
        ADD_FAILURE() << "no ConfigError; expected line " << line << ": " << problem;
    } catch (const catalog::ConfigError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("dir/t.conf:" + std::to_string(line) + ":"), std::string::npos) << what;
        EXPECT_NE(what.find(problem), std::string::npos) << what;
    }
}

}  // namespace

TEST(LayersConfig, GoodTextParses) {
    const auto defs = catalog::parse_layer_config(kGood + "palette = Blues   # trailing comment\nclasses = 5\n", "dir/t.conf", styles::palette_rules());
    ASSERT_EQ(defs.size(), 1u);
    EXPECT_EQ(defs[0].id, "ok");
    EXPECT_EQ(defs[0].palette, "Blues");
    EXPECT_EQ(defs[0].classes, 5);
    EXPECT_EQ(defs[0].declared_at, "dir/t.conf:1");
    EXPECT_EQ(defs[0].years, std::vector<int>{2020});
    EXPECT_EQ(defs[0].levels, std::vector<Level>{Level::ward});
}

TEST(LayersConfig, RealLayersConfParsesWithItsLineNumbers) {
    const auto defs = catalog::read_layer_config(RXMAP_SOURCE_DIR "/styles/layers.conf", styles::palette_rules());
    ASSERT_GE(defs.size(), 8u);
    EXPECT_EQ(defs[0].id, "population");
    EXPECT_EQ(defs[0].declared_at, RXMAP_SOURCE_DIR "/styles/layers.conf:6");
    EXPECT_EQ(defs[0].years, (std::vector<int>{2015, 2020, 2025, 2030, 2035, 2040, 2045, 2050}));
    EXPECT_EQ(defs[0].default_year, 2020);
    EXPECT_EQ(defs[0].value.numerator_for(2015).indicator, "census:population");  // value_by_year
    EXPECT_EQ(defs[0].value.numerator_for(2050).indicator, "ipss:population");
    auto by_id = [&](const std::string& id) -> const catalog::LayerDefinition* {
        for (const auto& d : defs)
            if (d.id == id) return &d;
        return nullptr;
    };
    ASSERT_TRUE(by_id("population-change"));
    EXPECT_EQ(by_id("population-change")->default_year, 2050);
    // Every declared_at names the line of its [section] header.
    std::ifstream in(RXMAP_SOURCE_DIR "/styles/layers.conf");
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    for (const auto& d : defs) {
        const auto colon = d.declared_at.rfind(':');
        ASSERT_NE(colon, std::string::npos) << d.declared_at;
        const size_t n = std::stoul(d.declared_at.substr(colon + 1));
        ASSERT_TRUE(n >= 1 && n <= lines.size()) << d.declared_at;
        const std::string section = d.id.substr(0, d.id.find('/'));  // `each` layers: <section>/<row id>
        EXPECT_EQ(lines[n - 1].rfind("[" + section + "]", 0), 0u) << d.declared_at << ": " << lines[n - 1];
    }
    // The CSV path is relative to the configuration file.
    const auto* jobs = by_id("it-job-openings");
    ASSERT_TRUE(jobs && jobs->csv);
    EXPECT_EQ(jobs->csv->path, RXMAP_SOURCE_DIR "/styles/../data/facts/it_job_openings_ratio_by_prefecture.csv");
}

TEST(LayersConfig, ErrorsNameFileLineAndProblem) {
    expect_error(kGood + "colour = red\n", 6, "unknown key 'colour'");
    expect_error(kGood + "palette = Rainbow\n", 6, "unknown palette 'Rainbow'");
    expect_error(kGood + "value_by_year = 2015 census:population\n", 6, "value_by_year needs year: indicator");
    expect_error(kGood + "years = 2015, 2020-x\n", 6, "years must be a whole number");
    expect_error(kGood + "palette =\n", 6, "palette has no value");
    expect_error(kGood + "classes = 12\n", 6, "classes must be a whole number from 3 to 9");
    expect_error(kGood + "classes = 2\n", 6, "classes must be a whole number from 3 to 9");
    expect_error(kGood + "classes = seven\n", 6, "classes must be a whole number");
    expect_error(kGood + "multiplier = lots\n", 6, "multiplier must be a number");
    expect_error(kGood + "level = town\n", 6, "unknown level 'town'");
    expect_error(kGood + "levels = ward, county\n", 6, "unknown level 'county'");
    expect_error(kGood + "classification = natural\n", 6, "unknown classification 'natural'");
    expect_error(kGood + "classification = manual\nbreaks = 10, 5, 0\n", 7, "breaks must be at least two ascending");
    expect_error(kGood + "merged_areas = maybe\n", 6, "merged_areas must be yes or no");
    expect_error(kGood + "years = 2050-2020/5\n", 6, "years must be");
    expect_error(kGood + "just some words\n", 6, "expected key = value");
    expect_error(kGood + "[second\n", 6, "must end with ]");
    expect_error(kGood + "[bad id]\n", 6, "must be non-empty, without spaces");
    expect_error("title_ja = x\n" + kGood, 1, "key outside a [layer] section");
    expect_error(kGood + "\n" + kGood, 7, "layer [ok] is declared twice");
    expect_error("[ok]\ntitle_ja = テスト\ntitle_en = Test\nvalue = population\ncredits = n03\n", 4,
                 "needs a dataset prefix");
}

TEST(LayersConfig, LayerLevelErrorsNameTheLayersLine) {
    // Problems found when a layer is complete name the line of its [section].
    const std::string other = "[other]\ntitle_ja = 他\ntitle_en = Other\nvalue = ipss:population\ncredits = n03\n";
    expect_error(other + "[csvless]\ntitle_ja = x\ntitle_en = x\ncsv_key = code\ncredits = n03\n", 6,
                 "layer [csvless] has csv_* keys but no csv = file");
    expect_error(other + "[both]\ntitle_ja = x\ntitle_en = x\ncsv = a.csv\nvalue = ipss:population\ncredits = n03\n", 6,
                 "has both csv and value");
    expect_error(other + "[novalue]\ntitle_ja = x\ntitle_en = x\ncredits = n03\n", 6, "layer [novalue] has no value");
    expect_error(other + "[notitle]\ntitle_ja = x\nvalue = ipss:population\ncredits = n03\n", 6,
                 "needs title_ja and title_en");
    expect_error(other + "[nocredits]\ntitle_ja = x\ntitle_en = x\nvalue = ipss:population\n", 6, "needs credits");
    expect_error(kGood + "classification = manual\n", 1, "classification = manual needs breaks");
    expect_error(kGood + "years = 2020-2050/5\ndefault_year = 2022\n", 1, "default_year 2022 is not in years");
    expect_error(kGood + "minzoom = 12\nmaxzoom = 5\n", 1, "minzoom is above maxzoom");
    // the last layer of a file too
    expect_error("[last]\ntitle_ja = x\n", 1, "layer [last] has no value");
}

// Per-class colours are documented as "#rrggbb" values, and '#' also starts a comment.
TEST(LayersConfig, ClassColoursCanBeDeclared) {
    const std::string text = kGood + "classification = manual\nbreaks = 0, 1, 2\ncolors = #ff0000, #0000ff\n";
    try {
        const auto defs = catalog::parse_layer_config(text, "dir/t.conf", styles::palette_rules());
        ASSERT_EQ(defs.size(), 1u);
        EXPECT_EQ(defs[0].class_colors, (std::vector<std::string>{"#ff0000", "#0000ff"}));
    } catch (const catalog::ConfigError& e) {
        ADD_FAILURE() << "BUG: catalog/layer_config.cpp parse_layer_config strips everything after '#' as a comment, "
                         "so `colors = #rrggbb, ...` can never be set: "
                      << e.what();
    }
}

// ================================================================ industry structure, finances and labour

namespace {

// The rows of styles/industries.csv: id, item code.
std::vector<std::pair<std::string, std::string>> industries() {
    std::vector<std::pair<std::string, std::string>> out;
    std::ifstream in(RXMAP_SOURCE_DIR "/styles/industries.csv");
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        const auto a = line.find(','), b = line.find(',', a + 1);
        out.emplace_back(line.substr(0, a), line.substr(a + 1, b - a - 1));
    }
    return out;
}

// Sum of an SSDSE column over every row it has (each row once), or over the rows of one prefecture.
double ssdse_sum(const std::string& item, const std::string& pref = "") {
    const auto* values = atlas().stats.values("ssdse:" + item, only_year("ssdse:" + item));
    double sum = 0;
    if (values)
        for (const auto& [code, v] : *values)
            if (code != data::kJapanCode && (pref.empty() || code.rfind(pref, 0) == 0)) sum += v;
    return sum;
}

}  // namespace

TEST(LayersIndustry, OneDeclarationGivesEveryIndustryBothWays) {
    const auto rows = industries();
    ASSERT_EQ(rows.size(), 18u);
    for (const auto& [id, code] : rows) {
        for (const std::string family : {"industry-lq/", "industry-share/"}) {
            const auto v = layer_catalog().resolve(family + id + "/prefecture");
            ASSERT_TRUE(v) << family << id;
            EXPECT_EQ(v->definition->value.numerator.indicator, "ssdse:" + code);
            EXPECT_EQ(v->definition->value.denominator->indicator, "ssdse:C2208");
            EXPECT_EQ(v->definition->title_ja.find('{'), std::string::npos) << v->definition->title_ja;
        }
    }
    EXPECT_EQ(layer_catalog().resolve("industry-lq/ict")->definition->title_ja, "情報通信業の特化係数（従業者）");
    EXPECT_EQ(layer_catalog().resolve("industry-lq/ict")->definition->title_en,
              "Location quotient of Information and communications (employees)");
    EXPECT_FALSE(layer_catalog().resolve("industry-lq"));  // the declaration itself is no layer
}

TEST(LayersIndustry, EveryIndustrysLocationQuotientForJapanIsOne) {
    for (const auto& [id, code] : industries()) {
        const auto& c = choro("industry-lq/" + id + "/prefecture");
        const int year = c.definition.default_year;
        ASSERT_TRUE(c.japan.at(year)) << id;
        EXPECT_NEAR(c.japan.at(year)->value, 1.0, 1e-12) << id;
        // and Japan's share is the summed column over the summed total
        const auto& share = choro("industry-share/" + id);
        EXPECT_NEAR(share.japan.at(year)->value, 100 * ssdse_sum(code) / ssdse_sum("C2208"), 1e-9) << id;
    }
}

TEST(LayersIndustry, TokyoIctLocationQuotientByHand) {
    const double japan_share = ssdse_sum("C220839") / ssdse_sum("C2208");
    const double tokyo = ssdse_sum("C220839", "13") / ssdse_sum("C2208", "13") / japan_share;
    const auto& c = choro("industry-lq/ict/prefecture");
    const auto* v = c.value(c.definition.default_year, "13000");
    ASSERT_NE(v, nullptr);
    EXPECT_NEAR(v->value, tokyo, 1e-12 * tokyo);
    EXPECT_NEAR(v->value, 3.3, 0.05);  // Tokyo's ICT jobs: 3.3 times Japan's share
    EXPECT_DOUBLE_EQ(v->numerator, ssdse_sum("C220839", "13"));
    // the same layer declared by hand before (it-specialization) agrees
    const auto& ict = choro("it-specialization/prefecture");
    ASSERT_NE(ict.value(ict.definition.default_year, "13000"), nullptr);
    EXPECT_NEAR(ict.value(ict.definition.default_year, "13000")->value, v->value, 1e-12);
}

TEST(LayersIndustry, TopIndustryFollowsTheRuleEverywhere) {
    const auto rows = industries();
    for (const std::string level : {"municipality", "prefecture"}) {
        const auto& top = choro("industry-top/" + level);
        const int year = top.definition.default_year;
        EXPECT_EQ(top.definition.method, catalog::Method::categorical);
        ASSERT_EQ(top.colors.size(), 18u);
        std::vector<const styles::Choropleth*> shares, lqs;
        for (const auto& [id, _] : rows) {
            shares.push_back(&choro("industry-share/" + id + "/" + level));
            lqs.push_back(&choro("industry-lq/" + id + "/" + level));
        }
        int checked = 0;
        for (const auto& [code, v] : top.values.at(year)) {
            if (!std::isfinite(v.value)) continue;
            const int best = static_cast<int>(v.value);
            ASSERT_GE(shares[best]->value(year, code)->value, 5) << code;
            for (size_t i = 0; i < rows.size(); ++i) {
                const auto* share = shares[i]->value(year, code);
                const auto* lq = lqs[i]->value(year, code);
                if (share && lq && share->value >= 5) {
                    EXPECT_GE(lqs[best]->value(year, code)->value, lq->value) << code << " " << rows[i].first;
                }
            }
            ++checked;
        }
        EXPECT_GT(checked, level == "prefecture" ? 46 : 1700) << level;
    }
    // What a reader expects of the prefectures.
    const auto& pref = choro("industry-top/prefecture");
    const int year = pref.definition.default_year;
    auto top_of = [&](const std::string& code) { return rows.at(static_cast<size_t>(pref.value(year, code)->value)).first; };
    EXPECT_EQ(top_of("13000"), "ict");                 // 東京都
    EXPECT_EQ(top_of("23000"), "manufacturing");       // 愛知県
    EXPECT_EQ(top_of("47000"), "accommodation-food");  // 沖縄県
}

TEST(LayersIndustry, TopIndustryPixelHasItsLegendColour) {
    const auto& c = choro("industry-top");
    const int year = c.definition.default_year;
    const auto legend = styles::choropleth_legend(c, year, /*every_class=*/true);
    ASSERT_EQ(legend.entries.size(), 19u);  // 18 industries and "no data"
    EXPECT_EQ(legend.entries[4].label_ja, "製造業");
    EXPECT_EQ(legend.entries[4].label_en, "Manufacturing");
    EXPECT_EQ(legend.credits, c.definition.credits);
    ASSERT_FALSE(legend.notes_ja.empty());
    EXPECT_NE(legend.notes_ja.front().find("5%以上"), std::string::npos);
    // The served legend lists the colours that some area has: among municipalities the seven
    // coloured industries, その他 (the other eleven, one grey) and データなし; among prefectures the
    // present ones, each industry in its colour.
    EXPECT_EQ(styles::choropleth_legend(c, year).entries.size(), 9u);
    const auto& pref = choro("industry-top/prefecture");
    const auto pref_legend = styles::choropleth_legend(pref, year);
    std::set<std::string> pref_colours;
    for (const auto& [code, _] : pref.values.at(year)) pref_colours.insert(pref.colors.at(pref.class_of_area(year, code)));
    EXPECT_EQ(pref_legend.entries.size(), pref_colours.size() + 1);
    const auto& names = pref.definition.class_labels_ja;
    for (const auto& e : pref_legend.entries) {
        if (e.label_ja == "データなし" || e.label_ja == "その他") continue;
        const auto industry = std::find(names.begin(), names.end(), e.label_ja) - names.begin();
        EXPECT_EQ(e.color, pref.colors.at(static_cast<size_t>(industry))) << e.label_ja;
    }
    // 豊田市 lives on manufacturing (46 % of its employees), 浦安市 (Tokyo Disney Resort) on leisure,
    // 千代田区 on finance (その他's grey on the map).
    for (const auto& [code, industry] : {std::pair<std::string, int>{"23211", 4}, {"12227", 13}, {"13101", 9}}) {
        const int cls = c.class_of_area(year, code);
        EXPECT_EQ(cls, industry) << code;
        const data::Area* area = atlas().find(Level::municipality, code);
        ASSERT_NE(area, nullptr) << code;
        const Rgb pixel = area_color(real_engine(), "industry-top", *area, 10);
        EXPECT_TRUE(near(pixel, parse_color(legend.entries[industry].color), 6))
            << code << ": " << pixel << " vs " << legend.entries[industry].color;
    }
}

TEST(LayersLabour, PrefectureUnemploymentIsTheRatioOfSummedCounts) {
    const auto& c = choro("unemployment/prefecture");
    const int year = c.definition.default_year;
    for (const std::string pref : {"01", "13", "47"}) {
        const double unemployed = ssdse_sum("F1107", pref), employed = ssdse_sum("F1102", pref);
        const auto* v = c.value(year, pref + "000");
        ASSERT_NE(v, nullptr) << pref;
        EXPECT_NEAR(v->value, 100 * unemployed / (employed + unemployed), 1e-9) << pref;
        EXPECT_DOUBLE_EQ(v->denominator, employed + unemployed) << pref;
    }
    // and a municipality's own: 夕張市
    const auto* yubari = choro("unemployment").value(year, "01209");
    ASSERT_NE(yubari, nullptr);
    EXPECT_NEAR(yubari->value,
                100 * stat("ssdse:F1107", year, "01209") / (stat("ssdse:F1102", year, "01209") + stat("ssdse:F1107", year, "01209")),
                1e-9);
}

TEST(LayersFinance, PublishedRatiosAreMunicipalOnlyAndHaveNoJapanSum) {
    for (const std::string id : {"finance-current-balance", "finance-debt-service"}) {
        EXPECT_FALSE(layer_catalog().resolve(id + "/prefecture")) << id << ": a ratio whose parts are not published";
        const auto& c = choro(id);
        const int year = c.definition.default_year;
        EXPECT_FALSE(c.japan.at(year)) << id << ": summing ratios gives no Japan value";
        EXPECT_EQ(year, 2021) << id << ": FY2021 settlement";
        const std::string item = id == "finance-current-balance" ? "ssdse:D2203" : "ssdse:D2211";
        EXPECT_DOUBLE_EQ(c.value(year, "01209")->value, stat(item, year, "01209")) << id;
    }
    // 夕張市, in financial reconstruction, has the highest real debt service ratio.
    const auto& debt = choro("finance-debt-service");
    EXPECT_EQ(debt.class_of_area(debt.definition.default_year, "01209"), 6 - 1);
    // Local tax per resident: yen (the table is in thousand yen), prefecture from sums.
    const auto& tax = choro("finance-local-tax/prefecture");
    const int year = tax.definition.default_year;
    EXPECT_NEAR(tax.value(year, "13000")->value, 1000 * ssdse_sum("D320101", "13") / ssdse_sum("A1101", "13"), 1e-6);
    EXPECT_NEAR(tax.japan.at(year)->value, 1000 * ssdse_sum("D320101") / ssdse_sum("A1101"), 1e-6);
    // 愛知県's municipalities (Toyota's corporate taxes) collect more per resident than 沖縄県's.
    EXPECT_GT(tax.value(year, "23000")->value, tax.value(year, "47000")->value);
}

TEST(LayersIndustry, NewLayersHaveLegendsWithCredits) {
    for (const auto& d : layer_catalog().definitions()) {
        const std::string& id = d.id;
        if (id.rfind("industry-", 0) != 0 && id.rfind("finance-", 0) != 0 && id.rfind("employment-", 0) != 0 &&
            id != "unemployment" && id != "municipal-staff")
            continue;
        const auto v = layer_catalog().resolve(id);
        const auto legend = styles::choropleth_legend(styles::choropleth(layer_catalog(), *v), v->year);
        EXPECT_GE(legend.entries.size(), 4u) << id;
        ASSERT_EQ(legend.credits.size(), 2u) << id;
        EXPECT_NE(legend.credits[1].find("SSDSE"), std::string::npos) << id << ": " << legend.credits[1];
    }
}

TEST(LayersConfig, EachAndCategoriesExpandATable) {
    const std::string table = RXMAP_SOURCE_DIR "/styles/industries.csv";
    const std::string head = "[x]\ntitle_ja = {name_ja}\ntitle_en = {name_en}\nvalue = ssdse:{code}\nper = ssdse:C2208 + ssdse:A1101\ncredits = n03\n";
    const std::string guide = "how_to_read_ja = 紫は{name_ja}が多い\ncaveats_en = {name_en} only\n";
    const auto each = catalog::parse_layer_config(head + guide + "each = " + table + "\n", "dir/t.conf", styles::palette_rules());
    ASSERT_EQ(each.size(), 18u);
    EXPECT_EQ(each[6].id, "x/ict");
    EXPECT_EQ(each[6].title_ja, "情報通信業");
    EXPECT_EQ(each[6].guide.how_to_read_ja, "紫は情報通信業が多い");  // guide texts are filled too
    EXPECT_EQ(each[6].guide.caveats_en, "Information and communications only");
    EXPECT_EQ(each[6].value.numerator.indicator, "ssdse:C220839");
    ASSERT_EQ(each[6].value.denominator_plus.size(), 1u);
    EXPECT_EQ(each[6].value.denominator_plus[0].indicator, "ssdse:A1101");
    const auto cat = catalog::parse_layer_config(head + "categories = " + table + "\n", "dir/t.conf", styles::palette_rules());
    ASSERT_EQ(cat.size(), 1u);
    EXPECT_EQ(cat[0].value.categories.size(), 18u);
    EXPECT_EQ(cat[0].class_colors.size(), 18u);
    EXPECT_EQ(cat[0].class_labels_en[4], "Manufacturing");
    expect_error(head + "each = " + table + "\ntitle_ja = {nope}\n", 1, "no nope column");
    expect_error(head + "categories = " + table + "\npalette = Set3\n" + "each = " + table + "\n", 1, "both each and categories");
    expect_error(head + "classification = categorical\n", 1, "categorical needs categories");
    expect_error(head + "each = missing.csv\n", 1, "cannot open the table");
}

// ================================================================ statistics declared as datasets

// A new SSDSE edition is a declaration: the shipped SSDSE-A declared as a dataset gives every column's
// values exactly as the built-in reader does; a prefecture's cp932 table keyed like the census feeds a layer.
TEST(LayersDatasets, DeclaredTablesGiveTheSameNumbers) {
    std::ostringstream log;
    const auto catalog = test::load_catalog(*test::real_atlas(), {kFixtures + "/datasets.conf"}, log);
    const data::Atlas& copy = catalog->atlas();
    const std::string text = log.str();
    int compared = 0;
    for (const auto& [id, by_year] : copy.stats.all()) {
        if (id.rfind("ssdse:", 0) != 0) continue;
        const std::string again = "ssdse-again:" + id.substr(6);
        for (const auto& [year, values] : by_year)
            for (const auto& [code, value] : values) {
                const auto v = copy.stats.get(again, year, code);
                ASSERT_TRUE(v.has_value()) << again << " " << year << " " << code;
                EXPECT_DOUBLE_EQ(*v, value) << again << " " << code;
                ++compared;
            }
    }
    EXPECT_GT(compared, 1741 * 100);
    EXPECT_EQ(copy.stats.indicators().count("ssdse-again:Prefecture"), 0u) << "a column of names is no statistic";
    EXPECT_EQ(copy.stats.get("nagano-table:人口", 2024, "20201"), 370000);
    EXPECT_EQ(copy.stats.get("nagano-table:人口", 2024, "20000"), 2000000);  // 長野県 by name
    EXPECT_NE(text.find("20999_新市 (line 5)"), std::string::npos) << text;  // no boundary: reported
    EXPECT_NE(text.find("20203_上田市: 人口 'x' is not a number"), std::string::npos) << text;
    EXPECT_TRUE(std::none_of(catalog->definitions().begin(), catalog->definitions().end(),
                             [](const auto& d) { return d.kind == catalog::LayerDefinition::Kind::dataset; }));
    const auto v = catalog->resolve("nagano-population");
    ASSERT_TRUE(v);
    EXPECT_FALSE(catalog->resolve("ssdse-again"));
    EXPECT_DOUBLE_EQ(styles::choropleth(*catalog, *v).value(2024, "20202")->value, 235000);
}
