#include "server/http/compression.h"
#include "server/http/ascii_case.h"

#include <zlib.h>

#include <algorithm>
#include <stdexcept>

namespace rxmap::server {
namespace {

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
    return s;
}

// q-value of one list element's parameters ("q=0.5"); 1 when absent.
// Only whether it is zero matters: "0", "0.", "0.000" are zero.
bool q_is_zero(std::string_view params) {
    while (!params.empty()) {
        const std::size_t semi = params.find(';');
        std::string_view p = trim(params.substr(0, semi));
        params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
        const std::size_t eq = p.find('=');
        if (eq == std::string_view::npos || !iequals(trim(p.substr(0, eq)), "q")) continue;
        const std::string_view v = trim(p.substr(eq + 1));
        if (v.empty() || v[0] != '0') return false;
        for (char c : v.substr(1))
            if (c != '.' && c != '0') return false;
        return true;
    }
    return false;
}

}  // namespace

bool accepts_gzip(std::string_view field) {
    int gzip = -1, star = -1;  // -1 unlisted, 0 refused, 1 accepted
    while (!field.empty()) {
        const std::size_t comma = field.find(',');
        const std::string_view element = field.substr(0, comma);
        field = comma == std::string_view::npos ? std::string_view() : field.substr(comma + 1);
        const std::size_t semi = element.find(';');
        const std::string_view coding = trim(element.substr(0, semi));
        const int ok = semi != std::string_view::npos && q_is_zero(element.substr(semi + 1)) ? 0 : 1;
        if (iequals(coding, "gzip") || iequals(coding, "x-gzip"))
            gzip = gzip == -1 ? ok : std::max(gzip, ok);
        else if (coding == "*")
            star = star == -1 ? ok : std::max(star, ok);
    }
    return gzip == 1 || (gzip == -1 && star == 1);
}

bool compressible(std::string_view content_type) {
    const std::string_view type = trim(content_type.substr(0, content_type.find(';')));
    return istarts_with(type, "text/") || iequals(type, "application/json") || iequals(type, "application/xml") ||
           iequals(type, "application/javascript") || iends_with(type, "+json") || iends_with(type, "+xml") ||
           iequals(type, "application/vnd.mapbox-vector-tile");  // protobuf: gzip halves it
}

std::string gzip_compress(std::string_view bytes, int level) {
    z_stream zs{};
    // windowBits 15 + 16: a gzip header and trailer rather than zlib's.
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("gzip: deflateInit2 failed");
    std::string out;
    out.resize(deflateBound(&zs, static_cast<uLong>(bytes.size())) + 32);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    zs.avail_in = static_cast<uInt>(bytes.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    const std::size_t produced = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("gzip: deflate did not finish");
    out.resize(produced);
    return out;
}

std::string gzip_decompress(std::string_view gz) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 16) != Z_OK) throw std::runtime_error("gunzip: inflateInit2 failed");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
    zs.avail_in = static_cast<uInt>(gz.size());
    std::string out;
    char buf[16384];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            throw std::runtime_error("gunzip: bad data");
        }
        out.append(buf, sizeof buf - zs.avail_out);
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            inflateEnd(&zs);
            throw std::runtime_error("gunzip: truncated data");
        }
    }
    inflateEnd(&zs);
    return out;
}

}  // namespace rxmap::server
