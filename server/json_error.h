#pragma once
// Short JSON bodies: {"error":"<code>","detail":"<text>"} for every error the
// server or a service answers, and small JSON documents in general.
#include <string>
#include <string_view>

#include "server/service.h"

namespace rxmap::server {

// JSON string contents for s (no quotes). Invalid UTF-8 bytes become U+FFFD,
// so the output is valid JSON whatever the input.
std::string json_escape(std::string_view s);

// status with Content-Type application/json and Cache-Control no-store.
Response json_error(unsigned status, std::string_view error, std::string_view detail);

// A JSON document that is already serialized.
Response json_response(unsigned status, std::string json);

}  // namespace rxmap::server
