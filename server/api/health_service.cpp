#include "server/api/health_service.h"

#include "server/http/json_error.h"

namespace rxmap::server {

Reply HealthService::handle(const Request&) {
    Response r = json_response(200, "{\"status\":\"ok\"}");
    r.set("Cache-Control", "no-store");
    return r;
}

}  // namespace rxmap::server
