#pragma once
// GET /layers: every layer with its titles, unit, dimensions (years, levels),
// classification, sources and credit lines, zooms, and its URLs.
#include <memory>

#include "server/http/service.h"
#include "catalog/layer_catalog.h"

namespace rxmap::server {

class CatalogService : public Service {
public:
    explicit CatalogService(std::shared_ptr<const catalog::LayerCatalog> catalog) : catalog_(std::move(catalog)) {}
    std::string_view name() const override { return "layers"; }
    Route route() const override { return Route{"/layers"}; }
    Reply handle(const Request& request) override;

private:
    std::shared_ptr<const catalog::LayerCatalog> catalog_;
};

}  // namespace rxmap::server
