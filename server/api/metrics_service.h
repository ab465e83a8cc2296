#pragma once
// GET|HEAD /metrics: the server's counters (HttpServer::write_metrics) and the
// engine's (EngineMetrics), in the Prometheus text format 0.0.4. Answered on
// the I/O thread. Only to clients in ServerOptions::metrics_allow (default: loopback);
// others get 403.
//
//   HttpServer http(options, {...});
//   http.add_service(std::make_shared<MetricsService>(http, engine_metrics));
#include <memory>

#include "server/http/address_list.h"
#include "server/api/engine_metrics.h"
#include "server/http/http_server.h"
#include "server/http/service.h"

namespace rxmap::server {

class MetricsService : public Service {
public:
    // server must outlive the service (it does when the service is registered
    // with that server). engine may be null.
    explicit MetricsService(const HttpServer& server, std::shared_ptr<const EngineMetrics> engine = nullptr)
        : server_(server), engine_(std::move(engine)), allowed_(server.options().metrics_allow) {}

    std::string_view name() const override { return "metrics"; }
    Route route() const override { return Route{"/metrics"}; }
    Reply handle(const Request& request) override;

private:
    const HttpServer& server_;
    std::shared_ptr<const EngineMetrics> engine_;
    AddressList allowed_;
};

}  // namespace rxmap::server
