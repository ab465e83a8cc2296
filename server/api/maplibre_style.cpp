#include "server/api/maplibre_style.h"

#include <algorithm>

#include "common/json_text.h"
#include "common/xml_escape.h"
#include "server/api/layer_variants.h"
#include "server/http/request_target.h"
#include "styles/choropleth.h"
#include "styles/flow_selection.h"
#include "styles/palette.h"

namespace rxmap::server {
namespace {

using common::json_quote;

// ["match", <input>, 0, "#c0", 1, "#c1", …, <fallback>]
std::string match_colors(const std::string& input, const std::vector<std::string>& colors, const char* fallback) {
    std::string s = "[\"match\", " + input;
    for (std::size_t i = 0; i < colors.size(); ++i) s += ", " + std::to_string(i) + ", " + json_quote(colors[i]);
    return s + ", " + json_quote(fallback) + "]";
}

std::string layer(const std::string& id, const std::string& type, const std::string& source_layer,
                  const std::string& rest) {
    return "    {\"id\": " + json_quote(id) + ", \"type\": " + json_quote(type) +
           ", \"source\": \"rxmap\", \"source-layer\": " + json_quote(source_layer) + ", " + rest + "}";
}

std::string choropleth_layers(const catalog::LayerCatalog& catalog, const catalog::Variant& v) {
    const styles::Choropleth& c = styles::choropleth(catalog, v);
    // The year's class from feature-state when a client set one, else the tile's.
    const std::string cls = "[\"coalesce\", [\"feature-state\", \"class\"], [\"get\", \"class\"]]";
    std::vector<std::string> out;
    out.push_back(layer("areas", "fill", "areas",
                        "\"paint\": {\"fill-color\": " + match_colors(cls, c.colors, styles::kNoDataColor) +
                            ", \"fill-antialias\": false}"));
    // PNG: 0.25 px at z0–6, 0.6 px at z7–9, 1 px from z10 (MapLibre zooms one less).
    out.push_back(layer("area-lines", "line", "areas",
                        "\"paint\": {\"line-color\": \"#ffffff\", \"line-width\": [\"step\", [\"zoom\"], 0.25, 6, 0.6, "
                        "9, 1.0], \"line-opacity\": [\"step\", [\"zoom\"], 0.7, 6, 0.9, 9, 1.0]}"));
    out.push_back(layer("prefecture-lines", "line", "prefectures",
                        "\"paint\": {\"line-color\": [\"step\", [\"zoom\"], \"#505050\", 5, \"#404040\"], "
                        "\"line-width\": [\"step\", [\"zoom\"], 0.7, 5, 1.6]}, \"layout\": {\"line-join\": \"round\"}"));
    out.push_back(layer("area-hover", "line", "areas",
                        "\"paint\": {\"line-color\": \"#111111\", \"line-width\": [\"case\", [\"boolean\", "
                        "[\"feature-state\", \"hover\"], false], 2.5, 0]}"));
    const std::string text = "\"text-field\": [\"get\", \"name\"], \"text-font\": [\"Noto Sans CJK JP Regular\"], "
                             "\"symbol-sort-key\": [\"-\", [\"get\", \"population\"]], \"text-padding\": 3";
    const std::string paint = "\"paint\": {\"text-color\": \"#202020\", \"text-halo-color\": \"rgba(255,255,255,0.85)\", "
                              "\"text-halo-width\": 1.5}";
    if (data::is_aggregate(v.level)) {
        out.push_back(layer("area-labels", "symbol", "labels",
                            "\"minzoom\": 3, \"layout\": {" + text + ", \"text-size\": 13}, " + paint));
    } else {
        out.push_back(layer("prefecture-labels", "symbol", "labels",
                            "\"minzoom\": 4, \"maxzoom\": 7, \"filter\": [\"==\", [\"get\", \"kind\"], \"prefecture\"], "
                            "\"layout\": {" + text + ", \"text-size\": 13}, " + paint));
        out.push_back(layer("area-labels", "symbol", "labels",
                            "\"minzoom\": 7, \"filter\": [\"all\", [\"==\", [\"get\", \"kind\"], \"area\"], [\"any\", "
                            "[\">=\", [\"zoom\"], 8], [\">=\", [\"get\", \"population\"], 100000]]], "
                            "\"layout\": {" + text + ", \"text-size\": [\"step\", [\"zoom\"], 10, 8, 11, 10, 13]}, " + paint));
    }
    std::string s;
    for (const std::string& l : out) s += ",\n" + l;
    return s;
}

std::string flow_layers(const catalog::LayerCatalog& catalog, const catalog::Variant& v) {
    const styles::FlowSelection& f = styles::flow_selection(catalog, v);
    std::string s = ",\n" + layer("flow-casing", "line", "flows",
                                  "\"paint\": {\"line-color\": \"#ffffff\", \"line-width\": [\"+\", [\"get\", \"width\"], 2]}, "
                                  "\"layout\": {\"line-cap\": \"round\", \"line-sort-key\": [\"get\", \"count\"]}");
    s += ",\n" + layer("flows", "line", "flows",
                       "\"paint\": {\"line-color\": " + match_colors("[\"get\", \"class\"]", f.colors, "#888888") +
                           ", \"line-width\": [\"get\", \"width\"]}, "
                           "\"layout\": {\"line-cap\": \"round\", \"line-sort-key\": [\"get\", \"count\"]}");
    if (f.labels)
        s += ",\n" + layer("anchor-labels", "symbol", "anchors",
                           "\"layout\": {\"text-field\": [\"get\", \"name\"], \"text-font\": [\"Noto Sans CJK JP Regular\"], "
                           "\"text-size\": 12}, \"paint\": {\"text-color\": \"#202020\", \"text-halo-color\": "
                           "\"#ffffff\", \"text-halo-width\": 1.5}");
    return s;
}

}  // namespace

std::string maplibre_style(const catalog::LayerCatalog& catalog, const catalog::Variant& v, const std::string& base_url) {
    const catalog::LayerDefinition& d = *v.definition;
    const std::string path = percent_encode_path(v.key());
    std::string attribution;
    for (const auto& credit : d.credits) attribution += (attribution.empty() ? "" : " / ") + common::xml_escape(credit);
    const int minzoom = std::max(0, d.minzoom), maxzoom = std::max(minzoom, d.maxzoom);

    std::string s = "{\n  \"version\": 8,\n  \"name\": " + json_quote(variant_title_ja(v)) + ",\n";
    s += "  \"metadata\": {\"rxmap:variant\": " + json_quote(v.key()) + ", \"rxmap:layer\": " + json_quote(d.id) +
         ", \"rxmap:year\": " + std::to_string(v.year) + ", \"rxmap:values\": " +
         json_quote(base_url + "/styles/" + path + ".values.json") + ", \"rxmap:legend\": " +
         json_quote(base_url + "/legend/" + path + ".json") + ", \"rxmap:name_en\": " +
         json_quote(variant_title_en(v)) + "},\n";
    s += "  \"center\": [137.5, 37.5],\n  \"zoom\": 4,\n";
    s += "  \"sources\": {\"rxmap\": {\"type\": \"vector\", \"tiles\": [" +
         json_quote(base_url + "/tiles/" + path + "/{z}/{x}/{y}.mvt") + "], \"minzoom\": " + std::to_string(minzoom) +
         ", \"maxzoom\": " + std::to_string(maxzoom) + ", \"attribution\": " + json_quote(attribution) + "}},\n";
    s += "  \"glyphs\": " + json_quote(base_url + "/styles/fonts/{fontstack}/{range}.pbf") + ",\n";
    s += "  \"layers\": [\n    {\"id\": \"sea\", \"type\": \"background\", \"paint\": {\"background-color\": " +
         json_quote(v.flow ? "rgba(0,0,0,0)" : styles::kSeaColor) + "}}";
    s += v.flow ? flow_layers(catalog, v) : choropleth_layers(catalog, v);
    return s + "\n  ]\n}\n";
}

}  // namespace rxmap::server
