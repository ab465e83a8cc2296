#pragma once
// GET /api/facilities[?sample=outside-three-metro]: each facility's presence model —
// the populations at which the probability reaches 50 % and 80 %, the fit's sample
// size and status — with MLIT's published reference points.
#include <memory>

#include "server/http/service.h"
#include "catalog/layer_catalog.h"

namespace rxmap::server {

class FacilitiesService : public Service {
public:
    explicit FacilitiesService(std::shared_ptr<const catalog::LayerCatalog> catalog) : catalog_(std::move(catalog)) {}
    std::string_view name() const override { return "facilities"; }
    Route route() const override { return Route{"/api/facilities"}; }
    Reply handle(const Request& request) override;

private:
    std::shared_ptr<const catalog::LayerCatalog> catalog_;
};

}  // namespace rxmap::server
