#include "print/print_furniture.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>

#include "styles/legend.h"
#include "print/print_scale_bar.h"
#include "print/print_text.h"

namespace rxmap::styles {

namespace {

const Ink kTitleInk{0.08, 0.08, 0.08}, kSubtitleInk{0.3, 0.3, 0.3}, kCreditInk{0.2, 0.2, 0.2},
    kNoteInk{0.38, 0.38, 0.38}, kFrameInk{0.2, 0.2, 0.2};

void stroke_rect(cairo_t* cr, const PageRect& r, double width, Ink ink) {
    cairo_set_source_rgb(cr, ink.r, ink.g, ink.b);
    cairo_set_line_width(cr, width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_rectangle(cr, r.x, r.y, r.width, r.height);
    cairo_stroke(cr);
}

void draw_north_arrow(cairo_t* cr, const PageRect& r, double s) {
    const double cx = r.x + r.width / 2;
    const double n_h = draw_text_line(cr, "N", cx, r.y, PrintType::north * s, true, kTitleInk, Align::center);
    const double tip = r.y + n_h + 1 * s, base = r.bottom(), notch = base - 4.5 * s, half = r.width / 2;
    cairo_save(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_set_line_width(cr, std::max(1.0, 0.6 * s));
    cairo_move_to(cr, cx, tip);
    cairo_line_to(cr, cx - half, base);
    cairo_line_to(cr, cx, notch);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, kTitleInk.r, kTitleInk.g, kTitleInk.b);
    cairo_fill_preserve(cr);
    cairo_stroke(cr);
    cairo_move_to(cr, cx, tip);
    cairo_line_to(cr, cx + half, base);
    cairo_line_to(cr, cx, notch);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, kTitleInk.r, kTitleInk.g, kTitleInk.b);
    cairo_stroke(cr);
    cairo_restore(cr);
}

}  // namespace

void clear_inset(cairo_t* cr, const PrintLayout& L) {
    if (!L.inset) return;
    const PageRect& r = L.inset->rect;
    const double band = std::round(1.2 * L.page.mm());
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, r.x, r.y, r.width + band, r.height + band);
    cairo_fill(cr);
}

void draw_furniture(cairo_t* cr, const PrintLayout& L, const PrintTexts& t) {
    const double s = L.scale;
    const double hair = std::max(1.0, 0.8 * s);
    stroke_rect(cr, L.main.rect, hair, kFrameInk);
    if (L.inset) {
        stroke_rect(cr, L.inset->rect, hair, kFrameInk);
        draw_haloed_text_line(cr, t.inset_caption, L.inset_caption.x, L.inset_caption.y, PrintType::caption * s, true,
                              kTitleInk, 1.5 * s);
        draw_scale_bar(cr, L.inset->scale_bar, L.inset_scale_bar.x, L.inset_scale_bar.y, s, t.english, false);
    }
    draw_legend(cr, L.legend.x, L.legend.y, t.legend, L.legend_scale, t.english ? "en" : "ja");

    double y = L.title.y;
    for (const std::string& line : L.title_lines)
        y += draw_text_line(cr, line, L.title.x, y, PrintType::title * s, true, kTitleInk);
    for (const std::string& line : L.subtitle_lines)
        y += draw_text_line(cr, line, L.title.x, y, PrintType::subtitle * s, false, kSubtitleInk);

    draw_north_arrow(cr, L.north_arrow, s);
    draw_scale_bar(cr, L.main.scale_bar, L.scale_bar.x, L.scale_bar.y, s, t.english, true);
    y = L.notes.y;
    for (const std::string& line : L.note_lines)
        y += draw_text_line(cr, line, L.notes.x, y, PrintType::note * s, false, kNoteInk);
    for (const std::string& line : L.credit_lines)
        y += draw_text_line(cr, line, L.notes.x, y, PrintType::credit * s, false, kCreditInk);
}

}  // namespace rxmap::styles
