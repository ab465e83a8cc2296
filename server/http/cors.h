#pragma once
// Which origins may read rxmap's answers from a browser (CORS), parsed once
// from ServerOptions::cors_allow_origin.
#include <string>
#include <string_view>
#include <vector>

namespace rxmap::server {

class CorsPolicy {
public:
    // "*" (or a list containing "*") = any origin; "" = CORS off; otherwise
    // origins separated by commas or whitespace. Origins compare
    // case-insensitively, a trailing '/' ignored.
    explicit CorsPolicy(std::string_view spec = "*");

    bool enabled() const { return any_ || !origins_.empty(); }
    bool any() const { return any_; }
    bool allows(std::string_view origin) const;

    // The Access-Control-Allow-Origin value for a request with this Origin
    // ("" = none): "*" under any(), the origin itself when listed.
    std::string allow_origin(std::string_view origin) const;
    // Whether answers differ by Origin (a list rather than "*"): Vary: Origin.
    bool varies_by_origin() const { return !any_ && !origins_.empty(); }

    const std::vector<std::string>& origins() const { return origins_; }

private:
    bool any_ = false;
    std::vector<std::string> origins_;  // normalized
};

// The value to answer in Access-Control-Allow-Headers for an
// Access-Control-Request-Headers field: the field itself when it is a list of
// header-name tokens (at most 1 KiB), otherwise "" (allow none).
std::string allowed_request_headers(std::string_view request_headers);

}  // namespace rxmap::server
