#include "server/session.h"

#include <boost/algorithm/string/predicate.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <exception>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "server/access_log.h"
#include "server/compression.h"
#include "server/cors.h"
#include "server/etag.h"
#include "server/json_error.h"

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

// IMF-fixdate for the Date header ("Sun, 06 Nov 1994 08:49:37 GMT"), built by
// hand so that the process locale cannot change the day and month names.
std::string http_date(std::time_t now) {
    static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday % 7], tm.tm_mday,
                  months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::string remote_address(const tcp::socket& socket) {
    error_code ec;
    const auto ep = socket.remote_endpoint(ec);
    return ec ? std::string("-") : ep.address().to_string();
}

std::string local_authority(const tcp::socket& socket) {
    error_code ec;
    const auto ep = socket.local_endpoint(ec);
    if (ec) return "localhost";
    const std::string host = ep.address().is_v6() ? "[" + ep.address().to_string() + "]" : ep.address().to_string();
    return host + ":" + std::to_string(ep.port());
}

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

// A line ended by LF alone, in the request header (up to its blank line, or all of
// `bytes` while that has not arrived). HTTP/1.1 lines end with CRLF.
bool has_bare_line_feed(std::string_view bytes) {
    const std::size_t end = bytes.find("\r\n\r\n");
    const std::string_view header = bytes.substr(0, end == std::string_view::npos ? bytes.size() : end);
    for (std::size_t i = header.find('\n'); i != std::string_view::npos; i = header.find('\n', i + 1))
        if (i == 0 || header[i - 1] != '\r') return true;
    return false;
}

// A Host field fit to put in a URL: host name or IP literal with optional port.
bool plausible_host(std::string_view host) {
    if (host.empty() || host.size() > 262) return false;
    for (char c : host) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '-' || c == ':' || c == '[' || c == ']' || c == '_';
        if (!ok) return false;
    }
    return true;
}

// ASCII case-insensitive comparison of header names and tokens (Boost.StringAlgo).
bool iequals(std::string_view a, std::string_view b) { return boost::algorithm::iequals(a, b); }

// The value of a response field the service set, or null.
std::string* find_header(Response& r, std::string_view name) {
    for (auto& [k, v] : r.headers)
        if (iequals(k, name)) return &v;
    return nullptr;
}

// Fields a 304 keeps (RFC 9110 15.4.5), besides those the session adds.
bool kept_in_304(std::string_view name) {
    for (std::string_view keep : {"ETag", "Cache-Control", "Expires", "Vary", "Content-Location", "Last-Modified"})
        if (iequals(name, keep)) return true;
    return false;
}

// Bodies at least this big are remembered gzipped (by body) for the next
// request: services that cache a document share one body between requests.
constexpr std::size_t kGzipMemoMinBytes = 16 * 1024;

}  // namespace

Session::Session(tcp::socket&& socket, std::shared_ptr<ServerContext> ctx)
    : ctx_(std::move(ctx)),
      stream_(std::move(socket)),
      buffer_(ctx_->options.max_header_bytes + kBufferSlack),
      remote_(remote_address(stream_.socket())),
      local_(local_authority(stream_.socket())) {
    error_code ec;
    stream_.socket().set_option(tcp::no_delay(true), ec);
}

Session::~Session() {
    ctx_->connections.busy(waiting_slot_);
    ctx_->connections.release(remote_);
    ctx_->stats.connections_open.fetch_sub(1, std::memory_order_relaxed);
}

void Session::start() {
    // The socket was accepted onto this session's strand: start there.
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::read_request, shared_from_this()));
}

void Session::evict() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
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
        read_header();
        return;
    }
    // Keep-alive: wait up to idle_timeout for the next request to begin.
    stream_.expires_after(ctx_->options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Session::on_idle_read, shared_from_this()));
}

void Session::on_idle_read(error_code ec, std::size_t bytes) {
    if (ec) {  // idle timeout, or the client closed: both normal
        close_now();
        return;
    }
    buffer_.commit(bytes);
    read_header();
}

void Session::read_header() {
    // Timeout: the whole request header (ServerOptions::read_timeout), counted
    // from the accept or from the request's first byte. Slow lorises end here.
    stream_.expires_after(ctx_->options.read_timeout);
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
    const std::size_t room = std::min(kReadChunk, buffer_.max_size() - buffer_.size());
    stream_.async_read_some(buffer_.prepare(room), [self = shared_from_this()](error_code ec, std::size_t bytes) {
        self->buffer_.commit(bytes);
        if (ec) self->on_header(ec);
        else self->parse_header();
    });
}

void Session::on_header(error_code ec) {
    started_ = std::chrono::steady_clock::now();
    waiting_for_request_ = false;
    ctx_->connections.busy(waiting_slot_);
    if (!ec) {
        handle_request();
        return;
    }
    ServerStats& stats = ctx_->stats;
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
        ServerStats::bump(stats.headers_too_large);
        respond_and_close(json_error(431, "header_too_large",
                                     "request header exceeds " +
                                         std::to_string(ctx_->options.max_header_bytes) + " bytes"));
    } else if (ec == beast::error::timeout) {
        ServerStats::bump(stats.read_timeouts);  // tcp_stream has closed the socket
        close_now();
    } else if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
               ec != http::error::end_of_stream && ec != http::error::partial_message &&
               ec != http::error::need_more) {
        ServerStats::bump(stats.malformed_requests);
        respond_and_close(json_error(400, "bad_request", "malformed HTTP request: " + ec.message()));
    } else {
        close_now();  // clean close between requests, reset, or mid-request hang-up
    }
}

void Session::respond_and_close(Response response) {
    method_ = "-";
    target_ = "-";
    version_ = 11;
    head_ = false;
    keep_alive_ = false;
    origin_.clear();
    if_none_match_.clear();
    accepts_gzip_ = false;
    metrics_ = nullptr;
    respond(std::move(response));
}

void Session::handle_request() {
    const auto& req = parser_->get();
    const ServerOptions& opts = ctx_->options;
    ServerStats::bump(ctx_->stats.requests);
    method_ = std::string(req.method_string());
    target_ = std::string(req.target());
    version_ = req.version();
    head_ = req.method() == http::verb::head;
    keep_alive_ = req.keep_alive();
    origin_ = std::string(req[http::field::origin]);
    if_none_match_ = std::string(req[http::field::if_none_match]);
    accepts_gzip_ = opts.gzip && accepts_gzip(sv(req[http::field::accept_encoding]));
    metrics_ = nullptr;

    // No endpoint takes a body; the session never reads one, so close after.
    if (parser_->chunked() || parser_->content_length().value_or(0) > 0) {
        keep_alive_ = false;
        respond(json_error(413, "payload_too_large", "requests must not have a body"));
        return;
    }
    // Limit: request target (ServerOptions::max_target_bytes).
    if (req.target().size() > opts.max_target_bytes) {
        respond(json_error(414, "uri_too_long",
                           "request target exceeds " + std::to_string(opts.max_target_bytes) + " bytes"));
        return;
    }
    // A CORS preflight: OPTIONS with Origin and Access-Control-Request-Method.
    if (req.method() == http::verb::options && ctx_->cors.enabled() && req.count(http::field::origin) &&
        req.count(http::field::access_control_request_method)) {
        answer_preflight();
        return;
    }
    if (req.method() != http::verb::get && !head_) {
        Response r = json_error(405, "method_not_allowed", "only GET and HEAD are supported");
        r.set("Allow", "GET, HEAD");
        respond(std::move(r));
        return;
    }
    TargetParse parsed = parse_request_target(target_);
    if (!parsed.target) {
        respond(json_error(400, "bad_request", parsed.error));
        return;
    }
    routes_ = ctx_->current_routes();
    const long route = routes_->router.find_index(parsed.target->path);
    if (route < 0) {
        respond(json_error(404, "not_found", "no endpoint for " + parsed.target->path));
        return;
    }
    Service* service = &routes_->router.service(static_cast<std::size_t>(route));
    metrics_ = routes_->metrics[static_cast<std::size_t>(route)];

    Request request;
    request.method = method_;
    request.raw_target = target_;
    request.target = std::move(*parsed.target);
    if (!opts.public_url.empty()) {
        std::string_view base = opts.public_url;
        while (!base.empty() && base.back() == '/') base.remove_suffix(1);
        request.base_url = std::string(base);
    } else {
        const std::string_view host = sv(req[http::field::host]);
        request.base_url = "http://" + (plausible_host(host) ? std::string(host) : local_);
    }
    for (const auto& field : req)
        request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    request.client = client_address(ctx_->connections, remote_, sv(req["X-Forwarded-For"]));

    std::optional<Reply> reply;
    try {
        reply.emplace(service->handle(request));
    } catch (const std::exception& e) {
        ServerStats::bump(ctx_->stats.handler_exceptions);
        std::fprintf(stderr, "server: service %.*s threw: %s\n", static_cast<int>(service->name().size()),
                     service->name().data(), e.what());
    } catch (...) {
        ServerStats::bump(ctx_->stats.handler_exceptions);
    }
    if (!reply) {
        respond(json_error(500, "internal_error", "the request could not be handled"));
    } else if (reply->is_async()) {
        run_async(std::move(reply->start()));
    } else if (reply->is_deferred()) {
        run_deferred(std::move(reply->job()));
    } else {
        respond(std::move(reply->response()));
    }
}

void Session::answer_preflight() {
    const auto& req = parser_->get();
    ServerStats::bump(ctx_->stats.preflights);
    TargetParse parsed = parse_request_target(target_);
    if (!parsed.target) {
        respond(json_error(400, "bad_request", parsed.error));
        return;
    }
    const auto routes = ctx_->current_routes();
    const long route = routes->router.find_index(parsed.target->path);
    if (route < 0) {
        respond(json_error(404, "not_found", "no endpoint for " + parsed.target->path));
        return;
    }
    metrics_ = routes->metrics[static_cast<std::size_t>(route)];
    if (!ctx_->cors.allows(origin_)) {
        respond(json_error(403, "origin_not_allowed", "this origin may not read rxmap's answers"));
        return;
    }
    Response r;
    r.status = 204;
    r.set("Access-Control-Allow-Methods", "GET, HEAD");
    const std::string headers = allowed_request_headers(sv(req[http::field::access_control_request_headers]));
    if (!headers.empty()) r.set("Access-Control-Allow-Headers", headers);
    r.set("Access-Control-Max-Age", std::to_string(ctx_->options.cors_max_age_seconds));
    respond(std::move(r));
}

void Session::run_deferred(Reply::Job job) {
    // Limit: jobs queued or running on the worker pool (max_pending_jobs).
    if (ctx_->pending_jobs.fetch_add(1) >= ctx_->options.max_pending_jobs) {
        ctx_->pending_jobs.fetch_sub(1);
        ServerStats::bump(ctx_->stats.jobs_rejected);
        Response r = json_error(503, "overloaded", "too many requests in progress");
        r.set("Retry-After", std::to_string(ctx_->options.retry_after_seconds));
        respond(std::move(r));
        return;
    }
    // The job blocks: run it on the worker pool, never on this I/O thread, and
    // bring its response back to this session's strand.
    asio::post(ctx_->workers, [self = shared_from_this(), job = std::move(job), metrics = metrics_]() mutable {
        std::optional<Response> response;
        const auto job_start = std::chrono::steady_clock::now();
        if (metrics) metrics->jobs_running.fetch_add(1, std::memory_order_relaxed);
        try {
            response.emplace(job());
        } catch (const std::exception& e) {
            ServerStats::bump(self->ctx_->stats.handler_exceptions);
            std::fprintf(stderr, "server: deferred job threw: %s\n", e.what());
        } catch (...) {
            ServerStats::bump(self->ctx_->stats.handler_exceptions);
        }
        if (metrics) {
            metrics->jobs_running.fetch_sub(1, std::memory_order_relaxed);
            metrics->job_seconds.observe(std::chrono::steady_clock::now() - job_start);
        }
        if (!response) response.emplace(json_error(500, "internal_error", "the request could not be handled"));
        self->ctx_->pending_jobs.fetch_sub(1);
        auto executor = self->stream_.get_executor();
        asio::post(executor, [self = std::move(self), r = std::move(*response)]() mutable {
            self->respond(std::move(r));
        });
    });
}

namespace {

// One asynchronous answer still to come, counted in stats.async_pending until it is
// given, or until every copy of its Respond is gone unanswered (its source stopped).
struct PendingAnswer {
    explicit PendingAnswer(std::shared_ptr<std::atomic<std::int64_t>> counter) : pending(std::move(counter)) {
        pending->fetch_add(1, std::memory_order_relaxed);
    }
    ~PendingAnswer() {
        if (!answered) pending->fetch_sub(1, std::memory_order_relaxed);
    }
    bool claim() {  // true once: the first answer
        if (answered.exchange(true)) return false;
        pending->fetch_sub(1, std::memory_order_relaxed);
        return true;
    }
    std::shared_ptr<std::atomic<std::int64_t>> pending;
    std::atomic<bool> answered{false};
};

}  // namespace

void Session::run_async(Reply::Start start) {
    // The answer comes back to this strand: at once when given on it (a tile held in
    // memory, answered within start()), else posted from the engine's thread. The
    // Respond lets go of the session when it is called, so that a thread of the
    // engine's never holds the last reference to it (nor, through it, to the server).
    auto pending = std::make_shared<PendingAnswer>(ctx_->stats.async_pending);
    Reply::Respond respond = [self = shared_from_this(), pending](Response r) mutable {
        if (!pending->claim()) return;  // exactly once, whatever the service does
        auto session = std::move(self);
        auto executor = session->stream_.get_executor();
        asio::dispatch(executor, [session = std::move(session), r = std::move(r)]() mutable {
            session->respond(std::move(r));
        });
    };
    try {
        start(respond);
    } catch (const std::exception& e) {
        ServerStats::bump(ctx_->stats.handler_exceptions);
        std::fprintf(stderr, "server: asynchronous start threw: %s\n", e.what());
        respond(json_error(500, "internal_error", "the request could not be handled"));
    }
}

void Session::respond(Response response) {
    routes_.reset();  // answered: the old services may go (HttpServer::replace_services)
    const ServerOptions& opts = ctx_->options;
    std::vector<std::string> vary;
    for (auto it = response.headers.begin(); it != response.headers.end();) {
        if (iequals(it->first, "Vary")) {
            vary.push_back(std::move(it->second));
            it = response.headers.erase(it);
        } else {
            ++it;
        }
    }

    // CORS: "*", or the request's Origin when listed (the answer then varies by Origin).
    if (ctx_->cors.enabled()) {
        const std::string allow = ctx_->cors.allow_origin(origin_);
        if (!allow.empty()) response.set("Access-Control-Allow-Origin", allow);
        if (ctx_->cors.varies_by_origin()) vary.emplace_back("Origin");
    }

    // gzip: only 200 answers in a text type, big enough to gain, not encoded yet.
    const bool compressible_answer = opts.gzip && response.status == 200 && response.body &&
                                     response.body->size() >= opts.gzip_min_bytes &&
                                     compressible(response.content_type) && !find_header(response, "Content-Encoding");
    bool use_gzip = compressible_answer && accepts_gzip_;
    if (compressible_answer) vary.emplace_back("Accept-Encoding");

    // Conditional GET: the tag of the representation actually sent (gzip has its own).
    if (std::string* etag = find_header(response, "ETag"); etag && response.status == 200) {
        if (use_gzip) *etag = etag_with_suffix(*etag, "gzip");
        if (!if_none_match_.empty() && if_none_match_matches(if_none_match_, *etag)) {
            ServerStats::bump(ctx_->stats.not_modified);
            Response not_modified;
            not_modified.status = 304;
            for (auto& h : response.headers)
                if (kept_in_304(h.first) || h.first.rfind("Access-Control-", 0) == 0) not_modified.headers.push_back(std::move(h));
            response = std::move(not_modified);
            use_gzip = false;
        }
    }

    if (use_gzip) {
        std::shared_ptr<const std::string> gz;
        if (auto hit = ctx_->gzip_memo.find(response.body)) {
            gz = *hit;
        } else {
            try {
                gz = std::make_shared<const std::string>(gzip_compress(*response.body, opts.gzip_level));
                if (response.body->size() >= kGzipMemoMinBytes) ctx_->gzip_memo.insert(response.body, gz);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "server: gzip failed, sending identity: %s\n", e.what());
            }
        }
        if (gz) {
            response.body = std::move(gz);
            response.set("Content-Encoding", "gzip");
            ServerStats::bump(ctx_->stats.gzipped);
        }
    }

    if (!vary.empty()) {
        std::string joined;
        for (const auto& v : vary) {
            if (v.empty() || joined.find(v) != std::string::npos) continue;
            if (!joined.empty()) joined += ", ";
            joined += v;
        }
        response.set("Vary", joined);
    }
    write_response(std::move(response));
}

void Session::write_response(Response response) {
    res_ = {};
    res_body_ = std::move(response.body);
    status_ = response.status;
    res_.version(version_);
    res_.result(response.status);
    res_.set(http::field::server, "rxmap");
    res_.set(http::field::date, http_date(std::time(nullptr)));
    if (!response.content_type.empty()) res_.set(http::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) res_.set(name, value);

    // 204 and 304 have no body and, here, no Content-Length (a 304's would
    // have to be the 200's length).
    const bool bodiless = response.status == 204 || response.status == 304;
    if (bodiless) res_body_.reset();
    const std::size_t size = res_body_ ? res_body_->size() : 0;
    if (res_body_ && !head_) res_.body() = {res_body_->data(), size};
    if (!bodiless) res_.content_length(size);  // HEAD: the length a GET would have
    res_.keep_alive(keep_alive_);

    // Timeout: writing the whole response (ServerOptions::write_timeout).
    stream_.expires_after(ctx_->options.write_timeout);
    http::async_write(stream_, res_, beast::bind_front_handler(&Session::on_write, shared_from_this()));
}

void Session::on_write(error_code ec, std::size_t) {
    if (ctx_->options.access_log) {
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
        write_access_log({remote_, method_, target_, status_, head_ || !res_body_ ? 0 : res_body_->size(), ms});
    }
    (metrics_ ? *metrics_ : ctx_->stats.unrouted).count_response(status_, std::chrono::steady_clock::now() - started_);
    ctx_->stats.count_status(status_);  // after the log line: tests wait on it
    res_ = {};
    res_body_.reset();
    if (ec) {
        ServerStats::bump(ctx_->stats.write_errors);
        close_now();
        return;
    }
    if (!keep_alive_) {
        close_gracefully();
        return;
    }
    first_request_ = false;
    read_request();
}

void Session::close_gracefully() {
    // Send FIN, then read and discard what the client still sends (bounded by
    // linger_timeout and linger_max_bytes), so that closing with unread data
    // does not reset the connection before the client has read our answer.
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) {
        close_now();
        return;
    }
    lingered_ = 0;
    stream_.expires_after(ctx_->options.linger_timeout);
    linger_read();
}

void Session::linger_read() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(std::min(kReadChunk, buffer_.max_size())),
                            beast::bind_front_handler(&Session::on_linger, shared_from_this()));
}

void Session::on_linger(error_code ec, std::size_t bytes) {
    lingered_ += bytes;
    if (ec || lingered_ >= ctx_->options.linger_max_bytes) {
        close_now();
        return;
    }
    linger_read();
}

void Session::close_now() {
    error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
}

}  // namespace rxmap::server
