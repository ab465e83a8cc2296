#pragma once
// Every declared layer and its variants. A variant is a layer at a year and a
// level, addressed as "<id>[/<year>][/<level>]" (e.g. population-change/2050/prefecture);
// missing parts take the layer's default year and finest level.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "layers/atlas.h"
#include "layers/facility_model.h"
#include "styles/choropleth.h"
#include "styles/flow_map.h"
#include "styles/layer_definition.h"

namespace rxmap::styles {

struct Variant {
    const LayerDefinition* definition = nullptr;
    int year = 0;
    layers::Level level = layers::Level::ward;
    std::optional<FlowQuery> flow;  // flow layers: mode and threshold
    std::string key() const;  // canonical: "population-change/2050/ward", "migration/gross/top40"
};

// The facility presence models behind the facility layers and /api/facilities.
struct FacilityModels {
    std::vector<layers::FacilityFit> all_japan;            // fitted on every municipality, plus reference types
    std::vector<layers::FacilityFit> outside_three_metro;  // fitted outside the 三大都市圏
    std::vector<layers::ReferencePoint> published;         // MLIT's published 50 %/80 % points
    std::set<std::string> three_metro_prefectures;        // "11", "12", ... (regions.csv)
};

class LayerCatalog {
public:
    LayerCatalog(std::shared_ptr<const layers::Atlas> atlas, std::vector<LayerDefinition> definitions,
                 FacilityModels facilities = {});

    // A layer is found by its id or one of its aliases ("facility-probability/一般病院");
    // the variant's key() always uses the id, so caches see one layer.
    std::optional<Variant> resolve(std::string_view path) const;
    // Built on first use (values for every year, class breaks), then shared. Thread-safe.
    const Choropleth& choropleth(const Variant& variant) const;
    // Flow layers: the flows the variant shows. Built on first use, then shared. Thread-safe.
    const FlowSelection& flows(const Variant& variant) const;

    const std::vector<LayerDefinition>& definitions() const { return definitions_; }
    const FacilityModels& facilities() const { return facilities_; }
    const layers::Atlas& atlas() const { return *atlas_; }
    std::shared_ptr<const layers::Atlas> shared_atlas() const { return atlas_; }

private:
    std::shared_ptr<const layers::Atlas> atlas_;
    std::vector<LayerDefinition> definitions_;
    FacilityModels facilities_;
    mutable std::mutex mutex_;
    mutable std::map<std::string, std::unique_ptr<Choropleth>> choropleths_;  // "<id>/<level>"
    mutable std::map<std::string, std::unique_ptr<FlowSelection>> flow_selections_;  // by variant key
};

}  // namespace rxmap::styles

namespace rxmap::layers {
class Manifest;
}

namespace rxmap::styles {

struct LayerSetup {
    std::vector<LayerDefinition> definitions;
    FacilityModels facilities;
};

// Reads the layer configuration files, loads each layer's own CSV into the atlas,
// fits the facility presence models (with the reference table and regions.csv in
// facts_dir) and adds their layers, resolves credit lines through the manifest and
// checks that every layer's statistics exist. Throws ConfigError naming the file and
// line of the layer at fault.
LayerSetup prepare_layers(const std::vector<std::string>& config_files, const layers::Manifest& manifest,
                          const std::string& facts_dir, layers::Atlas& atlas, std::ostream& log);

}  // namespace rxmap::styles
