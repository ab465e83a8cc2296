#pragma once
// The cartography of a choropleth map as Mapnik XML: fills by class, municipal
// and prefecture boundaries, Japanese labels. Layers are attached by map_builder.
#include <string>

#include "styles/choropleth.h"

namespace rxmap::styles {

constexpr const char* kLabelFont = "Noto Sans CJK JP Regular";
constexpr const char* kLabelFontBold = "Noto Sans CJK JP Bold";

// Mapnik's scale denominator of zoom z for 256-px Web Mercator tiles.
double scale_denominator(int z);

std::string map_style_xml(const Choropleth& choropleth);

// The TextSymbolizer of prefecture and group names ([label]) on choropleth maps. Flow maps name
// prefectures with it too, at the same points, so that the two coincide over a prefecture map.
std::string prefecture_label_symbolizer();
// Names are drawn from this zoom on.
constexpr int kPrefectureLabelsFromZoom = 4;

}  // namespace rxmap::styles
