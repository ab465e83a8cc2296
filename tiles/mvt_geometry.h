#pragma once
// From EPSG:3857 geometry to MVT 2.1 geometry commands of one tile: clipped to the tile and its
// buffer (GEOS through OGR), simplified for the zoom, snapped to the tile's integer grid, exterior
// rings clockwise on screen (positive area with y down), rings that collapse dropped.
#include <cstdint>
#include <utility>
#include <vector>

#include <ogr_geometry.h>

#include "layers/geometry.h"
#include "common/tile_math.h"

namespace rxmap::tiles {

constexpr int kMvtExtent = 4096;
constexpr int kMvtBuffer = 64;  // grid units around the tile (1/64 of it): outlines never end at its edge

struct TileFrame {
    Bounds bounds;    // the tile, EPSG:3857
    int extent = kMvtExtent;
    int buffer = kMvtBuffer;

    static TileFrame of(int z, int x, int y, int extent = kMvtExtent, int buffer = kMvtBuffer);
    double unit() const { return (bounds.maxx - bounds.minx) / extent; }  // metres per grid unit
    OGREnvelope buffered() const;  // the tile grown by the buffer
    // Grid coordinates (y down) of a point, unrounded.
    double gx(double x) const { return (x - bounds.minx) / unit(); }
    double gy(double y) const { return (bounds.maxy - y) / unit(); }
};

// The part of g (whose envelope is `envelope`) inside the buffered tile, simplified within
// `tolerance` metres (GEOS, topology preserving; 0: not simplified). Null when nothing is left or
// GEOS fails on it (an invalid geometry is repaired once first).
data::GeometryPtr clip_to_tile(const OGRGeometry& g, const OGREnvelope& envelope, const TileFrame& frame,
                               double tolerance);

// Commands of the polygons in g (Polygon, MultiPolygon or a collection holding them); empty when
// every ring collapsed on the grid.
std::vector<std::uint32_t> polygon_commands(const OGRGeometry& g, const TileFrame& frame);
// Commands of the line strings in g (LineString, MultiLineString or a collection holding them).
std::vector<std::uint32_t> line_commands(const OGRGeometry& g, const TileFrame& frame);
// One point; empty when it lies outside the buffered tile.
std::vector<std::uint32_t> point_commands(double x, double y, const TileFrame& frame);

}  // namespace rxmap::tiles
