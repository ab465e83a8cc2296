#pragma once
// Thin helpers over OGR/GEOS geometry: reprojection to Web Mercator, unions,
// WKB round trips and label points.
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <memory>
#include <string>
#include <vector>

namespace rxmap::data {

struct GeometryDeleter {
    void operator()(OGRGeometry* g) const { OGRGeometryFactory::destroyGeometry(g); }
};
using GeometryPtr = std::unique_ptr<OGRGeometry, GeometryDeleter>;

// Source CRS (or JGD2011 when the source declares none) -> EPSG:3857, lon/lat axis order.
class MercatorTransform {
public:
    explicit MercatorTransform(const OGRSpatialReference* source);
    bool apply(OGRGeometry& geometry) const;

private:
    OGRSpatialReference source_, target_;
    std::unique_ptr<OGRCoordinateTransformation> transform_;
};

GeometryPtr make_valid(const OGRGeometry& g);
// The rectangle as a polygon (seed areas, vector tile clips).
GeometryPtr rectangle(double minx, double miny, double maxx, double maxy);
// Dissolves the parts (GEOS cascaded union); always returns a MultiPolygon.
GeometryPtr union_all(std::vector<GeometryPtr> parts);
std::string to_wkb(const OGRGeometry& g);
// WKB of the geometry simplified within `tolerance` (GEOS SimplifyPreserveTopology: no ring
// collapses or self-intersections); "" when that keeps more than half the vertices (not worth a copy).
std::string simplified_wkb(const std::string& wkb, double tolerance);
GeometryPtr from_wkb(const std::string& wkb);
// A point inside the largest polygon of g (for labels).
void label_point(const OGRGeometry& g, double& x, double& y);

}  // namespace rxmap::data
