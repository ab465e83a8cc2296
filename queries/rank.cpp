#include "queries/rank.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "layers/indicator_values.h"
#include "layers/population_bins.h"
#include "queries/area_rows.h"

namespace rxmap::queries {

namespace {

// The year whose population decides peers: the variant's when IPSS projects it, else 2020.
int peer_year(const data::Atlas& atlas, int year) {
    const auto years = atlas.stats.years(data::kBinPopulationIndicator);
    return std::find(years.begin(), years.end(), year) != years.end() ? year : 2020;
}

template <class Pred>
void drop_if(std::vector<AreaRow>& rows, Pred pred) {
    rows.erase(std::remove_if(rows.begin(), rows.end(), pred), rows.end());
}

// What orders the areas, larger first. A facility-risk layer's value is 0 for most areas
// (not below 50 %), so it ranks by the probability of keeping the facility instead, the
// lowest first: position 1 is the area most at risk, and no two areas tie at 0.
double rank_key(const catalog::Variant& v, const AreaRow& r) {
    const data::ValueSpec& spec = v.definition->value;
    if (!(spec.presence_risk && spec.presence)) return r.value->value;
    const double p = spec.presence->probability(r.value->numerator);
    return std::isfinite(p) ? -p : -std::numeric_limits<double>::infinity();  // no curve: last
}

// Risk layers rank only the areas that have the facility today (value -1: none to lose).
bool outside_ranking(const catalog::Variant& v, const AreaRow& r) {
    return v.definition->value.presence_risk && r.value->value < 0;
}

RankedArea ranked_area(const catalog::Variant& v, const AreaRow& r) {
    RankedArea a;
    a.area = r.area;
    a.prefecture = r.prefecture;
    a.value = r.value;
    a.state = catalog::value_state(*v.definition, r.value);
    a.cls = r.cls;
    return a;
}

RankAnswer failed(RankError error, std::string detail) {
    RankAnswer a;
    a.error = error;
    a.detail = std::move(detail);
    return a;
}

// The area has no place in the ranking: its value's state, or `state` when the group is what
// it lacks ("merged" for peers of a municipality whose population IPSS projects only inside
// 浜通り地域). Not an error: the caller answers it as a state.
RankAnswer unranked(const catalog::Variant& v, const AreaRow& row, std::optional<catalog::ValueState> state = {}) {
    RankAnswer a;
    a.has_area = true;
    a.area = ranked_area(v, row);
    if (state) a.area.state = *state;
    a.by_probability = v.definition->value.presence_risk;
    return a;
}

// Narrows `rows` to the group of `ask` (and fills its description); an error, or an
// unranked answer for peers of an area without a population class, when it cannot.
std::optional<RankAnswer> narrow_to_group(const catalog::LayerCatalog& catalog, const catalog::Variant& v,
                                          const data::Area* my_area, const std::string& pref_code,
                                          std::vector<AreaRow>& rows, RankGroup& group) {
    const data::Atlas& atlas = catalog.atlas();
    const std::string level_ja = data::level_name_ja(v.level), level_en = data::level_name(v.level);
    switch (group.within) {
    case RankScope::prefecture:
        if (data::is_aggregate(v.level))
            return failed(RankError::needs_local_level, "within=prefecture needs a ward or municipality level");
        if (pref_code.empty()) return failed(RankError::needs_code_or_pref, "within=prefecture needs code or pref");
        drop_if(rows, [&](const AreaRow& r) { return r.area->pref_code != pref_code; });
        if (rows.empty()) return failed(RankError::no_area_in_prefecture, "no area of prefecture " + pref_code);
        group.code = pref_code;
        group.name_ja = group.name_en = rows.front().prefecture;
        group.rule_ja = "同じ都道府県の" + level_ja;
        group.rule_en = "the " + level_en + " areas of the same prefecture";
        return std::nullopt;
    case RankScope::peers: {
        if (data::is_aggregate(v.level))
            return failed(RankError::needs_local_level, "within=peers needs a ward or municipality level");
        if (!my_area) return failed(RankError::needs_code, "within=peers needs code");
        const int year = peer_year(atlas, v.year);
        data::ValueSpec population;
        population.numerator = {data::kBinPopulationIndicator, 0};
        population.merged_areas = v.definition->value.merged_areas;
        const data::ValueMap people = data::compute_values(population, year, v.level, atlas);
        auto bin_of = [&](const std::string& c) {
            auto it = people.find(c);
            return it == people.end() ? -1 : data::population_bin_index(it->second.value);
        };
        const int bin = bin_of(my_area->code);
        if (bin < 0) {  // no projected population of its own (浜通り's members)
            const auto self = std::find_if(rows.begin(), rows.end(), [&](const AreaRow& r) { return r.area == my_area; });
            return unranked(v, *self, atlas.merged_containing(my_area->code) ? catalog::ValueState::merged
                                                                             : catalog::ValueState::no_data);
        }
        drop_if(rows, [&](const AreaRow& r) { return bin_of(r.area->code) != bin; });
        const auto cls = data::population_bin_classes()[bin];
        group.name_ja = "人口" + cls.label_ja + "の市区町村";
        group.name_en = "areas of " + cls.label_en + " people";
        group.rule_ja = std::to_string(year) + "年の推計人口（社人研）が同じ人口規模区分（/api/population-bins の区分）";
        group.rule_en = "the same population class of /api/population-bins, by the IPSS population in " + std::to_string(year);
        group.population_year = year;
        group.population_lower = cls.lower;
        group.population_upper = cls.upper;
        return std::nullopt;
    }
    case RankScope::japan:
        group.name_ja = "全国";
        group.name_en = "Japan";
        group.rule_ja = "全国の" + level_ja;
        group.rule_en = "every " + level_en + " area in Japan";
        return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

const char* scope_name(RankScope s) {
    switch (s) {
    case RankScope::prefecture: return "prefecture";
    case RankScope::japan: return "japan";
    case RankScope::peers: return "peers";
    }
    return "prefecture";
}

RankAnswer rank(const catalog::LayerCatalog& catalog, const catalog::Variant& v, const RankAsk& ask) {
    std::vector<AreaRow> rows = area_rows(catalog, v);
    // The area asked for, if any: its prefecture is the default group.
    const data::Area* my_area = nullptr;
    std::string pref_code = ask.pref_code;
    if (!ask.code.empty()) {
        auto self = std::find_if(rows.begin(), rows.end(), [&](const AreaRow& r) {
            return r.area->code == ask.code || std::count(r.area->members.begin(), r.area->members.end(), ask.code);
        });
        if (self == rows.end())
            return failed(RankError::unknown_area, "no area " + ask.code + " at level " + data::level_name(v.level));
        // An area without a value to rank (no data, none of the facility today) is a state, not an error.
        if (!self->has_value() || outside_ranking(v, *self)) return unranked(v, *self);
        my_area = self->area;
        pref_code = my_area->pref_code;
    }

    RankAnswer answer;
    answer.group.within = ask.within;
    if (auto early = narrow_to_group(catalog, v, my_area, pref_code, rows, answer.group)) return std::move(*early);

    answer.no_data = static_cast<int>(std::count_if(rows.begin(), rows.end(), [](const AreaRow& r) { return !r.has_value(); }));
    drop_if(rows, [](const AreaRow& r) { return !r.has_value(); });
    answer.none_today = static_cast<int>(std::count_if(rows.begin(), rows.end(), [&](const AreaRow& r) { return outside_ranking(v, r); }));
    drop_if(rows, [&](const AreaRow& r) { return outside_ranking(v, r); });
    std::vector<std::pair<double, AreaRow>> keyed;
    for (const AreaRow& r : rows) keyed.emplace_back(rank_key(v, r), r);
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    answer.by_probability = v.definition->value.presence_risk;

    int position = 0;
    for (size_t i = 0; i < keyed.size(); ++i) {
        if (i == 0 || keyed[i].first != keyed[i - 1].first) position = static_cast<int>(i) + 1;
        RankedArea e = ranked_area(v, keyed[i].second);
        e.position = position;
        if (answer.by_probability && std::isfinite(keyed[i].first)) e.probability = -100 * keyed[i].first;
        if (e.area == my_area) {
            answer.has_area = answer.ranked = true;
            answer.area = e;
        }
        answer.list.push_back(std::move(e));
    }
    answer.count = static_cast<int>(rows.size());
    return answer;
}

}  // namespace rxmap::queries
