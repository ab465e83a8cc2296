#pragma once
// What the HTTP feature tests (test_server_caching_cors.cpp, test_server_gzip_metrics.cpp) share: fake
// services (a tile source, JSON documents, engine metrics) and the fixture that starts the server on them
// through loopback_server.h. Named namespace: one copy per binary.
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <set>
#include <thread>

#include <boost/asio/write.hpp>

#include "server/http/body_memo.h"
#include "server/http/compression.h"
#include "server/http/cors.h"
#include "server/api/engine_metrics.h"
#include "server/http/etag.h"
#include "server/api/health_service.h"
#include "server/http/http_server.h"
#include "server/http/json_error.h"
#include "server/api/metrics_service.h"
#include "server/api/ready_service.h"
#include "server/http/request_target.h"
#include "server/http/router.h"
#include "server/api/tile_service.h"
#include "loopback_server.h"
#include "test_server_client.h"

using namespace rxmap::server;
using namespace std::chrono_literals;
using rxmap::test::fetch;
using rxmap::test::field;
using rxmap::test::Headers;
using rxmap::test::HttpClient;
using rxmap::test::HttpResponse;
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace rxmap::test::http_features {

inline const std::string kPngBytes = std::string("\x89PNG\r\n\x1A\n", 8) + std::string(2000, '\x07');

// "population" answers the same shared PNG every time (as the engine's store
// does); "fresh" a new copy each time.
class FakeSource : public rxmap::tiles::TileSource {
public:
    bool has_layer(std::string_view id) const override { return id == "population" || id == "fresh"; }
    rxmap::tiles::TileResult get(std::string_view id, const rxmap::tiles::TileAddress&) override {
        ++calls;
        rxmap::tiles::TileResult r;
        r.status = rxmap::tiles::TileStatus::ok;
        r.png = id == "population" ? shared_ : std::make_shared<const std::string>(kPngBytes);
        return r;
    }
    std::atomic<int> calls{0};
    std::shared_ptr<const std::string> shared_ = std::make_shared<const std::string>(kPngBytes);
};

// /doc/big: a 20 KB JSON document (shared body, ETag); /doc/small: a tiny one;
// /doc/png: a PNG body; /doc/vary: sets its own Vary.
class DocService : public Service {
public:
    std::string_view name() const override { return "doc"; }
    Route route() const override { return Route{"/doc/"}; }
    Reply handle(const Request& request) override {
        const std::string& p = request.target.path;
        Response r;
        if (p == "/doc/big") {
            r = json_response(200, "");
            r.content_type = "application/json; charset=utf-8";
            r.body = big_;
            r.set("ETag", strong_etag(*big_));
        } else if (p == "/doc/small") {
            r = json_response(200, R"({"ok":true})");
        } else if (p == "/doc/png") {
            r.content_type = "image/png";
            r.body = std::make_shared<const std::string>(std::string(4000, 'a'));
        } else if (p == "/doc/vary") {
            r = json_response(200, std::string(1000, ' ') + "{}");
            r.set("Vary", "Accept-Language");
        } else if (p == "/doc/base") {
            r = json_response(200, "\"" + json_escape(request.base_url) + "\"");
        } else {
            return json_error(404, "not_found", p);
        }
        return r;
    }
    std::shared_ptr<const std::string> big_ = [] {
        std::string s = "{\"items\":[";
        for (int i = 0; i < 1000; ++i) s += (i ? ",\"" : "\"") + std::string("item-") + std::to_string(i) + "\"";
        return std::make_shared<const std::string>(s + "]}");
    }();
};

class FakeEngineMetrics : public EngineMetrics {
public:
    void write_prometheus(std::string& out) const override {
        out += "# HELP rxmap_engine_fake_total A fake engine counter.\n# TYPE rxmap_engine_fake_total counter\n"
               "rxmap_engine_fake_total{store=\"memory\",result=\"hit\"} 42\n";
    }
};

class Features : public ::testing::Test {
protected:
    void SetUp() override { start({}); }

    void start(ServerOptions opts) {
        server_.reset();
        opts = rxmap::test::loopback_options(opts);
        opts.io_threads = 2;
        opts.worker_threads = 2;
        source_ = std::make_shared<FakeSource>();
        docs_ = std::make_shared<DocService>();
        server_ = rxmap::test::start_loopback_server(
            opts,
            {std::make_shared<TileService>(source_, TileServiceOptions{120, 1}), std::make_shared<HealthService>(), docs_},
            port_, [](HttpServer& s) {
                s.add_service(std::make_shared<ReadyService>(s));
                s.add_service(std::make_shared<MetricsService>(s, std::make_shared<FakeEngineMetrics>()));
            });
    }

    HttpResponse get(const std::string& target, const Headers& headers = {}) { return fetch(port_, target, headers); }
    HttpResponse head(const std::string& target, const Headers& headers = {}) {
        return fetch(port_, target, headers, "HEAD");
    }

    std::shared_ptr<FakeSource> source_;
    std::shared_ptr<DocService> docs_;
    std::unique_ptr<HttpServer> server_;
    std::uint16_t port_ = 0;
};

inline const std::regex kStrongEtag(R"re("[0-9a-f]{16}")re");

}  // namespace rxmap::test::http_features

// ctest -R server matches these suite names.
using server_Caching = rxmap::test::http_features::Features;
using server_Cors = rxmap::test::http_features::Features;
using server_Gzip = rxmap::test::http_features::Features;
using server_Metrics = rxmap::test::http_features::Features;
using server_Ready = rxmap::test::http_features::Features;
using server_Limits = rxmap::test::http_features::Features;
