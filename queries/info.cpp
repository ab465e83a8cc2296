#include "queries/info.h"

#include <algorithm>
#include <cmath>

#include "layers/indicator_values.h"
#include "queries/area_rows.h"
#include "styles/choropleth.h"
#include "styles/choropleth_legend.h"
#include "common/tile_math.h"

namespace rxmap::queries {

namespace {

Bilingual unit_of(const std::string& indicator) {
    const auto [ja, en] = indicator_unit(indicator);
    return {ja, en};
}

InfoNumbers numbers_of(const data::AreaValue& v, const catalog::LayerDefinition& d, int year, const data::Atlas& atlas) {
    InfoNumbers n;
    auto label = [&](const std::string& indicator) { return indicator_label(atlas, indicator); };
    n.numerator = v.numerator;
    // A categorical layer's numerator is its area's category (e.g. the industry's employees).
    const data::IndicatorRef& numerator =
        v.ranking.empty() ? d.value.numerator_for(year) : d.value.categories.at(v.ranking.front().category);
    // A difference (in-movers − out-movers) is labelled as one: never 「転入者数 −97」.
    const std::string minus_label = d.value.minus ? " − " + label(d.value.minus->indicator) : "";
    n.numerator_label = d.value.presence ? "推計人口" : label(numerator.indicator) + minus_label;
    n.numerator_code = numerator.indicator + (d.value.minus ? " - " + d.value.minus->indicator : "");
    n.numerator_unit = unit_of(numerator.indicator);
    if (d.value.denominator) {
        n.has_denominator = true;
        n.denominator = v.denominator;
        n.denominator_label = label(d.value.denominator->indicator);
        n.denominator_code = d.value.denominator->indicator;
        for (const auto& plus : d.value.denominator_plus) {
            n.denominator_label += " + " + label(plus.indicator);
            n.denominator_code += " + " + plus.indicator;
        }
        n.denominator_unit = unit_of(d.value.denominator->indicator);
    }
    if (d.value.change_from) {
        n.base_year = d.value.change_from;
        n.base = v.base_numerator;
        n.base_label = label(numerator.indicator);
        n.base_unit = unit_of(numerator.indicator);
    }
    if (d.value.presence_risk) {
        n.has_facilities_today = true;
        n.facilities_today = v.base_numerator;
        n.facilities_today_label = d.value.presence->facility + "の数（現在）";
        n.facilities_today_code = d.value.presence->indicator;
    }
    return n;
}

FacilityReading facility_of(const data::FacilityFit& fit, const styles::Choropleth& c, int year, const data::Area& area,
                            double population) {
    FacilityReading r;
    r.name = fit.facility;
    r.population = population;
    r.probability = population > 0 ? 100 * fit.probability(population) : data::kNaN;
    r.p50_population = fit.p50_population;
    r.p80_population = fit.p80_population;
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
    r.prefecture_mean_probability = pref_n ? pref_sum / pref_n : data::kNaN;
    r.japan_mean_probability = all_n ? all_sum / all_n : data::kNaN;
    for (const auto& [y, by_code] : c.values) {  // the risk layer's own series is points below 50 %
        const auto it = by_code.find(area.code);
        r.probability_series.emplace_back(
            y, it != by_code.end() && it->second.numerator > 0 ? 100 * fit.probability(it->second.numerator) : data::kNaN);
    }
    return r;
}

// The area's boundary in lon/lat, simplified to about 1/500 of its size (enough to outline it).
data::GeometryPtr outline_of(const data::Area& area) {
    data::GeometryPtr g = data::from_wkb(area.wkb);
    OGREnvelope env;
    g->getEnvelope(&env);
    data::GeometryPtr simple(g->SimplifyPreserveTopology(std::max(env.MaxX - env.MinX, env.MaxY - env.MinY) / 500));
    data::GeometryPtr shape = simple ? std::move(simple) : std::move(g);
    OGRSpatialReference mercator, lonlat;
    mercator.importFromEPSG(3857);
    lonlat.importFromEPSG(4326);
    mercator.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    lonlat.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    shape->assignSpatialReference(&mercator);
    shape->transformTo(&lonlat);
    shape->assignSpatialReference(nullptr);  // the references above die with this function
    return shape;
}

std::vector<TopCategory> top_categories(const data::AreaValue& v, const catalog::LayerDefinition& d) {
    std::vector<TopCategory> top;
    for (size_t i = 0; i < v.ranking.size() && i < 3; ++i) {
        const data::CategoryScore& s = v.ranking[i];
        top.push_back({{d.class_labels_ja.at(s.category), d.class_labels_en.at(s.category)},
                       d.value.categories.at(s.category).indicator, s.value, s.share, s.numerator});
    }
    return top;
}

// industry-lq/*: the area's value and definition on the categorical layer that ranks this
// layer's industry among all (industry-top), for its top three; nullopt when none does.
std::optional<std::pair<const data::AreaValue*, const catalog::LayerDefinition*>> industry_ranking_of(
    const catalog::LayerCatalog& catalog, const catalog::Variant& v, const std::string& code) {
    const catalog::LayerDefinition& d = *v.definition;
    if (!d.value.relative_to_japan || !d.value.categories.empty()) return std::nullopt;
    for (const catalog::LayerDefinition& c : catalog.definitions()) {
        if (c.method != catalog::Method::categorical || !c.offers(v.level) || !c.has_year(v.year)) continue;
        const bool ranks_it = std::any_of(c.value.categories.begin(), c.value.categories.end(),
                                          [&](const data::IndicatorRef& r) { return r.indicator == d.value.numerator.indicator; });
        if (!ranks_it) continue;
        const catalog::Variant top{&c, v.year, v.level, std::nullopt};
        if (const data::AreaValue* value = styles::choropleth(catalog, top).value(v.year, code)) return std::make_pair(value, &c);
    }
    return std::nullopt;
}

// The prefecture's value and Japan's, for comparison (Japan's with a reason when there is none).
void add_comparisons(InfoAnswer& a, const catalog::LayerCatalog& catalog, const catalog::Variant& v,
                     const styles::Choropleth& c) {
    const catalog::LayerDefinition& d = *v.definition;
    if (!data::is_aggregate(v.level) && d.offers(data::Level::prefecture)) {
        const auto pref_variant = catalog::Variant{v.definition, v.year, data::Level::prefecture, std::nullopt};
        const auto* pv = styles::choropleth(catalog, pref_variant).value(v.year, data::prefecture_area_code(a.area->pref_code));
        a.prefecture_value = pv ? pv->value : data::kNaN;
        if (pv && !d.value.categories.empty()) {  // a category's index means little by itself
            const auto i = static_cast<size_t>(pv->value);
            a.prefecture_class_label = Bilingual{d.class_labels_ja.at(i), d.class_labels_en.at(i)};
        }
    }
    const auto japan = c.japan.find(v.year);
    a.japan_value = japan != c.japan.end() && japan->second ? japan->second->value : data::kNaN;
    if (!std::isfinite(a.japan_value))  // a reason, never a bare 「データなし」
        a.japan_note = d.value.aggregate
                           ? Bilingual{"全国の値はこの年のデータにありません", "no value for Japan in this year's data"}
                           : Bilingual{"公表された比率で、合算できないため全国の値はありません",
                                       "a published ratio: it cannot be summed into a value for Japan"};
}

InfoAnswer area_info(const catalog::LayerCatalog& catalog, const catalog::Variant& v, const data::Area& area,
                     bool outline, const std::string& asked) {
    const catalog::LayerDefinition& d = *v.definition;
    const data::Atlas& atlas = catalog.atlas();
    const styles::Choropleth& c = styles::choropleth(catalog, v);
    InfoAnswer a;
    a.area = &area;
    const auto label = tiles::to_lonlat({area.label_x, area.label_y});
    a.lon = label.lon;
    a.lat = label.lat;
    if (outline) a.outline = outline_of(area);
    if (const data::Area* pref = atlas.find(data::Level::prefecture, data::prefecture_area_code(area.pref_code)))
        a.prefecture = pref->name;
    a.value = c.value(v.year, area.code);
    a.state = catalog::value_state(d, a.value);
    if (asked != area.code) {
        // A member of a merged area (双葉町 in 浜通り地域): the value is the merged area's; it has none of its own.
        a.state = catalog::ValueState::merged;
        const data::Area* member = atlas.find(data::Level::municipality, asked);
        a.asked = std::make_pair(asked, member ? member->name : asked);
    }
    if (a.value) {
        a.numbers = numbers_of(*a.value, d, v.year, atlas);
        if (!d.value.categories.empty()) a.top_categories = top_categories(*a.value, d);
        else if (const auto ranked = industry_ranking_of(catalog, v, area.code))
            a.top_categories = top_categories(*ranked->first, *ranked->second);
    }
    a.cls = c.class_of_area(v.year, area.code);
    const styles::Legend legend = styles::choropleth_legend(c, v.year, /*every_class=*/true);
    const auto& entry = a.cls >= 0 ? legend.entries[a.cls] : legend.entries.back();
    a.class_label = {entry.label_ja, entry.label_en};
    a.color = entry.color;
    add_comparisons(a, catalog, v, c);
    if (d.value.presence && a.value) a.facility = facility_of(*d.value.presence, c, v.year, area, a.value->numerator);
    if (d.years.size() > 1) {
        a.series.emplace();
        for (int y : d.years) a.series->push_back({y, c.value(y, area.code)});
    }
    if (!area.members.empty() && !data::is_aggregate(v.level)) {
        for (const auto& code : area.members) {
            const data::Area* member = atlas.find(data::Level::municipality, code);
            a.merged_members.push_back(member ? member->name + " (" + code + ")" : code);
        }
        a.merged_reason = {"国立社会保障・人口問題研究所の推計はこの13市町村を一つの地域（浜通り地域）として推計しているため、一体で表示しています。",
                           "IPSS projects these 13 municipalities as one area (Hamadori), so they are shown as one."};
    }
    return a;
}

InfoAnswer no_area(std::string detail) {
    InfoAnswer a;
    a.error = InfoError::no_area;
    a.detail = std::move(detail);
    return a;
}

}  // namespace

InfoAnswer info(const catalog::LayerCatalog& catalog, AreaFinder& finder, const catalog::Variant& v, const InfoAsk& ask) {
    const bool merged = v.definition->value.merged_areas;
    const data::Level level = v.flow ? data::Level::prefecture : v.level;
    const data::Area* area = nullptr;
    if (ask.code) {
        // By code (tables, comparisons): the area of the layer's level, or the merged area holding it.
        area = finder.with_code(level, merged, *ask.code);
        if (!area) return no_area("no area " + *ask.code + " at level " + data::level_name(v.level));
    } else {
        area = finder.at(level, v.flow ? false : merged, ask.lon, ask.lat);
        if (!area) return no_area(v.flow ? "no prefecture at that point" : "no area of this layer at that point (sea or outside Japan)");
    }
    if (v.flow) {
        InfoAnswer a;
        a.flow = flow_info(catalog, v, *area);
        return a;
    }
    return area_info(catalog, v, *area, ask.outline, ask.code ? *ask.code : area->code);
}

}  // namespace rxmap::queries
