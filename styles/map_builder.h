#pragma once
// A ready-to-render mapnik::Map for one choropleth. Each Map owns its own
// datasources: a Map must not be rendered from two threads at once, and copies share datasources.
#include <memory>

#include <mapnik/map.hpp>

#include "layers/atlas.h"
#include "styles/choropleth.h"

namespace rxmap::styles {

// Registers Mapnik's input plugins and the Noto CJK fonts. Call once, before any thread renders.
void register_mapnik_resources();

std::unique_ptr<mapnik::Map> build_map(const Choropleth& choropleth, int year, const layers::Atlas& atlas);

}  // namespace rxmap::styles
