#pragma once
// What everything rxmap draws with Cairo (legends, prints) shares: owned surfaces and
// contexts, the status check, PNG/PDF/SVG bytes collected into a string, and the text
// settings (grey antialiasing, no hinting) that make text look the same in PNG, PDF and SVG.
#include <cairo.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace rxmap::styles {

struct CairoSurfaceCloser {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoContextCloser {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using CairoSurface = std::unique_ptr<cairo_surface_t, CairoSurfaceCloser>;
using CairoContext = std::unique_ptr<cairo_t, CairoContextCloser>;

// Throws std::runtime_error when a drawing step failed (Cairo stops drawing silently).
inline void check_cairo(cairo_t* cr) {
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(cairo_status(cr)));
}

// A cairo_write_func_t that appends to the std::string passed as closure.
inline cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

inline void apply_text_options(cairo_t* cr) {
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_set_font_options(cr, options);
    cairo_font_options_destroy(options);
}

}  // namespace rxmap::styles
