// Issue 5, HTTP side, against fake services: ETag / If-None-Match / 304,
// Cache-Control, HEAD everywhere, CORS (any origin, a list, preflights),
// gzip, /metrics, /readyz, suffix routes, and a 10 MB request header.
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <set>
#include <thread>

#include <boost/asio/write.hpp>

#include "server/http/body_memo.h"
#include "server/http/compression.h"
#include "server/http/cors.h"
#include "server/api/engine_metrics.h"
#include "server/http/etag.h"
#include "server/api/health_service.h"
#include "server/http/http_server.h"
#include "server/http/json_error.h"
#include "server/api/metrics_service.h"
#include "server/api/ready_service.h"
#include "server/http/request_target.h"
#include "server/http/router.h"
#include "server/api/tile_service.h"
#include "loopback_server.h"
#include "test_server_client.h"

using namespace rxmap::server;
using namespace std::chrono_literals;
using rxmap::test::fetch;
using rxmap::test::field;
using rxmap::test::Headers;
using rxmap::test::HttpClient;
using rxmap::test::HttpResponse;
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {

const std::string kPngBytes = std::string("\x89PNG\r\n\x1A\n", 8) + std::string(2000, '\x07');

// "population" answers the same shared PNG every time (as the engine's store
// does); "fresh" a new copy each time.
class FakeSource : public rxmap::tiles::TileSource {
public:
    bool has_layer(std::string_view id) const override { return id == "population" || id == "fresh"; }
    rxmap::tiles::TileResult get(std::string_view id, const rxmap::tiles::TileAddress&) override {
        ++calls;
        rxmap::tiles::TileResult r;
        r.status = rxmap::tiles::TileStatus::ok;
        r.png = id == "population" ? shared_ : std::make_shared<const std::string>(kPngBytes);
        return r;
    }
    std::atomic<int> calls{0};
    std::shared_ptr<const std::string> shared_ = std::make_shared<const std::string>(kPngBytes);
};

// /doc/big: a 20 KB JSON document (shared body, ETag); /doc/small: a tiny one;
// /doc/png: a PNG body; /doc/vary: sets its own Vary.
class DocService : public Service {
public:
    std::string_view name() const override { return "doc"; }
    Route route() const override { return Route{"/doc/"}; }
    Reply handle(const Request& request) override {
        const std::string& p = request.target.path;
        Response r;
        if (p == "/doc/big") {
            r = json_response(200, "");
            r.content_type = "application/json; charset=utf-8";
            r.body = big_;
            r.set("ETag", strong_etag(*big_));
        } else if (p == "/doc/small") {
            r = json_response(200, R"({"ok":true})");
        } else if (p == "/doc/png") {
            r.content_type = "image/png";
            r.body = std::make_shared<const std::string>(std::string(4000, 'a'));
        } else if (p == "/doc/vary") {
            r = json_response(200, std::string(1000, ' ') + "{}");
            r.set("Vary", "Accept-Language");
        } else if (p == "/doc/base") {
            r = json_response(200, "\"" + json_escape(request.base_url) + "\"");
        } else {
            return json_error(404, "not_found", p);
        }
        return r;
    }
    std::shared_ptr<const std::string> big_ = [] {
        std::string s = "{\"items\":[";
        for (int i = 0; i < 1000; ++i) s += (i ? ",\"" : "\"") + std::string("item-") + std::to_string(i) + "\"";
        return std::make_shared<const std::string>(s + "]}");
    }();
};

class FakeEngineMetrics : public EngineMetrics {
public:
    void write_prometheus(std::string& out) const override {
        out += "# HELP rxmap_engine_fake_total A fake engine counter.\n# TYPE rxmap_engine_fake_total counter\n"
               "rxmap_engine_fake_total{store=\"memory\",result=\"hit\"} 42\n";
    }
};

class Features : public ::testing::Test {
protected:
    void SetUp() override { start({}); }

    void start(ServerOptions opts) {
        server_.reset();
        opts = rxmap::test::loopback_options(opts);
        opts.io_threads = 2;
        opts.worker_threads = 2;
        source_ = std::make_shared<FakeSource>();
        docs_ = std::make_shared<DocService>();
        server_ = rxmap::test::start_loopback_server(
            opts,
            {std::make_shared<TileService>(source_, TileServiceOptions{120, 1}), std::make_shared<HealthService>(), docs_},
            port_, [](HttpServer& s) {
                s.add_service(std::make_shared<ReadyService>(s));
                s.add_service(std::make_shared<MetricsService>(s, std::make_shared<FakeEngineMetrics>()));
            });
    }

    HttpResponse get(const std::string& target, const Headers& headers = {}) { return fetch(port_, target, headers); }
    HttpResponse head(const std::string& target, const Headers& headers = {}) {
        return fetch(port_, target, headers, "HEAD");
    }

    std::shared_ptr<FakeSource> source_;
    std::shared_ptr<DocService> docs_;
    std::unique_ptr<HttpServer> server_;
    std::uint16_t port_ = 0;
};

using server_Caching = Features;
using server_Cors = Features;
using server_Gzip = Features;
using server_Metrics = Features;
using server_Ready = Features;
using server_Limits = Features;

const std::regex kStrongEtag(R"re("[0-9a-f]{16}")re");

}  // namespace

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

// ---------------------------------------------------------------- gzip

TEST_F(server_Gzip, RoundTrip) {
    const auto plain = get("/doc/big");
    ASSERT_EQ(plain.result_int(), 200u);
    EXPECT_EQ(plain.count("Content-Encoding"), 0u);
    EXPECT_EQ(field(plain, "Vary"), "Accept-Encoding");
    EXPECT_EQ(plain.body(), *docs_->big_);

    const auto gz = get("/doc/big", {{"Accept-Encoding", "br;q=1.0, gzip;q=0.8, deflate"}});
    ASSERT_EQ(gz.result_int(), 200u);
    EXPECT_EQ(field(gz, "Content-Encoding"), "gzip");
    EXPECT_EQ(field(gz, "Vary"), "Accept-Encoding");
    EXPECT_LT(gz.body().size(), plain.body().size() / 3);
    EXPECT_EQ(field(gz, "Content-Length"), std::to_string(gz.body().size()));
    EXPECT_EQ(gzip_decompress(gz.body()), plain.body());
    // Each coding has its own strong tag, and revalidates against it.
    EXPECT_EQ(field(gz, "ETag"), etag_with_suffix(field(plain, "ETag"), "gzip"));
    EXPECT_EQ(get("/doc/big", {{"Accept-Encoding", "gzip"}, {"If-None-Match", field(gz, "ETag")}}).result_int(), 304u);
    EXPECT_EQ(get("/doc/big", {{"If-None-Match", field(gz, "ETag")}}).result_int(), 200u);
    EXPECT_EQ(get("/doc/big", {{"Accept-Encoding", "gzip"}, {"If-None-Match", field(plain, "ETag")}}).result_int(), 200u);
    // HEAD: the gzip length.
    const auto h = head("/doc/big", {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(field(h, "Content-Encoding"), "gzip");
    EXPECT_EQ(field(h, "Content-Length"), std::to_string(gz.body().size()));
    // The shared body was compressed once and remembered.
    EXPECT_EQ(get("/doc/big", {{"Accept-Encoding", "gzip"}}).body(), gz.body());
}

TEST_F(server_Gzip, OnlyWhenAcceptedAndWorthIt) {
    EXPECT_EQ(get("/doc/big", {{"Accept-Encoding", "gzip;q=0"}}).count("Content-Encoding"), 0u);
    EXPECT_EQ(get("/doc/big", {{"Accept-Encoding", "identity"}}).count("Content-Encoding"), 0u);
    EXPECT_EQ(field(get("/doc/big", {{"Accept-Encoding", "*"}}), "Content-Encoding"), "gzip");
    EXPECT_EQ(field(get("/doc/big", {{"Accept-Encoding", "x-gzip"}}), "Content-Encoding"), "gzip");
    // Never PNGs (tiles included), nor tiny bodies, nor errors.
    const auto png = get("/doc/png", {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(png.count("Content-Encoding"), 0u);
    EXPECT_EQ(png.count("Vary"), 0u);
    const auto tile = get("/tiles/population/5/28/12.png", {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(tile.count("Content-Encoding"), 0u);
    EXPECT_EQ(tile.body(), kPngBytes);
    const auto small = get("/doc/small", {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(small.count("Content-Encoding"), 0u);
    EXPECT_EQ(small.count("Vary"), 0u);
    // A service's own Vary is kept and merged.
    const auto vary = get("/doc/vary", {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(field(vary, "Vary"), "Accept-Language, Accept-Encoding");
    EXPECT_EQ(gzip_decompress(vary.body()), std::string(1000, ' ') + "{}");
}

TEST(server_GzipUnits, AcceptEncodingAndTypes) {
    EXPECT_TRUE(accepts_gzip("gzip"));
    EXPECT_TRUE(accepts_gzip("deflate, GZIP"));
    EXPECT_TRUE(accepts_gzip("gzip;q=0.001"));
    EXPECT_TRUE(accepts_gzip("*;q=0.5"));
    EXPECT_TRUE(accepts_gzip("gzip ; q=1.0"));
    EXPECT_FALSE(accepts_gzip(""));
    EXPECT_FALSE(accepts_gzip("gzip;q=0"));
    EXPECT_FALSE(accepts_gzip("gzip;q=0.000"));
    EXPECT_FALSE(accepts_gzip("*, gzip;q=0"));
    EXPECT_FALSE(accepts_gzip("br, deflate"));
    EXPECT_FALSE(accepts_gzip("gzipx"));
    EXPECT_TRUE(compressible("application/json"));
    EXPECT_TRUE(compressible("application/json; charset=utf-8"));
    EXPECT_TRUE(compressible("application/xml"));
    EXPECT_TRUE(compressible("text/plain; version=0.0.4"));
    EXPECT_TRUE(compressible("application/geo+json"));
    EXPECT_FALSE(compressible("image/png"));
    EXPECT_FALSE(compressible(""));
    const std::string text(100000, 'x');
    EXPECT_EQ(gzip_decompress(gzip_compress(text)), text);
    EXPECT_EQ(gzip_decompress(gzip_compress("")), "");
    EXPECT_THROW(gzip_decompress("not gzip"), std::runtime_error);
}

// ---------------------------------------------------------------- metrics, readiness

TEST_F(server_Metrics, CountsAfterRequests) {
    for (int i = 0; i < 3; ++i) EXPECT_EQ(get("/tiles/population/5/28/12.png").result_int(), 200u);
    EXPECT_EQ(get("/tiles/nope/5/28/12.png").result_int(), 404u);
    EXPECT_EQ(get("/nothing-here").result_int(), 404u);
    EXPECT_EQ(get("/healthz").result_int(), 200u);
    // Responses are counted after they are written, per service first and by status class last
    // (session.cpp): poll until all six are in by class, with a deadline, instead of a fixed wait.
    const auto counted = [&] {
        return server_->stats().responses_2xx.load() + server_->stats().responses_4xx.load() >= 6;
    };
    for (const auto deadline = std::chrono::steady_clock::now() + 10s;
         !counted() && std::chrono::steady_clock::now() < deadline;)
        std::this_thread::sleep_for(1ms);
    ASSERT_TRUE(counted()) << "six responses not counted within 10 s";

    const auto res = get("/metrics", {{"Accept-Encoding", "gzip"}});
    ASSERT_EQ(res.result_int(), 200u);
    EXPECT_EQ(field(res, "Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_EQ(field(res, "Cache-Control"), "no-store");
    const std::string text = field(res, "Content-Encoding") == "gzip" ? gzip_decompress(res.body()) : res.body();
    for (const char* line : {
             "rxmap_http_requests_total{service=\"tiles\",code=\"200\"} 3\n",
             "rxmap_http_requests_total{service=\"tiles\",code=\"404\"} 1\n",
             "rxmap_http_requests_total{service=\"none\",code=\"404\"} 1\n",
             "rxmap_http_requests_total{service=\"health\",code=\"200\"} 1\n",
             "rxmap_async_answers_pending 0\n",
             "rxmap_http_request_duration_seconds_count{service=\"tiles\"} 4\n",
             "rxmap_worker_queue_depth 0\n",
             "rxmap_worker_threads 2\n",
             "rxmap_ready 0\n",
             "# TYPE rxmap_http_requests_total counter\n",
             "# TYPE rxmap_job_duration_seconds histogram\n",
             "rxmap_engine_fake_total{store=\"memory\",result=\"hit\"} 42\n",
         })
        EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
    // Every line is a comment or "name{labels} value"; every family is declared once.
    const std::regex sample(R"re([a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*")*\})? [-+0-9.eEInfNa]+)re");
    std::set<std::string> types;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        ASSERT_NE(end, std::string::npos) << "last line without newline";
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        if (line.rfind("# TYPE ", 0) == 0) {
            EXPECT_TRUE(types.insert(line.substr(7, line.find(' ', 7) - 7)).second) << line;
        } else if (line.rfind("# HELP ", 0) != 0) {
            EXPECT_TRUE(std::regex_match(line, sample)) << line;
        }
    }
    // Buckets are cumulative.
    const std::regex bucket(R"re(rxmap_http_request_duration_seconds_bucket\{service="tiles",le="([^"]+)"\} (\d+))re");
    long previous = -1;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), bucket); it != std::sregex_iterator(); ++it) {
        const long n = std::stol((*it)[2]);
        EXPECT_GE(n, previous);
        previous = n;
    }
    EXPECT_EQ(previous, 4);
}

TEST_F(server_Ready, BeforeAndAfter) {
    auto res = get("/readyz");
    EXPECT_EQ(res.result_int(), 503u);
    EXPECT_EQ(res.body(), R"({"status":"not_ready"})");
    EXPECT_EQ(field(res, "Cache-Control"), "no-store");
    EXPECT_EQ(get("/healthz").result_int(), 200u);  // alive all along
    server_->set_ready(true);
    EXPECT_TRUE(server_->ready());
    res = get("/readyz");
    EXPECT_EQ(res.result_int(), 200u);
    EXPECT_EQ(res.body(), R"({"status":"ready"})");
    EXPECT_NE(get("/metrics").body().find("rxmap_ready 1\n"), std::string::npos);
    server_->set_ready(false);  // e.g. draining before stop()
    EXPECT_EQ(get("/readyz").result_int(), 503u);
}

TEST_F(server_Ready, BaseUrlFromHostOrOption) {
    EXPECT_EQ(get("/doc/base").body(), "\"http://127.0.0.1\"");  // the client's Host
    // A host not in --allowed-hosts (default: this machine's names) is never put into URLs (issue 21).
    EXPECT_EQ(get("/doc/base", {{"Host", "maps.example.jp:8080"}}).body(), "\"\"");
    EXPECT_EQ(get("/doc/base", {{"Host", "evil\"host"}}).body(),
              "\"http://127.0.0.1:" + std::to_string(port_) + "\"");  // not a host: the local address
    ServerOptions allowed;
    allowed.allowed_hosts = "maps.example.jp, localhost";
    start(allowed);
    EXPECT_EQ(get("/doc/base", {{"Host", "Maps.Example.JP:8080"}}).body(), "\"http://Maps.Example.JP:8080\"");
    EXPECT_EQ(get("/doc/base", {{"Host", "attacker.example"}}).body(), "\"\"");
    ServerOptions opts;
    opts.public_url = "https://maps.example.jp/rxmap/";
    start(opts);
    EXPECT_EQ(get("/doc/base").body(), "\"https://maps.example.jp/rxmap\"");
}

// ---------------------------------------------------------------- limits

TEST_F(server_Limits, TenMegabyteHeaderIs431AndServerKeepsServing) {
    asio::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    // Send a 10 MB header from another thread while this one reads the answer:
    // the server answers as soon as it has read 8 KB and closes, so the writer
    // is expected to fail part-way (reset or broken pipe).
    const std::string request =
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(10u << 20, 'a') + "\r\n\r\n";
    std::thread writer([&] {
        beast::error_code ec;
        asio::write(socket, asio::buffer(request), ec);
    });
    beast::flat_buffer buffer;
    beast::http::response_parser<beast::http::string_body> parser;
    beast::error_code ec;
    beast::http::read(socket, buffer, parser, ec);
    writer.join();
    ASSERT_FALSE(ec) << ec.message();
    const auto res = parser.release();
    EXPECT_EQ(res.result_int(), 431u);
    EXPECT_NE(res.body().find("header_too_large"), std::string::npos);
    EXPECT_EQ(field(res, "Connection"), "close");
    EXPECT_GE(server_->stats().headers_too_large.load(), 1u);
    // Still serving, on new connections.
    for (int i = 0; i < 3; ++i) EXPECT_EQ(get("/healthz").result_int(), 200u);
    EXPECT_EQ(get("/tiles/population/5/28/12.png").result_int(), 200u);
}

// ---------------------------------------------------------------- routing, URLs

namespace {
class Named : public Service {
public:
    Named(std::string name, Route route) : name_(std::move(name)), route_(std::move(route)) {}
    std::string_view name() const override { return name_; }
    Route route() const override { return route_; }
    Reply handle(const Request&) override { return json_response(200, "{}"); }

private:
    std::string name_;
    Route route_;
};
}  // namespace

TEST(server_RouterSuffix, SuffixRoutesShareAPrefix) {
    Router router;
    router.add(std::make_shared<Named>("tiles", Route{"/tiles/"}));
    router.add(std::make_shared<Named>("tilejson", Route{"/tiles/", ".json"}));
    router.add(std::make_shared<Named>("root", Route{"/"}));
    auto name = [&](std::string_view path) {
        Service* s = router.find(path);
        return s ? std::string(s->name()) : std::string("-");
    };
    EXPECT_EQ(name("/tiles/population.json"), "tilejson");
    EXPECT_EQ(name("/tiles/population-change/2050.json"), "tilejson");
    EXPECT_EQ(name("/tiles/population/5/28/12.png"), "tiles");
    EXPECT_EQ(name("/tiles/.json"), "tiles");  // nothing before the suffix
    EXPECT_EQ(name("/tiles/a.jsonx"), "tiles");
    EXPECT_EQ(name("/other.json"), "root");
    EXPECT_EQ(router.find_index("/tiles/a.json"), 1);
    EXPECT_EQ(router.find_index("/tiles/a.png"), 0);
    EXPECT_THROW(router.add(std::make_shared<Named>("again", Route{"/tiles/", ".json"})), std::invalid_argument);
    EXPECT_THROW(router.add(std::make_shared<Named>("exact", Route{"/x", ".json"})), std::invalid_argument);
}

TEST(server_Urls, PercentEncodePathRoundTrips) {
    EXPECT_EQ(percent_encode_path("facility-risk/一般診療所/2050"),
              "facility-risk/%E4%B8%80%E8%88%AC%E8%A8%BA%E7%99%82%E6%89%80/2050");
    EXPECT_EQ(percent_encode_path("a b?c#d%e&f\"<>"), "a%20b%3Fc%23d%25e%26f%22%3C%3E");
    for (const std::string p : {"population/2020/ward", "a~b_c.d-e", "日本/x y", "%2F"})
        EXPECT_EQ(percent_decode(percent_encode_path(p)).value_or("?"), p);
}
