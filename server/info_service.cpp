#include "server/info_service.h"

#include <algorithm>
#include <cmath>

#include "layers/indicator_values.h"
#include "server/json_error.h"
#include "server/layer_json.h"
#include "styles/choropleth_legend.h"
#include "styles/palette.h"
#include "tiles/tile_math.h"

namespace rxmap::server {

namespace {

std::optional<double> parse_coordinate(const std::optional<std::string>& text, double lo, double hi) {
    if (!text || text->empty()) return std::nullopt;
    try {
        size_t used = 0;
        const double v = std::stod(*text, &used);
        if (used == text->size() && std::isfinite(v) && v >= lo && v <= hi) return v;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

CPLJSONObject numbers_json(const layers::AreaValue& v, const styles::LayerDefinition& d, int year,
                           const layers::Atlas& atlas) {
    CPLJSONObject o;
    auto label = [&](const std::string& indicator) {
        auto it = atlas.stats.indicators().find(indicator);
        return it == atlas.stats.indicators().end() ? indicator : it->second.label;
    };
    add_number(o, "value", v.value);
    add_number(o, "numerator", v.numerator);
    o.Add("numerator_label", d.value.presence ? "推計人口" : label(d.value.numerator_for(year).indicator));
    if (d.value.denominator) {
        add_number(o, "denominator", v.denominator);
        o.Add("denominator_label", label(d.value.denominator->indicator));
    }
    if (d.value.change_from) {
        add_number(o, "base", v.base_numerator);
        o.Add("base_year", d.value.change_from);
    }
    if (d.value.presence_risk) add_number(o, "facilities_today", v.base_numerator);
    return o;
}

}  // namespace

const layers::AreaIndex& InfoService::index(layers::Level level, bool merged) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& slot = indexes_[{level, merged}];
    if (!slot) slot = std::make_unique<layers::AreaIndex>(layers::layer_areas(catalog_->atlas(), level, merged));
    return *slot;
}

Reply InfoService::handle(const Request& request) {
    const auto variant = variant_from_path(*catalog_, request.target.path, "/info/", "");
    if (!variant) return json_error(404, "unknown_layer", "no layer at " + request.target.path + " (see /layers)");
    const auto lon = parse_coordinate(request.target.query_value("lon"), -180, 180);
    const auto lat = parse_coordinate(request.target.query_value("lat"), -85, 85);
    if (!lon || !lat) return json_error(400, "bad_parameter", "lon (-180..180) and lat (-85..85) are required numbers");
    const styles::Variant v = *variant;
    return Reply::deferred([this, v, lon, lat] { return answer(v, *lon, *lat); });
}

Response InfoService::flow_answer(const styles::Variant& v, const layers::Area& pref) {
    const styles::LayerDefinition& d = *v.definition;
    const layers::FlowTable& flows = *d.flows->flows;
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
            const layers::Area* other = catalog_->atlas().find(layers::Level::prefecture, layers::prefecture_area_code(list[i].second));
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

Response InfoService::answer(const styles::Variant& v, double lon, double lat) {
    const styles::LayerDefinition& d = *v.definition;
    const layers::Atlas& atlas = catalog_->atlas();
    const auto m = tiles::to_mercator({lon, lat});
    if (v.flow) {
        const layers::Area* pref = index(layers::Level::prefecture, false).at(m.x, m.y);
        if (!pref) return json_error(404, "no_area", "no prefecture at that point");
        return flow_answer(v, *pref);
    }
    const layers::Area* area = index(v.level, d.value.merged_areas).at(m.x, m.y);
    if (!area) return json_error(404, "no_area", "no area of this layer at that point (sea or outside Japan)");

    const styles::Choropleth& c = catalog_->choropleth(v);
    CPLJSONObject o;
    o.Add("layer", v.key());
    o.Add("title", bilingual(d.title_ja, d.title_en));
    o.Add("year", v.year);
    o.Add("level", layers::level_name(v.level));
    o.Add("unit", bilingual(d.unit_ja, d.unit_en));
    CPLJSONObject a;
    a.Add("code", area->code);
    a.Add("name", area->name);
    if (const layers::Area* pref = atlas.find(layers::Level::prefecture, layers::prefecture_area_code(area->pref_code)))
        a.Add("prefecture", pref->name);
    o.Add("area", a);

    const layers::AreaValue* value = c.value(v.year, area->code);
    const int cls = c.class_of_area(v.year, area->code);
    const styles::Legend legend = styles::choropleth_legend(c, v.year);
    if (value) {
        add_number(o, "value", value->value);
        o.Add("numbers", numbers_json(*value, d, v.year, atlas));
    } else {
        o.AddNull("value");
    }
    o.Add("class", cls);
    const auto& entry = cls >= 0 ? legend.entries[cls] : legend.entries.back();
    o.Add("class_label", bilingual(entry.label_ja, entry.label_en));
    o.Add("color", entry.color);

    if (!layers::is_aggregate(v.level)) {
        const auto pref_variant = styles::Variant{v.definition, v.year, layers::Level::prefecture, std::nullopt};
        if (d.offers(layers::Level::prefecture)) {
            const auto* pv = catalog_->choropleth(pref_variant).value(v.year, layers::prefecture_area_code(area->pref_code));
            add_number(o, "prefecture_value", pv ? pv->value : layers::kNaN);
        }
    }
    const auto japan = c.japan.find(v.year);
    add_number(o, "japan_value", japan != c.japan.end() && japan->second ? japan->second->value : layers::kNaN);

    if (d.years.size() > 1) {
        CPLJSONArray series;
        for (int y : d.years) {
            CPLJSONObject point;
            point.Add("year", y);
            const auto* yv = c.value(y, area->code);
            add_number(point, "value", yv ? yv->value : layers::kNaN);
            series.Add(point);
        }
        o.Add("series", series);
    }
    if (!area->members.empty() && !layers::is_aggregate(v.level)) {
        CPLJSONObject merged;
        CPLJSONArray members;
        for (const auto& code : area->members) {
            const layers::Area* member = atlas.find(layers::Level::municipality, code);
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
