#pragma once
// GET /api/rank/{layer…}?code=20382&within=prefecture|japan|peers: where an area stands
// among others on a choropleth variant, with the whole list (code, name, prefecture, value,
// class). Without code: the list only (within=prefecture then needs pref=20 or pref=長野県). 1 is the largest value; equal values share a
// position (1, 2, 2, 4). Groups: `prefecture` (default) the areas of its prefecture,
// `japan` every area of the level, `peers` the areas (wards and municipalities only) in
// the same population class as /api/population-bins in the variant's year (2020 for
// layers without projections), e.g. 辰野町 (17,000 in 2050) among all 1–2万 municipalities.
#include <memory>

#include "server/http/service.h"
#include "catalog/layer_catalog.h"

namespace rxmap::server {

class RankService : public Service {
public:
    explicit RankService(std::shared_ptr<const catalog::LayerCatalog> catalog) : catalog_(std::move(catalog)) {}
    std::string_view name() const override { return "rank"; }
    Route route() const override { return Route{"/api/rank/"}; }
    Reply handle(const Request& request) override;

private:
    std::shared_ptr<const catalog::LayerCatalog> catalog_;
};

}  // namespace rxmap::server
