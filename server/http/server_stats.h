#pragma once
// Counters of the HTTP server, bumped with relaxed atomics and read by
// whoever wants them (the /metrics service, tests).
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rxmap::server {

// A Prometheus-style histogram of durations with fixed bucket bounds.
struct DurationHistogram {
    // Upper bounds in seconds (le); +Inf is implied.
    static constexpr std::array<double, 14> kBounds{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                     0.25,  0.5,    1,     2.5,  5,     10,   30};

    DurationHistogram() {
        for (auto& b : buckets) b.store(0, std::memory_order_relaxed);
    }
    void observe(std::chrono::steady_clock::duration d) {
        const double seconds = std::chrono::duration<double>(d).count();
        std::size_t i = 0;
        while (i < kBounds.size() && seconds > kBounds[i]) ++i;
        if (i < kBounds.size()) buckets[i].fetch_add(1, std::memory_order_relaxed);
        count.fetch_add(1, std::memory_order_relaxed);
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
        sum_micros.fetch_add(us > 0 ? static_cast<std::uint64_t>(us) : 0, std::memory_order_relaxed);
    }

    std::array<std::atomic<std::uint64_t>, kBounds.size()> buckets;  // per bucket, not cumulative
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> sum_micros{0};
};

// Per service (by Service::name()): responses by status code, latencies, and
// the service's jobs on the worker pool.
struct ServiceMetrics {
    static constexpr unsigned kMinStatus = 100, kMaxStatus = 599;

    explicit ServiceMetrics(std::string service_name) : name(std::move(service_name)) {
        for (auto& r : responses) r.store(0, std::memory_order_relaxed);
    }
    void count_response(unsigned status, std::chrono::steady_clock::duration latency) {
        if (status >= kMinStatus && status <= kMaxStatus)
            responses[status - kMinStatus].fetch_add(1, std::memory_order_relaxed);
        request_seconds.observe(latency);
    }

    const std::string name;
    std::array<std::atomic<std::uint64_t>, kMaxStatus - kMinStatus + 1> responses;
    DurationHistogram request_seconds;  // request header read -> response written
    DurationHistogram job_seconds;      // a deferred job (e.g. a tile render) start -> end, on the pool
    std::atomic<std::int64_t> jobs_running{0};
};

struct ServerStats {
    using Counter = std::atomic<std::uint64_t>;

    Counter connections_accepted{0};
    Counter connections_rejected{0};  // over max_connections, nothing idle to close
    Counter client_connections_rejected{0};  // over max_client_connections
    Counter idle_connections_closed{0};      // closed at max_connections to admit a new one
    std::atomic<std::int64_t> connections_open{0};

    Counter requests{0};        // complete request headers read
    Counter responses_2xx{0};
    Counter responses_3xx{0};
    Counter responses_4xx{0};
    Counter responses_5xx{0};

    Counter malformed_requests{0};  // HTTP parse errors (answered 400)
    Counter headers_too_large{0};   // answered 431
    Counter read_timeouts{0};       // request header not complete in time
    Counter write_errors{0};        // write failed or timed out
    Counter handler_exceptions{0};  // a service threw (answered 500)
    Counter jobs_rejected{0};       // worker queue full (answered 503)
    // Asynchronous answers (tiles) not yet given. Shared: an answer still to come holds
    // the counter, not the server, so that the engine thread giving it never holds the
    // last reference to the server (session.cpp).
    std::shared_ptr<std::atomic<std::int64_t>> async_pending = std::make_shared<std::atomic<std::int64_t>>(0);
    Counter not_modified{0};        // answered 304 to If-None-Match
    Counter gzipped{0};             // answers sent gzip-encoded
    Counter preflights{0};          // CORS preflights answered

    // Answers that no service produced (unknown path, 400/405/413/414/431...).
    ServiceMetrics unrouted{"none"};
    // One per distinct service name, added before the server starts (then
    // read-only, so readers need no lock).
    std::vector<std::unique_ptr<ServiceMetrics>> services;

    ServiceMetrics& service(std::string_view name) {
        for (auto& s : services)
            if (s->name == name) return *s;
        services.push_back(std::make_unique<ServiceMetrics>(std::string(name)));
        return *services.back();
    }

    void count_status(unsigned status) {
        Counter* c = status < 300 ? &responses_2xx
                   : status < 400 ? &responses_3xx
                   : status < 500 ? &responses_4xx
                                  : &responses_5xx;
        c->fetch_add(1, std::memory_order_relaxed);
    }
    static void bump(Counter& c) { c.fetch_add(1, std::memory_order_relaxed); }
};

}  // namespace rxmap::server
