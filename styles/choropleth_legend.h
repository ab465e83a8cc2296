#pragma once
// The legend of a layer variant: its classes with colours and labels, "no data", units and credits.
#include "styles/choropleth.h"
#include "styles/legend.h"

namespace rxmap::styles {

Legend choropleth_legend(const Choropleth& choropleth, int year);

}  // namespace rxmap::styles
