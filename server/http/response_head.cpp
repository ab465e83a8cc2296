#include "server/http/response_head.h"
#include "server/http/ascii_case.h"

#include <charconv>
#include <cstdio>

#include <boost/beast/http/status.hpp>

#include "common/fnv1a.h"

namespace rxmap::server {

namespace {

void append_field(std::string& out, std::string_view name, std::string_view value) {
    out.append(name).append(": ");
    for (char c : value) out.push_back(c == '\r' || c == '\n' ? ' ' : c);
    out.append("\r\n");
}

// Fields the head writes itself, whatever the service set.
bool framing_field(std::string_view name) {
    return iequals(name, "Content-Length") || iequals(name, "Connection") || iequals(name, "Transfer-Encoding");
}

}  // namespace

void append_response_head(std::string& out, const Response& r, const HeadShape& shape) {
    char number[24];
    auto append_number = [&](std::size_t v) { out.append(number, std::to_chars(number, number + sizeof number, v).ptr); };
    out.append("HTTP/");
    append_number(shape.version / 10);
    out.push_back('.');
    append_number(shape.version % 10);
    out.push_back(' ');
    append_number(r.status);
    out.push_back(' ');
    const auto reason = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(r.status));
    out.append(reason.data(), reason.size()).append("\r\n");

    const auto& fields = r.headers;
    auto replaced_later = [&](std::size_t i, std::string_view name) {
        for (std::size_t j = i + 1; j < fields.size(); ++j)
            if (iequals(fields[j].first, name)) return true;
        return false;
    };
    auto set_by_service = [&](std::string_view name) { return replaced_later(static_cast<std::size_t>(-1), name); };
    if (!set_by_service("Server")) append_field(out, "Server", "rxmap");
    if (!set_by_service("Date")) append_field(out, "Date", shape.date);
    out.append("X-Content-Type-Options: nosniff\r\n");  // every answer: no type sniffing (issue 21)
    if (!r.content_type.empty() && !set_by_service("Content-Type")) append_field(out, "Content-Type", r.content_type);
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (!framing_field(fields[i].first) && !replaced_later(i, fields[i].first))
            append_field(out, fields[i].first, fields[i].second);

    // 204 and 304 have no body and, here, no Content-Length (a 304's would have to be the 200's).
    if (r.status != 204 && r.status != 304) {
        out.append("Content-Length: ");
        append_number(r.body_size());
        out.append("\r\n");
    }
    if (shape.version >= 11 && !shape.keep_alive) append_field(out, "Connection", "close");
    if (shape.version < 11 && shape.keep_alive) append_field(out, "Connection", "keep-alive");
    out.append("\r\n");
}

void append_stored_answer_head(std::string& out, const StoredAnswer& answer, const HeadShape& shape, bool cors_any) {
    char number[24];
    auto append_number = [&](std::size_t v) { out.append(number, std::to_chars(number, number + sizeof number, v).ptr); };
    out.append(shape.version >= 11 ? "HTTP/1.1 200 OK\r\nServer: rxmap\r\nDate: " : "HTTP/1.0 200 OK\r\nServer: rxmap\r\nDate: ");
    // Same fields in the same order as append_response_head writes for the general path.
    out.append(shape.date).append("\r\nX-Content-Type-Options: nosniff\r\nContent-Type: ").append(answer.content_type);
    out.append("\r\nETag: \"");
    common::append_hex64(out, answer.etag_hash);
    out.append("\"\r\nCache-Control: ").append(answer.cache_control);
    if (cors_any) out.append("\r\nAccess-Control-Allow-Origin: *");
    out.append("\r\nContent-Length: ");
    append_number(answer.body ? answer.body->size() : 0);
    if (shape.version >= 11 && !shape.keep_alive) out.append("\r\nConnection: close");
    if (shape.version < 11 && shape.keep_alive) out.append("\r\nConnection: keep-alive");
    out.append("\r\n\r\n");
}

std::string http_date(std::time_t now) {
    static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday % 7], tm.tm_mday,
                  months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::string_view http_date_now() {
    thread_local std::time_t formatted = -1;
    thread_local std::string date;
    const std::time_t now = std::time(nullptr);
    if (now != formatted) {
        date = http_date(now);
        formatted = now;
    }
    return date;
}

}  // namespace rxmap::server
