#include "server/json_error.h"

#include <cstdio>

#include "server/request_target.h"

namespace rxmap::server {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    for (std::size_t n = 2; n <= 4 && i + n <= s.size(); ++n)
        if (is_valid_utf8(s.substr(i, n))) return n;
    return 0;
}

}  // namespace

std::string json_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 8);
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '"': out += "\\\""; continue;
            case '\\': out += "\\\\"; continue;
            case '\n': out += "\\n"; continue;
            case '\r': out += "\\r"; continue;
            case '\t': out += "\\t"; continue;
            default: break;
        }
        if (c < 0x20 || c == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (const std::size_t n = utf8_sequence(s, i)) {
            out.append(s.substr(i, n));
            i += n - 1;
        } else {
            out += "\\ufffd";
        }
    }
    return out;
}

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
