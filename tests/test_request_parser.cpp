// Request-target parsing and tile path parameters (no sockets).
#include "server/http/request_target.h"
#include "server/api/tile_path.h"

#include <gtest/gtest.h>

using namespace rxmap::server;

namespace {

RequestTarget parse_ok(std::string_view raw) {
    TargetParse p = parse_request_target(raw);
    EXPECT_TRUE(p.target.has_value()) << raw << ": " << p.error;
    return p.target.value_or(RequestTarget{});
}

TilePathParse tile(std::string_view raw) {
    const RequestTarget t = parse_ok(raw);
    EXPECT_FALSE(t.segments.empty());
    return parse_tile_path(t.segments, 1);  // segments[0] is "tiles"
}

void expect_tile_status(std::string_view raw, unsigned status) {
    const TilePathParse p = tile(raw);
    EXPECT_FALSE(p.tile.has_value()) << raw;
    EXPECT_EQ(p.status, status) << raw << ": " << p.detail;
}

}  // namespace

TEST(server_RequestTarget, SplitsPathIntoDecodedSegments) {
    const RequestTarget t = parse_ok("/tiles/population/5/28/12.png");
    EXPECT_EQ(t.path, "/tiles/population/5/28/12.png");
    EXPECT_EQ(t.segments, (std::vector<std::string>{"tiles", "population", "5", "28", "12.png"}));
    EXPECT_TRUE(t.query.empty());
}

TEST(server_RequestTarget, RootHasNoSegments) {
    const RequestTarget t = parse_ok("/");
    EXPECT_EQ(t.path, "/");
    EXPECT_TRUE(t.segments.empty());
}

TEST(server_RequestTarget, DecodesPercentEncodedJapanese) {
    const RequestTarget t = parse_ok("/tiles/facility-risk/%E4%B8%80%E8%88%AC%E8%A8%BA%E7%99%82%E6%89%80/2050/5/28/12.png");
    ASSERT_EQ(t.segments.size(), 7u);
    EXPECT_EQ(t.segments[2], "一般診療所");
    EXPECT_EQ(t.path, "/tiles/facility-risk/一般診療所/2050/5/28/12.png");
}

TEST(server_RequestTarget, AcceptsRawUtf8) {
    const RequestTarget t = parse_ok("/tiles/一般診療所/1/0/0.png");
    EXPECT_EQ(t.segments[1], "一般診療所");
}

TEST(server_RequestTarget, ParsesQueryParameters) {
    const RequestTarget t = parse_ok("/legend/x?lang=ja&label=a+b%20c&flag&empty=&&k=%E6%97%A5&lang=en");
    EXPECT_EQ(t.path, "/legend/x");
    EXPECT_EQ(t.query_value("lang"), "ja");  // the first one
    EXPECT_EQ(t.query_value("label"), "a b c");
    EXPECT_EQ(t.query_value("flag"), "");
    EXPECT_EQ(t.query_value("empty"), "");
    EXPECT_EQ(t.query_value("k"), "日");
    EXPECT_EQ(t.query_value("missing"), std::nullopt);
    EXPECT_EQ(t.query.size(), 6u);
}

TEST(server_RequestTarget, PlusIsLiteralInPath) {
    EXPECT_EQ(parse_ok("/a+b").segments[0], "a+b");
}

TEST(server_RequestTarget, DropsFragment) {
    const RequestTarget t = parse_ok("/healthz?x=1#frag");
    EXPECT_EQ(t.path, "/healthz");
    EXPECT_EQ(t.query_value("x"), "1");
}

TEST(server_RequestTarget, AcceptsAbsoluteForm) {
    const RequestTarget t = parse_ok("http://example.com:8080/healthz?a=1");
    EXPECT_EQ(t.path, "/healthz");
    EXPECT_EQ(t.query_value("a"), "1");
    EXPECT_EQ(parse_ok("HTTP://example.com").path, "/");
}

TEST(server_RequestTarget, KeepsEmptySegments) {
    EXPECT_EQ(parse_ok("/a//b/").segments, (std::vector<std::string>{"a", "", "b", ""}));
}

TEST(server_RequestTarget, RejectsBadTargets) {
    for (std::string_view raw : {
             "",                     // empty
             "*",                    // asterisk-form
             "tiles/a/1/0/0.png",    // no leading slash
             "/a%",                  // truncated escape
             "/a%4",                 // truncated escape
             "/a%zz",                // not hex
             "/a%00b",               // NUL
             "/a%FFb",               // not UTF-8
             "/a%C3",                // truncated UTF-8
             "/a%C0%AF",             // overlong UTF-8
             "/a%ED%A0%80",          // UTF-16 surrogate
             "/tiles/../etc/passwd",  // dot segments
             "/tiles/%2E%2E/x",
             "/./x",
             "/x?a=%G0",             // bad escape in query
             "/x?%FF=1",             // bad UTF-8 in query key
         }) {
        const TargetParse p = parse_request_target(raw);
        EXPECT_FALSE(p.target.has_value()) << "accepted: " << raw;
        if (!p.target) {
            EXPECT_FALSE(p.error.empty());
        }
    }
}

TEST(server_PercentDecode, Basics) {
    EXPECT_EQ(percent_decode("a%20b"), "a b");
    EXPECT_EQ(percent_decode("a%2fb%2F"), "a/b/");
    EXPECT_EQ(percent_decode("a+b"), "a+b");
    EXPECT_EQ(percent_decode("a+b", true), "a b");
    EXPECT_EQ(percent_decode("%e6%97%a5"), "日");
    EXPECT_EQ(percent_decode("%"), std::nullopt);
}

TEST(server_Utf8, Validation) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("plain"));
    EXPECT_TRUE(is_valid_utf8("日本語"));
    EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x97\xBE"));  // U+1F5FE
    EXPECT_FALSE(is_valid_utf8("\x80"));
    EXPECT_FALSE(is_valid_utf8("\xE6\x97"));
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xC1\x81"));          // overlong 'A'
}

TEST(server_TilePath, SimpleLayer) {
    const TilePathParse p = tile("/tiles/population/5/28/12.png");
    ASSERT_TRUE(p.tile.has_value()) << p.detail;
    EXPECT_EQ(p.tile->layer_id, "population");
    EXPECT_EQ(p.tile->address.z, 5);
    EXPECT_EQ(p.tile->address.x, 28);
    EXPECT_EQ(p.tile->address.y, 12);
    EXPECT_EQ(p.tile->address.scale, 1);
}

TEST(server_TilePath, Retina) {
    const TilePathParse p = tile("/tiles/population/5/28/12@2x.png");
    ASSERT_TRUE(p.tile.has_value()) << p.detail;
    EXPECT_EQ(p.tile->address.y, 12);
    EXPECT_EQ(p.tile->address.scale, 2);
}

TEST(server_TilePath, LayerIdWithSlashes) {
    const TilePathParse p = tile("/tiles/population-change/2050/0/0/0.png");
    ASSERT_TRUE(p.tile.has_value()) << p.detail;
    EXPECT_EQ(p.tile->layer_id, "population-change/2050");
    EXPECT_EQ(p.tile->address.z, 0);
}

TEST(server_TilePath, LayerIdWithPercentEncodedJapanese) {
    const TilePathParse p =
        tile("/tiles/facility-risk/%E4%B8%80%E8%88%AC%E8%A8%BA%E7%99%82%E6%89%80/2050/22/4194303/0@2x.png");
    ASSERT_TRUE(p.tile.has_value()) << p.detail;
    EXPECT_EQ(p.tile->layer_id, "facility-risk/一般診療所/2050");
    EXPECT_EQ(p.tile->address.z, 22);
    EXPECT_EQ(p.tile->address.x, 4194303);
    EXPECT_EQ(p.tile->address.scale, 2);
}

TEST(server_TilePath, EncodedSlashJoinsLayerLikeARealOne) {
    const TilePathParse p = tile("/tiles/population-change%2F2050/1/1/1.png");
    ASSERT_TRUE(p.tile.has_value()) << p.detail;
    EXPECT_EQ(p.tile->layer_id, "population-change/2050");
}

TEST(server_TilePath, EdgesOfTheRange) {
    EXPECT_TRUE(tile("/tiles/a/0/0/0.png").tile);
    EXPECT_TRUE(tile("/tiles/a/3/7/7.png").tile);
    EXPECT_TRUE(tile("/tiles/a/22/0/4194303.png").tile);
}

TEST(server_TilePath, BadRequests) {
    for (std::string_view raw : {
             "/tiles/population/5/28/abc.png",   // y not an integer
             "/tiles/population/5/2x8/12.png",   // x not an integer
             "/tiles/population/z/28/12.png",    // z not an integer
             "/tiles/population/-1/0/0.png",     // negative z
             "/tiles/population/5/-1/12.png",    // negative x
             "/tiles/population/5/28/-12.png",   // negative y
             "/tiles/population/+5/28/12.png",   // sign
             "/tiles/population/5/28/1.5.png",   // not an integer
             "/tiles/population/5/28/ 12.png",   // whitespace
             "/tiles/population/5/28/%2012.png", // encoded whitespace
             "/tiles/population/99/0/0.png",     // z > 22
             "/tiles/population/23/0/0.png",     // z > 22
             "/tiles/population/3/8/0.png",      // x >= 2^z
             "/tiles/population/3/0/8.png",      // y >= 2^z
             "/tiles/population/0/1/0.png",      // x >= 2^0
             "/tiles/population/5/28/12.pngx",   // trailing garbage
             "/tiles/population/5/28/12.jpg",    // wrong extension
             "/tiles/population/5/28/12",        // no extension
             "/tiles/population/5/28/12.PNG",    // extension is case-sensitive
             "/tiles/population/5/28/12@3x.png", // unknown scale
             "/tiles/population/5/28/12@2x@2x.png",
             "/tiles/population/5/28/@2x.png",   // no y
             "/tiles/population/5/28/.png",      // no y
             "/tiles/population/5/28/12.png.png",
             "/tiles/population/5/28/9999999999.png",  // overflows int
             "/tiles/population/5//12.png",      // empty x
         }) {
        expect_tile_status(raw, 400);
    }
}

TEST(server_TilePath, TooFewSegmentsIsNotFound) {
    expect_tile_status("/tiles/5/28/12.png", 404);  // no layer at all
    expect_tile_status("/tiles/population/5/28", 404);
    EXPECT_EQ(parse_tile_path({"tiles"}, 1).status, 404u);
    EXPECT_EQ(parse_tile_path({}, 1).status, 404u);
}

TEST(server_TilePath, ErrorBodiesHaveCodes) {
    const TilePathParse p = tile("/tiles/population/3/8/0.png");
    EXPECT_EQ(p.error, "bad_tile_address");
    EXPECT_NE(p.detail.find("2^z"), std::string::npos) << p.detail;
}
