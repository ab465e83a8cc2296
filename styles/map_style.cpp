#include "styles/map_style.h"

#include <cmath>
#include <sstream>

#include "styles/hatch.h"
#include "styles/palette.h"

namespace rxmap::styles {

namespace {

// Zoom bounds of a rule. The thresholds sit between two zooms' denominators so
// that rounding never drops a rule at its own zoom.
std::string zooms(int min_zoom, int max_zoom = -1) {
    std::ostringstream s;
    if (min_zoom > 0) s << "<MaxScaleDenominator>" << scale_denominator(min_zoom) * std::sqrt(2.0) << "</MaxScaleDenominator>";
    if (max_zoom >= 0) s << "<MinScaleDenominator>" << scale_denominator(max_zoom) / std::sqrt(2.0) << "</MinScaleDenominator>";
    return s.str();
}

std::string text(const char* font, double size, const char* fill, const char* halo, double halo_radius,
                 const std::string& extra = "") {
    std::ostringstream s;
    s << "<TextSymbolizer face-name=\"" << font << "\" size=\"" << size << "\" fill=\"" << fill << "\" halo-fill=\""
      << halo << "\" halo-radius=\"" << halo_radius
      << "\" placement=\"point\" minimum-padding=\"3\" wrap-width=\"0\" " << extra << ">[label]</TextSymbolizer>";
    return s.str();
}

const char* kHalo = "rgba(255,255,255,0.85)";

}  // namespace

std::string prefecture_label_symbolizer() { return text(kLabelFontBold, 13, "#202020", kHalo, 2); }

double scale_denominator(int z) { return 559082264.0287178 / std::pow(2.0, z); }

std::string map_style_xml(const Choropleth& c) {
    std::ostringstream x;
    x << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      << "<Map background-color=\"" << kSeaColor << "\" srs=\"epsg:3857\" buffer-size=\"128\">\n";

    x << "<Style name=\"fill\">\n";
    for (size_t i = 0; i < c.colors.size(); ++i) {
        x << "  <Rule><Filter>[class] = " << i << "</Filter><PolygonSymbolizer fill=\"" << c.colors[i]
          << "\" gamma=\"0.6\"/>";
        // Global alignment: the hatching runs on across areas and tiles (its tile divides 256 px).
        if (i < c.patterns.size() && c.patterns[i] == kHatchPattern)
            x << "<PolygonPatternSymbolizer file=\"" << hatch_tile_path() << "\" alignment=\"global\"/>";
        x << "</Rule>\n";
    }
    x << "  <Rule><Filter>[class] = -1</Filter><PolygonSymbolizer fill=\"" << kNoDataColor
      << "\" gamma=\"0.6\"/></Rule>\n</Style>\n";

    // Thin municipal boundaries: hairlines at national zooms, clearer when zoomed in.
    x << "<Style name=\"area-lines\">\n"
      << "  <Rule>" << zooms(0, 6) << "<LineSymbolizer stroke=\"#ffffff\" stroke-width=\"0.25\" stroke-opacity=\"0.7\"/></Rule>\n"
      << "  <Rule>" << zooms(7, 9) << "<LineSymbolizer stroke=\"#ffffff\" stroke-width=\"0.6\" stroke-opacity=\"0.9\"/></Rule>\n"
      << "  <Rule>" << zooms(10) << "<LineSymbolizer stroke=\"#ffffff\" stroke-width=\"1.0\"/></Rule>\n"
      << "</Style>\n";
    x << "<Style name=\"prefecture-lines\">\n"
      << "  <Rule>" << zooms(0, 5) << "<LineSymbolizer stroke=\"#505050\" stroke-width=\"0.7\" stroke-linejoin=\"round\"/></Rule>\n"
      << "  <Rule>" << zooms(6) << "<LineSymbolizer stroke=\"#404040\" stroke-width=\"1.6\" stroke-linejoin=\"round\"/></Rule>\n"
      << "</Style>\n";

    // Labels come in population order (see map_builder), so large places win collisions.
    const char* halo = kHalo;
    x << "<Style name=\"prefecture-labels\">\n"
      << "  <Rule>" << zooms(5, 7) << prefecture_label_symbolizer() << "</Rule>\n"
      << "</Style>\n";
    x << "<Style name=\"group-labels\">\n"
      << "  <Rule>" << zooms(kPrefectureLabelsFromZoom) << prefecture_label_symbolizer() << "</Rule>\n"
      << "</Style>\n";
    x << "<Style name=\"municipal-labels\">\n"
      << "  <Rule>" << zooms(8, 8) << "<Filter>[population] &gt;= 100000</Filter>" << text(kLabelFont, 10, "#202020", halo, 1.5) << "</Rule>\n"
      << "  <Rule>" << zooms(9, 10) << text(kLabelFont, 11, "#202020", halo, 1.5) << "</Rule>\n"
      << "  <Rule>" << zooms(11) << text(kLabelFont, 13, "#202020", halo, 2) << "</Rule>\n"
      << "</Style>\n";
    x << "</Map>\n";
    return x.str();
}

}  // namespace rxmap::styles
