#pragma once
// `rxmap seed --format mvt`: the vector tiles of a variant that touch an area into an MBTiles 1.3
// vector tile set: format pbf (each tile gzipped, as the spec asks), metadata json with
// vector_layers (tiles/mvt_tile.h), TMS rows, the deduplicated layout of tiles/mbtiles.h.
// Resumable like the PNG seed: a second run skips tiles present; a file of another data or class
// version is cleared first. Tiles are encoded on all cores and committed 256 at a time.
#include "catalog/layer_catalog.h"
#include "tilesets/seed.h"

namespace rxmap::tiles {

// options.out must name an .mbtiles file. Throws std::invalid_argument otherwise.
SeedResult seed_vector(const std::shared_ptr<const catalog::LayerCatalog>& catalog, const catalog::Variant& variant,
                       const SeedArea& area, const SeedOptions& options);

}  // namespace rxmap::tiles
