// Map layers on the real data: known values, aggregation to prefectures, blocs and METI regions as
// ratios of sums, classes that keep their breaks across years, and statistics declared as datasets.
#include "map_layers_support.h"

using namespace rxmap;
using namespace rxmap::test::map_layers;

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
