#pragma once
// The tile options and subcommands of the `rxmap` command (server/rxmap_main.cpp
// parses the data options and loads the catalog; these do the rest):
//
//   rxmap serve ... [--cache-dir DIR] [--memory-cache-mb 256] [--max-pending-renders 32]
//                   [--render-timeout-ms 30000] [--metatile-layer population=4 ...]
//                   [--mbtiles name=file.mbtiles ...]
//   rxmap seed --layer population [population-change/2050 ...] --zoom 0-12
//              (--bbox lon,lat,lon,lat | --pref 20 | --area polygons.gpkg) --out japan.mbtiles|dir/
//              [--threads N] [--shard i/n] [--shared-cache redis://127.0.0.1:6379]
//   rxmap export-style --layer population --out DIR
#include <boost/program_options.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "catalog/layer_catalog.h"
#include "tiles/tile_engine.h"
#include "tiles/tile_source.h"

namespace rxmap::tiles {

struct ServeTileArgs {
    std::vector<std::string> metatile_layers;  // "population=4"
    std::vector<std::string> mbtiles;          // "name=path"
    std::size_t memory_cache_mb = 256;
    long render_timeout_ms = 30000;
};

void add_serve_options(boost::program_options::options_description& o, EngineOptions& engine, ServeTileArgs& args);
// Fills the engine options from the parsed arguments. Throws std::invalid_argument.
void apply_serve_options(const ServeTileArgs& args, EngineOptions& engine);
// The engine, and every --mbtiles file as a layer of its name, behind one TileSource.
std::shared_ptr<TileSource> serve_tile_source(std::shared_ptr<TileEngine> engine, const ServeTileArgs& args);

struct SeedArgs {
    std::vector<std::string> layers;
    std::string zoom = "0-12";
    std::string bbox, pref, area, out;
    int threads = 0;
    int metatile = 8;
    std::string shard;         // "i/n": this process seeds the i-th of n disjoint parts (tiles/seed.h)
    std::string shared_cache;  // redis://…: also store the tiles in the nodes' shared cache
};
void add_seed_options(boost::program_options::options_description& o, SeedArgs& args);
// Seeds every layer (with several layers, "-<layer>" goes before .mbtiles, or a
// subdirectory per layer). Stops cleanly when *stop turns true. Returns the exit code.
int run_seed(std::shared_ptr<const catalog::LayerCatalog> catalog, const SeedArgs& args, const std::atomic<bool>* stop);

struct ExportStyleArgs {
    std::string layer = "population";
    std::string out;
};
void add_export_style_options(boost::program_options::options_description& o, ExportStyleArgs& args);
int run_export_style(const catalog::LayerCatalog& catalog, const ExportStyleArgs& args);

}  // namespace rxmap::tiles
