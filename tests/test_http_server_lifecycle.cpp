// The HTTP server's life: start, run and stop (port 0, several event loops), the access log, refused
// configurations, and replacing the services while a request is in flight (a reload).
#include "http_server_support.h"

using namespace rxmap::test::http_fakes;

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
