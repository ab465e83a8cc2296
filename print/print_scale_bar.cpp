#include "print/print_scale_bar.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "common/number_text.h"
#include "print/print_text.h"

namespace rxmap::styles {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kLabelSize = 8.5, kCaptionSize = 7.5, kBarHeight = 4.5;  // style pixels
const Ink kDark{0.15, 0.15, 0.15};
const Ink kGrey{0.35, 0.35, 0.35};

std::string caption_text(const ScaleBar& bar, bool english) {
    char buf[96];
    const double lat = std::abs(bar.latitude);
    if (english)
        std::snprintf(buf, sizeof buf, "Scale at %.1f\u00b0%s", lat, bar.latitude >= 0 ? "N" : "S");
    else
        std::snprintf(buf, sizeof buf, "%s%.1f\u00b0における縮尺", bar.latitude >= 0 ? "北緯" : "南緯", lat);
    return buf;
}

ScaleBarBlock layout(cairo_t* cr, const ScaleBar& bar, double s, bool english, bool caption) {
    ScaleBarBlock b;
    set_print_font(cr, kLabelSize * s);
    const double zero_w = text_advance(cr, "0");
    const double km_w = text_advance(cr, " km");
    const double end_w = text_advance(cr, scale_label(bar.length_km));
    b.bar_x = std::ceil(zero_w / 2);
    b.bar_y = std::round(kLabelSize * kPrintLineFactor * s + 1.5 * s);  // labels, then ticks
    b.bar_height = std::round(kBarHeight * s);
    b.width = b.bar_x + bar.length_px + end_w / 2 + km_w;
    b.height = b.bar_y + b.bar_height;
    if (caption) {
        set_print_font(cr, kCaptionSize * s);
        b.width = std::max(b.width, text_advance(cr, caption_text(bar, english)));
        b.height += 2 * s + kCaptionSize * kPrintLineFactor * s;
    }
    b.width = std::ceil(b.width);
    b.height = std::ceil(b.height);
    return b;
}

}  // namespace

ScaleBar choose_scale_bar(double mercator_m_per_px, double latitude_deg, double max_length_px) {
    if (!(mercator_m_per_px > 0) || !(max_length_px > 0) || !(std::abs(latitude_deg) < 85))
        throw std::invalid_argument("scale bar: resolution and length must be positive, |latitude| < 85");
    ScaleBar bar;
    bar.latitude = latitude_deg;
    bar.mercator_m_per_px = mercator_m_per_px;
    bar.ground_m_per_px = mercator_m_per_px * std::cos(latitude_deg * kPi / 180);
    const double max_km = max_length_px * bar.ground_m_per_px / 1000;
    double p = std::pow(10.0, std::floor(std::log10(max_km)));
    double km = p;
    for (const double m : {5.0, 2.0, 1.0})
        if (m * p <= max_km * (1 + 1e-12)) {
            km = m * p;
            break;
        }
    bar.length_km = km;
    bar.length_px = km * 1000 / bar.ground_m_per_px;
    return bar;
}

std::string scale_label(double km) { return common::significant_digits(km); }

ScaleBarBlock measure_scale_bar(cairo_t* cr, const ScaleBar& bar, double scale, bool english, bool caption) {
    cairo_save(cr);
    const ScaleBarBlock b = layout(cr, bar, scale, english, caption);
    cairo_restore(cr);
    return b;
}

ScaleBarBlock draw_scale_bar(cairo_t* cr, const ScaleBar& bar, double x, double y, double s, bool english,
                             bool caption) {
    cairo_save(cr);
    const ScaleBarBlock b = layout(cr, bar, s, english, caption);
    const double x0 = x + b.bar_x, y0 = y + b.bar_y, h = b.bar_height;
    const double seg = bar.length_px / bar.segments;
    for (int i = 0; i < bar.segments; ++i) {
        cairo_rectangle(cr, x0 + i * seg, y0, seg, h);
        if (i % 2 == 0)
            cairo_set_source_rgb(cr, kDark.r, kDark.g, kDark.b);
        else
            cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill(cr);
    }
    const double lw = std::max(0.6 * s, 1.0);
    cairo_set_line_width(cr, lw);
    cairo_set_source_rgb(cr, kDark.r, kDark.g, kDark.b);
    cairo_rectangle(cr, x0, y0, bar.length_px, h);
    cairo_stroke(cr);
    // Ticks above the bar where the labels are.
    const double label_y = y;
    const double tick = 1.5 * s;
    for (int i : {0, bar.segments / 2, bar.segments}) {
        const double tx = x0 + i * seg;
        cairo_move_to(cr, tx, y0 - tick);
        cairo_line_to(cr, tx, y0);
        cairo_stroke(cr);
        const double km = bar.length_km * i / bar.segments;
        draw_text_line(cr, scale_label(km), tx, label_y, kLabelSize * s, false, kDark, Align::center);
    }
    set_print_font(cr, kLabelSize * s);
    const double end_w = text_advance(cr, scale_label(bar.length_km));
    draw_text_line(cr, " km", x0 + bar.length_px + end_w / 2, label_y, kLabelSize * s, false, kDark);
    if (caption)
        draw_text_line(cr, caption_text(bar, english), x, y0 + h + 2 * s, kCaptionSize * s, false, kGrey);
    cairo_restore(cr);
    return b;
}

}  // namespace rxmap::styles
