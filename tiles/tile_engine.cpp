#include "tiles/tile_engine.h"

#include <future>
#include <iostream>
#include <stdexcept>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "styles/map_builder.h"
#include "styles/mapnik_resources.h"
#include "tiles/store_factory.h"
#include "common/tile_math.h"
#include "tiles/tile_version.h"

namespace rxmap::tiles {

namespace {

bool power_of_two(int n) { return n >= 1 && n <= 64 && (n & (n - 1)) == 0; }

std::string address(const TileAddress& a) {
    return std::to_string(a.z) + "/" + std::to_string(a.x) + "/" + std::to_string(a.y) + (a.scale == 2 ? "@2x" : "");
}

}  // namespace

std::shared_ptr<TileStore> make_store(const EngineOptions& o) {
    if (o.store) return o.store;
    std::vector<std::string> urls{"memory"};
    if (!o.cache_dir.empty()) urls.push_back(file_store_url(o.cache_dir));
    return make_tile_cache(urls, o.memory_cache_bytes).store;
}

struct TileEngine::Waiter {
    Waiter(TileCallback callback, std::size_t tile_index, std::atomic<int>& waiting_count)
        : done(std::move(callback)), index(tile_index), waiting(waiting_count) {
        ++waiting;
    }
    // The first answer wins (the render, the deadline or a shutdown); later ones are
    // dropped. Only the winner touches `done`, and lets go of it at once, so a request
    // answered early is not kept alive by its deadline timer. The winner's counter is
    // bumped before the caller hears the answer, so /metrics and tests see it counted.
    bool answer(TileResult result, std::atomic<std::uint64_t>* counter) {
        if (answered.exchange(true)) return false;
        --waiting;
        if (counter) ++*counter;
        TileCallback callback = std::move(done);
        done = nullptr;
        callback(std::move(result));
        return true;
    }

    TileCallback done;
    const std::size_t index;  // of the tile in its metatile
    std::atomic<int>& waiting;
    std::atomic<bool> answered{false};
};

struct TileEngine::Job {
    Layer* layer = nullptr;
    Metatile meta;
    int scale = 1;
    std::string key;  // of the metatile's top-left tile
    std::vector<std::shared_ptr<Waiter>> waiters;  // guarded by queue_mutex_
    std::chrono::steady_clock::time_point queued_at;
    std::atomic<bool> abandoned{false};
};

TileEngine::TileEngine(std::shared_ptr<const catalog::LayerCatalog> catalog, EngineOptions options)
    : catalog_(std::move(catalog)),
      options_(std::move(options)),
      layers_([this](const catalog::Variant& v) { return prepare(v); }),
      maps_(options_.max_idle_maps),
      io_pool_(std::make_unique<boost::asio::thread_pool>(static_cast<std::size_t>(std::max(1, options_.io_threads)))),
      budget_(options_.client_render_rate, options_.client_render_burst) {
    if (!power_of_two(options_.metatile_size))
        throw std::invalid_argument("metatile size must be a power of two from 1 to 64, not " +
                                    std::to_string(options_.metatile_size));
    for (const auto& [layer, size] : options_.layer_metatile_sizes)
        if (!power_of_two(size))
            throw std::invalid_argument("metatile size of " + layer + " must be a power of two from 1 to 64");
    if (options_.max_pending_renders < 1) options_.max_pending_renders = 1;
    store_ = make_store(options_);
    styles::register_mapnik_resources();
    int n = options_.render_threads > 0 ? options_.render_threads
                                        : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    options_.render_threads = n;
    for (int i = 0; i < n; ++i) threads_.emplace_back([this] { render_loop(); });
}

void TileEngine::begin_shutdown() {
    std::deque<std::shared_ptr<Job>> left;
    {
        std::lock_guard<std::mutex> lock(queue_mutex_);
        stopping_ = true;
        left.swap(queue_);
        for (const auto& job : left) inflight_.erase(job->key);
    }
    queue_cv_.notify_all();
    // Answered 503, not 500: the server is stopping, the tile is fine.
    for (auto& job : left)
        for (auto& waiter : job->waiters)
            waiter->answer({TileStatus::overloaded, nullptr, "the tile engine is stopping"}, &overloaded_queue_);
}

TileEngine::~TileEngine() {
    begin_shutdown();
    for (auto& t : threads_) t.join();
    deadlines_.stop();
    // Pending lookups are dropped with the pool.
    io_pool_->stop();
    io_pool_->join();
}

bool TileEngine::has_layer(std::string_view id) const { return catalog_->resolve(id).has_value(); }

int TileEngine::metatile_size(const catalog::Variant& v) const {
    auto it = options_.layer_metatile_sizes.find(v.key());
    if (it == options_.layer_metatile_sizes.end()) it = options_.layer_metatile_sizes.find(v.definition->id);
    return it == options_.layer_metatile_sizes.end() ? options_.metatile_size : it->second;
}

std::unique_ptr<TileEngine::Layer> TileEngine::prepare(const catalog::Variant& v) const {
    const int n = metatile_size(v);
    const catalog::LayerCatalog* catalog = catalog_.get();
    auto factory = options_.map_factory;
    return std::unique_ptr<Layer>(new Layer{v, v.key(), n, tile_version(v, *catalog, n), [v, catalog, factory] {
                                                return factory ? factory(v, *catalog) : styles::build_variant_map(v, *catalog);
                                            }});
}

std::string TileEngine::version(const catalog::Variant& v) { return layers_.get(v)->version; }

TileKey TileEngine::key(const Layer& layer, int scale, int z, int x, int y) {
    TileKey k;
    fill_key(k, layer, scale, z, x, y);
    return k;
}

void TileEngine::fill_key(TileKey& k, const Layer& layer, int scale, int z, int x, int y) {
    k.version.assign(layer.version);
    k.layer.assign(layer.key);
    k.scale = scale;
    k.z = z;
    k.x = x;
    k.y = y;
    k.metatile = layer.metatile;
}

bool TileEngine::in_range(const catalog::LayerDefinition& d, const TileAddress& a) {
    return valid_tile(a.z, a.x, a.y) && a.z >= d.minzoom && a.z <= d.maxzoom && (a.scale == 1 || a.scale == 2);
}

TileKey TileEngine::tile_key(const catalog::Variant& v, int scale, int z, int x, int y) {
    return key(*layers_.get(v), scale, z, x, y);
}

std::vector<TileData> TileEngine::render(Layer& layer, const Metatile& meta, int scale) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::string> pngs;
    try {
        auto lease = maps_.take(layer.variant.key(), layer.build_map);
        pngs = render_metatile(lease.map(), meta, scale);
    } catch (...) {
        ++render_failures_;
        throw;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    int bucket = 0;
    while (bucket < kRenderBucketCount && seconds > kRenderSecondsBuckets[bucket]) ++bucket;
    ++render_buckets_[bucket];
    render_micros_ += static_cast<std::uint64_t>(seconds * 1e6);
    ++renders_;
    tiles_rendered_ += pngs.size();
    std::vector<TileData> tiles;
    tiles.reserve(pngs.size());
    for (auto& png : pngs) tiles.push_back(std::make_shared<const std::string>(std::move(png)));
    return tiles;
}

std::vector<TileData> TileEngine::render_now(const catalog::Variant& v, const Metatile& meta, int scale) {
    return render(*layers_.get(v), meta, scale);
}

void TileEngine::render_loop() {
    // Linux gives each thread its own nice value: renders yield the CPU to the threads
    // answering stored tiles. Failing (no permission to lower) changes nothing else.
    if (options_.render_nice > 0) setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), options_.render_nice);
    for (;;) {
        std::shared_ptr<Job> job;
        {
            std::unique_lock<std::mutex> lock(queue_mutex_);
            queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping
            job = std::move(queue_.front());
            queue_.pop_front();
            ++running_;
        }
        std::vector<TileData> tiles;
        std::string error;
        try {
            tiles = run(*job);
        } catch (const std::exception& e) {
            std::cerr << "tiles: render of " << job->key << " failed: " << e.what() << '\n';
            error = e.what();
        }
        std::vector<std::shared_ptr<Waiter>> waiters;
        {
            // The tiles are stored already, so a request never misses both the store and inflight_.
            std::lock_guard<std::mutex> lock(queue_mutex_);
            --running_;
            inflight_.erase(job->key);
            waiters.swap(job->waiters);
        }
        for (auto& waiter : waiters) {
            if (!error.empty()) waiter->answer({TileStatus::failed, nullptr, error}, &requests_failed_);
            else waiter->answer({TileStatus::ok, tiles[waiter->index], {}}, &requests_ok_);
        }
    }
}

std::vector<TileData> TileEngine::run(Job& job) {
    if (options_.before_render) options_.before_render(job.meta);
    std::vector<TileData> tiles = render(*job.layer, job.meta, job.scale);
    store_->write_metatile(MetatileTiles{key(*job.layer, job.scale, job.meta.z, job.meta.x, job.meta.y), job.meta.n, tiles});
    if (job.abandoned) {
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - job.queued_at).count();
        std::cerr << "tiles: abandoned render of " << job.key << " finished in the background after " << s
                  << " s; its tiles are stored\n";
    }
    return tiles;
}

TileResult TileEngine::get(std::string_view layer_id, const TileAddress& a) {
    auto result = std::make_shared<std::promise<TileResult>>();
    auto answer = result->get_future();
    get_async(layer_id, a, {}, [result](TileResult r) { result->set_value(std::move(r)); });
    return answer.get();
}

void TileEngine::get_async(std::string_view layer_id, const TileAddress& a, const std::string& client,
                           TileCallback done) {
    // The layer is resolved once: by the path seen before, else by the catalogue (and then
    // looked up among the prepared layers by its key, or prepared on the I/O pool).
    Layer* layer = layers_.by_path(layer_id);
    std::optional<catalog::Variant> variant;
    if (!layer) {
        variant = catalog_->resolve(layer_id);
        if (!variant) {
            ++requests_unknown_;
            return done({TileStatus::unknown_layer, nullptr, "no layer " + std::string(layer_id)});
        }
    }
    const catalog::LayerDefinition& d = layer ? *layer->variant.definition : *variant->definition;
    if (!in_range(d, a)) {
        ++requests_range_;
        return done({TileStatus::out_of_range, nullptr,
                      "tile " + address(a) + " is outside zooms " + std::to_string(d.minzoom) + "-" +
                          std::to_string(d.maxzoom)});
    }
    if (!layer && (layer = layers_.find(variant->key()))) layers_.remember(layer_id, layer);
    // A tile held in memory: answered here, on the caller's thread, without a hop.
    if (layer)
        if (HeldTile hit = store_->read_in_memory(key(*layer, a.scale, a.z, a.x, a.y))) {
            ++requests_ok_;
            return done({TileStatus::ok, std::move(hit.png), {}});
        }
    const auto deadline = std::chrono::steady_clock::now() + options_.render_timeout;
    boost::asio::post(*io_pool_, [this, path = std::string(layer_id), layer, variant = std::move(variant), a, client,
                                  done = std::move(done), deadline]() mutable {
        if (!layer) {
            try {
                layer = layers_.get(*variant);
            } catch (const std::exception& e) {
                ++requests_failed_;
                return done({TileStatus::failed, nullptr, e.what()});
            }
            layers_.remember(path, layer);
        }
        lookup(*layer, a, client, std::move(done), deadline);
    });
}

HeldTile TileEngine::get_in_memory(std::string_view layer_id, const TileAddress& a) {
    const Layer* layer = layers_.by_path(layer_id);
    if (!layer) return {};
    if (!in_range(*layer->variant.definition, a)) return {};  // get_async says why
    // One key per thread, filled in place: its strings keep their capacity, so a hit allocates nothing.
    thread_local TileKey scratch;
    fill_key(scratch, *layer, a.scale, a.z, a.x, a.y);
    HeldTile hit = store_->read_in_memory(scratch);
    if (hit) ++requests_ok_;
    return hit;
}

void TileEngine::lookup(Layer& layer, const TileAddress& a, const std::string& client, TileCallback done,
                        std::chrono::steady_clock::time_point deadline) {
    const TileKey tile_key = key(layer, a.scale, a.z, a.x, a.y);
    if (TileData hit = store_->read(tile_key)) {
        ++requests_ok_;
        return done({TileStatus::ok, std::move(hit), {}});
    }

    const Metatile meta = metatile_of(a.z, a.x, a.y, layer.metatile);
    const std::string meta_key = key(layer, a.scale, meta.z, meta.x, meta.y).str();
    const auto index = static_cast<std::size_t>((a.y - meta.y) * meta.n + (a.x - meta.x));
    auto waiter = std::make_shared<Waiter>(std::move(done), index, waiting_);
    std::shared_ptr<Job> job;
    for (bool checked_again = false;; checked_again = true) {
        std::unique_lock<std::mutex> lock(queue_mutex_);
        auto it = inflight_.find(meta_key);
        if (it != inflight_.end()) {
            job = it->second;
            job->waiters.push_back(waiter);
            ++coalesced_;
            break;
        }
        if (!checked_again) {
            // Its render may have finished (stored, then left inflight_) since the read above:
            // look again, outside the lock, which /metrics takes too.
            lock.unlock();
            if (HeldTile hit = store_->read_in_memory(tile_key)) {
                waiter->answer({TileStatus::ok, std::move(hit.png), {}}, &requests_ok_);
                return;
            }
            continue;
        }
        // Limits, at once rather than after a wait: the render queue, then the client's budget.
        if (stopping_ || static_cast<int>(queue_.size()) + running_ >= options_.max_pending_renders) {
            lock.unlock();
            waiter->answer({TileStatus::overloaded, nullptr,
                            "render queue full (" + std::to_string(options_.max_pending_renders) + " metatiles pending)"},
                           &overloaded_queue_);
            return;
        }
        if (const int retry_after = budget_.take(client)) {
            lock.unlock();
            waiter->answer({TileStatus::overloaded, nullptr,
                            "this client has started too many renders; stored tiles are still served", retry_after},
                           &overloaded_client_);
            return;
        }
        job = std::make_shared<Job>();
        job->layer = &layer;
        job->meta = meta;
        job->scale = a.scale;
        job->key = meta_key;
        job->queued_at = std::chrono::steady_clock::now();
        job->waiters.push_back(waiter);
        queue_.push_back(job);
        inflight_.emplace(meta_key, job);
        lock.unlock();
        queue_cv_.notify_one();
        break;
    }
    arm_deadline(waiter, job, deadline);
}

void TileEngine::arm_deadline(const std::shared_ptr<Waiter>& waiter, const std::shared_ptr<Job>& job,
                              std::chrono::steady_clock::time_point deadline) {
    if (waiter->answered) return;
    // Weak: a request answered early is not kept alive by its timer.
    deadlines_.arm(deadline, [this, weak_waiter = std::weak_ptr<Waiter>(waiter), weak_job = std::weak_ptr<Job>(job)] {
        auto waiter = weak_waiter.lock();
        if (!waiter || waiter->answered) return;
        const auto limit = std::to_string(options_.render_timeout.count());
        if (auto job = weak_job.lock(); job && !job->abandoned.exchange(true)) {
            ++abandoned_;
            std::cerr << "tiles: render of " << job->key << " exceeded " << limit
                      << " ms; waiters gave up, it finishes in the background\n";
        }
        waiter->answer({TileStatus::overloaded, nullptr, "the render of this tile took longer than " + limit + " ms"},
                       &overloaded_timeout_);
    });
}

EngineStats TileEngine::stats() const {
    EngineStats s;
    s.renders = renders_;
    s.render_failures = render_failures_;
    s.tiles_rendered = tiles_rendered_;
    s.render_micros = render_micros_;
    for (int i = 0; i <= kRenderBucketCount; ++i) s.render_buckets[i] = render_buckets_[i];
    s.coalesced = coalesced_;
    s.overloaded_queue = overloaded_queue_;
    s.overloaded_timeout = overloaded_timeout_;
    s.overloaded_client = overloaded_client_;
    s.maps_idle = maps_.idle();
    s.maps_built = maps_.built();
    s.waiting = waiting_;
    s.abandoned_renders = abandoned_;
    s.requests_ok = requests_ok_;
    s.requests_unknown_layer = requests_unknown_;
    s.requests_out_of_range = requests_range_;
    s.requests_failed = requests_failed_;
    {
        std::lock_guard<std::mutex> lock(queue_mutex_);
        s.in_flight = running_;
        s.queue_depth = static_cast<int>(queue_.size());
    }
    s.queue_limit = options_.max_pending_renders;
    s.render_threads = options_.render_threads;
    store_->collect_stats(s.stores);
    return s;
}

std::string TileEngine::prometheus_text() const { return engine_prometheus_text(stats()); }

}  // namespace rxmap::tiles
