#pragma once
// Text on a printed map page: Cairo's toy text API in Noto Sans CJK JP, unhinted so that
// the same layout holds on image, PDF and SVG surfaces (PDF/SVG keep it as text and outlines).
#include <string>
#include <vector>

typedef struct _cairo cairo_t;  // <cairo.h>

namespace rxmap::styles {

constexpr const char* kPrintFont = "Noto Sans CJK JP";
constexpr double kPrintLineFactor = 1.35;  // line height / font size

struct Ink {
    double r = 0.1, g = 0.1, b = 0.1;
};

enum class Align { left, center, right };

// Selects the font (size in device pixels) with hinting off.
void set_print_font(cairo_t* cr, double size, bool bold = false);
// Advance width of text at the current font.
double text_advance(cairo_t* cr, const std::string& text);
// Draws one line whose line box (size * kPrintLineFactor tall) has its top at y; x is its left
// edge, centre or right edge by align. Returns the line height.
double draw_text_line(cairo_t* cr, const std::string& text, double x, double y, double size, bool bold, Ink ink,
                      Align align = Align::left);
// Lines of text wrapped to max_width at that font (the legend's rules: Japanese at any character).
std::vector<std::string> wrap_print_text(cairo_t* cr, const std::string& text, double size, bool bold,
                                         double max_width);

// White outline behind text drawn over the map (a halo), width in device pixels.
double draw_haloed_text_line(cairo_t* cr, const std::string& text, double x, double y, double size, bool bold,
                             Ink ink, double halo, Align align = Align::left);

}  // namespace rxmap::styles
