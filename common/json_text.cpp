#include "common/json_text.h"

#include <cstdio>

#include "common/utf8.h"

namespace rxmap::common {

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
        } else if (const std::size_t n = utf8_sequence_length(s, i)) {
            out.append(s.substr(i, n));
            i += n - 1;
        } else {
            out += "\\ufffd";
        }
    }
    return out;
}

std::string json_quote(std::string_view s) { return '"' + json_escape(s) + '"'; }

}  // namespace rxmap::common
