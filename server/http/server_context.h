#pragma once
// State shared by the listener and every session of one HttpServer. Sessions
// hold it by shared_ptr, so it outlives the last of them.
#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "server/http/body_memo.h"
#include "server/http/connection_table.h"
#include "server/http/cors.h"
#include "server/http/router.h"
#include "server/http/server_options.h"
#include "server/http/server_stats.h"

namespace rxmap::server {

// The services of one generation and their metrics; swapped whole by
// HttpServer::replace_services, never changed once published.
struct Routes {
    Router router;
    std::vector<ServiceMetrics*> metrics;  // metrics[i]: of the service at router index i
};

struct ServerContext {
    ServerContext(ServerOptions opts, boost::asio::thread_pool::executor_type pool, int pool_threads)
        : options(std::move(opts)),
          cors(options.cors_allow_origin),
          connections(options.max_client_connections, options.trusted_proxies),
          workers(pool),
          worker_threads(pool_threads) {}

    const ServerOptions options;
    const CorsPolicy cors;
    ConnectionTable connections;
    ServerStats stats;
    // A request reads the routes once and holds them until it is answered, so that
    // it finishes on the services it started on, whatever replace_services does.
    std::shared_ptr<const Routes> current_routes() const { return std::atomic_load(&routes); }
    std::shared_ptr<const Routes> routes = std::make_shared<const Routes>();  // std::atomic_load/store only
    // Worker pool for blocking service jobs, and how many jobs it holds
    // (bounded by options.max_pending_jobs in session.cpp).
    boost::asio::thread_pool::executor_type workers;
    const int worker_threads;
    std::atomic<std::size_t> pending_jobs{0};
    // /readyz: set by the owner once the data is loaded (HttpServer::set_ready).
    std::atomic<bool> ready{false};
    // gzip copies of shared bodies (cached documents), by body.
    BodyMemo<std::shared_ptr<const std::string>> gzip_memo{64};
};

}  // namespace rxmap::server
