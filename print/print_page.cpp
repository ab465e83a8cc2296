#include "print/print_page.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

#include "common/number_text.h"

namespace rxmap::styles {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

std::pair<int, int> parse_page_size(std::string_view text) {
    const size_t x = text.find_first_of("xX");
    auto to_int = [&](std::string_view s) {
        int v = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || end != s.data() + s.size() || s.empty())
            throw PrintError("size must be WIDTHxHEIGHT in pixels, e.g. 2480x3508, not " + std::string(text));
        return v;
    };
    if (x == std::string_view::npos)
        throw PrintError("size must be WIDTHxHEIGHT in pixels, e.g. 2480x3508, not " + std::string(text));
    return {to_int(text.substr(0, x)), to_int(text.substr(x + 1))};
}

PageSpec resolve_page(const PageRequest& r, const PrintLimits& limits) {
    if (!std::isfinite(r.dpi) || r.dpi < limits.min_dpi || r.dpi > limits.max_dpi)
        throw PrintError("dpi must be between " + common::significant_digits(limits.min_dpi) + " and " + common::significant_digits(limits.max_dpi) +
                         ", not " + common::significant_digits(r.dpi));
    const std::string orientation = lower(r.orientation);
    if (!orientation.empty() && orientation != "portrait" && orientation != "landscape")
        throw PrintError("orientation must be portrait or landscape, not " + r.orientation);

    PageSpec page;
    page.dpi = r.dpi;
    page.landscape = orientation == "landscape";
    const bool pixels = r.width || r.height;
    if (pixels && !r.paper.empty()) throw PrintError("give either paper or width and height, not both");
    if (pixels) {
        if (!r.width || !r.height) throw PrintError("give both width and height (pixels)");
        if (!orientation.empty()) throw PrintError("orientation goes with paper, not with width and height");
        page.width = *r.width;
        page.height = *r.height;
    } else {
        const std::string paper = r.paper.empty() ? "a4" : lower(r.paper);
        double w_mm = 0, h_mm = 0;
        if (paper == "a4") {
            w_mm = 210, h_mm = 297;
        } else if (paper == "a3") {
            w_mm = 297, h_mm = 420;
        } else {
            throw PrintError("paper must be A4 or A3, not " + r.paper);
        }
        if (page.landscape) std::swap(w_mm, h_mm);
        page.paper = paper == "a4" ? "A4" : "A3";
        page.width = static_cast<int>(std::lround(w_mm / 25.4 * r.dpi));
        page.height = static_cast<int>(std::lround(h_mm / 25.4 * r.dpi));
    }
    const std::string size = std::to_string(page.width) + "x" + std::to_string(page.height);
    if (page.width > limits.max_side || page.height > limits.max_side)
        throw PrintError("page " + size + " px: at most " + std::to_string(limits.max_side) + " px per side");
    if (static_cast<long long>(page.width) * page.height > limits.max_pixels)
        throw PrintError("page " + size + " px: at most " + std::to_string(limits.max_pixels / 1000000) +
                         " million pixels in all");
    if (page.width < limits.min_side || page.height < limits.min_side)
        throw PrintError("page " + size + " px: at least " + std::to_string(limits.min_side) + " px per side");
    return page;
}

std::optional<PrintFormat> parse_print_format(std::string_view name) {
    if (!name.empty() && name.front() == '.') name.remove_prefix(1);
    const std::string n = lower(name);
    if (n == "png") return PrintFormat::png;
    if (n == "pdf") return PrintFormat::pdf;
    if (n == "svg") return PrintFormat::svg;
    return std::nullopt;
}

const char* print_format_name(PrintFormat f) {
    switch (f) {
        case PrintFormat::png: return "png";
        case PrintFormat::pdf: return "pdf";
        case PrintFormat::svg: return "svg";
    }
    return "?";
}

const char* print_content_type(PrintFormat f) {
    switch (f) {
        case PrintFormat::png: return "image/png";
        case PrintFormat::pdf: return "application/pdf";
        case PrintFormat::svg: return "image/svg+xml";
    }
    return "application/octet-stream";
}

}  // namespace rxmap::styles
