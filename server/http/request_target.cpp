#include "server/http/request_target.h"

namespace rxmap::server {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Splits s on sep; "a//b" gives "a", "", "b".
std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t pos = s.find(sep, start);
        parts.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
        if (pos == std::string_view::npos) return parts;
        start = pos + 1;
    }
}

TargetParse fail(std::string why) { return TargetParse{std::nullopt, std::move(why)}; }

}  // namespace

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '%') {
            if (i + 2 >= s.size()) return std::nullopt;  // truncated escape
            const int hi = hex_value(s[i + 1]);
            const int lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        if (c == '\0') return std::nullopt;
        out.push_back(c);
    }
    if (!is_valid_utf8(out)) return std::nullopt;
    return out;
}

std::string percent_encode_path(std::string_view decoded) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(decoded.size());
    for (char ch : decoded) {
        const auto c = static_cast<unsigned char>(ch);
        const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                           c == '.' || c == '_' || c == '~' || c == '/';
        if (plain) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

std::optional<std::string> RequestTarget::query_value(std::string_view key) const {
    for (const auto& [k, v] : query)
        if (k == key) return v;
    return std::nullopt;
}

TargetParse parse_request_target(std::string_view raw) {
    // Absolute-form: drop "scheme://authority".
    for (std::string_view scheme : {"http://", "https://"}) {
        if (raw.size() >= scheme.size()) {
            bool same = true;
            for (std::size_t i = 0; i < scheme.size() && same; ++i) {
                char c = raw[i];
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
                same = c == scheme[i];
            }
            if (same) {
                const std::size_t slash = raw.find_first_of("/?#", scheme.size());
                raw = slash == std::string_view::npos ? std::string_view("/") : raw.substr(slash);
                if (!raw.empty() && raw.front() != '/') return fail("absolute URL without a path");
                break;
            }
        }
    }
    if (raw.empty() || raw.front() != '/') return fail("request target must start with '/'");
    if (const std::size_t hash = raw.find('#'); hash != std::string_view::npos) raw = raw.substr(0, hash);

    const std::size_t qmark = raw.find('?');
    const std::string_view raw_path = raw.substr(0, qmark);
    const std::string_view raw_query =
        qmark == std::string_view::npos ? std::string_view() : raw.substr(qmark + 1);

    RequestTarget t;
    const auto decoded_path = percent_decode(raw_path);
    if (!decoded_path) return fail("bad percent-encoding or invalid UTF-8 in path");
    t.path = *decoded_path;

    auto parts = split(raw_path.substr(1), '/');
    if (parts.size() == 1 && parts.front().empty()) parts.clear();  // "/" has no segments
    for (std::string_view part : parts) {
        auto seg = percent_decode(part);
        if (!seg) return fail("bad percent-encoding or invalid UTF-8 in path");
        if (*seg == "." || *seg == "..") return fail("'.' and '..' path segments are not allowed");
        t.segments.push_back(std::move(*seg));
    }

    if (!raw_query.empty()) {
        for (std::string_view pair : split(raw_query, '&')) {
            if (pair.empty()) continue;  // "a=1&&b=2"
            const std::size_t eq = pair.find('=');
            auto key = percent_decode(pair.substr(0, eq), true);
            auto value = eq == std::string_view::npos ? std::optional<std::string>("")
                                                       : percent_decode(pair.substr(eq + 1), true);
            if (!key || !value) return fail("bad percent-encoding or invalid UTF-8 in query");
            t.query.emplace_back(std::move(*key), std::move(*value));
        }
    }
    return TargetParse{std::move(t), {}};
}

}  // namespace rxmap::server
