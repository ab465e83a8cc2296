// `rxmap serve`: the map server. Loads a Generation (catalogue, engine, services),
// serves it, reloads without downtime on SIGHUP (`rxmap import` sends it; with --db the
// PostGIS pointer is polled) and drains on SIGINT/SIGTERM (HttpServer::drain).
#include <chrono>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/data_options.h"
#include "cli/memory_release.h"
#include "cli/reloader.h"
#include "cli/serve_generation.h"
#include "cli/serve_pid_file.h"
#include "server/http/http_server.h"
#include "server/http/server_options.h"
#include "tiles/store_factory.h"

namespace po = boost::program_options;

namespace rxmap::cli {

int serve_command(int argc, char** argv) {
    ServeSetup setup;
    server::ServerOptions options;
    int port = 8080;
    int threads = 0;
    int db_poll_seconds = 30;
    po::options_description o("rxmap serve");
    add_data_options(o, setup.data);
    o.add_options()
        ("max-age", po::value(&setup.tile_options.max_age_seconds)->default_value(setup.tile_options.max_age_seconds),
         "Cache-Control max-age of tiles, in seconds")
        ("cors-origin", po::value(&options.cors_allow_origin)->default_value(options.cors_allow_origin),
         "origins that may read the answers: '*', a comma-separated list, or '' for no CORS")
        ("public-url", po::value(&options.public_url),
         "base of absolute URLs in TileJSON and WMTS (default: http://<Host>, for an allowed Host only)")
        ("allowed-hosts", po::value(&options.allowed_hosts)->default_value(options.allowed_hosts),
         "without --public-url: Host names that may go into absolute URLs (comma-separated; default: localhost, "
         "127.0.0.1, [::1] and this machine's name); other Hosts get 400 from TileJSON and WMTS")
        ("metrics-allow", po::value(&options.metrics_allow)->default_value(options.metrics_allow),
         "client addresses that may read /metrics: addresses, CIDR networks, 'loopback' (comma-separated)")
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
        ("metatile", po::value(&setup.engine.metatile_size)->default_value(setup.engine.metatile_size),
         "tiles per side rendered in one pass")
        ("web-root", po::value(&setup.web_root)->default_value(setup.web_root),
         "map viewer files (built by web/: npm run build)");
    add_serve_options(o, setup.engine, setup.tile_args);
    std::string shared_cache;
    o.add_options()
        ("shared-cache", po::value(&shared_cache),
         "redis://host:port[/db][?prefix=rxmap:]: a tile cache shared by every node, behind this node's memory cache "
         "(tolerates Redis being down)")
        ("db-connections", po::value(&setup.db_connections)->default_value(setup.db_connections),
         "with --db: Mapnik's PostGIS connection pool size")
        ("db-poll-seconds", po::value(&db_poll_seconds)->default_value(db_poll_seconds),
         "with --db: how often to look whether an import switched the pointer to a new schema, then reload "
         "(0 = only on SIGHUP)");
    server::ExportBudgetOptions& exports = setup.export_budget;
    o.add_options()
        ("export-threads", po::value(&exports.threads)->default_value(exports.threads),
         "threads that build /api/values exports (lower priority; never the worker pool of /info and legends)")
        ("max-exports", po::value(&exports.max_in_flight)->default_value(exports.max_in_flight),
         "exports queued or building at once, beyond which 503 + Retry-After")
        ("max-client-exports", po::value(&exports.max_per_client)->default_value(exports.max_per_client),
         "exports queued or building for one client address, beyond which 503 + Retry-After")
        ("export-cache-mb", po::value(&setup.export_cache_mb)->default_value(setup.export_cache_mb),
         "built exports kept in memory (MiB); with --cache-dir they are kept on disk too");
    if (!parse_command(argc, argv, o)) return 0;
    // Resident memory near what the server holds: few arenas, and freed render buffers go back to the system.
    limit_malloc_arenas();
    const MemoryReleaser memory_releaser(std::chrono::seconds(10));
    setup.exports = std::make_shared<server::ExportBudget>(setup.export_budget);
    setup.export_cache = std::make_shared<server::ExportCache>(setup.export_cache_mb << 20, setup.engine.cache_dir);
    apply_serve_options(setup.tile_args, setup.engine);
    if (!shared_cache.empty() && !setup.engine.cache_dir.empty())
        throw std::invalid_argument("--shared-cache and --cache-dir: choose one");
    // One store for every generation: a reload keeps the tiles whose keys it keeps (the
    // layers it did not change), and no key of a changed layer is ever reused.
    std::vector<std::string> cache_urls{"memory"};
    if (!setup.engine.cache_dir.empty()) cache_urls.push_back(tiles::file_store_url(setup.engine.cache_dir));
    if (!shared_cache.empty()) cache_urls.push_back(shared_cache);
    tiles::TileCache cache = tiles::make_tile_cache(cache_urls, setup.engine.memory_cache_bytes);
    setup.engine.store = cache.store;
    setup.shared_cache = cache.shared;
    options.port = static_cast<std::uint16_t>(port);
    options.worker_threads = threads;

    const auto start = std::chrono::steady_clock::now();
    server::HttpServer http(options, {});
    std::unique_ptr<Reloader> reloader;
    Reloader::Hooks hooks;
    hooks.load = [&] { return load_generation(setup, http, [&reloader] { return reloader->prometheus_text(); }); };
    hooks.install = [&http](const std::shared_ptr<Generation>& g) { http.replace_services(g->services); };
    if (!setup.data.db.empty() && db_poll_seconds > 0) {
        const data::PgLocation db{setup.data.db, setup.data.db_prefix};
        hooks.changed = [db](const Generation& g) {
            const auto now = data::pg_current(db);
            return now && now->schema != g.db_current.schema;
        };
        hooks.poll_every = std::chrono::seconds(db_poll_seconds);
    }
    reloader = std::make_unique<Reloader>(std::move(hooks));
    reloader->load_first();

    http.catch_signals({[&reloader] {
                            std::cerr << "rxmap: stopping\n";
                            // Graceful stop: not ready any more (HttpServer::drain); queued renders
                            // answer 503 at once; running renders finish (and are stored).
                            reloader->stop_reloading();
                            reloader->current()->engine->begin_shutdown();
                        },
                        [&reloader] { reloader->request(); }});
    const auto bound = http.start();
    const ServePidFile pid_file(setup.data.store_file());
    http.set_ready(true);  // the catalog is loaded: /readyz answers 200 from here on
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << "rxmap serving on http://" << options.address << ':' << bound << "/ (ready in " << seconds
              << " s); try /tiles/population/5/28/12.png\n";
    http.run();  // until SIGINT/SIGTERM, drained
    reloader->stop();
    return 0;
}

}  // namespace rxmap::cli
