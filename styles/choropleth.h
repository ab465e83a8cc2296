#pragma once
// A layer at one level: its values for every year and class breaks computed
// once over all of them, so a year slider shows real change, not re-scaled colours.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "layers/atlas.h"
#include "layers/indicator_values.h"
#include "catalog/layer_catalog.h"
#include "catalog/layer_definition.h"
#include "styles/classify.h"

namespace rxmap::styles {

struct Choropleth {
    catalog::LayerDefinition definition;
    data::Level level = data::Level::ward;
    std::map<int, data::ValueMap> values;  // year -> area code -> value
    std::map<int, std::optional<data::AreaValue>> japan;  // year -> Japan as a whole
    std::vector<double> edges;               // class edges, see class_edges()
    std::vector<std::string> colors;         // one per class
    std::vector<std::string> patterns;       // one per class: "" or "hatch" drawn over the colour

    const data::AreaValue* value(int year, const std::string& code) const;
    // Class of an area in a year, or -1 for "no data".
    int class_of_area(int year, const std::string& code) const;
};

// Throws std::invalid_argument when the layer has no values at all at that level.
Choropleth make_choropleth(const catalog::LayerDefinition& definition, data::Level level, const data::Atlas& atlas);
// The choropleth of a variant's layer at its level (every year), built on first use and then kept
// by the catalogue. Thread-safe.
const Choropleth& choropleth(const catalog::LayerCatalog& catalog, const catalog::Variant& variant);

}  // namespace rxmap::styles
