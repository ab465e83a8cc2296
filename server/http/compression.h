#pragma once
// gzip content coding for text answers (zlib).
#include <string>
#include <string_view>

namespace rxmap::server {

// True when an Accept-Encoding field value accepts gzip: "gzip" or "x-gzip"
// with a non-zero q, or "*" with a non-zero q when gzip is not listed.
bool accepts_gzip(std::string_view accept_encoding);

// True for media types worth compressing: JSON, XML, JavaScript, SVG and
// text/*. Never images such as PNG (already compressed).
bool compressible(std::string_view content_type);

// The gzip member (RFC 1952) of bytes. Throws std::runtime_error if zlib fails.
std::string gzip_compress(std::string_view bytes, int level = 6);

// Inflates a gzip member; for tests. Throws std::runtime_error on bad input.
std::string gzip_decompress(std::string_view gz);

}  // namespace rxmap::server
