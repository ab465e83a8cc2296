#include "tiles/mvt_geometry.h"

#include <algorithm>
#include <cmath>

namespace rxmap::tiles {
namespace {

enum : std::uint32_t { kMoveTo = 1, kLineTo = 2, kClosePath = 7 };

std::uint32_t command(std::uint32_t id, std::uint32_t count) { return (id & 0x7) | (count << 3); }
std::uint32_t zigzag(std::int32_t v) {
    return (static_cast<std::uint32_t>(v) << 1) ^ static_cast<std::uint32_t>(v >> 31);
}

struct GridPoint {
    std::int32_t x, y;
    bool operator==(const GridPoint& o) const { return x == o.x && y == o.y; }
};

// The writer keeps the cursor across rings and parts: every parameter is a delta from it.
class CommandWriter {
public:
    void move_to(GridPoint p) {
        out.push_back(command(kMoveTo, 1));
        delta(p);
    }
    void line_to(const std::vector<GridPoint>& points, std::size_t from) {
        if (from >= points.size()) return;
        out.push_back(command(kLineTo, static_cast<std::uint32_t>(points.size() - from)));
        for (std::size_t i = from; i < points.size(); ++i) delta(points[i]);
    }
    void close() { out.push_back(command(kClosePath, 1)); }
    std::vector<std::uint32_t> out;

private:
    void delta(GridPoint p) {
        out.push_back(zigzag(p.x - cursor_.x));
        out.push_back(zigzag(p.y - cursor_.y));
        cursor_ = p;
    }
    GridPoint cursor_{0, 0};
};

// A curve's points on the grid, repeated points dropped.
std::vector<GridPoint> snap(const OGRSimpleCurve& c, const TileFrame& f) {
    std::vector<GridPoint> pts;
    pts.reserve(static_cast<std::size_t>(c.getNumPoints()));
    for (int i = 0; i < c.getNumPoints(); ++i) {
        const GridPoint p{static_cast<std::int32_t>(std::lround(f.gx(c.getX(i)))),
                          static_cast<std::int32_t>(std::lround(f.gy(c.getY(i))))};
        if (pts.empty() || !(pts.back() == p)) pts.push_back(p);
    }
    return pts;
}

// Twice the signed area by the surveyor's formula in grid coordinates (y down): > 0 is clockwise on screen.
long long twice_area(const std::vector<GridPoint>& ring) {
    long long a = 0;
    for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
        const GridPoint& p = ring[i];
        const GridPoint& q = ring[(i + 1) % n];
        a += static_cast<long long>(p.x) * q.y - static_cast<long long>(q.x) * p.y;
    }
    return a;
}

// Adds one ring; false when it collapsed. Exterior rings are written with positive area, holes negative.
bool add_ring(CommandWriter& w, const OGRLinearRing& ring, const TileFrame& f, bool exterior) {
    std::vector<GridPoint> pts = snap(ring, f);
    if (pts.size() > 1 && pts.front() == pts.back()) pts.pop_back();  // ClosePath closes it
    if (pts.size() < 3) return false;
    const long long area = twice_area(pts);
    if (area == 0) return false;
    if ((area > 0) != exterior) std::reverse(pts.begin(), pts.end());
    w.move_to(pts[0]);
    w.line_to(pts, 1);
    w.close();
    return true;
}

void add_polygon(CommandWriter& w, const OGRPolygon& p, const TileFrame& f) {
    const OGRLinearRing* outer = p.getExteriorRing();
    if (!outer || !add_ring(w, *outer, f, true)) return;  // a hole without its shell means nothing
    for (int i = 0; i < p.getNumInteriorRings(); ++i) add_ring(w, *p.getInteriorRing(i), f, false);
}

void add_polygons(CommandWriter& w, const OGRGeometry& g, const TileFrame& f) {
    switch (wkbFlatten(g.getGeometryType())) {
        case wkbPolygon:
            add_polygon(w, *g.toPolygon(), f);
            break;
        case wkbMultiPolygon:
        case wkbGeometryCollection:
            for (const OGRGeometry* part : *g.toGeometryCollection()) add_polygons(w, *part, f);
            break;
        default:
            break;  // points and lines left by a clip along an edge
    }
}

void add_lines(CommandWriter& w, const OGRGeometry& g, const TileFrame& f) {
    switch (wkbFlatten(g.getGeometryType())) {
        case wkbLineString: {
            const std::vector<GridPoint> pts = snap(*g.toLineString(), f);
            if (pts.size() < 2) return;
            w.move_to(pts[0]);
            w.line_to(pts, 1);
            break;
        }
        case wkbMultiLineString:
        case wkbGeometryCollection:
            for (const OGRGeometry* part : *g.toGeometryCollection()) add_lines(w, *part, f);
            break;
        default:
            break;
    }
}

bool contains(const OGREnvelope& outer, const OGREnvelope& inner) {
    return inner.MinX >= outer.MinX && inner.MaxX <= outer.MaxX && inner.MinY >= outer.MinY && inner.MaxY <= outer.MaxY;
}

}  // namespace

TileFrame TileFrame::of(int z, int x, int y, int extent, int buffer) {
    TileFrame f;
    f.bounds = tile_bounds(z, x, y);
    f.extent = extent;
    f.buffer = buffer;
    return f;
}

OGREnvelope TileFrame::buffered() const {
    const double b = buffer * unit();
    OGREnvelope e;
    e.MinX = bounds.minx - b;
    e.MinY = bounds.miny - b;
    e.MaxX = bounds.maxx + b;
    e.MaxY = bounds.maxy + b;
    return e;
}

data::GeometryPtr clip_to_tile(const OGRGeometry& g, const OGREnvelope& envelope, const TileFrame& frame,
                               double tolerance) {
    const OGREnvelope box = frame.buffered();
    if (!box.Intersects(envelope)) return nullptr;
    data::GeometryPtr clipped;
    if (contains(box, envelope)) {
        clipped.reset(g.clone());  // wholly inside: GEOS need not look at it
    } else {
        const data::GeometryPtr rect = data::rectangle(box.MinX, box.MinY, box.MaxX, box.MaxY);
        clipped.reset(g.Intersection(rect.get()));
        if (!clipped) {  // GEOS refused (self-intersection): repair once and try again
            data::GeometryPtr valid = data::make_valid(g);
            if (valid) clipped.reset(valid->Intersection(rect.get()));
        }
    }
    if (!clipped || clipped->IsEmpty()) return nullptr;
    if (tolerance > 0) {
        data::GeometryPtr simple{clipped->SimplifyPreserveTopology(tolerance)};
        if (simple && !simple->IsEmpty()) return simple;
    }
    return clipped;
}

std::vector<std::uint32_t> polygon_commands(const OGRGeometry& g, const TileFrame& frame) {
    CommandWriter w;
    add_polygons(w, g, frame);
    return std::move(w.out);
}

std::vector<std::uint32_t> line_commands(const OGRGeometry& g, const TileFrame& frame) {
    CommandWriter w;
    add_lines(w, g, frame);
    return std::move(w.out);
}

std::vector<std::uint32_t> point_commands(double x, double y, const TileFrame& frame) {
    const OGREnvelope box = frame.buffered();
    if (x < box.MinX || x > box.MaxX || y < box.MinY || y > box.MaxY) return {};
    CommandWriter w;
    w.move_to({static_cast<std::int32_t>(std::lround(frame.gx(x))), static_cast<std::int32_t>(std::lround(frame.gy(y)))});
    return std::move(w.out);
}

}  // namespace rxmap::tiles
