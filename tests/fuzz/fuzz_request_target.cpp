// libFuzzer target for what the server parses from untrusted bytes: the
// request target (parse_request_target, percent_decode), the tile path
// (parse_tile_path), and the header fields behind caching, gzip and CORS
// (If-None-Match, Accept-Encoding, CORS origin lists, Access-Control-Request-Headers).
//
// Input: up to five lines, "\n"-separated:
//   1 request target   2 If-None-Match   3 Accept-Encoding   4 CORS origin list   5 Origin
// Besides not crashing (ASan/UBSan), each parse must keep its documented
// promises; a broken one aborts with the check that failed.
//
// Built by tests/fuzz/CMakeLists.txt (clang, -DRXMAP_FUZZ=ON; tests/fuzz/run.sh),
// and compiled into test_server_fuzz_corpus, which runs tests/fuzz/corpus/* through it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "server/http/compression.h"
#include "server/http/cors.h"
#include "server/http/etag.h"
#include "server/http/json_error.h"
#include "server/http/request_target.h"
#include "server/api/tile_path.h"
#include "common/tile_math.h"

#define RXMAP_FUZZ_CHECK(cond)                                                                  \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
            std::abort();                                                                       \
        }                                                                                       \
    } while (0)

namespace {

using namespace rxmap::server;

void check_tile_parse(const std::vector<std::string>& segments, std::size_t first) {
    const TilePathParse t = parse_tile_path(segments, first);
    if (t.tile) {
        const auto& a = t.tile->address;
        RXMAP_FUZZ_CHECK(a.z >= 0 && a.z <= rxmap::tiles::kMaxZoom);
        RXMAP_FUZZ_CHECK(a.x >= 0 && a.y >= 0 && a.x < (1LL << a.z) && a.y < (1LL << a.z));
        RXMAP_FUZZ_CHECK(a.scale == 1 || a.scale == 2);
        RXMAP_FUZZ_CHECK(rxmap::tiles::valid_tile(a.z, a.x, a.y));
    } else {
        RXMAP_FUZZ_CHECK(t.status == 400 || t.status == 404);
        RXMAP_FUZZ_CHECK(!t.error.empty());
    }
}

void check_target(std::string_view raw) {
    const TargetParse p = parse_request_target(raw);
    if (!p.target) {
        RXMAP_FUZZ_CHECK(!p.error.empty());
        return;
    }
    const RequestTarget& t = *p.target;
    RXMAP_FUZZ_CHECK(!t.path.empty() && t.path.front() == '/');
    RXMAP_FUZZ_CHECK(is_valid_utf8(t.path));
    RXMAP_FUZZ_CHECK(t.path.find('\0') == std::string::npos);
    RXMAP_FUZZ_CHECK(percent_decode(percent_encode_path(t.path)) == t.path);
    for (const std::string& s : t.segments) {
        RXMAP_FUZZ_CHECK(s != "." && s != "..");
        RXMAP_FUZZ_CHECK(is_valid_utf8(s) && s.find('\0') == std::string::npos);
    }
    for (const auto& [k, v] : t.query) RXMAP_FUZZ_CHECK(is_valid_utf8(k) && is_valid_utf8(v));
    check_tile_parse(t.segments, t.segments.empty() ? 0 : 1);
    check_tile_parse(t.segments, 0);
    // What an error body would quote stays valid UTF-8.
    RXMAP_FUZZ_CHECK(is_valid_utf8(json_escape(t.path)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string_view part[5];
    std::string_view rest = input;
    for (int i = 0; i < 5; ++i) {
        const std::size_t nl = i < 4 ? rest.find('\n') : std::string_view::npos;
        part[i] = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    }
    const std::string_view target = part[0], if_none_match = part[1], accept_encoding = part[2],
                           origins = part[3], origin = part[4];

    check_target(target);
    (void)percent_decode(target, true);
    RXMAP_FUZZ_CHECK(is_valid_utf8(json_escape(input)));

    // ETags: a tag matches itself, weakly too, and as part of a list.
    const std::string tag = strong_etag(target);
    RXMAP_FUZZ_CHECK(tag.size() == 18 && tag.front() == '"' && tag.back() == '"');
    RXMAP_FUZZ_CHECK(if_none_match_matches(tag, tag));
    RXMAP_FUZZ_CHECK(if_none_match_matches("W/" + tag, tag));
    RXMAP_FUZZ_CHECK(if_none_match_matches("\"x\", " + tag, tag));
    (void)if_none_match_matches(if_none_match, tag);
    (void)if_none_match_matches(if_none_match, if_none_match);
    RXMAP_FUZZ_CHECK(etag_with_suffix(tag, "gzip") != tag);

    (void)accepts_gzip(accept_encoding);
    (void)compressible(accept_encoding);

    const CorsPolicy policy(origins);
    const bool allowed = policy.allows(origin);
    RXMAP_FUZZ_CHECK(!policy.any() || allowed);
    RXMAP_FUZZ_CHECK(policy.allow_origin(origin).empty() == !allowed);
    const std::string headers = allowed_request_headers(origin);
    RXMAP_FUZZ_CHECK(headers.empty() || headers == origin);
    return 0;
}
