#pragma once
// A test suite's server on the real catalog and engine (engine_fixture.h), on a free loopback
// port: built once per suite, torn down after it (server before engine).
#include <cpl_json.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine_fixture.h"
#include "loopback_server.h"
#include "server/http/http_server.h"
#include "server/api/tile_service.h"
#include "test_server_client.h"

namespace rxmap::test {

class RealServerSuite : public ::testing::Test {
protected:
    // The tile service on the engine comes first, then `services`; `more` adds what needs the
    // server itself (readiness, metrics) before it starts.
    static void start_server(std::vector<std::shared_ptr<server::Service>> services, int worker_threads,
                             const std::function<void(server::HttpServer&)>& more = {}) {
        catalog_ = real_catalog();
        engine_ = std::make_shared<tiles::TileEngine>(catalog_, unbudgeted_engine_options());
        services.insert(services.begin(), std::make_shared<server::TileService>(engine_));
        server::ServerOptions options = loopback_options();
        options.worker_threads = worker_threads;
        server_ = start_loopback_server(options, std::move(services), port_, more);
    }
    static void TearDownTestSuite() {
        server_.reset();
        engine_.reset();
    }

    static HttpResponse get(const std::string& target, const Headers& headers = {}) {
        return fetch(port_, target, headers);
    }

    // The answer to a GET as JSON, expecting `status`.
    static CPLJSONObject json(const std::string& target, unsigned status = 200) {
        const HttpResponse r = get(target);
        EXPECT_EQ(r.result_int(), status) << target << ": " << r.body();
        CPLJSONDocument doc;
        EXPECT_TRUE(doc.LoadMemory(r.body())) << target;
        return doc.GetRoot();
    }

    static inline std::shared_ptr<const catalog::LayerCatalog> catalog_;
    static inline std::shared_ptr<tiles::TileEngine> engine_;
    static inline std::unique_ptr<server::HttpServer> server_;
    static inline std::uint16_t port_ = 0;
};

}  // namespace rxmap::test
