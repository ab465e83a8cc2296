#include "styles/map_builder.h"

#include <mapnik/feature.hpp>
#include <mapnik/feature_factory.hpp>
#include <mapnik/layer.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/unicode.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "layers/indicator_values.h"
#include "styles/flow_map.h"
#include "styles/map_style.h"
#include "styles/memory_layer.h"

namespace rxmap::styles {

namespace {


mapnik::value_unicode_string unicode(const std::string& utf8) {
    return mapnik::value_unicode_string::fromUTF8(utf8);
}

// Areas with their class, coloured by the "fill" style.
std::shared_ptr<mapnik::memory_datasource> area_datasource(const Choropleth& c, int year,
                                                           const std::vector<const data::Area*>& areas,
                                                           bool low_band = false) {
    auto ds = new_memory_datasource();
    auto ctx = std::make_shared<mapnik::context_type>();
    ctx->push("code");
    ctx->push("class");
    mapnik::value_integer id = 1;
    for (const data::Area* a : areas) {
        mapnik::feature_ptr f(mapnik::feature_factory::create(ctx, id++));
        f->put("code", unicode(a->code));
        f->put("class", static_cast<mapnik::value_integer>(c.class_of_area(year, a->code)));
        const std::string& wkb = low_band && !a->wkb_low.empty() ? a->wkb_low : a->wkb;
        f->set_geometry(geometry_from_wkb(wkb));
        ds->push(f);
    }
    return ds;
}

// Label points in descending population, so that larger places are placed first.
std::vector<std::pair<double, const data::Area*>> ranked_labels(const std::vector<const data::Area*>& areas,
                                                                  const data::Atlas& atlas) {
    std::vector<std::pair<double, const data::Area*>> ranked;
    for (const data::Area* a : areas)
        ranked.emplace_back(atlas.stats.get("ipss:population", 2020, a->code).value_or(0), a);
    std::stable_sort(ranked.begin(), ranked.end(), [](auto& l, auto& r) { return l.first > r.first; });
    return ranked;
}

std::shared_ptr<mapnik::memory_datasource> label_datasource(
    const std::vector<std::pair<double, const data::Area*>>& ranked) {
    auto ds = new_memory_datasource();
    auto ctx = std::make_shared<mapnik::context_type>();
    ctx->push("label");
    ctx->push("population");
    mapnik::value_integer id = 1;
    for (const auto& [population, a] : ranked) {
        mapnik::feature_ptr f(mapnik::feature_factory::create(ctx, id++));
        f->put("label", unicode(a->label));
        f->put("population", population);
        f->set_geometry(mapnik::geometry::point<double>(a->label_x, a->label_y));
        ds->push(f);
    }
    return ds;
}

class MemorySources : public MapSources {
public:
    mapnik::datasource_ptr areas(const Choropleth& c, int year, const std::vector<const data::Area*>& areas) const override {
        return area_datasource(c, year, areas);
    }
    mapnik::datasource_ptr areas_low(const Choropleth& c, int year, const std::vector<const data::Area*>& areas) const override {
        if (std::none_of(areas.begin(), areas.end(), [](const data::Area* a) { return !a->wkb_low.empty(); }))
            return nullptr;
        return area_datasource(c, year, areas, true);
    }
    mapnik::datasource_ptr labels(const std::vector<std::pair<double, const data::Area*>>& ranked) const override {
        return label_datasource(ranked);
    }
};

// Zoom bands (layers/area.h): above this scale denominator (zoom kLowBandMaxZoom and out, 256 px tiles)
// the simplified geometry, below it the full one. Half-way between the zooms, so rounding never matters.
const double kBandScale = low_band_scale_denominator();
enum class Band { all, low, high };

void add_layer(mapnik::Map& map, const char* name, mapnik::datasource_ptr ds,
               std::initializer_list<const char*> styles, Band band = Band::all) {
    mapnik::layer layer = map_layer(name, std::move(ds), styles);
    if (band == Band::low) layer.set_minimum_scale_denominator(kBandScale);
    if (band == Band::high) layer.set_maximum_scale_denominator(kBandScale);
    map.add_layer(layer);
}

// Areas in two zoom bands when the sources have a simplified copy, else in one layer.
void add_area_layer(mapnik::Map& map, const char* name, const MapSources& sources, const Choropleth& c, int year,
                    const std::vector<const data::Area*>& areas, std::initializer_list<const char*> styles) {
    mapnik::datasource_ptr low = sources.areas_low(c, year, areas);
    if (!low) return add_layer(map, name, sources.areas(c, year, areas), styles);
    add_layer(map, (std::string(name) + "-low").c_str(), low, styles, Band::low);
    add_layer(map, name, sources.areas(c, year, areas), styles, Band::high);
}

}  // namespace

double low_band_scale_denominator() { return 559082264.028 / std::pow(2.0, data::kLowBandMaxZoom + 0.5); }

std::unique_ptr<mapnik::Map> build_map(const Choropleth& c, int year, const data::Atlas& atlas) {
    return build_map(c, year, atlas, MemorySources());
}

std::unique_ptr<mapnik::Map> build_map(const Choropleth& c, int year, const data::Atlas& atlas,
                                       const MapSources& sources) {
    auto map = std::make_unique<mapnik::Map>(256, 256);
    mapnik::load_map_string(*map, map_style_xml(c), true);
    const auto areas = data::layer_areas(atlas, c.level, c.definition.value.merged_areas);
    const auto prefectures = data::layer_areas(atlas, data::Level::prefecture, false);
    add_area_layer(*map, "areas", sources, c, year, areas, {"fill", "area-lines"});
    add_area_layer(*map, "prefectures", sources, c, year, prefectures, {"prefecture-lines"});
    if (data::is_aggregate(c.level)) {
        add_layer(*map, "area-labels", sources.labels(ranked_labels(areas, atlas)), {"group-labels"});
    } else {
        add_layer(*map, "prefecture-labels", sources.labels(ranked_labels(prefectures, atlas)), {"prefecture-labels"});
        add_layer(*map, "area-labels", sources.labels(ranked_labels(areas, atlas)), {"municipal-labels"});
    }
    return map;
}

std::unique_ptr<mapnik::Map> build_variant_map(const catalog::Variant& v, const catalog::LayerCatalog& catalog) {
    if (v.flow) return build_flow_map(flow_selection(catalog, v));
    return build_map(choropleth(catalog, v), v.year, catalog.atlas());
}

}  // namespace rxmap::styles
