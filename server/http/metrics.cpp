#include "server/http/metrics.h"

#include <algorithm>
#include <vector>

#include "common/prometheus_text.h"

namespace rxmap::server {
namespace {

using common::prometheus_label;
using common::prometheus_number;
using common::PrometheusText;

std::string service_label(const ServiceMetrics& m) { return "service=\"" + prometheus_label(m.name) + "\""; }

void histogram(PrometheusText& out, std::string_view name, const std::string& labels, const DurationHistogram& h) {
    std::vector<std::uint64_t> counts;
    for (const auto& b : h.buckets) counts.push_back(b.load(std::memory_order_relaxed));
    // Read count after the buckets: +Inf is never below the last bucket.
    const std::uint64_t count = h.count.load(std::memory_order_relaxed);
    out.histogram(name, labels, {DurationHistogram::kBounds.begin(), DurationHistogram::kBounds.end()}, counts, count,
                  prometheus_number(static_cast<double>(h.sum_micros.load(std::memory_order_relaxed)) / 1e6));
}

}  // namespace

void write_server_metrics(std::string& text, const ServerStats& stats, const WorkerPoolState& pool, bool ready) {
    PrometheusText out;
    std::vector<const ServiceMetrics*> services;
    for (const auto& s : stats.services) services.push_back(s.get());
    services.push_back(&stats.unrouted);

    out.metric("rxmap_ready", "gauge", "1 once the data is loaded and the server takes traffic (/readyz).", ready ? "1" : "0");

    out.family("rxmap_http_requests_total", "counter",
               "HTTP responses sent, by service (route) and status code; service=\"none\" when no route matched.");
    for (const ServiceMetrics* m : services)
        for (unsigned code = ServiceMetrics::kMinStatus; code <= ServiceMetrics::kMaxStatus; ++code)
            if (const auto n = m->responses[code - ServiceMetrics::kMinStatus].load(std::memory_order_relaxed))
                out.sample("rxmap_http_requests_total", service_label(*m) + ",code=\"" + std::to_string(code) + "\"", n);

    out.family("rxmap_http_request_duration_seconds", "histogram",
               "Time from a complete request header to the response written, by service.");
    for (const ServiceMetrics* m : services)
        if (m->request_seconds.count.load(std::memory_order_relaxed) > 0)
            histogram(out, "rxmap_http_request_duration_seconds", service_label(*m), m->request_seconds);

    out.family("rxmap_job_duration_seconds", "histogram",
               "Run time of blocking jobs on the worker pool, by service (tiles answer asynchronously and are not here).");
    for (const ServiceMetrics* m : services)
        if (m->job_seconds.count.load(std::memory_order_relaxed) > 0)
            histogram(out, "rxmap_job_duration_seconds", service_label(*m), m->job_seconds);

    out.family("rxmap_jobs_running", "gauge",
               "Jobs running on the worker pool now, by service.");
    std::int64_t running = 0;
    for (const ServiceMetrics* m : services) {
        const auto r = m->jobs_running.load(std::memory_order_relaxed);
        running += r;
        if (m != &stats.unrouted) out.sample("rxmap_jobs_running", service_label(*m), r);
    }

    out.family("rxmap_worker_queue_depth", "gauge", "Jobs waiting for a worker thread.");
    const auto pending = static_cast<std::int64_t>(pool.pending);
    out.sample("rxmap_worker_queue_depth", "", std::max<std::int64_t>(0, pending - running));
    out.metric("rxmap_worker_jobs_pending", "gauge", "Jobs queued or running on the worker pool.", pending);
    out.metric("rxmap_worker_jobs_limit", "gauge", "Pending jobs beyond which requests get 503.", pool.max_pending);
    out.metric("rxmap_worker_threads", "gauge", "Threads of the worker pool.", pool.threads);

    out.metric("rxmap_async_answers_pending", "gauge",
               "Requests waiting for an asynchronous answer (tile store reads, renders); they hold no thread.",
               stats.async_pending->load(std::memory_order_relaxed));
    out.metric("rxmap_connections_open", "gauge", "Client connections open now.", stats.connections_open.load(std::memory_order_relaxed));

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
    for (const auto& c : counters) out.metric(c.name, "counter", c.help, c.counter.load(std::memory_order_relaxed));
    text += out.text();
}

}  // namespace rxmap::server
