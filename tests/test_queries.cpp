// queries/ on the real atlas: the structs the services write as JSON, asked directly (rank,
// info, search, values, population bins, facilities), with their typed errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "engine_fixture.h"
#include "queries/facilities.h"
#include "queries/info.h"
#include "queries/population_bins.h"
#include "queries/rank.h"
#include "queries/search.h"
#include "queries/values.h"

namespace rxmap::queries {
namespace {

class Queries : public ::testing::Test {
protected:
    static void SetUpTestSuite() { catalog_ = test::real_catalog(); }
    static catalog::Variant variant(const std::string& address) {
        const auto v = catalog_->resolve(address);
        if (!v) throw std::runtime_error("no variant " + address);
        return *v;
    }
    static std::shared_ptr<const catalog::LayerCatalog> catalog_;
};
std::shared_ptr<const catalog::LayerCatalog> Queries::catalog_;

const std::string kChange2050 = "population-change/2050/municipality";

TEST_F(Queries, TatsunoAmongItsPopulationPeers) {
    const RankAnswer r = rank(*catalog_, variant(kChange2050), {"20382", RankScope::peers, ""});
    ASSERT_EQ(r.error, RankError::none) << r.detail;
    ASSERT_TRUE(r.has_area && r.ranked);
    EXPECT_EQ(r.area.area->code, "20382");
    EXPECT_EQ(r.area.prefecture, "長野県");
    EXPECT_EQ(r.group.within, RankScope::peers);
    EXPECT_EQ(r.group.population_year, 2050);
    const double tatsuno = *catalog_->atlas().stats.get("ipss:population", 2050, "20382");
    EXPECT_GE(tatsuno, r.group.population_lower);
    EXPECT_LT(tatsuno, r.group.population_upper);
    EXPECT_EQ(r.count, static_cast<int>(r.list.size()));
    EXPECT_GT(r.count, 50);
    // Ordered by value, largest first, equal values sharing a position; the area is in the list at its place.
    for (size_t i = 1; i < r.list.size(); ++i) {
        EXPECT_GE(r.list[i - 1].value->value, r.list[i].value->value);
        EXPECT_EQ(r.list[i].position, r.list[i].value->value == r.list[i - 1].value->value ? r.list[i - 1].position
                                                                                           : static_cast<int>(i) + 1);
    }
    const auto self = std::find_if(r.list.begin(), r.list.end(), [](const RankedArea& a) { return a.area->code == "20382"; });
    ASSERT_NE(self, r.list.end());
    EXPECT_EQ(self->position, r.area.position);
    EXPECT_EQ(r.area.state, catalog::ValueState::value);
}

TEST_F(Queries, RankWithinAPrefectureAndItsErrors) {
    const catalog::Variant v = variant(kChange2050);
    const RankAnswer r = rank(*catalog_, v, {"", RankScope::prefecture, "20"});
    ASSERT_EQ(r.error, RankError::none) << r.detail;
    EXPECT_FALSE(r.has_area);
    EXPECT_EQ(r.group.code, "20");
    EXPECT_EQ(r.group.name_ja, "長野県");
    EXPECT_EQ(r.count + r.no_data, 77);  // 長野県's 77 municipalities
    for (const RankedArea& a : r.list) EXPECT_EQ(a.area->pref_code, "20") << a.area->name;

    const RankAnswer unknown = rank(*catalog_, v, {"99999", RankScope::prefecture, ""});
    EXPECT_EQ(unknown.error, RankError::unknown_area);
    EXPECT_NE(unknown.detail.find("99999"), std::string::npos);
    EXPECT_TRUE(unknown.list.empty());
    EXPECT_EQ(rank(*catalog_, v, {"", RankScope::prefecture, ""}).error, RankError::needs_code_or_pref);
    EXPECT_EQ(rank(*catalog_, v, {"", RankScope::peers, ""}).error, RankError::needs_code);
    EXPECT_EQ(rank(*catalog_, variant("population-change/2050/prefecture"), {"20000", RankScope::peers, ""}).error,
              RankError::needs_local_level);
}

TEST_F(Queries, RiskRanksByProbabilityAndLeavesOutTownsWithoutTheFacility) {
    const RankAnswer r = rank(*catalog_, variant("facility-risk/hospital/2050"), {"", RankScope::japan, ""});
    ASSERT_EQ(r.error, RankError::none) << r.detail;
    EXPECT_TRUE(r.by_probability);
    EXPECT_GT(r.none_today, 0);
    ASSERT_FALSE(r.list.empty());
    for (size_t i = 1; i < r.list.size(); ++i) {
        if (std::isfinite(r.list[i].probability)) { EXPECT_LE(r.list[i - 1].probability, r.list[i].probability); }
    }
    for (const RankedArea& a : r.list) EXPECT_NE(a.state, catalog::ValueState::none_today) << a.area->name;
}

TEST_F(Queries, InfoByCodeAndAtAPoint) {
    AreaFinder finder(catalog_->atlas());
    const catalog::Variant v = variant("population/2050");
    InfoAsk by_code;
    by_code.code = "20382";
    const InfoAnswer a = info(*catalog_, finder, v, by_code);
    ASSERT_EQ(a.error, InfoError::none) << a.detail;
    ASSERT_NE(a.area, nullptr);
    EXPECT_EQ(a.area->name, "辰野町");
    EXPECT_EQ(a.prefecture.value_or(""), "長野県");
    EXPECT_EQ(a.state, catalog::ValueState::value);
    EXPECT_DOUBLE_EQ(a.value->value, *catalog_->atlas().stats.get("ipss:population", 2050, "20382"));
    ASSERT_TRUE(a.numbers);
    EXPECT_FALSE(a.numbers->numerator_label.empty());
    ASSERT_TRUE(a.series);
    EXPECT_GT(a.series->size(), 5u);
    EXPECT_GE(a.cls, 0);
    EXPECT_EQ(a.color.size(), 7u);
    EXPECT_FALSE(a.outline) << "only when asked";

    InfoAsk at_point;  // its label point lies in it
    at_point.lon = a.lon;
    at_point.lat = a.lat;
    at_point.outline = true;
    const InfoAnswer b = info(*catalog_, finder, v, at_point);
    ASSERT_EQ(b.error, InfoError::none) << b.detail;
    EXPECT_EQ(b.area, a.area);
    ASSERT_TRUE(b.outline);
    OGREnvelope env;
    b.outline->getEnvelope(&env);
    EXPECT_TRUE(env.MinX < a.lon && a.lon < env.MaxX && env.MinY < a.lat && a.lat < env.MaxY) << "lon/lat";

    InfoAsk sea;  // the Pacific off Chiba
    sea.lon = 142.0;
    sea.lat = 34.0;
    EXPECT_EQ(info(*catalog_, finder, v, sea).error, InfoError::no_area);
    InfoAsk unknown;
    unknown.code = "99999";
    const InfoAnswer none = info(*catalog_, finder, v, unknown);
    EXPECT_EQ(none.error, InfoError::no_area);
    EXPECT_EQ(none.area, nullptr);
}

TEST_F(Queries, InfoOfAMemberOfAMergedAreaSaysMerged) {
    AreaFinder finder(catalog_->atlas());
    InfoAsk namie;
    namie.code = "07547";  // 浪江町, projected inside 浜通り地域
    const InfoAnswer a = info(*catalog_, finder, variant("population/2050"), namie);
    ASSERT_EQ(a.error, InfoError::none) << a.detail;
    EXPECT_EQ(a.area->code, "07999");
    EXPECT_EQ(a.state, catalog::ValueState::merged);
    ASSERT_TRUE(a.asked);
    EXPECT_EQ(a.asked->second, "浪江町");
    EXPECT_EQ(a.merged_members.size(), 13u);
}

TEST_F(Queries, SearchPutsTheNameItselfFirst) {
    const PlaceIndex places(catalog_->atlas());
    const SearchAnswer s = places.search("長野");
    ASSERT_GE(s.hits.size(), 2u);
    EXPECT_EQ(s.hits[0].place->area->name, "長野県");
    EXPECT_EQ(s.hits[0].match, MatchKind::exact);
    EXPECT_EQ(s.hits[1].place->area->name, "長野市");
    EXPECT_EQ(s.total, static_cast<int>(s.hits.size()));
    const SearchAnswer many = places.search("町");
    EXPECT_TRUE(many.truncated);
    EXPECT_EQ(many.hits.size(), kMaxSearchResults);
    EXPECT_GT(many.total, static_cast<int>(kMaxSearchResults));
    EXPECT_EQ(places.search("存在しない地名").total, 0);
}

TEST_F(Queries, ValuesOfOnePrefectureWithStatesNotSentinels) {
    const ValuesTable t = values(*catalog_, variant("population/2050/municipality"), "20");
    EXPECT_EQ(t.rows.size(), 77u);
    EXPECT_FALSE(t.numerator_label.empty());
    EXPECT_FALSE(t.credits.empty());
    for (const ValueRow& r : t.rows) {
        EXPECT_EQ(r.prefecture_code, "20");
        EXPECT_EQ(std::isfinite(r.value), r.state == catalog::ValueState::value) << r.area->name;
        EXPECT_FALSE(r.class_label.empty());
    }
    const ValuesTable risk = values(*catalog_, variant("facility-risk/hospital/2050"), "");
    const auto none_today = std::count_if(risk.rows.begin(), risk.rows.end(), [](const ValueRow& r) {
        return r.state == catalog::ValueState::none_today;
    });
    EXPECT_GT(none_today, 0);
    for (const ValueRow& r : risk.rows) {
        if (r.state != catalog::ValueState::value) { EXPECT_TRUE(std::isnan(r.value)) << r.area->name; }
    }
}

// A categorical layer's labels are its classes' own (before issue 22 the export read a legend of
// only the categories present, so labels slipped and the server died reading past its end).
TEST_F(Queries, CategoricalValuesCarryTheirOwnClassLabel) {
    const catalog::Variant v = variant("industry-top");
    const ValuesTable t = values(*catalog_, v, "");
    ASSERT_FALSE(t.rows.empty());
    for (const ValueRow& r : t.rows) {
        if (r.cls >= 0) { EXPECT_EQ(r.class_label, v.definition->class_labels_ja.at(r.cls)) << r.area->name; }
    }
}

TEST_F(Queries, PopulationBinsBySourceAndYear) {
    const PopulationBinsAnswer ipss = population_bins(*catalog_, {2050, std::nullopt});
    ASSERT_EQ(ipss.error, PopulationBinsError::none) << ipss.detail;
    EXPECT_EQ(ipss.source, "ipss");
    EXPECT_EQ(ipss.total_all_japan, 1728);  // 1,741 less 浜通り's 13
    int sum = 0;
    for (const PopulationBinRow& b : ipss.bins) sum += b.all_japan;
    EXPECT_EQ(sum, ipss.total_all_japan);
    EXPECT_TRUE(std::count(ipss.not_counted.begin(), ipss.not_counted.end(), "07547"));
    EXPECT_EQ(population_bins(*catalog_, {2020, std::string("census")}).total_all_japan, 1741);
    EXPECT_EQ(population_bins(*catalog_, {2050, std::string("cadastre")}).error, PopulationBinsError::unknown_source);
    EXPECT_EQ(population_bins(*catalog_, {2017, std::nullopt}).error, PopulationBinsError::no_year);
    EXPECT_EQ(population_bins(*catalog_, {2050, std::string("census")}).error, PopulationBinsError::no_year);
}

TEST_F(Queries, FacilityModelsOfBothSamples) {
    const FacilitiesAnswer all = facilities(*catalog_, FacilitySample::all);
    const FacilitiesAnswer outside = facilities(*catalog_, FacilitySample::outside_three_metro);
    EXPECT_FALSE(all.models.empty());
    EXPECT_FALSE(all.published.empty());
    EXPECT_STREQ(sample_name(outside.sample), "outside-three-metro");
    const auto hospital = std::find_if(all.models.begin(), all.models.end(), [](const FacilityModelRow& m) { return m.id == "hospital"; });
    ASSERT_NE(hospital, all.models.end());
    EXPECT_EQ(hospital->status, "converged");
    EXPECT_LT(hospital->p50_population, hospital->p80_population);
    const auto outside_hospital = std::find_if(outside.models.begin(), outside.models.end(),
                                               [](const FacilityModelRow& m) { return m.id == "hospital"; });
    ASSERT_NE(outside_hospital, outside.models.end());
    EXPECT_LT(outside_hospital->n, hospital->n) << "fitted on fewer municipalities";
}

}  // namespace
}  // namespace rxmap::queries
