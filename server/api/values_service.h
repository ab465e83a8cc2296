#pragma once
// GET /api/values/{layer…}?format=csv|xlsx|geojson[&pref=20]: every value behind a map
// variant, to take away: code, name, prefecture, value, class, the numbers the value is
// computed from, unit and the credit lines, one row per area (only one prefecture's with
// pref=, a code "20" or a name "長野県"). Written through GDAL/OGR drivers: CSV in UTF-8 with
// a BOM (so that Excel reads the Japanese), XLSX, and GeoJSON (RFC 7946, lon/lat) with
// the areas' boundaries.
//
// Exports have a budget of their own (export_budget.h: their own threads, at most so
// many at once and per client, 503 + Retry-After beyond) and are built once per data
// and cartography version and parameters, then kept (export_cache.h). Each answer
// carries an ETag known before the export is built (a 304 costs nothing), and a gzip
// copy made once on the export thread for clients that accept it (CSV, GeoJSON).
#include <memory>
#include <string>

#include "server/api/export_budget.h"
#include "server/api/export_cache.h"
#include "server/http/service.h"
#include "catalog/layer_catalog.h"

namespace rxmap::server {

struct ValuesServiceOptions {
    std::shared_ptr<ExportBudget> budget;  // null: one of its own with the defaults
    std::shared_ptr<ExportCache> cache;    // null: 256 MiB in memory only
    int max_age_seconds = 300;
};

class ValuesService : public Service {
public:
    explicit ValuesService(std::shared_ptr<const catalog::LayerCatalog> catalog, ValuesServiceOptions options = {});
    ~ValuesService() override;
    std::string_view name() const override { return "values"; }
    Route route() const override { return Route{"/api/values/"}; }
    Reply handle(const Request& request) override;

private:
    struct Versions;  // of what each variant's export shows (data, classes, labels)
    struct Run;       // one request past the I/O thread

    std::shared_ptr<const catalog::LayerCatalog> catalog_;
    ValuesServiceOptions options_;
    std::shared_ptr<Versions> versions_;
};

// rxmap_export_* (Prometheus text): builds admitted and refused, cache hits, bytes held,
// corrupt files, write failures.
std::string export_metrics_text(const ExportBudget& budget, const ExportCache& cache);

}  // namespace rxmap::server
