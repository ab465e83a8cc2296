#include "server/info_service.h"

#include <algorithm>
#include <cmath>

#include "layers/geometry.h"
#include "layers/indicator_values.h"
#include "server/area_rows.h"
#include "server/json_error.h"
#include "common/decimal_number.h"
#include "server/layer_json.h"
#include "catalog/value_reading.h"
#include "styles/choropleth_legend.h"
#include "styles/palette.h"
#include "common/tile_math.h"

namespace rxmap::server {

namespace {

// A decimal number within [lo, hi] (common/decimal_number.h: no hex, exponent, nan or spaces).
std::optional<double> parse_coordinate(const std::optional<std::string>& text, double lo, double hi) {
    if (!text) return std::nullopt;
    const auto v = common::decimal_number(*text);
    return v && *v >= lo && *v <= hi ? v : std::nullopt;
}

CPLJSONObject unit_json(const std::string& indicator) {
    const auto [ja, en] = indicator_unit(indicator);
    return bilingual(ja, en);
}

CPLJSONObject numbers_json(const data::AreaValue& v, const catalog::LayerDefinition& d, int year,
                           const data::Atlas& atlas) {
    CPLJSONObject o;
    auto label = [&](const std::string& indicator) { return indicator_label(atlas, indicator); };
    add_number(o, "numerator", v.numerator);  // the value itself is /info's "value" + "state", never a sentinel here
    // A categorical layer's numerator is its area's category (e.g. the industry's employees).
    const data::IndicatorRef& numerator =
        v.ranking.empty() ? d.value.numerator_for(year) : d.value.categories.at(v.ranking.front().category);
    // A difference (in-movers − out-movers) is labelled as one: never 「転入者数 −97」.
    const std::string minus_label = d.value.minus ? " − " + label(d.value.minus->indicator) : "";
    o.Add("numerator_label", d.value.presence ? "推計人口" : label(numerator.indicator) + minus_label);
    o.Add("numerator_code", numerator.indicator + (d.value.minus ? " - " + d.value.minus->indicator : ""));
    o.Add("numerator_unit", unit_json(numerator.indicator));
    if (d.value.denominator) {
        add_number(o, "denominator", v.denominator);
        std::string labels = label(d.value.denominator->indicator), codes = d.value.denominator->indicator;
        for (const auto& plus : d.value.denominator_plus) {
            labels += " + " + label(plus.indicator);
            codes += " + " + plus.indicator;
        }
        o.Add("denominator_label", labels);
        o.Add("denominator_code", codes);
        o.Add("denominator_unit", unit_json(d.value.denominator->indicator));
    }
    if (d.value.change_from) {
        add_number(o, "base", v.base_numerator);
        o.Add("base_label", label(numerator.indicator));
        o.Add("base_unit", unit_json(numerator.indicator));
        o.Add("base_year", d.value.change_from);
    }
    if (d.value.presence_risk) {
        add_number(o, "facilities_today", v.base_numerator);
        o.Add("facilities_today_label", d.value.presence->facility + "の数（現在）");
        o.Add("facilities_today_code", d.value.presence->indicator);
        o.Add("facilities_today_unit", bilingual("施設", "facilities"));
    }
    return o;
}

// Facility layers: the probability itself (risk layers show points below 50 %), the
// populations at 50 % and 80 %, and the mean probability of the prefecture's and Japan's
// municipalities in the same year, for comparison.
CPLJSONObject facility_json(const data::FacilityFit& fit, const styles::Choropleth& c, int year,
                            const data::Area& area, double population) {
    CPLJSONObject o;
    o.Add("name", fit.facility);
    add_number(o, "population", population);
    add_number(o, "probability", population > 0 ? 100 * fit.probability(population) : data::kNaN);
    add_number(o, "p50_population", fit.p50_population);
    add_number(o, "p80_population", fit.p80_population);
    double pref_sum = 0, all_sum = 0;
    int pref_n = 0, all_n = 0;
    const auto values = c.values.find(year);
    if (values != c.values.end())
        for (const auto& [code, v] : values->second) {
            if (!(v.numerator > 0)) continue;
            const double p = 100 * fit.probability(v.numerator);
            all_sum += p;
            ++all_n;
            if (code.compare(0, 2, area.pref_code) == 0) {
                pref_sum += p;
                ++pref_n;
            }
        }
    add_number(o, "prefecture_mean_probability", pref_n ? pref_sum / pref_n : data::kNaN);
    add_number(o, "japan_mean_probability", all_n ? all_sum / all_n : data::kNaN);
    CPLJSONArray series;  // the probability over the years (the risk layer's own series is points below 50 %)
    for (const auto& [y, by_code] : c.values) {
        const auto it = by_code.find(area.code);
        CPLJSONObject point;
        point.Add("year", y);
        add_number(point, "value", it != by_code.end() && it->second.numerator > 0
                                       ? 100 * fit.probability(it->second.numerator) : data::kNaN);
        series.Add(point);
    }
    o.Add("probability_series", series);
    return o;
}

// The area's boundary in lon/lat, simplified to about 1/500 of its size (enough to outline
// it on a map): a GeoJSON geometry.
CPLJSONObject outline_json(const data::Area& area) {
    data::GeometryPtr g = data::from_wkb(area.wkb);
    OGREnvelope env;
    g->getEnvelope(&env);
    std::unique_ptr<OGRGeometry> simple(g->SimplifyPreserveTopology(std::max(env.MaxX - env.MinX, env.MaxY - env.MinY) / 500));
    OGRGeometry& shape = simple ? *simple : *g;
    OGRSpatialReference mercator, lonlat;
    mercator.importFromEPSG(3857);
    lonlat.importFromEPSG(4326);
    mercator.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    lonlat.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    shape.assignSpatialReference(&mercator);
    shape.transformTo(&lonlat);
    char* json = shape.exportToJson();
    CPLJSONDocument doc;
    doc.LoadMemory(json ? json : "null");
    CPLFree(json);
    return doc.GetRoot();
}

// A categorical layer: the area's first three eligible categories with their value (a location
// quotient when relative to Japan), share of the denominator (%) and count.
CPLJSONArray top_categories(const data::AreaValue& v, const catalog::LayerDefinition& d) {
    CPLJSONArray top;
    for (size_t i = 0; i < v.ranking.size() && i < 3; ++i) {
        const data::CategoryScore& s = v.ranking[i];
        CPLJSONObject c;
        c.Add("name", bilingual(d.class_labels_ja.at(s.category), d.class_labels_en.at(s.category)));
        c.Add("code", d.value.categories.at(s.category).indicator);
        add_number(c, "value", s.value);
        add_number(c, "share", s.share);
        add_number(c, "numerator", s.numerator);
        top.Add(c);
    }
    return top;
}

}  // namespace

std::optional<std::pair<const data::AreaValue*, const catalog::LayerDefinition*>> InfoService::industry_ranking_of(
    const catalog::Variant& v, const std::string& code) {
    const catalog::LayerDefinition& d = *v.definition;
    if (!d.value.relative_to_japan || !d.value.categories.empty()) return std::nullopt;
    for (const catalog::LayerDefinition& c : catalog_->definitions()) {
        if (c.method != catalog::Method::categorical || !c.offers(v.level) || !c.has_year(v.year)) continue;
        const bool ranks_it = std::any_of(c.value.categories.begin(), c.value.categories.end(),
                                          [&](const data::IndicatorRef& r) { return r.indicator == d.value.numerator.indicator; });
        if (!ranks_it) continue;
        const catalog::Variant top{&c, v.year, v.level, std::nullopt};
        if (const data::AreaValue* value = styles::choropleth(*catalog_, top).value(v.year, code)) return std::make_pair(value, &c);
    }
    return std::nullopt;
}

const data::AreaIndex& InfoService::index(data::Level level, bool merged) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& slot = indexes_[{level, merged}];
    if (!slot) slot = std::make_unique<data::AreaIndex>(data::layer_areas(catalog_->atlas(), level, merged));
    return *slot;
}

Reply InfoService::handle(const Request& request) {
    const auto variant = variant_from_path(*catalog_, request.target.path, "/info/", "");
    if (!variant) return json_error(404, "unknown_layer", "no layer at " + request.target.path + " (see /layers)");
    const catalog::Variant v = *variant;
    const bool outline = request.target.query_value("outline").value_or("") == "1";
    if (const auto code = request.target.query_value("code")) {
        // By code (tables, comparisons): the area of the layer's level, or the merged area holding it.
        const auto areas = data::layer_areas(catalog_->atlas(), v.flow ? data::Level::prefecture : v.level,
                                               v.definition->value.merged_areas);
        for (const data::Area* a : areas)
            if (a->code == *code || std::count(a->members.begin(), a->members.end(), *code))
                return Reply::deferred([this, v, a, outline, asked = *code] {
                    return v.flow ? flow_answer(v, *a) : answer(v, *a, outline, asked);
                });
        return json_error(404, "no_area", "no area " + *code + " at level " + data::level_name(v.level));
    }
    const auto lon_text = request.target.query_value("lon"), lat_text = request.target.query_value("lat");
    const auto lon = parse_coordinate(lon_text, -180, 180);
    const auto lat = parse_coordinate(lat_text, -85, 85);
    if (lon_text && !lon) return json_error(400, "bad_parameter", "lon must be a decimal number of degrees, -180..180, not '" + *lon_text + "'");
    if (lat_text && !lat) return json_error(400, "bad_parameter", "lat must be a decimal number of degrees, -85..85, not '" + *lat_text + "'");
    if (!lon || !lat) return json_error(400, "bad_parameter", "lon (-180..180) and lat (-85..85), or code, are required");
    return Reply::deferred([this, v, lon, lat, outline] { return answer(v, *lon, *lat, outline); });
}

Response InfoService::flow_answer(const catalog::Variant& v, const data::Area& pref) {
    const catalog::LayerDefinition& d = *v.definition;
    const data::FlowTable& flows = *catalog_->flow_source(d).flows;
    std::vector<std::pair<double, std::string>> in, out;
    double in_total = 0, out_total = 0;
    for (const auto& [od, count] : flows.counts) {
        if (od.second == pref.pref_code) {
            in.emplace_back(count, od.first);
            in_total += count;
        } else if (od.first == pref.pref_code) {
            out.emplace_back(count, od.second);
            out_total += count;
        }
    }
    auto top = [&](std::vector<std::pair<double, std::string>>& list) {
        std::sort(list.rbegin(), list.rend());
        CPLJSONArray a;
        for (size_t i = 0; i < list.size() && i < 5; ++i) {
            CPLJSONObject o;
            const data::Area* other = catalog_->atlas().find(data::Level::prefecture, data::prefecture_area_code(list[i].second));
            o.Add("prefecture", other ? other->name : list[i].second);
            o.Add("count", list[i].first);
            a.Add(o);
        }
        return a;
    };
    CPLJSONObject o;
    o.Add("layer", v.key());
    o.Add("title", bilingual(d.title_ja, d.title_en));
    o.Add("year", v.year);
    CPLJSONObject a;
    a.Add("code", pref.code);
    a.Add("name", pref.name);
    o.Add("area", a);
    o.Add("in_total", in_total);
    o.Add("out_total", out_total);
    o.Add("net", in_total - out_total);
    o.Add("top_in", top(in));
    o.Add("top_out", top(out));
    o.Add("unit", bilingual("人", "people"));
    CPLJSONArray credits;
    for (const auto& cr : d.credits) credits.Add(cr);
    o.Add("credits", credits);
    return json_document(o, 300);
}

Response InfoService::answer(const catalog::Variant& v, double lon, double lat, bool outline) {
    const catalog::LayerDefinition& d = *v.definition;
    const auto m = tiles::to_mercator({lon, lat});
    if (v.flow) {
        const data::Area* pref = index(data::Level::prefecture, false).at(m.x, m.y);
        if (!pref) return json_error(404, "no_area", "no prefecture at that point");
        return flow_answer(v, *pref);
    }
    const data::Area* area = index(v.level, d.value.merged_areas).at(m.x, m.y);
    if (!area) return json_error(404, "no_area", "no area of this layer at that point (sea or outside Japan)");
    return answer(v, *area, outline, area->code);
}

Response InfoService::answer(const catalog::Variant& v, const data::Area& found, bool outline, const std::string& asked) {
    const catalog::LayerDefinition& d = *v.definition;
    const data::Atlas& atlas = catalog_->atlas();
    const data::Area* area = &found;
    const styles::Choropleth& c = styles::choropleth(*catalog_, v);
    CPLJSONObject o;
    o.Add("layer", v.key());
    o.Add("title", bilingual(d.title_ja, d.title_en));
    o.Add("year", v.year);
    o.Add("level", data::level_name(v.level));
    o.Add("unit", bilingual(d.unit_ja, d.unit_en));
    CPLJSONObject a;
    a.Add("code", area->code);
    a.Add("name", area->name);
    const auto label = tiles::to_lonlat({area->label_x, area->label_y});
    a.Add("lon", label.lon);
    a.Add("lat", label.lat);
    if (outline) a.Add("outline", outline_json(*area));
    if (const data::Area* pref = atlas.find(data::Level::prefecture, data::prefecture_area_code(area->pref_code)))
        a.Add("prefecture", pref->name);
    o.Add("area", a);

    const data::AreaValue* value = c.value(v.year, area->code);
    const int cls = c.class_of_area(v.year, area->code);
    const styles::Legend legend = styles::choropleth_legend(c, v.year, /*every_class=*/true);
    add_value(o, d, value);
    if (asked != area->code) {
        // A member of a merged area (双葉町 in 浜通り地域): the value is the merged area's; it has none of its own.
        o.Set("state", catalog::state_name(catalog::ValueState::merged));
        const data::Area* member = atlas.find(data::Level::municipality, asked);
        CPLJSONObject m;
        m.Add("code", asked);
        m.Add("name", member ? member->name : asked);
        o.Add("asked", m);
    }
    if (value) {
        o.Add("numbers", numbers_json(*value, d, v.year, atlas));
        if (!d.value.categories.empty()) o.Add("top_categories", top_categories(*value, d));
        else if (const auto ranked = industry_ranking_of(v, area->code))
            o.Add("top_categories", top_categories(*ranked->first, *ranked->second));
    }
    o.Add("class", cls);
    const auto& entry = cls >= 0 ? legend.entries[cls] : legend.entries.back();
    o.Add("class_label", bilingual(entry.label_ja, entry.label_en));
    o.Add("color", entry.color);

    if (!data::is_aggregate(v.level)) {
        const auto pref_variant = catalog::Variant{v.definition, v.year, data::Level::prefecture, std::nullopt};
        if (d.offers(data::Level::prefecture)) {
            const auto* pv = styles::choropleth(*catalog_, pref_variant).value(v.year, data::prefecture_area_code(area->pref_code));
            add_number(o, "prefecture_value", pv ? pv->value : data::kNaN);
            if (pv && !d.value.categories.empty()) {  // a category's index means little by itself
                const auto i = static_cast<size_t>(pv->value);
                o.Add("prefecture_class_label", bilingual(d.class_labels_ja.at(i), d.class_labels_en.at(i)));
            }
        }
    }
    const auto japan = c.japan.find(v.year);
    const double japan_value = japan != c.japan.end() && japan->second ? japan->second->value : data::kNaN;
    add_number(o, "japan_value", japan_value);
    if (!std::isfinite(japan_value))  // a reason, never a bare 「データなし」
        o.Add("japan_note", d.value.aggregate
                                ? bilingual("全国の値はこの年のデータにありません", "no value for Japan in this year's data")
                                : bilingual("公表された比率で、合算できないため全国の値はありません",
                                            "a published ratio: it cannot be summed into a value for Japan"));

    if (d.value.presence && value) o.Add("facility", facility_json(*d.value.presence, c, v.year, *area, value->numerator));

    if (d.years.size() > 1) {
        CPLJSONArray series;
        for (int y : d.years) {
            CPLJSONObject point;
            point.Add("year", y);
            add_value(point, d, c.value(y, area->code));
            series.Add(point);
        }
        o.Add("series", series);
    }
    if (!area->members.empty() && !data::is_aggregate(v.level)) {
        CPLJSONObject merged;
        CPLJSONArray members;
        for (const auto& code : area->members) {
            const data::Area* member = atlas.find(data::Level::municipality, code);
            members.Add(member ? member->name + " (" + code + ")" : code);
        }
        merged.Add("members", members);
        merged.Add("reason", bilingual("国立社会保障・人口問題研究所の推計はこの13市町村を一つの地域（浜通り地域）として推計しているため、一体で表示しています。",
                                       "IPSS projects these 13 municipalities as one area (Hamadori), so they are shown as one."));
        o.Add("merged", merged);
    }
    CPLJSONArray credits;
    for (const auto& cr : d.credits) credits.Add(cr);
    o.Add("credits", credits);
    return json_document(o, 300);
}

}  // namespace rxmap::server
