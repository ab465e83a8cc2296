#pragma once
// Short JSON bodies: {"error":"<code>","detail":"<text>"} for every error the
// server or a service answers, and small JSON documents in general.
#include <string>
#include <string_view>

#include "common/json_text.h"
#include "server/http/service.h"

namespace rxmap::server {

using common::json_escape;  // JSON string contents, valid JSON whatever the input
using common::json_quote;

// status with Content-Type application/json and Cache-Control no-store.
Response json_error(unsigned status, std::string_view error, std::string_view detail);

// 400 for a request whose Host may not go into absolute URLs (Request::base_url is
// ""): what every answer holding absolute URLs (TileJSON, WMTS) says instead.
Response host_not_allowed_error(const Request& request);

// A JSON document that is already serialized.
Response json_response(unsigned status, std::string json);

}  // namespace rxmap::server
