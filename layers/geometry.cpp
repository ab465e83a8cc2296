#include "layers/geometry.h"

#include <ogr_api.h>

#include <stdexcept>

namespace rxmap::data {

MercatorTransform::MercatorTransform(const OGRSpatialReference* source) {
    if (source) {
        source_ = *source;
    } else {
        source_.importFromEPSG(6668);  // N03 is JGD2011 lat/lon
    }
    source_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    target_.importFromEPSG(3857);
    target_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    transform_.reset(OGRCreateCoordinateTransformation(&source_, &target_));
    if (!transform_) throw std::runtime_error("no PROJ transformation from the source CRS to EPSG:3857");
}

bool MercatorTransform::apply(OGRGeometry& geometry) const {
    return geometry.transform(transform_.get()) == OGRERR_NONE;
}

GeometryPtr make_valid(const OGRGeometry& g) {
    GeometryPtr valid(g.MakeValid());
    if (!valid) return GeometryPtr(g.clone());
    return valid;
}

GeometryPtr rectangle(double minx, double miny, double maxx, double maxy) {
    auto ring = new OGRLinearRing();
    ring->addPoint(minx, miny);
    ring->addPoint(maxx, miny);
    ring->addPoint(maxx, maxy);
    ring->addPoint(minx, maxy);
    ring->addPoint(minx, miny);
    auto polygon = new OGRPolygon();
    polygon->addRingDirectly(ring);
    return GeometryPtr(polygon);
}

namespace {

void add_polygons(const OGRGeometry& g, OGRMultiPolygon& out) {
    switch (wkbFlatten(g.getGeometryType())) {
        case wkbPolygon:
            out.addGeometry(&g);
            break;
        case wkbMultiPolygon:
        case wkbGeometryCollection:
            for (const OGRGeometry* part : *g.toGeometryCollection()) add_polygons(*part, out);
            break;
        default:
            break;  // lines and points left over by MakeValid have no area
    }
}

}  // namespace

GeometryPtr union_all(std::vector<GeometryPtr> parts) {
    auto collected = std::make_unique<OGRMultiPolygon>();
    for (const auto& p : parts) add_polygons(*p, *collected);
    GeometryPtr merged(collected->getNumGeometries() > 1 ? collected->UnionCascaded() : nullptr);
    if (!merged) merged.reset(collected.release());
    auto result = std::make_unique<OGRMultiPolygon>();
    add_polygons(*merged, *result);
    return GeometryPtr(result.release());
}

std::string to_wkb(const OGRGeometry& g) {
    std::string wkb(g.WkbSize(), '\0');
    g.exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso);
    return wkb;
}

namespace {

int vertices(const OGRGeometry& g) {
    int n = 0;
    if (wkbFlatten(g.getGeometryType()) == wkbPolygon) {
        for (const OGRLinearRing* ring : *g.toPolygon()) n += ring->getNumPoints();
    } else if (OGR_GT_IsSubClassOf(wkbFlatten(g.getGeometryType()), wkbGeometryCollection)) {
        for (const OGRGeometry* part : *g.toGeometryCollection()) n += vertices(*part);
    }
    return n;
}

}  // namespace

std::string simplified_wkb(const std::string& wkb, double tolerance) {
    const GeometryPtr full = from_wkb(wkb);
    GeometryPtr simple(full->SimplifyPreserveTopology(tolerance));
    if (!simple || simple->IsEmpty() || 2 * vertices(*simple) > vertices(*full)) return {};
    if (wkbFlatten(simple->getGeometryType()) == wkbPolygon)
        simple.reset(OGRGeometryFactory::forceToMultiPolygon(simple.release()));
    return to_wkb(*simple);
}

GeometryPtr from_wkb(const std::string& wkb) {
    OGRGeometry* g = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE || !g)
        throw std::runtime_error("corrupt WKB geometry");
    return GeometryPtr(g);
}

void label_point(const OGRGeometry& g, double& x, double& y) {
    const OGRGeometry* largest = &g;
    if (wkbFlatten(g.getGeometryType()) == wkbMultiPolygon) {
        double best = -1;
        for (const OGRPolygon* poly : *g.toMultiPolygon()) {
            const double a = poly->get_Area();
            if (a > best) {
                best = a;
                largest = poly;
            }
        }
    }
    OGRGeometryH point = OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(largest)));
    if (point) {
        x = OGR_G_GetX(point, 0);
        y = OGR_G_GetY(point, 0);
        OGR_G_DestroyGeometry(point);
        return;
    }
    OGREnvelope env;  // GEOS failed on a degenerate polygon: fall back to the box centre
    largest->getEnvelope(&env);
    x = (env.MinX + env.MaxX) / 2;
    y = (env.MinY + env.MaxY) / 2;
}

}  // namespace rxmap::data
