#pragma once
// One Mapbox Vector Tile (2.1, extent 4096) of a layer variant, from the same atlas, classes and
// colours as its PNG tiles:
//   areas       polygons; id = the 5-digit area code as an integer (MapLibre's feature-state);
//               code, name, prefecture, value (absent: no data), class (-1: no data), class_label
//   prefectures prefecture outlines (polygons; code, name), under choropleths of finer levels
//   labels      label points; code, name (the map label), kind (area | prefecture), population
//   flows       flow variants: arcs as the PNG draws them; origin, destination (codes), their
//               names, count, class, width (px)
//   anchors     flow variants: the anchors; code, name
#include <string>

#include "catalog/layer_catalog.h"

namespace rxmap::tiles {

constexpr const char* kMvtContentType = "application/vnd.mapbox-vector-tile";
// Bumped when the encoding changes for the same data and classes (part of the cache keys).
constexpr const char* kMvtVersion = "mvt2.1-4096-b64/v1";

// The tile's bytes (uncompressed protobuf). Throws std::invalid_argument for a variant without values.
std::string vector_tile(const catalog::LayerCatalog& catalog, const catalog::Variant& variant, int z, int x, int y);

// TileJSON's "vector_layers" array of the variant's tiles (id, description, fields, minzoom, maxzoom).
std::string vector_layers_json(const catalog::Variant& variant);

}  // namespace rxmap::tiles
