#include "server/access_log.h"

#include <cstdio>

namespace rxmap::server {
namespace {

constexpr std::size_t kMaxLoggedTarget = 512;

void append_escaped(std::string& out, std::string_view s) {
    static const char hex[] = "0123456789abcdef";
    for (char ch : s.substr(0, kMaxLoggedTarget)) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out.push_back(ch);
        }
    }
    if (s.size() > kMaxLoggedTarget) out += "...";
}

}  // namespace

std::string format_access_log(const AccessLogEntry& e) {
    std::string line = "access remote=";
    append_escaped(line, e.remote.empty() ? std::string_view("-") : e.remote);
    line += " method=";
    append_escaped(line, e.method);
    line += " target=\"";
    append_escaped(line, e.target);
    line += "\" status=" + std::to_string(e.status) + " bytes=" + std::to_string(e.bytes);
    char ms[32];
    std::snprintf(ms, sizeof ms, " ms=%.2f\n", e.latency_ms);
    line += ms;
    return line;
}

void write_access_log(const AccessLogEntry& entry) {
    const std::string line = format_access_log(entry);
    std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace rxmap::server
