#include "tiles/commands.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "styles/choropleth.h"
#include "tiles/export_style.h"
#include "tiles/layer_router.h"
#include "tiles/mbtiles.h"
#include "tiles/redis_store.h"
#include "tiles/seed.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace rxmap::tiles {

namespace {

std::pair<std::string, std::string> split_pair(const std::string& s, const char* what) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == s.size())
        throw std::invalid_argument(std::string(what) + ": expected NAME=VALUE, got '" + s + "'");
    return {s.substr(0, eq), s.substr(eq + 1)};
}

std::string file_safe(const std::string& variant_key) {
    std::string out = variant_key;
    for (char& c : out)
        if (c == '/') c = '-';
    return out;
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
         "Mapnik maps kept between renders, across all layers (each ~9 MiB)")
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

void add_seed_options(po::options_description& o, SeedArgs& a) {
    o.add_options()
        ("layer", po::value(&a.layers)->multitoken()->required(), "layer variants: population population-change/2050 ...")
        ("zoom", po::value(&a.zoom)->default_value(a.zoom), "zooms: 0-12 or 7")
        ("bbox", po::value(&a.bbox), "area: min_lon,min_lat,max_lon,max_lat (WGS 84)")
        ("pref", po::value(&a.pref), "area: prefecture code(s): 20 or 19,20")
        ("area", po::value(&a.area), "area: polygons of any file OGR reads")
        ("out", po::value(&a.out)->required(), "japan.mbtiles (MBTiles 1.3) or dir/ (z/x/y.png)")
        ("threads", po::value(&a.threads)->default_value(0), "render threads (0 = one per core)")
        ("metatile", po::value(&a.metatile)->default_value(a.metatile), "tiles per side rendered in one pass")
        ("shard", po::value(&a.shard), "i/n: seed only the i-th (0-based) of n disjoint parts of the metatiles")
        ("shared-cache", po::value(&a.shared_cache),
         "redis://host:port[/db]: also store every rendered metatile in the nodes' shared tile cache");
}

int run_seed(std::shared_ptr<const catalog::LayerCatalog> catalog, const SeedArgs& a, const std::atomic<bool>* stop) {
    SeedOptions o;
    const auto dash = a.zoom.find('-');
    o.minzoom = std::stoi(a.zoom.substr(0, dash));
    o.maxzoom = dash == std::string::npos ? o.minzoom : std::stoi(a.zoom.substr(dash + 1));
    o.threads = a.threads;
    o.progress = ::isatty(STDOUT_FILENO);
    o.stop = stop;
    o.log = &std::cerr;

    const int given = !a.bbox.empty() + !a.pref.empty() + !a.area.empty();
    if (given != 1) throw std::invalid_argument("give one of --bbox, --pref, --area");
    SeedArea area;
    if (!a.bbox.empty()) {
        double v[4];
        char c1, c2, c3;
        std::istringstream in(a.bbox);
        if (!(in >> v[0] >> c1 >> v[1] >> c2 >> v[2] >> c3 >> v[3]) || c1 != ',' || c2 != ',' || c3 != ',')
            throw std::invalid_argument("--bbox: expected min_lon,min_lat,max_lon,max_lat");
        area = area_from_bbox(v[0], v[1], v[2], v[3]);
    } else if (!a.pref.empty()) {
        area = area_from_prefectures(catalog->atlas(), a.pref);
    } else {
        area = area_from_file(a.area);
    }

    if (!a.shard.empty()) {
        const auto slash = a.shard.find('/');
        try {
            if (slash == std::string::npos) throw std::invalid_argument(a.shard);
            size_t used_i = 0, used_n = 0;
            o.shard = std::stoi(a.shard.substr(0, slash), &used_i);
            o.shards = std::stoi(a.shard.substr(slash + 1), &used_n);
            if (used_i != slash || used_n != a.shard.size() - slash - 1) throw std::invalid_argument(a.shard);
        } catch (const std::exception&) {
            throw std::invalid_argument("--shard: expected i/n (e.g. 0/4), got '" + a.shard + "'");
        }
        if (o.shards < 1 || o.shard < 0 || o.shard >= o.shards)
            throw std::invalid_argument("--shard " + a.shard + ": need 0 <= i < n");
    }
    std::shared_ptr<RedisStore> shared_cache;
    if (!a.shared_cache.empty()) {
        shared_cache = std::make_shared<RedisStore>(parse_redis_url(a.shared_cache));
        o.cache = shared_cache.get();
    }

    EngineOptions engine_options;
    engine_options.metatile_size = a.metatile;
    engine_options.render_threads = 1;  // the seed renders on its own threads (render_now)
    engine_options.memory_cache_bytes = 1 << 20;
    TileEngine engine(catalog, engine_options);
    for (const std::string& layer : a.layers) {
        const auto variant = catalog->resolve(layer);
        if (!variant) throw std::invalid_argument("no layer " + layer);
        o.out = a.out;
        if (a.layers.size() > 1) {
            const bool directory = a.out.back() == '/' || fs::is_directory(a.out);
            if (directory) o.out = (fs::path(a.out) / file_safe(variant->key())).string() + "/";
            else o.out = fs::path(a.out).replace_extension().string() + "-" + file_safe(variant->key()) + ".mbtiles";
        }
        const SeedResult r = seed(engine, *variant, area, o);
        if (r.stopped) return 130;
    }
    return 0;
}

void add_export_style_options(po::options_description& o, ExportStyleArgs& a) {
    o.add_options()
        ("layer", po::value(&a.layer)->default_value(a.layer), "layer variant")
        ("out", po::value(&a.out)->required(), "directory for map.xml and its Shapefiles");
}

int run_export_style(const catalog::LayerCatalog& catalog, const ExportStyleArgs& a) {
    const auto variant = catalog.resolve(a.layer);
    if (!variant) throw std::invalid_argument("no layer " + a.layer);
    const std::string xml = export_style(styles::choropleth(catalog, *variant), variant->year, catalog.atlas(), a.out);
    std::cout << xml << '\n';
    return 0;
}

}  // namespace rxmap::tiles
