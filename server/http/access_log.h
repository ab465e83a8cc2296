#pragma once
// One line per request on stderr, logfmt style:
//   access remote=127.0.0.1 method=GET target="/tiles/a/5/28/12.png" status=200 bytes=68 ms=0.41
#include <cstddef>
#include <string>
#include <string_view>

namespace rxmap::server {

struct AccessLogEntry {
    std::string_view remote;  // client address
    std::string_view method;  // "-" when the request could not be parsed
    std::string_view target;  // "-" likewise
    unsigned status = 0;
    std::size_t bytes = 0;    // body bytes sent
    double latency_ms = 0;    // request header read -> response written
};

// The line, with a trailing newline. Quotes, backslashes and non-printable
// bytes in the target are escaped as \xNN; targets over 512 bytes are cut.
std::string format_access_log(const AccessLogEntry& entry);
// The same line appended to `out`.
void append_access_log(std::string& out, const AccessLogEntry& entry);

// Appends the line to the calling thread's buffer; one writer thread gathers every
// thread's buffer each 100 ms (or when one holds 64 KiB) and writes it with one call:
// the I/O threads never wait on stderr (a write per line was ~6 % of a warm tile's
// CPU) nor on each other, and lines never interleave. Each thread's lines keep their
// order; lines of different threads are ordered only by the batch they fall into.
void write_access_log(const AccessLogEntry& entry);
// Returns once every line handed over so far is written (HttpServer::stop).
void flush_access_log();

}  // namespace rxmap::server
