#pragma once
// GET|HEAD /tiles/{layer…}.json: TileJSON 3.0.0 for a layer variant, e.g.
// /tiles/population.json (default year and level), /tiles/population-change/2050.json,
// /tiles/aging/2040/prefecture.json. Route{"/tiles/", ".json"}: the router
// gives these paths to this service and every other /tiles/ path to TileService.
//
// The tile URLs are absolute (Request::base_url: --public-url or the Host
// header) and name the variant by its canonical key, so every TileJSON of one
// variant points at the same tiles. Non-standard keys: "tiles_2x" (512 px
// tiles), "tile_size", "legend" and "legend_png" (URLs), "layer", "variant",
// "name_en", "description_en". ?format=mvt answers the vector tiles' TileJSON (vector_layers).
#include <memory>
#include <string>

#include "server/http/service.h"
#include "catalog/layer_catalog.h"

namespace rxmap::server {

class TileJsonService : public Service {
public:
    explicit TileJsonService(std::shared_ptr<const catalog::LayerCatalog> catalog, int max_age_seconds = 300)
        : catalog_(std::move(catalog)), max_age_seconds_(max_age_seconds) {}
    std::string_view name() const override { return "tilejson"; }
    Route route() const override { return Route{"/tiles/", ".json"}; }
    Reply handle(const Request& request) override;

    // The document for a variant, with tile URLs under base_url (public for tests). vector: the
    // .mvt tiles with "vector_layers", "format": "pbf" and the MapLibre style's URL ("style").
    static std::string tilejson(const catalog::Variant& variant, const std::string& base_url, bool vector = false);

private:
    std::shared_ptr<const catalog::LayerCatalog> catalog_;
    int max_age_seconds_;
};

}  // namespace rxmap::server
