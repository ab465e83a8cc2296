// The HTTP server's limits under abuse, with fake services: idle and slow clients, bursts of bad
// requests, connection caps (per server, per client, behind a proxy), a full worker queue.
#include "http_server_support.h"

using namespace rxmap::test::http_fakes;

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
