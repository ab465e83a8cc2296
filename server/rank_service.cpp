#include "server/rank_service.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "layers/population_bins.h"
#include "server/area_rows.h"
#include "server/json_error.h"
#include "server/layer_json.h"
#include "catalog/value_reading.h"

namespace rxmap::server {

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

// The answer for an area that has no place in the ranking: 200, position null and why
// (its value's state, or `state` when the group is what it lacks: "merged" for peers of a
// municipality whose population IPSS projects only inside 浜通り地域).
Response unranked(const catalog::Variant& v, const AreaRow& row, const char* state = nullptr) {
    CPLJSONObject o;
    o.Add("layer", v.key());
    o.Add("title", bilingual(v.definition->title_ja, v.definition->title_en));
    o.Add("year", v.year);
    o.Add("level", data::level_name(v.level));
    CPLJSONObject a;
    a.Add("code", row.area->code);
    a.Add("name", row.area->name);
    a.Add("prefecture", row.prefecture);
    o.Add("area", a);
    o.AddNull("position");
    add_value(o, *v.definition, row.value);
    if (state) o.Set("state", state);
    o.Add("higher_is", catalog::higher_is(*v.definition));
    o.Add("list", CPLJSONArray());
    return json_document(o, 300);
}

Response rank(const catalog::LayerCatalog& catalog, const catalog::Variant& v, const std::string& code,
              const std::string& within, std::string pref_code) {
    const data::Atlas& atlas = catalog.atlas();
    std::vector<AreaRow> rows = area_rows(catalog, v);
    // The area asked for, if any: its prefecture is the default group.
    const data::Area* my_area = nullptr;
    if (!code.empty()) {
        auto self = std::find_if(rows.begin(), rows.end(), [&](const AreaRow& r) {
            return r.area->code == code || std::count(r.area->members.begin(), r.area->members.end(), code);
        });
        if (self == rows.end())
            return json_error(404, "unknown_area", "no area " + code + " at level " + data::level_name(v.level));
        // An area without a value to rank (no data, none of the facility today) is a state, not an error.
        if (!self->has_value() || outside_ranking(v, *self)) return unranked(v, *self);
        my_area = self->area;
        pref_code = my_area->pref_code;
    }

    CPLJSONObject group;
    group.Add("within", within);
    const std::string level_ja = data::level_name_ja(v.level), level_en = data::level_name(v.level);
    if (within == "prefecture") {
        if (data::is_aggregate(v.level))
            return json_error(400, "bad_parameter", "within=prefecture needs a ward or municipality level");
        if (pref_code.empty()) return json_error(400, "bad_parameter", "within=prefecture needs code or pref");
        drop_if(rows, [&](const AreaRow& r) { return r.area->pref_code != pref_code; });
        if (rows.empty()) return json_error(404, "unknown_area", "no area of prefecture " + pref_code);
        group.Add("code", pref_code);
        group.Add("name", bilingual(rows.front().prefecture, rows.front().prefecture));
        group.Add("rule", bilingual("同じ都道府県の" + level_ja, "the " + level_en + " areas of the same prefecture"));
    } else if (within == "peers") {
        if (data::is_aggregate(v.level))
            return json_error(400, "bad_parameter", "within=peers needs a ward or municipality level");
        if (!my_area) return json_error(400, "bad_parameter", "within=peers needs code");
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
            const AreaRow* self = nullptr;
            for (const AreaRow& r : rows)
                if (r.area == my_area) self = &r;
            return unranked(v, *self, atlas.merged_containing(my_area->code) ? "merged" : "no_data");
        }
        drop_if(rows, [&](const AreaRow& r) { return bin_of(r.area->code) != bin; });
        const auto cls = data::population_bin_classes()[bin];
        group.Add("name", bilingual("人口" + cls.label_ja + "の市区町村", "areas of " + cls.label_en + " people"));
        group.Add("rule", bilingual(std::to_string(year) + "年の推計人口（社人研）が同じ人口規模区分（/api/population-bins の区分）",
                                    "the same population class of /api/population-bins, by the IPSS population in " + std::to_string(year)));
        group.Add("population_year", year);
        group.Add("population_lower", cls.lower);
        add_number(group, "population_upper", cls.upper);
    } else if (within == "japan") {
        group.Add("name", bilingual("全国", "Japan"));
        group.Add("rule", bilingual("全国の" + level_ja, "every " + level_en + " area in Japan"));
    } else {
        return json_error(400, "bad_parameter", "within must be prefecture, japan or peers");
    }

    const size_t no_data = std::count_if(rows.begin(), rows.end(), [](const AreaRow& r) { return !r.has_value(); });
    drop_if(rows, [](const AreaRow& r) { return !r.has_value(); });
    const size_t none_today = std::count_if(rows.begin(), rows.end(), [&](const AreaRow& r) { return outside_ranking(v, r); });
    drop_if(rows, [&](const AreaRow& r) { return outside_ranking(v, r); });
    std::vector<std::pair<double, AreaRow>> keyed;
    for (const AreaRow& r : rows) keyed.emplace_back(rank_key(v, r), r);
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    const bool by_probability = v.definition->value.presence_risk;

    CPLJSONObject o;
    o.Add("layer", v.key());
    o.Add("title", bilingual(v.definition->title_ja, v.definition->title_en));
    o.Add("year", v.year);
    o.Add("level", level_en);
    o.Add("unit", bilingual(v.definition->unit_ja, v.definition->unit_en));
    o.Add("higher_is", catalog::higher_is(*v.definition));
    o.Add("group", group);
    o.Add("order", by_probability ? "ascending probability of having the facility: 1 is the area most at risk; "
                                    "equal probabilities share a position; areas without it today are not ranked"
                                  : "descending: 1 is the largest value; equal values share a position");
    CPLJSONArray list;
    int position = 0;
    for (size_t i = 0; i < keyed.size(); ++i) {
        if (i == 0 || keyed[i].first != keyed[i - 1].first) position = static_cast<int>(i) + 1;
        const AreaRow& r = keyed[i].second;
        if (r.area == my_area) {
            CPLJSONObject a;
            a.Add("code", r.area->code);
            a.Add("name", r.area->name);
            a.Add("prefecture", r.prefecture);
            o.Add("area", a);
            o.Add("position", position);
            add_value(o, *v.definition, r.value);
        }
        CPLJSONObject e;
        e.Add("position", position);
        e.Add("code", r.area->code);
        e.Add("name", r.area->name);
        e.Add("prefecture", r.prefecture);
        add_value(e, *v.definition, r.value);
        if (by_probability && std::isfinite(keyed[i].first)) add_number(e, "probability", -100 * keyed[i].first);
        e.Add("class", r.cls);
        list.Add(e);
    }
    o.Add("count", static_cast<int>(rows.size()));
    o.Add("no_data", static_cast<int>(no_data));
    if (by_probability) o.Add("none_today", static_cast<int>(none_today));
    o.Add("list", list);
    return json_document(o, 300);
}

}  // namespace

Reply RankService::handle(const Request& request) {
    const auto variant = variant_from_path(*catalog_, request.target.path, "/api/rank/", "");
    if (!variant) return json_error(404, "unknown_layer", "no layer at " + request.target.path + " (see /layers)");
    if (variant->flow) return json_error(400, "bad_parameter", variant->definition->id + " is a flow layer: nothing to rank");
    if (variant->definition->method == catalog::Method::categorical)
        return json_error(400, "bad_parameter", variant->definition->id + " is categorical (its values name industries): nothing to rank");
    const std::string code = request.target.query_value("code").value_or("");
    if (code.size() > 64) return json_error(400, "bad_parameter", "code must be an area code such as 20382");
    const std::string within = request.target.query_value("within").value_or("prefecture");
    if ((within == "prefecture" || within == "japan" || within == "peers") && !catalog::offers_rank(*variant->definition, within))
        return json_error(400, "rank_not_offered", "a " + within + " rank means nothing on " + variant->definition->id +
                                                       " (see rank_scopes in /layers)");
    std::string error;
    const auto pref = pref_parameter(request, catalog_->atlas(), &error);
    if (!pref) return json_error(400, "bad_parameter", error);
    const catalog::Variant v = *variant;
    auto catalog = catalog_;
    return Reply::deferred([catalog, v, code, within, p = *pref] { return rank(*catalog, v, code, within, p); });
}

}  // namespace rxmap::server
