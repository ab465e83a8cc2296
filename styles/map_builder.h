#pragma once
// A ready-to-render mapnik::Map for one choropleth. Each Map owns its own
// datasources: a Map must not be rendered from two threads at once, and copies share datasources.
#include <memory>

#include <mapnik/map.hpp>

#include "layers/atlas.h"
#include "styles/choropleth.h"
#include "styles/layer_catalog.h"

namespace rxmap::styles {

// Registers Mapnik's input plugins and the Noto CJK fonts. Call once, before any thread renders.
void register_mapnik_resources();
// An SVG arrowhead (pointing right, +x) for flow maps, written once to a temporary folder.
const std::string& arrowhead_marker_path();

std::unique_ptr<mapnik::Map> build_map(const Choropleth& choropleth, int year, const layers::Atlas& atlas);

// The Map of any variant: a choropleth, or a flow map (transparent, to lay over a choropleth).
std::unique_ptr<mapnik::Map> build_variant_map(const Variant& variant, const LayerCatalog& catalog);

}  // namespace rxmap::styles
