#include "server/json_error.h"

namespace rxmap::server {

Response json_response(unsigned status, std::string json) {
    Response r;
    r.status = status;
    r.content_type = "application/json";
    r.body = std::make_shared<const std::string>(std::move(json));
    return r;
}

Response json_error(unsigned status, std::string_view error, std::string_view detail) {
    Response r = json_response(
        status, "{\"error\":\"" + json_escape(error) + "\",\"detail\":\"" + json_escape(detail) + "\"}");
    r.set("Cache-Control", "no-store");
    return r;
}

}  // namespace rxmap::server
