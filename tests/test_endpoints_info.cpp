// The real server over HTTP: /info at a point or code (series, comparisons, the merged 浜通り area,
// errors), and on industry, labour and finance layers (item codes, a town's top industries).
#include "endpoints_support.h"

using namespace rxmap;
using namespace rxmap::test::endpoints;

// ================================================================ /info

TEST_F(Endpoints, InfoNamesTheAreaAtAPoint) {
    const Answer a = get("/info/population/2020?lon=139.7528&lat=35.6940");
    ASSERT_EQ(a.status, 200u) << a.body;
    const CPLJSONObject root = parse_json(a.body);
    EXPECT_EQ(root.GetString("area/name"), "千代田区");
    EXPECT_EQ(root.GetString("area/code"), "13101");
    EXPECT_EQ(root.GetString("area/prefecture"), "東京都");
    const double expected = *test::real_atlas()->stats.get("ipss:population", 2020, "13101");
    EXPECT_DOUBLE_EQ(root.GetDouble("value"), expected);
}

TEST_F(Endpoints, InfoOnChangeHasSeriesAndComparisons) {
    const Answer a = get("/info/population-change/2050?lon=139.7528&lat=35.6940");
    ASSERT_EQ(a.status, 200u) << a.body;
    const CPLJSONObject root = parse_json(a.body);
    EXPECT_EQ(root.GetString("area/code"), "13101");
    const CPLJSONArray series = root.GetArray("series");
    ASSERT_TRUE(series.IsValid()) << a.body;
    ASSERT_EQ(series.Size(), 6);  // 2025 .. 2050
    for (int i = 0; i < 6; ++i) {
        EXPECT_EQ(series[i].GetInteger("year"), 2025 + 5 * i);
        EXPECT_EQ(series[i].GetObj("value").GetType(), CPLJSONObject::Type::Double) << i;
    }
    EXPECT_DOUBLE_EQ(series[5].GetDouble("value"), root.GetDouble("value"));
    const CPLJSONObject pv = root.GetObj("prefecture_value"), jv = root.GetObj("japan_value");
    ASSERT_TRUE(pv.IsValid()) << a.body;
    ASSERT_TRUE(jv.IsValid()) << a.body;
    EXPECT_EQ(pv.GetType(), CPLJSONObject::Type::Double) << a.body;
    EXPECT_EQ(jv.GetType(), CPLJSONObject::Type::Double) << a.body;
    // Tokyo grows less slowly than Japan shrinks: Japan loses people by 2050.
    EXPECT_LT(root.GetDouble("japan_value"), 0);
    EXPECT_GT(root.GetDouble("prefecture_value"), root.GetDouble("japan_value"));
}

TEST_F(Endpoints, InfoOnLocationQuotientComparesWithJapanAsOne) {
    const Answer a = get("/info/it-specialization?lon=139.7528&lat=35.6940");
    ASSERT_EQ(a.status, 200u) << a.body;
    const CPLJSONObject root = parse_json(a.body);
    EXPECT_EQ(root.GetString("area/code"), "13101");
    EXPECT_GT(root.GetDouble("value"), 1);
    EXPECT_GT(root.GetDouble("prefecture_value"), 1);
    EXPECT_NEAR(root.GetDouble("japan_value"), 1.0, 1e-9) << "Japan's location quotient is 1 by definition";
}

TEST_F(Endpoints, InfoInNamieIsTheMergedHamadoriArea) {
    const Answer a = get("/info/population/2050?lon=140.99&lat=37.49");
    ASSERT_EQ(a.status, 200u) << a.body;
    const CPLJSONObject root = parse_json(a.body);
    EXPECT_EQ(root.GetString("area/code"), "07999");
    EXPECT_EQ(root.GetString("area/name"), "浜通り地域");
    const CPLJSONArray members = root.GetArray("merged/members");
    ASSERT_TRUE(members.IsValid()) << a.body;
    EXPECT_EQ(members.Size(), 13);
    bool namie = false;
    for (int i = 0; i < members.Size(); ++i) namie = namie || members[i].ToString().find("浪江町") != std::string::npos;
    EXPECT_TRUE(namie) << a.body;
    EXPECT_GT(root.GetDouble("value"), 100000);
}

TEST_F(Endpoints, InfoErrors) {
    expect_json_error("/info/population/2020?lon=141.5&lat=33.0", 404);  // the Pacific
    expect_json_error("/info/population/2020?lat=35.6940", 400);         // no lon
    expect_json_error("/info/population/2020?lon=139.75&lat=95", 400);   // no such latitude
    expect_json_error("/info/no-such-layer?lon=139.75&lat=35.69", 404);
}

// ================================================================ industry, finance and labour layers

TEST_F(Endpoints, InfoGivesTokyosIctLocationQuotientWithItsItemCodes) {
    const CPLJSONObject root = answer_json(port_, "/info/industry-lq/ict/prefecture?lon=139.7528&lat=35.6940");
    EXPECT_EQ(root.GetString("area/code"), "13000");
    EXPECT_EQ(root.GetString("numbers/numerator_code"), "ssdse:C220839");
    EXPECT_EQ(root.GetString("numbers/denominator_code"), "ssdse:C2208");
    EXPECT_NEAR(root.GetDouble("japan_value"), 1.0, 1e-12);
    // The quotient is Tokyo's share over Japan's share, both as served by the share layer.
    const CPLJSONObject share = answer_json(port_, "/info/industry-share/ict/prefecture?lon=139.7528&lat=35.6940");
    EXPECT_NEAR(root.GetDouble("value"), share.GetDouble("value") / share.GetDouble("japan_value"), 1e-9);
    EXPECT_NEAR(root.GetDouble("value"),
                100 * root.GetDouble("numbers/numerator") / root.GetDouble("numbers/denominator") / share.GetDouble("japan_value"),
                1e-9);
    const auto& c = styles::choropleth(*test::real_catalog(), *test::real_catalog()->resolve("industry-lq/ict/prefecture"));
    EXPECT_DOUBLE_EQ(root.GetDouble("value"), c.value(c.definition.default_year, "13000")->value);
}

TEST_F(Endpoints, InfoListsATownsTopThreeIndustries) {
    const CPLJSONObject root = answer_json(port_, "/info/industry-top?lon=137.156&lat=35.083");  // 豊田市
    EXPECT_EQ(root.GetString("area/code"), "23211");
    EXPECT_EQ(root.GetString("class_label/ja"), "製造業");
    EXPECT_EQ(root.GetString("prefecture_class_label/ja"), "製造業");  // 愛知県
    EXPECT_EQ(root.GetString("numbers/numerator_code"), "ssdse:C220837");
    const CPLJSONArray top = root.GetArray("top_categories");
    ASSERT_TRUE(top.IsValid()) << root.Format(CPLJSONObject::PrettyFormat::Plain);
    ASSERT_EQ(top.Size(), 3);
    EXPECT_EQ(top[0].GetString("name/ja"), "製造業");
    EXPECT_EQ(top[0].GetString("code"), "ssdse:C220837");
    EXPECT_NEAR(top[0].GetDouble("value"), 3.03, 0.01);  // location quotient
    EXPECT_NEAR(top[0].GetDouble("share"), 46.0, 0.1);   // % of the city's employees
    for (int i = 1; i < top.Size(); ++i) {
        EXPECT_LE(top[i].GetDouble("value"), top[i - 1].GetDouble("value"));
        EXPECT_GE(top[i].GetDouble("share"), 5) << "only industries with 5 % of the employees rank";
    }
}

TEST_F(Endpoints, InfoOnLabourAndFinanceNamesEveryItem) {
    CPLJSONObject root = answer_json(port_, "/info/unemployment?lon=139.7528&lat=35.6940");
    EXPECT_EQ(root.GetString("numbers/numerator_code"), "ssdse:F1107");
    EXPECT_EQ(root.GetString("numbers/denominator_code"), "ssdse:F1102 + ssdse:F1107");
    EXPECT_EQ(root.GetString("numbers/denominator_label"), "就業者数 + 完全失業者数");
    EXPECT_EQ(root.GetObj("prefecture_value").GetType(), CPLJSONObject::Type::Double);
    EXPECT_EQ(root.GetObj("japan_value").GetType(), CPLJSONObject::Type::Double);
    // A published ratio: the municipality's own number, no prefecture or Japan sum.
    root = answer_json(port_, "/info/finance-current-balance?lon=139.7528&lat=35.6940");
    EXPECT_EQ(root.GetString("numbers/numerator_code"), "ssdse:D2203");
    EXPECT_FALSE(root.GetObj("prefecture_value").IsValid());
    EXPECT_EQ(root.GetObj("japan_value").GetType(), CPLJSONObject::Type::Null);
    expect_json_error("/info/finance-current-balance/prefecture?lon=139.7528&lat=35.6940", 404);
}

TEST_F(Endpoints, IndustryTilesAndLegendsAnswer) {
    for (const std::string layer : {"industry-top", "industry-top/prefecture", "industry-lq/ict", "industry-share/manufacturing/meti",
                                    "finance-local-tax", "unemployment/bloc", "employment-primary"}) {
        for (const std::string tile : {"/5/28/12.png", "/10/909/403.png"}) {
            const Answer t = get("/tiles/" + layer + tile);
            EXPECT_EQ(t.status, 200u) << layer << tile << " " << t.body;
            EXPECT_EQ(t.content_type, "image/png") << layer << tile;
        }
        const CPLJSONObject legend = answer_json(port_, "/legend/" + layer + ".json");
        EXPECT_EQ(legend.GetArray("credits").Size(), 2) << layer;
        EXPECT_EQ(legend.GetArray("credits")[0].ToString(), kN03Credit) << layer;
    }
    // /layers names each industry layer's family and member, for a viewer to offer one industry choice.
    const CPLJSONArray layers = answer_json(port_, "/layers").GetArray("layers");
    int members = 0;
    for (int i = 0; i < layers.Size(); ++i)
        if (layers[i].GetString("family/id") == "industry-lq") {
            ++members;
            if (layers[i].GetString("id") == "industry-lq/ict") {
                EXPECT_EQ(layers[i].GetString("family/member"), "ict");
                EXPECT_EQ(layers[i].GetString("family/name/ja"), "情報通信業");
            }
        }
    EXPECT_EQ(members, 18);
    const CPLJSONObject top = answer_json(port_, "/legend/industry-top.json");
    // Seven industries in their own colours, the other eleven as その他, then データなし.
    ASSERT_EQ(top.GetArray("entries").Size(), 9);
    EXPECT_EQ(top.GetArray("entries")[0].GetString("label/ja"), "農業、林業");
    EXPECT_EQ(top.GetArray("entries")[7].GetString("label/ja"), "その他");
}
