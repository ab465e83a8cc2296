#pragma once
// A TileSource that serves several: `rxmap serve --mbtiles name=path` puts files before the engine.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "tiles/tile_source.h"

namespace rxmap::tiles {

// Routes each layer id to a source: named layers first (e.g. MBTiles files),
// every other id to the fallback (the engine).
class LayerRouter : public TileSource {
public:
    explicit LayerRouter(std::shared_ptr<TileSource> fallback = nullptr) : fallback_(std::move(fallback)) {}
    void add(const std::string& layer_id, std::shared_ptr<TileSource> source) { named_[layer_id] = std::move(source); }

    bool has_layer(std::string_view layer_id) const override;
    TileResult get(std::string_view layer_id, const TileAddress& address) override;
    void get_async(std::string_view layer_id, const TileAddress& address, const std::string& client,
                   TileCallback done) override;

private:
    TileSource* route(std::string_view layer_id) const;  // null: no source has it

    std::map<std::string, std::shared_ptr<TileSource>, std::less<>> named_;
    std::shared_ptr<TileSource> fallback_;
};

}  // namespace rxmap::tiles
