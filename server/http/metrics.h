#pragma once
// The server's counters in the Prometheus text exposition format 0.0.4.
#include <cstddef>
#include <string>
#include <string_view>

#include "server/http/server_stats.h"

namespace rxmap::server {

struct WorkerPoolState {
    int threads = 0;
    std::size_t pending = 0;      // jobs queued or running
    std::size_t max_pending = 0;  // ServerOptions::max_pending_jobs
};

// Appends every metric family of the server (see the README's /metrics table).
void write_server_metrics(std::string& out, const ServerStats& stats, const WorkerPoolState& pool, bool ready);

// Writers of other families (the engine, the shared cache) use common/prometheus_text.h.

}  // namespace rxmap::server
