#pragma once
// Mapnik layers over features held in memory (areas, labels, flows, print
// overlays): built from the atlas rather than read from files.
#include <mapnik/datasource.hpp>
#include <mapnik/geometry.hpp>
#include <mapnik/layer.hpp>
#include <mapnik/memory_datasource.hpp>

#include <initializer_list>
#include <memory>
#include <string>

namespace rxmap::styles {

// An empty datasource of type "memory"; push features into it. It answers a query with the same
// features in the same order as mapnik::memory_datasource, but from envelopes computed once:
// Mapnik's computes every feature's envelope (all its vertices) for every query, which was ~8 %
// of a cold seed's CPU.
std::shared_ptr<mapnik::memory_datasource> new_memory_datasource();

// A geometry from WKB (data::Area::wkb and friends).
mapnik::geometry::geometry<double> geometry_from_wkb(const std::string& wkb);

// A layer in EPSG:3857 drawing ds with these styles, in order.
mapnik::layer map_layer(const std::string& name, mapnik::datasource_ptr ds, std::initializer_list<const char*> styles);

}  // namespace rxmap::styles
