#include "server/metrics.h"

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <vector>

namespace rxmap::server {
namespace {

std::string u64(std::uint64_t v) { return std::to_string(v); }

void sample(std::string& out, std::string_view name, std::string_view labels, const std::string& value) {
    out += name;
    if (!labels.empty()) {
        out += '{';
        out += labels;
        out += '}';
    }
    out += ' ';
    out += value;
    out += '\n';
}

std::string service_label(const ServiceMetrics& m) { return "service=\"" + prometheus_label(m.name) + "\""; }

void histogram(std::string& out, std::string_view name, const std::string& labels, const DurationHistogram& h) {
    std::uint64_t cumulative = 0;
    const std::string prefix = labels.empty() ? std::string() : labels + ",";
    for (std::size_t i = 0; i < DurationHistogram::kBounds.size(); ++i) {
        cumulative += h.buckets[i].load(std::memory_order_relaxed);
        sample(out, std::string(name) + "_bucket",
               prefix + "le=\"" + prometheus_number(DurationHistogram::kBounds[i]) + "\"", u64(cumulative));
    }
    // Read count after the buckets: +Inf is never below the last bucket.
    const std::uint64_t count = std::max(cumulative, h.count.load(std::memory_order_relaxed));
    sample(out, std::string(name) + "_bucket", prefix + "le=\"+Inf\"", u64(count));
    sample(out, std::string(name) + "_sum", labels,
           prometheus_number(static_cast<double>(h.sum_micros.load(std::memory_order_relaxed)) / 1e6));
    sample(out, std::string(name) + "_count", labels, u64(count));
}

}  // namespace

void prometheus_header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

std::string prometheus_label(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out.push_back(c);
    }
    return out;
}

std::string prometheus_number(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    if (v == std::floor(v) && std::fabs(v) < 9e15) return std::to_string(static_cast<long long>(v));
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

void write_server_metrics(std::string& out, const ServerStats& stats, const WorkerPoolState& pool, bool ready) {
    std::vector<const ServiceMetrics*> services;
    for (const auto& s : stats.services) services.push_back(s.get());
    services.push_back(&stats.unrouted);

    prometheus_header(out, "rxmap_ready", "gauge", "1 once the data is loaded and the server takes traffic (/readyz).");
    sample(out, "rxmap_ready", "", ready ? "1" : "0");

    prometheus_header(out, "rxmap_http_requests_total", "counter",
                      "HTTP responses sent, by service (route) and status code; service=\"none\" when no route matched.");
    for (const ServiceMetrics* m : services)
        for (unsigned code = ServiceMetrics::kMinStatus; code <= ServiceMetrics::kMaxStatus; ++code)
            if (const auto n = m->responses[code - ServiceMetrics::kMinStatus].load(std::memory_order_relaxed))
                sample(out, "rxmap_http_requests_total", service_label(*m) + ",code=\"" + std::to_string(code) + "\"",
                       u64(n));

    prometheus_header(out, "rxmap_http_request_duration_seconds", "histogram",
                      "Time from a complete request header to the response written, by service.");
    for (const ServiceMetrics* m : services)
        if (m->request_seconds.count.load(std::memory_order_relaxed) > 0)
            histogram(out, "rxmap_http_request_duration_seconds", service_label(*m), m->request_seconds);

    prometheus_header(out, "rxmap_job_duration_seconds", "histogram",
                      "Run time of blocking jobs on the worker pool, by service (tiles answer asynchronously and are not here).");
    for (const ServiceMetrics* m : services)
        if (m->job_seconds.count.load(std::memory_order_relaxed) > 0)
            histogram(out, "rxmap_job_duration_seconds", service_label(*m), m->job_seconds);

    prometheus_header(out, "rxmap_jobs_running", "gauge",
                      "Jobs running on the worker pool now, by service.");
    std::int64_t running = 0;
    for (const ServiceMetrics* m : services) {
        const auto r = m->jobs_running.load(std::memory_order_relaxed);
        running += r;
        if (m != &stats.unrouted) sample(out, "rxmap_jobs_running", service_label(*m), std::to_string(r));
    }

    prometheus_header(out, "rxmap_worker_queue_depth", "gauge", "Jobs waiting for a worker thread.");
    const auto pending = static_cast<std::int64_t>(pool.pending);
    sample(out, "rxmap_worker_queue_depth", "", std::to_string(std::max<std::int64_t>(0, pending - running)));
    prometheus_header(out, "rxmap_worker_jobs_pending", "gauge", "Jobs queued or running on the worker pool.");
    sample(out, "rxmap_worker_jobs_pending", "", std::to_string(pending));
    prometheus_header(out, "rxmap_worker_jobs_limit", "gauge", "Pending jobs beyond which requests get 503.");
    sample(out, "rxmap_worker_jobs_limit", "", std::to_string(pool.max_pending));
    prometheus_header(out, "rxmap_worker_threads", "gauge", "Threads of the worker pool.");
    sample(out, "rxmap_worker_threads", "", std::to_string(pool.threads));

    prometheus_header(out, "rxmap_async_answers_pending", "gauge",
                      "Requests waiting for an asynchronous answer (tile store reads, renders); they hold no thread.");
    sample(out, "rxmap_async_answers_pending", "", std::to_string(stats.async_pending->load(std::memory_order_relaxed)));
    prometheus_header(out, "rxmap_connections_open", "gauge", "Client connections open now.");
    sample(out, "rxmap_connections_open", "", std::to_string(stats.connections_open.load(std::memory_order_relaxed)));

    const struct {
        const char* name;
        const ServerStats::Counter& counter;
        const char* help;
    } counters[] = {
        {"rxmap_connections_accepted_total", stats.connections_accepted, "Client connections accepted."},
        {"rxmap_connections_rejected_total", stats.connections_rejected,
         "Connections refused with 503 over max_connections (no idle connection to close)."},
        {"rxmap_client_connections_rejected_total", stats.client_connections_rejected,
         "Connections refused with 503 because their client had max_client_connections open."},
        {"rxmap_idle_connections_closed_total", stats.idle_connections_closed,
         "Idle keep-alive (or unfinished) connections closed at max_connections to admit a new client."},
        {"rxmap_http_malformed_requests_total", stats.malformed_requests, "Requests that were not valid HTTP (400)."},
        {"rxmap_http_headers_too_large_total", stats.headers_too_large, "Requests whose header exceeded the limit (431)."},
        {"rxmap_http_read_timeouts_total", stats.read_timeouts, "Connections dropped because a request header came too slowly."},
        {"rxmap_http_write_errors_total", stats.write_errors, "Responses that could not be written (error or timeout)."},
        {"rxmap_handler_exceptions_total", stats.handler_exceptions, "Services or jobs that threw (answered 500)."},
        {"rxmap_jobs_rejected_total", stats.jobs_rejected, "Requests answered 503 because the worker queue was full."},
        {"rxmap_http_not_modified_total", stats.not_modified, "Requests answered 304 Not Modified (If-None-Match)."},
        {"rxmap_http_gzip_responses_total", stats.gzipped, "Responses sent with Content-Encoding: gzip."},
        {"rxmap_http_cors_preflights_total", stats.preflights, "CORS preflight (OPTIONS) requests answered."},
    };
    for (const auto& c : counters) {
        prometheus_header(out, c.name, "counter", c.help);
        sample(out, c.name, "", u64(c.counter.load(std::memory_order_relaxed)));
    }
}

}  // namespace rxmap::server
