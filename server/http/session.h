#pragma once
// One HTTP/1.1 connection: read a request header (with size limit and
// timeouts), route it, answer, and loop while keep-alive holds. Runs on one
// event loop (one thread); blocking service jobs go to the worker pool,
// asynchronous ones (tiles) answer through a callback, and either response
// comes back to that loop. While it waits for a request the session is listed in the server's
// ConnectionTable, which may close it (evict) to admit a new client. Every
// answer passes through finalize_response() (CORS, 304, gzip, Vary) and is
// written as one status-and-fields block plus the shared body bytes (never
// copied); on_write counts it in the service's metrics.
//
// Time limits (header, idle keep-alive, write, linger) are kept by one timer per
// connection, re-armed lazily: setting a limit writes a time point, and the timer,
// when it fires, re-arms itself if the limit has moved on. beast::tcp_stream armed and
// cancelled a timer for every read and write (a cancelled wait runs through the
// event loop too): per request, two of each on the hottest path.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>

#include "server/http/finalize_response.h"
#include "server/http/server_context.h"
#include "server/http/service.h"

namespace rxmap::server {

class Session : public std::enable_shared_from_this<Session> {
public:
    // The caller has already counted this connection in stats.connections_open;
    // the destructor uncounts it.
    Session(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<ServerContext> ctx);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void start();
    // Closes the connection if it is still waiting for a request (any thread).
    void evict();

private:
    using error_code = boost::beast::error_code;
    using Clock = std::chrono::steady_clock;
    static constexpr Clock::time_point kNoLimit = Clock::time_point::max();

    // The request being answered and its answer: replaced whole for each request.
    struct Exchange {
        std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
        std::string method = "-";
        std::string target = "-";
        unsigned version = 11;
        bool head = false;
        bool keep_alive = false;
        AnswerPreferences preferences;
        ServiceMetrics* metrics = nullptr;        // the routed service's; null = unrouted
        unsigned status = 0;                      // of the answer being written
        std::shared_ptr<const std::string> body;  // keeps the bytes being written alive
    };

    void read_request();
    void on_idle_read(error_code ec, std::size_t bytes);
    void parse_header();
    void on_header(error_code ec);
    void handle_request();
    // A stored tile answered at once (Service::answer_stored); false: take the general path.
    bool answer_stored();
    void answer_preflight();
    // Brings a response from any thread back to this session's event loop, to respond().
    std::function<void(Response)> deliver();
    void respond(Response response);
    void write_response(Response response);
    // Writes head_bytes_ and the body (none for HEAD) in one gather write.
    void send(unsigned status, std::shared_ptr<const std::string> body);
    void on_write(error_code ec, std::size_t bytes);
    void close_gracefully();
    void linger_read();
    void on_linger(error_code ec, std::size_t bytes);
    void close_now();
    // The I/O being started must end by `limit`, else the socket is closed (its handler sees
    // timed_out_). No I/O pending: limit_ = kNoLimit.
    void limit_io(Clock::time_point limit);
    void on_timer();

    std::shared_ptr<ServerContext> ctx_;
    boost::asio::ip::tcp::socket socket_;
    boost::asio::steady_timer timer_;
    Clock::time_point limit_ = kNoLimit;
    Clock::time_point header_limit_;  // the request header's: its first byte (or the accept) + read_timeout
    bool timer_armed_ = false;
    bool timed_out_ = false;
    bool closed_ = false;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::empty_body>> parser_;
    std::string remote_;
    std::string local_;  // "127.0.0.1:8080": fallback authority for Request::base_url
    bool first_request_ = true;
    bool waiting_for_request_ = false;  // listed in ctx_->connections as waiting
    ConnectionTable::WaitingSlot waiting_slot_;
    Exchange exchange_;
    std::string head_bytes_;  // status line and fields of the answer being written
    std::shared_ptr<const Routes> routes_;  // the services the request was routed to, until answered
    std::size_t lingered_ = 0;
};

}  // namespace rxmap::server
