#include "server/http/reply_runner.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>

#include <boost/asio/post.hpp>

#include "server/http/json_error.h"

namespace rxmap::server {

namespace {

Response internal_error() { return json_error(500, "internal_error", "the request could not be handled"); }

// One asynchronous answer still to come, counted in stats.async_pending until it is
// given, or until every copy of its Respond is gone unanswered (its source stopped).
struct PendingAnswer {
    PendingAnswer(std::shared_ptr<std::atomic<std::int64_t>> counter, Deliver to)
        : pending(std::move(counter)), deliver(std::move(to)) {
        pending->fetch_add(1, std::memory_order_relaxed);
    }
    ~PendingAnswer() {
        if (!answered) pending->fetch_sub(1, std::memory_order_relaxed);
    }
    // The first answer goes on; later ones are dropped, whatever the service does.
    void answer(Response r) {
        if (answered.exchange(true)) return;
        pending->fetch_sub(1, std::memory_order_relaxed);
        Deliver to = std::move(deliver);
        deliver = nullptr;
        to(std::move(r));
    }
    std::shared_ptr<std::atomic<std::int64_t>> pending;
    Deliver deliver;  // touched only by the first answer
    std::atomic<bool> answered{false};
};

}  // namespace

void run_deferred(ServerContext& ctx, ServiceMetrics* metrics, Reply::Job job, Deliver deliver) {
    if (ctx.pending_jobs.fetch_add(1) >= ctx.options.max_pending_jobs) {
        ctx.pending_jobs.fetch_sub(1);
        ServerStats::bump(ctx.stats.jobs_rejected);
        Response r = json_error(503, "overloaded", "too many requests in progress");
        r.set("Retry-After", std::to_string(ctx.options.retry_after_seconds));
        return deliver(std::move(r));
    }
    // The job blocks: on the worker pool, never on an I/O thread.
    boost::asio::post(ctx.workers, [&ctx, metrics, job = std::move(job), deliver = std::move(deliver)]() mutable {
        std::optional<Response> response;
        const auto job_start = std::chrono::steady_clock::now();
        if (metrics) metrics->jobs_running.fetch_add(1, std::memory_order_relaxed);
        try {
            response.emplace(job());
        } catch (const std::exception& e) {
            ServerStats::bump(ctx.stats.handler_exceptions);
            std::fprintf(stderr, "server: deferred job threw: %s\n", e.what());
        } catch (...) {
            ServerStats::bump(ctx.stats.handler_exceptions);
        }
        if (metrics) {
            metrics->jobs_running.fetch_sub(1, std::memory_order_relaxed);
            metrics->job_seconds.observe(std::chrono::steady_clock::now() - job_start);
        }
        ctx.pending_jobs.fetch_sub(1);
        deliver(response ? std::move(*response) : internal_error());
    });
}

void run_async(ServerContext& ctx, Reply::Start start, Deliver deliver) {
    auto pending = std::make_shared<PendingAnswer>(ctx.stats.async_pending, std::move(deliver));
    Reply::Respond respond = [pending](Response r) { pending->answer(std::move(r)); };
    try {
        start(respond);
    } catch (const std::exception& e) {
        ServerStats::bump(ctx.stats.handler_exceptions);
        std::fprintf(stderr, "server: asynchronous start threw: %s\n", e.what());
        respond(internal_error());
    }
}

}  // namespace rxmap::server
