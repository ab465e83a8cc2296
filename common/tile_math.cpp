#include "tile_math.h"

#include <algorithm>
#include <cmath>

namespace rxmap::tiles {

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr double kMaxLat = 85.0511287798066;
}

Mercator to_mercator(LonLat p) {
    const double lat = std::clamp(p.lat, -kMaxLat, kMaxLat);
    return {p.lon * kOriginShift / 180.0,
            std::log(std::tan((90.0 + lat) * kPi / 360.0)) * kEarthRadius};
}

LonLat to_lonlat(Mercator m) {
    return {m.x / kOriginShift * 180.0,
            std::atan(std::exp(m.y / kEarthRadius)) * 360.0 / kPi - 90.0};
}

TileXY tile_at(LonLat p, int z) {
    const Mercator m = to_mercator(p);
    const double n = static_cast<double>(1 << z);
    const int last = (1 << z) - 1;
    const int x = static_cast<int>(std::floor((m.x + kOriginShift) / (2 * kOriginShift) * n));
    const int y = static_cast<int>(std::floor((kOriginShift - m.y) / (2 * kOriginShift) * n));
    return {std::clamp(x, 0, last), std::clamp(y, 0, last)};
}

Bounds block_bounds(int z, int x, int y, int n) {
    const double size = 2 * kOriginShift / static_cast<double>(1 << z);
    return {-kOriginShift + x * size, kOriginShift - (y + n) * size,
            -kOriginShift + (x + n) * size, kOriginShift - y * size};
}

Bounds tile_bounds(int z, int x, int y) { return block_bounds(z, x, y, 1); }

LonLat tile_origin(int z, int x, int y) {
    const Bounds b = tile_bounds(z, x, y);
    return to_lonlat({b.minx, b.maxy});
}

double resolution(int z) { return 2 * kOriginShift / (256.0 * (1 << z)); }

bool valid_tile(int z, int x, int y) {
    if (z < 0 || z > kMaxZoom) return false;
    const int n = 1 << z;
    return x >= 0 && x < n && y >= 0 && y < n;
}

}  // namespace rxmap::tiles
