#include "server/api/ready_service.h"

#include "server/http/json_error.h"

namespace rxmap::server {

Reply ReadyService::handle(const Request&) {
    const bool ready = server_.ready();
    Response r = ready ? json_response(200, R"({"status":"ready"})") : json_response(503, R"({"status":"not_ready"})");
    r.set("Cache-Control", "no-store");
    if (!ready) r.set("Retry-After", "1");
    return r;
}

}  // namespace rxmap::server
