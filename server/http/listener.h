#pragma once
// Accept loop: binds the listening socket and starts one Session per
// connection, on the server's event loops in turn (a session stays on its loop,
// so its handlers never run concurrently), within ServerOptions::max_connections
// (closing the longest-waiting idle connection at the cap) and
// max_client_connections per client address.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "server/http/server_context.h"

namespace rxmap::server {

class Listener : public std::enable_shared_from_this<Listener> {
public:
    // Accepts on loops[0]; hands the connections to `loops` in turn.
    Listener(std::vector<boost::asio::io_context*> loops, std::shared_ptr<ServerContext> ctx);

    // Binds and listens on options.address:options.port; returns the port
    // bound (useful with port 0). Throws boost::system::system_error.
    std::uint16_t open();
    // Starts the accept loop (asynchronous). It ends when the io_context is
    // stopped and destroyed (HttpServer::stop).
    void start();

private:
    using error_code = boost::system::error_code;

    void accept();
    void on_accept(error_code ec, boost::asio::ip::tcp::socket socket);
    void reject(boost::asio::ip::tcp::socket socket);

    std::vector<boost::asio::io_context*> loops_;
    std::size_t next_loop_ = 0;
    std::shared_ptr<ServerContext> ctx_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer backoff_;
    std::shared_ptr<const std::string> reject_response_;  // canned 503
};

}  // namespace rxmap::server
