#pragma once
// A ready-to-render mapnik::Map for one choropleth. A Map must not be rendered from two threads at
// once; its datasources may be shared with other Maps (build_variant_map shares the geometry of
// a level's areas, kept by the catalogue) and are read concurrently.
#include <memory>
#include <utility>
#include <vector>

#include <mapnik/datasource.hpp>
#include <mapnik/map.hpp>

#include "layers/atlas.h"
#include "styles/choropleth.h"
#include "catalog/layer_catalog.h"

namespace rxmap::styles {

std::unique_ptr<mapnik::Map> build_map(const Choropleth& choropleth, int year, const data::Atlas& atlas);

// Where a Map's features come from. The default keeps them in memory (Mapnik memory
// datasources); styles/postgis_map.h reads the same features from PostGIS. Either gets
// the areas and labels in drawing order and must return them in that order.
class MapSources {
public:
    virtual ~MapSources() = default;
    // Areas with fields code (string) and class (integer, -1 for no data).
    virtual mapnik::datasource_ptr areas(const Choropleth& c, int year, const std::vector<const data::Area*>& areas) const = 0;
    // The same areas simplified for low zooms (Area::wkb_low), or nullptr: one layer for every zoom.
    virtual mapnik::datasource_ptr areas_low(const Choropleth&, int, const std::vector<const data::Area*>&) const {
        return nullptr;
    }
    // Areas drawn without their class (prefecture lines), in one band (low: nullptr when the
    // sources have no simplified copy). By default the classed areas.
    virtual mapnik::datasource_ptr outlines(const Choropleth& c, int year, const std::vector<const data::Area*>& areas,
                                            bool low) const {
        return low ? areas_low(c, year, areas) : this->areas(c, year, areas);
    }
    // Label points with fields label (string) and population (double), larger places first.
    virtual mapnik::datasource_ptr labels(const std::vector<std::pair<double, const data::Area*>>& ranked) const = 0;
};
// The same Map as build_map, with features from `sources`.
std::unique_ptr<mapnik::Map> build_map(const Choropleth& choropleth, int year, const data::Atlas& atlas,
                                       const MapSources& sources);

// The scale denominator between the zoom bands (layers/area.h): areas drawn from Area::wkb_low at
// this one and above (zoom kLowBandMaxZoom and out, 256-px tiles), from Area::wkb below it.
double low_band_scale_denominator();

// The Map of any variant: a choropleth, or a flow map (transparent, to lay over a choropleth).
std::unique_ptr<mapnik::Map> build_variant_map(const catalog::Variant& variant, const catalog::LayerCatalog& catalog);

}  // namespace rxmap::styles
