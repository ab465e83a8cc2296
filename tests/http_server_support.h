#pragma once
// What the HTTP server tests (test_http_server_*.cpp) share: fake services (a tile source that renders,
// fails or blocks; a gated job), a Beast client over a raw socket, and the fixture that starts the
// server on them through loopback_server.h. Named namespace: one copy per binary.
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

namespace rxmap::test::http_fakes {

// A complete 1x1 transparent PNG.
inline const unsigned char kPng[] = {
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82};
inline const std::string kPngBytes(reinterpret_cast<const char*>(kPng), sizeof kPng);
inline const std::string kJapaneseLayer = "facility-risk/一般診療所/2050";
inline const std::string kJapaneseLayerEncoded =
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

inline std::string field(const http::response<http::string_body>& res, http::field f) {
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

inline void expect_png(const http::response<http::string_body>& res) {
    EXPECT_EQ(res.result_int(), 200u) << res.body();
    EXPECT_EQ(field(res, http::field::content_type), "image/png");
    EXPECT_EQ(field(res, http::field::content_length), std::to_string(kPngBytes.size()));
    EXPECT_EQ(field(res, http::field::cache_control), "public, max-age=3600");
    EXPECT_EQ(field(res, http::field::access_control_allow_origin), "*");
    EXPECT_EQ(res.body().substr(0, 8), "\x89PNG\r\n\x1A\n");
    EXPECT_EQ(res.body(), kPngBytes);
}

}  // namespace rxmap::test::http_fakes

// ctest -R server matches these suite names.
using server_Http = rxmap::test::http_fakes::HttpServerTest;
