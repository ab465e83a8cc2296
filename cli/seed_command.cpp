#include "cli/seed_command.h"

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "cli/commands.h"
#include "cli/data_options.h"
#include "cli/memory_release.h"
#include "styles/choropleth.h"
#include "tiles/layer_router.h"
#include "tilesets/mvt_seed.h"
#include "tiles/store_factory.h"
#include "tilesets/seed.h"
#include "tiles/tile_engine.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace rxmap::cli {

using namespace rxmap::tiles;

namespace {

std::string file_safe(const std::string& variant_key) {
    std::string out = variant_key;
    for (char& c : out)
        if (c == '/') c = '-';
    return out;
}

}  // namespace

namespace {

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
        ("format", po::value(&a.format)->default_value(a.format),
         "png (rendered tiles) or mvt (MBTiles vector tile set: format pbf, vector_layers)")
        ("shared-cache", po::value(&a.shared_cache),
         "redis://host:port[/db]: also store every rendered metatile in the nodes' shared tile cache");
}

}  // namespace

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
    TileCache shared_cache;  // only the nodes' shared store: the seed keeps nothing in memory
    if (!a.shared_cache.empty()) {
        if (a.shared_cache.compare(0, 8, "redis://") != 0)
            throw std::invalid_argument("--shared-cache: expected redis://host:port, got '" + a.shared_cache + "'");
        shared_cache = make_tile_cache({a.shared_cache}, 0);
        o.cache = shared_cache.store.get();
    }

    if (a.format != "png" && a.format != "mvt") throw std::invalid_argument("--format: png or mvt");
    if (a.format == "mvt") {
        if (!a.shard.empty() || !a.shared_cache.empty())
            throw std::invalid_argument("--format mvt: no --shard or --shared-cache (one process encodes Japan in seconds)");
        for (const std::string& layer : a.layers) {
            const auto variant = catalog->resolve(layer);
            if (!variant) throw std::invalid_argument("no layer " + layer);
            o.out = a.layers.size() > 1 ? fs::path(a.out).replace_extension().string() + "-" + file_safe(variant->key()) + ".mbtiles"
                                        : a.out;
            if (seed_vector(catalog, *variant, area, o).stopped) return 130;
        }
        return 0;
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

namespace {
std::atomic<bool> g_stop_seed{false};
}

int seed_command(int argc, char** argv) {
    DataArgs d;
    SeedArgs args;
    po::options_description o("rxmap seed");
    add_data_options(o, d);
    add_seed_options(o, args);
    if (!parse_command(argc, argv, o)) return 0;
    auto catalog = load_catalog(d);
    // The seed stops between metatiles, with what it wrote whole (exit status 130).
    std::signal(SIGINT, [](int) { g_stop_seed = true; });
    std::signal(SIGTERM, [](int) { g_stop_seed = true; });
    keep_freed_memory();
    return run_seed(catalog, args, &g_stop_seed);
}

}  // namespace rxmap::cli
