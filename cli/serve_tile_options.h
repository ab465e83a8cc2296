#pragma once
// The tile options of `rxmap serve`: the engine's caches, queue and timeouts, metatile
// sizes per layer, and MBTiles files served as layers.
//
//   rxmap serve ... [--cache-dir DIR] [--memory-cache-mb 256] [--max-pending-renders 32]
//                   [--render-timeout-ms 30000] [--metatile-layer population=4 ...]
//                   [--mbtiles name=file.mbtiles ...]
#include <boost/program_options.hpp>

#include <memory>
#include <string>
#include <vector>

#include "tiles/tile_engine.h"
#include "tiles/tile_source.h"

namespace rxmap::cli {

struct ServeTileArgs {
    std::vector<std::string> metatile_layers;  // "population=4"
    std::vector<std::string> mbtiles;          // "name=path"
    std::size_t memory_cache_mb = 256;
    long render_timeout_ms = 30000;
};

void add_serve_options(boost::program_options::options_description& o, tiles::EngineOptions& engine,
                       ServeTileArgs& args);
// Fills the engine options from the parsed arguments. Throws std::invalid_argument.
void apply_serve_options(const ServeTileArgs& args, tiles::EngineOptions& engine);
// The engine, and every --mbtiles file as a layer of its name, behind one TileSource.
std::shared_ptr<tiles::TileSource> serve_tile_source(std::shared_ptr<tiles::TileEngine> engine,
                                                     const ServeTileArgs& args);

}  // namespace rxmap::cli
