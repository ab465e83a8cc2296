#include "server/http/listener.h"

#include <chrono>
#include <cstdio>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include "server/http/session.h"

namespace rxmap::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// Pause after a failed accept (e.g. EMFILE: out of file descriptors) so the
// loop does not spin while the condition lasts.
constexpr std::chrono::milliseconds kAcceptBackoff{50};

std::string canned_503(int retry_after_seconds) {
    const std::string body = R"({"error":"overloaded","detail":"too many connections"})";
    return "HTTP/1.1 503 Service Unavailable\r\n"
           "Server: rxmap\r\n"
           "Content-Type: application/json\r\n"
           "X-Content-Type-Options: nosniff\r\n"
           "Retry-After: " + std::to_string(retry_after_seconds) + "\r\n"
           "Connection: close\r\n"
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

Listener::Listener(std::vector<asio::io_context*> loops, std::shared_ptr<ServerContext> ctx)
    : loops_(std::move(loops)),
      ctx_(std::move(ctx)),
      acceptor_(*loops_.at(0)),
      backoff_(acceptor_.get_executor()),
      reject_response_(std::make_shared<const std::string>(canned_503(ctx_->options.retry_after_seconds))) {}

std::uint16_t Listener::open() {
    const tcp::endpoint endpoint{asio::ip::make_address(ctx_->options.address), ctx_->options.port};
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    return acceptor_.local_endpoint().port();
}

void Listener::start() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] { self->accept(); });
}

void Listener::accept() {
    // Each connection lives on one loop, the loops in turn: its handlers never run concurrently.
    asio::io_context& loop = *loops_[next_loop_];
    next_loop_ = (next_loop_ + 1) % loops_.size();
    acceptor_.async_accept(loop, boost::beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;  // closing
    if (ec) {
        std::fprintf(stderr, "server: accept failed: %s\n", ec.message().c_str());
        backoff_.expires_after(kAcceptBackoff);
        backoff_.async_wait([self = shared_from_this()](error_code wait_ec) {
            if (!wait_ec) self->accept();
        });
        return;
    }
    ServerStats& stats = ctx_->stats;
    ServerStats::bump(stats.connections_accepted);
    error_code peer_ec;
    const auto peer = socket.remote_endpoint(peer_ec);
    const std::string address = peer_ec ? std::string("-") : peer.address().to_string();
    // Limit: connections of one client (ServerOptions::max_client_connections).
    if (!ctx_->connections.admit(address)) {
        ServerStats::bump(stats.client_connections_rejected);
        reject(std::move(socket));
        accept();
        return;
    }
    // Limit: open connections (ServerOptions::max_connections). Only the accept
    // loop increments the count, so check-then-increment does not race. At the cap, the
    // connection that has waited longest for a request makes room; it closes on its
    // own loop, so the count may pass the cap by the evictions under way.
    bool admitted = stats.connections_open.load() < static_cast<std::int64_t>(ctx_->options.max_connections);
    if (!admitted) {
        if (auto idle = ctx_->connections.take_longest_waiting()) {
            ServerStats::bump(stats.idle_connections_closed);
            idle->evict();
            admitted = true;
        }
    }
    if (admitted) {
        stats.connections_open.fetch_add(1);
        std::make_shared<Session>(std::move(socket), ctx_)->start();
    } else {
        ctx_->connections.release(address);
        ServerStats::bump(stats.connections_rejected);
        reject(std::move(socket));
    }
    accept();
}

void Listener::reject(tcp::socket socket) {
    // The canned answer fits the socket's send buffer: the write completes at
    // once, so no timeout is needed.
    auto sock = std::make_shared<tcp::socket>(std::move(socket));
    asio::async_write(*sock, asio::buffer(*reject_response_),
                      [sock, keep = reject_response_](error_code, std::size_t) {
                          error_code ignored;
                          sock->shutdown(tcp::socket::shutdown_both, ignored);
                          sock->close(ignored);
                      });
}

}  // namespace rxmap::server
