#include "server/http/http_server.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>

#include "server/http/access_log.h"
#include "server/http/listener.h"
#include "server/http/metrics.h"
#include "server/http/server_context.h"

namespace rxmap::server {

namespace asio = boost::asio;

namespace {

// How long stop() waits for asynchronous answers still to come (above the engine's
// 30 s render timeout).
constexpr std::chrono::seconds kAsyncDrainLimit{40};
// After the last answer of a drain is handed to its session: time for its write (a
// tile is a few kB to loopback or a proxy) before stop() closes the connections.
constexpr std::chrono::milliseconds kLastWriteGrace{300};
// How long an I/O thread with nothing to do keeps looking for work before it sleeps (run_loop).
constexpr std::chrono::microseconds kSpinBeforeSleep{50};
// How often a drain or replace_services looks whether the answers or requests are done.
constexpr std::chrono::milliseconds kDrainPoll{10};

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
          ctx(std::make_shared<ServerContext>(std::move(options), pool.get_executor(), worker_threads)) {
        // Concurrency hint 1: each loop is run by one thread (other threads still post to it).
        for (int i = 0; i < io_threads; ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
    }

    // `base` and `services`, each route with the metrics of its service's name. Once
    // serving, the metrics list is read without a lock: only names known before.
    std::shared_ptr<const Routes> routes_with(const Routes& base, std::vector<std::shared_ptr<Service>> services) {
        auto routes = std::make_shared<Routes>(base);
        for (auto& service : services) {
            const std::size_t index = routes->router.add(std::move(service));  // throws on null or a taken route
            const std::string_view name = routes->router.service(index).name();
            ServiceMetrics* metrics = nullptr;
            for (auto& m : ctx->stats.services)
                if (m->name == name) metrics = m.get();
            if (!metrics && started)
                throw std::invalid_argument("HttpServer::replace_services: no service " + std::string(name) +
                                            " before start()");
            routes->metrics.resize(index + 1, nullptr);
            routes->metrics[index] = metrics ? metrics : &ctx->stats.service(name);
        }
        return routes;
    }

    void wait_for_signal() {
        signals->async_wait([this](const boost::system::error_code& ec, int signal) {
            if (ec) return;  // cancelled: stopping
            if (signal == SIGHUP) {
                try {
                    handlers.on_hangup();
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "server: SIGHUP handler threw: %s\n", e.what());
                }
            } else {
                // Not under `mutex`: stop() holds it while it joins this thread.
                std::lock_guard lock(wait_mutex);
                drain_requested = true;  // a second SIGINT/SIGTERM while draining changes nothing
                wait_cv.notify_all();
            }
            wait_for_signal();
        });
    }

    bool on_io_thread() const {
        for (const auto& t : threads)
            if (t.get_id() == std::this_thread::get_id()) return true;
        return false;
    }

    // Runs the loop until stopped. With nothing to do it looks again for kSpinBeforeSleep before it
    // sleeps in epoll_wait: a keep-alive client's next request usually comes sooner than that, and
    // waking a sleeping thread (on a VM, an idle virtual CPU) costs more than the look.
    static void run_loop(asio::io_context& ioc) {
        auto idle_since = std::chrono::steady_clock::now();
        while (!ioc.stopped()) {
            if (ioc.poll() > 0) {
                idle_since = std::chrono::steady_clock::now();
            } else if (std::chrono::steady_clock::now() - idle_since >= kSpinBeforeSleep) {
                ioc.run_one();
                idle_since = std::chrono::steady_clock::now();
            }
        }
    }

    void run_io(asio::io_context& ioc) {
        // A handler that throws must not take the thread down with it.
        for (;;) {
            try {
                run_loop(ioc);
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
    // One event loop per I/O thread (as nginx has one per worker): a connection lives
    // on one loop for its life, so its handlers need no strand and no loop's lock or
    // wake-up is shared between threads. contexts[0] also runs the accept loop and the
    // signals. Cleared in stop(): destroying a loop destroys every session still
    // waiting on it, which closes their sockets.
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    std::shared_ptr<ServerContext> ctx;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::shared_ptr<Listener> listener;
    std::optional<asio::signal_set> signals;
    SignalHandlers handlers;
    std::vector<std::thread> threads;
    // Replaced routes that requests still held after drain_timeout (released later, off the I/O threads).
    std::vector<std::shared_ptr<const Routes>> retired;

    std::mutex mutex;
    bool started = false;
    bool stopped = false;
    // What run() waits for: stop() done, or a signal to drain.
    std::mutex wait_mutex;
    std::condition_variable wait_cv;
    bool run_over = false;
    bool drain_requested = false;
    std::uint16_t port = 0;
};

HttpServer::HttpServer(ServerOptions options, std::vector<std::shared_ptr<Service>> services)
    : impl_(std::make_unique<Impl>(std::move(options))) {
    std::atomic_store(&impl_->ctx->routes, impl_->routes_with(Routes{}, std::move(services)));
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::add_service(std::shared_ptr<Service> service) {
    std::lock_guard lock(impl_->mutex);
    if (impl_->started || impl_->stopped) throw std::logic_error("HttpServer::add_service after start()");
    std::atomic_store(&impl_->ctx->routes, impl_->routes_with(*impl_->ctx->routes, {std::move(service)}));
}

void HttpServer::replace_services(std::vector<std::shared_ptr<Service>> services) {
    Impl& s = *impl_;
    std::shared_ptr<const Routes> old;
    {
        std::lock_guard lock(s.mutex);
        if (s.on_io_thread()) throw std::logic_error("HttpServer::replace_services called from an I/O thread");
        if (s.stopped) throw std::logic_error("HttpServer::replace_services after stop()");
        old = std::atomic_exchange(&s.ctx->routes, s.routes_with(Routes{}, std::move(services)));
    }
    // Every request routed to the old services holds them until it is answered.
    const auto deadline = std::chrono::steady_clock::now() + s.ctx->options.drain_timeout;
    while (old.use_count() > 1 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(kDrainPoll);
    std::lock_guard lock(s.mutex);
    if (old.use_count() > 1) s.retired.push_back(std::move(old));
    s.retired.erase(std::remove_if(s.retired.begin(), s.retired.end(), [](const auto& r) { return r.use_count() == 1; }),
                    s.retired.end());
}

void HttpServer::catch_signals(SignalHandlers handlers) {
    std::lock_guard lock(impl_->mutex);
    Impl& s = *impl_;
    if (s.started || s.stopped || s.signals) throw std::logic_error("HttpServer::catch_signals: once, before start()");
    s.handlers = std::move(handlers);
    s.signals.emplace(*s.contexts.front(), SIGINT, SIGTERM);
    if (s.handlers.on_hangup) s.signals->add(SIGHUP);
    s.wait_for_signal();
}

void HttpServer::drain() {
    set_ready(false);
    if (impl_->handlers.on_drain) impl_->handlers.on_drain();
    const auto deadline = std::chrono::steady_clock::now() + impl_->ctx->options.drain_timeout;
    while (pending_answers() > 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(kDrainPoll);
    std::this_thread::sleep_for(kLastWriteGrace);
    stop();
}

std::uint16_t HttpServer::start() {
    std::lock_guard lock(impl_->mutex);
    Impl& s = *impl_;
    if (s.started) return s.port;
    if (s.stopped) throw std::logic_error("HttpServer::start after stop()");
    std::vector<asio::io_context*> loops;
    for (auto& c : s.contexts) loops.push_back(c.get());
    s.listener = std::make_shared<Listener>(std::move(loops), s.ctx);
    s.port = s.listener->open();
    s.listener->start();
    for (auto& c : s.contexts) {
        s.work.push_back(asio::make_work_guard(*c));
        s.threads.emplace_back([&s, loop = c.get()] { s.run_io(*loop); });
    }
    s.started = true;
    return s.port;
}

void HttpServer::run() {
    start();
    {
        std::unique_lock lock(impl_->wait_mutex);
        impl_->wait_cv.wait(lock, [this] { return impl_->run_over || impl_->drain_requested; });
        if (impl_->run_over) return;
    }
    drain();
}

void HttpServer::stop() {
    std::lock_guard lock(impl_->mutex);
    Impl& s = *impl_;
    if (s.stopped) return;
    if (s.on_io_thread()) throw std::logic_error("HttpServer::stop called from one of its own I/O threads");
    s.stopped = true;
    s.work.clear();
    for (auto& c : s.contexts) c->stop();
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
    s.signals.reset();
    // The accept loop's first: an accepted socket still queued there belongs to another loop.
    for (auto& c : s.contexts) c.reset();  // closes the listening socket and every open connection
    s.contexts.clear();
    s.retired.clear();
    if (s.ctx->options.access_log) flush_access_log();
    std::lock_guard wait_lock(s.wait_mutex);
    s.run_over = true;
    s.wait_cv.notify_all();
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
