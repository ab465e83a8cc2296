#pragma once
// Which area lies at a point: envelopes first, then an exact point-in-polygon test (GEOS through OGR).
#include <memory>
#include <vector>

#include "layers/area.h"
#include "layers/geometry.h"

namespace rxmap::data {

class AreaIndex {
public:
    explicit AreaIndex(const std::vector<const Area*>& areas);
    // The area containing (x, y) in EPSG:3857, or nullptr (sea, or outside Japan).
    const Area* at(double x, double y) const;

private:
    struct Entry {
        const Area* area;
        OGREnvelope envelope;
        GeometryPtr geometry;
    };
    std::vector<Entry> entries_;
};

}  // namespace rxmap::data
