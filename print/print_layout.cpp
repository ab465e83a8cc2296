#include "print/print_layout.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "print/print_text.h"

namespace rxmap::styles {

namespace {

constexpr double kReferenceSideMm = 180;   // pages at least this wide keep the full type sizes
constexpr double kMinStylePixel = 0.9;     // device px per style px on the smallest pages (text stays legible)
constexpr double kLegendMaxLandShare = 0.01;
constexpr double kNegligibleLandShare = 0.002;
// The open sea in the top-left of the map of all of Japan (west of 能登/佐渡, north of 隠岐/竹島).
constexpr tiles::LonLat kJapanOpenSeaCorner{137.0, 38.6};

struct Scratch {
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t* cr = cairo_create(surface);
    ~Scratch() {
        cairo_destroy(cr);
        cairo_surface_destroy(surface);
    }
};

double lat_of(double mercator_y) { return tiles::to_lonlat({0, mercator_y}).lat; }

PageRect whole(PageRect r) {
    const double x0 = std::round(r.x), y0 = std::round(r.y);
    return {x0, y0, std::max(1.0, std::round(r.right()) - x0), std::max(1.0, std::round(r.bottom()) - y0)};
}

MapFrame fit(PageRect rect, const tiles::Bounds& t, bool grow_north, double max_bar_px) {
    MapFrame f;
    f.rect = whole(rect);
    const double tw = t.maxx - t.minx, th = t.maxy - t.miny;
    const double res = std::max(tw / f.rect.width, th / f.rect.height);
    const double ew = f.rect.width * res, eh = f.rect.height * res;
    const double cx = (t.minx + t.maxx) / 2, cy = (t.miny + t.maxy) / 2;
    f.extent.minx = cx - ew / 2;
    f.extent.maxx = cx + ew / 2;
    f.extent.miny = grow_north ? t.miny : cy - eh / 2;
    f.extent.maxy = f.extent.miny + eh;
    f.scale_bar = choose_scale_bar(f.resolution(), lat_of((f.extent.miny + f.extent.maxy) / 2), max_bar_px);
    return f;
}

struct Lines {
    std::vector<std::string> lines;
    double width = 0, height = 0;
};

Lines wrap_block(cairo_t* cr, const std::vector<std::string>& texts, double size, bool bold, double max_width) {
    Lines out;
    for (const std::string& t : texts)
        for (std::string& l : wrap_print_text(cr, t, size, bold, max_width)) {
            out.width = std::max(out.width, text_advance(cr, l));
            out.lines.push_back(std::move(l));
        }
    out.height = out.lines.size() * size * kPrintLineFactor;
    return out;
}

double north_arrow_width(double s) { return std::round(14 * s); }
double north_arrow_height(double s) { return std::round(PrintType::north * kPrintLineFactor * s + 22 * s); }

// Where the legend goes: over the map in a corner, in a column beside it, or in the band below it.
enum class LegendPlace { over_map, beside, below };

PrintLayout compute(const PageSpec& page, const AreaTarget& target, const PrintTexts& texts, const LandCover& land,
                    LegendPlace place, double legend_scale, cairo_t* cr) {
    const bool legend_outside = place != LegendPlace::over_map;
    PrintLayout L;
    L.page = page;
    const double W = page.width, H = page.height;
    const double min_side_mm = std::min(W, H) / page.mm();
    // Smaller pages get smaller type, down to half size, and further for small pixel pages given
    // without a dpi (400 x 300 px at 300 dpi is 34 x 25 mm), but never under kMinStylePixel.
    const double f = std::clamp(min_side_mm / kReferenceSideMm, std::min(0.5, kMinStylePixel / page.scale()), 1.0);
    const double s = L.scale = page.scale() * f;
    const double mm = page.mm() * f;
    L.margin = std::round(std::min(10 * mm, 0.045 * std::min(W, H)));
    const double M = L.margin, gap = std::round(3 * mm);
    const double CW = W - 2 * M;

    // Title block.
    L.title_lines = wrap_print_text(cr, texts.title, PrintType::title * s, true, CW);
    L.subtitle_lines = wrap_print_text(cr, texts.subtitle, PrintType::subtitle * s, false, CW);
    const double title_h = L.title_lines.size() * PrintType::title * kPrintLineFactor * s +
                           L.subtitle_lines.size() * PrintType::subtitle * kPrintLineFactor * s;
    L.title = {M, M, CW, std::ceil(title_h)};
    const double frame_top = L.title.bottom() + gap;

    // Legend size.
    L.legend_scale = s * legend_scale;
    const LegendLayout legend = legend_layout(texts.legend, L.legend_scale, texts.english ? "en" : "ja");
    const double lw = legend.width, lh = legend.height;

    // Scale bar column (north arrow, then the bar): room for the longest bar it may get.
    const double frame_w_estimate = place == LegendPlace::beside ? CW - lw - gap : CW;
    const double max_bar = std::round(std::min(40 * mm, 0.28 * frame_w_estimate));
    ScaleBar widest;
    widest.latitude = -88.8;  // the longest caption
    widest.length_km = 5000;
    widest.length_px = max_bar;
    const ScaleBarBlock widest_block = measure_scale_bar(cr, widest, s, texts.english, true);
    const double north_w = north_arrow_width(s), north_h = north_arrow_height(s);
    const double scale_col_w = north_w + std::round(4 * s) + widest_block.width;
    const double scale_col_h = std::max(north_h, widest_block.height);

    // The band below the map: [legend when outside on a portrait page] [north, scale bar] ... [notes, credits].
    const bool legend_in_band = place == LegendPlace::below;
    const double band_left = M + (legend_in_band ? lw + gap : 0);
    // Credits beside the scale column, or under it (to the right of a legend in the band) when
    // that leaves them too narrow (small pages).
    double credits_x0 = band_left + scale_col_w + std::round(6 * mm);
    double credits_w = W - M - credits_x0;
    const bool credits_under_scale = legend_in_band || credits_w < 30 * mm;
    if (credits_under_scale) {
        credits_x0 = band_left;
        credits_w = W - M - band_left;
    }
    if (credits_w < 30 * mm) throw PrintError("page too small for the map's credits");
    const Lines notes = wrap_block(cr, texts.notes, PrintType::note * s, false, credits_w);
    const Lines credits = wrap_block(cr, texts.credits, PrintType::credit * s, false, credits_w);
    const double text_w = std::max(notes.width, credits.width);
    const double text_h = notes.height + credits.height;
    double band_h;
    double text_top_offset;  // from the band's top
    if (credits_under_scale) {
        text_top_offset = scale_col_h + gap;
        band_h = std::max(legend_in_band ? lh : 0.0, text_top_offset + text_h);
    } else {
        band_h = std::max(scale_col_h, text_h);
        text_top_offset = band_h - text_h;
    }
    const double band_top = std::round(H - M - band_h);
    L.note_lines = notes.lines;
    L.credit_lines = credits.lines;
    L.notes = {W - M - text_w, band_top + text_top_offset, text_w, text_h};
    const double scale_top = credits_under_scale ? band_top : band_top + band_h - scale_col_h;
    L.north_arrow = {band_left, scale_top + scale_col_h - north_h, north_w, north_h};

    // The main map.
    PageRect frame{M, frame_top, CW, band_top - gap - frame_top};
    if (legend_outside && !legend_in_band) frame.width -= lw + gap;
    if (frame.height < 0.25 * H || frame.width < 0.4 * W) throw PrintError("page too small for a map with its legend");
    L.main = fit(frame, target.main, target.grow_north, max_bar);
    const ScaleBarBlock bar = measure_scale_bar(cr, L.main.scale_bar, s, texts.english, true);
    L.scale_bar_block = bar;
    L.scale_bar = {band_left + north_w + std::round(4 * s), scale_top + scale_col_h - bar.height, bar.width,
                   bar.height};

    // The inset of the southwestern islands in the open sea of the top-left corner.
    const PageRect& fr = L.main.rect;
    if (target.inset) {
        const tiles::Mercator open = tiles::to_mercator(kJapanOpenSeaCorner);
        const double rw = std::min(L.main.page_x(open.x) - fr.x, 0.4 * fr.width);
        const double rh = std::min(L.main.page_y(open.y) - fr.y, 0.42 * fr.height);
        const tiles::Bounds& t = *target.inset;
        const double aspect = (t.maxx - t.minx) / (t.maxy - t.miny);
        const double iw = std::min(rw, rh * aspect);
        if (iw > 0.15 * fr.width) {
            L.inset = fit({fr.x, fr.y, iw, iw / aspect}, t, false, 0.4 * iw);
            const double pad = std::round(2.5 * mm);
            const double cap_h = std::ceil(PrintType::caption * kPrintLineFactor * s);
            set_print_font(cr, PrintType::caption * s, true);
            L.inset_caption = {fr.x + pad, fr.y + pad, std::ceil(text_advance(cr, texts.inset_caption)), cap_h};
            const ScaleBarBlock ib = measure_scale_bar(cr, L.inset->scale_bar, s, texts.english, false);
            L.inset_scale_bar = {fr.x + pad, L.inset_caption.bottom() + std::round(1.5 * mm), ib.width, ib.height};
        }
    }

    // The legend: a corner of the main map that hides no land, or outside.
    if (legend_outside) {
        L.legend_inside = false;
        if (legend_in_band)
            L.legend = {M, band_top, lw, lh};
        else
            L.legend = {fr.right() + gap, fr.y, lw, lh};
        return L;
    }
    const double pad = std::round(3 * mm);
    if (lw + 2 * pad > fr.width || lh + 2 * pad > fr.height) {  // a long legend (18 industries): beside the map
        L.legend_inside = false;
        return L;
    }
    // Candidates: the four corners (bottom-right first: Japan's Pacific), then positions sliding along
    // the frame's edges. The land is measured under the legend grown by the padding, so that the
    // legend keeps clear of the coast.
    const double left = fr.x + pad, right = fr.right() - pad - lw, top = fr.y + pad, bottom = fr.bottom() - pad - lh;
    std::vector<PageRect> candidates = {
        {right, bottom, lw, lh}, {right, top, lw, lh}, {left, bottom, lw, lh}, {left, top, lw, lh}};
    constexpr int kSteps = 8;
    for (int i = 1; i < kSteps; ++i) {
        const double x = left + (right - left) * i / kSteps, y = top + (bottom - top) * i / kSteps;
        for (const PageRect& c : {PageRect{right, y, lw, lh}, PageRect{x, bottom, lw, lh}, PageRect{left, y, lw, lh},
                                  PageRect{x, top, lw, lh}})
            candidates.push_back(c);
    }
    double best_share = 2;
    for (const PageRect& c : candidates) {
        if (L.inset && c.intersects({L.inset->rect.x, L.inset->rect.y, L.inset->rect.width + pad,
                                     L.inset->rect.height + pad}))
            continue;
        const tiles::Mercator a = L.main.mercator_at(c.x - pad, c.bottom() + pad);
        const tiles::Mercator b = L.main.mercator_at(c.right() + pad, c.y - pad);
        double share = land.share({a.x, a.y, b.x, b.y});
        if (share < kNegligibleLandShare) share = 0;  // a few rocks: keep the preferred corner
        if (share < best_share - 1e-4) {
            best_share = share;
            L.legend = whole(c);
        }
    }
    if (best_share > kLegendMaxLandShare) L.legend_inside = false;
    return L;
}

}  // namespace

PrintLayout layout_print(const PageSpec& page, const AreaTarget& target, const PrintTexts& texts,
                         const LandCover& land, bool legend_over_map) {
    Scratch scratch;
    // The first of these that fits: the legend over the map (when it hides no land), then beside the
    // map on a landscape page or below it on a portrait one, then the other side; the same with a
    // compact legend (smaller type) on small pages, e.g. 400 x 300 px.
    const LegendPlace outside_first = page.width >= page.height ? LegendPlace::beside : LegendPlace::below;
    const LegendPlace outside_second = outside_first == LegendPlace::beside ? LegendPlace::below : LegendPlace::beside;
    std::string first_error;
    for (double legend_scale : {1.0, 0.8, 0.65}) {
        for (LegendPlace place : {LegendPlace::over_map, outside_first, outside_second}) {
            if (place == LegendPlace::over_map && !legend_over_map) continue;
            try {
                PrintLayout L = compute(page, target, texts, land, place, legend_scale, scratch.cr);
                if (place != LegendPlace::over_map || L.legend_inside) return L;
            } catch (const PrintError& e) {
                if (first_error.empty()) first_error = e.what();
            }
        }
    }
    throw PrintError(first_error);
}

}  // namespace rxmap::styles
