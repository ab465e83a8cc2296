#pragma once
// Text settings shared by everything rxmap draws with Cairo (legends, prints):
// grey antialiasing, no hinting, so text looks the same in PNG, PDF and SVG.
#include <cairo.h>

namespace rxmap::styles {

inline void apply_text_options(cairo_t* cr) {
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_set_font_options(cr, options);
    cairo_font_options_destroy(options);
}

}  // namespace rxmap::styles
