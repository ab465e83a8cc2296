#include "tiles/layer_router.h"

namespace rxmap::tiles {

bool LayerRouter::has_layer(std::string_view id) const {
    auto it = named_.find(id);
    if (it != named_.end()) return it->second->has_layer(id);
    return fallback_ && fallback_->has_layer(id);
}

TileSource* LayerRouter::route(std::string_view id) const {
    auto it = named_.find(id);
    return it != named_.end() ? it->second.get() : fallback_.get();
}

TileResult LayerRouter::get(std::string_view id, const TileAddress& a) {
    if (TileSource* source = route(id)) return source->get(id, a);
    return {TileStatus::unknown_layer, nullptr, "no layer " + std::string(id)};
}

void LayerRouter::get_async(std::string_view id, const TileAddress& a, const std::string& client, TileCallback done) {
    if (TileSource* source = route(id)) return source->get_async(id, a, client, std::move(done));
    done({TileStatus::unknown_layer, nullptr, "no layer " + std::string(id)});
}

}  // namespace rxmap::tiles
