#pragma once
// GET|HEAD /healthz: 200 {"status":"ok"} while the process serves HTTP.
// Answered on the I/O thread, so it stays fast when the worker pool is busy.
#include "server/http/service.h"

namespace rxmap::server {

class HealthService : public Service {
public:
    std::string_view name() const override { return "health"; }
    Route route() const override { return Route{"/healthz"}; }
    Reply handle(const Request& request) override;
};

}  // namespace rxmap::server
