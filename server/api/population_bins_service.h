#pragma once
// GET /api/population-bins?year=2050: municipalities per population class for all
// Japan and outside the 三大都市圏 — the table that goes beside a presence chart.
#include <memory>

#include "server/http/service.h"
#include "catalog/layer_catalog.h"

namespace rxmap::server {

class PopulationBinsService : public Service {
public:
    explicit PopulationBinsService(std::shared_ptr<const catalog::LayerCatalog> catalog) : catalog_(std::move(catalog)) {}
    std::string_view name() const override { return "population-bins"; }
    Route route() const override { return Route{"/api/population-bins"}; }
    Reply handle(const Request& request) override;

private:
    std::shared_ptr<const catalog::LayerCatalog> catalog_;
};

}  // namespace rxmap::server
