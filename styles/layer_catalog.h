#pragma once
// Every declared layer and its variants. A variant is a layer at a year and a
// level, addressed as "<id>[/<year>][/<level>]" (e.g. population-change/2050/prefecture);
// missing parts take the layer's default year and finest level.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layers/atlas.h"
#include "styles/choropleth.h"
#include "styles/layer_definition.h"

namespace rxmap::styles {

struct Variant {
    const LayerDefinition* definition = nullptr;
    int year = 0;
    layers::Level level = layers::Level::ward;
    std::string key() const;  // canonical: "population-change/2050/ward"
};

class LayerCatalog {
public:
    LayerCatalog(std::shared_ptr<const layers::Atlas> atlas, std::vector<LayerDefinition> definitions);

    std::optional<Variant> resolve(std::string_view path) const;
    // Built on first use (values for every year, class breaks), then shared. Thread-safe.
    const Choropleth& choropleth(const Variant& variant) const;

    const std::vector<LayerDefinition>& definitions() const { return definitions_; }
    const layers::Atlas& atlas() const { return *atlas_; }
    std::shared_ptr<const layers::Atlas> shared_atlas() const { return atlas_; }

private:
    std::shared_ptr<const layers::Atlas> atlas_;
    std::vector<LayerDefinition> definitions_;
    mutable std::mutex mutex_;
    mutable std::map<std::string, std::unique_ptr<Choropleth>> choropleths_;  // "<id>/<level>"
};

}  // namespace rxmap::styles

namespace rxmap::layers {
class Manifest;
}

namespace rxmap::styles {

// Reads the layer configuration files, loads each layer's own CSV into the atlas,
// resolves credit lines through the manifest and checks that every layer has values.
// Throws ConfigError naming the file and line of the layer at fault.
std::vector<LayerDefinition> prepare_layers(const std::vector<std::string>& config_files,
                                            const layers::Manifest& manifest, layers::Atlas& atlas,
                                            std::ostream& log);

}  // namespace rxmap::styles
