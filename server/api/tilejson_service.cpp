#include "server/api/tilejson_service.h"

#include <algorithm>

#include "common/number_text.h"
#include "server/http/etag.h"
#include "server/http/json_error.h"
#include "server/api/layer_json.h"
#include "common/japan_extent.h"
#include "server/api/layer_variants.h"
#include "server/http/request_target.h"
#include "common/xml_escape.h"
#include "tiles/mvt_tile.h"

namespace rxmap::server {
namespace {

std::string number(double v) { return common::significant_digits(v, 10); }

}  // namespace

std::string TileJsonService::tilejson(const catalog::Variant& v, const std::string& base_url, bool vector) {
    const catalog::LayerDefinition& d = *v.definition;
    const std::string path = percent_encode_path(v.key());
    const std::string tiles = base_url + "/tiles/" + path + "/{z}/{x}/{y}";

    std::string attribution;
    for (const auto& credit : d.credits) {
        if (!attribution.empty()) attribution += " / ";
        attribution += common::xml_escape(credit);  // TileJSON attribution is HTML
    }
    const int minzoom = std::max(0, d.minzoom);
    const int maxzoom = std::max(minzoom, d.maxzoom);
    const int center_zoom = std::clamp(common::kJapanCenterZoom, minzoom, maxzoom);

    std::string j = "{\n";
    auto field = [&](std::string_view key, const std::string& json_value, bool last = false) {
        j += "  " + json_quote(key) + ": " + json_value + (last ? "\n" : ",\n");
    };
    field("tilejson", json_quote("3.0.0"));
    field("name", json_quote(variant_title_ja(v)));
    field("description", json_quote(d.description_ja));
    field("version", json_quote("1.0.0"));
    field("attribution", json_quote(attribution));
    field("scheme", json_quote("xyz"));
    field("tiles", "[" + json_quote(tiles + (vector ? ".mvt" : ".png")) + "]");
    if (vector) {  // the vector tiles of the same variant (tiles/mvt_tile.h)
        field("vector_layers", tiles::vector_layers_json(v));
        field("format", json_quote("pbf"));
    }
    field("minzoom", std::to_string(minzoom));
    field("maxzoom", std::to_string(maxzoom));
    field("bounds", "[" + number(common::kJapanBounds.west) + ", " + number(common::kJapanBounds.south) + ", " +
                        number(common::kJapanBounds.east) + ", " + number(common::kJapanBounds.north) + "]");
    field("center", "[" + number(common::kJapanCenterLon) + ", " + number(common::kJapanCenterLat) + ", " +
                        std::to_string(center_zoom) + "]");
    // Non-standard keys.
    if (!vector) {
        field("tiles_2x", "[" + json_quote(tiles + "@2x.png") + "]");
        field("tile_size", "256");
    } else {
        field("style", json_quote(base_url + "/styles/" + path + ".json"));
    }
    field("legend", json_quote(base_url + "/legend/" + path + ".json"));
    field("legend_png", json_quote(base_url + "/legend/" + path + ".png"));
    field("layer", json_quote(d.id));
    field("variant", json_quote(v.key()));
    field("name_en", json_quote(variant_title_en(v)));
    field("description_en", json_quote(d.description_en), true);
    j += "}\n";
    return j;
}

Reply TileJsonService::handle(const Request& request) {
    const auto variant = variant_from_path(*catalog_, request.target.path, "/tiles/", ".json");
    if (!variant) return json_error(404, "unknown_layer", "no layer at " + request.target.path + " (see /layers)");
    if (request.base_url.empty()) return host_not_allowed_error(request);
    // ?format=mvt: the vector tiles' TileJSON (vector_layers), else the PNGs'.
    const auto format = request.target.query_value("format");
    if (format && *format != "mvt" && *format != "png")
        return json_error(400, "bad_format", "format must be png or mvt");
    Response r = json_response(200, tilejson(*variant, request.base_url, format && *format == "mvt"));
    r.content_type = "application/json; charset=utf-8";
    r.set("ETag", strong_etag(*r.body));
    r.set("Cache-Control", "public, max-age=" + std::to_string(max_age_seconds_));
    return r;
}

}  // namespace rxmap::server
