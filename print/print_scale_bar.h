#pragma once
// The scale bar of a printed Web Mercator map. Mercator stretches distances by
// 1/cos(latitude), so a bar holds at one latitude only: the map's centre, which
// the bar's caption names ("北緯36.2°における縮尺").
//
//   ground metres per pixel = mercator metres per pixel * cos(latitude)
//   length = the largest 1, 2 or 5 x 10^n km whose bar fits max_length_px
#include <string>

typedef struct _cairo cairo_t;  // <cairo.h>

namespace rxmap::styles {

struct ScaleBar {
    double latitude = 0;          // degrees, where the bar holds
    double mercator_m_per_px = 0;  // the map's resolution
    double ground_m_per_px = 0;   // mercator_m_per_px * cos(latitude)
    double length_km = 0;         // 1, 2 or 5 x 10^n
    double length_px = 0;         // device pixels: length_km * 1000 / ground_m_per_px
    int segments = 4;             // alternating dark and light parts
};

// Throws std::invalid_argument for a resolution or length that is not positive, or |latitude| >= 85.
ScaleBar choose_scale_bar(double mercator_m_per_px, double latitude_deg, double max_length_px);

// "0", "50", "100 km" labels, one label per half bar.
std::string scale_label(double km);

// The drawn block (labels, bar, caption) in device pixels for a style scale (device px per style px).
struct ScaleBarBlock {
    double width = 0, height = 0;
    double bar_x = 0, bar_y = 0, bar_height = 0;  // the bar itself, relative to the block's top-left
};
ScaleBarBlock measure_scale_bar(cairo_t* cr, const ScaleBar& bar, double scale, bool english, bool caption);
// Draws the block with its top-left at (x, y); returns what measure_scale_bar returns.
ScaleBarBlock draw_scale_bar(cairo_t* cr, const ScaleBar& bar, double x, double y, double scale, bool english,
                             bool caption);

}  // namespace rxmap::styles
