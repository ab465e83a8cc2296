#pragma once
// What the endpoint tests (test_endpoints_*.cpp) share: the real server assembled as
// cli/serve_generation.cpp does (TileEngine on the real catalogue and every service), started once a
// suite through loopback_server.h, and a client that reports transport errors instead of throwing.
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

#include "cli/serve_tile_options.h"
#include "engine_fixture.h"
#include "loopback_server.h"
#include "server/api/catalog_service.h"
#include "server/api/engine_metrics.h"
#include "server/api/facilities_service.h"
#include "server/api/health_service.h"
#include "server/http/http_server.h"
#include "server/api/info_service.h"
#include "server/api/legend_service.h"
#include "server/api/metrics_service.h"
#include "server/api/population_bins_service.h"
#include "server/api/ready_service.h"
#include "server/api/search_service.h"
#include "server/api/static_service.h"
#include "server/api/tile_service.h"
#include "server/api/tilejson_service.h"
#include "server/api/wmts_service.h"
#include "styles/choropleth.h"
#include "tiles/tile_engine.h"

using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace rxmap::test::endpoints {

inline const std::string kN03Credit = "出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成";

struct Answer {
    unsigned status = 0;
    std::string content_type;
    std::string body;
    std::string error;  // transport error, empty when a response arrived
};

// One request on a fresh connection, with a deadline (tiles may render for a few seconds).
inline Answer fetch(std::uint16_t port, const std::string& target, http::verb method = http::verb::get) {
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
inline std::string percent_encode(const std::string& s) {
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

inline CPLJSONObject parse_json(const std::string& body) {
    CPLJSONDocument doc;
    if (!doc.LoadMemory(body)) {
        ADD_FAILURE() << "not JSON: " << body.substr(0, 300);
        return CPLJSONObject();
    }
    return doc.GetRoot();
}

// PNG bytes -> (width, height), or (0, 0) when they do not decode.
inline std::pair<unsigned, unsigned> png_size(const std::string& png) {
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
        auto catalog = real_catalog();
        tiles::EngineOptions engine_options = unbudgeted_engine_options();
        cli::ServeTileArgs tile_args;
        cli::apply_serve_options(tile_args, engine_options);
        engine_ = std::make_shared<tiles::TileEngine>(catalog, engine_options);
        std::shared_ptr<tiles::TileSource> tile_source = cli::serve_tile_source(engine_, tile_args);
        server::ServerOptions options = loopback_options();
        options.worker_threads = 2;
        std::vector<std::shared_ptr<server::Service>> services{
            std::make_shared<server::TileService>(tile_source), std::make_shared<server::HealthService>(),
            std::make_shared<server::TileJsonService>(catalog), std::make_shared<server::WmtsService>(catalog),
            std::make_shared<server::CatalogService>(catalog), std::make_shared<server::LegendService>(catalog),
            std::make_shared<server::InfoService>(catalog), std::make_shared<server::FacilitiesService>(catalog),
            std::make_shared<server::PopulationBinsService>(catalog), std::make_shared<server::SearchService>(catalog),
            std::make_shared<server::StaticService>(RXMAP_SOURCE_DIR "/web/dist")};
        server_ = start_loopback_server(options, std::move(services), port_, [e = engine_](server::HttpServer& s) {
            s.add_service(std::make_shared<server::ReadyService>(s));
            s.add_service(std::make_shared<server::MetricsService>(
                s, std::make_shared<server::TextMetrics>([e] { return e->prometheus_text(); })));
        });
        server_->set_ready(true);
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

    static inline std::shared_ptr<tiles::TileEngine> engine_;
    static inline std::unique_ptr<server::HttpServer> server_;
    static inline std::uint16_t port_ = 0;
};

// The JSON answer at target, expected to be 200.
inline CPLJSONObject answer_json(std::uint16_t port, const std::string& target) {
    const Answer a = fetch(port, target);
    EXPECT_EQ(a.status, 200u) << target << ": " << a.body;
    return parse_json(a.body);
}

}  // namespace rxmap::test::endpoints

using rxmap::test::endpoints::Endpoints;
