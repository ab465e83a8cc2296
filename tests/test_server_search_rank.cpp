// Issue 12, the official's workflow on the real catalogue: search (every match, best first, prefectures)
// and rank within a prefecture / Japan / population peers, facility risk by probability.
#include "official_support.h"

using namespace rxmap;
using namespace rxmap::test::official;
using rxmap::test::fetch;
using rxmap::test::field;
using rxmap::test::HttpResponse;

namespace {

struct Hit {
    std::string name, prefecture, level, match;
};

std::vector<Hit> search(const CPLJSONObject& o) {
    std::vector<Hit> out;
    for (const auto& r : o.GetArray("results"))
        out.push_back({r.GetString("name"), r.GetString("prefecture"), r.GetString("level"), r.GetString("match")});
    return out;
}

size_t index_of(const std::vector<Hit>& hits, const std::string& name, const std::string& pref = "") {
    for (size_t i = 0; i < hits.size(); ++i)
        if (hits[i].name == name && (pref.empty() || hits[i].prefecture == pref)) return i;
    return hits.size();
}

}  // namespace
// ---------------------------------------------------------------- search

TEST_F(server_Search, SameNamesAreAllListedWithTheirPrefectures) {
    const auto hits = search(json("/api/search?q=" + enc("府中")));
    ASSERT_GE(hits.size(), 3u);
    const size_t tokyo = index_of(hits, "府中市", "東京都"), hiroshima = index_of(hits, "府中市", "広島県"),
                 town = index_of(hits, "府中町", "広島県");
    EXPECT_LT(tokyo, 3u);
    EXPECT_LT(hiroshima, 3u);
    EXPECT_LT(town, 3u);
    EXPECT_EQ(hits[0].match, "exact");
}

TEST_F(server_Search, PrefectureAndCityBeforeLongerNames) {
    const auto hits = search(json("/api/search?q=" + enc("長野")));
    const size_t pref = index_of(hits, "長野県"), city = index_of(hits, "長野市"), town = index_of(hits, "長野原町");
    ASSERT_LT(town, hits.size()) << "長野原町 must be listed too";
    EXPECT_LT(pref, town);
    EXPECT_LT(city, town);
    EXPECT_EQ(hits[pref].level, "prefecture");
    EXPECT_EQ(hits[town].prefecture, "群馬県");
}

TEST_F(server_Search, PrefectureNameGivesThePrefectureWithItsBounds) {
    const auto o = json("/api/search?q=" + enc("長野県"));
    const auto first = o.GetArray("results")[0];
    EXPECT_EQ(first.GetString("name"), "長野県");
    EXPECT_EQ(first.GetString("level"), "prefecture");
    const auto bbox = first.GetArray("bbox");
    // 長野県 spans about 137.3-138.8 E, 35.2-37.0 N; 辰野町 (137.99 E, 35.98 N) lies inside.
    EXPECT_NEAR(bbox[0].ToDouble(), 137.3, 0.2);
    EXPECT_NEAR(bbox[2].ToDouble(), 138.75, 0.2);
    EXPECT_NEAR(bbox[1].ToDouble(), 35.2, 0.2);
    EXPECT_NEAR(bbox[3].ToDouble(), 37.03, 0.2);
    EXPECT_GT(o.GetInteger("total"), 77);  // the prefecture and, by 長野県…, its municipalities
}

// ---------------------------------------------------------------- rank

TEST_F(server_Rank, TatsunoAmongNaganosMunicipalitiesAgreesWithInfo) {
    const auto o = json("/api/rank/" + kChange2050 + "?code=20382&within=prefecture");
    EXPECT_EQ(o.GetString("area/name"), "辰野町");
    EXPECT_EQ(o.GetInteger("count"), 77);
    const auto list = o.GetArray("list");
    ASSERT_EQ(list.Size(), 77);
    // The same ranking from /info: how many of 長野県's municipalities have a larger value.
    const double mine = info_value(kChange2050, area("20382"));
    int larger = 0;
    double previous = INFINITY;
    for (const auto& e : list) {
        EXPECT_EQ(e.GetString("prefecture"), "長野県");
        const double v = info_value(kChange2050, area(e.GetString("code")));
        EXPECT_DOUBLE_EQ(e.GetDouble("value"), v) << e.GetString("name");
        EXPECT_LE(v, previous) << "descending";
        previous = v;
        if (v > mine) ++larger;
    }
    EXPECT_EQ(o.GetInteger("position"), larger + 1);
    EXPECT_DOUBLE_EQ(o.GetDouble("value"), mine);
}

TEST_F(server_Rank, PeersShareThePopulationClass) {
    const auto o = json("/api/rank/" + kChange2050 + "?code=20382&within=peers");
    const double lower = o.GetDouble("group/population_lower"), upper = o.GetDouble("group/population_upper");
    EXPECT_EQ(o.GetInteger("group/population_year"), 2050);
    const auto& stats = catalog_->atlas().stats;
    const double tatsuno = *stats.get("ipss:population", 2050, "20382");
    EXPECT_GE(tatsuno, lower);
    EXPECT_LT(tatsuno, upper);
    const auto list = o.GetArray("list");
    EXPECT_EQ(list.Size(), o.GetInteger("count"));
    EXPECT_GT(list.Size(), 50);  // some hundred municipalities share a class
    std::set<std::string> prefectures;
    bool found = false;
    for (const auto& e : list) {
        const auto people = stats.get("ipss:population", 2050, e.GetString("code"));
        ASSERT_TRUE(people) << e.GetString("code");
        EXPECT_GE(*people, lower) << e.GetString("name");
        EXPECT_LT(*people, upper) << e.GetString("name");
        prefectures.insert(e.GetString("prefecture"));
        found |= e.GetString("code") == "20382";
    }
    EXPECT_TRUE(found);
    EXPECT_GT(prefectures.size(), 10u);
    EXPECT_FALSE(o.GetString("group/rule/ja").empty());
}

TEST_F(server_Rank, JapanAndErrors) {
    const auto japan = json("/api/rank/" + kChange2050 + "?code=20382&within=japan");
    EXPECT_GT(japan.GetInteger("count"), 1700);
    EXPECT_GE(japan.GetInteger("position"), json("/api/rank/" + kChange2050 + "?code=20382").GetInteger("position"));
    json("/api/rank/" + kChange2050 + "?code=20382&within=galaxy", 400);
    json("/api/rank/" + kChange2050 + "?code=99999", 404);
    json("/api/rank/" + kChange2050, 400);
    const auto table = json("/api/rank/" + kChange2050 + "?pref=" + enc("長野県"));  // a table without an area
    EXPECT_EQ(table.GetInteger("count"), 77);
    EXPECT_FALSE(table.GetObj("position").IsValid());
    json("/api/rank/population-change/2050/prefecture?code=20000", 400);  // within=prefecture of a prefecture
    EXPECT_EQ(json("/api/rank/population-change/2050/prefecture?code=20000&within=japan").GetInteger("count"), 47);
    json("/api/rank/nothing?code=20382", 404);
}

// Risk layers: most towns are not at risk (value 0); they rank by the probability of keeping
// the facility, lowest first, equal to /info's, and towns without one today are not ranked.
TEST_F(server_Rank, FacilityRiskRanksByProbability) {
    const std::string risk = "facility-risk/hospital/2050";
    const auto o = json("/api/rank/" + risk + "?code=20382&within=prefecture");
    const auto list = o.GetArray("list");
    ASSERT_GT(list.Size(), 10);
    EXPECT_EQ(o.GetInteger("count") + o.GetInteger("none_today") + o.GetInteger("no_data"), 77);
    EXPECT_GT(o.GetInteger("none_today"), 0);
    double previous = -1;
    std::set<int> positions;
    int lower = 0;
    const double mine = json("/info/" + risk + "?code=20382").GetDouble("facility/probability");
    for (const auto& e : list) {
        const auto info = json("/info/" + risk + "?code=" + e.GetString("code"));
        EXPECT_NEAR(e.GetDouble("probability"), info.GetDouble("facility/probability"), 1e-9) << e.GetString("name");
        EXPECT_NE(e.GetString("state"), "none_today") << e.GetString("name") << " has a hospital today";
        EXPECT_GE(e.GetDouble("probability"), previous) << "ascending probability";
        previous = e.GetDouble("probability");
        positions.insert(e.GetInteger("position"));
        if (e.GetDouble("probability") < mine) ++lower;
    }
    EXPECT_EQ(positions.size(), list.Size()) << "no ties at 0";
    EXPECT_EQ(o.GetInteger("position"), lower + 1);
    // A town of 長野県 with no hospital today: nothing to rank; the categorical industry map neither.
    std::string none;
    for (const auto& e : json("/api/rank/" + kChange2050 + "?pref=20").GetArray("list"))
        if (none.empty() && json("/info/" + risk + "?code=" + e.GetString("code")).GetString("state") == "none_today")
            none = e.GetString("code");
    ASSERT_FALSE(none.empty());
    const auto unranked = json("/api/rank/" + risk + "?code=" + none);  // a state, not a 404 (issue 20)
    EXPECT_EQ(unranked.GetString("state"), "none_today");
    EXPECT_EQ(unranked.GetObj("position").GetType(), CPLJSONObject::Type::Null);
    json("/api/rank/industry-top?code=23211", 400);
}
