#pragma once
// GET /info/{layer…}?lon=&lat= (or ?code=20382): the area at that point (or with that code) with its name, code, value,
// class, the numbers behind the value, its prefecture's and Japan's value and,
// for layers with years, the series over every year; its label point (lon, lat) and, with
// outline=1, its simplified boundary (GeoJSON) to highlight it. For click
// pop-ups, tables and comparisons. Facility layers add the probability itself and the
// population at which it falls to 50 %.
#include <map>
#include <memory>
#include <mutex>

#include "layers/area_index.h"
#include "server/service.h"
#include "catalog/layer_catalog.h"

namespace rxmap::server {

class InfoService : public Service {
public:
    explicit InfoService(std::shared_ptr<const catalog::LayerCatalog> catalog) : catalog_(std::move(catalog)) {}
    std::string_view name() const override { return "info"; }
    Route route() const override { return Route{"/info/"}; }
    Reply handle(const Request& request) override;

private:
    const data::AreaIndex& index(data::Level level, bool merged);
    Response answer(const catalog::Variant& v, double lon, double lat, bool outline);
    Response answer(const catalog::Variant& v, const data::Area& area, bool outline, const std::string& asked);
    // industry-lq/*: the area's value and definition on the categorical layer that ranks this
    // layer's industry among all (industry-top), for the pop-up's top three; null when none does.
    std::optional<std::pair<const data::AreaValue*, const catalog::LayerDefinition*>> industry_ranking_of(
        const catalog::Variant& v, const std::string& code);
    Response flow_answer(const catalog::Variant& v, const data::Area& prefecture);

    std::shared_ptr<const catalog::LayerCatalog> catalog_;
    std::mutex mutex_;
    std::map<std::pair<data::Level, bool>, std::unique_ptr<data::AreaIndex>> indexes_;
};

}  // namespace rxmap::server
