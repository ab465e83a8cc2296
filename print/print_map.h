#pragma once
// Printed maps (publication quality) of any layer variant: PNG through Mapnik's AGG
// renderer, PDF and SVG through its Cairo renderer (vector maps, vector legend, text
// kept as text in PDF). A page carries a title and subtitle, the map (all of Japan
// with an inset of the southwestern islands, a prefecture with its surroundings faded,
// or a lon/lat box), the legend with units, a scale bar right for the map's latitude,
// a north arrow, notes and the credit line of every dataset used, in a thin frame.
// A flow layer is printed over a plain base map of the prefectures.
//
//   const PageSpec page = resolve_page({.paper = "A4", .orientation = "landscape", .dpi = 300});
//   const PrintArea area = parse_print_area("20", std::nullopt, false, catalog.atlas());
//   PrintOutput out = render_print(*catalog.resolve("population/2020"), catalog, area, page, PrintFormat::pdf);
#include <string>
#include <vector>

#include "catalog/layer_catalog.h"
#include "print/print_area.h"
#include "print/print_layout.h"
#include "print/print_page.h"

namespace rxmap::styles {

// The words of a print of this variant (title, subtitle, legend, credits, notes). language: ja | en.
PrintTexts print_texts(const catalog::Variant& variant, const catalog::LayerCatalog& catalog, const AreaTarget& target,
                       const std::string& language);

// The layout without rendering (cheap): where the maps, legend and scale bar go.
PrintLayout plan_print(const catalog::Variant& variant, const catalog::LayerCatalog& catalog, const PrintArea& area,
                       const PageSpec& page, const std::string& language = "ja");

struct PrintOutput {
    std::string bytes;  // the file: PNG (with its dpi in pHYs), PDF or SVG
    PrintLayout layout;
};

// Throws PrintError for a request that cannot be printed (bad language, page too small for
// its furniture); std::runtime_error when rendering fails.
PrintOutput render_print(const catalog::Variant& variant, const catalog::LayerCatalog& catalog, const PrintArea& area,
                         const PageSpec& page, PrintFormat format, const std::string& language = "ja");

// The sea of a printed choropleth: the map style's light blue, or white (the paper) when a class
// colour comes near it (diverging palettes such as RdBu), so that no class reads as water.
constexpr const char* kPrintPaperSea = "#ffffff";
std::string print_sea_color(const std::vector<std::string>& class_colors);

// A file name for the print: "population-2020-ward_pref20.pdf".
std::string print_file_name(const catalog::Variant& variant, const PrintArea& area, PrintFormat format);

}  // namespace rxmap::styles
