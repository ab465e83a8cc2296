// The HTTP server in-process on an ephemeral port, driven by a Beast client
// and raw sockets: statuses, headers, limits, timeouts, keep-alive and abuse.
#include "server/api/health_service.h"
#include "server/http/http_server.h"
#include "server/api/tile_service.h"
#include "loopback_server.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

using namespace rxmap::server;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using rxmap::tiles::TileAddress;
using rxmap::tiles::TileResult;
using rxmap::tiles::TileStatus;

namespace {

// A complete 1x1 transparent PNG.
const unsigned char kPng[] = {
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82};
const std::string kPngBytes(reinterpret_cast<const char*>(kPng), sizeof kPng);
const std::string kJapaneseLayer = "facility-risk/一般診療所/2050";
const std::string kJapaneseLayerEncoded =
    "facility-risk/%E4%B8%80%E8%88%AC%E8%A8%BA%E7%99%82%E6%89%80/2050";

// "population" and the Japanese layer render (z <= 14); "fail", "busy" and
// "throws" misbehave; "gate" blocks until released. Everything else is unknown.
class FakeTileSource : public rxmap::tiles::TileSource, public std::enable_shared_from_this<FakeTileSource> {
public:
    bool has_layer(std::string_view id) const override {
        return id == "population" || id == kJapaneseLayer || id == "fail" || id == "busy" ||
               id == "throws" || id == "gate";
    }

    TileResult get(std::string_view id, const TileAddress& a) override {
        {
            std::lock_guard lock(mutex_);
            last_ = a;
            ++calls_;
            if (main_thread_ == std::this_thread::get_id()) rendered_on_main_ = true;
        }
        TileResult r;
        if (!has_layer(id)) {
            r.status = TileStatus::unknown_layer;
            r.message = "no such layer";
        } else if (a.z > 14) {
            r.status = TileStatus::out_of_range;
            r.message = "z above 14";
        } else if (id == "fail") {
            r.status = TileStatus::failed;
            r.message = "/secret/path.xml broke";
        } else if (id == "busy") {
            r.status = TileStatus::overloaded;
            r.message = "queue full";
        } else if (id == "throws") {
            throw std::runtime_error("boom");
        } else {
            if (id == "gate") {
                std::unique_lock lock(mutex_);
                gate_entered_ = true;
                cv_.notify_all();
                cv_.wait(lock, [&] { return gate_open_; });
            }
            r.status = TileStatus::ok;
            r.png = std::make_shared<const std::string>(kPngBytes);
        }
        return r;
    }

    // Like the engine: answers from a thread of its own, so a gated tile holds no
    // server thread.
    void get_async(std::string_view id, const TileAddress& a, const std::string& client,
                   rxmap::tiles::TileCallback done) override {
        {
            std::lock_guard lock(mutex_);
            last_client_ = client;
        }
        if (id == "throws") get(id, a);  // throws here, in the server's call
        std::thread([self = shared_from_this(), id = std::string(id), a, done = std::move(done)] {
            done(self->get(id, a));
        }).detach();
    }

    TileAddress last() {
        std::lock_guard lock(mutex_);
        return last_;
    }
    std::string last_client() {
        std::lock_guard lock(mutex_);
        return last_client_;
    }
    bool wait_gate_entered(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, timeout, [&] { return gate_entered_; });
    }
    void open_gate() {
        std::lock_guard lock(mutex_);
        gate_open_ = true;
        cv_.notify_all();
    }
    std::thread::id main_thread_ = std::this_thread::get_id();
    bool rendered_on_main_ = false;

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    TileAddress last_;
    std::string last_client_;
    int calls_ = 0;
    bool gate_entered_ = false;
    bool gate_open_ = false;
};

// GET /job: a blocking job on the worker pool that waits at the source's gate.
class GatedJobService : public Service {
public:
    explicit GatedJobService(std::shared_ptr<FakeTileSource> source) : source_(std::move(source)) {}
    std::string_view name() const override { return "job"; }
    Route route() const override { return Route{"/job"}; }
    Reply handle(const Request&) override {
        return Reply::deferred([source = source_] {
            source->get("gate", TileAddress{});
            Response r;
            r.content_type = "text/plain";
            r.body = std::make_shared<const std::string>("done");
            return r;
        });
    }

private:
    std::shared_ptr<FakeTileSource> source_;
};

// A blocking HTTP client with a deadline on every operation. A deadline
// cancels the operation but leaves the socket open (unlike beast::tcp_stream).
class Client {
public:
    // from: the local address to connect from (another loopback address is another client).
    explicit Client(std::uint16_t port, const char* from = nullptr) : socket_(ioc_) {
        if (from) {
            socket_.open(tcp::v4());
            socket_.bind(tcp::endpoint(asio::ip::make_address(from), 0));
        }
        const auto ec = run_op(5s, [&](auto done) {
            socket_.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), done);
        });
        if (ec) throw beast::system_error(ec);
    }

    beast::error_code write(std::string_view bytes) {
        return run_op(5s, [&](auto done) {
            asio::async_write(socket_, asio::buffer(bytes.data(), bytes.size()),
                              [done](beast::error_code e, std::size_t) { done(e); });
        });
    }

    std::optional<http::response<http::string_body>> read(bool head = false,
                                                          std::chrono::milliseconds timeout = 5s) {
        http::response_parser<http::string_body> parser;
        parser.skip(head);  // a response to HEAD has no body whatever its Content-Length
        parser.body_limit(1 << 20);
        last_error_ = run_op(timeout, [&](auto done) {
            http::async_read(socket_, buffer_, parser, [done](beast::error_code e, std::size_t) { done(e); });
        });
        if (last_error_) return std::nullopt;
        return parser.release();
    }

    http::response<http::string_body> request(std::string_view method, std::string_view target,
                                              std::string_view extra_headers = "") {
        std::string req = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" +
                          std::string(extra_headers) + "\r\n";
        EXPECT_FALSE(write(req));
        auto res = read(method == "HEAD");
        EXPECT_TRUE(res.has_value()) << method << " " << target << ": " << last_error_.message();
        return res.value_or(http::response<http::string_body>{});
    }

    // True when the server closes the connection within timeout (EOF or
    // reset); stray bytes are skipped. False when it is still open.
    bool closed_within(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        char byte;
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left <= 0ms) return false;
            const auto ec = run_op(left, [&](auto done) {
                socket_.async_read_some(asio::buffer(&byte, 1), [done](beast::error_code e, std::size_t) { done(e); });
            });
            if (ec == beast::error::timeout) return false;
            if (ec) return true;
        }
    }

    void shutdown_send() {
        beast::error_code ec;
        socket_.shutdown(tcp::socket::shutdown_send, ec);
    }

    beast::error_code last_error() const { return last_error_; }

private:
    // Runs one asynchronous operation to completion or until timeout, which
    // cancels it and yields beast::error::timeout.
    template <class Start>
    beast::error_code run_op(std::chrono::milliseconds timeout, Start start) {
        beast::error_code result;
        bool done = false;
        bool timed_out = false;
        asio::steady_timer timer(ioc_, timeout);
        timer.async_wait([&](beast::error_code e) {
            if (!e && !done) {
                timed_out = true;
                beast::error_code ignored;
                socket_.cancel(ignored);
            }
        });
        start([&](beast::error_code e) {
            result = e;
            done = true;
            timer.cancel();
        });
        ioc_.restart();
        ioc_.run();
        return timed_out ? beast::error_code(beast::error::timeout) : result;
    }

    asio::io_context ioc_;
    tcp::socket socket_;
    beast::flat_buffer buffer_;
    beast::error_code last_error_;
};

std::string field(const http::response<http::string_body>& res, http::field f) {
    return std::string(res[f]);
}

class HttpServerTest : public ::testing::Test {
protected:
    void SetUp() override { start(ServerOptions{}); }
    void TearDown() override { server_.reset(); }

    void start(ServerOptions opts) {
        server_.reset();
        opts = rxmap::test::loopback_options(opts);
        opts.io_threads = 2;
        opts.worker_threads = 2;
        opts.read_timeout = 600ms;  // short, for the slow-loris test
        opts.idle_timeout = 1500ms;
        opts.write_timeout = 2s;
        opts.linger_timeout = 500ms;
        if (max_connections_) opts.max_connections = *max_connections_;
        if (max_pending_jobs_) opts.max_pending_jobs = *max_pending_jobs_;
        source_ = std::make_shared<FakeTileSource>();
        server_ = rxmap::test::start_loopback_server(
            opts, {std::make_shared<TileService>(source_), std::make_shared<HealthService>(),
                   std::make_shared<GatedJobService>(source_)},
            port_);
        ASSERT_NE(port_, 0);
        ASSERT_EQ(server_->port(), port_);
    }

    http::response<http::string_body> get(std::string_view target) {
        Client c(port_);
        return c.request("GET", target);
    }
    http::response<http::string_body> get_with(std::string_view target, const std::string& extra_headers) {
        Client c(port_);
        return c.request("GET", target, extra_headers);
    }

    void expect_json_error(const http::response<http::string_body>& res, unsigned status, std::string_view error) {
        EXPECT_EQ(res.result_int(), status) << res.body();
        EXPECT_EQ(field(res, http::field::content_type), "application/json");
        EXPECT_NE(res.body().find("\"error\":\"" + std::string(error) + "\""), std::string::npos) << res.body();
        EXPECT_NE(res.body().find("\"detail\":"), std::string::npos) << res.body();
    }

    bool wait_connections_closed(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (server_->stats().connections_open.load() != 0) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            std::this_thread::sleep_for(10ms);
        }
        return true;
    }

    std::optional<std::size_t> max_connections_;
    std::optional<std::size_t> max_pending_jobs_;
    std::shared_ptr<FakeTileSource> source_;
    std::unique_ptr<HttpServer> server_;
    std::uint16_t port_ = 0;
};

}  // namespace

// ctest -R server matches these suite names.
using server_Http = HttpServerTest;

namespace {

void expect_png(const http::response<http::string_body>& res) {
    EXPECT_EQ(res.result_int(), 200u) << res.body();
    EXPECT_EQ(field(res, http::field::content_type), "image/png");
    EXPECT_EQ(field(res, http::field::content_length), std::to_string(kPngBytes.size()));
    EXPECT_EQ(field(res, http::field::cache_control), "public, max-age=3600");
    EXPECT_EQ(field(res, http::field::access_control_allow_origin), "*");
    EXPECT_EQ(res.body().substr(0, 8), "\x89PNG\r\n\x1A\n");
    EXPECT_EQ(res.body(), kPngBytes);
}

}  // namespace

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

TEST_F(server_Http, IdleKeepAliveConnectionIsClosed) {
    Client c(port_);
    EXPECT_EQ(c.request("GET", "/healthz").result_int(), 200u);
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(c.closed_within(5s));
    EXPECT_GE(std::chrono::steady_clock::now() - t0, 1s);  // idle_timeout is 1.5 s
}

TEST_F(server_Http, SlowLorisIsDroppedWhileOthersAreServed) {
    Client loris(port_);
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_FALSE(loris.write("GET /tiles/population/5/28/12.png HTTP/1.1\r\nHost: t\r\n"));

    // A normal client, concurrently, is served at once.
    std::atomic<unsigned> other_status{0};
    std::atomic<long long> other_ms{-1};
    std::thread other([&] {
        const auto s = std::chrono::steady_clock::now();
        Client c(port_);
        const auto res = c.request("GET", "/tiles/population/5/28/12.png");
        other_status = res.result_int();
        other_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - s).count();
    });

    // Trickle one header byte every 100 ms; the server must hang up at read_timeout (600 ms).
    bool closed = false;
    for (int i = 0; i < 40 && !closed; ++i) {
        if (loris.write("X")) {
            closed = true;
            break;
        }
        closed = loris.closed_within(100ms);
    }
    const auto elapsed = std::chrono::steady_clock::now() - t0;
    other.join();

    EXPECT_TRUE(closed) << "slow loris was never dropped";
    EXPECT_GE(elapsed, 500ms);
    EXPECT_LT(elapsed, 3s);
    EXPECT_EQ(other_status.load(), 200u);
    EXPECT_LT(other_ms.load(), 500);
    // The client may see the close just before the server counts it.
    for (int i = 0; i < 100 && server_->stats().read_timeouts.load() == 0; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(server_->stats().read_timeouts.load(), 1u);
}

TEST_F(server_Http, SurvivesABurstOfBadRequests) {
    std::atomic<int> failures_to_connect{0};
    auto abuse = [&](int seed) {
        std::mt19937 rng(static_cast<unsigned>(seed));
        for (int i = 0; i < 25; ++i) {
            try {
                Client c(port_);
                switch ((seed + i) % 6) {
                    case 0: {  // random bytes
                        std::string junk(1 + rng() % 600, '\0');
                        for (char& ch : junk) ch = static_cast<char>(rng());
                        c.write(junk + "\r\n\r\n");
                        c.shutdown_send();
                        c.closed_within(2s);
                        break;
                    }
                    case 1:  // bad path
                        c.request("GET", "/tiles/population/5/28/abc.png");
                        break;
                    case 2:  // oversized header
                        c.request("GET", "/healthz", "X-Big: " + std::string(20000, 'b') + "\r\n");
                        break;
                    case 3:  // abrupt close mid-header
                        c.write("GET /tiles/population/5/2");
                        break;
                    case 4:  // abrupt close right after a full request, before the answer
                        c.write("GET /tiles/population/5/28/12.png HTTP/1.1\r\nHost: t\r\n\r\n");
                        break;
                    case 5:  // bad percent-encoding and a body
                        c.request("GET", "/tiles/%ZZ/1/0/0.png");
                        c.request("POST", "/healthz", "Content-Length: 3\r\n");
                        break;
                }
            } catch (const std::exception&) {
                ++failures_to_connect;
            }
        }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) threads.emplace_back(abuse, t);  // 8 x 25 = 200 bad clients
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures_to_connect.load(), 0);

    Client c(port_);
    expect_png(c.request("GET", "/tiles/population/5/28/12.png"));
    expect_png(c.request("GET", "/tiles/population/5/28/12.png"));  // keep-alive
}

TEST_F(server_Http, NoConnectionLeaksAfterAbuse) {
    for (int i = 0; i < 20; ++i) {
        Client c(port_);
        c.write("GET /tiles/population/5/2");  // abandoned
    }
    {
        Client c(port_);
        c.request("GET", "/healthz", "X-Big: " + std::string(20000, 'b') + "\r\n");
    }
    // Abandoned half-requests are dropped by read_timeout at the latest.
    EXPECT_TRUE(wait_connections_closed(5s)) << server_->stats().connections_open.load() << " still open";
}

TEST_F(server_Http, AtTheConnectionCapTheLongestIdleConnectionMakesRoom) {
    ServerOptions opts;
    opts.max_connections = 2;
    opts.max_client_connections = 0;
    start(opts);
    Client a(port_), b(port_);
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (server_->stats().connections_open.load() < 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(5ms);
    ASSERT_EQ(server_->stats().connections_open.load(), 2);

    Client c(port_);  // a new client at the cap is served ...
    EXPECT_EQ(c.request("GET", "/healthz").result_int(), 200u);
    EXPECT_TRUE(a.closed_within(2s));  // ... and the connection idle longest was closed for it
    EXPECT_EQ(server_->stats().idle_connections_closed.load(), 1u);
    EXPECT_EQ(server_->stats().connections_rejected.load(), 0u);
}

TEST_F(server_Http, AtTheConnectionCapWithEveryConnectionBusyANewOneGets503) {
    ServerOptions opts;
    opts.max_connections = 2;
    opts.max_client_connections = 0;
    start(opts);
    std::optional<http::response<http::string_body>> gated1, gated2;
    std::thread t1([&] { gated1 = Client(port_).request("GET", "/tiles/gate/1/0/0.png"); });
    ASSERT_TRUE(source_->wait_gate_entered(5s));
    std::thread t2([&] { gated2 = Client(port_).request("GET", "/tiles/gate/1/0/1.png"); });
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (server_->stats().requests.load() < 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(5ms);

    Client c(port_);
    const auto res = c.read();
    ASSERT_TRUE(res) << c.last_error().message();
    EXPECT_EQ(res->result_int(), 503u);
    EXPECT_EQ(field(*res, http::field::retry_after), "1");
    EXPECT_TRUE(c.closed_within(2s));
    EXPECT_EQ(server_->stats().connections_rejected.load(), 1u);

    source_->open_gate();
    t1.join();
    t2.join();
    ASSERT_TRUE(gated1 && gated2);
    expect_png(*gated1);
    expect_png(*gated2);
}

TEST_F(server_Http, OneClientCannotTakeEveryConnection) {
    ServerOptions opts;
    opts.max_client_connections = 3;
    start(opts);
    std::vector<std::unique_ptr<Client>> flood;
    for (int i = 0; i < 3; ++i) flood.push_back(std::make_unique<Client>(port_, "127.0.0.1"));
    Client refused(port_, "127.0.0.1");
    const auto res = refused.read();
    ASSERT_TRUE(res) << refused.last_error().message();
    EXPECT_EQ(res->result_int(), 503u);
    EXPECT_EQ(server_->stats().client_connections_rejected.load(), 1u);

    Client other(port_, "127.0.0.2");  // another client is served
    expect_png(other.request("GET", "/tiles/population/5/28/12.png"));
    EXPECT_EQ(source_->last_client(), "127.0.0.2");
    EXPECT_EQ(flood[0]->request("GET", "/healthz").result_int(), 200u);  // the flood's own still work
}

TEST_F(server_Http, ClientComesFromXForwardedForOnlyBehindATrustedProxy) {
    expect_png(get_with("/tiles/population/5/28/12.png", "X-Forwarded-For: 203.0.113.9\r\n"));
    EXPECT_EQ(source_->last_client(), "127.0.0.1");  // not trusted: the peer

    ServerOptions opts;
    opts.trusted_proxies = "127.0.0.1";
    start(opts);
    expect_png(get_with("/tiles/population/5/28/12.png", "X-Forwarded-For: 198.51.100.1, 203.0.113.9\r\n"));
    EXPECT_EQ(source_->last_client(), "203.0.113.9");  // the last hop before the proxy
}

TEST_F(server_Http, BareLineFeedRequestsOfAnyLengthGet400AtOnce) {
    for (std::size_t filler : {0u, 600u, 4000u}) {
        Client c(port_);
        const std::string request = "GET /healthz HTTP/1.1\nHost: x\nX-Pad: " + std::string(filler, 'p') + "\n\n";
        const auto start = std::chrono::steady_clock::now();
        ASSERT_FALSE(c.write(request));
        const auto res = c.read(false, 2s);
        ASSERT_TRUE(res) << filler << ": " << c.last_error().message();
        EXPECT_EQ(res->result_int(), 400u) << filler;
        EXPECT_LT(std::chrono::steady_clock::now() - start, 1s) << filler;
    }
    EXPECT_EQ(get("/healthz").result_int(), 200u);
}

TEST_F(server_Http, TilesWaitingForARenderHoldNoWorker) {
    max_pending_jobs_ = 1;
    start(ServerOptions{});
    std::vector<std::thread> waiting;
    std::vector<std::optional<http::response<http::string_body>>> gated(4);
    for (int i = 0; i < 4; ++i)
        waiting.emplace_back([&, i] { gated[i] = Client(port_).request("GET", "/tiles/gate/3/0/" + std::to_string(i) + ".png"); });
    ASSERT_TRUE(source_->wait_gate_entered(5s));
    expect_png(get("/tiles/population/5/28/12.png"));  // more than the worker queue holds, still served
    EXPECT_EQ(get("/healthz").result_int(), 200u);
    source_->open_gate();
    for (auto& t : waiting) t.join();
    for (auto& g : gated) {
        ASSERT_TRUE(g);
        expect_png(*g);
    }
}

TEST_F(server_Http, FullWorkerQueueGets503ButHealthStillAnswers) {
    max_pending_jobs_ = 1;
    start(ServerOptions{});
    std::optional<http::response<http::string_body>> gated;
    std::thread slow([&] {
        Client c(port_);
        gated = c.request("GET", "/job");
    });
    ASSERT_TRUE(source_->wait_gate_entered(5s));

    const auto rejected = get("/job");
    expect_json_error(rejected, 503, "overloaded");
    EXPECT_EQ(field(rejected, http::field::retry_after), "1");
    EXPECT_EQ(get("/healthz").result_int(), 200u);  // not queued behind jobs
    expect_png(get("/tiles/population/5/28/12.png"));

    source_->open_gate();
    slow.join();
    ASSERT_TRUE(gated);
    EXPECT_EQ(gated->result_int(), 200u);
    EXPECT_EQ(gated->body(), "done");
}

TEST(server_HttpServerLifecycle, StartStopRunAndPortZero) {
    HttpServer server(rxmap::test::loopback_options(), {std::make_shared<HealthService>()});
    EXPECT_EQ(server.port(), 0);
    std::thread runner([&] { server.run(); });  // run() starts and blocks until stop()
    std::uint16_t port = 0;
    for (int i = 0; i < 200 && (port = server.port()) == 0; ++i) std::this_thread::sleep_for(5ms);
    ASSERT_NE(port, 0);
    EXPECT_EQ(server.start(), port);  // idempotent
    {
        Client c(port);
        EXPECT_EQ(c.request("GET", "/healthz").result_int(), 200u);
    }
    EXPECT_THROW(server.add_service(std::make_shared<HealthService>()), std::logic_error);
    server.stop();
    runner.join();
    server.stop();  // idempotent
    EXPECT_THROW(Client{port}, std::exception);  // no longer listening
}

TEST(server_HttpServerLifecycle, EveryEventLoopServesItsConnectionsAndStopClosesThemAll) {
    // Connections are handed to the loops in turn: nine keep-alive clients on three
    // loops, each served twice; stop() then closes every one of them, on every loop.
    ServerOptions opts = rxmap::test::loopback_options();
    opts.io_threads = 3;
    HttpServer server(opts, {std::make_shared<HealthService>(),
                             std::make_shared<TileService>(std::make_shared<FakeTileSource>())});
    const std::uint16_t port = server.start();
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < 9; ++i) clients.push_back(std::make_unique<Client>(port));
    for (int round = 0; round < 2; ++round)
        for (auto& c : clients) {
            EXPECT_EQ(c->request("GET", "/healthz").result_int(), 200u);
            const auto tile = c->request("GET", "/tiles/population/3/1/2.png");
            EXPECT_EQ(tile.result_int(), 200u);
            EXPECT_EQ(tile.body(), kPngBytes);
        }
    EXPECT_EQ(server.stats().connections_open.load(), 9);
    const auto before = std::chrono::steady_clock::now();
    server.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - before, 5s);
    for (auto& c : clients) EXPECT_TRUE(c->closed_within(1s));
    EXPECT_EQ(server.stats().connections_open.load(), 0);
}

TEST(server_HttpServerLifecycle, WritesOneAccessLogLinePerRequest) {
    ServerOptions opts = rxmap::test::loopback_options();
    opts.access_log = true;
    opts.cors_allow_origin = "";  // no CORS header
    testing::internal::CaptureStderr();
    {
        HttpServer server(opts, {std::make_shared<HealthService>()});
        Client c(server.start());
        const auto res = c.request("GET", "/healthz?probe=1");
        EXPECT_EQ(res.result_int(), 200u);
        EXPECT_EQ(res.count(http::field::access_control_allow_origin), 0u);
        EXPECT_EQ(c.request("HEAD", "/nope").result_int(), 404u);
        // The client can read a response before the server has logged it.
        for (int i = 0; i < 200 && server.stats().responses_4xx.load() == 0; ++i)
            std::this_thread::sleep_for(5ms);
    }
    const std::string log = testing::internal::GetCapturedStderr();
    EXPECT_NE(log.find("access remote=127.0.0.1 method=GET target=\"/healthz?probe=1\" status=200 bytes=15 ms="),
              std::string::npos) << log;
    EXPECT_NE(log.find("method=HEAD target=\"/nope\" status=404 bytes=0 ms="), std::string::npos) << log;
    EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 2) << log;
}

TEST(server_HttpServerLifecycle, DuplicateRoutesAndBusyPortsThrow) {
    ServerOptions opts = rxmap::test::loopback_options();
    EXPECT_THROW(HttpServer(opts, {std::make_shared<HealthService>(), std::make_shared<HealthService>()}),
                 std::invalid_argument);
    HttpServer first(opts, {std::make_shared<HealthService>()});
    opts.port = first.start();
    HttpServer second(opts, {std::make_shared<HealthService>()});
    EXPECT_THROW(second.start(), std::runtime_error);
}

namespace {

// GET /generation: "<name>", after waiting at its gate (open unless closed by the test). Counts its instances.
class GenerationService : public Service {
public:
    GenerationService(std::string answer, std::shared_ptr<std::atomic<int>> alive, bool gated)
        : answer_(std::move(answer)), alive_(std::move(alive)), gated_(gated) {
        ++*alive_;
    }
    ~GenerationService() override { --*alive_; }
    std::string_view name() const override { return "generation"; }
    Route route() const override { return Route{"/generation"}; }
    Reply handle(const Request&) override {
        return Reply::deferred([this] {
            std::unique_lock lock(mutex_);
            entered_ = true;
            cv_.notify_all();
            cv_.wait(lock, [&] { return !gated_; });
            Response r;
            r.content_type = "text/plain";
            r.body = std::make_shared<const std::string>(answer_);
            return r;
        });
    }
    bool wait_entered() {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, 5s, [&] { return entered_; });
    }
    void open() {
        std::lock_guard lock(mutex_);
        gated_ = false;
        cv_.notify_all();
    }

private:
    std::string answer_;
    std::shared_ptr<std::atomic<int>> alive_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool gated_;
    bool entered_ = false;
};

}  // namespace

// A reload (HttpServer::replace_services): the request in flight finishes on the old service, a new
// request gets the new one at once, and the old service is released only after its last answer.
TEST(server_HttpServerLifecycle, ReplaceServicesLetsRequestsInFlightFinishOnTheOld) {
    const ServerOptions opts = rxmap::test::loopback_options();
    auto alive = std::make_shared<std::atomic<int>>(0);
    auto old_service = std::make_shared<GenerationService>("old", alive, true);
    HttpServer server(opts, {old_service, std::make_shared<HealthService>()});
    const std::uint16_t port = server.start();
    Client in_flight(port);
    ASSERT_FALSE(in_flight.write("GET /generation HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(old_service->wait_entered());
    std::weak_ptr<GenerationService> old_weak = old_service;
    old_service.reset();

    std::atomic<bool> replaced{false};
    std::thread reload([&] {
        server.replace_services({std::make_shared<GenerationService>("new", alive, false),
                                 std::make_shared<HealthService>()});
        replaced = true;
    });
    for (int i = 0; i < 200 && *alive < 2; ++i) std::this_thread::sleep_for(5ms);
    {
        Client later(port);
        const auto res = later.request("GET", "/generation");
        EXPECT_EQ(res.body(), "new");  // swapped: new requests see the new generation
    }
    EXPECT_FALSE(replaced) << "replace_services returns only once the old services are unused";
    EXPECT_EQ(*alive, 2);
    old_weak.lock()->open();
    const auto answer = in_flight.read();
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->body(), "old");  // the request in flight finished on the old one
    reload.join();
    EXPECT_TRUE(replaced);
    EXPECT_EQ(*alive, 1) << "the old service was released by replace_services";
    EXPECT_THROW(server.replace_services({std::make_shared<TileService>(std::make_shared<FakeTileSource>())}),
                 std::invalid_argument)  // a service the server did not have before start()
        << "new service names are refused once serving";
    server.stop();
}
