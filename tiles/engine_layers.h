#pragma once
// The variants the tile engine draws, each prepared once (its metatile size, the version
// in its tile keys, how to build its Mapnik map), and the request paths that named them
// ("population", "population/2050/ward"), so that a request on a path seen before finds
// its layer with one lookup: no catalogue resolve, no second search.
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "catalog/layer_catalog.h"
#include "tiles/map_pool.h"

namespace rxmap::tiles {

struct EngineLayer {
    catalog::Variant variant;
    std::string key;  // variant.key(), built once
    int metatile = 8;
    std::string version;  // data + style (tile_version.h)
    MapPool::Factory build_map;
};

class EngineLayers {
public:
    // Prepares a variant's layer (may take a moment: values, class breaks, the style hash).
    using Prepare = std::function<std::unique_ptr<EngineLayer>(const catalog::Variant&)>;
    explicit EngineLayers(Prepare prepare) : prepare_(std::move(prepare)) {}

    // The layer of a variant prepared before, or null.
    EngineLayer* find(const std::string& variant_key);
    // The variant's layer, prepared on first use (outside the lock; if two threads race,
    // the first one stored is kept).
    EngineLayer* get(const catalog::Variant& variant);

    // The layer a request path resolved to before, or null.
    EngineLayer* by_path(std::string_view path) const;
    // Remembers path -> layer (bounded: flow queries beyond the bound resolve each time).
    void remember(std::string_view path, EngineLayer* layer);

private:
    Prepare prepare_;
    std::mutex layers_mutex_;
    std::map<std::string, std::unique_ptr<EngineLayer>> layers_;  // by variant key
    mutable std::shared_mutex paths_mutex_;
    std::unordered_map<std::string_view, EngineLayer*> by_path_;  // keys view path_names_
    std::deque<std::string> path_names_;
};

}  // namespace rxmap::tiles
