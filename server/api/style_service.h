#pragma once
// GET|HEAD under /styles/:
//   /styles/{layer…}.json         a MapLibre style (version 8) for the variant's vector tiles
//                                 (server/maplibre_style.h): a portal needs only this URL
//   /styles/{layer…}.values.json  the variant's values and classes for every year (year_values_json.h)
//   /styles/fonts/{stack}/{range}.pbf  the style's glyph URL: an empty glyph set (labels are
//                                 Japanese, drawn with the browser's CJK fonts)
// 404 for an unknown layer or path; 400 for the values of a flow layer.
#include <memory>

#include "catalog/layer_catalog.h"
#include "server/http/service.h"

namespace rxmap::server {

class StyleService : public Service {
public:
    explicit StyleService(std::shared_ptr<const catalog::LayerCatalog> catalog, int max_age_seconds = 300)
        : catalog_(std::move(catalog)), max_age_seconds_(max_age_seconds) {}
    std::string_view name() const override { return "styles"; }
    Route route() const override { return Route{"/styles/"}; }
    Reply handle(const Request& request) override;

private:
    std::shared_ptr<const catalog::LayerCatalog> catalog_;
    int max_age_seconds_;
};

}  // namespace rxmap::server
