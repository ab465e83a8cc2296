#pragma once
// GET|HEAD /tiles/{layer...}/{z}/{x}/{y}.mvt (and .pbf, one service per extension): Mapbox
// Vector Tiles of a variant (tiles/mvt_tile.h). The path is checked as for PNG tiles (400 for a
// bad address, 404 for an unknown layer, 400 outside the layer's zooms); a tile held in memory is
// answered on the I/O thread, anything else (store reads, the encode) on the worker pool.
// 200s carry a strong ETag and Cache-Control; the session gzips them when asked.
#include <memory>
#include <string>

#include "server/http/service.h"
#include "tiles/mvt_source.h"

namespace rxmap::server {

class VectorTileService : public Service {
public:
    // extension: ".mvt" or ".pbf"
    VectorTileService(std::shared_ptr<tiles::VectorTileSource> source, std::string extension,
                      int max_age_seconds = 3600, int retry_after_seconds = 1);

    std::string_view name() const override { return "vector_tiles"; }
    Route route() const override { return Route{"/tiles/", extension_}; }
    Reply handle(const Request& request) override;

    Response to_response(const tiles::TileResult& result) const;

private:
    Response tile_response(std::shared_ptr<const std::string> bytes, std::string etag) const;

    std::shared_ptr<tiles::VectorTileSource> source_;
    std::string extension_;
    std::string cache_control_;
    int retry_after_seconds_;
};

}  // namespace rxmap::server
