#pragma once
// How a layer's values are divided into classes: part of a layer's declaration (layers.conf
// `classification =`), so it lives with the catalogue; styles/classify.h computes the breaks.
#include <string>
#include <vector>

namespace rxmap::catalog {

// categorical: the value is a category index 0..n-1 (e.g. an area's most specialised industry);
// its edges are 0, 1, ..., n, so class i is category i.
enum class Method { quantile, equal_interval, jenks, manual, categorical };
bool parse_method(const std::string& name, Method& out);
const char* method_name(Method m);

// Edges 0, 1, ..., n of a categorical classification of n categories.
std::vector<double> category_edges(int categories);

}  // namespace rxmap::catalog
