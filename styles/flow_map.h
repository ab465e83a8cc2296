#pragma once
// Flow maps: a flow selection (flow_selection.h) drawn as a transparent Mapnik map.
//
// Drawing: a quadratic curve between the origin's and destination's anchors (the
// population-weighted centre of each prefecture or group), bent to the right of its
// direction so the two directions of a pair never overlap; line width grows with the
// square root of the volume, w = 1 + (w_max - 1) * sqrt(v / v_max) px (w_max = 14) from z7,
// times 0.75 at z6, 0.55 at z5 and 0.45 at z4 and below so national maps stay readable;
// colour by magnitude class; an arrowhead 62 % of the way along, so heads do not pile up at a hub;
// larger flows on top; the curve stops short of the anchors. Names are drawn last, over the
// lines, with halos and without overlap (FlowSelection::names).
#include <memory>
#include <string>

#include <mapnik/map.hpp>

#include "styles/flow_selection.h"

namespace rxmap::styles {

std::unique_ptr<mapnik::Map> build_flow_map(const FlowSelection& selection);
// The map's Mapnik style (part of the flow tiles' version: tiles/tile_version.cpp).
std::string flow_style_xml(const FlowSelection& selection);

}  // namespace rxmap::styles
