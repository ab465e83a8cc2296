#pragma once
// Public façade of the HTTP server. Owns the I/O threads, the worker pool for
// blocking service work, the listener and the router. No Beast or Asio types
// leak from here, so cli/ and tests only include this and the services.
//
//   ServerOptions opts;  opts.port = 0;
//   HttpServer server(opts, {std::make_shared<TileService>(source),
//                            std::make_shared<HealthService>()});
//   std::uint16_t port = server.start();   // bound; serving on I/O threads
//   ...
//   server.stop();                           // or server.run() to block
//
// `rxmap serve` catches SIGINT/SIGTERM (catch_signals), blocks in run() and returns
// after the drain; SIGHUP asks the owner to load a new generation of services, which
// replace_services swaps in while requests in flight finish on the old ones.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "server/http/server_options.h"
#include "server/http/server_stats.h"
#include "server/http/service.h"

namespace rxmap::server {

class HttpServer {
public:
    // Throws std::invalid_argument on a null service or a route taken twice.
    HttpServer(ServerOptions options, std::vector<std::shared_ptr<Service>> services);
    ~HttpServer();  // stop()
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Registers one more service; only before start() (std::logic_error after).
    // Handy for services that need the server itself, such as /metrics.
    void add_service(std::shared_ptr<Service> service);

    // Binds and listens (port 0 = any free port), starts the I/O threads, and
    // returns the bound port. Idempotent. Throws std::runtime_error (e.g.
    // boost::system::system_error) if the address cannot be bound.
    std::uint16_t start();
    // start() if needed, then block until stop() is called from another thread, or,
    // after catch_signals, until SIGINT or SIGTERM has been drained (drain()).
    void run();
    // Drains: not ready (balancers move away), on_drain (the owner stops admitting
    // work: the engine's begin_shutdown), waits for every answer still to come
    // (pending_answers(), at most options().drain_timeout) and for their writes, then
    // stop(). Not from an I/O thread.
    void drain();
    struct SignalHandlers {
        std::function<void()> on_drain;   // see drain()
        std::function<void()> on_hangup;  // SIGHUP, on an I/O thread: must not block; empty: not caught
    };
    // SIGINT and SIGTERM (and SIGHUP with on_hangup) through an asio::signal_set on
    // the server's io_context: the first SIGINT/SIGTERM makes run() drain and return.
    // Once, before start().
    void catch_signals(SignalHandlers handlers);

    // Replaces every service at once (after start(): a new data generation). A
    // request is routed once and keeps the services it was routed to until it is
    // answered: requests in flight finish on the old services, later ones see only
    // the new ones. Waits until no request holds the old services (at most
    // options().drain_timeout; else they are released at the next replacement or at
    // stop()) and releases them on this thread, never on an I/O thread. The same
    // service names as before start() (their metrics); not from an I/O thread.
    // Throws std::invalid_argument like the constructor (the old services stay then).
    void replace_services(std::vector<std::shared_ptr<Service>> services);
    // Stops the I/O threads, waits for running worker jobs, then closes the
    // listening socket and every open connection (in-flight requests are
    // dropped). Idempotent. Not from a signal handler, nor from a service
    // (std::logic_error): call it from the thread that waits for signals.
    void stop();

    std::uint16_t port() const;  // 0 before start()
    const ServerOptions& options() const;
    const ServerStats& stats() const;

    // Readiness for /readyz (ReadyService): false until the owner says the data
    // is loaded. Any thread; set_ready(false) before stop() drains a balancer.
    void set_ready(bool ready);
    // Requests not answered yet: jobs queued or running on the worker pool, and
    // asynchronous answers (tiles) still to come (for a graceful stop).
    std::size_t pending_answers() const;
    bool ready() const;

    // Appends the server's metrics in the Prometheus text format 0.0.4
    // (requests by service and status, latencies, job durations, worker queue,
    // connections, readiness). Any thread; does not block.
    void write_metrics(std::string& out) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rxmap::server
