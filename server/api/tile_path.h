#pragma once
// Typed parameters of a tile request: ".../{layer...}/{z}/{x}/{y}[@2x].png".
// The last three segments are z/x/y; all segments before them, joined with
// '/', are the layer id (so ids such as "facility-risk/一般診療所/2050" work).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tiles/tile_source.h"

namespace rxmap::server {

struct TileRequest {
    std::string layer_id;
    tiles::TileAddress address;
};

struct TilePathParse {
    std::optional<TileRequest> tile;  // set on success
    unsigned status = 0;              // 400 or 404 otherwise
    std::string error;                // short code for the JSON error body
    std::string detail;
};

// segments[first..] are the decoded path segments after the route's prefix.
// 404 when there are too few segments to be a tile path; 400 when z/x/y are
// not non-negative integers, z > kMaxZoom, x or y >= 2^z, or the file name is
// not "{y}.png" / "{y}@2x.png". Vector tiles pass their extensions (".mvt", ".pbf"): no @2x.
TilePathParse parse_tile_path(const std::vector<std::string>& segments, std::size_t first,
                              const std::vector<std::string_view>& extensions = {".png"});

}  // namespace rxmap::server
