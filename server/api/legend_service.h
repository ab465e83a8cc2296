#pragma once
// GET /legend/{layer…}.json: breaks, colours and labels (Japanese and English), unit, credits.
// GET /legend/{layer…}.png (?lang=en, ?scale=2): the same drawn, with the credit lines.
#include <memory>

#include "server/http/service.h"
#include "catalog/layer_catalog.h"

namespace rxmap::server {

class LegendService : public Service {
public:
    explicit LegendService(std::shared_ptr<const catalog::LayerCatalog> catalog) : catalog_(std::move(catalog)) {}
    std::string_view name() const override { return "legend"; }
    Route route() const override { return Route{"/legend/"}; }
    Reply handle(const Request& request) override;

private:
    std::shared_ptr<const catalog::LayerCatalog> catalog_;
};

}  // namespace rxmap::server
