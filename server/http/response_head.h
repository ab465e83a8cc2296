#pragma once
// The status line and header fields of an answer, as sent on the wire, written by
// hand into a reused buffer: Beast's field list allocates a node per field, and
// this runs once per request. The body is sent after it as it is (shared bytes).
#include <ctime>
#include <string>
#include <string_view>

#include "server/http/service.h"

namespace rxmap::server {

struct HeadShape {
    unsigned version = 11;  // of the request: 10 or 11
    bool keep_alive = true;
    std::string_view date;  // the Date field's value
};

// Appends "HTTP/1.1 200 OK\r\n" and the fields to `out`, then the blank line: Server,
// Date, Content-Type, the response's own fields (a later one of the same name replaces
// an earlier one), Content-Length (none for 204 and 304; for HEAD, what a GET would
// send) and Connection when keep-alive is not the version's default. CR and LF inside a
// value become spaces, so a field can never end early.
void append_response_head(std::string& out, const Response& response, const HeadShape& shape);

// The head of a stored answer (Service::answer_stored), the same fields in the same order as
// append_response_head writes for the Response a service would build, after finalize_response:
// Server, Date, Content-Type, ETag, Cache-Control, Access-Control-Allow-Origin: * (when
// `cors_any`), X-Content-Type-Options: nosniff, Content-Length, Connection if needed.
void append_stored_answer_head(std::string& out, const StoredAnswer& answer, const HeadShape& shape, bool cors_any);

// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), built by hand so that the process
// locale cannot change the day and month names.
std::string http_date(std::time_t t);
// http_date of now, formatted at most once a second on each thread.
std::string_view http_date_now();

}  // namespace rxmap::server
