#include "cli/serve_generation.h"

#include "server/api/catalog_service.h"
#include "server/api/engine_metrics.h"
#include "server/api/facilities_service.h"
#include "server/api/health_service.h"
#include "server/api/info_service.h"
#include "server/api/legend_service.h"
#include "server/api/metrics_service.h"
#include "server/api/population_bins_service.h"
#include "server/api/print_service.h"
#include "server/api/rank_service.h"
#include "server/api/ready_service.h"
#include "server/api/search_service.h"
#include "server/api/static_service.h"
#include "server/api/style_service.h"
#include "server/api/tilejson_service.h"
#include "server/api/values_service.h"
#include "server/api/vector_tile_service.h"
#include "server/api/wmts_service.h"
#include "styles/postgis_map.h"
#include "tiles/tile_version.h"

namespace rxmap::cli {

std::shared_ptr<Generation> load_generation(const ServeSetup& setup, server::HttpServer& http,
                                            std::function<std::string()> more_metrics) {
    auto g = std::make_shared<Generation>();
    g->catalog = load_catalog(setup.data, &g->db_current);
    g->data_version = tiles::data_version(g->catalog->atlas());
    tiles::EngineOptions engine_options = setup.engine;
    if (!setup.data.db.empty()) {
        // Choropleths render from PostGIS (the schema the atlas came from); flow maps from memory.
        const styles::PostgisMapSource source{data::pg_connection(setup.data.db), g->db_current.schema,
                                              setup.db_connections};
        engine_options.map_factory = [source](const catalog::Variant& v, const catalog::LayerCatalog& c) {
            return styles::build_postgis_variant_map(v, c, source);
        };
    }
    g->engine = std::make_shared<tiles::TileEngine>(g->catalog, engine_options);
    const auto& catalog = g->catalog;
    g->services = {std::make_shared<server::TileService>(serve_tile_source(g->engine, setup.tile_args),
                                                         setup.tile_options),
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
                   std::make_shared<server::ValuesService>(catalog, server::ValuesServiceOptions{setup.exports, setup.export_cache}),
                   std::make_shared<server::PrintService>(catalog),
                   std::make_shared<server::StaticService>(setup.web_root),
                   std::make_shared<server::ReadyService>(http)};
    // Vector tiles share the PNGs' store (keys of their own), zoom limits and client budget.
    auto vector_tiles = std::make_shared<tiles::VectorTileSource>(
        catalog, engine_options.store ? engine_options.store : tiles::make_store(engine_options),
        tiles::VectorTileOptions{engine_options.client_render_rate, engine_options.client_render_burst});
    g->services.push_back(std::make_shared<server::StyleService>(catalog));
    for (const char* extension : {".mvt", ".pbf"})
        g->services.push_back(std::make_shared<server::VectorTileService>(
            vector_tiles, extension, setup.tile_options.max_age_seconds, setup.tile_options.retry_after_seconds));
    // The engine's counters start again with each generation (Prometheus takes them as a counter reset).
    g->services.push_back(std::make_shared<server::MetricsService>(
        http, std::make_shared<server::TextMetrics>(
                  [engine = g->engine, vector_tiles, shared = setup.shared_cache, more = std::move(more_metrics),
                   exports = setup.exports, export_cache = setup.export_cache] {
                      return engine->prometheus_text() + vector_tiles->prometheus_text() +
                             (shared ? shared->prometheus_text() : std::string()) +
                             (exports && export_cache ? server::export_metrics_text(*exports, *export_cache)
                                                      : std::string()) +
                             (more ? more() : std::string());
                  })));
    return g;
}

}  // namespace rxmap::cli
