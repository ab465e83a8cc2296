#include "server/api/rank_service.h"

#include <cmath>

#include "catalog/value_reading.h"
#include "queries/rank.h"
#include "server/http/json_error.h"
#include "server/api/layer_json.h"

namespace rxmap::server {

namespace {

CPLJSONObject area_json(const queries::RankedArea& a) {
    CPLJSONObject o;
    o.Add("code", a.area->code);
    o.Add("name", a.area->name);
    o.Add("prefecture", a.prefecture);
    return o;
}

// The number (when its state is "value") and the state, which the query may have set apart
// from the value's own ("merged" for peers of a member of 浜通り地域).
void add_ranked_value(CPLJSONObject& o, const catalog::LayerDefinition& d, const queries::RankedArea& a) {
    add_value(o, d, a.value);
    if (a.state != catalog::value_state(d, a.value)) o.Set("state", catalog::state_name(a.state));
}

CPLJSONObject group_json(const queries::RankGroup& g) {
    CPLJSONObject o;
    o.Add("within", queries::scope_name(g.within));
    if (g.within == queries::RankScope::prefecture) o.Add("code", g.code);
    o.Add("name", bilingual(g.name_ja, g.name_en));
    o.Add("rule", bilingual(g.rule_ja, g.rule_en));
    if (g.within == queries::RankScope::peers) {
        o.Add("population_year", g.population_year);
        o.Add("population_lower", g.population_lower);
        add_number(o, "population_upper", g.population_upper);
    }
    return o;
}

// An area without a place in the ranking: 200, position null and why (its state).
Response unranked_json(const catalog::Variant& v, const queries::RankAnswer& r) {
    CPLJSONObject o;
    o.Add("layer", v.key());
    o.Add("title", bilingual(v.definition->title_ja, v.definition->title_en));
    o.Add("year", v.year);
    o.Add("level", data::level_name(v.level));
    o.Add("area", area_json(r.area));
    o.AddNull("position");
    add_ranked_value(o, *v.definition, r.area);
    o.Add("higher_is", catalog::higher_is(*v.definition));
    o.Add("list", CPLJSONArray());
    return json_document(o, 300);
}

Response rank_json(const catalog::Variant& v, const queries::RankAnswer& r) {
    switch (r.error) {
    case queries::RankError::none: break;
    case queries::RankError::unknown_area:
    case queries::RankError::no_area_in_prefecture: return json_error(404, "unknown_area", r.detail);
    default: return json_error(400, "bad_parameter", r.detail);
    }
    if (r.has_area && !r.ranked) return unranked_json(v, r);
    CPLJSONObject o;
    o.Add("layer", v.key());
    o.Add("title", bilingual(v.definition->title_ja, v.definition->title_en));
    o.Add("year", v.year);
    o.Add("level", data::level_name(v.level));
    o.Add("unit", bilingual(v.definition->unit_ja, v.definition->unit_en));
    o.Add("higher_is", catalog::higher_is(*v.definition));
    o.Add("group", group_json(r.group));
    o.Add("order", r.by_probability ? "ascending probability of having the facility: 1 is the area most at risk; "
                                      "equal probabilities share a position; areas without it today are not ranked"
                                    : "descending: 1 is the largest value; equal values share a position");
    if (r.has_area) {
        o.Add("area", area_json(r.area));
        o.Add("position", r.area.position);
        add_ranked_value(o, *v.definition, r.area);
    }
    CPLJSONArray list;
    for (const queries::RankedArea& a : r.list) {
        CPLJSONObject e;
        e.Add("position", a.position);
        e.Add("code", a.area->code);
        e.Add("name", a.area->name);
        e.Add("prefecture", a.prefecture);
        add_ranked_value(e, *v.definition, a);
        if (r.by_probability && std::isfinite(a.probability)) add_number(e, "probability", a.probability);
        e.Add("class", a.cls);
        list.Add(e);
    }
    o.Add("count", r.count);
    o.Add("no_data", r.no_data);
    if (r.by_probability) o.Add("none_today", r.none_today);
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
    queries::RankAsk ask;
    ask.code = code;
    if (within == "prefecture") ask.within = queries::RankScope::prefecture;
    else if (within == "japan") ask.within = queries::RankScope::japan;
    else if (within == "peers") ask.within = queries::RankScope::peers;
    else return json_error(400, "bad_parameter", "within must be prefecture, japan or peers");
    if (!catalog::offers_rank(*variant->definition, within))
        return json_error(400, "rank_not_offered", "a " + within + " rank means nothing on " + variant->definition->id +
                                                       " (see rank_scopes in /layers)");
    std::string error;
    const auto pref = pref_parameter(request, catalog_->atlas(), &error);
    if (!pref) return json_error(400, "bad_parameter", error);
    ask.pref_code = *pref;
    const catalog::Variant v = *variant;
    auto catalog = catalog_;
    return Reply::deferred([catalog, v, ask] { return rank_json(v, queries::rank(*catalog, v, ask)); });
}

}  // namespace rxmap::server
