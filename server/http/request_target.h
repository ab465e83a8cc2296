#pragma once
// A request target ("/tiles/a%2Fb/5/28/12.png?x=1") parsed into a typed
// request: decoded path, decoded path segments and decoded query parameters.
// Knows nothing of HTTP beyond RFC 3986 syntax.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/utf8.h"

namespace rxmap::server {

struct RequestTarget {
    std::string path;                   // percent-decoded path, starts with '/'
    std::vector<std::string> segments;  // each segment of the raw path, decoded
    std::vector<std::pair<std::string, std::string>> query;  // decoded, in order

    // First value of a query parameter, if present ("?flag" gives "").
    std::optional<std::string> query_value(std::string_view key) const;
};

struct TargetParse {
    std::optional<RequestTarget> target;  // set on success
    std::string error;                    // why not, otherwise
};

// Accepts origin-form ("/path?query") and absolute-form
// ("http://host/path?query"). Rejects: anything else, bad or truncated
// percent escapes, decoded NUL bytes, "." and ".." segments, and decoded text
// that is not valid UTF-8. A fragment ("#...") is ignored.
TargetParse parse_request_target(std::string_view raw);

// Percent-decodes s; in a query, '+' is a space. nullopt on a bad escape,
// a decoded NUL, or invalid UTF-8.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space = false);

using common::is_valid_utf8;

// Percent-encodes a decoded path for use in a URL: every byte except
// A-Z a-z 0-9 - . _ ~ and '/' becomes %XX (upper-case hex), so
// percent_decode(percent_encode_path(p)) == p for any valid path p.
std::string percent_encode_path(std::string_view decoded);

}  // namespace rxmap::server
