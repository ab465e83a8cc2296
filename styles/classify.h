#pragma once
// Class breaks for choropleths, computed once over the whole dataset.
#include <string>
#include <vector>

namespace rxmap::styles {

// categorical: the value is a category index 0..n-1 (e.g. an area's most specialised industry);
// its edges are 0, 1, ..., n, so class i is category i.
enum class Method { quantile, equal_interval, jenks, manual, categorical };
bool parse_method(const std::string& name, Method& out);
const char* method_name(Method m);

// Returns n+1 ascending edges: edges[0] = min, edges[n] = max. A value v is in
// class i when edges[i] <= v < edges[i+1] (the last class includes the max).
// Duplicate edges (many equal values) are merged, so fewer classes may result.
std::vector<double> class_edges(std::vector<double> values, Method method, int classes,
                                const std::vector<double>& manual_edges = {});

// Edges 0, 1, ..., n of a categorical classification of n categories.
std::vector<double> category_edges(int categories);

// Class index 0..edges.size()-2 of v.
int class_of(const std::vector<double>& edges, double v);

}  // namespace rxmap::styles
