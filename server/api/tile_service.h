#pragma once
// GET|HEAD /tiles/{layer...}/{z}/{x}/{y}.png and {y}@2x.png.
// Parses and checks the path on the I/O thread; a tile the source holds in memory
// (TileSource::get_in_memory) is answered at once, else it asks get_async: store reads and renders
// run on the engine's threads and answer through a callback (Reply::async), so
// a request waiting for a render holds no thread. A 200 carries a strong ETag (a hash of the
// PNG: the one the source computed when it stored a tile held in memory, else computed
// once per tile the source hands out) and Cache-Control; the
// session answers 304 to a matching If-None-Match.
// (/tiles/{layer...}.json is TileJsonService's: Route{"/tiles/", ".json"}.)
#include <memory>
#include <string>

#include "server/http/body_memo.h"
#include "server/http/service.h"
#include "tiles/tile_source.h"

namespace rxmap::server {

struct TileServiceOptions {
    // Cache-Control: public, max-age=<this> on 200 responses (rxmap serve --max-age).
    int max_age_seconds = 3600;
    // Retry-After on a 503 when the tile source reports it is overloaded without
    // saying when to retry (a client over its render budget is told its own wait).
    int retry_after_seconds = 1;
};

class TileService : public Service {
public:
    explicit TileService(std::shared_ptr<tiles::TileSource> source, TileServiceOptions options = {});

    std::string_view name() const override { return "tiles"; }
    Route route() const override { return Route{"/tiles/"}; }
    Reply handle(const Request& request) override;
    bool answer_stored(std::string_view path, StoredAnswer& out) override;

    // The response for one TileSource result (public for tests).
    Response to_response(const tiles::TileResult& result) const;
    // The 200 for a tile, given its ETag.
    Response tile_response(std::shared_ptr<const std::string> png, std::string etag) const;

    // The ETag of a tile's bytes (memoized by the shared PNG).
    std::string etag(const std::shared_ptr<const std::string>& png) const;

private:
    std::shared_ptr<tiles::TileSource> source_;
    TileServiceOptions options_;
    std::string cache_control_;  // the Cache-Control value of every 200
    mutable BodyMemo<std::string> etags_{16384};
};

}  // namespace rxmap::server
