#pragma once
// GET /info/{layer…}?lon=&lat=: the area at that point with its name, code, value,
// class, the numbers behind the value, its prefecture's and Japan's value and,
// for layers with years, the series over every year. For click pop-ups.
#include <map>
#include <memory>
#include <mutex>

#include "layers/area_index.h"
#include "server/service.h"
#include "styles/layer_catalog.h"

namespace rxmap::server {

class InfoService : public Service {
public:
    explicit InfoService(std::shared_ptr<const styles::LayerCatalog> catalog) : catalog_(std::move(catalog)) {}
    std::string_view name() const override { return "info"; }
    Route route() const override { return Route{"/info/"}; }
    Reply handle(const Request& request) override;

private:
    const layers::AreaIndex& index(layers::Level level, bool merged);
    Response answer(const styles::Variant& v, double lon, double lat);
    Response flow_answer(const styles::Variant& v, const layers::Area& prefecture);

    std::shared_ptr<const styles::LayerCatalog> catalog_;
    std::mutex mutex_;
    std::map<std::pair<layers::Level, bool>, std::unique_ptr<layers::AreaIndex>> indexes_;
};

}  // namespace rxmap::server
