#pragma once
// GET /info/{layer…}?lon=&lat= (or ?code=20382): the area at that point (or with that code) with its name, code, value,
// class, the numbers behind the value, its prefecture's and Japan's value and,
// for layers with years, the series over every year; its label point (lon, lat) and, with
// outline=1, its simplified boundary (GeoJSON) to highlight it. For click
// pop-ups, tables and comparisons. Facility layers add the probability itself and the
// population at which it falls to 50 %. The answer is queries/info.h's, written as JSON.
#include <memory>

#include "catalog/layer_catalog.h"
#include "queries/area_finder.h"
#include "server/http/service.h"

namespace rxmap::server {

class InfoService : public Service {
public:
    explicit InfoService(std::shared_ptr<const catalog::LayerCatalog> catalog)
        : catalog_(std::move(catalog)), finder_(catalog_->atlas()) {}
    std::string_view name() const override { return "info"; }
    Route route() const override { return Route{"/info/"}; }
    Reply handle(const Request& request) override;

private:
    std::shared_ptr<const catalog::LayerCatalog> catalog_;
    queries::AreaFinder finder_;  // point indexes, built on first use per level
};

}  // namespace rxmap::server
