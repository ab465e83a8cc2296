#pragma once
// Class breaks for choropleths, computed once over the whole dataset.
#include <string>
#include <vector>

#include "catalog/class_method.h"

namespace rxmap::styles {

using catalog::Method;  // declared with the layer (catalog/class_method.h)
using catalog::category_edges;

// Returns n+1 ascending edges: edges[0] = min, edges[n] = max. A value v is in
// class i when edges[i] <= v < edges[i+1] (the last class includes the max).
// Duplicate edges (many equal values) are merged, so fewer classes may result.
std::vector<double> class_edges(std::vector<double> values, Method method, int classes,
                                const std::vector<double>& manual_edges = {});

// Class index 0..edges.size()-2 of v.
int class_of(const std::vector<double>& edges, double v);

}  // namespace rxmap::styles
