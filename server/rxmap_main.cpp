// rxmap: import the published statistics, then serve them as map tiles.
//
//   rxmap import --raw data/local/raw --store data/local/store/rxmap.gpkg [--force]
//   rxmap serve  --raw data/local/raw --store data/local/store/rxmap.gpkg [--port 8080]
//   rxmap import --db postgresql://rxmap@127.0.0.1:5432/rxmap     (the atlas into PostGIS)
//   rxmap serve  --db postgresql://… --shared-cache redis://127.0.0.1:6379 --port 8081   (one node of several)
#include <boost/program_options.hpp>

#include <csignal>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

#include "layers/boundaries.h"
#include "layers/import.h"
#include "layers/store.h"
#include "server/catalog_service.h"
#include "server/facilities_service.h"
#include "server/health_service.h"
#include "server/info_service.h"
#include "server/legend_service.h"
#include "server/population_bins_service.h"
#include "server/print_service.h"
#include "server/rank_service.h"
#include "server/search_service.h"
#include "server/static_service.h"
#include "server/http_server.h"
#include "server/tile_service.h"
#include "server/metrics_service.h"
#include "server/ready_service.h"
#include "server/tilejson_service.h"
#include "server/values_service.h"
#include "server/wmts_service.h"
#include "layers/manifest.h"
#include "catalog/load_catalog.h"
#include "styles/palette.h"
#include "tiles/commands.h"
#include "tiles/composite_store.h"
#include "tiles/memory_store.h"
#include "tiles/redis_store.h"
#include "tiles/tile_engine.h"
#include "layers/postgis_store.h"
#include "styles/postgis_map.h"

namespace po = boost::program_options;
using namespace rxmap;

namespace {

struct DataArgs {
    std::string raw = "data/local/raw";
    std::string store = "data/local/store/rxmap.gpkg";
    std::string manifest = "data/manifest.tsv";
    std::vector<std::string> layer_files{"styles/layers.conf"};
    bool force = false;
    std::string db;                  // PostgreSQL/PostGIS URL: the atlas lives there (layers/postgis_store.h)
    std::string db_prefix = "rxmap";  // its pointer table and schemas
    // Boundaries of your own instead of raw/boundaries/n03-2021 (layers/boundaries.h).
    std::vector<std::string> boundaries;
    layers::BoundaryOptions boundary_options;
};

// The options that choose the sources: an import stores them with the atlas, later starts without
// --boundaries reuse them (so `rxmap serve` reads the boundaries `rxmap import --boundaries` took).
void add_source_options(po::options_description& o, DataArgs& d) {
    layers::BoundaryFields& f = d.boundary_options.fields;
    o.add_options()
        ("boundaries", po::value(&d.boundaries)->multitoken(),
         "boundary files or folders (Shapefile, GeoPackage, GeoJSON, FlatGeobuf, ...) or a PostGIS table "
         "('PG:dbname=gis tables=public.n03'); default: the N03 2021 files in --raw")
        ("code-field", po::value(&f.code)->default_value(f.code), "boundary field with the 5-digit municipality code")
        ("name-field", po::value(&f.name)->default_value(f.name), "boundary field with the municipality (or ward) name")
        ("pref-field", po::value(&f.prefecture)->default_value(f.prefecture), "boundary field with the prefecture name")
        ("city-field", po::value(&f.city)->default_value(f.city), "boundary field with the county or designated city")
        ("encoding", po::value(&d.boundary_options.encoding),
         "attribute encoding of Shapefiles without a .cpg (CP932 for MLIT's N03 Shapefiles)")
        ("source-crs", po::value(&d.boundary_options.source_crs),
         "CRS of the boundaries when the source declares none or a wrong one (EPSG:6676)");
}

// The source options as stored with the atlas: one token a line, paths made absolute.
std::string source_args(const DataArgs& d) {
    if (d.boundaries.empty()) return {};
    std::string out = "--boundaries\n";
    for (const std::string& b : d.boundaries)
        out += (b.rfind("PG:", 0) == 0 ? b : std::filesystem::absolute(b).string()) + '\n';
    const auto& o = d.boundary_options;
    for (const auto& [option, value] : {std::pair{"--code-field", o.fields.code}, {"--name-field", o.fields.name},
                                        {"--pref-field", o.fields.prefecture}, {"--city-field", o.fields.city},
                                        {"--encoding", o.encoding}, {"--source-crs", o.source_crs}})
        if (!value.empty()) out += std::string(option) + '\n' + value + '\n';
    return out;
}

void reuse_source_args(DataArgs& d, const std::string& stored) {
    std::vector<std::string> tokens;
    std::istringstream lines(stored);
    for (std::string line; std::getline(lines, line);) tokens.push_back(line);
    po::options_description o;
    add_source_options(o, d);
    po::variables_map vm;
    po::store(po::command_line_parser(tokens).options(o).run(), vm);
    po::notify(vm);
}

void add_data_options(po::options_description& o, DataArgs& d) {
    o.add_options()
        ("raw", po::value(&d.raw)->default_value(d.raw), "folder filled by data/fetch.sh")
        ("store", po::value(&d.store)->default_value(d.store), "imported store (GeoPackage), rebuilt when inputs change")
        ("force", po::bool_switch(&d.force), "re-import even when the store is current")
        ("db", po::value(&d.db),
         "PostgreSQL/PostGIS URL (postgresql://user@127.0.0.1:5432/rxmap): import writes the atlas there, "
         "the other commands read it from there (and serve renders through Mapnik's postgis plugin)")
        ("db-prefix", po::value(&d.db_prefix)->default_value(d.db_prefix),
         "with --db: pointer table <prefix>_current and schemas <prefix>_*")
        ("manifest", po::value(&d.manifest)->default_value(d.manifest), "dataset manifest (credit lines)")
        ("layers", po::value(&d.layer_files)->multitoken()->default_value(d.layer_files, "styles/layers.conf"),
         "layer configuration files");
    add_source_options(o, d);
}

// import: sources -> GeoPackage store (-> the database with --db); other commands read the
// store (imported when the inputs changed), or with --db the database's current atlas.
layers::Atlas load_atlas(const DataArgs& d, bool importing = false, layers::PgCurrent* current = nullptr) {
    const std::string store = d.store.size() > 5 && d.store.substr(d.store.size() - 5) == ".gpkg"
                                  ? d.store
                                  : d.store + "/rxmap.gpkg";  // a folder was given
    DataArgs chosen = d;
    if (!importing && d.boundaries.empty()) {
        const std::string stored = layers::read_store_meta(store, "source_args");
        if (!stored.empty()) {
            reuse_source_args(chosen, stored);
            std::cerr << "sources as imported: " << chosen.boundary_options.describe() << '\n';
        }
    }
    auto sources = layers::SourceFiles::in_raw_dir(d.raw);
    if (!chosen.boundaries.empty()) sources.boundaries = chosen.boundaries;
    sources.boundary_options = chosen.boundary_options;
    sources.source_args = source_args(chosen);
    if (d.db.empty()) return layers::load_or_import(sources, store, std::cerr, d.force);
    const layers::PgLocation db{d.db, d.db_prefix};
    if (importing) return layers::pg_load_or_import(sources, store, db, std::cerr, d.force);
    const auto start = std::chrono::steady_clock::now();
    layers::PgCurrent cur;
    layers::Atlas atlas = layers::pg_read_atlas(db, &cur);
    std::cerr << "database: read schema " << cur.schema << " (" << cur.fingerprint << ", imported " << cur.imported_at
              << ") in " << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s\n";
    if (current) *current = cur;
    return atlas;
}

// The atlas with every configured layer's data, and the catalog of those layers.
std::shared_ptr<const catalog::LayerCatalog> load_catalog(const DataArgs& d, layers::PgCurrent* current = nullptr) {
    return catalog::load_catalog(load_atlas(d, false, current),
                                 {d.layer_files, d.raw + "/facts", styles::palette_rules()},
                                 layers::Manifest::read(d.manifest), std::cerr);
}

bool parse(int argc, char** argv, po::options_description& o) {
    po::variables_map vm;
    o.add_options()("help,h", "this help");
    po::store(po::parse_command_line(argc, argv, o), vm);
    if (vm.count("help")) {
        std::cout << o << '\n';
        return false;
    }
    po::notify(vm);
    return true;
}

int cmd_import(int argc, char** argv) {
    DataArgs d;
    po::options_description o("rxmap import");
    add_data_options(o, d);
    if (!parse(argc, argv, o)) return 0;
    load_atlas(d, true);
    return 0;
}

std::atomic<bool> g_stop{false};

int cmd_serve(int argc, char** argv) {
    DataArgs d;
    server::ServerOptions options;
    int port = 8080;
    int threads = 0;
    tiles::EngineOptions engine_options;
    server::TileServiceOptions tile_options;
    std::string web_root = "web/dist";
    po::options_description o("rxmap serve");
    add_data_options(o, d);
    o.add_options()
        ("max-age", po::value(&tile_options.max_age_seconds)->default_value(tile_options.max_age_seconds),
         "Cache-Control max-age of tiles, in seconds")
        ("cors-origin", po::value(&options.cors_allow_origin)->default_value(options.cors_allow_origin),
         "origins that may read the answers: '*', a comma-separated list, or '' for no CORS")
        ("public-url", po::value(&options.public_url), "base of absolute URLs in TileJSON and WMTS (default: http://<Host>)")
        ("port", po::value(&port)->default_value(port), "TCP port (0 = any free port)")
        ("address", po::value(&options.address)->default_value(options.address), "address to listen on")
        ("max-connections", po::value(&options.max_connections)->default_value(options.max_connections),
         "open connections; at the cap the longest-idle one is closed for a new client")
        ("max-client-connections",
         po::value(&options.max_client_connections)->default_value(options.max_client_connections),
         "open connections of one client address (0 = no limit; trusted proxies are exempt)")
        ("trusted-proxy", po::value(&options.trusted_proxies)->default_value(options.trusted_proxies),
         "addresses (comma-separated) whose X-Forwarded-For names the client, e.g. 127.0.0.1 behind nginx")
        ("threads", po::value(&threads)->default_value(0), "render threads (0 = one per core)")
        ("metatile", po::value(&engine_options.metatile_size)->default_value(engine_options.metatile_size),
         "tiles per side rendered in one pass")
        ("web-root", po::value(&web_root)->default_value(web_root), "map viewer files (built by web/: npm run build)");
    tiles::ServeTileArgs tile_args;
    tiles::add_serve_options(o, engine_options, tile_args);
    std::string shared_cache;
    int db_connections = 10;
    o.add_options()
        ("shared-cache", po::value(&shared_cache),
         "redis://host:port[/db][?prefix=rxmap:]: a tile cache shared by every node, behind this node's memory cache "
         "(tolerates Redis being down)")
        ("db-connections", po::value(&db_connections)->default_value(db_connections),
         "with --db: Mapnik's PostGIS connection pool size");
    if (!parse(argc, argv, o)) return 0;
    tiles::apply_serve_options(tile_args, engine_options);

    const auto start = std::chrono::steady_clock::now();
    layers::PgCurrent current;
    auto catalog = load_catalog(d, &current);
    if (!d.db.empty()) {
        // Choropleths render from PostGIS (the schema the atlas came from); flow maps from memory.
        const styles::PostgisMapSource source{layers::pg_connection(d.db), current.schema, db_connections};
        engine_options.map_factory = [source](const catalog::Variant& v, const catalog::LayerCatalog& c) {
            return styles::build_postgis_variant_map(v, c, source);
        };
    }
    std::shared_ptr<tiles::RedisStore> shared;
    if (!shared_cache.empty()) {
        if (!engine_options.cache_dir.empty()) throw std::invalid_argument("--shared-cache and --cache-dir: choose one");
        shared = std::make_shared<tiles::RedisStore>(tiles::parse_redis_url(shared_cache));
        engine_options.store = std::make_shared<tiles::CompositeStore>(
            std::make_shared<tiles::MemoryStore>(engine_options.memory_cache_bytes), shared);
    }
    auto engine = std::make_shared<tiles::TileEngine>(catalog, engine_options);
    auto tile_source = tiles::serve_tile_source(engine, tile_args);
    options.port = static_cast<std::uint16_t>(port);
    options.worker_threads = threads;
    server::HttpServer http(options, {std::make_shared<server::TileService>(tile_source, tile_options),
                                      std::make_shared<server::HealthService>(),
                                      std::make_shared<server::TileJsonService>(catalog),
                                      std::make_shared<server::WmtsService>(catalog),
                                      std::make_shared<server::CatalogService>(catalog),
                                      std::make_shared<server::LegendService>(catalog),
                                      std::make_shared<server::InfoService>(catalog),
                                      std::make_shared<server::FacilitiesService>(catalog),
                                      std::make_shared<server::PopulationBinsService>(catalog),
                                      std::make_shared<server::SearchService>(catalog),
                                      std::make_shared<server::RankService>(catalog),
                                      std::make_shared<server::ValuesService>(catalog),
                                      std::make_shared<server::PrintService>(catalog),
                                      std::make_shared<server::StaticService>(web_root)});
    http.add_service(std::make_shared<server::ReadyService>(http));
    http.add_service(std::make_shared<server::MetricsService>(
        http, std::make_shared<server::TextMetrics>([engine, shared] {
            return engine->prometheus_text() + (shared ? shared->prometheus_text() : std::string());
        })));
    const auto bound = http.start();
    http.set_ready(true);  // the catalog is loaded: /readyz answers 200 from here on
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << "rxmap serving on http://" << options.address << ':' << bound << "/ (ready in " << seconds
              << " s); try /tiles/population/5/28/12.png\n";

    std::signal(SIGINT, [](int) { g_stop = true; });
    std::signal(SIGTERM, [](int) { g_stop = true; });
    while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    // Graceful stop: not ready any more; queued renders answer 503 at once; running renders
    // finish (and are stored); the answers of every job in flight are written before the
    // I/O threads stop.
    std::cerr << "rxmap: stopping\n";
    http.set_ready(false);
    engine->begin_shutdown();
    const auto drain_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (http.pending_answers() > 0 && std::chrono::steady_clock::now() < drain_deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the last answers' writes
    http.stop();
    return 0;
}

int cmd_seed(int argc, char** argv) {
    DataArgs d;
    tiles::SeedArgs args;
    po::options_description o("rxmap seed");
    add_data_options(o, d);
    tiles::add_seed_options(o, args);
    if (!parse(argc, argv, o)) return 0;
    auto catalog = load_catalog(d);
    std::signal(SIGINT, [](int) { g_stop = true; });
    std::signal(SIGTERM, [](int) { g_stop = true; });
    return tiles::run_seed(catalog, args, &g_stop);
}

int cmd_export_style(int argc, char** argv) {
    DataArgs d;
    tiles::ExportStyleArgs args;
    po::options_description o("rxmap export-style");
    add_data_options(o, d);
    tiles::add_export_style_options(o, args);
    if (!parse(argc, argv, o)) return 0;
    return tiles::run_export_style(*load_catalog(d), args);
}

int cmd_render(int argc, char** argv) {
    DataArgs d;
    server::RenderArgs args;
    po::options_description o("rxmap render");
    add_data_options(o, d);
    server::add_render_options(o, args);
    if (!parse(argc, argv, o)) return 0;
    return server::run_render(args, [&] { return load_catalog(d); });
}

}  // namespace

int main(int argc, char** argv) {
    const std::string usage = "usage: rxmap import|serve|seed|export-style|render [options]   (rxmap <command> --help)\n";
    if (argc < 2) {
        std::cerr << usage;
        return 2;
    }
    const std::string command = argv[1];
    try {
        if (command == "import") return cmd_import(argc - 1, argv + 1);
        if (command == "serve") return cmd_serve(argc - 1, argv + 1);
        if (command == "seed") return cmd_seed(argc - 1, argv + 1);
        if (command == "export-style") return cmd_export_style(argc - 1, argv + 1);
        if (command == "render") return cmd_render(argc - 1, argv + 1);
        std::cerr << usage;
        return 2;
    } catch (const catalog::ConfigError& e) {
        std::cerr << "rxmap: layer configuration: " << e.what() << '\n';
        return 1;
    } catch (const layers::ImportError& e) {
        std::cerr << "rxmap: import failed: " << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "rxmap: " << e.what() << '\n';
        return 1;
    }
}
