#pragma once
// A layer's values joined to its areas and classified over the whole dataset.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "layers/atlas.h"
#include "styles/layer_definition.h"

namespace rxmap::styles {

struct Choropleth {
    LayerDefinition definition;
    std::unordered_map<std::string, double> values;  // area code -> value (areas with no value are absent)
    std::vector<double> edges;                       // class edges, see class_edges()
    std::vector<std::string> colors;                 // one per class

    std::optional<double> value(const std::string& code) const;
    // Class of an area, or -1 for "no data".
    int class_of_area(const std::string& code) const;
};

// Throws std::invalid_argument when the indicator/year has no values.
Choropleth make_choropleth(const LayerDefinition& definition, const layers::Atlas& atlas);

}  // namespace rxmap::styles
