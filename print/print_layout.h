#pragma once
// Where everything sits on a printed map page, in device pixels at the page's dpi:
//
//   +--------------------------------------------------+
//   | Title                                              |
//   | subtitle (year, level or flow mode, area)          |
//   | +----------------------------------------------+ |
//   | |[inset: 南西諸島]                               | |
//   | |                 main map                       | |
//   | |                                      [legend] | |
//   | +----------------------------------------------+ |
//   | N  0  50  100 km            notes; credit lines    |
//   +--------------------------------------------------+
//
// The legend goes into the corner of the main map that hides the least land (of the
// focus prefecture for a prefecture map), and outside the frame (a column to the
// right on a landscape page, the bottom band on a portrait one, else the other one)
// when every corner would hide more than 1 % or the legend does not fit there; small
// pages (400 x 300 px) get a compact legend in smaller type. All of Japan puts the southwestern islands in an inset
// in the top-left corner (the Sea of Japan), at their own scale with their own bar.
#include <optional>
#include <string>
#include <vector>

#include "styles/legend.h"
#include "print/print_area.h"
#include "print/print_page.h"
#include "print/print_scale_bar.h"
#include "common/tile_math.h"

namespace rxmap::styles {

struct PageRect {
    double x = 0, y = 0, width = 0, height = 0;
    double right() const { return x + width; }
    double bottom() const { return y + height; }
    bool contains(double px, double py) const { return px >= x && px < right() && py >= y && py < bottom(); }
    bool intersects(const PageRect& o) const {
        return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom();
    }
};

// A map drawn in a rectangle of the page (whole pixels), showing an extent of the same aspect.
struct MapFrame {
    PageRect rect;
    tiles::Bounds extent;  // EPSG:3857
    ScaleBar scale_bar;    // at the centre of the extent

    double resolution() const { return (extent.maxx - extent.minx) / rect.width; }  // metres per device px
    // Page pixel of a Web Mercator point (may lie outside rect).
    double page_x(double mx) const { return rect.x + (mx - extent.minx) / resolution(); }
    double page_y(double my) const { return rect.y + (extent.maxy - my) / resolution(); }
    tiles::Mercator mercator_at(double px, double py) const {
        return {extent.minx + (px - rect.x) * resolution(), extent.maxy - (py - rect.y) * resolution()};
    }
};

// The words on the page, in the page's language.
struct PrintTexts {
    std::string title, subtitle;
    Legend legend;                    // its own credits are left out: they go to the bottom band
    std::vector<std::string> credits;  // one line each
    std::vector<std::string> notes;    // projection, islands left out
    std::string inset_caption;         // 南西諸島
    bool english = false;
};

struct PrintLayout {
    PageSpec page;
    double scale = 1;  // device px per style px for text, symbols and map styles (page.scale(), less on small pages)
    double legend_scale = 1;  // the same for the legend: scale, or less when only a compact legend fits
    double margin = 0;
    PageRect title;                       // title and subtitle lines
    std::vector<std::string> title_lines, subtitle_lines;
    MapFrame main;
    std::optional<MapFrame> inset;
    PageRect inset_caption;               // inside the inset, top-left
    PageRect inset_scale_bar;             // below the caption
    PageRect legend;
    bool legend_inside = true;            // over the main map, in a corner
    PageRect north_arrow;
    PageRect scale_bar;                   // the main map's bar block (labels, bar, caption)
    ScaleBarBlock scale_bar_block;
    PageRect notes;                       // notes then credits, right-aligned as a block
    std::vector<std::string> note_lines, credit_lines;  // wrapped
};

// Lays the page out. Measures text with Cairo; needs the land cover for the legend's corner.
// legend_over_map = false keeps the legend outside the frame (flows run across any corner of
// a regional map).
PrintLayout layout_print(const PageSpec& page, const AreaTarget& target, const PrintTexts& texts,
                         const LandCover& land, bool legend_over_map = true);

// Text sizes (style pixels) shared by layout and drawing.
struct PrintType {
    static constexpr double title = 21, subtitle = 11.5, credit = 7.5, note = 7.5, caption = 9;
    static constexpr double north = 9;
};

}  // namespace rxmap::styles
