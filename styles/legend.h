#pragma once
// Choropleth legends: class labels, a JSON description for web clients, and a PNG image drawn with
// Cairo in Noto Sans CJK JP.
#include <string>
#include <vector>

#include "styles/text_wrap.h"  // wrap_text: the legend's line breaking

typedef struct _cairo cairo_t;  // <cairo.h>

namespace rxmap::styles {

struct LegendEntry {
    std::string color;  // "#rrggbb"
    std::string label_ja, label_en;
    double line_width = 0;  // > 0: drawn as a line of this width (px), as flows are, instead of a swatch
    std::string pattern;    // "" or "hatch": drawn over the swatch's colour (styles/hatch.h)
};

struct Legend {
    std::string title_ja, title_en, unit;  // e.g. 総人口（2020年国勢調査）, 人
    std::vector<LegendEntry> entries;      // top to bottom, one per class, plus a "データなし / No data" entry
    std::vector<std::string> credits;      // credit lines, drawn at the bottom, wrapped to the width
    std::vector<std::string> notes_ja, notes_en;  // how to read it (e.g. a model's 50 %/80 % populations), above the credits
};

// Labels of the classes given by n+1 ascending edges ("1,000 – 5,000": thousands separators, an en
// dash between spaces). A class holds lower <= v < upper, the last one also its upper edge (the max).
// decimals < 0 picks them: 0 when every edge is a whole number (counts), otherwise from the range
// (0 for a range of 100 or more, 1 for 1..100 such as percentages, more for smaller ranges), raised
// until neighbouring edges print differently. A class whose edges print alike gets a single number.
// Fewer than two edges give no labels.
std::vector<std::string> class_labels(const std::vector<double>& edges, int decimals = -1);

// The labels a person reads in a legend (ja or en): the layer's decimals (none when every edge is
// whole), counts in legends reaching 100,000 in 万 (「17.6万 – 490.7万」; English "176k – 4.91M") and
// an outer class whose edge is a cap far beyond its neighbour as 「4.00以上」 / 「−10未満」.
std::vector<std::string> reading_class_labels(const std::vector<double>& edges, int decimals, bool japanese);

// The "データなし / No data" entry in kNoDataColor.
LegendEntry no_data_entry();

// One entry per class (colour i with reading_class_labels i in ja and en) followed by
// no_data_entry() when with_no_data. Throws std::invalid_argument when colors.size() != edges.size()-1.
std::vector<LegendEntry> class_entries(const std::vector<double>& edges, const std::vector<std::string>& colors,
                                       int decimals = -1, bool with_no_data = true);

// {"title":{"ja":..,"en":..},"unit":..,"entries":[{"color":..,"label":{"ja":..,"en":..}}],"credits":[..]};
// an entry's "line_width" and "pattern" ("hatch") only when set.
// UTF-8 text is kept as is; quotes, backslashes and control characters are escaped.
std::string legend_json(const Legend&);

// Where legend_png puts things, in pixels of the image (for tests and image maps).
struct LegendRect {
    double x = 0, y = 0, width = 0, height = 0;
};
struct LegendLayout {
    int width = 0, height = 0;
    std::vector<LegendRect> swatches;  // one per entry, in order
};

// Whether a map text in language is English: "ja" false, "en" true; any other throws
// std::invalid_argument. Legends and prints take these two languages.
bool english_for(const std::string& language);

// language is "ja" or "en" (the other language's text is used where one is empty); scale multiplies
// every dimension (2.0 for high-DPI screens). Throws std::invalid_argument for another language, a
// scale outside (0, 8] or a colour that is not "#rrggbb"/"#rgb"; std::runtime_error when Cairo fails.
LegendLayout legend_layout(const Legend&, double scale = 1.0, const std::string& language = "ja");

// Draws the legend of legend_png onto cr with its top-left corner at (x, y) of cr's user space, in
// cr's units (one legend pixel at scale 1 = one user unit), so that PDF and SVG surfaces keep it vector.
// The context's state is restored afterwards. Same arguments and exceptions as legend_png.
LegendLayout draw_legend(cairo_t* cr, double x, double y, const Legend&, double scale = 1.0,
                         const std::string& language = "ja");


// PNG bytes: white background with a thin border, bold title, unit, one swatch (thin grey outline)
// and label per entry (a little gap before a final no-data entry), then the credits in small type,
// wrapped to the width (Japanese at any character, other text at spaces). About 260 px wide at
// scale 1; as tall as the content.
std::string legend_png(const Legend&, double scale = 1.0, const std::string& language = "ja");

}  // namespace rxmap::styles
