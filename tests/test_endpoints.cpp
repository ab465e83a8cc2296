// The real server, assembled as cli/serve_generation.cpp does (TileEngine on the real
// catalog and every service), in-process on an ephemeral port, driven over HTTP.
#include <gtest/gtest.h>

#include <cpl_json.h>
#include <mapnik/image_reader.hpp>

#include <chrono>
#include <cmath>
#include <memory>
#include <string>
#include <tuple>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "engine_fixture.h"
#include "server/api/catalog_service.h"
#include "server/api/facilities_service.h"
#include "server/api/health_service.h"
#include "server/http/http_server.h"
#include "server/api/info_service.h"
#include "server/api/legend_service.h"
#include "server/api/population_bins_service.h"
#include "server/api/search_service.h"
#include "server/api/tile_service.h"
#include "styles/choropleth.h"
#include "tiles/tile_engine.h"
#include "cli/serve_tile_options.h"
// Services that cli/serve_generation.cpp uses and that are still landing in the
// tree: included when present, so this file follows its assembly.
#if __has_include("server/api/tilejson_service.h")
#include "server/api/tilejson_service.h"
#define RXMAP_HAS_TILEJSON 1
#endif
#if __has_include("server/api/wmts_service.h")
#include "server/api/wmts_service.h"
#define RXMAP_HAS_WMTS 1
#endif
#if __has_include("server/api/static_service.h")
#include "server/api/static_service.h"
#define RXMAP_HAS_STATIC 1
#endif
#if __has_include("server/api/ready_service.h")
#include "server/api/ready_service.h"
#define RXMAP_HAS_READY 1
#endif
#if __has_include("server/api/metrics_service.h") && __has_include("server/api/engine_metrics.h")
#include "server/api/engine_metrics.h"
#include "server/api/metrics_service.h"
#define RXMAP_HAS_METRICS 1
#endif

using namespace rxmap;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

const std::string kN03Credit = "出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成";

struct Answer {
    unsigned status = 0;
    std::string content_type;
    std::string body;
    std::string error;  // transport error, empty when a response arrived
};

// One request on a fresh connection, with a deadline (tiles may render for a few seconds).
Answer fetch(std::uint16_t port, const std::string& target, http::verb method = http::verb::get) {
    Answer a;
    try {
        asio::io_context ioc;
        beast::tcp_stream stream(ioc);
        stream.expires_after(120s);
        stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        http::request<http::string_body> req{method, target, 11};
        req.set(http::field::host, "127.0.0.1");
        req.set(http::field::connection, "close");
        if (method == http::verb::post) req.prepare_payload();  // Content-Length: 0 (a body would be 413)
        http::write(stream, req);
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(32u << 20);
        http::read(stream, buffer, parser);
        const auto res = parser.release();
        a.status = res.result_int();
        a.content_type = std::string(res[http::field::content_type]);
        a.body = res.body();
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    } catch (const std::exception& e) {
        a.error = e.what();
    }
    return a;
}

// "夕張" -> "%E5%A4%95%E5%BC%B5"
std::string percent_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

CPLJSONObject parse_json(const std::string& body) {
    CPLJSONDocument doc;
    if (!doc.LoadMemory(body)) {
        ADD_FAILURE() << "not JSON: " << body.substr(0, 300);
        return CPLJSONObject();
    }
    return doc.GetRoot();
}

// PNG bytes -> (width, height), or (0, 0) when they do not decode.
std::pair<unsigned, unsigned> png_size(const std::string& png) {
    try {
        std::unique_ptr<mapnik::image_reader> reader(mapnik::get_image_reader(png.data(), png.size()));
        if (!reader) return {0, 0};
        reader->read(0, 0, reader->width(), reader->height());  // decodes the whole image
        return {reader->width(), reader->height()};
    } catch (const std::exception&) {
        return {0, 0};
    }
}

class Endpoints : public ::testing::Test {
protected:
    // As load_generation in cli/serve_generation.cpp, with default options, on 127.0.0.1 and any free port.
    static void SetUpTestSuite() {
        auto catalog = test::real_catalog();
        tiles::EngineOptions engine_options = test::unbudgeted_engine_options();
        cli::ServeTileArgs tile_args;
        cli::apply_serve_options(tile_args, engine_options);
        engine_ = std::make_shared<tiles::TileEngine>(catalog, engine_options);
        std::shared_ptr<tiles::TileSource> tile_source = cli::serve_tile_source(engine_, tile_args);
        server::ServerOptions options;
        options.address = "127.0.0.1";
        options.port = 0;
        options.worker_threads = 2;
        options.access_log = false;
        std::vector<std::shared_ptr<server::Service>> services{std::make_shared<server::TileService>(tile_source),
                                                               std::make_shared<server::HealthService>()};
#ifdef RXMAP_HAS_TILEJSON
        services.push_back(std::make_shared<server::TileJsonService>(catalog));
#endif
#ifdef RXMAP_HAS_WMTS
        services.push_back(std::make_shared<server::WmtsService>(catalog));
#endif
        services.push_back(std::make_shared<server::CatalogService>(catalog));
        services.push_back(std::make_shared<server::LegendService>(catalog));
        services.push_back(std::make_shared<server::InfoService>(catalog));
        services.push_back(std::make_shared<server::FacilitiesService>(catalog));
        services.push_back(std::make_shared<server::PopulationBinsService>(catalog));
        services.push_back(std::make_shared<server::SearchService>(catalog));
#ifdef RXMAP_HAS_STATIC
        services.push_back(std::make_shared<server::StaticService>(RXMAP_SOURCE_DIR "/web/dist"));
#endif
        server_ = std::make_unique<server::HttpServer>(options, services);
#ifdef RXMAP_HAS_READY
        server_->add_service(std::make_shared<server::ReadyService>(*server_));
#endif
#ifdef RXMAP_HAS_METRICS
        server_->add_service(std::make_shared<server::MetricsService>(
            *server_, std::make_shared<server::TextMetrics>([e = engine_] { return e->prometheus_text(); })));
#endif
        port_ = server_->start();
#ifdef RXMAP_HAS_READY
        server_->set_ready(true);
#endif
    }
    static void TearDownTestSuite() {
        server_.reset();
        engine_.reset();
    }
    void SetUp() override { ASSERT_NE(port_, 0); }

    static Answer get(const std::string& target) { return fetch(port_, target); }

    // Status `status` with a JSON body that has an "error".
    static void expect_json_error(const std::string& target, unsigned status,
                                  http::verb method = http::verb::get) {
        const Answer a = fetch(port_, target, method);
        ASSERT_TRUE(a.error.empty()) << target << ": " << a.error;
        EXPECT_EQ(a.status, status) << target << ": " << a.body;
        EXPECT_EQ(a.content_type.rfind("application/json", 0), 0u) << target << ": " << a.content_type;
        CPLJSONDocument doc;
        ASSERT_TRUE(doc.LoadMemory(a.body)) << target << ": " << a.body;
        EXPECT_FALSE(doc.GetRoot().GetString("error").empty()) << target << ": " << a.body;
    }

    static std::shared_ptr<tiles::TileEngine> engine_;
    static std::unique_ptr<server::HttpServer> server_;
    static std::uint16_t port_;
};

std::shared_ptr<tiles::TileEngine> Endpoints::engine_;
std::unique_ptr<server::HttpServer> Endpoints::server_;
std::uint16_t Endpoints::port_ = 0;

}  // namespace

// ================================================================ tiles

TEST_F(Endpoints, TileIsA256PixelPng) {
    const Answer a = get("/tiles/population/5/28/12.png");
    ASSERT_TRUE(a.error.empty()) << a.error;
    EXPECT_EQ(a.status, 200u) << a.body;
    EXPECT_EQ(a.content_type, "image/png");
    EXPECT_EQ(png_size(a.body), (std::pair<unsigned, unsigned>{256, 256}));
    const Answer hidpi = get("/tiles/population/5/28/12@2x.png");
    EXPECT_EQ(hidpi.status, 200u) << hidpi.body;
    EXPECT_EQ(hidpi.content_type, "image/png");
    EXPECT_EQ(png_size(hidpi.body), (std::pair<unsigned, unsigned>{512, 512}));
}

TEST_F(Endpoints, TileErrorsAreJson) {
    expect_json_error("/tiles/no-such-layer/5/28/12.png", 404);
    expect_json_error("/tiles/population/5/28/abc.png", 400);
    expect_json_error("/tiles/population/99/0/0.png", 400);
    expect_json_error("/tiles/population/5/32/12.png", 400);  // x beyond 2^5 - 1
    expect_json_error("/tiles/population/5/28/32.png", 400);  // y too
    expect_json_error("/tiles/population/5/28/12.png", 405, http::verb::post);
    expect_json_error("/tiles/population/5/28/12.png", 405, http::verb::delete_);
}

TEST_F(Endpoints, ServerSurvivesABurstOfBadRequests) {
    const std::vector<std::pair<std::string, http::verb>> bad = {
        {"/tiles/no-such-layer/5/28/12.png", http::verb::get},
        {"/tiles/population/5/28/abc.png", http::verb::get},
        {"/tiles/population/99/0/0.png", http::verb::get},
        {"/tiles/population/5/99/12.png", http::verb::get},
        {"/tiles/population/5/28/12.png", http::verb::post},
        {"/info/population/2020?lon=abc&lat=35", http::verb::get},
        {"/legend/nope.json", http::verb::get},
        {"/api/population-bins?year=1999", http::verb::get},
        {"/nowhere", http::verb::get},
        {"/tiles/../../etc/passwd", http::verb::get},
    };
    int answered = 0;
    for (int i = 0; i < 100; ++i) {
        const auto& [target, method] = bad[i % bad.size()];
        const Answer a = fetch(port_, target, method);
        if (a.error.empty() && a.status >= 400 && a.status < 500) ++answered;
    }
    EXPECT_EQ(answered, 100);
    const Answer ok = get("/tiles/population/5/28/12.png");
    EXPECT_EQ(ok.status, 200u) << ok.error << ok.body;
    EXPECT_EQ(png_size(ok.body).first, 256u);
    EXPECT_EQ(get("/healthz").status, 200u);
}

// ================================================================ /layers

TEST_F(Endpoints, LayersListsEveryDefinitionWithTitlesUnitsDimensionsAndCredits) {
    const Answer a = get("/layers");
    ASSERT_EQ(a.status, 200u) << a.body;
    EXPECT_EQ(a.content_type.rfind("application/json", 0), 0u);
    const CPLJSONObject root = parse_json(a.body);
    const CPLJSONArray list = root.GetArray("layers");
    ASSERT_TRUE(list.IsValid()) << a.body.substr(0, 300);
    const auto& defs = test::real_catalog()->definitions();
    ASSERT_EQ(list.Size(), static_cast<int>(defs.size()));
    for (int i = 0; i < list.Size(); ++i) {
        const CPLJSONObject l = list[i];
        const std::string id = l.GetString("id");
        SCOPED_TRACE(id);
        EXPECT_EQ(id, defs[i].id);
        EXPECT_FALSE(l.GetString("title/ja").empty());
        EXPECT_FALSE(l.GetString("title/en").empty());
        EXPECT_EQ(l.GetString("title/ja"), defs[i].title_ja);
        EXPECT_TRUE(l.GetObj("unit").IsValid());
        EXPECT_EQ(l.GetString("unit/ja"), defs[i].unit_ja);
        EXPECT_TRUE(l.GetObj("dimensions").IsValid());
        const CPLJSONArray credits = l.GetArray("credits");
        ASSERT_TRUE(credits.IsValid());
        ASSERT_GT(credits.Size(), 0);
        bool n03 = false;
        for (int k = 0; k < credits.Size(); ++k) {
            EXPECT_FALSE(credits[k].ToString().empty());
            n03 = n03 || credits[k].ToString() == kN03Credit;
        }
        EXPECT_TRUE(n03) << "no N03 credit line";
    }
    // population has its years and levels.
    const CPLJSONObject population = list[0];
    ASSERT_EQ(population.GetString("id"), "population");
    EXPECT_EQ(population.GetArray("dimensions/year").Size(), 8);  // census 2015, 2020, IPSS 2025..2050
    EXPECT_EQ(population.GetArray("dimensions/year")[0].ToInteger(), 2015);
    EXPECT_EQ(population.GetInteger("dimensions/default_year"), 2020);
    EXPECT_EQ(population.GetArray("dimensions/level").Size(), 5);
}

// ================================================================ /legend

TEST_F(Endpoints, LegendJsonAndPng) {
    const Answer a = get("/legend/population-change/2050.json");
    ASSERT_EQ(a.status, 200u) << a.body;
    const CPLJSONObject root = parse_json(a.body);
    EXPECT_NE(root.GetString("title/ja").find("2050"), std::string::npos) << a.body;
    const CPLJSONArray entries = root.GetArray("entries");
    ASSERT_TRUE(entries.IsValid()) << a.body;
    const auto& c = styles::choropleth(*test::real_catalog(), *test::real_catalog()->resolve("population-change/2050"));
    ASSERT_EQ(entries.Size(), static_cast<int>(c.colors.size()) + 1);  // classes and "no data"
    for (int i = 0; i < entries.Size(); ++i) {
        const std::string color = entries[i].GetString("color");
        EXPECT_EQ(color.size(), 7u) << color;
        EXPECT_EQ(color[0], '#') << color;
        if (i < static_cast<int>(c.colors.size())) {
            EXPECT_EQ(color, c.colors[i]);
        }
        EXPECT_FALSE(entries[i].GetString("label/ja").empty()) << i;
        EXPECT_FALSE(entries[i].GetString("label/en").empty()) << i;
    }
    EXPECT_EQ(entries[entries.Size() - 1].GetString("label/ja"), "データなし");
    const CPLJSONArray credits = root.GetArray("credits");
    ASSERT_TRUE(credits.IsValid());
    ASSERT_GT(credits.Size(), 0);
    EXPECT_EQ(credits[0].ToString(), kN03Credit);

    const Answer png = get("/legend/population-change/2050.png");
    ASSERT_EQ(png.status, 200u) << png.body;
    EXPECT_EQ(png.content_type, "image/png");
    const auto size = png_size(png.body);
    EXPECT_GT(size.first, 100u);
    EXPECT_GT(size.second, 100u);
    const Answer en2 = get("/legend/population-change/2050.png?lang=en&scale=2");
    ASSERT_EQ(en2.status, 200u) << en2.body;
    EXPECT_GT(png_size(en2.body).first, size.first);

    expect_json_error("/legend/no-such-layer.json", 404);
    expect_json_error("/legend/population-change/1999.json", 404);
    expect_json_error("/legend/no-such-layer.png", 404);
}

// ================================================================ /info

TEST_F(Endpoints, InfoNamesTheAreaAtAPoint) {
    const Answer a = get("/info/population/2020?lon=139.7528&lat=35.6940");
    ASSERT_EQ(a.status, 200u) << a.body;
    const CPLJSONObject root = parse_json(a.body);
    EXPECT_EQ(root.GetString("area/name"), "千代田区");
    EXPECT_EQ(root.GetString("area/code"), "13101");
    EXPECT_EQ(root.GetString("area/prefecture"), "東京都");
    const double expected = *test::real_atlas()->stats.get("ipss:population", 2020, "13101");
    EXPECT_DOUBLE_EQ(root.GetDouble("value"), expected);
}

TEST_F(Endpoints, InfoOnChangeHasSeriesAndComparisons) {
    const Answer a = get("/info/population-change/2050?lon=139.7528&lat=35.6940");
    ASSERT_EQ(a.status, 200u) << a.body;
    const CPLJSONObject root = parse_json(a.body);
    EXPECT_EQ(root.GetString("area/code"), "13101");
    const CPLJSONArray series = root.GetArray("series");
    ASSERT_TRUE(series.IsValid()) << a.body;
    ASSERT_EQ(series.Size(), 6);  // 2025 .. 2050
    for (int i = 0; i < 6; ++i) {
        EXPECT_EQ(series[i].GetInteger("year"), 2025 + 5 * i);
        EXPECT_EQ(series[i].GetObj("value").GetType(), CPLJSONObject::Type::Double) << i;
    }
    EXPECT_DOUBLE_EQ(series[5].GetDouble("value"), root.GetDouble("value"));
    const CPLJSONObject pv = root.GetObj("prefecture_value"), jv = root.GetObj("japan_value");
    ASSERT_TRUE(pv.IsValid()) << a.body;
    ASSERT_TRUE(jv.IsValid()) << a.body;
    EXPECT_EQ(pv.GetType(), CPLJSONObject::Type::Double) << a.body;
    EXPECT_EQ(jv.GetType(), CPLJSONObject::Type::Double) << a.body;
    // Tokyo grows less slowly than Japan shrinks: Japan loses people by 2050.
    EXPECT_LT(root.GetDouble("japan_value"), 0);
    EXPECT_GT(root.GetDouble("prefecture_value"), root.GetDouble("japan_value"));
}

TEST_F(Endpoints, InfoOnLocationQuotientComparesWithJapanAsOne) {
    const Answer a = get("/info/it-specialization?lon=139.7528&lat=35.6940");
    ASSERT_EQ(a.status, 200u) << a.body;
    const CPLJSONObject root = parse_json(a.body);
    EXPECT_EQ(root.GetString("area/code"), "13101");
    EXPECT_GT(root.GetDouble("value"), 1);
    EXPECT_GT(root.GetDouble("prefecture_value"), 1);
    EXPECT_NEAR(root.GetDouble("japan_value"), 1.0, 1e-9) << "Japan's location quotient is 1 by definition";
}

TEST_F(Endpoints, InfoInNamieIsTheMergedHamadoriArea) {
    const Answer a = get("/info/population/2050?lon=140.99&lat=37.49");
    ASSERT_EQ(a.status, 200u) << a.body;
    const CPLJSONObject root = parse_json(a.body);
    EXPECT_EQ(root.GetString("area/code"), "07999");
    EXPECT_EQ(root.GetString("area/name"), "浜通り地域");
    const CPLJSONArray members = root.GetArray("merged/members");
    ASSERT_TRUE(members.IsValid()) << a.body;
    EXPECT_EQ(members.Size(), 13);
    bool namie = false;
    for (int i = 0; i < members.Size(); ++i) namie = namie || members[i].ToString().find("浪江町") != std::string::npos;
    EXPECT_TRUE(namie) << a.body;
    EXPECT_GT(root.GetDouble("value"), 100000);
}

TEST_F(Endpoints, InfoErrors) {
    expect_json_error("/info/population/2020?lon=141.5&lat=33.0", 404);  // the Pacific
    expect_json_error("/info/population/2020?lat=35.6940", 400);         // no lon
    expect_json_error("/info/population/2020?lon=139.75&lat=95", 400);   // no such latitude
    expect_json_error("/info/no-such-layer?lon=139.75&lat=35.69", 404);
}

// ================================================================ analysis APIs

TEST_F(Endpoints, FacilitiesListsFittedAndReferenceModels) {
    const Answer a = get("/api/facilities");
    ASSERT_EQ(a.status, 200u) << a.body;
    const CPLJSONObject root = parse_json(a.body);
    const CPLJSONArray list = root.GetArray("facilities");
    ASSERT_TRUE(list.IsValid()) << a.body.substr(0, 300);
    EXPECT_EQ(list.Size(), 18);
    int fitted = 0, reference = 0;
    bool starbucks = false;
    for (int i = 0; i < list.Size(); ++i) {
        const std::string kind = list[i].GetString("kind");
        if (kind == "fitted") ++fitted;
        if (kind == "reference") ++reference;
        if (list[i].GetString("facility") == "スターバックスコーヒー") {
            starbucks = true;
            EXPECT_EQ(kind, "reference");
            EXPECT_NEAR(list[i].GetDouble("p50_population"), 175000, 1);
            EXPECT_NEAR(list[i].GetDouble("p80_population"), 275000, 1);
        }
    }
    EXPECT_EQ(fitted, 13);
    EXPECT_EQ(reference, 5);
    EXPECT_TRUE(starbucks);
    EXPECT_GT(root.GetArray("published_reference").Size(), 0);
    expect_json_error("/api/facilities?sample=mars", 400);
}

TEST_F(Endpoints, PopulationBinsSumToTheirTotal) {
    const Answer a = get("/api/population-bins?year=2050");
    ASSERT_EQ(a.status, 200u) << a.body;
    const CPLJSONObject root = parse_json(a.body);
    EXPECT_EQ(root.GetInteger("year"), 2050);
    const CPLJSONArray bins = root.GetArray("bins");
    ASSERT_TRUE(bins.IsValid());
    EXPECT_EQ(bins.Size(), 11);
    int all = 0, outside = 0;
    for (int i = 0; i < bins.Size(); ++i) {
        all += bins[i].GetInteger("all_japan");
        outside += bins[i].GetInteger("outside_three_metro");
    }
    EXPECT_EQ(all, root.GetInteger("total_all_japan"));
    EXPECT_EQ(outside, root.GetInteger("total_outside_three_metro"));
    // 1,747 municipalities less 6 北方領土 villages and 13 浜通り municipalities.
    EXPECT_EQ(all, 1747 - 6 - 13);
    EXPECT_LT(outside, all);
    expect_json_error("/api/population-bins?year=1999", 400);
    expect_json_error("/api/population-bins?year=abc", 400);
}

// Census years from the census itself: all 1,741 municipalities (浜通り on their own; 富岡町, 大熊町, 双葉町
// and 浪江町 had no residents in 2015, published "-", counted as 0). Expected counts: the census workbook's
// sheet 1 (2015: column "2015年（平成27年）の人口（組替）", 2020: "総数") read independently with
// `ogr2ogr -f CSV` + a Python pass over rows of kind 1, 2, 3 and Tokyo's special wards, classed by the same
// bounds, outside = prefectures whose three_metro_areas is 0 in facts/regions.csv.
TEST_F(Endpoints, PopulationBinsOfCensusYearsCountEveryMunicipality) {
    const std::vector<int> all_2015{91, 122, 114, 99, 86, 285, 400, 262, 153, 94, 35};
    const std::vector<int> outside_2015{75, 108, 107, 83, 71, 224, 303, 156, 75, 40, 13};
    const std::vector<int> all_2020{94, 138, 111, 115, 73, 283, 402, 242, 153, 95, 35};
    const std::vector<int> outside_2020{77, 125, 103, 94, 60, 222, 305, 141, 75, 40, 13};
    for (const auto& [url, all, outside] :
         {std::tuple{"/api/population-bins?year=2015&source=census", all_2015, outside_2015},
          std::tuple{"/api/population-bins?year=2015", all_2015, outside_2015},
          std::tuple{"/api/population-bins?year=2020&source=census", all_2020, outside_2020}}) {
        const Answer a = get(url);
        ASSERT_EQ(a.status, 200u) << url << a.body;
        const CPLJSONObject root = parse_json(a.body);
        EXPECT_EQ(root.GetString("source"), "census") << url;
        EXPECT_EQ(root.GetInteger("total_all_japan"), 1741) << url;
        EXPECT_EQ(root.GetInteger("total_outside_three_metro"), 1255) << url;
        EXPECT_EQ(root.GetArray("not_counted").Size(), 6) << url;  // the 北方領土 villages
        const CPLJSONArray bins = root.GetArray("bins");
        ASSERT_EQ(bins.Size(), 11);
        for (int i = 0; i < bins.Size(); ++i) {
            EXPECT_EQ(bins[i].GetInteger("all_japan"), all[i]) << url << " class " << i;
            EXPECT_EQ(bins[i].GetInteger("outside_three_metro"), outside[i]) << url << " class " << i;
        }
    }
    EXPECT_EQ(parse_json(get("/api/population-bins?year=2020").body).GetString("source"), "ipss");
    // The population layer's 2015 is the census's: 長野市 377,598 persons, labelled as the census count.
    const CPLJSONObject nagano = parse_json(get("/info/population/2015/municipality?lon=138.19&lat=36.65").body);
    EXPECT_EQ(nagano.GetString("area/code"), "20201");
    EXPECT_DOUBLE_EQ(nagano.GetDouble("value"), 377598);
    EXPECT_EQ(nagano.GetString("numbers/numerator_label"), "総人口");
    expect_json_error("/api/population-bins?year=2015&source=ipss", 400);
    expect_json_error("/api/population-bins?year=2050&source=census", 400);
    expect_json_error("/api/population-bins?year=2020&source=estat", 400);
}

TEST_F(Endpoints, SearchFindsYubariFirstWithItsBounds) {
    const Answer a = get("/api/search?q=" + percent_encode("夕張"));
    ASSERT_EQ(a.status, 200u) << a.body;
    const CPLJSONObject root = parse_json(a.body);
    const CPLJSONArray results = root.GetArray("results");
    ASSERT_TRUE(results.IsValid()) << a.body;
    ASSERT_GE(results.Size(), 1);
    const CPLJSONObject first = results[0];
    EXPECT_EQ(first.GetString("code"), "01209");
    EXPECT_EQ(first.GetString("name"), "夕張市");
    const double lon = first.GetDouble("lon"), lat = first.GetDouble("lat");
    const CPLJSONArray bbox = first.GetArray("bbox");
    ASSERT_EQ(bbox.Size(), 4);
    const double west = bbox[0].ToDouble(), south = bbox[1].ToDouble(), east = bbox[2].ToDouble(),
                 north = bbox[3].ToDouble();
    EXPECT_LT(west, lon);
    EXPECT_LT(lon, east);
    EXPECT_LT(south, lat);
    EXPECT_LT(lat, north);
    // 夕張 lies in central Hokkaido.
    EXPECT_NEAR(lon, 142.0, 0.3);
    EXPECT_NEAR(lat, 43.0, 0.3);
    // The centre is inside 夕張市 itself: /info there answers 01209.
    const Answer info = get("/info/population/2050?lon=" + std::to_string(lon) + "&lat=" + std::to_string(lat));
    ASSERT_EQ(info.status, 200u) << info.body;
    EXPECT_EQ(parse_json(info.body).GetString("area/code"), "01209");
    expect_json_error("/api/search", 400);
}

// ================================================================ industry, finance and labour layers

namespace {

// The JSON answer at target, expected to be 200.
CPLJSONObject answer_json(std::uint16_t port, const std::string& target) {
    const Answer a = fetch(port, target);
    EXPECT_EQ(a.status, 200u) << target << ": " << a.body;
    return parse_json(a.body);
}

}  // namespace

TEST_F(Endpoints, InfoGivesTokyosIctLocationQuotientWithItsItemCodes) {
    const CPLJSONObject root = answer_json(port_, "/info/industry-lq/ict/prefecture?lon=139.7528&lat=35.6940");
    EXPECT_EQ(root.GetString("area/code"), "13000");
    EXPECT_EQ(root.GetString("numbers/numerator_code"), "ssdse:C220839");
    EXPECT_EQ(root.GetString("numbers/denominator_code"), "ssdse:C2208");
    EXPECT_NEAR(root.GetDouble("japan_value"), 1.0, 1e-12);
    // The quotient is Tokyo's share over Japan's share, both as served by the share layer.
    const CPLJSONObject share = answer_json(port_, "/info/industry-share/ict/prefecture?lon=139.7528&lat=35.6940");
    EXPECT_NEAR(root.GetDouble("value"), share.GetDouble("value") / share.GetDouble("japan_value"), 1e-9);
    EXPECT_NEAR(root.GetDouble("value"),
                100 * root.GetDouble("numbers/numerator") / root.GetDouble("numbers/denominator") / share.GetDouble("japan_value"),
                1e-9);
    const auto& c = styles::choropleth(*test::real_catalog(), *test::real_catalog()->resolve("industry-lq/ict/prefecture"));
    EXPECT_DOUBLE_EQ(root.GetDouble("value"), c.value(c.definition.default_year, "13000")->value);
}

TEST_F(Endpoints, InfoListsATownsTopThreeIndustries) {
    const CPLJSONObject root = answer_json(port_, "/info/industry-top?lon=137.156&lat=35.083");  // 豊田市
    EXPECT_EQ(root.GetString("area/code"), "23211");
    EXPECT_EQ(root.GetString("class_label/ja"), "製造業");
    EXPECT_EQ(root.GetString("prefecture_class_label/ja"), "製造業");  // 愛知県
    EXPECT_EQ(root.GetString("numbers/numerator_code"), "ssdse:C220837");
    const CPLJSONArray top = root.GetArray("top_categories");
    ASSERT_TRUE(top.IsValid()) << root.Format(CPLJSONObject::PrettyFormat::Plain);
    ASSERT_EQ(top.Size(), 3);
    EXPECT_EQ(top[0].GetString("name/ja"), "製造業");
    EXPECT_EQ(top[0].GetString("code"), "ssdse:C220837");
    EXPECT_NEAR(top[0].GetDouble("value"), 3.03, 0.01);  // location quotient
    EXPECT_NEAR(top[0].GetDouble("share"), 46.0, 0.1);   // % of the city's employees
    for (int i = 1; i < top.Size(); ++i) {
        EXPECT_LE(top[i].GetDouble("value"), top[i - 1].GetDouble("value"));
        EXPECT_GE(top[i].GetDouble("share"), 5) << "only industries with 5 % of the employees rank";
    }
}

TEST_F(Endpoints, InfoOnLabourAndFinanceNamesEveryItem) {
    CPLJSONObject root = answer_json(port_, "/info/unemployment?lon=139.7528&lat=35.6940");
    EXPECT_EQ(root.GetString("numbers/numerator_code"), "ssdse:F1107");
    EXPECT_EQ(root.GetString("numbers/denominator_code"), "ssdse:F1102 + ssdse:F1107");
    EXPECT_EQ(root.GetString("numbers/denominator_label"), "就業者数 + 完全失業者数");
    EXPECT_EQ(root.GetObj("prefecture_value").GetType(), CPLJSONObject::Type::Double);
    EXPECT_EQ(root.GetObj("japan_value").GetType(), CPLJSONObject::Type::Double);
    // A published ratio: the municipality's own number, no prefecture or Japan sum.
    root = answer_json(port_, "/info/finance-current-balance?lon=139.7528&lat=35.6940");
    EXPECT_EQ(root.GetString("numbers/numerator_code"), "ssdse:D2203");
    EXPECT_FALSE(root.GetObj("prefecture_value").IsValid());
    EXPECT_EQ(root.GetObj("japan_value").GetType(), CPLJSONObject::Type::Null);
    expect_json_error("/info/finance-current-balance/prefecture?lon=139.7528&lat=35.6940", 404);
}

TEST_F(Endpoints, IndustryTilesAndLegendsAnswer) {
    for (const std::string layer : {"industry-top", "industry-top/prefecture", "industry-lq/ict", "industry-share/manufacturing/meti",
                                    "finance-local-tax", "unemployment/bloc", "employment-primary"}) {
        for (const std::string tile : {"/5/28/12.png", "/10/909/403.png"}) {
            const Answer t = get("/tiles/" + layer + tile);
            EXPECT_EQ(t.status, 200u) << layer << tile << " " << t.body;
            EXPECT_EQ(t.content_type, "image/png") << layer << tile;
        }
        const CPLJSONObject legend = answer_json(port_, "/legend/" + layer + ".json");
        EXPECT_EQ(legend.GetArray("credits").Size(), 2) << layer;
        EXPECT_EQ(legend.GetArray("credits")[0].ToString(), kN03Credit) << layer;
    }
    // /layers names each industry layer's family and member, for a viewer to offer one industry choice.
    const CPLJSONArray layers = answer_json(port_, "/layers").GetArray("layers");
    int members = 0;
    for (int i = 0; i < layers.Size(); ++i)
        if (layers[i].GetString("family/id") == "industry-lq") {
            ++members;
            if (layers[i].GetString("id") == "industry-lq/ict") {
                EXPECT_EQ(layers[i].GetString("family/member"), "ict");
                EXPECT_EQ(layers[i].GetString("family/name/ja"), "情報通信業");
            }
        }
    EXPECT_EQ(members, 18);
    const CPLJSONObject top = answer_json(port_, "/legend/industry-top.json");
    // Seven industries in their own colours, the other eleven as その他, then データなし.
    ASSERT_EQ(top.GetArray("entries").Size(), 9);
    EXPECT_EQ(top.GetArray("entries")[0].GetString("label/ja"), "農業、林業");
    EXPECT_EQ(top.GetArray("entries")[7].GetString("label/ja"), "その他");
}
