#pragma once
// `rxmap seed`: render tiles ahead into MBTiles or a z/x/y folder (tiles/seed.h).
//
//   rxmap seed --layer population [population-change/2050 ...] --zoom 0-12
//              (--bbox lon,lat,lon,lat | --pref 20 | --area polygons.gpkg) --out japan.mbtiles|dir/
//              [--threads N] [--shard i/n] [--shared-cache redis://127.0.0.1:6379]
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "catalog/layer_catalog.h"

namespace rxmap::cli {

struct SeedArgs {
    std::vector<std::string> layers;
    std::string zoom = "0-12";
    std::string bbox, pref, area, out;
    int threads = 0;
    int metatile = 8;
    std::string shard;         // "i/n": this process seeds the i-th of n disjoint parts (tiles/seed.h)
    std::string shared_cache;  // redis://…: also store the tiles in the nodes' shared cache
    std::string format = "png";  // or "mvt": a vector tile set (tiles/mvt_seed.h)
};
// Seeds every layer (with several layers, "-<layer>" goes before .mbtiles, or a
// subdirectory per layer). Stops cleanly when *stop turns true. Returns the exit code.
// Throws std::invalid_argument on bad arguments.
int run_seed(std::shared_ptr<const catalog::LayerCatalog> catalog, const SeedArgs& args, const std::atomic<bool>* stop);

}  // namespace rxmap::cli
