#pragma once
// GET|HEAD /readyz: 200 {"status":"ready"} once the owner has called
// HttpServer::set_ready(true) (rxmap serve does after loading the data),
// 503 {"status":"not_ready"} before that and after set_ready(false).
// /healthz, by contrast, answers 200 whenever the process serves HTTP.
#include "server/http/http_server.h"
#include "server/http/service.h"

namespace rxmap::server {

class ReadyService : public Service {
public:
    // server must outlive the service (it does when registered with it).
    explicit ReadyService(const HttpServer& server) : server_(server) {}
    std::string_view name() const override { return "ready"; }
    Route route() const override { return Route{"/readyz"}; }
    Reply handle(const Request& request) override;

private:
    const HttpServer& server_;
};

}  // namespace rxmap::server
