// Issue 5 on the real catalog and engine: TileJSON for layer variants, WMTS
// capabilities (parsed with GDAL's minixml, ResourceURLs fetched through the
// server, opened with GDAL's WMTS driver), and /metrics with the engine's lines.
#include <gtest/gtest.h>

#include <cpl_conv.h>
#include <cpl_json.h>
#include <cpl_minixml.h>
#include <gdal.h>
#include <gdal_priv.h>

#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "server_fixture.h"
#include "server/http/compression.h"
#include "server/api/health_service.h"
#include "server/http/http_server.h"
#include "server/api/layer_variants.h"
#include "server/api/legend_service.h"
#include "server/api/metrics_service.h"
#include "server/api/ready_service.h"
#include "server/http/request_target.h"
#include "server/api/tile_service.h"
#include "server/api/tilejson_service.h"
#include "server/api/wmts_service.h"
#include "common/xml_escape.h"
#include "test_server_client.h"
#include "tiles/tile_engine.h"
#include "common/tile_math.h"

using namespace rxmap;
using rxmap::test::fetch;
using rxmap::test::field;
using rxmap::test::HttpResponse;

namespace {

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
    return s;
}

// The path and query of an absolute URL under http://127.0.0.1[:port].
std::string local_target(const std::string& url) {
    const std::string prefix = "http://127.0.0.1";
    EXPECT_EQ(url.rfind(prefix, 0), 0u) << url;
    const std::size_t slash = url.find('/', prefix.size());
    return slash == std::string::npos ? "/" : url.substr(slash);
}

using XmlPtr = std::unique_ptr<CPLXMLNode, decltype(&CPLDestroyXMLNode)>;

std::vector<const CPLXMLNode*> children(const CPLXMLNode* node, const char* name) {
    std::vector<const CPLXMLNode*> out;
    for (const CPLXMLNode* c = node ? node->psChild : nullptr; c; c = c->psNext)
        if (c->eType == CXT_Element && std::string(c->pszValue) == name) out.push_back(c);
    return out;
}

std::string text(const CPLXMLNode* node, const char* path) { return CPLGetXMLValue(node, path, ""); }

class Layers : public test::RealServerSuite {
protected:
    static void SetUpTestSuite() {
        const auto catalog = test::real_catalog();
        start_server({std::make_shared<server::TileJsonService>(catalog), std::make_shared<server::WmtsService>(catalog),
                      std::make_shared<server::LegendService>(catalog), std::make_shared<server::HealthService>()},
                     4, [](server::HttpServer& http) {
                         http.add_service(std::make_shared<server::ReadyService>(http));
                         auto engine = engine_;
                         http.add_service(std::make_shared<server::MetricsService>(
                             http, std::make_shared<server::TextMetrics>([engine] { return engine->prometheus_text(); })));
                     });
    }
};

using server_TileJson = Layers;
using server_Wmts = Layers;
using server_LayersMetrics = Layers;

CPLJSONObject parse_json(const std::string& body) {
    CPLJSONDocument doc;
    EXPECT_TRUE(doc.LoadMemory(body)) << body;
    return doc.GetRoot();
}

}  // namespace

// ---------------------------------------------------------------- TileJSON

TEST_F(server_TileJson, FieldsForTheDefaultVariant) {
    const auto res = get("/tiles/population.json");
    ASSERT_EQ(res.result_int(), 200u) << res.body();
    EXPECT_EQ(field(res, "Content-Type"), "application/json; charset=utf-8");
    EXPECT_FALSE(field(res, "ETag").empty());
    EXPECT_EQ(field(res, "Access-Control-Allow-Origin"), "*");
    const auto variant = catalog_->resolve("population");
    ASSERT_TRUE(variant);
    const catalog::LayerDefinition& d = *variant->definition;
    const CPLJSONObject j = parse_json(res.body());
    EXPECT_EQ(j.GetString("tilejson"), "3.0.0");
    EXPECT_EQ(j.GetString("name"), server::variant_title_ja(*variant));
    EXPECT_NE(j.GetString("name").find("総人口"), std::string::npos);
    EXPECT_EQ(j.GetString("description"), d.description_ja);
    EXPECT_EQ(j.GetString("version"), "1.0.0");
    EXPECT_EQ(j.GetString("scheme"), "xyz");
    ASSERT_FALSE(d.credits.empty());
    for (const auto& credit : d.credits)
        EXPECT_NE(j.GetString("attribution").find(common::xml_escape(credit)), std::string::npos) << credit;
    const std::string base = "http://127.0.0.1/tiles/" + variant->key();
    ASSERT_EQ(j.GetArray("tiles").Size(), 1);
    EXPECT_EQ(j.GetArray("tiles")[0].ToString(), base + "/{z}/{x}/{y}.png");
    EXPECT_EQ(j.GetArray("tiles_2x")[0].ToString(), base + "/{z}/{x}/{y}@2x.png");
    EXPECT_EQ(j.GetInteger("minzoom"), d.minzoom);
    EXPECT_EQ(j.GetInteger("maxzoom"), d.maxzoom);
    const auto bounds = j.GetArray("bounds");
    ASSERT_EQ(bounds.Size(), 4);
    EXPECT_DOUBLE_EQ(bounds[0].ToDouble(), 122.93);
    EXPECT_DOUBLE_EQ(bounds[1].ToDouble(), 20.42);
    EXPECT_DOUBLE_EQ(bounds[2].ToDouble(), 153.99);
    EXPECT_DOUBLE_EQ(bounds[3].ToDouble(), 45.56);
    const auto center = j.GetArray("center");
    ASSERT_EQ(center.Size(), 3);
    EXPECT_DOUBLE_EQ(center[0].ToDouble(), 138);
    EXPECT_DOUBLE_EQ(center[1].ToDouble(), 37);
    EXPECT_EQ(center[2].ToInteger(), 5);
    EXPECT_EQ(j.GetString("legend"), "http://127.0.0.1/legend/" + variant->key() + ".json");
    EXPECT_EQ(j.GetString("variant"), variant->key());

    // The URLs it gives answer.
    const auto tile = get(local_target(replace_all(replace_all(replace_all(j.GetArray("tiles")[0].ToString(), "{z}", "5"),
                                                               "{x}", "28"), "{y}", "12")));
    EXPECT_EQ(tile.result_int(), 200u) << tile.body();
    EXPECT_EQ(field(tile, "Content-Type"), "image/png");
    EXPECT_EQ(get(local_target(j.GetString("legend"))).result_int(), 200u);
    EXPECT_EQ(get(local_target(j.GetString("legend_png"))).result_int(), 200u);
}

TEST_F(server_TileJson, EveryVariantHasOne) {
    const auto variants = server::all_variants(*catalog_);
    ASSERT_GT(variants.size(), catalog_->definitions().size());
    std::set<std::string> tile_urls;
    for (const auto& v : variants) {
        const std::string path = "/tiles/" + server::percent_encode_path(v.key()) + ".json";
        SCOPED_TRACE(path);
        const auto res = get(path);
        ASSERT_EQ(res.result_int(), 200u) << res.body();
        const CPLJSONObject j = parse_json(res.body());
        EXPECT_EQ(j.GetString("tilejson"), "3.0.0");
        EXPECT_EQ(j.GetString("variant"), v.key());
        EXPECT_TRUE(tile_urls.insert(j.GetArray("tiles")[0].ToString()).second);
    }
    // Shorter addresses name the same variant as its canonical key.
    const auto change = parse_json(get("/tiles/population-change/2050.json").body());
    EXPECT_EQ(change.GetString("variant"), catalog_->resolve("population-change/2050")->key());
    EXPECT_NE(change.GetString("name").find("2050"), std::string::npos);
    // Unknown layers or years: 404; HEAD works.
    EXPECT_EQ(get("/tiles/nope.json").result_int(), 404u);
    EXPECT_EQ(get("/tiles/population/2031.json").result_int(), 404u);
    EXPECT_EQ(get("/tiles/population/5/28/12.json").result_int(), 404u);
    const auto head = fetch(port_, "/tiles/population.json", {}, "HEAD");
    EXPECT_EQ(head.result_int(), 200u);
    EXPECT_EQ(field(head, "Content-Length"), std::to_string(get("/tiles/population.json").body().size()));
    // A Host with a port (an allowed one: a foreign Host gets 400, tests/test_server_hardening.cpp).
    EXPECT_EQ(parse_json(get("/tiles/population.json", {{"Host", "localhost:8080"}}).body())
                  .GetArray("tiles")[0]
                  .ToString()
                  .rfind("http://localhost:8080/tiles/", 0),
              0u);
}

TEST_F(server_TileJson, NonAsciiIdsAreEncodedAndAttributionEscaped) {
    // A layer id with Japanese text, if the catalog has one: its tile URL is percent-encoded and works.
    for (const auto& v : server::all_variants(*catalog_)) {
        const std::string key = v.key();
        if (server::percent_encode_path(key) == key) continue;
        const auto j = parse_json(get("/tiles/" + server::percent_encode_path(key) + ".json").body());
        const std::string url = j.GetArray("tiles")[0].ToString();
        EXPECT_EQ(url.find_first_of("\x80\xff"), std::string::npos) << url;
        const auto tile = get(local_target(replace_all(replace_all(replace_all(url, "{z}", "5"), "{x}", "28"), "{y}", "12")));
        EXPECT_EQ(tile.result_int(), 200u) << url << " " << tile.body();
        break;
    }
    catalog::LayerDefinition d;
    d.id = "x";
    d.title_ja = "テスト";
    d.credits = {"A & <B>", "\"C\""};
    d.years = {2020};
    d.default_year = 2020;
    d.levels = {data::Level::ward};
    catalog::Variant v;
    v.definition = &d;
    v.year = 2020;
    v.level = data::Level::ward;
    const auto j = parse_json(server::TileJsonService::tilejson(v, "https://example.jp"));
    EXPECT_EQ(j.GetString("attribution"), "A &amp; &lt;B&gt; / &quot;C&quot;");
    EXPECT_EQ(j.GetArray("tiles")[0].ToString(), "https://example.jp/tiles/x/2020/ward/{z}/{x}/{y}.png");
}

// ---------------------------------------------------------------- WMTS

TEST_F(server_Wmts, CapabilitiesParseAndResourceUrlsAnswer) {
    const auto res = get("/wmts/1.0.0/WMTSCapabilities.xml");
    ASSERT_EQ(res.result_int(), 200u);
    EXPECT_EQ(field(res, "Content-Type"), "application/xml; charset=utf-8");
    XmlPtr root(CPLParseXMLString(res.body().c_str()), CPLDestroyXMLNode);
    ASSERT_TRUE(root) << CPLGetLastErrorMsg();
    const CPLXMLNode* caps = CPLGetXMLNode(root.get(), "=Capabilities");
    ASSERT_TRUE(caps);
    EXPECT_EQ(text(caps, "version"), "1.0.0");
    EXPECT_EQ(text(caps, "xmlns"), "http://www.opengis.net/wmts/1.0");
    EXPECT_EQ(text(caps, "ows:ServiceIdentification.ows:ServiceType"), "OGC WMTS");
    EXPECT_EQ(text(caps, "ServiceMetadataURL.xlink:href"), "http://127.0.0.1/wmts/1.0.0/WMTSCapabilities.xml");
    const CPLXMLNode* contents = CPLGetXMLNode(caps, "Contents");
    ASSERT_TRUE(contents);

    // The tile matrix set: GoogleMapsCompatible, 0..18.
    const auto sets = children(contents, "TileMatrixSet");
    ASSERT_EQ(sets.size(), 1u);
    EXPECT_EQ(text(sets[0], "ows:Identifier"), "GoogleMapsCompatible");
    EXPECT_EQ(text(sets[0], "ows:SupportedCRS"), "urn:ogc:def:crs:EPSG::3857");
    EXPECT_EQ(text(sets[0], "WellKnownScaleSet"), "urn:ogc:def:wkss:OGC:1.0:GoogleMapsCompatible");
    const auto matrices = children(sets[0], "TileMatrix");
    ASSERT_EQ(matrices.size(), 19u);
    for (int z = 0; z <= 18; ++z) {
        const CPLXMLNode* m = matrices[static_cast<std::size_t>(z)];
        EXPECT_EQ(text(m, "ows:Identifier"), std::to_string(z));
        const double scale = CPLAtof(text(m, "ScaleDenominator").c_str());
        EXPECT_NEAR(scale / (559082264.0287178 / std::ldexp(1.0, z)), 1.0, 1e-12) << z;
        EXPECT_EQ(text(m, "TopLeftCorner"), "-20037508.3427892 20037508.3427892");
        EXPECT_EQ(text(m, "TileWidth"), "256");
        EXPECT_EQ(text(m, "TileHeight"), "256");
        EXPECT_EQ(text(m, "MatrixWidth"), std::to_string(1L << z));
        EXPECT_EQ(text(m, "MatrixHeight"), std::to_string(1L << z));
    }

    // One Layer per variant.
    const auto variants = server::all_variants(*catalog_);
    const auto layers = children(contents, "Layer");
    ASSERT_EQ(layers.size(), variants.size());
    std::set<std::string> ids;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const CPLXMLNode* l = layers[i];
        const std::string id = text(l, "ows:Identifier");
        SCOPED_TRACE(id);
        EXPECT_TRUE(ids.insert(id).second);
        EXPECT_EQ(id, server::variant_identifier(variants[i]));
        EXPECT_EQ(id.find('/'), std::string::npos);
        EXPECT_EQ(text(l, "ows:Title"), server::variant_title_ja(variants[i]));
        EXPECT_EQ(text(l, "ows:WGS84BoundingBox.ows:LowerCorner"), "122.93 20.42");
        EXPECT_EQ(text(l, "ows:WGS84BoundingBox.ows:UpperCorner"), "153.99 45.56");
        EXPECT_EQ(text(l, "Style.ows:Identifier"), "default");
        EXPECT_EQ(text(l, "Style.isDefault"), "true");
        EXPECT_EQ(text(l, "Format"), "image/png");
        EXPECT_EQ(text(l, "TileMatrixSetLink.TileMatrixSet"), "GoogleMapsCompatible");
        const auto limits = children(CPLGetXMLNode(l, "TileMatrixSetLink.TileMatrixSetLimits"), "TileMatrixLimits");
        const auto& d = *variants[i].definition;
        EXPECT_EQ(static_cast<int>(limits.size()), std::min(d.maxzoom, 18) - std::max(d.minzoom, 0) + 1);
        EXPECT_EQ(text(l, "ResourceURL.resourceType"), "tile");
        EXPECT_EQ(text(l, "ResourceURL.format"), "image/png");
        EXPECT_EQ(text(l, "ResourceURL.template"),
                  "http://127.0.0.1/tiles/" + server::percent_encode_path(variants[i].key()) +
                      "/{TileMatrix}/{TileCol}/{TileRow}.png");
    }

    // A sample of ResourceURLs answer PNGs through the server: the first and last
    // layers and every 12th, at a tile inside the limits of a zoom near 5.
    int fetched = 0;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        if (i != 0 && i + 1 != layers.size() && i % 12 != 0) continue;
        const CPLXMLNode* l = layers[i];
        const auto limits = children(CPLGetXMLNode(l, "TileMatrixSetLink.TileMatrixSetLimits"), "TileMatrixLimits");
        ASSERT_FALSE(limits.empty());
        const CPLXMLNode* lim = limits[std::min<std::size_t>(limits.size() - 1, 5 - std::min(5, atoi(text(limits[0], "TileMatrix").c_str())))];
        const int row = (atoi(text(lim, "MinTileRow").c_str()) + atoi(text(lim, "MaxTileRow").c_str())) / 2;
        const int col = (atoi(text(lim, "MinTileCol").c_str()) + atoi(text(lim, "MaxTileCol").c_str())) / 2;
        std::string url = text(l, "ResourceURL.template");
        url = replace_all(replace_all(replace_all(url, "{TileMatrix}", text(lim, "TileMatrix")), "{TileCol}",
                                      std::to_string(col)), "{TileRow}", std::to_string(row));
        const auto tile = get(local_target(url));
        EXPECT_EQ(tile.result_int(), 200u) << url << " " << tile.body();
        EXPECT_EQ(field(tile, "Content-Type"), "image/png") << url;
        EXPECT_EQ(tile.body().substr(0, 4), "\x89PNG") << url;
        ++fetched;
    }
    EXPECT_GE(fetched, 3);
}

TEST_F(server_Wmts, GzipHeadAndCaching) {
    const auto plain = get("/wmts/1.0.0/WMTSCapabilities.xml");
    const auto gz = get("/wmts/1.0.0/WMTSCapabilities.xml", {{"Accept-Encoding", "gzip"}});
    ASSERT_EQ(gz.result_int(), 200u);
    EXPECT_EQ(field(gz, "Content-Encoding"), "gzip");
    EXPECT_EQ(server::gzip_decompress(gz.body()), plain.body());
    EXPECT_EQ(get("/wmts/1.0.0/WMTSCapabilities.xml", {{"If-None-Match", field(plain, "ETag")}}).result_int(), 304u);
    const auto head = fetch(port_, "/wmts/1.0.0/WMTSCapabilities.xml", {}, "HEAD");
    EXPECT_EQ(head.result_int(), 200u);
    EXPECT_EQ(field(head, "Content-Length"), std::to_string(plain.body().size()));
    std::printf("WMTS capabilities: %zu layers, %zu bytes, %zu gzipped\n",
                server::all_variants(*catalog_).size(), plain.body().size(), gz.body().size());
}

TEST_F(server_Wmts, GdalWmtsDriverOpensIt) {
    GDALAllRegister();
    const std::string caps = "http://127.0.0.1:" + std::to_string(port_) + "/wmts/1.0.0/WMTSCapabilities.xml";
    const auto variant = catalog_->resolve("population");
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "120");
    CPLSetConfigOption("GDAL_DEFAULT_WMS_CACHE_PATH", "/vsimem/rxmap-wmts-cache");
    // The whole capabilities: one subdataset per layer.
    {
        std::unique_ptr<GDALDataset> all(GDALDataset::Open(("WMTS:" + caps).c_str(), GDAL_OF_RASTER));
        ASSERT_TRUE(all) << CPLGetLastErrorMsg();
        EXPECT_EQ(CSLCount(all->GetMetadata("SUBDATASETS")), 2 * static_cast<int>(server::all_variants(*catalog_).size()));
    }
    // One layer. GDAL 3.6 takes the set's finest matrix (18) whatever the layer's
    // TileMatrixSetLimits say, so name the layer's finest zoom.
    const int maxzoom = std::min(variant->definition->maxzoom, 18);
    const std::string name = "WMTS:" + caps + ",layer=" + server::variant_identifier(*variant) +
                             ",tilematrix=" + std::to_string(maxzoom);
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(name.c_str(), GDAL_OF_RASTER));
    if (!ds) {
        const std::string why = CPLGetLastErrorMsg();
        if (why.find("Couldn't connect") != std::string::npos || why.find("curl") != std::string::npos)
            GTEST_SKIP() << "GDAL cannot reach the loopback server: " << why;
        FAIL() << "GDAL could not open " << name << ": " << why;
    }
    EXPECT_STREQ(ds->GetDriver()->GetDescription(), "WMTS");
    const OGRSpatialReference* srs = ds->GetSpatialRef();
    ASSERT_TRUE(srs);
    EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "3857");
    double gt[6];
    ASSERT_EQ(ds->GetGeoTransform(gt), CE_None);
    // Pixel size of the layer's finest zoom; the extent covers Japan (to a pixel).
    EXPECT_NEAR(gt[1], 2 * 20037508.3427892 / 256 / std::ldexp(1.0, maxzoom), 1e-6);
    const double west = gt[0], north = gt[3];
    const double east = west + gt[1] * ds->GetRasterXSize(), south = north + gt[5] * ds->GetRasterYSize();
    EXPECT_LE(west, tiles::to_mercator({122.93, 0}).x + gt[1]);
    EXPECT_GE(east, tiles::to_mercator({153.99, 0}).x - gt[1]);
    EXPECT_GE(north, tiles::to_mercator({0, 45.56}).y - gt[1]);
    EXPECT_LE(south, tiles::to_mercator({0, 20.42}).y + gt[1]);
    ASSERT_GE(ds->GetRasterCount(), 3);

    // Read 256 x 256 pixels of a coarse overview: GDAL fetches tiles from the server.
    GDALRasterBand* band = ds->GetRasterBand(1);
    GDALRasterBand* coarse = band;
    for (int i = 0; i < band->GetOverviewCount(); ++i)
        if (band->GetOverview(i)->GetXSize() >= 256) coarse = band->GetOverview(i);
    const auto answered_before = server_->stats().responses_2xx.load();
    std::vector<unsigned char> pixels(256 * 256);
    const int x0 = std::max(0, coarse->GetXSize() / 2 - 128), y0 = std::max(0, coarse->GetYSize() / 2 - 128);
    const int w = std::min(256, coarse->GetXSize()), h = std::min(256, coarse->GetYSize());
    ASSERT_EQ(coarse->RasterIO(GF_Read, x0, y0, w, h, pixels.data(), w, h, GDT_Byte, 0, 0, nullptr), CE_None)
        << CPLGetLastErrorMsg();
    std::set<unsigned char> values(pixels.begin(), pixels.begin() + w * h);
    EXPECT_GT(values.size(), 2u) << "the image should not be blank";
    EXPECT_GT(server_->stats().responses_2xx.load(), answered_before) << "GDAL fetched no tile";
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", nullptr);
    CPLSetConfigOption("GDAL_DEFAULT_WMS_CACHE_PATH", nullptr);
}

// ---------------------------------------------------------------- metrics, readiness

TEST_F(server_LayersMetrics, EngineAndServerCountersAndReadiness) {
    EXPECT_EQ(get("/readyz").result_int(), 503u);
    server_->set_ready(true);
    EXPECT_EQ(get("/readyz").result_int(), 200u);
    EXPECT_EQ(get("/tiles/population/5/28/12.png").result_int(), 200u);
    EXPECT_EQ(get("/tiles/population/5/28/12.png").result_int(), 200u);
    const std::string metrics = get("/metrics").body();
    EXPECT_NE(metrics.find("rxmap_ready 1\n"), std::string::npos);
    EXPECT_NE(metrics.find("rxmap_http_requests_total{service=\"tiles\",code=\"200\"}"), std::string::npos);
    EXPECT_NE(metrics.find("rxmap_http_request_duration_seconds_bucket{service=\"tiles\",le=\"0.001\"}"),
              std::string::npos);
    EXPECT_NE(metrics.find("rxmap_async_answers_pending 0\n"), std::string::npos);
    EXPECT_NE(metrics.find("# TYPE rxmap_engine_"), std::string::npos) << metrics;
    server_->set_ready(false);
}
