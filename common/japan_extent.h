#pragma once
// The extent of Japan that TileJSON and WMTS documents advertise, and where a national map opens.

namespace rxmap::common {

// Japan, 与那国島 to 南鳥島 and 沖ノ鳥島 to 宗谷岬, in lon/lat (west, south, east, north).
struct LonLatBounds {
    double west, south, east, north;
};
constexpr LonLatBounds kJapanBounds{122.93, 20.42, 153.99, 45.56};
// Where a map of the whole country opens: lon, lat, zoom.
constexpr double kJapanCenterLon = 138, kJapanCenterLat = 37;
constexpr int kJapanCenterZoom = 5;

}  // namespace rxmap::common
