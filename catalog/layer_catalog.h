#pragma once
// Every declared layer and its variants, with what the layers loaded (load_catalog.h): the atlas
// with their statistics, the flow tables, the facility models. A variant is a layer at a year and a
// level, addressed as "<id>[/<year>][/<level>]" (e.g. population-change/2050/prefecture);
// missing parts take the layer's default year and finest level.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/flow_query.h"
#include "catalog/layer_definition.h"
#include "layers/atlas.h"
#include "layers/facility_model.h"

namespace rxmap::catalog {

struct Variant {
    const LayerDefinition* definition = nullptr;
    int year = 0;
    data::Level level = data::Level::ward;
    std::optional<FlowQuery> flow;  // flow layers: mode and threshold
    std::string key() const;  // canonical: "population-change/2050/ward", "migration/gross/top40"
};

// The facility presence models behind the facility layers and /api/facilities.
struct FacilityModels {
    std::vector<data::FacilityFit> all_japan;            // fitted on every municipality, plus reference types
    std::vector<data::FacilityFit> outside_three_metro;  // fitted outside the 三大都市圏
    std::vector<data::ReferencePoint> published;         // MLIT's published 50 %/80 % points
    std::set<std::string> three_metro_prefectures;        // "11", "12", ... (regions.csv)
};

class LayerCatalog {
public:
    // flows: each flow layer's table, by layer id.
    LayerCatalog(std::shared_ptr<const data::Atlas> atlas, std::vector<LayerDefinition> definitions,
                 std::map<std::string, std::shared_ptr<const FlowSource>> flows = {}, FacilityModels facilities = {});

    // A layer is found by its id or one of its aliases ("facility-probability/一般病院");
    // the variant's key() always uses the id, so caches see one layer.
    std::optional<Variant> resolve(std::string_view path) const;
    // A flow layer's table; throws std::invalid_argument for another kind of layer.
    const FlowSource& flow_source(const LayerDefinition& definition) const;

    // What the layers above derive from the catalogue (a classified choropleth, a flow selection):
    // built by `build` on first use of `key`, then kept and shared for the catalogue's lifetime.
    // Thread-safe; one build at a time.
    template <class T>
    const T& derived(const std::string& key, const std::function<T()>& build) const {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = derived_.find(key);
        if (it == derived_.end()) it = derived_.emplace(key, std::make_shared<const T>(build())).first;
        return *static_cast<const T*>(it->second.get());
    }

    const std::vector<LayerDefinition>& definitions() const { return definitions_; }
    const FacilityModels& facilities() const { return facilities_; }
    const data::Atlas& atlas() const { return *atlas_; }
    std::shared_ptr<const data::Atlas> shared_atlas() const { return atlas_; }

private:
    std::shared_ptr<const data::Atlas> atlas_;
    std::vector<LayerDefinition> definitions_;
    std::map<std::string, std::shared_ptr<const FlowSource>> flows_;
    FacilityModels facilities_;
    mutable std::mutex mutex_;
    mutable std::map<std::string, std::shared_ptr<const void>> derived_;  // keys name the kind: "choropleth/…"
};

}  // namespace rxmap::catalog
