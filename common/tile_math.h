#pragma once
// Web Mercator (EPSG:3857) tile arithmetic for the XYZ scheme (y from the north).
namespace rxmap::tiles {

constexpr int kMaxZoom = 22;
constexpr double kEarthRadius = 6378137.0;
constexpr double kOriginShift = 20037508.342789244;  // pi * R: half the world in metres

struct LonLat { double lon = 0, lat = 0; };
struct Mercator { double x = 0, y = 0; };
struct Bounds { double minx = 0, miny = 0, maxx = 0, maxy = 0; };
struct TileXY { int x = 0, y = 0; };

Mercator to_mercator(LonLat p);
LonLat to_lonlat(Mercator m);

// Tile containing a point at zoom z (clamped to the valid range of that zoom).
TileXY tile_at(LonLat p, int z);
// Tile bounds in metres (EPSG:3857).
Bounds tile_bounds(int z, int x, int y);
// Bounds of n x n tiles whose top-left tile is (x, y) at zoom z.
Bounds block_bounds(int z, int x, int y, int n);
// Top-left corner of a tile, in lon/lat.
LonLat tile_origin(int z, int x, int y);
// Metres per pixel at the equator for 256-px tiles at zoom z.
double resolution(int z);

bool valid_tile(int z, int x, int y);
// TMS row (y from the south), as MBTiles stores it.
inline int tms_row(int z, int y) { return (1 << z) - 1 - y; }

}  // namespace rxmap::tiles
