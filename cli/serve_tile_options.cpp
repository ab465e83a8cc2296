#include "cli/serve_tile_options.h"

#include <map>
#include <stdexcept>

#include "tiles/layer_router.h"
#include "tilesets/mbtiles.h"

namespace po = boost::program_options;

namespace rxmap::cli {

using namespace rxmap::tiles;

namespace {

std::pair<std::string, std::string> split_pair(const std::string& s, const char* what) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == s.size())
        throw std::invalid_argument(std::string(what) + ": expected NAME=VALUE, got '" + s + "'");
    return {s.substr(0, eq), s.substr(eq + 1)};
}

}  // namespace

void add_serve_options(po::options_description& o, EngineOptions& engine, ServeTileArgs& args) {
    o.add_options()
        ("cache-dir", po::value(&engine.cache_dir)->default_value(""),
         "keep rendered tiles on disk here too (survives restarts); default: memory only")
        ("memory-cache-mb", po::value(&args.memory_cache_mb)->default_value(args.memory_cache_mb),
         "memory tile cache budget (MiB)")
        ("max-pending-renders", po::value(&engine.max_pending_renders)->default_value(engine.max_pending_renders),
         "metatiles queued or rendering beyond which tile requests get 503")
        ("render-timeout-ms", po::value(&args.render_timeout_ms)->default_value(args.render_timeout_ms),
         "a tile request is answered within this of its arrival, queued plus rendering (then 503; the render "
         "finishes and is stored)")
        ("client-render-rate", po::value(&engine.client_render_rate)->default_value(engine.client_render_rate),
         "renders one client may start per second, after its burst (0 = no per-client limit)")
        ("max-idle-maps", po::value(&engine.max_idle_maps)->default_value(engine.max_idle_maps),
         "Mapnik maps kept between renders, across all layers (each ~0.1 MiB: a level's geometry is shared)")
        ("client-render-burst", po::value(&engine.client_render_burst)->default_value(engine.client_render_burst),
         "renders one client may start at once")
        ("metatile-layer", po::value(&args.metatile_layers)->multitoken(),
         "metatile size of one layer: LAYER=N (layer id or variant key), repeatable")
        ("mbtiles", po::value(&args.mbtiles)->multitoken(), "serve an MBTiles file as a layer: NAME=FILE, repeatable");
}

void apply_serve_options(const ServeTileArgs& args, EngineOptions& engine) {
    engine.memory_cache_bytes = args.memory_cache_mb << 20;
    engine.render_timeout = std::chrono::milliseconds(args.render_timeout_ms);
    for (const std::string& s : args.metatile_layers) {
        auto [layer, size] = split_pair(s, "--metatile-layer");
        engine.layer_metatile_sizes[layer] = std::stoi(size);
    }
}

std::shared_ptr<TileSource> serve_tile_source(std::shared_ptr<TileEngine> engine, const ServeTileArgs& args) {
    if (args.mbtiles.empty()) return engine;
    std::map<std::string, std::string> files;
    for (const std::string& s : args.mbtiles) files.insert(split_pair(s, "--mbtiles"));
    auto mbtiles = std::make_shared<MbtilesSource>(files);
    auto router = std::make_shared<LayerRouter>(engine);
    for (const auto& [name, path] : files) router->add(name, mbtiles);
    return router;
}

}  // namespace rxmap::cli
