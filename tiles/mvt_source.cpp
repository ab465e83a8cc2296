#include "tiles/mvt_source.h"

#include <chrono>
#include <stdexcept>

#include "common/fnv1a.h"
#include "common/prometheus_text.h"
#include "tiles/mvt_tile.h"
#include "common/tile_math.h"
#include "tiles/tile_version.h"

namespace rxmap::tiles {
namespace {

// The PNG's limits: a valid tile within the layer's zooms, 256-px scale only (a vector tile has no @2x).
bool in_range(const catalog::LayerDefinition& d, const TileAddress& a) {
    return a.scale == 1 && a.z >= d.minzoom && a.z <= d.maxzoom && valid_tile(a.z, a.x, a.y);
}

TileResult failure(TileStatus status, std::string message) {
    TileResult r;
    r.status = status;
    r.message = std::move(message);
    return r;
}

}  // namespace

VectorTileSource::VectorTileSource(std::shared_ptr<const catalog::LayerCatalog> catalog,
                                   std::shared_ptr<TileStore> store, VectorTileOptions options)
    : catalog_(std::move(catalog)),
      store_(std::move(store)),
      budget_(options.client_encode_rate, options.client_encode_burst) {
    if (!catalog_ || !store_) throw std::invalid_argument("VectorTileSource: null catalogue or store");
}

const std::string& VectorTileSource::version(const catalog::Variant& v) {
    const std::string k = v.key();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (auto it = versions_.find(k); it != versions_.end()) return it->second;
    }
    // The PNG's version covers the data, the classes and every area's class in the year; the
    // encoding's own version is folded into the style half. Computed outside the lock.
    const std::string png = tile_version(v, *catalog_, 1);
    const std::string data = png.substr(0, png.find('-'));
    std::string mvt = data + '-' + common::Fnv64().add(png).add(kMvtVersion).hex();
    std::lock_guard<std::mutex> lock(mutex_);
    return versions_.emplace(k, std::move(mvt)).first->second;
}

TileKey VectorTileSource::key(const catalog::Variant& v, int z, int x, int y) {
    TileKey k;
    k.version = version(v);
    k.layer = "mvt/" + v.key();
    k.scale = 1;
    k.z = z;
    k.x = x;
    k.y = y;
    k.metatile = 1;
    return k;
}

const VectorTileSource::Known* VectorTileSource::known(std::string_view layer_id) {
    thread_local std::string path;
    path.assign(layer_id);
    {
        std::shared_lock<std::shared_mutex> lock(paths_mutex_);
        if (auto it = paths_.find(path); it != paths_.end()) return it->second.get();
    }
    const auto v = catalog_->resolve(layer_id);
    if (!v) return nullptr;
    auto k = std::make_unique<const Known>(Known{*v, key(*v, 0, 0, 0)});
    std::unique_lock<std::shared_mutex> lock(paths_mutex_);
    // Entries are never removed while the source lives (callers hold them); past the bound,
    // new paths are answered without being remembered.
    if (paths_.size() >= kMaxPaths) return nullptr;
    return paths_.emplace(path, std::move(k)).first->second.get();
}

HeldTile VectorTileSource::get_in_memory(std::string_view layer_id, const TileAddress& a) {
    const Known* k = known(layer_id);
    if (!k || !in_range(*k->variant.definition, a)) return {};
    thread_local TileKey key;  // its strings keep their capacity between requests
    key.version.assign(k->key.version);
    key.layer.assign(k->key.layer);
    key.scale = 1;
    key.metatile = 1;
    key.z = a.z;
    key.x = a.x;
    key.y = a.y;
    return store_->read_in_memory(key);
}

TileResult VectorTileSource::get(std::string_view layer_id, const TileAddress& a, const std::string& client) {
    const auto v = catalog_->resolve(layer_id);
    if (!v) {
        ++unknown_;
        return failure(TileStatus::unknown_layer, "no layer '" + std::string(layer_id) + "'");
    }
    const catalog::LayerDefinition& d = *v->definition;
    if (!in_range(d, a))
        return ++out_of_range_, failure(TileStatus::out_of_range, "layer '" + d.id + "' has vector tiles at z" +
                                                     std::to_string(d.minzoom) + "–" + std::to_string(d.maxzoom));
    try {
        const TileKey k = key(*v, a.z, a.x, a.y);
        if (TileData stored = store_->read(k)) {
            ++ok_;
            TileResult r;
            r.status = TileStatus::ok;
            r.png = std::move(stored);
            return r;
        }
        if (const int wait = budget_.take(client)) {
            ++overloaded_;
            TileResult r = failure(TileStatus::overloaded, "too many new tiles from this client");
            r.retry_after_seconds = wait;
            return r;
        }
        const auto started = std::chrono::steady_clock::now();
        auto bytes = std::make_shared<const std::string>(vector_tile(*catalog_, *v, a.z, a.x, a.y));
        encode_micros_ += static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count());
        ++encoded_;
        ++ok_;
        store_->write_metatile(MetatileTiles{k, 1, {bytes}});
        TileResult r;
        r.status = TileStatus::ok;
        r.png = std::move(bytes);
        return r;
    } catch (const std::exception& e) {
        ++failures_;
        return failure(TileStatus::failed, std::string("vector tile: ") + e.what());
    }
}

std::string VectorTileSource::prometheus_text() const {
    common::PrometheusText p("rxmap_vector_tiles_");
    p.metric("encoded_total", "counter", "vector tiles encoded (not found in a store)", encoded_.load());
    p.metric("encode_seconds_total", "counter", "time spent encoding them",
             common::prometheus_number(encode_micros_.load() / 1e6));
    p.metric("encode_failures_total", "counter", "encodes that failed (500)", failures_.load());
    p.metric("overloaded_total", "counter", "cold tiles refused: the client's budget was used up (503)",
             overloaded_.load());
    p.family("requests_total", "counter", "requests not answered from memory on the I/O thread, by outcome");
    p.sample("requests_total", "status=\"ok\"", ok_.load());
    p.sample("requests_total", "status=\"unknown_layer\"", unknown_.load());
    p.sample("requests_total", "status=\"out_of_range\"", out_of_range_.load());
    return p.text();
}

}  // namespace rxmap::tiles
