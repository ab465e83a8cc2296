#include "tiles/engine_layers.h"

namespace rxmap::tiles {

namespace {
// Enough for every year and level of every layer; flow queries beyond it resolve each time.
constexpr std::size_t kMaxKnownPaths = 4096;
}  // namespace

EngineLayer* EngineLayers::find(const std::string& variant_key) {
    std::lock_guard<std::mutex> lock(layers_mutex_);
    auto it = layers_.find(variant_key);
    return it == layers_.end() ? nullptr : it->second.get();
}

EngineLayer* EngineLayers::get(const catalog::Variant& variant) {
    const std::string key = variant.key();
    if (EngineLayer* known = find(key)) return known;
    std::unique_ptr<EngineLayer> fresh = prepare_(variant);
    std::lock_guard<std::mutex> lock(layers_mutex_);
    return layers_.emplace(key, std::move(fresh)).first->second.get();
}

EngineLayer* EngineLayers::by_path(std::string_view path) const {
    std::shared_lock<std::shared_mutex> lock(paths_mutex_);
    auto it = by_path_.find(path);
    return it == by_path_.end() ? nullptr : it->second;
}

void EngineLayers::remember(std::string_view path, EngineLayer* layer) {
    std::unique_lock<std::shared_mutex> lock(paths_mutex_);
    if (by_path_.size() >= kMaxKnownPaths || by_path_.count(path)) return;
    by_path_.emplace(path_names_.emplace_back(path), layer);
}

}  // namespace rxmap::tiles
