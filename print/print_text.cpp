#include "styles/cairo_canvas.h"
#include "print/print_text.h"

#include <cairo.h>

#include "styles/legend.h"

namespace rxmap::styles {

namespace {

double baseline_offset(cairo_t* cr, double size) {
    cairo_font_extents_t fe;
    cairo_font_extents(cr, &fe);
    const double line_h = size * kPrintLineFactor;
    return (line_h - (fe.ascent + fe.descent)) / 2 + fe.ascent;
}

double start_x(cairo_t* cr, const std::string& text, double x, Align align) {
    if (align == Align::left) return x;
    const double w = text_advance(cr, text);
    return align == Align::center ? x - w / 2 : x - w;
}

}  // namespace

void set_print_font(cairo_t* cr, double size, bool bold) {
    cairo_select_font_face(cr, kPrintFont, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    apply_text_options(cr);
}

double text_advance(cairo_t* cr, const std::string& text) {
    cairo_text_extents_t e;
    cairo_text_extents(cr, text.c_str(), &e);
    return e.x_advance;
}

double draw_text_line(cairo_t* cr, const std::string& text, double x, double y, double size, bool bold, Ink ink,
                      Align align) {
    set_print_font(cr, size, bold);
    cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
    cairo_move_to(cr, start_x(cr, text, x, align), y + baseline_offset(cr, size));
    cairo_show_text(cr, text.c_str());
    cairo_new_path(cr);
    return size * kPrintLineFactor;
}

double draw_haloed_text_line(cairo_t* cr, const std::string& text, double x, double y, double size, bool bold,
                             Ink ink, double halo, Align align) {
    set_print_font(cr, size, bold);
    cairo_save(cr);
    cairo_move_to(cr, start_x(cr, text, x, align), y + baseline_offset(cr, size));
    cairo_text_path(cr, text.c_str());
    cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
    cairo_set_line_width(cr, 2 * halo);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    cairo_restore(cr);
    return draw_text_line(cr, text, x, y, size, bold, ink, align);
}

std::vector<std::string> wrap_print_text(cairo_t* cr, const std::string& text, double size, bool bold,
                                         double max_width) {
    set_print_font(cr, size, bold);
    return wrap_text(cr, text, max_width);
}

}  // namespace rxmap::styles
