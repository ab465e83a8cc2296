#include "server/metrics_service.h"

namespace rxmap::server {

Reply MetricsService::handle(const Request&) {
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
