#include "catalog/class_method.h"

#include <iterator>

namespace rxmap::catalog {

namespace {
constexpr const char* kNames[] = {"quantile", "equal-interval", "jenks", "manual", "categorical"};
}  // namespace

const char* method_name(Method m) { return kNames[static_cast<int>(m)]; }

bool parse_method(const std::string& name, Method& out) {
    for (int i = 0; i < static_cast<int>(std::size(kNames)); ++i)
        if (name == kNames[i]) {
            out = static_cast<Method>(i);
            return true;
        }
    return false;
}

std::vector<double> category_edges(int categories) {
    std::vector<double> edges;
    for (int i = 0; i <= categories; ++i) edges.push_back(i);
    return edges;
}

}  // namespace rxmap::catalog
