// Map layers of industry structure, labour and municipal finance on SSDSE: location quotients of every
// industry, the top industry and its colour, unemployment and finance ratios, their legends.
#include "map_layers_support.h"

using namespace rxmap;
using namespace rxmap::test::map_layers;

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
