// `rxmap seed` in three steps: plan (the metatiles touching the area that the output
// lacks), render (on every core, through the engine's renderer) and commit (this
// thread, one metatile per transaction, and the shared cache in serve's keys).
// The areas are in seed_area.cpp, the outputs and their metadata in seed_output.cpp.
#include "tilesets/seed.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tilesets/seed_output.h"

namespace rxmap::tiles {

namespace {

std::string duration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return "?";
    const long s = std::lround(seconds);
    std::ostringstream o;
    if (s >= 3600) o << s / 3600 << "h" << std::setw(2) << std::setfill('0') << (s % 3600) / 60 << "m";
    else if (s >= 60) o << s / 60 << "m" << std::setw(2) << std::setfill('0') << s % 60 << "s";
    else o << s << "s";
    return o.str();
}

// One metatile to render, with the tiles of it that touch the area (those it stores).
struct Work {
    Metatile meta;
    std::vector<TileXY> tiles;
};

// Plan: every metatile of this shard holding a touching tile, zoom by zoom; those whose
// tiles the sink has already are counted as skipped, the others returned.
std::vector<Work> plan(const SeedArea& area, const SeedOptions& o, int metatile_size, SeedSink& sink,
                       SeedResult& result) {
    std::vector<Work> todo;
    const auto per_zoom = tiles_touching(*area.geometry, o.minzoom, o.maxzoom);
    for (int z = o.minzoom; z <= o.maxzoom; ++z) {
        const auto& tiles = per_zoom[static_cast<size_t>(z - o.minzoom)];
        result.tiles_per_zoom[z] = tiles.size();
        std::map<std::pair<int, int>, Work> metatiles;  // by (y, x) of the metatile
        for (TileXY t : tiles) {
            const Metatile m = metatile_of(z, t.x, t.y, metatile_size);
            Work& w = metatiles[{m.y, m.x}];
            w.meta = m;
            w.tiles.push_back(t);
        }
        for (auto& [where, w] : metatiles) {
            if (metatile_shard(w.meta, o.shards) != o.shard) continue;  // another shard's
            ++result.metatiles_total;
            if (std::all_of(w.tiles.begin(), w.tiles.end(), [&](TileXY t) { return sink.has(z, t.x, t.y); })) {
                ++result.metatiles_skipped;
                result.tiles_skipped += w.tiles.size();
            } else {
                todo.push_back(std::move(w));
            }
        }
    }
    return todo;
}

struct Rendered {
    size_t index;  // in the plan
    std::vector<TileData> tiles;
};

// Render: the plan's metatiles in order on `threads` threads, at most two per thread
// ahead of the caller, which gets each in `commit` as it is done (false: stop) and
// `idle` at least every 250 ms. Nothing is taken after should_stop() turns true, and
// what is rendered after that is not committed. Rethrows the first failure.
void render_all(TileEngine& engine, const catalog::Variant& variant, const std::vector<Work>& todo, int threads,
                const std::function<bool()>& should_stop, const std::function<bool(const Rendered&)>& commit,
                const std::function<void()>& idle) {
    const size_t capacity = static_cast<size_t>(threads) * 2;
    std::mutex mutex;
    std::condition_variable ready, room;
    std::deque<Rendered> finished;
    std::atomic<size_t> next{0};
    std::atomic<bool> halt{false};
    int running = threads;
    std::exception_ptr failure;
    auto fail = [&](std::exception_ptr e) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = e;
        halt = true;
    };
    auto stopping = [&] { return halt.load() || should_stop(); };

    std::vector<std::thread> workers;
    for (int i = 0; i < threads; ++i)
        workers.emplace_back([&] {
            for (size_t index; !stopping() && (index = next++) < todo.size();) {
                {
                    std::unique_lock<std::mutex> lock(mutex);
                    room.wait(lock, [&] { return finished.size() < capacity || halt; });
                    if (halt) break;
                }
                try {
                    auto tiles = engine.render_now(variant, todo[index].meta, 1);
                    std::lock_guard<std::mutex> lock(mutex);
                    finished.push_back({index, std::move(tiles)});
                } catch (...) {
                    fail(std::current_exception());
                }
                ready.notify_one();
            }
            std::lock_guard<std::mutex> lock(mutex);
            --running;
            ready.notify_one();
        });

    for (;;) {
        Rendered done;
        {
            std::unique_lock<std::mutex> lock(mutex);
            ready.wait_for(lock, std::chrono::milliseconds(250), [&] { return !finished.empty() || running == 0; });
            if (finished.empty()) {
                if (running == 0) break;
                lock.unlock();
                idle();
                continue;
            }
            done = std::move(finished.front());
            finished.pop_front();
        }
        room.notify_one();
        if (stopping()) continue;  // drain
        bool more = false;
        try {
            more = commit(done);
        } catch (...) {
            fail(std::current_exception());
        }
        if (!more) {
            halt = true;
            room.notify_all();
        }
    }
    for (auto& t : workers) t.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace

int metatile_shard(const Metatile& meta, int shards) {
    if (shards <= 1) return 0;
    // splitmix64's finaliser over (z, x, y): neighbouring metatiles land on different shards.
    std::uint64_t h = (static_cast<std::uint64_t>(meta.z) << 58) ^ (static_cast<std::uint64_t>(meta.x) << 29) ^
                      static_cast<std::uint64_t>(meta.y);
    h += 0x9e3779b97f4a7c15ULL;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return static_cast<int>(h % static_cast<std::uint64_t>(shards));
}

SeedResult seed(TileEngine& engine, const catalog::Variant& variant, const SeedArea& area, const SeedOptions& o) {
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();  // the process's CPU, every thread
    const auto& d = *variant.definition;
    if (o.shards < 1 || o.shard < 0 || o.shard >= o.shards)
        throw std::invalid_argument("shard " + std::to_string(o.shard) + "/" + std::to_string(o.shards) +
                                    ": expected i/n with 0 <= i < n");
    if (o.minzoom < d.minzoom || o.maxzoom > d.maxzoom || o.minzoom > o.maxzoom)
        throw std::invalid_argument("zooms " + std::to_string(o.minzoom) + "-" + std::to_string(o.maxzoom) +
                                    " outside the layer's " + std::to_string(d.minzoom) + "-" + std::to_string(d.maxzoom));
    std::unique_ptr<SeedSink> sink = open_seed_sink(o.out);
    sink->start(engine.version(variant));

    SeedResult result;
    const std::vector<Work> todo = plan(area, o, engine.metatile_size(variant), *sink, result);
    size_t tiles_total = 0;
    for (const auto& w : todo) tiles_total += w.tiles.size();

    auto last_progress = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    auto show_progress = [&](bool final_line) {
        if (!o.progress) return;
        const auto now = std::chrono::steady_clock::now();
        if (!final_line && now - last_progress < std::chrono::milliseconds(500)) return;
        last_progress = now;
        const double elapsed = std::chrono::duration<double>(now - start).count();
        const double rate = elapsed > 0 ? result.tiles_written / elapsed : 0;
        const size_t done = result.metatiles_rendered + result.metatiles_skipped;
        std::cout << "\rseed " << variant.key() << ": " << done << "/" << result.metatiles_total << " metatiles, "
                  << result.tiles_written << "/" << tiles_total << " tiles, " << std::fixed << std::setprecision(1)
                  << rate << " tiles/s, ETA "
                  << (rate > 0 ? duration((tiles_total - result.tiles_written) / rate) : std::string("?"))
                  << "     " << (final_line ? "\n" : "") << std::flush;
    };

    // Commit: the touching tiles of a metatile in one transaction; all of it to the cache.
    auto commit = [&](const Rendered& done) {
        const Work& w = todo[done.index];
        std::vector<MbtilesTile> rows;
        for (TileXY t : w.tiles) {
            const size_t i = static_cast<size_t>((t.y - w.meta.y) * w.meta.n + (t.x - w.meta.x));
            rows.push_back({w.meta.z, t.x, t.y, done.tiles.at(i)});
        }
        sink->write(rows);
        if (o.cache) o.cache->write_metatile({engine.tile_key(variant, 1, w.meta.z, w.meta.x, w.meta.y), w.meta.n, done.tiles});
        ++result.metatiles_rendered;
        result.tiles_written += rows.size();
        show_progress(false);
        return o.stop_after_metatiles < 0 || static_cast<long>(result.metatiles_rendered) < o.stop_after_metatiles;
    };
    const int threads = std::max(1, o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency()));
    render_all(engine, variant, todo, threads, [&] { return o.stop && o.stop->load(); }, commit,
               [&] { show_progress(false); });

    result.stopped = result.metatiles_rendered + result.metatiles_skipped < result.metatiles_total;
    sink->finish(seed_metadata(engine, variant, area, o));  // valid metadata even after a stop
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    show_progress(true);
    if (o.log)
        *o.log << "seed " << variant.key() << " (" << area.description << ", z" << o.minzoom << "-" << o.maxzoom
               << (o.shards > 1 ? ", shard " + std::to_string(o.shard) + "/" + std::to_string(o.shards) : std::string())
               << ") -> " << o.out << ": " << result.tiles_written << " tiles in " << result.metatiles_rendered
               << " metatiles rendered, " << result.tiles_skipped << " tiles already there, "
               << std::fixed << std::setprecision(2) << result.seconds << " s, CPU " << result.cpu_seconds << " s"
               << (result.stopped ? "; stopped before the end (run again to resume)" : "") << '\n';
    return result;
}

}  // namespace rxmap::tiles
