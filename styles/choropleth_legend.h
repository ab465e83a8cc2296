#pragma once
// The legend of a layer variant: its classes with colours and labels, "no data", units and credits.
#include "styles/choropleth.h"
#include "styles/legend.h"

namespace rxmap::styles {

// A categorical layer's legend lists only the categories some area has that year (18 industries
// would crowd it), unless every_class: then entry i is class i, as the map's colours are.
Legend choropleth_legend(const Choropleth& choropleth, int year, bool every_class = false);

}  // namespace rxmap::styles
