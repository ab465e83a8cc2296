#include "tilesets/mvt_seed.h"

#include <cpl_vsi.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "common/json_text.h"
#include "tiles/memory_store.h"
#include "tiles/mvt_source.h"
#include "tiles/mvt_tile.h"
#include "tilesets/seed_output.h"

namespace rxmap::tiles {
namespace {

// gzip member of bytes, written through GDAL's /vsigzip/ (zlib).
std::string gzip(const std::string& bytes) {
    static std::atomic<unsigned> counter{0};
    const std::string path = "/vsimem/mvt-seed-" + std::to_string(counter++) + ".gz";
    VSILFILE* f = VSIFOpenL(("/vsigzip/" + path).c_str(), "wb");
    if (!f) throw std::runtime_error("gzip: cannot open " + path);
    VSIFWriteL(bytes.data(), 1, bytes.size(), f);
    VSIFCloseL(f);
    vsi_l_offset size = 0;
    GByte* data = VSIGetMemFileBuffer(path.c_str(), &size, TRUE);
    std::string out(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
    CPLFree(data);
    return out;
}

double thread_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// "median 3.1 ms, p90 9.0 ms, max 41.2 ms" of the values (sorted here).
std::string spread(std::vector<double> ms) {
    if (ms.empty()) return "no tiles";
    std::sort(ms.begin(), ms.end());
    char text[96];
    std::snprintf(text, sizeof text, "median %.1f ms, p90 %.1f ms, max %.1f ms", ms[ms.size() / 2], ms[ms.size() * 9 / 10],
                  ms.back());
    return text;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

SeedResult seed_vector(const std::shared_ptr<const catalog::LayerCatalog>& catalog, const catalog::Variant& v,
                       const SeedArea& area, const SeedOptions& o) {
    if (!ends_with(o.out, ".mbtiles")) throw std::invalid_argument("--format mvt writes an .mbtiles file");
    const auto started = std::chrono::steady_clock::now();
    const catalog::LayerDefinition& d = *v.definition;
    const int minzoom = std::max(o.minzoom, d.minzoom), maxzoom = std::min(o.maxzoom, d.maxzoom);
    SeedResult result;
    const auto touching = tiles_touching(*area.geometry, minzoom, maxzoom);

    MbtilesWriter out(o.out);
    VectorTileSource versions(catalog, std::make_shared<MemoryStore>(1));
    const std::string version = versions.key(v, 0, 0, 0).version;
    if (out.state("mvt_version").value_or("") != version) {
        out.clear_tiles();
        out.set_state("mvt_version", version);
    }
    std::vector<std::pair<int, TileXY>> todo;
    for (std::size_t i = 0; i < touching.size(); ++i) {
        const int z = minzoom + static_cast<int>(i);
        result.tiles_per_zoom[z] = touching[i].size();
        for (const TileXY& t : touching[i]) {
            if (out.has_tile(z, t.x, t.y)) ++result.tiles_skipped;
            else todo.emplace_back(z, t);
        }
    }

    std::mutex mutex;  // the writer, the batch and the timings
    std::vector<MbtilesTile> batch;
    std::vector<double> encode_cpu_ms, encode_wall_ms;  // per tile: the encode alone (not gzip, not SQLite)
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stopped{false};
    std::exception_ptr error;
    auto flush = [&] {  // with mutex held
        out.write(batch);
        result.tiles_written += batch.size();
        batch.clear();
    };
    auto work = [&] {
        try {
            for (std::size_t i; (i = next++) < todo.size();) {
                if (o.stop && *o.stop) {
                    stopped = true;
                    return;
                }
                const auto& [z, t] = todo[i];
                const double cpu0 = thread_cpu_ms();
                const auto wall0 = std::chrono::steady_clock::now();
                const std::string tile = vector_tile(*catalog, v, z, t.x, t.y);
                const double cpu = thread_cpu_ms() - cpu0;
                const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall0).count();
                auto bytes = std::make_shared<const std::string>(gzip(tile));
                std::lock_guard<std::mutex> lock(mutex);
                encode_cpu_ms.push_back(cpu);
                encode_wall_ms.push_back(wall);
                batch.push_back(MbtilesTile{z, t.x, t.y, std::move(bytes)});
                if (batch.size() >= 256) flush();
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex);
            if (!error) error = std::current_exception();
            next = todo.size();
        }
    };
    const int threads = o.threads > 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) pool.emplace_back(work);
    for (auto& t : pool) t.join();
    if (!batch.empty()) flush();
    if (error) std::rethrow_exception(error);

    // The PNG seed's metadata (name, bounds, centre, zooms, attribution, legend), as a vector set.
    EngineOptions engine_options;
    engine_options.render_threads = 1;
    engine_options.memory_cache_bytes = 1 << 20;
    TileEngine engine(catalog, engine_options);
    auto metadata = seed_metadata(engine, v, area, o);
    metadata["format"] = "pbf";
    metadata["minzoom"] = std::to_string(minzoom);
    metadata["maxzoom"] = std::to_string(maxzoom);
    const std::string json = metadata["json"];
    metadata["json"] = "{\"vector_layers\":" + vector_layers_json(v) + "," + json.substr(1);
    out.set_metadata(metadata);
    result.stopped = stopped;
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (o.log)
        *o.log << "rxmap seed: " << v.key() << " (mvt): " << result.tiles_written << " tiles written, "
               << result.tiles_skipped << " already present, " << out.image_count() << " distinct, in "
               << result.seconds << " s -> " << o.out << "; encode per tile: CPU " << spread(encode_cpu_ms)
               << "; wall " << spread(encode_wall_ms) << "\n";
    return result;
}

}  // namespace rxmap::tiles
