#include "server/api/style_service.h"

#include "server/http/etag.h"
#include "server/http/json_error.h"
#include "server/api/layer_json.h"
#include "server/api/maplibre_style.h"
#include "server/api/year_values_json.h"

namespace rxmap::server {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Response cacheable(Response r, int max_age_seconds) {
    r.set("ETag", strong_etag(r.body ? *r.body : std::string()));
    r.set("Cache-Control", "public, max-age=" + std::to_string(max_age_seconds));
    return r;
}

}  // namespace

Reply StyleService::handle(const Request& request) {
    const std::string& path = request.target.path;
    if (path.rfind("/styles/fonts/", 0) == 0 && ends_with(path, ".pbf")) {
        Response r;  // an empty Glyphs message: no glyph in this range
        r.content_type = "application/x-protobuf";
        r.body = std::make_shared<const std::string>();
        return cacheable(std::move(r), 86400);
    }
    const bool values = ends_with(path, ".values.json");
    if (!values && !ends_with(path, ".json")) return json_error(404, "not_found", "expected /styles/{layer}.json");
    const auto variant = variant_from_path(*catalog_, path, "/styles/", values ? ".values.json" : ".json");
    if (!variant) return json_error(404, "unknown_layer", "no layer at " + path + " (see /layers)");
    if (values && variant->flow) return json_error(400, "no_values", "a flow layer has no values by area");
    // A style holds absolute URLs: only from --public-url or an allowed Host (issue 21).
    if (!values && request.base_url.empty()) return host_not_allowed_error(request);
    // The first use of a variant classifies its layer: on the worker pool.
    return Reply::deferred([this, v = *variant, values, base = request.base_url] {
        Response r = json_response(200, values ? year_values_json(*catalog_, v) : maplibre_style(*catalog_, v, base));
        r.content_type = "application/json; charset=utf-8";
        return cacheable(std::move(r), max_age_seconds_);
    });
}

}  // namespace rxmap::server
