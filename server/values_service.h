#pragma once
// GET /api/values/{layer…}?format=csv|xlsx|geojson[&pref=20]: every value behind a map
// variant, to take away: code, name, prefecture, value, class, the numbers the value is
// computed from, unit and the credit lines, one row per area (only one prefecture's with
// pref=, a code "20" or a name "長野県"). Written through GDAL/OGR drivers: CSV in UTF-8 with
// a BOM (so that Excel reads the Japanese), XLSX, and GeoJSON (RFC 7946, lon/lat) with
// the areas' boundaries.
#include <memory>

#include "server/service.h"
#include "catalog/layer_catalog.h"

namespace rxmap::server {

class ValuesService : public Service {
public:
    explicit ValuesService(std::shared_ptr<const catalog::LayerCatalog> catalog) : catalog_(std::move(catalog)) {}
    std::string_view name() const override { return "values"; }
    Route route() const override { return Route{"/api/values/"}; }
    Reply handle(const Request& request) override;

private:
    std::shared_ptr<const catalog::LayerCatalog> catalog_;
};

}  // namespace rxmap::server
