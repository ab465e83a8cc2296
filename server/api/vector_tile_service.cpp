#include "server/api/vector_tile_service.h"

#include <cstdio>
#include <stdexcept>

#include "server/http/etag.h"
#include "server/http/json_error.h"
#include "server/api/tile_path.h"
#include "tiles/mvt_tile.h"

namespace rxmap::server {

VectorTileService::VectorTileService(std::shared_ptr<tiles::VectorTileSource> source, std::string extension,
                                     int max_age_seconds, int retry_after_seconds)
    : source_(std::move(source)),
      extension_(std::move(extension)),
      cache_control_("public, max-age=" + std::to_string(max_age_seconds)),
      retry_after_seconds_(retry_after_seconds) {
    if (!source_) throw std::invalid_argument("VectorTileService: null source");
}

Reply VectorTileService::handle(const Request& request) {
    TilePathParse parsed = parse_tile_path(request.target.segments, 1, {extension_});
    if (!parsed.tile) return json_error(parsed.status, parsed.error, parsed.detail);
    if (tiles::HeldTile held = source_->get_in_memory(parsed.tile->layer_id, parsed.tile->address))
        return tile_response(std::move(held.png), strong_etag_of_hash(held.body_hash));
    if (!source_->has_layer(parsed.tile->layer_id))
        return json_error(404, "unknown_layer", "no layer '" + parsed.tile->layer_id + "'");
    return Reply::deferred([this, source = source_, tile = std::move(*parsed.tile), client = request.client] {
        return to_response(source->get(tile.layer_id, tile.address, client));
    });
}

Response VectorTileService::tile_response(std::shared_ptr<const std::string> bytes, std::string etag) const {
    Response r;
    r.content_type = tiles::kMvtContentType;
    r.body = std::move(bytes);
    r.set("ETag", std::move(etag));
    r.set("Cache-Control", cache_control_);
    return r;
}

Response VectorTileService::to_response(const tiles::TileResult& result) const {
    using tiles::TileStatus;
    switch (result.status) {
        case TileStatus::ok:
            if (!result.png) break;
            return tile_response(result.png, strong_etag(*result.png));
        case TileStatus::unknown_layer:
            return json_error(404, "unknown_layer", result.message);
        case TileStatus::out_of_range:
            return json_error(400, "out_of_range", result.message);
        case TileStatus::overloaded: {
            Response r = json_error(503, "overloaded", result.message);
            r.set("Retry-After", std::to_string(result.retry_after_seconds > 0 ? result.retry_after_seconds
                                                                                : retry_after_seconds_));
            return r;
        }
        case TileStatus::failed:
            break;
    }
    std::fprintf(stderr, "vector tiles: %s\n", result.message.c_str());
    return json_error(500, "encode_failed", "the vector tile could not be made");
}

}  // namespace rxmap::server
