#pragma once
// The version part of tile keys (TileKey::version): it changes whenever what a
// tile shows could change, so stores never serve stale tiles and nobody has to
// delete them.
#include <string>

#include "layers/atlas.h"
#include "styles/choropleth.h"
#include "catalog/layer_catalog.h"

namespace rxmap::tiles {

// Bumped when the renderer's output changes for the same style (encoding, metatile slicing).
constexpr const char* kRenderVersion = "agg-png8:m=h:z=1/v1";

// Of the atlas fingerprint (boundaries and imported statistics): 16 hex digits.
std::string data_version(const data::Atlas& atlas);

// Of the variant's cartography: the Mapnik style XML, the class edges and colours,
// the class of every area in that year (covers a layer's own CSV data), the year,
// the level and the metatile size (label placement depends on it): 16 hex digits.
std::string style_version(const styles::Choropleth& choropleth, int year, const data::Atlas& atlas, int metatile);

// "<data_version>-<style_version>"
std::string tile_version(const styles::Choropleth& choropleth, int year, const data::Atlas& atlas, int metatile);
// The same for any variant; a flow map's style version covers the flows it draws, their classes and
// colours, and its Mapnik style (names, arrowheads).
std::string tile_version(const catalog::Variant& variant, const catalog::LayerCatalog& catalog, int metatile);

}  // namespace rxmap::tiles
