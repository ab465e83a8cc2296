#pragma once
// A choropleth variant's values for every year of its layer, compact, for clients that switch the
// year on the vector tiles with feature-state and no tile request:
//   {"variant", "layer", "level", "years": [2020, …], "colors": [one per class], "no_data_color",
//    "class_labels": [ja, one per class], "values": {"2020": {"20382": [value, class], …}, …}}
// Values have 6 significant digits (the classes are exact). An area without a value in a year is
// absent from that year (class -1, "no data").
#include <string>

#include "catalog/layer_catalog.h"

namespace rxmap::server {

// Throws std::invalid_argument for a flow variant (no values by area).
std::string year_values_json(const catalog::LayerCatalog& catalog, const catalog::Variant& variant);

}  // namespace rxmap::server
