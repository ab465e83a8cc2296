#pragma once
// What an endpoint implements. A service sees a parsed request and returns a
// response; it never sees sockets or Beast types. Work that blocks (rendering)
// is handed back as a job that the server runs on its worker pool.
//
// Adding an endpoint (e.g. /layers): write layers_service.{h,cpp} with a class
// deriving from Service (route() {"/layers"}, handle()), add the .cpp to
// server/CMakeLists.txt, and pass std::make_shared<LayersService>(...) in the
// vector given to HttpServer (or HttpServer::add_service before start()).
// The session already answers 405/413/414/431/400 and HEAD for every service.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/request_target.h"

namespace rxmap::server {

struct Request {
    std::string method;  // "GET" or "HEAD": the session answers 405 to others
    std::string raw_target;
    RequestTarget target;
    std::vector<std::pair<std::string, std::string>> headers;

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

// What handle() returns: a response now, or a blocking job for the worker pool
// whose result is sent when it finishes.
class Reply {
public:
    using Job = std::function<Response()>;

    Reply(Response response) : response_(std::move(response)) {}  // NOLINT: implicit on purpose
    static Reply deferred(Job job) {
        Reply r{Response{}};
        r.job_ = std::move(job);
        return r;
    }

    bool is_deferred() const { return static_cast<bool>(job_); }
    Response& response() { return response_; }
    Job& job() { return job_; }

private:
    Response response_;
    Job job_;
};

// Where a service lives. "/healthz" matches only that path; a route ending in
// '/' ("/tiles/") matches every path below it. The longest match wins.
struct Route {
    std::string path;
    bool is_prefix() const { return !path.empty() && path.back() == '/'; }
};

class Service {
public:
    virtual ~Service() = default;
    virtual std::string_view name() const = 0;  // for logs and metrics
    virtual Route route() const = 0;
    // Runs on an I/O thread: must not block. Exceptions become a 500.
    virtual Reply handle(const Request& request) = 0;
};

}  // namespace rxmap::server
