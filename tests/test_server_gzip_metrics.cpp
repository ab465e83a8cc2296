// Issue 5, HTTP side, against fake services: gzip, /metrics, /readyz and base URLs, a 10 MB request
// header, suffix routes and percent-encoded URLs.
#include "http_features_support.h"

using namespace rxmap::test::http_features;

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
