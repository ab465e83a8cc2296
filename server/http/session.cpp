#include "server/http/session.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <exception>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

#include "server/http/access_log.h"
#include "server/http/compression.h"
#include "server/http/json_error.h"
#include "server/http/reply_runner.h"
#include "server/http/request_fields.h"
#include "server/http/response_head.h"

namespace rxmap::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using error_code = beast::error_code;

namespace {

// Bytes of headroom in the read buffer beyond the header limit, for the start
// of a pipelined next request. The parser's header_limit trips first.
constexpr std::size_t kBufferSlack = 4096;
// Bytes read per call while waiting for the first byte of the next request,
// and while draining a connection being closed.
constexpr std::size_t kReadChunk = 4096;

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

}  // namespace

Session::Session(tcp::socket&& socket, std::shared_ptr<ServerContext> ctx)
    : ctx_(std::move(ctx)),
      socket_(std::move(socket)),
      timer_(socket_.get_executor()),
      header_limit_(Clock::now() + ctx_->options.read_timeout),
      buffer_(ctx_->options.max_header_bytes + kBufferSlack),
      remote_(peer_address(socket_)),
      local_(local_authority(socket_)) {
    error_code ec;
    socket_.set_option(tcp::no_delay(true), ec);
}

Session::~Session() {
    ctx_->connections.leave(waiting_slot_);
    ctx_->connections.release(remote_);
    ctx_->stats.connections_open.fetch_sub(1, std::memory_order_relaxed);
}

void Session::start() {
    // The socket was accepted onto this session's event loop: start there.
    asio::dispatch(socket_.get_executor(), beast::bind_front_handler(&Session::read_request, shared_from_this()));
}

void Session::evict() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
        if (self->waiting_for_request_) self->close_now();  // else a request came: answer it
    });
}

void Session::read_request() {
    waiting_for_request_ = true;
    ctx_->connections.waiting(shared_from_this(), waiting_slot_);
    parser_.emplace();
    // Limit: request line + header fields (ServerOptions::max_header_bytes).
    parser_->header_limit(static_cast<std::uint32_t>(ctx_->options.max_header_bytes));
    if (first_request_ || buffer_.size() > 0) {
        if (!first_request_) header_limit_ = Clock::now() + ctx_->options.read_timeout;  // pipelined
        parse_header();
        return;
    }
    // Keep-alive: wait up to idle_timeout for the next request to begin.
    limit_io(Clock::now() + ctx_->options.idle_timeout);
    socket_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Session::on_idle_read, shared_from_this()));
}

void Session::on_idle_read(error_code ec, std::size_t bytes) {
    if (ec) {  // idle timeout, or the client closed: both normal
        close_now();
        return;
    }
    buffer_.commit(bytes);
    header_limit_ = Clock::now() + ctx_->options.read_timeout;
    parse_header();
}

void Session::parse_header() {
    // The parser takes the header once it is whole; until then the bytes stay in
    // buffer_. A bare LF would leave it waiting for a CRLF that never comes, so
    // it is refused here, at once, whatever the request's length.
    if (buffer_.size() > 0) {
        const auto data = buffer_.data();
        if (has_bare_line_feed({static_cast<const char*>(data.data()), data.size()})) {
            on_header(http::error::bad_line_ending);
            return;
        }
        error_code ec;
        buffer_.consume(parser_->put(data, ec));
        if (!ec && parser_->is_header_done()) {
            on_header({});
            return;
        }
        if (ec && ec != http::error::need_more) {
            on_header(ec);
            return;
        }
    }
    if (buffer_.size() >= buffer_.max_size()) {  // header_limit is below max_size: a safety net
        on_header(http::error::header_limit);
        return;
    }
    // Timeout: the whole request header (ServerOptions::read_timeout), counted from the accept
    // or from the request's first byte. Slow lorises end here. A header that came whole with
    // its first bytes (the usual case) never gets here.
    limit_io(header_limit_);
    const std::size_t room = std::min(kReadChunk, buffer_.max_size() - buffer_.size());
    socket_.async_read_some(buffer_.prepare(room), [self = shared_from_this()](error_code ec, std::size_t bytes) {
        self->buffer_.commit(bytes);
        if (ec) self->on_header(self->timed_out_ ? error_code(beast::error::timeout) : ec);
        else self->parse_header();
    });
}

void Session::on_header(error_code ec) {
    limit_ = kNoLimit;  // until the answer is written
    exchange_ = Exchange{};  // started now; "-" for the log until the request is known
    waiting_for_request_ = false;
    ctx_->connections.busy(waiting_slot_);
    if (!ec) {
        handle_request();
        return;
    }
    ServerStats& stats = ctx_->stats;
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
        ServerStats::bump(stats.headers_too_large);
        respond(json_error(431, "header_too_large",
                           "request header exceeds " + std::to_string(ctx_->options.max_header_bytes) + " bytes"));
    } else if (ec == beast::error::timeout) {
        ServerStats::bump(stats.read_timeouts);  // on_timer has closed the socket
        close_now();
    } else if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
               ec != http::error::end_of_stream && ec != http::error::partial_message &&
               ec != http::error::need_more) {
        ServerStats::bump(stats.malformed_requests);
        respond(json_error(400, "bad_request", "malformed HTTP request: " + ec.message()));
    } else {
        close_now();  // clean close between requests, reset, or mid-request hang-up
    }
}

void Session::handle_request() {
    const auto& req = parser_->get();
    const ServerOptions& opts = ctx_->options;
    ServerStats::bump(ctx_->stats.requests);
    Exchange& x = exchange_;
    x.method = std::string(req.method_string());
    x.target = std::string(req.target());
    x.version = req.version();
    x.head = req.method() == http::verb::head;
    x.keep_alive = req.keep_alive();
    x.preferences = {std::string(req[http::field::origin]), std::string(req[http::field::if_none_match]),
                     opts.gzip && accepts_gzip(sv(req[http::field::accept_encoding]))};

    // No endpoint takes a body; the session never reads one, so close after.
    if (parser_->chunked() || parser_->content_length().value_or(0) > 0) {
        x.keep_alive = false;
        return respond(json_error(413, "payload_too_large", "requests must not have a body"));
    }
    // Limit: request target (ServerOptions::max_target_bytes).
    if (req.target().size() > opts.max_target_bytes)
        return respond(json_error(414, "uri_too_long",
                                  "request target exceeds " + std::to_string(opts.max_target_bytes) + " bytes"));
    // A CORS preflight: OPTIONS with Origin and Access-Control-Request-Method.
    const bool preflight = req.method() == http::verb::options && ctx_->cors.enabled() &&
                           req.count(http::field::origin) && req.count(http::field::access_control_request_method);
    if (preflight) ServerStats::bump(ctx_->stats.preflights);
    if (!preflight && req.method() != http::verb::get && !x.head) {
        Response r = json_error(405, "method_not_allowed", "only GET and HEAD are supported");
        r.set("Allow", "GET, HEAD");
        return respond(std::move(r));
    }
    if (!preflight && answer_stored()) return;
    TargetParse parsed = parse_request_target(x.target);
    if (!parsed.target) return respond(json_error(400, "bad_request", parsed.error));
    // The one route lookup: the service for the path, or -1.
    routes_ = ctx_->current_routes();  // held until answered (HttpServer::replace_services)
    const long route = routes_->router.find_index(parsed.target->path);
    if (route < 0) return respond(json_error(404, "not_found", "no endpoint for " + parsed.target->path));
    x.metrics = routes_->metrics[static_cast<std::size_t>(route)];
    if (preflight) return answer_preflight();
    Service& service = routes_->router.service(static_cast<std::size_t>(route));

    std::optional<Reply> reply;
    try {
        reply.emplace(service.handle(make_request(req, std::move(*parsed.target), opts, ctx_->connections, remote_, local_)));
    } catch (const std::exception& e) {
        ServerStats::bump(ctx_->stats.handler_exceptions);
        std::fprintf(stderr, "server: service %.*s threw: %s\n", static_cast<int>(service.name().size()),
                     service.name().data(), e.what());
    } catch (...) {
        ServerStats::bump(ctx_->stats.handler_exceptions);
    }
    if (!reply) respond(json_error(500, "internal_error", "the request could not be handled"));
    else if (reply->is_async()) run_async(*ctx_, std::move(reply->start()), deliver());
    else if (reply->is_deferred()) run_deferred(*ctx_, exchange_.metrics, std::move(reply->job()), deliver());
    else respond(std::move(reply->response()));
}

namespace {

// A target the stored-answer path takes as it is: no query or escapes to decode, no "." or ".."
// segments (those go through parse_request_target, which refuses or decodes them).
bool plain_path(std::string_view target) {
    if (target.size() < 2 || target.front() != '/' || target.find("/.") != std::string_view::npos) return false;
    for (char c : target) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '/' ||
                        c == '.' || c == '-' || c == '_' || c == '@';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

bool Session::answer_stored() {
    // The hot path of tile serving: a stored tile is answered with a head written here in one
    // pass, with no Request, Response or finalize_response() (each field as they would set it),
    // and sent with its body in one gather write. Anything else — a query, escapes, a
    // conditional request, CORS with a list of origins — takes the general path.
    const Exchange& x = exchange_;
    const CorsPolicy& cors = ctx_->cors;
    if ((x.version != 10 && x.version != 11) || !plain_path(x.target) || !x.preferences.if_none_match.empty() ||
        (cors.enabled() && !cors.any()))
        return false;
    routes_ = ctx_->current_routes();
    const long route = routes_->router.find_index(x.target);
    StoredAnswer answer;
    if (route < 0 || !routes_->router.service(static_cast<std::size_t>(route)).answer_stored(x.target, answer)) {
        routes_.reset();
        return false;
    }
    exchange_.metrics = routes_->metrics[static_cast<std::size_t>(route)];
    routes_.reset();
    head_bytes_.clear();
    append_stored_answer_head(head_bytes_, answer, {x.version, x.keep_alive, http_date_now()}, cors.any());
    send(200, std::move(answer.body));
    return true;
}

void Session::answer_preflight() {
    if (!ctx_->cors.allows(exchange_.preferences.origin))
        return respond(json_error(403, "origin_not_allowed", "this origin may not read rxmap's answers"));
    Response r;
    r.status = 204;
    r.set("Access-Control-Allow-Methods", "GET, HEAD");
    const std::string headers =
        allowed_request_headers(sv(parser_->get()[http::field::access_control_request_headers]));
    if (!headers.empty()) r.set("Access-Control-Allow-Headers", headers);
    r.set("Access-Control-Max-Age", std::to_string(ctx_->options.cors_max_age_seconds));
    respond(std::move(r));
}

Deliver Session::deliver() {
    // Lets go of the session once called: a thread of the engine's or the worker pool's
    // never holds the last reference to it (nor, through it, to the server).
    return [self = shared_from_this()](Response r) mutable {
        auto session = std::move(self);
        auto executor = session->socket_.get_executor();
        asio::dispatch(executor, [session = std::move(session), r = std::move(r)]() mutable {
            session->respond(std::move(r));
        });
    };
}

void Session::respond(Response response) {
    routes_.reset();  // answered: the old services may go (HttpServer::replace_services)
    const ServerOptions& opts = ctx_->options;
    const FinalizeSettings settings{ctx_->cors, opts.gzip, opts.gzip_min_bytes, opts.gzip_level, &ctx_->gzip_memo};
    FinalAnswer answer = finalize_response(std::move(response), exchange_.preferences, settings);
    if (answer.not_modified) ServerStats::bump(ctx_->stats.not_modified);
    if (answer.gzipped) ServerStats::bump(ctx_->stats.gzipped);
    write_response(std::move(answer.response));
}

void Session::write_response(Response response) {
    const Exchange& x = exchange_;
    if (response.status == 204 || response.status == 304) response.body.reset();
    head_bytes_.clear();
    append_response_head(head_bytes_, response, {x.version, x.keep_alive, http_date_now()});
    send(response.status, std::move(response.body));
}

void Session::send(unsigned status, std::shared_ptr<const std::string> body) {
    Exchange& x = exchange_;
    x.status = status;
    x.body = std::move(body);
    const std::size_t body_bytes = x.body && !x.head ? x.body->size() : 0;
    const std::array<asio::const_buffer, 2> wire{asio::buffer(head_bytes_),
                                                 asio::const_buffer(x.body ? x.body->data() : nullptr, body_bytes)};
    // Timeout: writing the whole response (ServerOptions::write_timeout).
    limit_io(Clock::now() + ctx_->options.write_timeout);
    asio::async_write(socket_, wire, beast::bind_front_handler(&Session::on_write, shared_from_this()));
}

void Session::on_write(error_code ec, std::size_t) {
    limit_ = kNoLimit;
    const Exchange& x = exchange_;
    const auto elapsed = std::chrono::steady_clock::now() - x.started;
    if (ctx_->options.access_log) {
        const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
        write_access_log({remote_, x.method, x.target, x.status, x.head || !x.body ? 0 : x.body->size(), ms});
    }
    (x.metrics ? *x.metrics : ctx_->stats.unrouted).count_response(x.status, elapsed);
    ctx_->stats.count_status(x.status);  // after the log line: tests wait on it
    exchange_.body.reset();
    if (ec) {
        ServerStats::bump(ctx_->stats.write_errors);
        return close_now();
    }
    if (!x.keep_alive) return close_gracefully();
    first_request_ = false;
    read_request();
}

void Session::close_gracefully() {
    // Send FIN, then read and discard what the client still sends (bounded by
    // linger_timeout and linger_max_bytes), so that closing with unread data
    // does not reset the connection before the client has read our answer.
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close_now();
    lingered_ = 0;
    limit_io(Clock::now() + ctx_->options.linger_timeout);
    linger_read();
}

void Session::linger_read() {
    buffer_.clear();
    socket_.async_read_some(buffer_.prepare(std::min(kReadChunk, buffer_.max_size())),
                            beast::bind_front_handler(&Session::on_linger, shared_from_this()));
}

void Session::on_linger(error_code ec, std::size_t bytes) {
    lingered_ += bytes;
    if (ec || lingered_ >= ctx_->options.linger_max_bytes) return close_now();
    linger_read();
}

void Session::close_now() {
    closed_ = true;
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    timer_.cancel();  // its wait holds the session
}

void Session::limit_io(Clock::time_point limit) {
    limit_ = limit;
    if (closed_ || (timer_armed_ && limit >= timer_.expiry())) return;  // it fires first and re-arms for limit
    timer_armed_ = true;
    timer_.expires_at(limit);  // cancels a wait for a later time; its handler sees the error and returns
    timer_.async_wait([self = shared_from_this()](error_code ec) {
        if (!ec) self->on_timer();
    });
}

void Session::on_timer() {
    timer_armed_ = false;
    if (closed_ || limit_ == kNoLimit) return;  // no I/O waiting: the next limit_io arms it again
    if (Clock::now() < limit_) return limit_io(limit_);
    timed_out_ = true;
    error_code ec;
    socket_.close(ec);  // the pending read or write ends with operation_aborted
}

}  // namespace rxmap::server
