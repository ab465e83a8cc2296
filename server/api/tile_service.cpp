#include "server/api/tile_service.h"

#include <cstdio>
#include <stdexcept>

#include "server/http/etag.h"
#include "server/http/json_error.h"
#include "server/api/tile_path.h"

namespace rxmap::server {

TileService::TileService(std::shared_ptr<tiles::TileSource> source, TileServiceOptions options)
    : source_(std::move(source)),
      options_(options),
      cache_control_("public, max-age=" + std::to_string(options_.max_age_seconds)) {
    if (!source_) throw std::invalid_argument("TileService: null tile source");
}

Reply TileService::handle(const Request& request) {
    // segments[0] is "tiles", the route's own segment.
    TilePathParse parsed = parse_tile_path(request.target.segments, 1);
    if (!parsed.tile) return json_error(parsed.status, parsed.error, parsed.detail);
    // A tile held in memory: answered now, with no callback and no thread hop.
    if (tiles::HeldTile held = source_->get_in_memory(parsed.tile->layer_id, parsed.tile->address))
        return tile_response(std::move(held.png), strong_etag_of_hash(held.body_hash));
    if (!source_->has_layer(parsed.tile->layer_id))
        return json_error(404, "unknown_layer", "no layer '" + parsed.tile->layer_id + "'");

    // Otherwise the engine answers from its own threads (store I/O, renders) and no
    // server thread waits for it.
    return Reply::async([this, source = source_, tile = std::move(*parsed.tile),
                         client = request.client](Reply::Respond respond) {
        source->get_async(tile.layer_id, tile.address, client,
                          [this, respond = std::move(respond)](tiles::TileResult result) {
                              respond(to_response(result));
                          });
    });
}

bool TileService::answer_stored(std::string_view path, StoredAnswer& out) {
    // "/tiles/a/b/…" as handle() sees it (segments[0] == "tiles"); one vector per thread,
    // whose strings keep their capacity.
    thread_local std::vector<std::string> segments;
    std::size_t count = 0;
    for (std::size_t start = 1; start <= path.size();) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (count == segments.size()) segments.emplace_back();
        segments[count++].assign(path.substr(start, end - start));
        start = end + 1;
    }
    segments.resize(count);
    TilePathParse parsed = parse_tile_path(segments, 1);
    if (!parsed.tile) return false;
    tiles::HeldTile held = source_->get_in_memory(parsed.tile->layer_id, parsed.tile->address);
    if (!held) return false;
    out = {std::move(held.png), "image/png", held.body_hash, cache_control_};
    return true;
}

std::string TileService::etag(const std::shared_ptr<const std::string>& png) const {
    if (auto known = etags_.find(png)) return *known;
    std::string tag = strong_etag(*png);
    etags_.insert(png, tag);
    return tag;
}

Response TileService::tile_response(std::shared_ptr<const std::string> png, std::string etag) const {
    Response r;
    r.content_type = "image/png";
    r.body = std::move(png);
    r.headers.reserve(2);
    r.set("ETag", std::move(etag));
    r.set("Cache-Control", cache_control_);
    return r;
}

Response TileService::to_response(const tiles::TileResult& result) const {
    using tiles::TileStatus;
    switch (result.status) {
        case TileStatus::ok:
            if (!result.png) break;
            return tile_response(result.png, etag(result.png));
        case TileStatus::unknown_layer:
            return json_error(404, "unknown_layer", result.message);
        case TileStatus::out_of_range:
            return json_error(400, "out_of_range", result.message);
        case TileStatus::overloaded: {
            Response r = json_error(503, "overloaded", result.message.empty() ? "render queue full" : result.message);
            const int retry_after = result.retry_after_seconds > 0 ? result.retry_after_seconds
                                                                   : options_.retry_after_seconds;
            r.set("Retry-After", std::to_string(retry_after));
            return r;
        }
        case TileStatus::failed:
            break;
    }
    // The engine's message may name files or internals: log it, answer plainly.
    std::fprintf(stderr, "tiles: render failed: %s\n", result.message.c_str());
    return json_error(500, "render_failed", "the tile could not be rendered");
}

}  // namespace rxmap::server
