#pragma once
// Hatching: the second cue, besides colour, for a class whose meaning colour alone must not carry
// (facility-risk's 現在なし: no facility today, next to リスクなし and データなし). One tile drawn
// once, used alike by the map tiles (a Mapnik PolygonPatternSymbolizer on top of the class fill),
// the legend PNG and the printed legend, and named "hatch" in the legend JSON.
#include <string>

typedef struct _cairo cairo_t;  // <cairo.h>

namespace rxmap::styles {

constexpr const char* kHatchPattern = "hatch";
// The tile's side in pixels: a divisor of 256, so that hatching runs on across tile edges.
constexpr int kHatchTile = 8;
constexpr const char* kHatchLineColor = "#9a9a9a";

// The tile as a PNG file (transparent, a 2-px diagonal line from bottom-left to top-right in
// kHatchLineColor), written once. Its path depends only on its content, so style hashes that
// contain it are the same in every process.
const std::string& hatch_tile_path();

// Hatches the rectangle (in cr's user units) over whatever is drawn there; scale as in the legend.
void hatch_rectangle(cairo_t* cr, double x, double y, double width, double height, double scale);

}  // namespace rxmap::styles
