#pragma once
// The server's counters in the Prometheus text exposition format 0.0.4.
#include <cstddef>
#include <string>
#include <string_view>

#include "server/server_stats.h"

namespace rxmap::server {

struct WorkerPoolState {
    int threads = 0;
    std::size_t pending = 0;      // jobs queued or running
    std::size_t max_pending = 0;  // ServerOptions::max_pending_jobs
};

// Appends every metric family of the server (see the README's /metrics table).
void write_server_metrics(std::string& out, const ServerStats& stats, const WorkerPoolState& pool, bool ready);

// Helpers for writers of other families (EngineMetrics implementations may use them).
// "# HELP name help\n# TYPE name type\n".
void prometheus_header(std::string& out, std::string_view name, std::string_view type, std::string_view help);
// A label value with '\\', '"' and newlines escaped.
std::string prometheus_label(std::string_view value);
// A sample value: integers as such, others with up to 9 significant digits
// after the point ("0.000123").
std::string prometheus_number(double value);

}  // namespace rxmap::server
