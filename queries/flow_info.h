#pragma once
// A prefecture's flows on a flow layer: the people moving in and out, the net, and the five
// largest flows each way.
#include <string>
#include <vector>

#include "catalog/layer_catalog.h"

namespace rxmap::queries {

struct FlowCount {
    std::string prefecture;  // the other prefecture's name (its code when unknown)
    double count = 0;
};

struct FlowInfo {
    const data::Area* prefecture = nullptr;
    double in_total = 0, out_total = 0;
    std::vector<FlowCount> top_in, top_out;  // at most five, largest first
};

FlowInfo flow_info(const catalog::LayerCatalog& catalog, const catalog::Variant& variant, const data::Area& prefecture);

}  // namespace rxmap::queries
