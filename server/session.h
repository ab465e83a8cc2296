#pragma once
// One HTTP/1.1 connection: read a request header (with size limit and
// timeouts), route it, answer, and loop while keep-alive holds. Runs on its
// own strand; blocking service jobs go to the worker pool, asynchronous ones
// (tiles) answer through a callback, and either response comes back to that
// strand. While it waits for a request the session is listed in the server's
// ConnectionTable, which may close it (evict) to admit a new client. Every answer passes through respond(), which
// adds the CORS fields, answers 304 to a matching If-None-Match, gzips text
// answers for clients that accept it, and sets Vary; on_write counts it in
// the service's metrics.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/span_body.hpp>

#include "server/server_context.h"
#include "server/service.h"

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

    void read_request();
    void on_idle_read(error_code ec, std::size_t bytes);
    void read_header();
    void parse_header();
    void on_header(error_code ec);
    void handle_request();
    void answer_preflight();
    void run_deferred(Reply::Job job);
    void run_async(Reply::Start start);
    // Adds CORS and Vary, answers 304 to a matching If-None-Match, gzips when
    // the client accepts it, then writes.
    void respond(Response response);
    void write_response(Response response);
    void on_write(error_code ec, std::size_t bytes);
    void close_gracefully();
    void linger_read();
    void on_linger(error_code ec, std::size_t bytes);
    void close_now();

    // Resets per-request state for an answer to an unparseable request.
    void respond_and_close(Response response);

    std::shared_ptr<ServerContext> ctx_;
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::empty_body>> parser_;
    std::string remote_;
    std::string local_;  // "127.0.0.1:8080": fallback authority for Request::base_url
    bool first_request_ = true;
    bool waiting_for_request_ = false;  // listed in ctx_->connections as waiting
    ConnectionTable::WaitingSlot waiting_slot_;

    // The request being answered.
    std::chrono::steady_clock::time_point started_;
    std::string method_ = "-";
    std::string target_ = "-";
    unsigned version_ = 11;
    bool head_ = false;
    bool keep_alive_ = false;
    std::string origin_;         // Origin field ("" = none)
    std::string if_none_match_;  // If-None-Match field
    bool accepts_gzip_ = false;
    ServiceMetrics* metrics_ = nullptr;  // the routed service's; null = unrouted
    std::shared_ptr<const Routes> routes_;  // the services it was routed to, until answered

    // The response being written; res_body_ keeps the span's bytes alive.
    boost::beast::http::response<boost::beast::http::span_body<const char>> res_;
    std::shared_ptr<const std::string> res_body_;
    unsigned status_ = 0;

    std::size_t lingered_ = 0;
};

}  // namespace rxmap::server
