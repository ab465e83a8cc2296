#include "tiles/mvt_tile.h"

#include <algorithm>
#include <cctype>

#include "common/json_text.h"
#include "layers/indicator_values.h"
#include "styles/choropleth.h"
#include "styles/choropleth_legend.h"
#include "styles/flow_selection.h"
#include "tiles/mvt_areas.h"
#include "tiles/mvt_encoder.h"
#include "tiles/mvt_geometry.h"

namespace rxmap::tiles {
namespace {

// Half a screen pixel when MapLibre draws the tile at 512 px (8 grid units a pixel), in metres.
double tolerance(const TileFrame& f) { return 4 * f.unit(); }

// The 5-digit code as the feature id; codes of blocs and bureaus ("bloc:東北") have none.
std::optional<std::uint64_t> feature_id(const std::string& code) {
    if (code.empty() || code.size() > 12) return std::nullopt;
    for (char c : code)
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    return std::stoull(code);
}

std::string prefecture_name(const data::Atlas& atlas, const data::Area& a) {
    const data::Area* p = atlas.find(data::Level::prefecture, data::prefecture_area_code(a.pref_code));
    return p ? p->name : std::string();
}

// Class labels in Japanese, one per class, then "データなし" (the PNG's legend, every class listed).
const std::vector<std::string>& class_labels_ja(const catalog::LayerCatalog& catalog, const catalog::Variant& v) {
    // Classified before: derived() holds the catalogue's lock while it builds (no nesting).
    const styles::Choropleth& c = styles::choropleth(catalog, v);
    return catalog.derived<std::vector<std::string>>("mvt-class-labels/" + v.key(), [&] {
        std::vector<std::string> out;
        for (const auto& e : styles::choropleth_legend(c, v.year, true).entries)
            out.push_back(e.label_ja);
        return out;
    });
}

double population(const data::Atlas& atlas, const data::Area& a) {
    return atlas.stats.get("ipss:population", 2020, a.code).value_or(0);
}

void add_areas(MvtLayer& layer, const catalog::LayerCatalog& catalog, const catalog::Variant& v, const TileFrame& f,
               int z) {
    const styles::Choropleth& c = styles::choropleth(catalog, v);
    const std::vector<std::string>& labels = class_labels_ja(catalog, v);
    const data::Atlas& atlas = catalog.atlas();
    for (const MvtArea& m : mvt_areas(catalog, v.level, v.definition->value.merged_areas)) {
        data::GeometryPtr clipped = clip_to_tile(m.at_zoom(z), m.envelope, f, tolerance(f));
        if (!clipped) continue;
        MvtFeature feature;
        feature.id = feature_id(m.area->code);
        feature.type = MvtGeometryType::polygon;
        feature.geometry = polygon_commands(*clipped, f);
        const data::Area& a = *m.area;
        feature.properties.emplace_back("code", a.code);
        feature.properties.emplace_back("name", a.name);
        if (const std::string pref = prefecture_name(atlas, a); !pref.empty() && !data::is_aggregate(v.level))
            feature.properties.emplace_back("prefecture", pref);
        const data::AreaValue* value = c.value(v.year, a.code);
        if (value) feature.properties.emplace_back("value", value->value);
        const int cls = c.class_of_area(v.year, a.code);
        feature.properties.emplace_back("class", std::int64_t{cls});
        const std::size_t label = cls >= 0 ? static_cast<std::size_t>(cls) : labels.size() - 1;
        if (label < labels.size()) feature.properties.emplace_back("class_label", labels[label]);
        layer.add(std::move(feature));
    }
}

void add_prefecture_outlines(MvtLayer& layer, const catalog::LayerCatalog& catalog, const TileFrame& f, int z) {
    for (const MvtArea& m : mvt_areas(catalog, data::Level::prefecture, false)) {
        data::GeometryPtr clipped = clip_to_tile(m.at_zoom(z), m.envelope, f, tolerance(f));
        if (!clipped) continue;
        MvtFeature feature;
        feature.id = feature_id(m.area->code);
        feature.geometry = polygon_commands(*clipped, f);
        feature.properties.emplace_back("code", m.area->code);
        feature.properties.emplace_back("name", m.area->name);
        layer.add(std::move(feature));
    }
}

void add_labels(MvtLayer& layer, const catalog::LayerCatalog& catalog, const MvtAreas& areas, const char* kind,
                const TileFrame& f) {
    for (const MvtArea& m : areas) {
        const data::Area& a = *m.area;
        MvtFeature feature;
        feature.id = feature_id(a.code);
        feature.type = MvtGeometryType::point;
        feature.geometry = point_commands(a.label_x, a.label_y, f);
        feature.properties.emplace_back("code", a.code);
        feature.properties.emplace_back("name", a.label);
        feature.properties.emplace_back("kind", std::string(kind));
        feature.properties.emplace_back("population", population(catalog.atlas(), a));
        layer.add(std::move(feature));
    }
}

std::string choropleth_tile(const catalog::LayerCatalog& catalog, const catalog::Variant& v, int z,
                            const TileFrame& f) {
    std::vector<MvtLayer> layers;
    layers.emplace_back("areas", f.extent);
    add_areas(layers.back(), catalog, v, f, z);
    layers.emplace_back("prefectures", f.extent);
    if (v.level == data::Level::ward || v.level == data::Level::municipality)
        add_prefecture_outlines(layers.back(), catalog, f, z);
    layers.emplace_back("labels", f.extent);
    if (!data::is_aggregate(v.level))
        add_labels(layers.back(), catalog, mvt_areas(catalog, data::Level::prefecture, false), "prefecture", f);
    add_labels(layers.back(), catalog, mvt_areas(catalog, v.level, v.definition->value.merged_areas), "area", f);
    return encode_tile(layers);
}

std::string flow_tile(const catalog::LayerCatalog& catalog, const catalog::Variant& v, const TileFrame& f) {
    const styles::FlowSelection& s = styles::flow_selection(catalog, v);
    std::vector<MvtLayer> layers;
    layers.emplace_back("flows", f.extent);
    for (const styles::FlowLine& line : s.lines) {
        const auto from = s.anchors.find(line.from), to = s.anchors.find(line.to);
        if (from == s.anchors.end() || to == s.anchors.end()) continue;
        OGRLineString arc;
        for (const auto& [x, y] : styles::flow_arc(from->second, to->second, styles::kFlowDrawnFrom, styles::kFlowDrawnTo))
            arc.addPoint(x, y);
        OGREnvelope envelope;
        arc.getEnvelope(&envelope);
        data::GeometryPtr clipped = clip_to_tile(arc, envelope, f, 0);
        if (!clipped) continue;
        MvtFeature feature;
        feature.type = MvtGeometryType::linestring;
        feature.geometry = line_commands(*clipped, f);
        feature.properties = {{"origin", line.from},         {"destination", line.to},
                              {"origin_name", line.from_name}, {"destination_name", line.to_name},
                              {"count", line.count},         {"class", std::int64_t{line.cls}},
                              {"width", line.width}};
        layers.back().add(std::move(feature));
    }
    layers.emplace_back("anchors", f.extent);
    for (const auto& [code, anchor] : s.anchors) {
        MvtFeature feature;
        feature.id = feature_id(code);
        feature.type = MvtGeometryType::point;
        feature.geometry = point_commands(anchor.x, anchor.y, f);
        feature.properties = {{"code", code}, {"name", anchor.name}};
        layers.back().add(std::move(feature));
    }
    return encode_tile(layers);
}

std::string field(const char* name, const char* description, bool last = false) {
    return common::json_quote(name) + ": " + common::json_quote(description) + (last ? "" : ", ");
}

std::string vector_layer(const char* id, const char* description, const std::string& fields,
                         const catalog::LayerDefinition& d) {
    return "{\"id\": " + common::json_quote(id) + ", \"description\": " + common::json_quote(description) +
           ", \"fields\": {" + fields + "}, \"minzoom\": " + std::to_string(std::max(0, d.minzoom)) +
           ", \"maxzoom\": " + std::to_string(std::max(d.minzoom, d.maxzoom)) + "}";
}

}  // namespace

std::string vector_tile(const catalog::LayerCatalog& catalog, const catalog::Variant& variant, int z, int x, int y) {
    const TileFrame frame = TileFrame::of(z, x, y);
    if (variant.flow) return flow_tile(catalog, variant, frame);
    return choropleth_tile(catalog, variant, z, frame);
}

std::string vector_layers_json(const catalog::Variant& v) {
    const catalog::LayerDefinition& d = *v.definition;
    std::string out = "[";
    if (v.flow) {
        out += vector_layer("flows", "Flows as the PNG draws them (arcs bent to the right of their direction)",
                            field("origin", "origin code (prefecture \"13\" or group)") +
                                field("destination", "destination code") + field("origin_name", "origin name") +
                                field("destination_name", "destination name") + field("count", "persons") +
                                field("class", "magnitude class (focus: 0 out, 1 in)") +
                                field("width", "line width in px", true),
                            d);
        out += ", " + vector_layer("anchors", "Flow anchors (population-weighted centres)",
                                   field("code", "anchor code") + field("name", "anchor name", true), d);
        return out + "]";
    }
    out += vector_layer("areas", "Areas of the variant, coloured by class; feature id = the area code",
                        field("code", "area code (5 digits)") + field("name", "full name") +
                            field("prefecture", "prefecture name") +
                            field("value", "the layer's value in the variant's year (absent: no data)") +
                            field("class", "class index from 0 (-1: no data), as the legend") +
                            field("class_label", "the class's legend label (ja)", true),
                        d);
    out += ", " + vector_layer("prefectures", "Prefecture outlines (municipality and ward levels)",
                               field("code", "prefecture code (PP000)") + field("name", "prefecture name", true), d);
    out += ", " + vector_layer("labels", "Label points inside each area's largest part",
                               field("code", "area code") + field("name", "map label") +
                                   field("kind", "area or prefecture") +
                                   field("population", "persons in 2020 (IPSS): larger places first", true),
                               d);
    return out + "]";
}

}  // namespace rxmap::tiles
