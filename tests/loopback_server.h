#pragma once
// The one start-up of a test HTTP server: loopback only, a port the OS picks, no access log (a
// test that reads the log turns it on). server_fixture.h starts the real catalogue's server with
// it; test_http_server.cpp and test_server_http_features.cpp start their fake services' servers.
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "server/http/http_server.h"
#include "server/http/server_options.h"
#include "server/http/service.h"

namespace rxmap::test {

// `opts` on 127.0.0.1, port 0, without the access log; every other field as given.
inline server::ServerOptions loopback_options(server::ServerOptions opts = {}) {
    opts.address = "127.0.0.1";
    opts.port = 0;
    opts.access_log = false;
    return opts;
}

// A started server on `services` (port 0 replaced by the bound one in *port); `more` adds what
// needs the server itself (readiness, metrics) before it starts.
inline std::unique_ptr<server::HttpServer> start_loopback_server(
    const server::ServerOptions& opts, std::vector<std::shared_ptr<server::Service>> services, std::uint16_t& port,
    const std::function<void(server::HttpServer&)>& more = {}) {
    auto server = std::make_unique<server::HttpServer>(opts, std::move(services));
    if (more) more(*server);
    port = server->start();
    return server;
}

}  // namespace rxmap::test
