// Issue 20, what a person reads, on the real catalog: /info, /api/rank and /api/values answer
// states (none_today, no_risk, no_data, merged) as null + a word, never -1/0 sentinels; every
// base number has its unit; /layers says each layer's format, whether high is good and which
// ranks mean something; legends and CSVs read in the layer's digits.
#include <gtest/gtest.h>

#include <cpl_json.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <regex>
#include <set>
#include <string>

#include "server_fixture.h"
#include "server/api/catalog_service.h"
#include "server/api/info_service.h"
#include "server/api/legend_service.h"
#include "server/api/rank_service.h"
#include "server/api/values_service.h"
#include "test_server_client.h"

using namespace rxmap;
using rxmap::test::HttpResponse;

namespace {

const std::string kRisk = "facility-risk/hospital/2050";

class Readings : public test::RealServerSuite {
protected:
    // The services whose answers a person reads (and the legends'), two workers.
    static void SetUpTestSuite() {
        GDALAllRegister();  // the CSV is read back through OGR
        const auto c = test::real_catalog();
        start_server({std::make_shared<server::LegendService>(c), std::make_shared<server::CatalogService>(c),
                      std::make_shared<server::InfoService>(c), std::make_shared<server::RankService>(c),
                      std::make_shared<server::ValuesService>(c)}, 2);
    }

    // The first area of 長野県 whose risk answer has that state.
    static std::string nagano_town_in_state(const std::string& state) {
        for (const auto& e : json("/api/rank/population/2020/municipality?pref=20").GetArray("list")) {
            const std::string code = e.GetString("code");
            if (json("/info/" + kRisk + "?code=" + code).GetString("state") == state) return code;
        }
        return "";
    }
};

using server_Readings = Readings;

bool is_null(const CPLJSONObject& o, const std::string& key) { return o.GetObj(key).GetType() == CPLJSONObject::Type::Null; }

}  // namespace

// The issue measured 「値 −1 ポイント」 for a town without a hospital and 「0 ポイント」 for no risk.
TEST_F(server_Readings, RiskStatesAreNullWithAWord) {
    const std::string none = nagano_town_in_state("none_today");
    ASSERT_FALSE(none.empty()) << "長野県 has towns without a hospital";
    const auto info = json("/info/" + kRisk + "?code=" + none);
    EXPECT_TRUE(is_null(info, "value")) << info.Format(CPLJSONObject::PrettyFormat::Plain);
    EXPECT_EQ(info.GetString("class_label/ja"), "現在なし");
    EXPECT_EQ(info.GetDouble("numbers/facilities_today"), 0);
    EXPECT_EQ(info.GetString("numbers/facilities_today_unit/ja"), "施設");
    for (const auto& p : info.GetArray("series")) {  // the series too: states, never -1
        EXPECT_TRUE(is_null(p, "value"));
        EXPECT_EQ(p.GetString("state"), "none_today");
    }
    const auto safe = json("/info/" + kRisk + "?code=20382");  // 辰野町 keeps 69 %: no risk
    EXPECT_EQ(safe.GetString("state"), "no_risk");
    EXPECT_TRUE(is_null(safe, "value"));
    EXPECT_NEAR(safe.GetDouble("facility/probability"), 69, 1.5);
    // Ranks: 200 with the state, never a 404 (console errors); the list carries no sentinel either.
    const auto rank = json("/api/rank/" + kRisk + "?code=" + none);
    EXPECT_EQ(rank.GetString("state"), "none_today");
    EXPECT_TRUE(is_null(rank, "position"));
    for (const auto& e : json("/api/rank/" + kRisk + "?code=20382").GetArray("list")) {
        const bool number = e.GetObj("value").GetType() == CPLJSONObject::Type::Double;
        EXPECT_EQ(number, e.GetString("state") == "value") << e.GetString("name");
        if (number) { EXPECT_GT(e.GetDouble("value"), 0) << e.GetString("name"); }
    }
}

TEST_F(server_Readings, MergedAndMissingAreasSayWhy) {
    const auto namie = json("/info/population/2050?code=07547");  // 浪江町, projected inside 浜通り地域
    EXPECT_EQ(namie.GetString("state"), "merged");
    EXPECT_EQ(namie.GetString("area/code"), "07999");
    EXPECT_EQ(namie.GetString("asked/code"), "07547");
    EXPECT_EQ(namie.GetString("asked/name"), "浪江町");
    EXPECT_GT(namie.GetDouble("value"), 100000) << "浜通り地域's own value";
    EXPECT_EQ(json("/info/population/2050?code=07999").GetString("state"), "value");
    const auto islands = json("/info/population/2020/municipality?code=01695");  // 北方領土: boundaries, no statistics
    EXPECT_EQ(islands.GetString("state"), "no_data");
    EXPECT_TRUE(is_null(islands, "value"));
    const auto rank = json("/api/rank/population/2020/municipality?code=01695");
    EXPECT_EQ(rank.GetString("state"), "no_data");
}

// 地方税 42,818,319 is in 千円: every base number carries its unit; item codes stay in *_code.
TEST_F(server_Readings, BaseNumbersCarryUnits) {
    const auto tax = json("/info/finance-local-tax?code=20202");  // 松本市
    EXPECT_EQ(tax.GetString("numbers/numerator_unit/ja"), "千円");
    EXPECT_EQ(tax.GetString("numbers/numerator_unit/en"), "thousand yen");
    EXPECT_EQ(tax.GetString("numbers/denominator_unit/ja"), "人");
    EXPECT_EQ(tax.GetString("numbers/numerator_code"), "ssdse:D320101");
    EXPECT_EQ(tax.GetString("numbers/numerator_label").find("ssdse"), std::string::npos);
    // value = amount (千円) × 1000 / residents: the units make the arithmetic readable.
    EXPECT_NEAR(tax.GetDouble("value"), 1000 * tax.GetDouble("numbers/numerator") / tax.GetDouble("numbers/denominator"), 1e-6);
    const auto change = json("/info/population-change/2050?code=20382");
    EXPECT_EQ(change.GetString("numbers/base_unit/ja"), "人");
    EXPECT_EQ(change.GetInteger("numbers/base_year"), 2020);
    // A published ratio has no Japan value: a reason instead of a bare 「データなし」.
    const auto balance = json("/info/finance-current-balance?code=20202");
    EXPECT_TRUE(is_null(balance, "japan_value"));
    EXPECT_NE(balance.GetString("japan_note/ja").find("合算できない"), std::string::npos);
}

TEST_F(server_Readings, LayersSayFormatDirectionAndRanks) {
    std::set<std::string> seen;
    for (const auto& l : json("/layers").GetArray("layers")) {
        const std::string id = l.GetString("id");
        if (l.GetString("kind") == "flow") continue;
        EXPECT_EQ(l.GetObj("format/digits").GetType(), CPLJSONObject::Type::Integer) << id;
        EXPECT_FALSE(l.GetString("format/unit/ja").empty()) << id;
        const std::string higher = l.GetString("higher_is");
        EXPECT_TRUE(higher == "better" || higher == "worse" || higher == "neither") << id << ": " << higher;
        std::set<std::string> scopes;
        for (const auto& s : l.GetArray("rank_scopes")) scopes.insert(s.ToString());
        if (id == "industry-top") { EXPECT_TRUE(scopes.empty()) << "categories have no order"; }
        if (id.rfind("facility-", 0) == 0) {
            EXPECT_FALSE(scopes.count("peers")) << id << ": probability follows population, peers share it";
            EXPECT_TRUE(scopes.count("prefecture")) << id;
        }
        seen.insert(id);
        if (id == "finance-current-balance") { EXPECT_EQ(higher, "worse"); }
        if (id == "population") { EXPECT_EQ(l.GetInteger("format/digits"), 0); }
        if (id == "aging") { EXPECT_EQ(l.GetInteger("format/digits"), 1); }
        if (id == "facility-probability/hospital") { EXPECT_EQ(l.GetInteger("format/digits"), 1); }
    }
    EXPECT_TRUE(seen.count("finance-current-balance"));
    EXPECT_EQ(json("/api/rank/finance-current-balance?code=20202&within=prefecture").GetString("higher_is"), "worse");
    json("/api/rank/facility-probability/hospital/2050?code=20382&within=peers", 400);
}

// The industry-lq guide promises the top 3 industries on click, as industry-top's pop-up has.
TEST_F(server_Readings, IndustryLqNamesTheTopThree) {
    const auto info = json("/info/industry-lq/ict?code=23211");  // 豊田市
    const auto top = info.GetArray("top_categories");
    ASSERT_EQ(top.Size(), 3) << info.Format(CPLJSONObject::PrettyFormat::Plain);
    EXPECT_EQ(top[0].GetString("name/ja"), "製造業");
}

// Legend labels in the layer's format: 「17.6万 – 490.7万」, not 「175,685 – 4,906,551」; an open top
// class 「4.00以上」, not 「2.00 – 1,000.0」; every number of a legend with the same decimals.
TEST_F(server_Readings, LegendLabelsReadWell) {
    const auto population = json("/legend/population/2020/municipality.json");
    const auto entries = population.GetArray("entries");
    ASSERT_GT(entries.Size(), 3);
    EXPECT_NE(entries[entries.Size() - 2].GetString("label/ja").find("万"), std::string::npos);
    EXPECT_NE(entries[entries.Size() - 2].GetString("label/en").find("k"), std::string::npos);
    for (const auto& e : entries) EXPECT_EQ(e.GetString("label/ja").find("0.0万"), std::string::npos) << e.GetString("label/ja");
    const auto debt = json("/legend/finance-debt-service.json").GetArray("entries");  // breaks -10 … 25, 100
    EXPECT_EQ(debt[debt.Size() - 2].GetString("label/ja"), "25以上");
    const auto lq = json("/legend/industry-lq/manufacturing.json").GetArray("entries");
    EXPECT_EQ(lq[lq.Size() - 2].GetString("label/ja"), "4.00以上");
    EXPECT_EQ(lq[lq.Size() - 2].GetString("label/en"), "4.00 or more");
    const std::regex number(R"([0-9][0-9,]*(\.([0-9]+))?)");
    for (const std::string layer : {"aging/2050", "industry-share/ict", "industry-lq/ict", "it-specialization", "it-job-openings",
                                    "facility-probability/hospital/2050", "population-change/2050"}) {
        std::set<size_t> decimals;
        for (const auto& e : json("/legend/" + layer + ".json").GetArray("entries")) {
            const std::string label = e.GetString("label/ja");
            for (auto it = std::sregex_iterator(label.begin(), label.end(), number); it != std::sregex_iterator(); ++it)
                decimals.insert((*it)[2].length());
        }
        EXPECT_EQ(decimals.size(), 1u) << layer << ": one number of decimals in a legend";
    }
}

// CSV values in the layer's digits + 2, states as words: no 15-digit floats, no -1.
TEST_F(server_Readings, CsvValuesAreRoundedAndStatesNamed) {
    const HttpResponse aging = get("/api/values/aging/2050/municipality?format=csv&pref=20");
    ASSERT_EQ(aging.result_int(), 200u);
    const std::regex long_decimal(R"(\.[0-9]{4,})");
    EXPECT_FALSE(std::regex_search(aging.body(), long_decimal)) << aging.body().substr(0, 600);
    const HttpResponse risk = get("/api/values/" + kRisk + "?format=csv&pref=20");
    ASSERT_EQ(risk.result_int(), 200u);
    EXPECT_NE(risk.body().find(",none_today"), std::string::npos);
    EXPECT_NE(risk.body().find(",no_risk"), std::string::npos);
    const std::string path = "/vsimem/readings-risk.csv";
    VSIFCloseL(VSIFileFromMemBuffer(path.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(risk.body().data())),
                                    risk.body().size(), FALSE));
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
        ASSERT_TRUE(ds);
        int rows = 0;
        for (auto& f : *ds->GetLayer(0)) {
            ++rows;
            const std::string state = f->GetFieldAsString("state"), value = f->GetFieldAsString("value");
            if (state == "value")
                EXPECT_GT(std::stod(value), 0) << f->GetFieldAsString("name");
            else
                EXPECT_TRUE(value.empty()) << f->GetFieldAsString("name") << ": " << state << " as " << value;
        }
        EXPECT_EQ(rows, 77);
    }
    VSIUnlink(path.c_str());
}
