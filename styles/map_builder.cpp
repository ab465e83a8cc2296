#include "styles/map_builder.h"

#include <mapnik/feature.hpp>
#include <mapnik/feature_factory.hpp>
#include <mapnik/layer.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/unicode.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>

#include "common/fnv1a.h"
#include "layers/indicator_values.h"
#include "styles/flow_map.h"
#include "styles/map_style.h"
#include "styles/memory_layer.h"
#include "styles/shared_features.h"

namespace rxmap::styles {

namespace {


mapnik::value_unicode_string unicode(const std::string& utf8) {
    return mapnik::value_unicode_string::fromUTF8(utf8);
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

// Areas (field code; drawing order, ids from 1) from their full or their low-zoom geometry.
std::vector<mapnik::feature_ptr> area_features(const std::vector<const data::Area*>& areas, bool low_band) {
    auto ctx = std::make_shared<mapnik::context_type>();
    ctx->push("code");
    std::vector<mapnik::feature_ptr> out;
    mapnik::value_integer id = 1;
    for (const data::Area* a : areas) {
        mapnik::feature_ptr f(mapnik::feature_factory::create(ctx, id++));
        f->put("code", unicode(a->code));
        f->set_geometry(geometry_from_wkb(a->wkb_for(low_band)));
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<mapnik::feature_ptr> label_features(const std::vector<std::pair<double, const data::Area*>>& ranked) {
    auto ctx = std::make_shared<mapnik::context_type>();
    ctx->push("label");
    ctx->push("population");
    std::vector<mapnik::feature_ptr> out;
    mapnik::value_integer id = 1;
    for (const auto& [population, a] : ranked) {
        mapnik::feature_ptr f(mapnik::feature_factory::create(ctx, id++));
        f->put("label", unicode(a->label));
        f->put("population", population);
        f->set_geometry(mapnik::geometry::point<double>(a->label_x, a->label_y));
        out.push_back(std::move(f));
    }
    return out;
}

// Names the features of a list of areas in one catalogue: its atlas never changes.
std::string table_key(const char* kind, const std::vector<const data::Area*>& areas) {
    std::uint64_t hash = common::kFnv64OffsetBasis;
    for (const data::Area* a : areas) hash = common::fnv1a_64("\n", common::fnv1a_64(a->code, hash));
    return std::string("map-features/") + kind + "/" + std::to_string(areas.size()) + "/" + std::to_string(hash);
}

// Features from the atlas in memory. With a catalogue, each table (areas of a level in a zoom band,
// label points) is built once and kept by it, so every variant's Map draws the same geometry; the
// classes, which differ per variant, are a vector per Map. Without one, each Map builds its own.
class MemorySources : public MapSources {
public:
    explicit MemorySources(const catalog::LayerCatalog* catalog = nullptr) : catalog_(catalog) {}

    mapnik::datasource_ptr areas(const Choropleth& c, int year, const std::vector<const data::Area*>& areas) const override {
        return classed_area_datasource(area_table(areas, false), classes(c, year, areas));
    }
    mapnik::datasource_ptr areas_low(const Choropleth& c, int year, const std::vector<const data::Area*>& areas) const override {
        if (!data::has_low_band(areas)) return nullptr;
        return classed_area_datasource(area_table(areas, true), classes(c, year, areas));
    }
    mapnik::datasource_ptr outlines(const Choropleth&, int, const std::vector<const data::Area*>& areas, bool low_band) const override {
        if (low_band && !data::has_low_band(areas)) return nullptr;
        return shared_datasource(area_table(areas, low_band));
    }
    mapnik::datasource_ptr labels(const std::vector<std::pair<double, const data::Area*>>& ranked) const override {
        std::vector<const data::Area*> order;
        for (const auto& entry : ranked) order.push_back(entry.second);
        return shared_datasource(table(table_key("labels", order), [&] { return label_features(ranked); }));
    }

private:
    using Table = std::shared_ptr<const FeatureTable>;

    static std::vector<mapnik::value_integer> classes(const Choropleth& c, int year, const std::vector<const data::Area*>& areas) {
        std::vector<mapnik::value_integer> out;
        out.reserve(areas.size());
        for (const data::Area* a : areas) out.push_back(c.class_of_area(year, a->code));
        return out;
    }
    Table area_table(const std::vector<const data::Area*>& areas, bool low_band) const {
        return table(table_key(low_band ? "areas-low" : "areas", areas), [&] { return area_features(areas, low_band); });
    }
    template <class Build>
    Table table(const std::string& key, const Build& build) const {
        auto make = [&] { return std::make_shared<const FeatureTable>(build()); };
        if (!catalog_) return make();
        return catalog_->derived<Table>(key, make);
    }

    const catalog::LayerCatalog* catalog_;
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
void add_banded_layer(mapnik::Map& map, const char* name, const std::function<mapnik::datasource_ptr(bool low)>& source,
                      std::initializer_list<const char*> styles) {
    mapnik::datasource_ptr low = source(true);
    if (!low) return add_layer(map, name, source(false), styles);
    add_layer(map, (std::string(name) + "-low").c_str(), low, styles, Band::low);
    add_layer(map, name, source(false), styles, Band::high);
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
    add_banded_layer(*map, "areas", [&](bool low) { return low ? sources.areas_low(c, year, areas) : sources.areas(c, year, areas); },
                     {"fill", "area-lines"});
    add_banded_layer(*map, "prefectures", [&](bool low) { return sources.outlines(c, year, prefectures, low); },
                     {"prefecture-lines"});
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
    return build_map(choropleth(catalog, v), v.year, catalog.atlas(), MemorySources(&catalog));
}

}  // namespace rxmap::styles
