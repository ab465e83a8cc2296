#include "styles/palette.h"

#include <map>
#include <stdexcept>

namespace rxmap::styles {

namespace {
using Table = std::map<int, std::vector<std::string>>;

const std::map<std::string, Table>& palettes() {
    static const std::map<std::string, Table> all = {
        {"YlOrRd",
         {{3, {"#ffeda0", "#feb24c", "#f03b20"}},
          {4, {"#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"}},
          {5, {"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"}},
          {6, {"#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"}},
          {7, {"#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"}},
          {8, {"#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"}},
          {9, {"#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026"}}}},
    };
    return all;
}
}  // namespace

bool has_palette(const std::string& name) { return palettes().count(name) > 0; }

std::vector<std::string> palette(const std::string& name, int n) {
    auto p = palettes().find(name);
    if (p == palettes().end()) throw std::invalid_argument("unknown palette " + name);
    auto t = p->second.find(n);
    if (t == p->second.end()) throw std::invalid_argument(name + " has no " + std::to_string(n) + "-class variant");
    return t->second;
}

}  // namespace rxmap::styles
