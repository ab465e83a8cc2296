// The real server over HTTP: tiles and their errors, /layers, legends (JSON and PNG), and the analysis
// APIs (facility models, population classes, search).
#include "endpoints_support.h"

using namespace rxmap;
using namespace rxmap::test::endpoints;

// ================================================================ tiles

TEST_F(Endpoints, TileIsA256PixelPng) {
    const Answer a = get("/tiles/population/5/28/12.png");
    ASSERT_TRUE(a.error.empty()) << a.error;
    EXPECT_EQ(a.status, 200u) << a.body;
    EXPECT_EQ(a.content_type, "image/png");
    EXPECT_EQ(png_size(a.body), (std::pair<unsigned, unsigned>{256, 256}));
    const Answer hidpi = get("/tiles/population/5/28/12@2x.png");
    EXPECT_EQ(hidpi.status, 200u) << hidpi.body;
    EXPECT_EQ(hidpi.content_type, "image/png");
    EXPECT_EQ(png_size(hidpi.body), (std::pair<unsigned, unsigned>{512, 512}));
}

TEST_F(Endpoints, TileErrorsAreJson) {
    expect_json_error("/tiles/no-such-layer/5/28/12.png", 404);
    expect_json_error("/tiles/population/5/28/abc.png", 400);
    expect_json_error("/tiles/population/99/0/0.png", 400);
    expect_json_error("/tiles/population/5/32/12.png", 400);  // x beyond 2^5 - 1
    expect_json_error("/tiles/population/5/28/32.png", 400);  // y too
    expect_json_error("/tiles/population/5/28/12.png", 405, http::verb::post);
    expect_json_error("/tiles/population/5/28/12.png", 405, http::verb::delete_);
}

TEST_F(Endpoints, ServerSurvivesABurstOfBadRequests) {
    const std::vector<std::pair<std::string, http::verb>> bad = {
        {"/tiles/no-such-layer/5/28/12.png", http::verb::get},
        {"/tiles/population/5/28/abc.png", http::verb::get},
        {"/tiles/population/99/0/0.png", http::verb::get},
        {"/tiles/population/5/99/12.png", http::verb::get},
        {"/tiles/population/5/28/12.png", http::verb::post},
        {"/info/population/2020?lon=abc&lat=35", http::verb::get},
        {"/legend/nope.json", http::verb::get},
        {"/api/population-bins?year=1999", http::verb::get},
        {"/nowhere", http::verb::get},
        {"/tiles/../../etc/passwd", http::verb::get},
    };
    int answered = 0;
    for (int i = 0; i < 100; ++i) {
        const auto& [target, method] = bad[i % bad.size()];
        const Answer a = fetch(port_, target, method);
        if (a.error.empty() && a.status >= 400 && a.status < 500) ++answered;
    }
    EXPECT_EQ(answered, 100);
    const Answer ok = get("/tiles/population/5/28/12.png");
    EXPECT_EQ(ok.status, 200u) << ok.error << ok.body;
    EXPECT_EQ(png_size(ok.body).first, 256u);
    EXPECT_EQ(get("/healthz").status, 200u);
}

// ================================================================ /layers

TEST_F(Endpoints, LayersListsEveryDefinitionWithTitlesUnitsDimensionsAndCredits) {
    const Answer a = get("/layers");
    ASSERT_EQ(a.status, 200u) << a.body;
    EXPECT_EQ(a.content_type.rfind("application/json", 0), 0u);
    const CPLJSONObject root = parse_json(a.body);
    const CPLJSONArray list = root.GetArray("layers");
    ASSERT_TRUE(list.IsValid()) << a.body.substr(0, 300);
    const auto& defs = test::real_catalog()->definitions();
    ASSERT_EQ(list.Size(), static_cast<int>(defs.size()));
    for (int i = 0; i < list.Size(); ++i) {
        const CPLJSONObject l = list[i];
        const std::string id = l.GetString("id");
        SCOPED_TRACE(id);
        EXPECT_EQ(id, defs[i].id);
        EXPECT_FALSE(l.GetString("title/ja").empty());
        EXPECT_FALSE(l.GetString("title/en").empty());
        EXPECT_EQ(l.GetString("title/ja"), defs[i].title_ja);
        EXPECT_TRUE(l.GetObj("unit").IsValid());
        EXPECT_EQ(l.GetString("unit/ja"), defs[i].unit_ja);
        EXPECT_TRUE(l.GetObj("dimensions").IsValid());
        const CPLJSONArray credits = l.GetArray("credits");
        ASSERT_TRUE(credits.IsValid());
        ASSERT_GT(credits.Size(), 0);
        bool n03 = false;
        for (int k = 0; k < credits.Size(); ++k) {
            EXPECT_FALSE(credits[k].ToString().empty());
            n03 = n03 || credits[k].ToString() == kN03Credit;
        }
        EXPECT_TRUE(n03) << "no N03 credit line";
    }
    // population has its years and levels.
    const CPLJSONObject population = list[0];
    ASSERT_EQ(population.GetString("id"), "population");
    EXPECT_EQ(population.GetArray("dimensions/year").Size(), 8);  // census 2015, 2020, IPSS 2025..2050
    EXPECT_EQ(population.GetArray("dimensions/year")[0].ToInteger(), 2015);
    EXPECT_EQ(population.GetInteger("dimensions/default_year"), 2020);
    EXPECT_EQ(population.GetArray("dimensions/level").Size(), 5);
}

// ================================================================ /legend

TEST_F(Endpoints, LegendJsonAndPng) {
    const Answer a = get("/legend/population-change/2050.json");
    ASSERT_EQ(a.status, 200u) << a.body;
    const CPLJSONObject root = parse_json(a.body);
    EXPECT_NE(root.GetString("title/ja").find("2050"), std::string::npos) << a.body;
    const CPLJSONArray entries = root.GetArray("entries");
    ASSERT_TRUE(entries.IsValid()) << a.body;
    const auto& c = styles::choropleth(*test::real_catalog(), *test::real_catalog()->resolve("population-change/2050"));
    ASSERT_EQ(entries.Size(), static_cast<int>(c.colors.size()) + 1);  // classes and "no data"
    for (int i = 0; i < entries.Size(); ++i) {
        const std::string color = entries[i].GetString("color");
        EXPECT_EQ(color.size(), 7u) << color;
        EXPECT_EQ(color[0], '#') << color;
        if (i < static_cast<int>(c.colors.size())) {
            EXPECT_EQ(color, c.colors[i]);
        }
        EXPECT_FALSE(entries[i].GetString("label/ja").empty()) << i;
        EXPECT_FALSE(entries[i].GetString("label/en").empty()) << i;
    }
    EXPECT_EQ(entries[entries.Size() - 1].GetString("label/ja"), "データなし");
    const CPLJSONArray credits = root.GetArray("credits");
    ASSERT_TRUE(credits.IsValid());
    ASSERT_GT(credits.Size(), 0);
    EXPECT_EQ(credits[0].ToString(), kN03Credit);

    const Answer png = get("/legend/population-change/2050.png");
    ASSERT_EQ(png.status, 200u) << png.body;
    EXPECT_EQ(png.content_type, "image/png");
    const auto size = png_size(png.body);
    EXPECT_GT(size.first, 100u);
    EXPECT_GT(size.second, 100u);
    const Answer en2 = get("/legend/population-change/2050.png?lang=en&scale=2");
    ASSERT_EQ(en2.status, 200u) << en2.body;
    EXPECT_GT(png_size(en2.body).first, size.first);

    expect_json_error("/legend/no-such-layer.json", 404);
    expect_json_error("/legend/population-change/1999.json", 404);
    expect_json_error("/legend/no-such-layer.png", 404);
}

// ================================================================ analysis APIs

TEST_F(Endpoints, FacilitiesListsFittedAndReferenceModels) {
    const Answer a = get("/api/facilities");
    ASSERT_EQ(a.status, 200u) << a.body;
    const CPLJSONObject root = parse_json(a.body);
    const CPLJSONArray list = root.GetArray("facilities");
    ASSERT_TRUE(list.IsValid()) << a.body.substr(0, 300);
    EXPECT_EQ(list.Size(), 18);
    int fitted = 0, reference = 0;
    bool starbucks = false;
    for (int i = 0; i < list.Size(); ++i) {
        const std::string kind = list[i].GetString("kind");
        if (kind == "fitted") ++fitted;
        if (kind == "reference") ++reference;
        if (list[i].GetString("facility") == "スターバックスコーヒー") {
            starbucks = true;
            EXPECT_EQ(kind, "reference");
            EXPECT_NEAR(list[i].GetDouble("p50_population"), 175000, 1);
            EXPECT_NEAR(list[i].GetDouble("p80_population"), 275000, 1);
        }
    }
    EXPECT_EQ(fitted, 13);
    EXPECT_EQ(reference, 5);
    EXPECT_TRUE(starbucks);
    EXPECT_GT(root.GetArray("published_reference").Size(), 0);
    expect_json_error("/api/facilities?sample=mars", 400);
}

TEST_F(Endpoints, PopulationBinsSumToTheirTotal) {
    const Answer a = get("/api/population-bins?year=2050");
    ASSERT_EQ(a.status, 200u) << a.body;
    const CPLJSONObject root = parse_json(a.body);
    EXPECT_EQ(root.GetInteger("year"), 2050);
    const CPLJSONArray bins = root.GetArray("bins");
    ASSERT_TRUE(bins.IsValid());
    EXPECT_EQ(bins.Size(), 11);
    int all = 0, outside = 0;
    for (int i = 0; i < bins.Size(); ++i) {
        all += bins[i].GetInteger("all_japan");
        outside += bins[i].GetInteger("outside_three_metro");
    }
    EXPECT_EQ(all, root.GetInteger("total_all_japan"));
    EXPECT_EQ(outside, root.GetInteger("total_outside_three_metro"));
    // 1,747 municipalities less 6 北方領土 villages and 13 浜通り municipalities.
    EXPECT_EQ(all, 1747 - 6 - 13);
    EXPECT_LT(outside, all);
    expect_json_error("/api/population-bins?year=1999", 400);
    expect_json_error("/api/population-bins?year=abc", 400);
}

// Census years from the census itself: all 1,741 municipalities (浜通り on their own; 富岡町, 大熊町, 双葉町
// and 浪江町 had no residents in 2015, published "-", counted as 0). Expected counts: the census workbook's
// sheet 1 (2015: column "2015年（平成27年）の人口（組替）", 2020: "総数") read independently with
// `ogr2ogr -f CSV` + a Python pass over rows of kind 1, 2, 3 and Tokyo's special wards, classed by the same
// bounds, outside = prefectures whose three_metro_areas is 0 in facts/regions.csv.
TEST_F(Endpoints, PopulationBinsOfCensusYearsCountEveryMunicipality) {
    const std::vector<int> all_2015{91, 122, 114, 99, 86, 285, 400, 262, 153, 94, 35};
    const std::vector<int> outside_2015{75, 108, 107, 83, 71, 224, 303, 156, 75, 40, 13};
    const std::vector<int> all_2020{94, 138, 111, 115, 73, 283, 402, 242, 153, 95, 35};
    const std::vector<int> outside_2020{77, 125, 103, 94, 60, 222, 305, 141, 75, 40, 13};
    for (const auto& [url, all, outside] :
         {std::tuple{"/api/population-bins?year=2015&source=census", all_2015, outside_2015},
          std::tuple{"/api/population-bins?year=2015", all_2015, outside_2015},
          std::tuple{"/api/population-bins?year=2020&source=census", all_2020, outside_2020}}) {
        const Answer a = get(url);
        ASSERT_EQ(a.status, 200u) << url << a.body;
        const CPLJSONObject root = parse_json(a.body);
        EXPECT_EQ(root.GetString("source"), "census") << url;
        EXPECT_EQ(root.GetInteger("total_all_japan"), 1741) << url;
        EXPECT_EQ(root.GetInteger("total_outside_three_metro"), 1255) << url;
        EXPECT_EQ(root.GetArray("not_counted").Size(), 6) << url;  // the 北方領土 villages
        const CPLJSONArray bins = root.GetArray("bins");
        ASSERT_EQ(bins.Size(), 11);
        for (int i = 0; i < bins.Size(); ++i) {
            EXPECT_EQ(bins[i].GetInteger("all_japan"), all[i]) << url << " class " << i;
            EXPECT_EQ(bins[i].GetInteger("outside_three_metro"), outside[i]) << url << " class " << i;
        }
    }
    EXPECT_EQ(parse_json(get("/api/population-bins?year=2020").body).GetString("source"), "ipss");
    // The population layer's 2015 is the census's: 長野市 377,598 persons, labelled as the census count.
    const CPLJSONObject nagano = parse_json(get("/info/population/2015/municipality?lon=138.19&lat=36.65").body);
    EXPECT_EQ(nagano.GetString("area/code"), "20201");
    EXPECT_DOUBLE_EQ(nagano.GetDouble("value"), 377598);
    EXPECT_EQ(nagano.GetString("numbers/numerator_label"), "総人口");
    expect_json_error("/api/population-bins?year=2015&source=ipss", 400);
    expect_json_error("/api/population-bins?year=2050&source=census", 400);
    expect_json_error("/api/population-bins?year=2020&source=estat", 400);
}

TEST_F(Endpoints, SearchFindsYubariFirstWithItsBounds) {
    const Answer a = get("/api/search?q=" + percent_encode("夕張"));
    ASSERT_EQ(a.status, 200u) << a.body;
    const CPLJSONObject root = parse_json(a.body);
    const CPLJSONArray results = root.GetArray("results");
    ASSERT_TRUE(results.IsValid()) << a.body;
    ASSERT_GE(results.Size(), 1);
    const CPLJSONObject first = results[0];
    EXPECT_EQ(first.GetString("code"), "01209");
    EXPECT_EQ(first.GetString("name"), "夕張市");
    const double lon = first.GetDouble("lon"), lat = first.GetDouble("lat");
    const CPLJSONArray bbox = first.GetArray("bbox");
    ASSERT_EQ(bbox.Size(), 4);
    const double west = bbox[0].ToDouble(), south = bbox[1].ToDouble(), east = bbox[2].ToDouble(),
                 north = bbox[3].ToDouble();
    EXPECT_LT(west, lon);
    EXPECT_LT(lon, east);
    EXPECT_LT(south, lat);
    EXPECT_LT(lat, north);
    // 夕張 lies in central Hokkaido.
    EXPECT_NEAR(lon, 142.0, 0.3);
    EXPECT_NEAR(lat, 43.0, 0.3);
    // The centre is inside 夕張市 itself: /info there answers 01209.
    const Answer info = get("/info/population/2050?lon=" + std::to_string(lon) + "&lat=" + std::to_string(lat));
    ASSERT_EQ(info.status, 200u) << info.body;
    EXPECT_EQ(parse_json(info.body).GetString("area/code"), "01209");
    expect_json_error("/api/search", 400);
}
