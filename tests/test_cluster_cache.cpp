// The shared tile cache (tiles/redis_store.h) behind each node's memory LRU: a tile
// rendered by one engine is a hit on another; Redis killed mid-test costs nothing but
// cache hits (tiles still served, errors counted) and the store reconnects after Redis
// comes back; metatiles are written all at once; maxmemory evicts; seeding fills it.
// Each test runs its own redis-server (Debian's) on a free loopback port.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "cluster/cluster_support.h"
#include "engine_fixture.h"
#include "tiles/composite_store.h"
#include "tiles/memory_store.h"
#include "tiles/redis_store.h"
#include "tilesets/seed.h"
#include "tiles/tile_engine.h"

#include <hiredis/hiredis.h>

using namespace rxmap;
using namespace rxmap::tiles;
using namespace std::chrono_literals;

namespace {

std::string unique_prefix(const char* tag) {
    return std::string("rxt-") + tag + "-" + std::to_string(::getpid()) + "-" +
           std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ":";
}

struct Node {
    std::shared_ptr<RedisStore> shared;
    std::unique_ptr<TileEngine> engine;
    Node(const std::string& url, std::chrono::milliseconds backoff_max = 5000ms) {
        RedisStoreOptions o = parse_redis_url(url);
        o.backoff_max = backoff_max;
        shared = std::make_shared<RedisStore>(o);
        EngineOptions e;
        e.render_threads = 1;
        e.store = std::make_shared<CompositeStore>(std::make_shared<MemoryStore>(64u << 20), shared);
        engine = std::make_unique<TileEngine>(test::real_catalog(), e);
    }
    TileResult get(const char* layer, int z, int x, int y) { return engine->get(layer, TileAddress{z, x, y, 1}); }
};

TileData body(const std::string& s) { return std::make_shared<const std::string>(s); }

}  // namespace

TEST(SharedCache, ATileRenderedByOneNodeIsAHitOnTheOther) {
    test::RedisProcess redis;
    const std::string why = redis.start();
    RXMAP_NEED_SERVICE(why.empty(), why);
    const std::string url = redis.url(unique_prefix("x"));
    Node a(url), b(url);

    const auto first = a.get("population", 9, 454, 201);
    ASSERT_EQ(first.status, TileStatus::ok) << first.message;
    EXPECT_EQ(a.engine->renders(), 1);

    const auto second = b.get("population", 9, 454, 201);
    ASSERT_EQ(second.status, TileStatus::ok) << second.message;
    EXPECT_EQ(*second.png, *first.png);
    // Another tile of the same metatile too: the whole metatile went to Redis.
    ASSERT_EQ(b.get("population", 9, 455, 202).status, TileStatus::ok);
    EXPECT_EQ(b.engine->renders(), 0) << "node b rendered what node a had rendered";
    EXPECT_EQ(b.shared->redis_stats().hits, 2u);
    EXPECT_EQ(b.shared->redis_stats().errors, 0u);
    // And b's memory LRU keeps it: the third read does not cross the network.
    ASSERT_EQ(b.get("population", 9, 454, 201).status, TileStatus::ok);
    EXPECT_EQ(b.shared->redis_stats().hits, 2u);
    const auto text = b.engine->prometheus_text();
    EXPECT_NE(text.find("rxmap_engine_cache_hits_total{store=\"redis\"} 2"), std::string::npos) << text;
}

TEST(SharedCache, RedisDownMeansRenderAndServeCountErrorsAndReconnect) {
    test::RedisProcess redis;
    const std::string why = redis.start();
    RXMAP_NEED_SERVICE(why.empty(), why);
    const std::string prefix = unique_prefix("down");
    Node node(redis.url(prefix), 400ms);
    ASSERT_EQ(node.get("population", 8, 227, 100).status, TileStatus::ok);
    EXPECT_TRUE(node.shared->redis_stats().up);

    redis.kill();  // SIGKILL mid-test
    // Other metatiles: rendered and served without the cache, each quickly.
    const std::pair<int, int> tiles[] = {{216, 96}, {232, 96}, {216, 104}, {232, 104}};  // 4 other metatiles
    for (auto [x, y] : tiles) {
        const auto start = std::chrono::steady_clock::now();
        const auto r = node.get("population", 8, x, y);
        EXPECT_EQ(r.status, TileStatus::ok) << r.message;
        EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
    }
    // The tile read before is still served from this node's memory.
    EXPECT_EQ(node.get("population", 8, 227, 100).status, TileStatus::ok);
    const auto down = node.shared->redis_stats();
    EXPECT_FALSE(down.up);
    EXPECT_GE(down.errors, 1u);
    EXPECT_GE(down.errors + down.skipped, 4u) << "each cache operation while down is counted";
    const std::string metrics = node.shared->prometheus_text();
    EXPECT_NE(metrics.find("rxmap_shared_cache_up 0"), std::string::npos) << metrics;
    EXPECT_EQ(node.engine->renders(), 5);

    ASSERT_EQ(redis.start(), "") << "restart on the same port";
    // Within the backoff (at most 400 ms here) the store tries again and gets back in.
    const std::pair<int, int> later[] = {{240, 96}, {216, 112}, {224, 112}, {232, 112}, {240, 112}, {248, 96}};
    bool back = false;
    for (auto [x, y] : later) {
        std::this_thread::sleep_for(250ms);
        ASSERT_EQ(node.get("population", 8, x, y).status, TileStatus::ok);
        if (node.shared->redis_stats().reconnects >= 1) {
            back = true;
            // What it renders now lands in Redis: a fresh node reads it without rendering.
            ASSERT_EQ(node.get("population", 8, 216, 120).status, TileStatus::ok);
            Node fresh(redis.url(prefix));
            ASSERT_EQ(fresh.get("population", 8, 216, 120).status, TileStatus::ok);
            EXPECT_EQ(fresh.engine->renders(), 0);
            break;
        }
    }
    EXPECT_TRUE(back) << "no reconnect after Redis came back";
    EXPECT_TRUE(node.shared->redis_stats().up);
    EXPECT_NE(node.shared->prometheus_text().find("rxmap_shared_cache_reconnects_total 1"), std::string::npos);
}

TEST(RedisStore, NoServerMeansMissesNotWaits) {
    const int port = test::free_port();  // nothing listens there
    RedisStoreOptions o = parse_redis_url("redis://127.0.0.1:" + std::to_string(port) + "?prefix=none:");
    RedisStore store(o);
    const TileKey k{"v", "population/2020/ward", 1, 5, 28, 12, 8};
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 1000; ++i) EXPECT_EQ(store.read(k), nullptr);
    store.write_metatile(MetatileTiles{k, 1, {body("x")}});
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s) << "a down cache must cost (almost) nothing";
    const auto s = store.redis_stats();
    EXPECT_FALSE(s.up);
    EXPECT_GE(s.errors, 1u);
    EXPECT_GE(s.skipped, 900u) << "backoff: most operations are not even tried";
}

TEST(RedisStore, MetatilesAreWrittenWholeAndKeysCarryTheVersion) {
    test::RedisProcess redis;
    const std::string why = redis.start();
    RXMAP_NEED_SERVICE(why.empty(), why);
    RedisStore store(parse_redis_url(redis.url(unique_prefix("m"))));
    const TileKey origin{"d1-s1", "population/2020/ward", 1, 10, 904, 400, 4};
    MetatileTiles m{origin, 4, {}};
    for (int i = 0; i < 16; ++i) m.tiles.push_back(body("tile#" + std::to_string(i) + std::string(1000, '\0')));
    store.write_metatile(m);
    for (int row = 0; row < 4; ++row)
        for (int col = 0; col < 4; ++col) {
            const TileData t = store.read(origin.at(904 + col, 400 + row));
            ASSERT_NE(t, nullptr);
            EXPECT_EQ(*t, *m.tiles[static_cast<size_t>(row * 4 + col)]) << "binary-safe bodies";
        }
    EXPECT_TRUE(store.stat(origin).exists);
    EXPECT_EQ(store.stat(origin).size, m.tiles[0]->size());
    TileKey other_version = origin;
    other_version.version = "d2-s1";
    EXPECT_EQ(store.read(other_version), nullptr) << "new data or style never reads old tiles";
    store.expire(origin.at(906, 403));  // any tile of the metatile drops all of it
    for (int row = 0; row < 4; ++row)
        for (int col = 0; col < 4; ++col) EXPECT_EQ(store.read(origin.at(904 + col, 400 + row)), nullptr);
    EXPECT_EQ(store.redis_stats().tiles_written, 16u);
}

TEST(RedisStore, StaysWithinMaxmemoryEvictingOldTiles) {
    test::RedisProcess redis("4mb");
    const std::string why = redis.start();
    RXMAP_NEED_SERVICE(why.empty(), why);
    RedisStore store(parse_redis_url(redis.url(unique_prefix("lru"))));
    // 200 metatiles of 16 x 8 KB = 25 MB through a 4 MB budget.
    for (int i = 0; i < 200; ++i) {
        MetatileTiles m{TileKey{"v", "population/2020/ward", 1, 12, 4 * i, 0, 4}, 4, {}};
        for (int t = 0; t < 16; ++t) m.tiles.push_back(body(std::to_string(i) + "/" + std::to_string(t) + std::string(8192, 'p')));
        store.write_metatile(m);
    }
    EXPECT_EQ(store.redis_stats().errors, 0u) << "allkeys-lru never refuses a write";
    EXPECT_EQ(store.redis_stats().tiles_written, 3200u);
    EXPECT_GT(redis.info("evicted_keys"), 1000);
    EXPECT_LE(redis.info("used_memory"), 6ll << 20);
    EXPECT_NE(store.read(TileKey{"v", "population/2020/ward", 1, 12, 4 * 199, 0, 4}), nullptr) << "the newest stays";
    EXPECT_EQ(store.read(TileKey{"v", "population/2020/ward", 1, 12, 0, 0, 4}), nullptr) << "the oldest went";
}

TEST(RedisStore, ParsesUrls) {
    auto o = parse_redis_url("redis://:secret@cache.local:6380/2?prefix=a:&timeout_ms=100&connections=4");
    EXPECT_EQ(o.host, "cache.local");
    EXPECT_EQ(o.port, 6380);
    EXPECT_EQ(o.db, 2);
    EXPECT_EQ(o.password, "secret");
    EXPECT_EQ(o.key_prefix, "a:");
    EXPECT_EQ(o.io_timeout.count(), 100);
    EXPECT_EQ(o.max_connections, 4);
    o = parse_redis_url("127.0.0.1:7000");
    EXPECT_EQ(o.port, 7000);
    EXPECT_EQ(o.key_prefix, "rxmap:");
    EXPECT_THROW(parse_redis_url("memcached://x"), std::invalid_argument);
    EXPECT_THROW(parse_redis_url("redis://x:port"), std::invalid_argument);
    EXPECT_THROW(parse_redis_url("redis://x?nope=1"), std::invalid_argument);
}

TEST(SharedCache, ASeedFillsTheCacheTheNodesRead) {
    test::RedisProcess redis;
    const std::string why = redis.start();
    RXMAP_NEED_SERVICE(why.empty(), why);
    const std::string url = redis.url(unique_prefix("seed"));
    const auto dir = std::filesystem::temp_directory_path() / ("rxmap-cluster-seed-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        RedisStore cache(parse_redis_url(url));
        EngineOptions e;
        e.render_threads = 1;
        TileEngine seeder(test::real_catalog(), e);
        SeedOptions o;
        o.minzoom = 5;
        o.maxzoom = 7;
        o.threads = 2;
        o.out = (dir / "nagano.mbtiles").string();
        o.cache = &cache;
        const auto r = seed(seeder, *test::real_catalog()->resolve("population"),
                            area_from_prefectures(test::real_catalog()->atlas(), "20"), o);
        EXPECT_GT(r.metatiles_rendered, 0u);
    }
    Node node(url);
    // z6 tile over 長野 (138.2E 36.2N): seeded, so no render.
    ASSERT_EQ(node.get("population", 6, 56, 25).status, TileStatus::ok);
    ASSERT_EQ(node.get("population", 7, 113, 50).status, TileStatus::ok);
    EXPECT_EQ(node.engine->renders(), 0);
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

// Issue 21: a value overwritten in Redis (random bytes of the same size, or one byte
// flipped) fails its SHA-1: counted, deleted and rendered again, never served.
TEST(SharedCache, ADamagedValueIsDeletedAndRenderedAgain) {
    test::RedisProcess redis;
    const std::string why = redis.start();
    RXMAP_NEED_SERVICE(why.empty(), why);
    const std::string url = redis.url(unique_prefix("corrupt"));
    const char* damages[] = {"random", "flipped"};
    for (const std::string damage : damages) {
        Node writer(url);
        const int x = damage == "random" ? 454 : 462;  // another metatile each time
        const auto good = writer.get("population", 9, x, 201);
        ASSERT_EQ(good.status, TileStatus::ok) << good.message;
        const std::string key =
            writer.shared->key_of(writer.engine->tile_key(*test::real_catalog()->resolve("population"), 1, 9, x, 201));
        redisContext* c = redisConnect("127.0.0.1", redis.port());
        ASSERT_TRUE(c && !c->err);
        auto* got = static_cast<redisReply*>(redisCommand(c, "GET %b", key.data(), key.size()));
        ASSERT_TRUE(got && got->type == REDIS_REPLY_STRING);
        std::string value(got->str, got->len);
        freeReplyObject(got);
        if (damage == "random")
            for (std::size_t i = 40; i < value.size(); ++i) value[i] = static_cast<char>(i * 131 + 7);
        else
            value[value.size() / 2] ^= 0x01;
        freeReplyObject(redisCommand(c, "SET %b %b", key.data(), key.size(), value.data(), value.size()));

        Node reader(url);  // a node that has not seen the tile: it reads Redis
        const auto r = reader.get("population", 9, x, 201);
        ASSERT_EQ(r.status, TileStatus::ok) << damage << ": " << r.message;
        EXPECT_EQ(*r.png, *good.png) << damage << ": rendered again, not served damaged";
        EXPECT_EQ(reader.engine->renders(), 1) << damage;
        std::vector<StoreStats> stats;
        reader.shared->collect_stats(stats);
        EXPECT_EQ(stats.at(0).corrupt, 1u) << damage;
        auto* after = static_cast<redisReply*>(redisCommand(c, "GET %b", key.data(), key.size()));
        ASSERT_TRUE(after && after->type == REDIS_REPLY_STRING) << damage << ": written again by the render";
        EXPECT_EQ(std::string(after->str + 40, after->len - 40), *good.png) << damage;
        freeReplyObject(after);
        redisFree(c);
    }
}
