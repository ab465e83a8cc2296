#include "styles/choropleth.h"

#include <stdexcept>

#include "styles/palette.h"

namespace rxmap::styles {

std::optional<double> Choropleth::value(const std::string& code) const {
    auto it = values.find(code);
    if (it == values.end()) return std::nullopt;
    return it->second;
}

int Choropleth::class_of_area(const std::string& code) const {
    const auto v = value(code);
    return v ? class_of(edges, *v) : -1;
}

Choropleth make_choropleth(const LayerDefinition& definition, const layers::Atlas& atlas) {
    Choropleth c;
    c.definition = definition;
    const auto* all = atlas.stats.values(definition.indicator, definition.year);
    if (!all) throw std::invalid_argument("layer " + definition.id + ": no values for " + definition.indicator + " " +
                                          std::to_string(definition.year));
    std::vector<double> sample;
    for (const layers::Area& a : atlas.at(definition.level)) {
        auto it = all->find(a.code);
        if (it == all->end()) continue;
        c.values[a.code] = it->second;
        sample.push_back(it->second);
    }
    c.edges = class_edges(sample, definition.method, definition.classes, definition.manual_edges);
    c.colors = palette(definition.palette, std::max(3, static_cast<int>(c.edges.size()) - 1));
    c.colors.resize(c.edges.size() - 1);
    return c;
}

}  // namespace rxmap::styles
