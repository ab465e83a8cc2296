#pragma once
// The page of a printed map: its size in pixels at a resolution (dpi), from a paper
// size (A4/A3, portrait or landscape) or from explicit pixels, and the hard limits
// that keep one request from exhausting memory.
//
// Every length on the page is measured in device pixels at the page's dpi. One
// "screen pixel" of the map style (Mapnik's 0.28 mm, i.e. 90.7 dpi) is
// scale() = dpi / 90.7 device pixels, so lines, symbols and text keep their
// physical size whatever the dpi. PDF and SVG pages use the same pixel grid,
// drawn at 72/dpi points per pixel.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace rxmap::styles {

// A request that cannot be printed as asked (bad parameter, beyond a limit): HTTP 400.
struct PrintError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct PrintLimits {
    double min_dpi = 72, max_dpi = 600;
    int min_side = 300;              // pixels: smaller pages have no room for a title and a legend
    int max_side = 10000;            // pixels per side
    long long max_pixels = 40000000;  // width * height
};

// What was asked. Either paper (with orientation) or width and height, not both;
// neither gives A4 portrait.
struct PageRequest {
    std::optional<int> width, height;  // pixels
    std::string paper;                 // "A4" | "A3" (case-insensitive), "" = none
    std::string orientation;           // "portrait" (default) | "landscape"
    double dpi = 300;
};

struct PageSpec {
    int width = 0, height = 0;  // device pixels
    double dpi = 300;
    std::string paper;          // "A4", "A3", or "" for a page given in pixels
    bool landscape = false;

    double scale() const { return dpi / kStyleDpi; }          // device pixels per style pixel
    double mm() const { return dpi / 25.4; }                   // device pixels per millimetre
    double points_per_pixel() const { return 72.0 / dpi; }     // PDF/SVG user units
    static constexpr double kStyleDpi = 25.4 / 0.28;           // Mapnik's standard pixel, 90.71 dpi
};

// Validates against the limits and computes the pixel size: paper mm / 25.4 * dpi, rounded
// (A4 portrait at 300 dpi is 2480 x 3508). Throws PrintError naming the parameter at fault.
PageSpec resolve_page(const PageRequest& request, const PrintLimits& limits = {});

// "2480x3508" -> (2480, 3508); throws PrintError.
std::pair<int, int> parse_page_size(std::string_view text);

// Output formats and their MIME types.
enum class PrintFormat { png, pdf, svg };
std::optional<PrintFormat> parse_print_format(std::string_view name);  // "png", ".pdf", "SVG"
const char* print_format_name(PrintFormat f);                          // "png"
const char* print_content_type(PrintFormat f);                         // "image/png"

}  // namespace rxmap::styles
