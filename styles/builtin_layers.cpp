#include "styles/layer_definition.h"

namespace rxmap::styles {

std::vector<LayerDefinition> builtin_layers() {
    LayerDefinition population;
    population.id = "population";
    population.title_ja = "総人口（2020年国勢調査）";
    population.title_en = "Population (2020 census)";
    population.unit = "人";
    population.indicator = "census:population";
    population.year = 2020;
    population.level = layers::Level::ward;
    population.datasets = {"n03_s0010_13", "census2020_major_results"};
    return {population};
}

}  // namespace rxmap::styles
