#include "styles/choropleth.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "styles/palette.h"

namespace rxmap::styles {

const data::AreaValue* Choropleth::value(int year, const std::string& code) const {
    auto y = values.find(year);
    if (y == values.end()) return nullptr;
    auto it = y->second.find(code);
    return it == y->second.end() || !std::isfinite(it->second.value) ? nullptr : &it->second;
}

int Choropleth::class_of_area(int year, const std::string& code) const {
    const auto* v = value(year, code);
    return v ? class_of(edges, v->value) : -1;
}

namespace {

// Colours for the classes: sequential from the palette, or for a diverging layer
// the palette centred so that the classes either side of `center` are the lightest.
std::vector<std::string> class_colors(const catalog::LayerDefinition& d, const std::vector<double>& edges) {
    const int n = static_cast<int>(edges.size()) - 1;
    if (static_cast<int>(d.class_colors.size()) == n) return d.class_colors;
    if (!d.center) {
        auto colors = palette(d.palette, std::clamp(n, 3, palette_max_classes(d.palette)));
        colors.resize(n, colors.back());
        return colors;
    }
    int below = 0;
    while (below < n && edges[below + 1] <= *d.center) ++below;
    return centered_colors(d.palette, below, n - below);
}

}  // namespace

Choropleth make_choropleth(const catalog::LayerDefinition& definition, data::Level level, const data::Atlas& atlas) {
    Choropleth c;
    c.definition = definition;
    c.level = level;
    std::vector<double> sample;
    for (int year : definition.years) {
        c.values[year] = data::compute_values(definition.value, year, level, atlas);
        c.japan[year] = data::japan_value(definition.value, year, atlas);
        for (const auto& [code, v] : c.values[year])
            if (std::isfinite(v.value)) sample.push_back(v.value);
    }
    if (sample.empty() && definition.method != Method::manual)
        throw std::invalid_argument("layer " + definition.id + " has no values at level " + data::level_name(level) +
                                    " (" + definition.declared_at + ")");
    c.edges = class_edges(sample, definition.method, definition.classes, definition.manual_edges);
    if (c.edges.size() < 2) c.edges = {0, 1};
    c.colors = class_colors(definition, c.edges);
    c.patterns = definition.class_patterns;
    c.patterns.resize(c.colors.size());
    return c;
}

const Choropleth& choropleth(const catalog::LayerCatalog& catalog, const catalog::Variant& v) {
    return catalog.derived<Choropleth>("choropleth/" + v.definition->id + "/" + data::level_name(v.level),
                                       [&] { return make_choropleth(*v.definition, v.level, catalog.atlas()); });
}

}  // namespace rxmap::styles
