#pragma once
// State shared by the listener and every session of one HttpServer. Sessions
// hold it by shared_ptr, so it outlives the last of them.
#include <atomic>
#include <cstddef>

#include <boost/asio/thread_pool.hpp>

#include "server/router.h"
#include "server/server_options.h"
#include "server/server_stats.h"

namespace rxmap::server {

struct ServerContext {
    ServerContext(ServerOptions opts, boost::asio::thread_pool::executor_type pool)
        : options(std::move(opts)), workers(pool) {}

    const ServerOptions options;
    Router router;  // filled before start(), read-only afterwards
    ServerStats stats;
    // Worker pool for blocking service jobs, and how many jobs it holds
    // (bounded by options.max_pending_jobs in session.cpp).
    boost::asio::thread_pool::executor_type workers;
    std::atomic<std::size_t> pending_jobs{0};
};

}  // namespace rxmap::server
