#pragma once
// What an endpoint implements. A service sees a parsed request and returns a
// response; it never sees sockets or Beast types. Work that blocks is handed back
// as a job that the server runs on its worker pool; work that another component
// runs on threads of its own (the tile engine) is handed back as an asynchronous
// start, and the request then holds no thread while it waits.
//
// Adding an endpoint (e.g. /layers): write layers_service.{h,cpp} with a class
// deriving from Service (route() {"/layers"}, handle()), add the .cpp to
// server/CMakeLists.txt, and pass std::make_shared<LayersService>(...) in the
// vector given to HttpServer (for `rxmap serve`: load_generation in
// cli/serve_generation.cpp).
// The session already answers 405/413/414/431/400 and HEAD for every service,
// and, for every service: CORS headers and OPTIONS preflights, gzip of JSON,
// XML and text answers (with Vary), and 304 to a matching If-None-Match when
// the response carries an ETag (set one with strong_etag() from etag.h).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/http/request_target.h"

namespace rxmap::server {

struct Request {
    std::string method;  // "GET" or "HEAD": the session answers 405 to others
    std::string raw_target;
    RequestTarget target;
    std::vector<std::pair<std::string, std::string>> headers;
    // Scheme and authority for absolute URLs in answers (TileJSON, WMTS), no
    // trailing '/': ServerOptions::public_url, else "http://" + the Host header when
    // it names an allowed host (ServerOptions::allowed_hosts), else "http://" + the
    // local address when Host is missing or odd; "" when Host names a host not
    // allowed: a service that needs absolute URLs then answers 400
    // (host_not_allowed_error in json_error.h).
    std::string base_url;
    // Who asks, for per-client limits: the peer's address, or, when the peer is a
    // trusted proxy (ServerOptions::trusted_proxies), the client address it names
    // in X-Forwarded-For.
    std::string client;

    // Value of the first header with this name (case-insensitive), or "".
    std::string_view header(std::string_view name) const;
    bool is_head() const { return method == "HEAD"; }
};

struct Response {
    unsigned status = 200;
    std::string content_type;
    std::shared_ptr<const std::string> body;  // null = empty; shared, not copied
    std::vector<std::pair<std::string, std::string>> headers;  // extra fields

    Response& set(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
    std::size_t body_size() const { return body ? body->size() : 0; }
};

// What handle() returns: a response now; a blocking job for the worker pool
// whose result is sent when it finishes; or an asynchronous start, called at once
// on the I/O thread (so it must not block), which hands its work elsewhere and
// calls the Respond it is given exactly once, from any thread, before returning
// or later.
class Reply {
public:
    using Job = std::function<Response()>;
    using Respond = std::function<void(Response)>;
    using Start = std::function<void(Respond)>;

    Reply(Response response) : response_(std::move(response)) {}  // NOLINT: implicit on purpose
    static Reply deferred(Job job) {
        Reply r{Response{}};
        r.job_ = std::move(job);
        return r;
    }
    static Reply async(Start start) {
        Reply r{Response{}};
        r.start_ = std::move(start);
        return r;
    }

    bool is_deferred() const { return static_cast<bool>(job_); }
    bool is_async() const { return static_cast<bool>(start_); }
    Response& response() { return response_; }
    Job& job() { return job_; }
    Start& start() { return start_; }

private:
    Response response_;
    Job job_;
    Start start_;
};

// Where a service lives. "/healthz" matches only that path; a route ending in
// '/' ("/tiles/") matches every path below it. A prefix route may also name a
// suffix: Route{"/tiles/", ".json"} matches "/tiles/population.json" but not
// "/tiles/population/5/28/12.png", so two services can share a prefix by
// extension. The exact route wins, then the longest prefix, then (same
// prefix) a route whose suffix matches over one without.
struct Route {
    Route(std::string route_path, std::string route_suffix = {})  // NOLINT: Route{"/healthz"} on purpose
        : path(std::move(route_path)), suffix(std::move(route_suffix)) {}
    std::string path;
    std::string suffix;  // only with a prefix route; "" = any path below it
    bool is_prefix() const { return !path.empty() && path.back() == '/'; }
};

// A stored answer the session may send without building a Request or a Response (the hot path
// of tile serving): a 200 with these bytes, content type, strong ETag and Cache-Control.
struct StoredAnswer {
    std::shared_ptr<const std::string> body;
    std::string_view content_type;
    std::uint64_t etag_hash = 0;  // the ETag is strong_etag_of_hash(etag_hash)
    std::string_view cache_control;
};

class Service {
public:
    virtual ~Service() = default;
    virtual std::string_view name() const = 0;  // for logs and metrics
    virtual Route route() const = 0;
    // Runs on an I/O thread: must not block. Exceptions become a 500.
    virtual Reply handle(const Request& request) = 0;
    // A GET of `path` (plain: no query, no percent-escapes) answered from memory at once, exactly
    // as handle() would answer it, or false (then the session calls handle()). Must not block.
    virtual bool answer_stored(std::string_view /*path*/, StoredAnswer& /*out*/) { return false; }
};

}  // namespace rxmap::server
