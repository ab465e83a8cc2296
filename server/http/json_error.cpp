#include "server/http/json_error.h"

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

Response host_not_allowed_error(const Request& request) {
    (void)request;  // its Host is not repeated: not even an error echoes it
    return json_error(400, "host_not_allowed",
                      "the request's Host is not among the server's --allowed-hosts, so it is not put into absolute "
                      "URLs; ask with an allowed Host, or start the server with --public-url");
}

}  // namespace rxmap::server
