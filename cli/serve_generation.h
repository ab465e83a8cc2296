#pragma once
// One generation of what `rxmap serve` answers from: a catalogue, the tile engine that
// renders it and the services that read them. A reload loads a whole new generation
// beside the one serving and swaps it in at once (HttpServer::replace_services), so no
// request sees half of one and half of the other; tile keys carry the data version, so
// no cache answers a new generation with an old generation's tiles.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cli/data_options.h"
#include "cli/serve_tile_options.h"
#include "layers/postgis_store.h"
#include "server/http/http_server.h"
#include "server/http/service.h"
#include "server/api/values_service.h"
#include "server/api/tile_service.h"
#include "catalog/layer_catalog.h"
#include "tiles/redis_store.h"
#include "tiles/tile_engine.h"

namespace rxmap::cli {

struct Generation {
    std::shared_ptr<const catalog::LayerCatalog> catalog;
    std::shared_ptr<tiles::TileEngine> engine;
    std::vector<std::shared_ptr<server::Service>> services;
    data::PgCurrent db_current;  // with --db: the schema it reads
    std::string data_version;      // tiles::data_version of its atlas: the first part of every tile key
    int number = 1;                // 1 for the first, then one more per reload
};

// What every generation is built with (the options of `rxmap serve`).
struct ServeSetup {
    DataArgs data;
    tiles::EngineOptions engine;  // engine.store is shared by the generations
    ServeTileArgs tile_args;
    server::TileServiceOptions tile_options;
    std::string web_root = "web/dist";
    int db_connections = 10;
    std::shared_ptr<tiles::RedisStore> shared_cache;
    // Exports (/api/values): their budget and the copies kept, shared by the generations
    // (an export's key carries its data version).
    server::ExportBudgetOptions export_budget;
    std::size_t export_cache_mb = 256;
    std::shared_ptr<server::ExportBudget> exports;
    std::shared_ptr<server::ExportCache> export_cache;
};

// Loads the catalogue (load_catalog) and builds the engine and every service of `rxmap
// serve` on it; `more_metrics` is appended to /metrics. Throws like load_catalog.
std::shared_ptr<Generation> load_generation(const ServeSetup& setup, server::HttpServer& http,
                                            std::function<std::string()> more_metrics);

}  // namespace rxmap::cli
