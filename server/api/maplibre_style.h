#pragma once
// A MapLibre GL style (version 8) for a variant's vector tiles (tiles/mvt_tile.h) that draws what
// its PNG tiles draw: areas filled by class in the PNG's colours (the class may come from
// feature-state "class", so a client switches the year with setFeatureState and no tile request),
// white area outlines, grey prefecture outlines, Japanese labels from the "labels" layer, and an
// outline where feature-state "hover" is true. Flow variants: the arcs by class and width.
// Zooms: MapLibre draws 512-px tiles, so its zoom z shows what the PNG's 256-px zoom z+1 shows.
// Glyphs: labels are Japanese and MapLibre draws CJK and kana with the browser's fonts
// (localIdeographFontFamily); the style names a glyph URL (style spec: text needs one) that
// answers an empty glyph set, so Latin or digit glyphs are never drawn and never fail.
#include <string>

#include "catalog/layer_catalog.h"

namespace rxmap::server {

std::string maplibre_style(const catalog::LayerCatalog& catalog, const catalog::Variant& variant,
                           const std::string& base_url);

}  // namespace rxmap::server
