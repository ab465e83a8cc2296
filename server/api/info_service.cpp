#include "server/api/info_service.h"

#include <ogr_geometry.h>

#include "catalog/value_reading.h"
#include "common/decimal_number.h"
#include "queries/info.h"
#include "server/http/json_error.h"
#include "server/api/layer_json.h"

namespace rxmap::server {

namespace {

// A decimal number within [lo, hi] (common/decimal_number.h: no hex, exponent, nan or spaces).
std::optional<double> parse_coordinate(const std::optional<std::string>& text, double lo, double hi) {
    if (!text) return std::nullopt;
    const auto v = common::decimal_number(*text);
    return v && *v >= lo && *v <= hi ? v : std::nullopt;
}

CPLJSONObject bilingual_json(const queries::Bilingual& b) { return bilingual(b.ja, b.en); }

CPLJSONObject numbers_json(const queries::InfoNumbers& n) {
    CPLJSONObject o;
    add_number(o, "numerator", n.numerator);  // the value itself is /info's "value" + "state", never a sentinel here
    o.Add("numerator_label", n.numerator_label);
    o.Add("numerator_code", n.numerator_code);
    o.Add("numerator_unit", bilingual_json(n.numerator_unit));
    if (n.has_denominator) {
        add_number(o, "denominator", n.denominator);
        o.Add("denominator_label", n.denominator_label);
        o.Add("denominator_code", n.denominator_code);
        o.Add("denominator_unit", bilingual_json(n.denominator_unit));
    }
    if (n.base_year) {
        add_number(o, "base", n.base);
        o.Add("base_label", n.base_label);
        o.Add("base_unit", bilingual_json(n.base_unit));
        o.Add("base_year", n.base_year);
    }
    if (n.has_facilities_today) {
        add_number(o, "facilities_today", n.facilities_today);
        o.Add("facilities_today_label", n.facilities_today_label);
        o.Add("facilities_today_code", n.facilities_today_code);
        o.Add("facilities_today_unit", bilingual("施設", "facilities"));
    }
    return o;
}

CPLJSONObject facility_json(const queries::FacilityReading& f) {
    CPLJSONObject o;
    o.Add("name", f.name);
    add_number(o, "population", f.population);
    add_number(o, "probability", f.probability);
    add_number(o, "p50_population", f.p50_population);
    add_number(o, "p80_population", f.p80_population);
    add_number(o, "prefecture_mean_probability", f.prefecture_mean_probability);
    add_number(o, "japan_mean_probability", f.japan_mean_probability);
    CPLJSONArray series;
    for (const auto& [year, probability] : f.probability_series) {
        CPLJSONObject point;
        point.Add("year", year);
        add_number(point, "value", probability);
        series.Add(point);
    }
    o.Add("probability_series", series);
    return o;
}

CPLJSONObject geometry_json(const OGRGeometry& g) {
    char* json = g.exportToJson();
    CPLJSONDocument doc;
    doc.LoadMemory(json ? json : "null");
    CPLFree(json);
    return doc.GetRoot();
}

CPLJSONArray top_categories_json(const std::vector<queries::TopCategory>& top) {
    CPLJSONArray a;
    for (const queries::TopCategory& t : top) {
        CPLJSONObject c;
        c.Add("name", bilingual_json(t.name));
        c.Add("code", t.code);
        add_number(c, "value", t.value);
        add_number(c, "share", t.share);
        add_number(c, "numerator", t.numerator);
        a.Add(c);
    }
    return a;
}

CPLJSONArray credits_json(const catalog::LayerDefinition& d) {
    CPLJSONArray credits;
    for (const auto& cr : d.credits) credits.Add(cr);
    return credits;
}

Response flow_json(const catalog::Variant& v, const queries::FlowInfo& f) {
    const catalog::LayerDefinition& d = *v.definition;
    auto top = [](const std::vector<queries::FlowCount>& list) {
        CPLJSONArray a;
        for (const queries::FlowCount& c : list) {
            CPLJSONObject o;
            o.Add("prefecture", c.prefecture);
            o.Add("count", c.count);
            a.Add(o);
        }
        return a;
    };
    CPLJSONObject o;
    o.Add("layer", v.key());
    o.Add("title", bilingual(d.title_ja, d.title_en));
    o.Add("year", v.year);
    CPLJSONObject a;
    a.Add("code", f.prefecture->code);
    a.Add("name", f.prefecture->name);
    o.Add("area", a);
    o.Add("in_total", f.in_total);
    o.Add("out_total", f.out_total);
    o.Add("net", f.in_total - f.out_total);
    o.Add("top_in", top(f.top_in));
    o.Add("top_out", top(f.top_out));
    o.Add("unit", bilingual("人", "people"));
    o.Add("credits", credits_json(d));
    return json_document(o, 300);
}

Response info_json(const catalog::Variant& v, const queries::InfoAnswer& i) {
    if (i.error == queries::InfoError::no_area) return json_error(404, "no_area", i.detail);
    if (i.flow) return flow_json(v, *i.flow);
    const catalog::LayerDefinition& d = *v.definition;
    CPLJSONObject o;
    o.Add("layer", v.key());
    o.Add("title", bilingual(d.title_ja, d.title_en));
    o.Add("year", v.year);
    o.Add("level", data::level_name(v.level));
    o.Add("unit", bilingual(d.unit_ja, d.unit_en));
    CPLJSONObject a;
    a.Add("code", i.area->code);
    a.Add("name", i.area->name);
    a.Add("lon", i.lon);
    a.Add("lat", i.lat);
    if (i.outline) a.Add("outline", geometry_json(*i.outline));
    if (i.prefecture) a.Add("prefecture", *i.prefecture);
    o.Add("area", a);
    add_value(o, d, i.value);
    if (i.asked) {
        o.Set("state", catalog::state_name(i.state));
        CPLJSONObject m;
        m.Add("code", i.asked->first);
        m.Add("name", i.asked->second);
        o.Add("asked", m);
    }
    if (i.numbers) o.Add("numbers", numbers_json(*i.numbers));
    if (i.top_categories) o.Add("top_categories", top_categories_json(*i.top_categories));
    o.Add("class", i.cls);
    o.Add("class_label", bilingual_json(i.class_label));
    o.Add("color", i.color);
    if (i.prefecture_value) add_number(o, "prefecture_value", *i.prefecture_value);
    if (i.prefecture_class_label) o.Add("prefecture_class_label", bilingual_json(*i.prefecture_class_label));
    add_number(o, "japan_value", i.japan_value);
    if (i.japan_note) o.Add("japan_note", bilingual_json(*i.japan_note));
    if (i.facility) o.Add("facility", facility_json(*i.facility));
    if (i.series) {
        CPLJSONArray series;
        for (const queries::SeriesPoint& p : *i.series) {
            CPLJSONObject point;
            point.Add("year", p.year);
            add_value(point, d, p.value);
            series.Add(point);
        }
        o.Add("series", series);
    }
    if (!i.merged_members.empty()) {
        CPLJSONObject merged;
        CPLJSONArray members;
        for (const auto& m : i.merged_members) members.Add(m);
        merged.Add("members", members);
        merged.Add("reason", bilingual_json(i.merged_reason));
        o.Add("merged", merged);
    }
    o.Add("credits", credits_json(d));
    return json_document(o, 300);
}

}  // namespace

Reply InfoService::handle(const Request& request) {
    const auto variant = variant_from_path(*catalog_, request.target.path, "/info/", "");
    if (!variant) return json_error(404, "unknown_layer", "no layer at " + request.target.path + " (see /layers)");
    queries::InfoAsk ask;
    ask.outline = request.target.query_value("outline").value_or("") == "1";
    ask.code = request.target.query_value("code");
    if (!ask.code) {
        const auto lon_text = request.target.query_value("lon"), lat_text = request.target.query_value("lat");
        const auto lon = parse_coordinate(lon_text, -180, 180);
        const auto lat = parse_coordinate(lat_text, -85, 85);
        if (lon_text && !lon) return json_error(400, "bad_parameter", "lon must be a decimal number of degrees, -180..180, not '" + *lon_text + "'");
        if (lat_text && !lat) return json_error(400, "bad_parameter", "lat must be a decimal number of degrees, -85..85, not '" + *lat_text + "'");
        if (!lon || !lat) return json_error(400, "bad_parameter", "lon (-180..180) and lat (-85..85), or code, are required");
        ask.lon = *lon;
        ask.lat = *lat;
    }
    const catalog::Variant v = *variant;
    return Reply::deferred([this, v, ask] { return info_json(v, queries::info(*catalog_, finder_, v, ask)); });
}

}  // namespace rxmap::server
