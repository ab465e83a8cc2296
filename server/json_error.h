#pragma once
// Short JSON bodies: {"error":"<code>","detail":"<text>"} for every error the
// server or a service answers, and small JSON documents in general.
#include <string>
#include <string_view>

#include "common/json_text.h"
#include "server/service.h"

namespace rxmap::server {

using common::json_escape;  // JSON string contents, valid JSON whatever the input
using common::json_quote;

// status with Content-Type application/json and Cache-Control no-store.
Response json_error(unsigned status, std::string_view error, std::string_view detail);

// A JSON document that is already serialized.
Response json_response(unsigned status, std::string json);

}  // namespace rxmap::server
