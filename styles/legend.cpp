#include "styles/cairo_canvas.h"
#include "styles/legend.h"

#include <cairo.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string_view>

#include "common/json_text.h"
#include "styles/hatch.h"
#include "styles/palette.h"

namespace rxmap::styles {

using common::json_quote;

namespace {

// ---------------------------------------------------------------- colours

struct Rgb {
    double r, g, b;
};

Rgb parse_color(const std::string& hex) {
    auto nibble = [&](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        throw std::invalid_argument("bad colour " + hex);
    };
    if (hex.size() == 7 && hex[0] == '#')
        return {(nibble(hex[1]) * 16 + nibble(hex[2])) / 255.0, (nibble(hex[3]) * 16 + nibble(hex[4])) / 255.0,
                (nibble(hex[5]) * 16 + nibble(hex[6])) / 255.0};
    if (hex.size() == 4 && hex[0] == '#')
        return {nibble(hex[1]) * 17 / 255.0, nibble(hex[2]) * 17 / 255.0, nibble(hex[3]) * 17 / 255.0};
    throw std::invalid_argument("bad colour " + hex);
}

bool same_color(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// ---------------------------------------------------------------- drawing

constexpr const char* kFont = "Noto Sans CJK JP";

struct Metrics {  // at scale 1, in pixels
    static constexpr double width = 260, padding = 12, border = 1;
    static constexpr double title_size = 15, unit_size = 11, label_size = 12, credit_size = 9;
    static constexpr double line_factor = 1.4;
    static constexpr double swatch_w = 24, swatch_h = 16, swatch_gap = 8, row_h = 22;
    static constexpr double no_data_gap = 6, section_gap = 8, credit_gap = 10;
};

const std::string& pick(const std::string& ja, const std::string& en, bool english) {
    if (english) return en.empty() ? ja : en;
    return ja.empty() ? en : ja;
}

struct Painter {
    cairo_t* cr;
    double scale;
    bool draw;

    void font(double size, bool bold) {
        cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
        cairo_set_font_size(cr, size * scale);
    }
    void color(double r, double g, double b) { cairo_set_source_rgb(cr, r, g, b); }

    // Draws wrapped text with its first line's top at y; returns the y below the last line.
    double text(const std::string& s, double x, double y, double max_width, double size) {
        cairo_font_extents_t fe;
        cairo_font_extents(cr, &fe);
        const double line_h = size * Metrics::line_factor * scale;
        const double baseline = (line_h - (fe.ascent + fe.descent)) / 2 + fe.ascent;
        for (const std::string& line : wrap_text(cr, s, max_width)) {
            if (draw) {
                cairo_move_to(cr, x, y + baseline);
                cairo_show_text(cr, line.c_str());
            }
            y += line_h;
        }
        return y;
    }
};

// Lays the legend out and, when draw, paints it on cr (whose surface must be layout.width x height).
LegendLayout paint(cairo_t* cr, const Legend& legend, double scale, bool english, bool draw, int height) {
    using M = Metrics;
    LegendLayout layout;
    layout.width = static_cast<int>(std::lround(M::width * scale));
    Painter p{cr, scale, draw};

    apply_text_options(cr);

    const double W = layout.width, pad = std::round(M::padding * scale);
    const double inner = W - 2 * pad;
    if (draw) {
        p.color(1, 1, 1);
        cairo_rectangle(cr, 0, 0, W, height);  // not cairo_paint: the context may be a whole page
        cairo_fill(cr);
        const double bw = std::max(1.0, std::round(M::border * scale));
        p.color(0.6, 0.6, 0.6);
        cairo_set_line_width(cr, bw);
        cairo_rectangle(cr, bw / 2, bw / 2, W - bw, height - bw);
        cairo_stroke(cr);
    }

    double y = pad;
    const std::string& title = pick(legend.title_ja, legend.title_en, english);
    if (!title.empty()) {
        p.font(M::title_size, true);
        p.color(0.1, 0.1, 0.1);
        y = p.text(title, pad, y, inner, M::title_size);
    }
    if (!legend.unit.empty()) {
        p.font(M::unit_size, false);
        p.color(0.33, 0.33, 0.33);
        y = p.text((english ? "Unit: " : "単位：") + legend.unit, pad, y, inner, M::unit_size);
    }
    if (!title.empty() || !legend.unit.empty()) y += std::round(M::section_gap * scale);

    const double sw = std::round(M::swatch_w * scale), sh = std::round(M::swatch_h * scale);
    const double row_h = std::round(M::row_h * scale);
    const double label_x = pad + sw + std::round(M::swatch_gap * scale);
    const double outline = std::max(1.0, std::round(scale));
    for (size_t i = 0; i < legend.entries.size(); ++i) {
        const LegendEntry& e = legend.entries[i];
        if (i > 0 && i + 1 == legend.entries.size() && same_color(e.color, kNoDataColor))
            y += std::round(M::no_data_gap * scale);
        const Rgb rgb = parse_color(e.color);
        p.font(M::label_size, false);
        const double row_top = y;
        const double sy = row_top + std::round((row_h - sh) / 2);
        layout.swatches.push_back({pad, sy, sw, sh});
        if (draw && e.line_width > 0) {
            p.color(rgb.r, rgb.g, rgb.b);
            cairo_set_line_width(cr, std::min(e.line_width * scale, sh));
            cairo_move_to(cr, pad, sy + sh / 2);
            cairo_line_to(cr, pad + sw, sy + sh / 2);
            cairo_stroke(cr);
            p.color(0.1, 0.1, 0.1);
        } else if (draw) {
            p.color(rgb.r, rgb.g, rgb.b);
            cairo_rectangle(cr, pad, sy, sw, sh);
            cairo_fill(cr);
            if (e.pattern == kHatchPattern) hatch_rectangle(cr, pad, sy, sw, sh, scale);
            p.color(0.55, 0.55, 0.55);
            cairo_set_line_width(cr, outline);
            cairo_rectangle(cr, pad + outline / 2, sy + outline / 2, sw - outline, sh - outline);
            cairo_stroke(cr);
            p.color(0.1, 0.1, 0.1);
        }
        // The label's first line is centred on the swatch; long labels wrap below.
        const double line_h = M::label_size * M::line_factor * scale;
        const double text_bottom =
            p.text(pick(e.label_ja, e.label_en, english), label_x, row_top + (row_h - line_h) / 2, W - pad - label_x,
                   M::label_size);
        y = std::max(row_top + row_h, text_bottom);
    }

    const auto& notes = english && !legend.notes_en.empty() ? legend.notes_en : legend.notes_ja;
    if (!notes.empty()) {
        y += std::round(M::credit_gap * scale);
        p.font(M::label_size, false);
        p.color(0.15, 0.15, 0.15);
        for (const std::string& note : notes) y = p.text(note, pad, y, inner, M::label_size);
    }
    if (!legend.credits.empty()) {
        y += std::round(M::credit_gap * scale);
        p.font(M::credit_size, false);
        p.color(0.4, 0.4, 0.4);
        for (const std::string& credit : legend.credits) y = p.text(credit, pad, y, inner, M::credit_size);
    }
    layout.height = static_cast<int>(std::ceil(y + pad));
    return layout;
}

bool english_at_scale(const std::string& language, double scale) {
    if (!(scale > 0 && scale <= 8)) throw std::invalid_argument("legend scale must be in (0, 8]");
    return english_for(language);
}

LegendLayout measure(const Legend& legend, double scale, bool english) {
    CairoSurface scratch(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1));
    CairoContext cr(cairo_create(scratch.get()));
    LegendLayout layout = paint(cr.get(), legend, scale, english, false, 0);
    check_cairo(cr.get());
    return layout;
}


}  // namespace

bool english_for(const std::string& language) {
    if (language == "ja") return false;
    if (language == "en") return true;
    throw std::invalid_argument("language must be ja or en, not " + language);
}

std::string legend_json(const Legend& legend) {
    std::string out = "{\"title\":{\"ja\":" + json_quote(legend.title_ja) + ",\"en\":" + json_quote(legend.title_en) +
                      "},\"unit\":" + json_quote(legend.unit) + ",\"entries\":[";
    for (size_t i = 0; i < legend.entries.size(); ++i) {
        const LegendEntry& e = legend.entries[i];
        if (i) out += ",";
        out += "{\"color\":" + json_quote(e.color) + ",\"label\":{\"ja\":" + json_quote(e.label_ja) +
               ",\"en\":" + json_quote(e.label_en) + "}";
        if (e.line_width > 0) out += ",\"line_width\":" + std::to_string(e.line_width);
        if (!e.pattern.empty()) out += ",\"pattern\":" + json_quote(e.pattern);
        out += "}";
    }
    out += "],\"notes\":{\"ja\":[";
    for (size_t i = 0; i < legend.notes_ja.size(); ++i) out += (i ? "," : "") + json_quote(legend.notes_ja[i]);
    out += "],\"en\":[";
    for (size_t i = 0; i < legend.notes_en.size(); ++i) out += (i ? "," : "") + json_quote(legend.notes_en[i]);
    out += "]},\"credits\":[";
    for (size_t i = 0; i < legend.credits.size(); ++i) out += (i ? "," : "") + json_quote(legend.credits[i]);
    return out + "]}";
}

LegendLayout legend_layout(const Legend& legend, double scale, const std::string& language) {
    return measure(legend, scale, english_at_scale(language, scale));
}

LegendLayout draw_legend(cairo_t* cr, double x, double y, const Legend& legend, double scale,
                         const std::string& language) {
    const bool english = english_at_scale(language, scale);
    const LegendLayout layout = measure(legend, scale, english);
    cairo_save(cr);
    cairo_translate(cr, x, y);
    paint(cr, legend, scale, english, true, layout.height);
    cairo_restore(cr);
    check_cairo(cr);
    return layout;
}

std::string legend_png(const Legend& legend, double scale, const std::string& language) {
    const bool english = english_at_scale(language, scale);
    const LegendLayout layout = measure(legend, scale, english);
    CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, layout.width, layout.height));
    CairoContext cr(cairo_create(surface.get()));
    paint(cr.get(), legend, scale, english, true, layout.height);
    check_cairo(cr.get());
    cairo_surface_flush(surface.get());
    std::string png;
    const cairo_status_t status = cairo_surface_write_to_png_stream(surface.get(), append_to_string, &png);
    if (status != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("cairo png: ") + cairo_status_to_string(status));
    return png;
}

}  // namespace rxmap::styles
