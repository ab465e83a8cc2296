#pragma once
// Counters of the HTTP server, bumped with relaxed atomics and read by
// whoever wants them (later: the /metrics service).
#include <atomic>
#include <cstdint>

namespace rxmap::server {

struct ServerStats {
    using Counter = std::atomic<std::uint64_t>;

    Counter connections_accepted{0};
    Counter connections_rejected{0};  // over max_connections
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
