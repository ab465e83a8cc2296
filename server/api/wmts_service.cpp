#include "server/api/wmts_service.h"

#include <algorithm>
#include <cmath>

#include "common/number_text.h"
#include "server/http/etag.h"
#include "server/http/json_error.h"
#include "common/japan_extent.h"
#include "server/api/layer_variants.h"
#include "server/http/request_target.h"
#include "common/xml_escape.h"
#include "common/tile_math.h"

namespace rxmap::server {
namespace {

void tile_matrix_set(std::string& x) {
    x += "    <TileMatrixSet>\n"
         "      <ows:Identifier>GoogleMapsCompatible</ows:Identifier>\n"
         "      <ows:SupportedCRS>urn:ogc:def:crs:EPSG::3857</ows:SupportedCRS>\n"
         "      <WellKnownScaleSet>urn:ogc:def:wkss:OGC:1.0:GoogleMapsCompatible</WellKnownScaleSet>\n";
    for (int z = 0; z <= WmtsService::kMaxMatrix; ++z) {
        const std::string side = std::to_string(1L << z);
        x += "      <TileMatrix>\n"
             "        <ows:Identifier>" + std::to_string(z) + "</ows:Identifier>\n"
             "        <ScaleDenominator>" + common::shortest_number(WmtsService::kScaleDenominatorZ0 / std::ldexp(1.0, z)) +
             "</ScaleDenominator>\n"
             "        <TopLeftCorner>" + WmtsService::kTopLeftCorner + "</TopLeftCorner>\n"
             "        <TileWidth>256</TileWidth>\n"
             "        <TileHeight>256</TileHeight>\n"
             "        <MatrixWidth>" + side + "</MatrixWidth>\n"
             "        <MatrixHeight>" + side + "</MatrixHeight>\n"
             "      </TileMatrix>\n";
    }
    x += "    </TileMatrixSet>\n";
}

void layer(std::string& x, const catalog::Variant& v, const std::string& base_url) {
    const catalog::LayerDefinition& d = *v.definition;
    const std::string path = percent_encode_path(v.key());
    x += "    <Layer>\n"
         "      <ows:Title>" + common::xml_escape(variant_title_ja(v)) + "</ows:Title>\n";
    if (!d.description_ja.empty()) x += "      <ows:Abstract>" + common::xml_escape(d.description_ja) + "</ows:Abstract>\n";
    x += "      <ows:WGS84BoundingBox>\n"
         "        <ows:LowerCorner>" + common::shortest_number(common::kJapanBounds.west) + " " + common::shortest_number(common::kJapanBounds.south) +
         "</ows:LowerCorner>\n"
         "        <ows:UpperCorner>" + common::shortest_number(common::kJapanBounds.east) + " " + common::shortest_number(common::kJapanBounds.north) +
         "</ows:UpperCorner>\n"
         "      </ows:WGS84BoundingBox>\n"
         "      <ows:Identifier>" + common::xml_escape(variant_identifier(v)) + "</ows:Identifier>\n"
         "      <Style isDefault=\"true\">\n"
         "        <ows:Identifier>default</ows:Identifier>\n"
         "        <LegendURL format=\"image/png\" xlink:href=\"" + common::xml_escape(base_url + "/legend/" + path + ".png") +
         "\"/>\n"
         "      </Style>\n"
         "      <Format>image/png</Format>\n"
         "      <TileMatrixSetLink>\n"
         "        <TileMatrixSet>GoogleMapsCompatible</TileMatrixSet>\n";
    const int minzoom = std::clamp(d.minzoom, 0, WmtsService::kMaxMatrix);
    const int maxzoom = std::clamp(d.maxzoom, minzoom, WmtsService::kMaxMatrix);
    x += "        <TileMatrixSetLimits>\n";
    for (int z = minzoom; z <= maxzoom; ++z) {
        const tiles::TileXY nw = tiles::tile_at({common::kJapanBounds.west, common::kJapanBounds.north}, z);
        const tiles::TileXY se = tiles::tile_at({common::kJapanBounds.east, common::kJapanBounds.south}, z);
        x += "          <TileMatrixLimits>\n"
             "            <TileMatrix>" + std::to_string(z) + "</TileMatrix>\n"
             "            <MinTileRow>" + std::to_string(nw.y) + "</MinTileRow>\n"
             "            <MaxTileRow>" + std::to_string(se.y) + "</MaxTileRow>\n"
             "            <MinTileCol>" + std::to_string(nw.x) + "</MinTileCol>\n"
             "            <MaxTileCol>" + std::to_string(se.x) + "</MaxTileCol>\n"
             "          </TileMatrixLimits>\n";
    }
    x += "        </TileMatrixSetLimits>\n"
         "      </TileMatrixSetLink>\n"
         "      <ResourceURL format=\"image/png\" resourceType=\"tile\" template=\"" +
         common::xml_escape(base_url + "/tiles/" + path + "/{TileMatrix}/{TileCol}/{TileRow}.png") + "\"/>\n"
         "    </Layer>\n";
}

}  // namespace

std::string WmtsService::capabilities(const catalog::LayerCatalog& catalog, const std::string& base_url) {
    std::string x;
    x.reserve(512 * 1024);
    x += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<Capabilities xmlns=\"http://www.opengis.net/wmts/1.0\" xmlns:ows=\"http://www.opengis.net/ows/1.1\" "
         "xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
         "xmlns:gml=\"http://www.opengis.net/gml\" "
         "xsi:schemaLocation=\"http://www.opengis.net/wmts/1.0 "
         "http://schemas.opengis.net/wmts/1.0/wmtsGetCapabilities_response.xsd\" version=\"1.0.0\">\n"
         "  <ows:ServiceIdentification>\n"
         "    <ows:Title>rxmap 地域統計地図</ows:Title>\n"
         "    <ows:Abstract>人口・高齢化・産業など地域の統計を市区町村・都道府県などの単位で塗り分けた地図タイル。"
         "Regional statistics of Japan as map tiles.</ows:Abstract>\n"
         "    <ows:ServiceType>OGC WMTS</ows:ServiceType>\n"
         "    <ows:ServiceTypeVersion>1.0.0</ows:ServiceTypeVersion>\n"
         "    <ows:Fees>none</ows:Fees>\n"
         "    <ows:AccessConstraints>none</ows:AccessConstraints>\n"
         "  </ows:ServiceIdentification>\n"
         "  <Contents>\n";
    for (const catalog::Variant& v : all_variants(catalog)) layer(x, v, base_url);
    tile_matrix_set(x);
    x += "  </Contents>\n"
         "  <ServiceMetadataURL xlink:href=\"" + common::xml_escape(base_url + "/wmts/1.0.0/WMTSCapabilities.xml") + "\"/>\n"
         "</Capabilities>\n";
    return x;
}

Reply WmtsService::handle(const Request& request) {
    if (request.base_url.empty()) return host_not_allowed_error(request);
    Document doc;
    {
        std::lock_guard lock(mutex_);
        auto it = documents_.find(request.base_url);
        if (it != documents_.end()) doc = it->second;
    }
    if (!doc.body) {
        // Built outside the lock; two first requests may both build it: harmless.
        doc.body = std::make_shared<const std::string>(capabilities(*catalog_, request.base_url));
        doc.etag = strong_etag(*doc.body);
        std::lock_guard lock(mutex_);
        if (documents_.size() >= kMaxDocuments) documents_.clear();  // Host headers are the client's to choose
        documents_.emplace(request.base_url, doc);
    }
    Response r;
    r.content_type = "application/xml; charset=utf-8";
    r.body = doc.body;
    r.set("ETag", doc.etag);
    r.set("Cache-Control", "public, max-age=" + std::to_string(max_age_seconds_));
    return r;
}

}  // namespace rxmap::server
