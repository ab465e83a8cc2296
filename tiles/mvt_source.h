#pragma once
// Vector tiles for the server and `rxmap seed`: a layer path and a tile address in, MVT bytes out,
// kept in the same tile store as the PNGs (memory LRU, disk, Redis) under versioned keys of their
// own ("mvt/<variant>", version = data + classes + encoding), with the PNG's zoom limits and the
// same per-client budget for cold tiles. An encode takes milliseconds, not a Mapnik render, so it
// runs on the caller's thread (the server's worker pool) with no queue of its own.
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <string>
#include <string_view>

#include "catalog/layer_catalog.h"
#include "tiles/client_budget.h"
#include "tiles/held_tile.h"
#include "tiles/tile_source.h"
#include "tiles/tile_store.h"

namespace rxmap::tiles {

struct VectorTileOptions {
    double client_encode_rate = 4;  // as EngineOptions::client_render_rate, but per tile
    int client_encode_burst = 16;
};

class VectorTileSource {
public:
    VectorTileSource(std::shared_ptr<const catalog::LayerCatalog> catalog, std::shared_ptr<TileStore> store,
                     VectorTileOptions options = {});

    bool has_layer(std::string_view layer_id) const { return catalog_->resolve(layer_id).has_value(); }
    // The tile when the store holds it in memory, else nothing; never blocks.
    HeldTile get_in_memory(std::string_view layer_id, const TileAddress& address);
    // From the store, else encoded and stored. Blocks (store I/O, the encode). TileResult::png
    // holds the MVT bytes.
    TileResult get(std::string_view layer_id, const TileAddress& address, const std::string& client = "");
    // The key a tile is stored under.
    TileKey key(const catalog::Variant& variant, int z, int x, int y);

    std::uint64_t encoded() const { return encoded_; }
    // rxmap_vector_tiles_encoded_total, _encode_seconds_total, _encode_failures_total,
    // _overloaded_total (the client budget), _requests_total{status}.
    std::string prometheus_text() const;

private:
    // A layer path asked for before: its variant and key (z/x/y left to fill), so that a memory
    // hit costs no catalogue lookup and no hashing of the variant's classes.
    struct Known {
        catalog::Variant variant;
        TileKey key;
    };
    const Known* known(std::string_view layer_id);
    const std::string& version(const catalog::Variant& variant);

    std::shared_ptr<const catalog::LayerCatalog> catalog_;
    std::shared_ptr<TileStore> store_;
    ClientBudget budget_;
    std::mutex mutex_;
    std::map<std::string, std::string> versions_;  // by variant key
    std::atomic<std::uint64_t> encoded_{0}, encode_micros_{0}, failures_{0}, overloaded_{0};
    std::atomic<std::uint64_t> ok_{0}, unknown_{0}, out_of_range_{0};
    std::shared_mutex paths_mutex_;
    std::unordered_map<std::string, std::unique_ptr<const Known>> paths_;  // at most kMaxPaths
    static constexpr std::size_t kMaxPaths = 4096;
};

}  // namespace rxmap::tiles
