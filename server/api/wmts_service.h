#pragma once
// GET|HEAD /wmts/1.0.0/WMTSCapabilities.xml: OGC WMTS 1.0.0 capabilities,
// RESTful encoding, for every layer variant (all_variants: each layer x year
// x level). Each variant is a Layer identified by its key with '/' -> '.'
// ("population-change.2050.prefecture"), with its Japanese title and
// description, the WGS84 bounds of Japan, style "default" (LegendURL = the
// legend PNG), image/png, the GoogleMapsCompatible tile matrix set (EPSG:3857,
// matrices 0..18) limited to the tiles over Japan at the layer's zooms, and a
// ResourceURL template {base}/tiles/{key}/{TileMatrix}/{TileCol}/{TileRow}.png
// (TileRow counts from the north, as XYZ's y).
//
// The document is built once per base URL (Request::base_url) and shared, so
// its gzip copy and ETag are computed once too.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "server/http/service.h"
#include "catalog/layer_catalog.h"

namespace rxmap::server {

class WmtsService : public Service {
public:
    explicit WmtsService(std::shared_ptr<const catalog::LayerCatalog> catalog, int max_age_seconds = 300)
        : catalog_(std::move(catalog)), max_age_seconds_(max_age_seconds) {}
    std::string_view name() const override { return "wmts"; }
    Route route() const override { return Route{"/wmts/1.0.0/WMTSCapabilities.xml"}; }
    Reply handle(const Request& request) override;

    // The capabilities document with URLs under base_url (public for tests).
    static std::string capabilities(const catalog::LayerCatalog& catalog, const std::string& base_url);

    // The GoogleMapsCompatible well-known scale set (OGC 07-057r7, annex E.4).
    static constexpr int kMaxMatrix = 18;
    static constexpr double kScaleDenominatorZ0 = 559082264.0287178;
    static constexpr const char* kTopLeftCorner = "-20037508.3427892 20037508.3427892";

private:
    struct Document {
        std::shared_ptr<const std::string> body;
        std::string etag;
    };
    std::shared_ptr<const catalog::LayerCatalog> catalog_;
    int max_age_seconds_;
    std::mutex mutex_;
    std::map<std::string, Document> documents_;  // by base URL, at most kMaxDocuments
    static constexpr std::size_t kMaxDocuments = 16;
};

}  // namespace rxmap::server
