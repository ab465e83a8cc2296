// The HTTP server in-process with fake services: tiles, standard headers, HEAD, errors as JSON with
// their statuses, malformed requests, keep-alive, HTTP/1.0 and pipelining.
#include "http_server_support.h"

using namespace rxmap::test::http_fakes;

TEST_F(server_Http, ServesATile) {
    expect_png(get("/tiles/population/5/28/12.png"));
    const TileAddress a = source_->last();
    EXPECT_EQ(a.z, 5);
    EXPECT_EQ(a.x, 28);
    EXPECT_EQ(a.y, 12);
    EXPECT_EQ(a.scale, 1);
    EXPECT_FALSE(source_->rendered_on_main_);
}

TEST_F(server_Http, StandardHeaders) {
    const auto res = get("/healthz");
    EXPECT_EQ(field(res, http::field::server), "rxmap");
    const std::string date = field(res, http::field::date);
    EXPECT_EQ(date.size(), 29u) << date;  // "Sun, 06 Nov 1994 08:49:37 GMT"
    EXPECT_EQ(date.substr(date.size() - 4), " GMT");
    EXPECT_EQ(field(res, http::field::cache_control), "no-store");
    EXPECT_EQ(field(res, http::field::access_control_allow_origin), "*");
}

TEST_F(server_Http, ServesRetinaTile) {
    expect_png(get("/tiles/population/5/28/12@2x.png"));
    EXPECT_EQ(source_->last().scale, 2);
}

TEST_F(server_Http, ServesLayerWithSlashesAndJapanese) {
    expect_png(get("/tiles/" + kJapaneseLayerEncoded + "/5/28/12.png"));
}

TEST_F(server_Http, HeadHasHeadersButNoBody) {
    Client c(port_);
    const auto head = c.request("HEAD", "/tiles/population/5/28/12.png");
    EXPECT_EQ(head.result_int(), 200u);
    EXPECT_EQ(field(head, http::field::content_type), "image/png");
    EXPECT_EQ(field(head, http::field::content_length), std::to_string(kPngBytes.size()));
    EXPECT_TRUE(head.body().empty());
    // Had the server sent a body, the next response on the connection would not parse.
    expect_png(c.request("GET", "/tiles/population/5/28/12.png"));
}

TEST_F(server_Http, Health) {
    const auto res = get("/healthz");
    EXPECT_EQ(res.result_int(), 200u);
    EXPECT_EQ(field(res, http::field::content_type), "application/json");
    EXPECT_EQ(res.body(), R"({"status":"ok"})");
}

TEST_F(server_Http, NotFound) {
    expect_json_error(get("/tiles/nope/5/28/12.png"), 404, "unknown_layer");
    expect_json_error(get("/nope"), 404, "not_found");
    expect_json_error(get("/"), 404, "not_found");
    expect_json_error(get("/tiles/population/5/28"), 404, "not_found");
    expect_json_error(get("/healthz/extra"), 404, "not_found");
}

TEST_F(server_Http, BadTileAddresses) {
    for (const char* target : {
             "/tiles/population/5/28/abc.png",
             "/tiles/population/99/0/0.png",
             "/tiles/population/3/8/0.png",
             "/tiles/population/3/0/8.png",
             "/tiles/population/-1/0/0.png",
             "/tiles/population/5/28/12.pngx",
             "/tiles/population/5/28/12.jpg",
         }) {
        SCOPED_TRACE(target);
        expect_json_error(get(target), 400, "bad_tile_address");
    }
    // Valid address, but beyond what the layer has: the engine says out_of_range.
    expect_json_error(get("/tiles/population/15/0/0.png"), 400, "out_of_range");
    expect_json_error(get("/tiles/a%zz/1/0/0.png"), 400, "bad_request");
    expect_json_error(get("/tiles/../x/1/0/0.png"), 400, "bad_request");
}

TEST_F(server_Http, MethodNotAllowed) {
    for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS", "PATCH", "BREW"}) {
        SCOPED_TRACE(method);
        Client c(port_);
        const auto res = c.request(method, "/tiles/population/5/28/12.png");
        expect_json_error(res, 405, "method_not_allowed");
        EXPECT_EQ(field(res, http::field::allow), "GET, HEAD");
        // The connection stays usable.
        expect_png(c.request("GET", "/tiles/population/5/28/12.png"));
    }
}

TEST_F(server_Http, RequestBodyIsRejectedAndConnectionClosed) {
    {
        Client c(port_);
        const auto res = c.request("POST", "/tiles/population/5/28/12.png", "Content-Length: 5\r\n");
        c.write("hello");
        expect_json_error(res, 413, "payload_too_large");
        EXPECT_TRUE(c.closed_within(2s));
    }
    {
        Client c(port_);
        const auto res = c.request("GET", "/healthz", "Transfer-Encoding: chunked\r\n");
        expect_json_error(res, 413, "payload_too_large");
        EXPECT_TRUE(c.closed_within(2s));
    }
    // Content-Length: 0 is no body.
    Client c(port_);
    expect_png(c.request("GET", "/tiles/population/5/28/12.png", "Content-Length: 0\r\n"));
}

TEST_F(server_Http, HeaderTooLargeIs431AndClose) {
    Client c(port_);
    const auto res = c.request("GET", "/tiles/population/5/28/12.png",
                               "X-Big: " + std::string(16 * 1024, 'a') + "\r\n");
    expect_json_error(res, 431, "header_too_large");
    EXPECT_EQ(field(res, http::field::connection), "close");
    EXPECT_TRUE(c.closed_within(2s));
    EXPECT_GE(server_->stats().headers_too_large.load(), 1u);
}

TEST_F(server_Http, LongTargetIs414) {
    Client c(port_);
    const auto res = c.request("GET", "/tiles/" + std::string(3000, 'a') + "/1/0/0.png");
    expect_json_error(res, 414, "uri_too_long");
    expect_png(c.request("GET", "/tiles/population/5/28/12.png"));  // still usable
}

TEST_F(server_Http, MalformedHttpIs400AndClose) {
    for (const char* bytes : {"GARBAGE\r\n\r\n", "GET /x HTTP/9.9\r\n\r\n", "GET\r\n\r\n",
                              "GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n",
                              "GET /healthz HTTP/1.1\r\nContent-Length: abc\r\n\r\n"}) {
        SCOPED_TRACE(bytes);
        Client c(port_);
        EXPECT_FALSE(c.write(bytes));
        const auto res = c.read();
        ASSERT_TRUE(res) << c.last_error().message();
        expect_json_error(*res, 400, "bad_request");
        EXPECT_TRUE(c.closed_within(2s));
    }
    EXPECT_GE(server_->stats().malformed_requests.load(), 5u);
}

TEST_F(server_Http, EngineFailuresMapToStatuses) {
    const auto failed = get("/tiles/fail/1/0/0.png");
    expect_json_error(failed, 500, "render_failed");
    EXPECT_EQ(failed.body().find("secret"), std::string::npos) << "engine internals leaked";

    const auto busy = get("/tiles/busy/1/0/0.png");
    expect_json_error(busy, 503, "overloaded");
    EXPECT_EQ(field(busy, http::field::retry_after), "1");

    expect_json_error(get("/tiles/throws/1/0/0.png"), 500, "internal_error");
    EXPECT_EQ(server_->stats().handler_exceptions.load(), 1u);
    expect_png(get("/tiles/population/5/28/12.png"));
}

TEST_F(server_Http, KeepAliveServesSeveralRequestsOnOneConnection) {
    Client c(port_);
    const auto first = c.request("GET", "/tiles/population/5/28/12.png");
    expect_png(first);
    EXPECT_TRUE(first.keep_alive());
    expect_png(c.request("GET", "/tiles/population/5/28/13.png"));
    EXPECT_EQ(c.request("GET", "/healthz").result_int(), 200u);
    const auto last = c.request("GET", "/healthz", "Connection: close\r\n");
    EXPECT_EQ(last.result_int(), 200u);
    EXPECT_EQ(field(last, http::field::connection), "close");
    EXPECT_TRUE(c.closed_within(2s));
}

TEST_F(server_Http, Http10ClosesUnlessKeepAlive) {
    Client c(port_);
    ASSERT_FALSE(c.write("GET /healthz HTTP/1.0\r\n\r\n"));
    const auto res = c.read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->result_int(), 200u);
    EXPECT_EQ(res->version(), 10u);
    EXPECT_TRUE(c.closed_within(2s));
}

TEST_F(server_Http, PipelinedRequestsAreAnsweredInOrder) {
    Client c(port_);
    ASSERT_FALSE(c.write("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"
                         "GET /tiles/population/5/28/12.png HTTP/1.1\r\nHost: t\r\n\r\n"
                         "GET /nope HTTP/1.1\r\nHost: t\r\n\r\n"));
    const auto a = c.read();
    const auto b = c.read();
    const auto d = c.read();
    ASSERT_TRUE(a && b && d);
    EXPECT_EQ(a->result_int(), 200u);
    expect_png(*b);
    EXPECT_EQ(d->result_int(), 404u);
}
