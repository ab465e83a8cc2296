#include "server/api/metrics_service.h"

#include "server/http/json_error.h"

namespace rxmap::server {

Reply MetricsService::handle(const Request& request) {
    if (!allowed_.contains(request.client))
        return json_error(403, "forbidden", "/metrics answers only the addresses in the server's --metrics-allow");
    std::string text;
    text.reserve(16 * 1024);
    server_.write_metrics(text);
    if (engine_) engine_->write_prometheus(text);
    Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = std::make_shared<const std::string>(std::move(text));
    r.set("Cache-Control", "no-store");
    return r;
}

}  // namespace rxmap::server
