#pragma once
// The map engine behind the tile endpoint: layer lookup, a pool of render threads
// working through a bounded queue of metatiles, the tile store, and coalescing so
// that one metatile is never rendered twice at once.
//
// Nothing makes its caller wait: get_async() resolves the layer once (by the path seen
// before, else through the catalogue), answers a tile held in memory at once on the calling
// thread (get_in_memory() does only that, with no callback), reads the disk or Redis store
// (and prepares a variant not used before) on the engine's small I/O pool, and a render runs
// on a render thread while the request waits for it as a callback, holding no thread.
// The parts: engine_layers.h (prepared variants, known paths), deadline_timer.h (render
// timeouts), engine_stats.h (counters, /metrics text), store_factory.h (the store).
//
// A request whose tile is not stored joins the render of its metatile when one is
// queued or running; otherwise it queues one, unless max_pending_renders metatiles
// are queued or running already, or its client has used its render budget
// (ClientBudget): then it gets TileStatus::overloaded at once (the server answers 503
// with Retry-After). A request not answered within render_timeout of its arrival
// (queued plus rendering) gets overloaded too (logged); Mapnik cannot be interrupted,
// so the render finishes in the background and its tiles are stored for the next
// request.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "layers/atlas.h"
#include "catalog/layer_catalog.h"
#include "tiles/client_budget.h"
#include "tiles/deadline_timer.h"
#include "tiles/engine_layers.h"
#include "tiles/engine_stats.h"
#include "tiles/map_pool.h"
#include "tiles/metatile.h"
#include "tiles/tile_source.h"
#include "tiles/tile_store.h"

namespace boost::asio {
class thread_pool;
}

namespace rxmap::tiles {

struct EngineOptions {
    int metatile_size = 8;  // tiles per side of a metatile (renderd's default); a power of two
    // Per layer: by layer id ("population") or variant key ("population/2050/prefecture").
    std::map<std::string, int> layer_metatile_sizes;
    std::size_t memory_cache_bytes = 256u << 20;  // LRU budget for rendered tiles
    std::string cache_dir;                        // empty: memory only; else memory in front of a DiskStore here
    std::shared_ptr<TileStore> store;             // when set, used instead of the two above
    int render_threads = 0;                       // 0: one per core
    int max_pending_renders = 32;                 // metatiles queued or rendering; more -> overloaded
    std::chrono::milliseconds render_timeout{30000};  // from a request's arrival to its answer, at most
    // Threads that read the disk or Redis store, prepare variants and time out waits:
    // they wait on I/O, not on the CPU, so they never queue behind renders.
    int io_threads = 2;
    // Per-client budget for starting renders (ClientBudget): `burst` at once, then `rate`
    // per second. Half the render queue by default, so one client never fills it.
    double client_render_rate = 4;
    int client_render_burst = 16;
    // Nice increment of the render threads (Linux: per thread), so that the threads that
    // answer stored tiles get a core at once while renders keep both busy.
    int render_nice = 5;
    // Idle Mapnik maps kept across all variants (MapPool). In-memory Maps share their level's
    // geometry (styles/shared_features.h), so an idle one costs its style and classes (~0.1 MiB).
    std::size_t max_idle_maps = 8;
    // Builds the Maps of a variant; empty: styles::build_variant_map (features in memory).
    // `rxmap serve --db` reads them from PostGIS (styles::build_postgis_variant_map).
    std::function<std::unique_ptr<mapnik::Map>(const catalog::Variant&, const catalog::LayerCatalog&)> map_factory;
    // Test hook: called on the render thread before each queued metatile renders.
    std::function<void(const Metatile&)> before_render;
};

// The store the options describe: options.store, else memory (+ disk under cache_dir).
// `rxmap serve` builds it once and shares it between its generations (keys are versioned).
std::shared_ptr<TileStore> make_store(const EngineOptions& options);

class TileEngine : public TileSource {
public:
    TileEngine(std::shared_ptr<const catalog::LayerCatalog> catalog, EngineOptions options = {});
    ~TileEngine() override;
    // From now on get() answers overloaded (503) instead of rendering, and queued renders
    // are dropped with that answer; renders already running finish and are stored.
    void begin_shutdown();

    bool has_layer(std::string_view layer_id) const override;
    TileResult get(std::string_view layer_id, const TileAddress& address) override;  // get_async, waited for
    void get_async(std::string_view layer_id, const TileAddress& address, const std::string& client,
                   TileCallback done) override;
    // A memory hit of a layer path asked for before: no catalogue lookup, no thread hop.
    HeldTile get_in_memory(std::string_view layer_id, const TileAddress& address) override;

    const catalog::LayerCatalog& catalog() const { return *catalog_; }
    int renders() const { return static_cast<int>(renders_.load()); }
    TileStore& store() { return *store_; }

    // Metatile size of a variant (options, clamped near z0 by metatile_of).
    int metatile_size(const catalog::Variant& variant) const;
    // The version in the variant's tile keys (data + style, see tile_version.h).
    std::string version(const catalog::Variant& variant);
    // The store key of a tile of the variant, the one serve reads (`rxmap seed` writes a
    // shared cache with it).
    TileKey tile_key(const catalog::Variant& variant, int scale, int z, int x, int y);
    // The engine's renderer on the calling thread, with a Map of the variant's pool
    // (for `rxmap seed`); nothing is stored. Throws on failure.
    std::vector<TileData> render_now(const catalog::Variant& variant, const Metatile& meta, int scale);

    EngineStats stats() const;
    // Prometheus text exposition of stats(), metric names prefixed rxmap_engine_.
    std::string prometheus_text() const;

private:
    using Layer = EngineLayer;
    struct Job;     // one queued metatile render
    struct Waiter;  // one request waiting for a render

    std::unique_ptr<Layer> prepare(const catalog::Variant& variant) const;
    // The part of get_async that may block (store I/O; the layer is built first): on the I/O pool.
    void lookup(Layer& layer, const TileAddress& address, const std::string& client,
                TileCallback done, std::chrono::steady_clock::time_point deadline);
    // A waiter not answered by its deadline is answered overloaded (on deadlines_' thread).
    void arm_deadline(const std::shared_ptr<Waiter>& waiter, const std::shared_ptr<Job>& job,
                      std::chrono::steady_clock::time_point deadline);
    std::vector<TileData> render(Layer& layer, const Metatile& meta, int scale);
    static TileKey key(const Layer& layer, int scale, int z, int x, int y);
    // The same key written into `k` (its strings reuse their capacity).
    static void fill_key(TileKey& k, const Layer& layer, int scale, int z, int x, int y);
    // A tile address the layer serves: a valid tile, within its zooms, 1x or @2x.
    static bool in_range(const catalog::LayerDefinition& d, const TileAddress& a);
    void render_loop();
    std::vector<TileData> run(Job& job);  // render and store; throws

    std::shared_ptr<const catalog::LayerCatalog> catalog_;
    EngineOptions options_;
    EngineLayers layers_;
    std::shared_ptr<TileStore> store_;

    mutable std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::deque<std::shared_ptr<Job>> queue_;
    std::unordered_map<std::string, std::shared_ptr<Job>> inflight_;  // queued or running, by metatile key
    int running_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
    MapPool maps_;
    DeadlineTimer deadlines_;
    std::unique_ptr<boost::asio::thread_pool> io_pool_;
    ClientBudget budget_;

    std::atomic<std::uint64_t> renders_{0}, render_failures_{0}, tiles_rendered_{0}, render_micros_{0};
    std::atomic<std::uint64_t> render_buckets_[kRenderBucketCount + 1]{};
    std::atomic<std::uint64_t> coalesced_{0}, overloaded_queue_{0}, overloaded_timeout_{0}, abandoned_{0};
    std::atomic<std::uint64_t> overloaded_client_{0};
    std::atomic<int> waiting_{0};
    std::atomic<std::uint64_t> requests_ok_{0}, requests_unknown_{0}, requests_range_{0}, requests_failed_{0};
};

}  // namespace rxmap::tiles
