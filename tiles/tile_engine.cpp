#include "tiles/tile_engine.h"

#include <iostream>

#include "styles/map_builder.h"
#include "tiles/memory_store.h"
#include "tiles/metatile.h"
#include "tiles/tile_math.h"

namespace rxmap::tiles {

struct TileEngine::Layer {
    styles::Variant variant;
    const styles::Choropleth& choropleth;
    MapPool maps;
};

TileEngine::TileEngine(std::shared_ptr<const styles::LayerCatalog> catalog, EngineOptions options)
    : catalog_(std::move(catalog)), options_(options),
      store_(std::make_unique<MemoryStore>(options.memory_cache_bytes)) {
    styles::register_mapnik_resources();
}

TileEngine::~TileEngine() = default;

bool TileEngine::has_layer(std::string_view id) const { return catalog_->resolve(id).has_value(); }

TileEngine::Layer* TileEngine::layer(const styles::Variant& v) {
    const std::string key = v.key();
    {
        std::lock_guard<std::mutex> lock(layers_mutex_);
        auto it = layers_.find(key);
        if (it != layers_.end()) return it->second.get();
    }
    const styles::Choropleth& c = catalog_->choropleth(v);  // may take a moment: outside the lock
    const layers::Atlas* atlas = &catalog_->atlas();
    const int year = v.year;
    auto fresh = std::unique_ptr<Layer>(new Layer{v, c, MapPool([&c, year, atlas] { return styles::build_map(c, year, *atlas); })});
    std::lock_guard<std::mutex> lock(layers_mutex_);
    return layers_.emplace(key, std::move(fresh)).first->second.get();  // keeps the first if two raced
}

std::string TileEngine::key(const Layer& layer, int scale, int z, int x, int y) const {
    // The data fingerprint keeps new data from ever being served from old tiles.
    return catalog_->atlas().fingerprint + '/' + layer.variant.key() + '/' + std::to_string(scale) + '/' +
           std::to_string(z) + '/' + std::to_string(x) + '/' + std::to_string(y);
}

std::vector<TileData> TileEngine::render(Layer& layer, const Metatile& meta, int scale) {
    auto lease = layer.maps.take();
    std::vector<std::string> pngs = render_metatile(lease.map(), meta, scale);
    ++renders_;
    std::vector<TileData> tiles;
    for (size_t i = 0; i < pngs.size(); ++i) {
        auto tile = std::make_shared<const std::string>(std::move(pngs[i]));
        const int col = static_cast<int>(i) % meta.n, row = static_cast<int>(i) / meta.n;
        store_->write(key(layer, scale, meta.z, meta.x + col, meta.y + row), tile);
        tiles.push_back(std::move(tile));
    }
    return tiles;
}

TileResult TileEngine::get(std::string_view layer_id, const TileAddress& a) {
    const auto variant = catalog_->resolve(layer_id);
    if (!variant) return {TileStatus::unknown_layer, nullptr, "no layer " + std::string(layer_id)};
    const auto& d = *variant->definition;
    if (!valid_tile(a.z, a.x, a.y) || a.z < d.minzoom || a.z > d.maxzoom || (a.scale != 1 && a.scale != 2))
        return {TileStatus::out_of_range, nullptr,
                "tile " + std::to_string(a.z) + "/" + std::to_string(a.x) + "/" + std::to_string(a.y) +
                    " is outside zooms " + std::to_string(d.minzoom) + "-" + std::to_string(d.maxzoom)};

    Layer* found = nullptr;
    try {
        found = this->layer(*variant);
    } catch (const std::exception& e) {
        return {TileStatus::failed, nullptr, e.what()};
    }
    Layer& layer = *found;
    if (TileData hit = store_->read(key(layer, a.scale, a.z, a.x, a.y))) return {TileStatus::ok, hit, {}};

    const Metatile meta = metatile_of(a.z, a.x, a.y, options_.metatile_size);
    const std::string meta_key = key(layer, a.scale, meta.z, meta.x, meta.y);
    Rendered rendered;
    std::promise<std::vector<TileData>> promise;
    bool mine = false;
    {
        std::lock_guard<std::mutex> lock(inflight_mutex_);
        auto found = inflight_.find(meta_key);
        if (found != inflight_.end()) {
            rendered = found->second;
        } else {
            rendered = promise.get_future().share();
            inflight_.emplace(meta_key, rendered);
            mine = true;
        }
    }
    if (mine) {
        try {
            promise.set_value(render(layer, meta, a.scale));
        } catch (const std::exception& e) {
            std::cerr << "render of " << meta_key << " failed: " << e.what() << '\n';
            promise.set_exception(std::current_exception());
        }
        std::lock_guard<std::mutex> lock(inflight_mutex_);
        inflight_.erase(meta_key);
    } else if (rendered.wait_for(options_.wait_for_render) != std::future_status::ready) {
        return {TileStatus::overloaded, nullptr, "timed out waiting for the metatile render"};
    }
    try {
        const auto& tiles = rendered.get();
        return {TileStatus::ok, tiles[(a.y - meta.y) * meta.n + (a.x - meta.x)], {}};
    } catch (const std::exception& e) {
        return {TileStatus::failed, nullptr, e.what()};
    }
}

}  // namespace rxmap::tiles
