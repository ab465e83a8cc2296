#pragma once
// The map engine behind the tile endpoint: layer lookup, metatile rendering,
// the tile store, and coalescing so one metatile is never rendered twice at once.
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "layers/atlas.h"
#include "styles/layer_catalog.h"
#include "tiles/map_pool.h"
#include "tiles/tile_source.h"
#include "tiles/tile_store.h"

namespace rxmap::tiles {

struct EngineOptions {
    int metatile_size = 8;                        // tiles per side of a metatile (renderd's default)
    size_t memory_cache_bytes = 256u << 20;       // LRU budget for rendered tiles
    std::chrono::seconds wait_for_render{60};     // how long a request waits for another's render
};

class TileEngine : public TileSource {
public:
    TileEngine(std::shared_ptr<const styles::LayerCatalog> catalog, EngineOptions options = {});
    ~TileEngine() override;

    bool has_layer(std::string_view layer_id) const override;
    TileResult get(std::string_view layer_id, const TileAddress& address) override;

    const styles::LayerCatalog& catalog() const { return *catalog_; }
    int renders() const { return renders_; }

private:
    struct Layer;  // one variant: its choropleth, year and Maps
    using Rendered = std::shared_future<std::vector<TileData>>;

    Layer* layer(const styles::Variant& variant);
    std::vector<TileData> render(Layer& layer, const struct Metatile& meta, int scale);
    std::string key(const Layer& layer, int scale, int z, int x, int y) const;

    std::shared_ptr<const styles::LayerCatalog> catalog_;
    EngineOptions options_;
    std::mutex layers_mutex_;
    std::map<std::string, std::unique_ptr<Layer>> layers_;  // by variant key
    std::unique_ptr<TileStore> store_;
    std::mutex inflight_mutex_;
    std::unordered_map<std::string, Rendered> inflight_;
    std::atomic<int> renders_{0};
};

}  // namespace rxmap::tiles
