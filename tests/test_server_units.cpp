// Router, JSON errors, access-log lines (and their hand-over from several threads) and the tile service's mapping of
// TileSource results, without sockets.
#include "common/fnv1a.h"
#include "server/http/access_log.h"
#include "server/http/etag.h"
#include "server/api/health_service.h"
#include "server/http/json_error.h"
#include "server/http/response_head.h"
#include "server/http/router.h"
#include "server/api/tile_service.h"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace rxmap::server;
using rxmap::tiles::TileAddress;
using rxmap::tiles::TileResult;
using rxmap::tiles::TileStatus;

namespace {

class NamedService : public Service {
public:
    NamedService(std::string name, std::string route) : name_(std::move(name)), route_(std::move(route)) {}
    std::string_view name() const override { return name_; }
    Route route() const override { return Route{route_}; }
    Reply handle(const Request&) override { return json_response(200, "{}"); }

private:
    std::string name_, route_;
};

class CountingSource : public rxmap::tiles::TileSource {
public:
    bool has_layer(std::string_view id) const override { return id == "population"; }
    TileResult get(std::string_view, const TileAddress& a) override {
        ++calls;
        last = a;
        TileResult r;
        r.status = TileStatus::ok;
        r.png = std::make_shared<const std::string>("\x89PNG");
        return r;
    }
    int calls = 0;
    TileAddress last;
};

Request request_for(std::string_view raw) {
    Request r;
    r.method = "GET";
    r.raw_target = std::string(raw);
    r.target = *parse_request_target(raw).target;
    return r;
}

std::string header(const Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return v;
    return {};
}

}  // namespace

TEST(server_Router, ExactAndLongestPrefix) {
    Router router;
    router.add(std::make_shared<NamedService>("health", "/healthz"));
    router.add(std::make_shared<NamedService>("tiles", "/tiles/"));
    router.add(std::make_shared<NamedService>("special", "/tiles/special/"));
    router.add(std::make_shared<NamedService>("layers", "/layers"));

    auto name = [&](std::string_view path) {
        Service* s = router.find(path);
        return s ? std::string(s->name()) : std::string("-");
    };
    EXPECT_EQ(name("/healthz"), "health");
    EXPECT_EQ(name("/healthz/"), "-");
    EXPECT_EQ(name("/healthzz"), "-");
    EXPECT_EQ(name("/tiles/a/1/0/0.png"), "tiles");
    EXPECT_EQ(name("/tiles/special/1/0/0.png"), "special");
    EXPECT_EQ(name("/tiles/"), "-");  // a prefix route needs something below it
    EXPECT_EQ(name("/tiles"), "-");
    EXPECT_EQ(name("/layers"), "layers");
    EXPECT_EQ(name("/"), "-");
    EXPECT_EQ(router.size(), 4u);
}

TEST(server_Router, RejectsDuplicatesAndBadRoutes) {
    Router router;
    router.add(std::make_shared<NamedService>("a", "/x"));
    EXPECT_THROW(router.add(std::make_shared<NamedService>("b", "/x")), std::invalid_argument);
    EXPECT_THROW(router.add(std::make_shared<NamedService>("c", "x")), std::invalid_argument);
    EXPECT_THROW(router.add(nullptr), std::invalid_argument);
}

TEST(server_JsonError, ShapeAndHeaders) {
    const Response r = json_error(404, "unknown_layer", "no layer 'x'");
    EXPECT_EQ(r.status, 404u);
    EXPECT_EQ(r.content_type, "application/json");
    ASSERT_TRUE(r.body);
    EXPECT_EQ(*r.body, R"({"error":"unknown_layer","detail":"no layer 'x'"})");
    EXPECT_EQ(header(r, "Cache-Control"), "no-store");
}

TEST(server_JsonError, EscapesEverythingThatWouldBreakJson) {
    EXPECT_EQ(json_escape("a\"b\\c\nd\te\x01"), "a\\\"b\\\\c\\nd\\te\\u0001");
    EXPECT_EQ(json_escape("一般診療所"), "一般診療所");
    EXPECT_EQ(json_escape("bad\xFF\xC3"), "bad\\ufffd\\ufffd");
    EXPECT_EQ(json_escape("\xE6\x97"), "\\ufffd\\ufffd");
}

TEST(server_AccessLog, OneEscapedLine) {
    const std::string line =
        format_access_log({"127.0.0.1", "GET", "/tiles/a\"b/1/0/0.png", 200, 68, 1.234});
    EXPECT_EQ(line, "access remote=127.0.0.1 method=GET target=\"/tiles/a\\x22b/1/0/0.png\" status=200 bytes=68 ms=1.23\n");
    const std::string long_line = format_access_log({"", "-", std::string(2000, 'a'), 414, 0, 0});
    EXPECT_LT(long_line.size(), 700u);
    EXPECT_NE(long_line.find("remote=- "), std::string::npos);
}

TEST(server_AccessLog, FlushWritesEveryLineOfEveryThreadInItsOrder) {
    // Each thread buffers its own lines (more than one 64-KiB batch here); flush_access_log
    // must hand over all of them, none lost, none split, each thread's in order.
    constexpr int kThreads = 4, kLines = 3000;
    testing::internal::CaptureStderr();
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([t] {
            const std::string remote = "10.0.0." + std::to_string(t);
            for (int i = 0; i < kLines; ++i) write_access_log({remote, "GET", "/t", 200, static_cast<std::size_t>(i), 0});
        });
    for (auto& thread : threads) thread.join();
    flush_access_log();
    std::istringstream log(testing::internal::GetCapturedStderr());
    std::vector<int> next(kThreads, 0);
    std::string line;
    int lines = 0;
    while (std::getline(log, line)) {
        ++lines;
        const int t = line.at(line.find("remote=10.0.0.") + 14) - '0';
        const auto bytes = line.find("bytes=");
        ASSERT_TRUE(t >= 0 && t < kThreads && bytes != std::string::npos) << line;
        EXPECT_EQ(std::stoi(line.substr(bytes + 6)), next[t]++) << line;
    }
    EXPECT_EQ(lines, kThreads * kLines);
}

TEST(server_HealthService, AnswersOk) {
    HealthService health;
    Reply reply = health.handle(request_for("/healthz"));
    ASSERT_FALSE(reply.is_deferred());
    EXPECT_EQ(reply.response().status, 200u);
    EXPECT_EQ(*reply.response().body, R"({"status":"ok"})");
}

TEST(server_TileService, ChecksOnTheCallingThreadAndAsksTheSourceAsynchronously) {
    auto source = std::make_shared<CountingSource>();
    TileService service(source, TileServiceOptions{120, 7});

    Reply bad = service.handle(request_for("/tiles/population/3/8/0.png"));
    ASSERT_FALSE(bad.is_deferred());
    EXPECT_EQ(bad.response().status, 400u);

    Reply unknown = service.handle(request_for("/tiles/nope/3/1/0.png"));
    ASSERT_FALSE(unknown.is_deferred());
    EXPECT_EQ(unknown.response().status, 404u);
    EXPECT_EQ(source->calls, 0);

    Reply ok = service.handle(request_for("/tiles/population/3/1/2@2x.png"));
    ASSERT_TRUE(ok.is_async());
    EXPECT_EQ(source->calls, 0);  // nothing asked until the server starts it
    Response r;
    int answers = 0;
    ok.start()([&](Response response) {
        r = std::move(response);
        ++answers;
    });
    EXPECT_EQ(answers, 1);
    EXPECT_EQ(source->calls, 1);
    EXPECT_EQ(source->last.x, 1);
    EXPECT_EQ(source->last.y, 2);
    EXPECT_EQ(source->last.scale, 2);
    EXPECT_EQ(r.status, 200u);
    EXPECT_EQ(r.content_type, "image/png");
    EXPECT_EQ(header(r, "Cache-Control"), "public, max-age=120");
}

// A source holding one tile in memory: population 3/1/2.
class MemorySource : public CountingSource {
public:
    rxmap::tiles::HeldTile get_in_memory(std::string_view id, const TileAddress& a) override {
        ++memory_lookups;
        if (id == "population" && a.z == 3 && a.x == 1 && a.y == 2 && a.scale == 1)
            return {held, rxmap::common::fnv1a_64(*held)};
        return {};
    }
    std::shared_ptr<const std::string> held = std::make_shared<const std::string>("\x89PNG held");
    int memory_lookups = 0;
};

TEST(server_TileService, ATileHeldInMemoryIsAnsweredAtOnceWithTheSameBytes) {
    auto source = std::make_shared<MemorySource>();
    TileService service(source, TileServiceOptions{120, 7});

    Reply hit = service.handle(request_for("/tiles/population/3/1/2.png"));
    ASSERT_FALSE(hit.is_async());
    ASSERT_FALSE(hit.is_deferred());
    EXPECT_EQ(hit.response().status, 200u);
    EXPECT_EQ(hit.response().body, source->held);  // shared, not copied
    EXPECT_EQ(header(hit.response(), "ETag"), strong_etag(*source->held));
    EXPECT_EQ(header(hit.response(), "Cache-Control"), "public, max-age=120");
    EXPECT_EQ(source->calls, 0);

    // Not held (another tile, @2x): the asynchronous path, which asks get_async.
    Reply miss = service.handle(request_for("/tiles/population/3/1/2@2x.png"));
    ASSERT_TRUE(miss.is_async());
    Response r;
    miss.start()([&](Response response) { r = std::move(response); });
    EXPECT_EQ(source->calls, 1);
    EXPECT_EQ(r.status, 200u);
    EXPECT_EQ(source->memory_lookups, 2);
}

TEST(server_TileService, AStoredAnswerIsTheGeneralPathsAnswer) {
    auto source = std::make_shared<MemorySource>();
    TileService service(source, TileServiceOptions{120, 7});
    StoredAnswer stored;
    EXPECT_FALSE(service.answer_stored("/tiles/population/3/1/2@2x.png", stored));  // not held
    EXPECT_FALSE(service.answer_stored("/tiles/population/3/1/two.png", stored));   // not a tile path
    ASSERT_TRUE(service.answer_stored("/tiles/population/3/1/2.png", stored));
    EXPECT_EQ(stored.body, source->held);  // shared, not copied
    EXPECT_EQ(source->calls, 0);

    // The head the session writes for it: byte for byte the one it writes for handle()'s response
    // once finalize_response has added CORS' "*" (nosniff included, as on every answer).
    Response general = service.handle(request_for("/tiles/population/3/1/2.png")).response();
    general.set("Access-Control-Allow-Origin", "*");
    for (const HeadShape shape : {HeadShape{11, true, "Sun, 06 Dec 2026 03:00:00 GMT"}, HeadShape{11, false, "x"},
                                  HeadShape{10, true, "y"}, HeadShape{10, false, "z"}}) {
        std::string expected, ours;
        append_response_head(expected, general, shape);
        append_stored_answer_head(ours, stored, shape, true);
        EXPECT_EQ(ours, expected);
    }
    std::string without_cors;
    append_stored_answer_head(without_cors, stored, {}, false);
    EXPECT_EQ(without_cors.find("Access-Control"), std::string::npos);
}

TEST(server_TileService, MapsEveryStatus) {
    TileService service(std::make_shared<CountingSource>(), TileServiceOptions{60, 7});
    auto status_of = [&](TileStatus s) {
        TileResult r;
        r.status = s;
        r.message = "m";
        return service.to_response(r);
    };
    EXPECT_EQ(status_of(TileStatus::unknown_layer).status, 404u);
    EXPECT_EQ(status_of(TileStatus::out_of_range).status, 400u);
    const Response busy = status_of(TileStatus::overloaded);
    EXPECT_EQ(busy.status, 503u);
    EXPECT_EQ(header(busy, "Retry-After"), "7");
    EXPECT_EQ(status_of(TileStatus::failed).status, 500u);
    EXPECT_EQ(status_of(TileStatus::ok).status, 500u);  // ok without PNG bytes is a bug: 500
    EXPECT_THROW(TileService(nullptr), std::invalid_argument);
}
