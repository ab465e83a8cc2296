// Map layers on the real data: ICT location quotients, the merged 浜通り area, facility probability and
// risk layers, and every layer's tiles with the legend colour where a known area lies.
#include "map_layers_support.h"

using namespace rxmap;
using namespace rxmap::test::map_layers;

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
