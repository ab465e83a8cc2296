#include "server/api/tile_path.h"

#include <algorithm>
#include <string_view>

#include "common/tile_math.h"

namespace rxmap::server {
namespace {

// Non-negative decimal integer of at most 9 digits (so it fits an int).
std::optional<int> parse_uint(std::string_view s) {
    if (s.empty() || s.size() > 9) return std::nullopt;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

TilePathParse fail(unsigned status, std::string error, std::string detail) {
    TilePathParse p;
    p.status = status;
    p.error = std::move(error);
    p.detail = std::move(detail);
    return p;
}

}  // namespace

TilePathParse parse_tile_path(const std::vector<std::string>& segments, std::size_t first,
                              const std::vector<std::string_view>& extensions) {
    const bool png = extensions.size() == 1 && extensions[0] == ".png";
    const std::string_view ext = extensions.empty() ? ".png" : extensions[0];
    if (first > segments.size() || segments.size() - first < 4)
        return fail(404, "not_found", "expected /tiles/{layer}/{z}/{x}/{y}" + std::string(ext));

    const std::size_t n = segments.size();
    std::string_view name = segments[n - 1];
    int scale = 1;
    const auto matched = std::find_if(extensions.begin(), extensions.end(),
                                      [&](std::string_view e) { return ends_with(name, e); });
    if (matched == extensions.end())
        return fail(400, "bad_tile_address", png ? "tile name must be {y}.png or {y}@2x.png"
                                                 : "tile name must be {y}" + std::string(ext));
    name.remove_suffix(matched->size());
    if (png && ends_with(name, "@2x")) {
        scale = 2;
        name.remove_suffix(3);
    }

    const auto z = parse_uint(segments[n - 3]);
    const auto x = parse_uint(segments[n - 2]);
    const auto y = parse_uint(name);
    if (!z || !x || !y)
        return fail(400, "bad_tile_address", "z, x and y must be non-negative integers");
    if (*z > tiles::kMaxZoom)
        return fail(400, "bad_tile_address", "z must be at most " + std::to_string(tiles::kMaxZoom));
    const long long side = 1LL << *z;
    if (*x >= side || *y >= side)
        return fail(400, "bad_tile_address",
                    "x and y must be below 2^z = " + std::to_string(side) + " at z=" + std::to_string(*z));

    TileRequest tile;
    for (std::size_t i = first; i < n - 3; ++i) {
        if (i > first) tile.layer_id += '/';
        tile.layer_id += segments[i];
    }
    tile.address = tiles::TileAddress{*z, *x, *y, scale};
    TilePathParse ok;
    ok.tile = std::move(tile);
    return ok;
}

}  // namespace rxmap::server
