// Map layers from configuration: a layer declared only in tests/fixtures/test_layers.conf (CSV values,
// legend, tiles) and the error messages of styles/layers.conf's parser (file, line, problem).
#include "map_layers_support.h"

using namespace rxmap;
using namespace rxmap::test::map_layers;

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
