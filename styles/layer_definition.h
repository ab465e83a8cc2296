#pragma once
// What a choropleth layer shows and how it is classified and coloured.
#include <string>
#include <vector>

#include "layers/area.h"
#include "styles/classify.h"

namespace rxmap::styles {

struct LayerDefinition {
    std::string id;  // tile address prefix: "population"
    std::string title_ja, title_en, unit;
    std::string indicator;  // stats table indicator: "census:population"
    int year = 2020;
    layers::Level level = layers::Level::ward;
    Method method = Method::quantile;
    int classes = 7;
    std::vector<double> manual_edges;
    std::string palette = "YlOrRd";
    std::vector<std::string> datasets;  // manifest ids whose credit lines the layer carries
    int minzoom = 0, maxzoom = 14;
};

// The layers every rxmap serves.
std::vector<LayerDefinition> builtin_layers();

}  // namespace rxmap::styles
