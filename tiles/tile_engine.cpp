#include "tiles/tile_engine.h"

#include <iostream>

#include "styles/map_builder.h"
#include "tiles/memory_store.h"
#include "tiles/metatile.h"
#include "tiles/tile_math.h"

namespace rxmap::tiles {

struct TileEngine::Layer {
    styles::Choropleth choropleth;
    MapPool maps;
};

TileEngine::TileEngine(std::shared_ptr<const layers::Atlas> atlas,
                       const std::vector<styles::LayerDefinition>& definitions, EngineOptions options)
    : atlas_(std::move(atlas)), options_(options), store_(std::make_unique<MemoryStore>(options.memory_cache_bytes)) {
    styles::register_mapnik_resources();
    for (const auto& d : definitions) {
        auto c = styles::make_choropleth(d, *atlas_);
        const layers::Atlas* atlas_ptr = atlas_.get();
        auto layer = std::unique_ptr<Layer>(new Layer{c, MapPool([c, atlas_ptr] { return styles::build_map(c, *atlas_ptr); })});
        layers_.emplace(d.id, std::move(layer));
    }
}

TileEngine::~TileEngine() = default;

bool TileEngine::has_layer(std::string_view id) const { return layers_.find(id) != layers_.end(); }

const styles::Choropleth* TileEngine::choropleth(std::string_view id) const {
    auto it = layers_.find(id);
    return it == layers_.end() ? nullptr : &it->second->choropleth;
}

std::vector<std::string> TileEngine::layer_ids() const {
    std::vector<std::string> ids;
    for (const auto& [id, _] : layers_) ids.push_back(id);
    return ids;
}

std::string TileEngine::key(const Layer& layer, int scale, int z, int x, int y) const {
    // The data fingerprint keeps new data from ever being served from old tiles.
    return atlas_->fingerprint + '/' + layer.choropleth.definition.id + '/' + std::to_string(scale) + '/' +
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
    auto it = layers_.find(layer_id);
    if (it == layers_.end()) return {TileStatus::unknown_layer, nullptr, "no layer " + std::string(layer_id)};
    Layer& layer = *it->second;
    const auto& d = layer.choropleth.definition;
    if (!valid_tile(a.z, a.x, a.y) || a.z < d.minzoom || a.z > d.maxzoom || (a.scale != 1 && a.scale != 2))
        return {TileStatus::out_of_range, nullptr,
                "tile " + std::to_string(a.z) + "/" + std::to_string(a.x) + "/" + std::to_string(a.y) +
                    " is outside zooms " + std::to_string(d.minzoom) + "-" + std::to_string(d.maxzoom)};

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
