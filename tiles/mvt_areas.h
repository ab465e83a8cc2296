#pragma once
// The areas a vector tile cuts from, parsed once per level (WKB -> OGR) with their envelopes, so
// that a tile looks only at the areas its square touches and never parses a geometry again.
#include <vector>

#include "catalog/layer_catalog.h"
#include "layers/area.h"
#include "layers/geometry.h"

namespace rxmap::tiles {

struct MvtArea {
    const data::Area* area = nullptr;
    data::GeometryPtr full;  // Area::wkb
    data::GeometryPtr low;   // Area::wkb_low (the import's copy for zooms up to kLowBandMaxZoom), or null
    OGREnvelope envelope;
    // The geometry to cut at zoom z: the low-zoom copy where there is one, as the PNG draws.
    const OGRGeometry& at_zoom(int z) const { return z <= data::kLowBandMaxZoom && low ? *low : *full; }
};

using MvtAreas = std::vector<MvtArea>;

// The areas of a level (merged areas in place of their members when asked), kept by the catalogue.
const MvtAreas& mvt_areas(const catalog::LayerCatalog& catalog, data::Level level, bool merged_areas);

}  // namespace rxmap::tiles
