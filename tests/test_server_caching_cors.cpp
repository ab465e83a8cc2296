// Issue 5, HTTP side, against fake services: ETag / If-None-Match / 304, Cache-Control, HEAD everywhere,
// the body memo behind ETags, and CORS (any origin, a list, preflights, off).
#include "http_features_support.h"

using namespace rxmap::test::http_features;

// ---------------------------------------------------------------- caching

TEST_F(server_Caching, TileHasStrongEtagAndCacheControl) {
    const auto res = get("/tiles/population/5/28/12.png");
    ASSERT_EQ(res.result_int(), 200u);
    const std::string etag = field(res, "ETag");
    EXPECT_TRUE(std::regex_match(etag, kStrongEtag)) << etag;
    EXPECT_EQ(etag, strong_etag(kPngBytes));
    EXPECT_EQ(field(res, "Cache-Control"), "public, max-age=120");
    // The same bytes under another address (or a fresh copy) have the same tag.
    EXPECT_EQ(field(get("/tiles/fresh/1/0/0.png"), "ETag"), etag);
    EXPECT_EQ(field(get("/tiles/population/1/1/1@2x.png"), "ETag"), etag);
}

TEST_F(server_Caching, IfNoneMatchGives304WithoutBody) {
    const std::string etag = field(get("/tiles/population/5/28/12.png"), "ETag");
    HttpClient c(port_);
    for (const std::string& inm : {etag, "W/" + etag, "\"nope\", " + etag, std::string("*"), "\"a,b\" , " + etag}) {
        SCOPED_TRACE(inm);
        const auto res = c.request("GET", "/tiles/population/5/28/12.png", {{"If-None-Match", inm}});
        EXPECT_EQ(res.result_int(), 304u);
        EXPECT_TRUE(res.body().empty());
        EXPECT_EQ(field(res, "ETag"), etag);
        EXPECT_EQ(field(res, "Cache-Control"), "public, max-age=120");
        EXPECT_EQ(res.count(beast::http::field::content_type), 0u);
        EXPECT_EQ(res.count(beast::http::field::content_length), 0u);
        EXPECT_EQ(field(res, "Access-Control-Allow-Origin"), "*");
    }
    // Not matching: the tile. The connection is still in step after the 304s.
    const auto full = c.request("GET", "/tiles/population/5/28/12.png", {{"If-None-Match", "\"0000000000000000\""}});
    EXPECT_EQ(full.result_int(), 200u);
    EXPECT_EQ(full.body(), kPngBytes);
    EXPECT_GE(server_->stats().not_modified.load(), 5u);
}

TEST_F(server_Caching, HeadWorksEverywhere) {
    for (const std::string target : {"/tiles/population/5/28/12.png", "/healthz", "/doc/big", "/doc/small", "/metrics",
                                     "/nope", "/tiles/population/99/0/0.png"}) {
        SCOPED_TRACE(target);
        const auto g = get(target);
        const auto h = head(target);
        EXPECT_EQ(h.result_int(), g.result_int());
        EXPECT_TRUE(h.body().empty());
        EXPECT_EQ(field(h, "Content-Type"), field(g, "Content-Type"));
        if (target != "/metrics") {
            EXPECT_EQ(field(h, "Content-Length"), std::to_string(g.body().size()));
        }
        EXPECT_EQ(field(h, "ETag"), field(g, "ETag"));
    }
    // HEAD with a matching tag: 304; /readyz answers HEAD too.
    const std::string etag = field(get("/tiles/population/5/28/12.png"), "ETag");
    EXPECT_EQ(head("/tiles/population/5/28/12.png", {{"If-None-Match", etag}}).result_int(), 304u);
    EXPECT_EQ(head("/readyz").result_int(), 503u);
}

TEST(server_Etag, HashesAndMatching) {
    EXPECT_EQ(strong_etag(""), "\"cbf29ce484222325\"");  // FNV-1a 64 offset basis
    EXPECT_EQ(strong_etag("a"), "\"af63dc4c8601ec8c\"");
    EXPECT_NE(strong_etag("ab"), strong_etag("ba"));
    const std::string t = "\"abc\"";
    EXPECT_TRUE(if_none_match_matches("\"abc\"", t));
    EXPECT_TRUE(if_none_match_matches(" W/\"abc\" ", t));
    EXPECT_TRUE(if_none_match_matches("\"x\",\"abc\"", t));
    EXPECT_TRUE(if_none_match_matches("*", t));
    EXPECT_TRUE(if_none_match_matches("  *  ", t));
    EXPECT_TRUE(if_none_match_matches("\"abc\"", "W/\"abc\""));
    EXPECT_FALSE(if_none_match_matches("", t));
    EXPECT_FALSE(if_none_match_matches("abc", t));
    EXPECT_FALSE(if_none_match_matches("\"abcd\"", t));
    EXPECT_FALSE(if_none_match_matches("\"ab", t));
    EXPECT_FALSE(if_none_match_matches("*, \"abc\"", t));  // "*" only alone
    EXPECT_FALSE(if_none_match_matches("garbage, \"abc\"", t));  // a bad list stops there
    EXPECT_EQ(etag_with_suffix("\"abc\"", "gzip"), "\"abc-gzip\"");
    EXPECT_EQ(etag_with_suffix("W/\"abc\"", "gzip"), "W/\"abc-gzip\"");
}

TEST(server_BodyMemo, RemembersWhileTheBodyLives) {
    BodyMemo<std::string> memo(2);
    auto a = std::make_shared<const std::string>("a");
    auto b = std::make_shared<const std::string>("b");
    memo.insert(a, "A");
    EXPECT_EQ(memo.find(a).value_or("-"), "A");
    EXPECT_FALSE(memo.find(b));
    EXPECT_FALSE(memo.find(nullptr));
    memo.insert(b, "B");
    const std::string* addr = a.get();
    a.reset();  // the address may be reused now: the entry must not answer for it
    auto c = std::make_shared<const std::string>("c");
    if (c.get() == addr) {
        EXPECT_FALSE(memo.find(c));
    }
    memo.insert(c, "C");  // full: the expired entry goes
    EXPECT_EQ(memo.find(b).value_or("-"), "B");
    EXPECT_EQ(memo.find(c).value_or("-"), "C");
    EXPECT_LE(memo.size(), 2u);
}

// ---------------------------------------------------------------- CORS

TEST_F(server_Cors, AnyOriginByDefault) {
    const auto res = get("/doc/small", {{"Origin", "https://example.org"}});
    EXPECT_EQ(field(res, "Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(field(res, "Vary").find("Origin"), std::string::npos);
}

TEST_F(server_Cors, PreflightIsAnswered) {
    HttpClient c(port_);
    const auto res = c.request("OPTIONS", "/tiles/population/5/28/12.png",
                               {{"Origin", "https://example.org"},
                                {"Access-Control-Request-Method", "GET"},
                                {"Access-Control-Request-Headers", "if-none-match, x-requested-with"}});
    EXPECT_EQ(res.result_int(), 204u);
    EXPECT_TRUE(res.body().empty());
    EXPECT_EQ(field(res, "Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(field(res, "Access-Control-Allow-Methods"), "GET, HEAD");
    EXPECT_EQ(field(res, "Access-Control-Allow-Headers"), "if-none-match, x-requested-with");
    EXPECT_EQ(field(res, "Access-Control-Max-Age"), "86400");
    EXPECT_EQ(source_->calls.load(), 0);  // nothing rendered for a preflight
    // The connection stays usable.
    EXPECT_EQ(c.request("GET", "/tiles/population/5/28/12.png").result_int(), 200u);
    // Unknown path: 404; a junk header list is not echoed.
    EXPECT_EQ(fetch(port_, "/nope", {{"Origin", "https://x.org"}, {"Access-Control-Request-Method", "GET"}}, "OPTIONS")
                  .result_int(),
              404u);
    const auto junk = fetch(port_, "/doc/small",
                            {{"Origin", "https://x.org"}, {"Access-Control-Request-Method", "GET"},
                             {"Access-Control-Request-Headers", "a(b)"}},
                            "OPTIONS");
    EXPECT_EQ(junk.result_int(), 204u);
    EXPECT_EQ(junk.count("Access-Control-Allow-Headers"), 0u);
    // An OPTIONS that is not a preflight is still 405.
    EXPECT_EQ(fetch(port_, "/doc/small", {}, "OPTIONS").result_int(), 405u);
}

TEST_F(server_Cors, OriginList) {
    ServerOptions opts;
    opts.cors_allow_origin = "https://a.example, http://localhost:5173";
    start(opts);
    const auto ok = get("/doc/small", {{"Origin", "http://localhost:5173"}});
    EXPECT_EQ(field(ok, "Access-Control-Allow-Origin"), "http://localhost:5173");
    EXPECT_NE(field(ok, "Vary").find("Origin"), std::string::npos);
    const auto other = get("/doc/small", {{"Origin", "https://evil.example"}});
    EXPECT_EQ(other.count("Access-Control-Allow-Origin"), 0u);
    EXPECT_NE(field(other, "Vary").find("Origin"), std::string::npos);
    const auto none = get("/tiles/population/5/28/12.png");
    EXPECT_EQ(none.count("Access-Control-Allow-Origin"), 0u);
    EXPECT_NE(field(none, "Vary").find("Origin"), std::string::npos);

    const Headers preflight_ok{{"Origin", "https://A.example"}, {"Access-Control-Request-Method", "GET"}};
    const auto p = fetch(port_, "/doc/small", preflight_ok, "OPTIONS");
    EXPECT_EQ(p.result_int(), 204u);
    EXPECT_EQ(field(p, "Access-Control-Allow-Origin"), "https://A.example");
    const Headers preflight_bad{{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "GET"}};
    EXPECT_EQ(fetch(port_, "/doc/small", preflight_bad, "OPTIONS").result_int(), 403u);
}

TEST_F(server_Cors, Disabled) {
    ServerOptions opts;
    opts.cors_allow_origin = "";
    start(opts);
    const auto res = get("/doc/small", {{"Origin", "https://a.example"}});
    EXPECT_EQ(res.count("Access-Control-Allow-Origin"), 0u);
    EXPECT_EQ(res.count("Vary"), 0u);
    EXPECT_EQ(fetch(port_, "/doc/small", {{"Origin", "https://a.example"}, {"Access-Control-Request-Method", "GET"}},
                    "OPTIONS")
                  .result_int(),
              405u);
}

TEST(server_CorsPolicy, Parsing) {
    EXPECT_TRUE(CorsPolicy("*").any());
    EXPECT_TRUE(CorsPolicy("https://a.jp, *").any());
    EXPECT_FALSE(CorsPolicy("").enabled());
    EXPECT_FALSE(CorsPolicy(" , ").enabled());
    const CorsPolicy list("https://a.jp/ http://B.jp:8080,,https://a.jp");
    EXPECT_TRUE(list.enabled());
    EXPECT_FALSE(list.any());
    EXPECT_EQ(list.origins().size(), 2u);
    EXPECT_TRUE(list.allows("https://a.jp"));
    EXPECT_TRUE(list.allows("http://b.jp:8080"));
    EXPECT_FALSE(list.allows("http://b.jp"));
    EXPECT_FALSE(list.allows(""));
    EXPECT_EQ(list.allow_origin("http://b.jp:8080"), "http://b.jp:8080");
    EXPECT_EQ(list.allow_origin("null"), "");
    EXPECT_EQ(allowed_request_headers("If-None-Match,X-A"), "If-None-Match,X-A");
    EXPECT_EQ(allowed_request_headers("a\r\nb"), "");
    EXPECT_EQ(allowed_request_headers(" , "), "");
}
