#include "server/http_server.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "server/access_log.h"
#include "server/listener.h"
#include "server/metrics.h"
#include "server/server_context.h"

namespace rxmap::server {

namespace asio = boost::asio;

namespace {

// How long stop() waits for asynchronous answers still to come (above the engine's
// 30 s render timeout).
constexpr std::chrono::seconds kAsyncDrainLimit{40};

int resolve_threads(int requested) {
    if (requested > 0) return requested;
    const unsigned hw = std::thread::hardware_concurrency();
    return hw > 0 ? static_cast<int>(hw) : 1;
}

}  // namespace

struct HttpServer::Impl {
    explicit Impl(ServerOptions options)
        : io_threads(std::max(1, options.io_threads)),
          worker_threads(resolve_threads(options.worker_threads)),
          pool(static_cast<std::size_t>(worker_threads)),
          ioc(std::in_place, io_threads),
          ctx(std::make_shared<ServerContext>(std::move(options), pool.get_executor(), worker_threads)) {}

    // Adds a service to the router and gives its route the metrics of its name.
    void add(std::shared_ptr<Service> service) {
        const std::size_t index = ctx->router.add(service);  // throws on a null service or a taken route
        if (ctx->route_metrics.size() <= index) ctx->route_metrics.resize(index + 1, nullptr);
        ctx->route_metrics[index] = &ctx->stats.service(ctx->router.service(index).name());
    }

    void run_io() {
        // A handler that throws must not take the thread down with it.
        for (;;) {
            try {
                ioc->run();
                return;
            } catch (const std::exception& e) {
                std::fprintf(stderr, "server: I/O thread caught: %s\n", e.what());
            } catch (...) {
                std::fprintf(stderr, "server: I/O thread caught an unknown exception\n");
            }
        }
    }

    const int io_threads;
    const int worker_threads;
    asio::thread_pool pool;
    // Reset in stop(): destroying it destroys the listener and every session
    // still waiting on I/O, which closes their sockets.
    std::optional<asio::io_context> ioc;
    std::shared_ptr<ServerContext> ctx;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::shared_ptr<Listener> listener;
    std::vector<std::thread> threads;

    std::mutex mutex;
    std::condition_variable stopped_cv;
    bool started = false;
    bool stopped = false;
    std::uint16_t port = 0;
};

HttpServer::HttpServer(ServerOptions options, std::vector<std::shared_ptr<Service>> services)
    : impl_(std::make_unique<Impl>(std::move(options))) {
    for (auto& s : services) impl_->add(std::move(s));
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::add_service(std::shared_ptr<Service> service) {
    std::lock_guard lock(impl_->mutex);
    if (impl_->started || impl_->stopped) throw std::logic_error("HttpServer::add_service after start()");
    impl_->add(std::move(service));
}

std::uint16_t HttpServer::start() {
    std::lock_guard lock(impl_->mutex);
    Impl& s = *impl_;
    if (s.started) return s.port;
    if (s.stopped) throw std::logic_error("HttpServer::start after stop()");
    s.listener = std::make_shared<Listener>(*s.ioc, s.ctx);
    s.port = s.listener->open();
    s.listener->start();
    s.work.emplace(asio::make_work_guard(*s.ioc));
    for (int i = 0; i < s.io_threads; ++i) s.threads.emplace_back([&s] { s.run_io(); });
    s.started = true;
    return s.port;
}

void HttpServer::run() {
    start();
    std::unique_lock lock(impl_->mutex);
    impl_->stopped_cv.wait(lock, [this] { return impl_->stopped; });
}

void HttpServer::stop() {
    std::lock_guard lock(impl_->mutex);
    Impl& s = *impl_;
    if (s.stopped) return;
    for (const auto& t : s.threads)
        if (t.get_id() == std::this_thread::get_id())
            throw std::logic_error("HttpServer::stop called from one of its own I/O threads");
    s.stopped = true;
    s.work.reset();
    s.ioc->stop();
    for (auto& t : s.threads)
        if (t.joinable()) t.join();
    // Jobs still running post their answer to the stopped io_context, which
    // never runs it; wait for them before that io_context goes away.
    s.pool.join();
    // Likewise asynchronous answers (tiles): their source answers within its own
    // limit (the engine's render timeout) or drops them; wait, bounded, so that no
    // answer is posted to a destroyed io_context.
    const auto deadline = std::chrono::steady_clock::now() + kAsyncDrainLimit;
    while (s.ctx->stats.async_pending->load() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    s.listener.reset();
    s.ioc.reset();  // closes the listening socket and every open connection
    if (s.ctx->options.access_log) flush_access_log();
    s.stopped_cv.notify_all();
}

std::uint16_t HttpServer::port() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->port;
}

const ServerOptions& HttpServer::options() const { return impl_->ctx->options; }
const ServerStats& HttpServer::stats() const { return impl_->ctx->stats; }

void HttpServer::set_ready(bool ready) { impl_->ctx->ready.store(ready, std::memory_order_release); }
std::size_t HttpServer::pending_answers() const {
    const ServerContext& c = *impl_->ctx;
    const auto async = c.stats.async_pending->load(std::memory_order_acquire);
    return c.pending_jobs.load(std::memory_order_acquire) + static_cast<std::size_t>(std::max<std::int64_t>(0, async));
}

bool HttpServer::ready() const { return impl_->ctx->ready.load(std::memory_order_acquire); }

void HttpServer::write_metrics(std::string& out) const {
    const ServerContext& c = *impl_->ctx;
    WorkerPoolState pool;
    pool.threads = c.worker_threads;
    pool.pending = c.pending_jobs.load(std::memory_order_relaxed);
    pool.max_pending = c.options.max_pending_jobs;
    write_server_metrics(out, c.stats, pool, ready());
}

}  // namespace rxmap::server
