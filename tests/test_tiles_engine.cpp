// The engine's render queue: coalescing, the queue bound, render time limits;
// versioned keys; per-layer metatile sizes; the disk cache; metrics; the exported style.
#include <gtest/gtest.h>

#include <mapnik/image.hpp>
#include <mapnik/image_reader.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/map.hpp>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>

#include "common/fnv1a.h"
#include "common/tile_math.h"
#include "engine_fixture.h"
#include "styles/hatch.h"
#include "styles/map_builder.h"
#include "styles/mapnik_resources.h"
#include "tiles/blank_metatile.h"
#include "tiles/disk_store.h"
#include "tilesets/export_style.h"
#include "tiles/memory_store.h"
#include "tiles/metatile.h"
#include "tiles/tile_engine.h"
#include "tiles/tile_version.h"

using namespace rxmap;
using namespace rxmap::tiles;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// A gate the render hook waits at until the test opens it.
struct Gate {
    std::mutex m;
    std::condition_variable cv;
    bool open = false;
    int waiting = 0;
    void wait() {
        std::unique_lock<std::mutex> lock(m);
        ++waiting;
        cv.notify_all();
        cv.wait_for(lock, 20s, [&] { return open; });
    }
    void wait_for_waiters(int n) {
        std::unique_lock<std::mutex> lock(m);
        cv.wait_for(lock, 20s, [&] { return waiting >= n; });
    }
    void release() {
        std::lock_guard<std::mutex> lock(m);
        open = true;
        cv.notify_all();
    }
};

fs::path temp_dir(const std::string& name) {
    auto p = fs::temp_directory_path() /
             ("rxmap-" + name + "-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::create_directories(p);
    return p;
}

const catalog::Variant& population() {
    static const catalog::Variant v = *test::real_catalog()->resolve("population");
    return v;
}

}  // namespace

TEST(TileVersion, ChangesWithEdgesPaletteAndData) {
    const auto& atlas = test::real_catalog()->atlas();
    const styles::Choropleth& c = styles::choropleth(*test::real_catalog(), population());
    const std::string base = tile_version(c, 2020, atlas, 8);
    EXPECT_EQ(base, tile_version(c, 2020, atlas, 8));  // stable

    styles::Choropleth edges = c;
    edges.edges[2] *= 1.1;
    EXPECT_NE(tile_version(edges, 2020, atlas, 8), base);

    styles::Choropleth palette = c;
    palette.colors[0] = "#000000";
    EXPECT_NE(tile_version(palette, 2020, atlas, 8), base);

    styles::Choropleth hatched = c;  // a class's pattern (facility-risk's 現在なし) is part of the style
    hatched.patterns[0] = styles::kHatchPattern;
    EXPECT_NE(tile_version(hatched, 2020, atlas, 8), base);

    EXPECT_NE(tile_version(c, 2050, atlas, 8), base);  // another year's classes
    EXPECT_NE(tile_version(c, 2020, atlas, 4), base);  // another metatile size places labels differently

    data::Atlas other = atlas;
    other.fingerprint += "x";
    EXPECT_NE(tile_version(c, 2020, other, 8), base);
    EXPECT_EQ(style_version(c, 2020, other, 8), style_version(c, 2020, atlas, 8));
}

TEST(TileEngine, TwoRequestsForOneMetatileRenderItOnce) {
    std::atomic<TileEngine*> self{nullptr};
    EngineOptions o;
    o.render_threads = 2;
    // Hold the render until the second request has joined it.
    o.before_render = [&](const Metatile&) {
        for (int i = 0; i < 2000 && self.load()->stats().coalesced < 1; ++i) std::this_thread::sleep_for(5ms);
    };
    TileEngine engine(test::real_catalog(), o);
    self = &engine;
    auto a = std::async(std::launch::async, [&] { return engine.get("population", {10, 909, 403, 1}); });
    auto b = std::async(std::launch::async, [&] { return engine.get("population", {10, 910, 404, 1}); });
    EXPECT_EQ(a.get().status, TileStatus::ok);
    EXPECT_EQ(b.get().status, TileStatus::ok);
    EXPECT_EQ(engine.renders(), 1);
    EXPECT_EQ(engine.stats().coalesced, 1u);
    EXPECT_EQ(engine.get("population", {10, 911, 407, 1}).status, TileStatus::ok);  // stored: no render
    EXPECT_EQ(engine.renders(), 1);
}

TEST(TileEngine, AStoredTileOfAPathAskedBeforeIsReadFromMemoryWithoutACallback) {
    EngineOptions o;
    o.render_threads = 1;
    TileEngine engine(test::real_catalog(), o);
    const TileAddress a{9, 454, 201, 1};
    EXPECT_FALSE(engine.get_in_memory("population", a));  // never asked: not known
    const TileResult rendered = engine.get("population", a);
    ASSERT_EQ(rendered.status, TileStatus::ok);
    const auto ok_before = engine.stats().requests_ok;
    const HeldTile held = engine.get_in_memory("population", a);
    ASSERT_TRUE(held);
    EXPECT_EQ(*held.png, *rendered.png);
    EXPECT_EQ(held.body_hash, rxmap::common::fnv1a_64(*held.png));  // the ETag's hash, stored with the tile
    EXPECT_EQ(engine.stats().requests_ok, ok_before + 1);  // counted like any answer
    EXPECT_TRUE(engine.get_in_memory("population", {9, 455, 201, 1}));   // same metatile
    EXPECT_FALSE(engine.get_in_memory("population", {9, 454, 201, 2}));  // @2x: not rendered
    EXPECT_FALSE(engine.get_in_memory("population", {16, 0, 0, 1}));     // beyond maxzoom
    EXPECT_FALSE(engine.get_in_memory("nope", a));
    EXPECT_EQ(engine.renders(), 1);
}

TEST(TileEngine, AFullQueueAnswersOverloadedAtOnce) {
    Gate gate;
    EngineOptions o;
    o.render_threads = 1;
    o.max_pending_renders = 2;
    o.before_render = [&](const Metatile&) { gate.wait(); };
    TileEngine engine(test::real_catalog(), o);
    auto first = std::async(std::launch::async, [&] { return engine.get("population", {9, 452, 200, 1}); });
    gate.wait_for_waiters(1);  // rendering (held)
    auto second = std::async(std::launch::async, [&] { return engine.get("population", {9, 460, 200, 1}); });
    for (int i = 0; i < 400 && engine.stats().queue_depth < 1; ++i) std::this_thread::sleep_for(5ms);
    EXPECT_EQ(engine.stats().queue_depth, 1);
    EXPECT_EQ(engine.stats().in_flight, 1);

    const auto t0 = std::chrono::steady_clock::now();
    const TileResult third = engine.get("population", {9, 468, 200, 1});
    EXPECT_EQ(third.status, TileStatus::overloaded) << third.message;
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
    // A tile of a metatile already queued joins it instead.
    auto joined = std::async(std::launch::async, [&] { return engine.get("population", {9, 461, 201, 1}); });

    gate.release();
    EXPECT_EQ(first.get().status, TileStatus::ok);
    EXPECT_EQ(second.get().status, TileStatus::ok);
    EXPECT_EQ(joined.get().status, TileStatus::ok);
    EXPECT_EQ(engine.renders(), 2);
    EXPECT_EQ(engine.stats().overloaded_queue, 1u);
    EXPECT_EQ(engine.get("population", {9, 468, 200, 1}).status, TileStatus::ok);  // room again
}

TEST(TileEngine, ARenderPastItsTimeLimitIsAbandonedAndStillStored) {
    EngineOptions o;
    o.render_threads = 1;
    o.render_timeout = 150ms;
    o.before_render = [](const Metatile&) { std::this_thread::sleep_for(800ms); };
    TileEngine engine(test::real_catalog(), o);
    const TileResult r = engine.get("population", {8, 227, 100, 1});
    EXPECT_EQ(r.status, TileStatus::overloaded);
    EXPECT_EQ(engine.stats().overloaded_timeout, 1u);
    EXPECT_EQ(engine.stats().abandoned_renders, 1u);
    for (int i = 0; i < 1000 && (engine.renders() < 1 || engine.stats().in_flight > 0); ++i) std::this_thread::sleep_for(10ms);
    const TileResult later = engine.get("population", {8, 227, 100, 1});
    EXPECT_EQ(later.status, TileStatus::ok);
    EXPECT_EQ(engine.renders(), 1);  // served from the store, not rendered again
}

TEST(TileEngine, AStoredTileIsAnsweredAtOnceWhileRendersHoldEveryThread) {
    Gate gate;
    EngineOptions o;
    o.render_threads = 1;
    TileEngine engine(test::real_catalog(), o);
    ASSERT_EQ(engine.get("population", {10, 909, 403, 1}).status, TileStatus::ok);  // stored now
    EngineOptions held = o;
    // A second engine over the same store, whose renders wait at the gate.
    held.store = std::shared_ptr<TileStore>(&engine.store(), [](TileStore*) {});
    held.before_render = [&](const Metatile&) { gate.wait(); };
    TileEngine busy(test::real_catalog(), held);
    ASSERT_EQ(busy.get("population", {10, 909, 403, 1}).status, TileStatus::ok);  // builds the variant
    auto cold = std::async(std::launch::async, [&] { return busy.get("population", {10, 930, 410, 1}); });
    gate.wait_for_waiters(1);  // the only render thread is held

    bool answered_inline = false;
    TileResult stored;
    busy.get_async("population", {10, 910, 404, 1}, "probe", [&](TileResult r) {
        stored = std::move(r);
        answered_inline = true;
    });
    EXPECT_TRUE(answered_inline);  // a memory hit needs no thread of the engine's
    EXPECT_EQ(stored.status, TileStatus::ok);
    gate.release();
    EXPECT_EQ(cold.get().status, TileStatus::ok);
}

TEST(TileEngine, OneClientCannotFillTheRenderQueue) {
    Gate gate;
    // Declared before the engine: whatever it answers at its end finds them alive.
    std::promise<TileResult> r1, r2, r3, other, joined;
    EngineOptions o;
    o.render_threads = 1;
    o.max_pending_renders = 8;
    o.client_render_burst = 2;
    o.client_render_rate = 0.01;
    o.before_render = [&](const Metatile&) { gate.wait(); };
    TileEngine engine(test::real_catalog(), o);
    engine.version(population());  // the variant is ready
    struct OpenAtEnd {
        Gate& gate;
        ~OpenAtEnd() { gate.release(); }  // also when an assertion ends the test early
    } open_at_end{gate};
    // The crawler's renders one after another (the engine's I/O pool may take them in any order).
    auto pending = [&] {
        const EngineStats st = engine.stats();
        return st.in_flight + st.queue_depth;
    };
    auto until = [](auto done) {
        for (int i = 0; i < 3000 && !done(); ++i) std::this_thread::sleep_for(5ms);
        return done();
    };
    engine.get_async("population", {9, 452, 200, 1}, "crawler", [&](TileResult r) { r1.set_value(r); });
    ASSERT_TRUE(until([&] { return pending() == 1; }));
    engine.get_async("population", {9, 460, 200, 1}, "crawler", [&](TileResult r) { r2.set_value(r); });
    ASSERT_TRUE(until([&] { return pending() == 2; }));
    engine.get_async("population", {9, 468, 200, 1}, "crawler", [&](TileResult r) { r3.set_value(r); });
    auto third = r3.get_future();
    ASSERT_EQ(third.wait_for(15s), std::future_status::ready);  // refused at once, not queued
    const TileResult refused = third.get();
    EXPECT_EQ(refused.status, TileStatus::overloaded);
    EXPECT_GE(refused.retry_after_seconds, 1);
    EXPECT_EQ(engine.stats().overloaded_client, 1u);
    EXPECT_EQ(pending(), 2);
    // Another client still gets its render queued, and the crawler's joins cost nothing.
    engine.get_async("population", {9, 476, 200, 1}, "viewer", [&](TileResult r) { other.set_value(r); });
    engine.get_async("population", {9, 453, 201, 1}, "crawler", [&](TileResult r) { joined.set_value(r); });
    ASSERT_TRUE(until([&] { return pending() == 3 && engine.stats().coalesced == 1; }));
    gate.release();
    EXPECT_EQ(r1.get_future().get().status, TileStatus::ok);
    EXPECT_EQ(r2.get_future().get().status, TileStatus::ok);
    EXPECT_EQ(other.get_future().get().status, TileStatus::ok);
    EXPECT_EQ(joined.get_future().get().status, TileStatus::ok);
    EXPECT_EQ(engine.renders(), 3);
}

TEST(TileEngine, NoRequestWaitsLongerThanTheLimitEvenQueuedBehindARender) {
    Gate gate;
    EngineOptions o;
    o.render_threads = 1;
    o.render_timeout = 300ms;
    o.before_render = [&](const Metatile&) { gate.wait(); };
    TileEngine engine(test::real_catalog(), o);
    engine.version(population());  // the variant is ready: only the render is slow
    const auto t0 = std::chrono::steady_clock::now();
    auto rendering = std::async(std::launch::async, [&] { return engine.get("population", {10, 930, 410, 1}); });
    gate.wait_for_waiters(1);
    auto queued = std::async(std::launch::async, [&] { return engine.get("population", {10, 950, 420, 1}); });
    // Both answered at their limit while the render is still held: time queued counts.
    EXPECT_EQ(rendering.get().status, TileStatus::overloaded);
    EXPECT_EQ(queued.get().status, TileStatus::overloaded);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);
    EXPECT_EQ(engine.stats().overloaded_timeout, 2u);
    EXPECT_EQ(engine.stats().waiting, 0);
    gate.release();
    for (int i = 0; i < 1000 && engine.renders() < 2; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(engine.get("population", {10, 930, 410, 1}).status, TileStatus::ok);  // stored meanwhile
}

TEST(TileEngine, MetatileSizePerLayer) {
    EngineOptions o;
    o.layer_metatile_sizes["population"] = 2;
    TileEngine engine(test::real_catalog(), o);
    EXPECT_EQ(engine.metatile_size(population()), 2);
    EXPECT_EQ(engine.metatile_size(*test::real_catalog()->resolve("aging")), 8);
    ASSERT_EQ(engine.get("population", {10, 909, 403, 1}).status, TileStatus::ok);
    ASSERT_EQ(engine.get("population", {10, 908, 402, 1}).status, TileStatus::ok);  // same 2x2 block
    EXPECT_EQ(engine.renders(), 1);
    ASSERT_EQ(engine.get("population", {10, 910, 404, 1}).status, TileStatus::ok);  // next block
    EXPECT_EQ(engine.renders(), 2);
    EXPECT_EQ(engine.stats().tiles_rendered, 8u);
    EngineOptions six;
    six.metatile_size = 6;
    EXPECT_THROW(TileEngine(test::real_catalog(), six), std::invalid_argument);
}

TEST(TileEngine, SeaTilesAreStoredOnce) {
    auto memory = std::make_shared<MemoryStore>(64 << 20);
    EngineOptions o;
    o.store = memory;
    TileEngine engine(test::real_catalog(), o);
    // z6, x 0-7, y 24-31: the middle of the Pacific, sea only.
    ASSERT_EQ(engine.get("population", {6, 3, 27, 1}).status, TileStatus::ok);
    EXPECT_EQ(memory->entries(), 64u);
    EXPECT_EQ(memory->distinct_bodies(), 1u);
    EXPECT_EQ(engine.stats().stores.at(0).deduplicated, 63u);
    EXPECT_EQ(engine.get("population", {6, 0, 24, 1}).png.get(), engine.get("population", {6, 7, 31, 1}).png.get());
}

TEST(TileEngine, DiskCacheSurvivesARestart) {
    const fs::path dir = temp_dir("engine-cache");
    std::string png;
    {
        EngineOptions o;
        o.cache_dir = dir.string();
        TileEngine engine(test::real_catalog(), o);
        const TileResult r = engine.get("population", {9, 454, 201, 1});
        ASSERT_EQ(r.status, TileStatus::ok);
        png = *r.png;
        EXPECT_EQ(engine.renders(), 1);
    }
    EngineOptions o;
    o.cache_dir = dir.string();
    TileEngine engine(test::real_catalog(), o);
    const TileResult r = engine.get("population", {9, 454, 201, 1});
    ASSERT_EQ(r.status, TileStatus::ok);
    EXPECT_EQ(*r.png, png);
    EXPECT_EQ(engine.renders(), 0);
    EXPECT_LT(DiskStore(dir).count_blobs(), 64u);  // some of the 64 are the same (sea)
    fs::remove_all(dir);
}

TEST(TileEngine, PrometheusText) {
    TileEngine engine(test::real_catalog());
    ASSERT_EQ(engine.get("population", {5, 28, 12, 1}).status, TileStatus::ok);
    ASSERT_EQ(engine.get("population", {5, 28, 12, 1}).status, TileStatus::ok);
    EXPECT_EQ(engine.get("nope", {5, 28, 12, 1}).status, TileStatus::unknown_layer);
    const std::string text = engine.prometheus_text();
    for (const char* expected :
         {"# TYPE rxmap_engine_renders_total counter\nrxmap_engine_renders_total 1\n",
          "# TYPE rxmap_engine_render_seconds histogram\n", "rxmap_engine_render_seconds_bucket{le=\"+Inf\"} 1\n",
          "rxmap_engine_render_seconds_count 1\n", "rxmap_engine_cache_hits_total{store=\"memory\"} 1\n",
          "rxmap_engine_cache_misses_total{store=\"memory\"} 1\n", "rxmap_engine_renders_in_flight 0\n",
          "rxmap_engine_render_queue_depth 0\n", "rxmap_engine_overloaded_total{reason=\"queue_full\"} 0\n",
          "rxmap_engine_requests_total{status=\"unknown_layer\"} 1\n",
          "rxmap_engine_store_deduplicated_tiles_total{store=\"memory\"} "})
        EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n---\n" << text;
}

TEST(ExportStyle, MapnikDrawsTheSameTilesFromTheExportedFiles) {
    const fs::path dir = temp_dir("export-style");
    const auto& catalog = *test::real_catalog();
    const std::string xml = export_style(styles::choropleth(catalog, population()), population().year, catalog.atlas(), dir.string());
    for (const char* f : {"map.xml", "areas.shp", "areas.dbf", "prefectures.shp", "area-labels.shp", "prefecture-labels.shp"})
        EXPECT_TRUE(fs::exists(dir / f)) << f;

    TileEngine engine(test::real_catalog());
    mapnik::Map map(256, 256);
    mapnik::load_map(map, xml, true);
    for (Metatile m : {Metatile{10, 904, 400, 8}, Metatile{6, 56, 24, 8}}) {
        const std::vector<std::string> exported = render_metatile(map, m, 1);
        const TileResult ours = engine.get("population", {m.z, m.x + 5, m.y + 3, 1});
        ASSERT_EQ(ours.status, TileStatus::ok);
        const std::string& theirs = exported.at(3 * 8 + 5);
        auto a = std::unique_ptr<mapnik::image_reader>(mapnik::get_image_reader(ours.png->data(), ours.png->size()));
        auto b = std::unique_ptr<mapnik::image_reader>(mapnik::get_image_reader(theirs.data(), theirs.size()));
        const auto ia = mapnik::util::get<mapnik::image_rgba8>(a->read(0, 0, 256, 256));
        const auto ib = mapnik::util::get<mapnik::image_rgba8>(b->read(0, 0, 256, 256));
        int different = 0;
        for (int y = 0; y < 256; ++y)
            for (int x = 0; x < 256; ++x) different += ia(x, y) != ib(x, y);
        // Identical: the export has map_builder's zoom bands (z6 draws the simplified geometry).
        EXPECT_EQ(different, 0) << "z" << m.z << ": " << different << " pixels differ";
    }
    fs::remove_all(dir);
}

TEST(BlankMetatile, OpenSeaIsNotRenderedAndMapnikDrawsTheSameTiles) {
    styles::register_mapnik_resources();
    const fs::path dir = temp_dir("blank-metatile");
    const auto& catalog = *test::real_catalog();
    const styles::Choropleth& choropleth = styles::choropleth(catalog, population());
    mapnik::Map exported(256, 256);
    mapnik::load_map(exported, export_style(choropleth, population().year, catalog.atlas(), dir.string()), true);
    const std::unique_ptr<mapnik::Map> ours = styles::build_map(choropleth, population().year, catalog.atlas());
    auto zoom_to = [&](const Metatile& m) {
        const Bounds b = block_bounds(m.z, m.x, m.y, m.n);
        ours->resize(256 * m.n, 256 * m.n);
        ours->zoom_to_box(mapnik::box2d<double>(b.minx, b.miny, b.maxx, b.maxy));
    };
    // The Pacific east of 房総 (inside the envelope of 東京都, whose islands reach 20°N and 154°E)
    // and east of 南鳥島: not rendered, one colour, the very bytes Mapnik's full render writes.
    for (Metatile m : {Metatile{10, 936, 400, 8}, Metatile{7, 120, 48, 8}}) {
        zoom_to(m);
        const auto colour = blank_colour(*ours, 1);
        ASSERT_TRUE(colour) << "z" << m.z << "/" << m.x << "/" << m.y;
        EXPECT_EQ(*colour, mapnik::color(styles::kSeaColor).rgba());
        const std::vector<std::string> tiles = render_metatile(*ours, m, 1);
        EXPECT_EQ(tiles, render_metatile(exported, m, 1)) << "z" << m.z << "/" << m.x << "/" << m.y;
    }
    // @2x: 512-px tiles, the buffer scaled alike.
    EXPECT_EQ(render_metatile(*ours, {10, 936, 400, 8}, 2), render_metatile(exported, {10, 936, 400, 8}, 2));
    EXPECT_TRUE(blank_colour(*ours, 2)) << "the map as render_metatile left it, 4096 px";
    // Land, and 南鳥島 alone in a metatile of sea: rendered.
    for (Metatile m : {Metatile{10, 904, 400, 8}, Metatile{8, 232, 104, 8}}) {
        zoom_to(m);
        EXPECT_FALSE(blank_colour(*ours, 1)) << "z" << m.z << "/" << m.x << "/" << m.y;
    }
    fs::remove_all(dir);
}
