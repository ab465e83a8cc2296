#include "tiles/tile_png.h"

#include <cstring>
#include <sstream>
#include <unordered_map>
#include <utility>
#include <vector>

#include <mapnik/image_util.hpp>
#include <mapnik/png_io.hpp>

#include "tiles/hextree_palette.h"

namespace rxmap::tiles {

namespace {

constexpr const char* kTileFormat = "png8:m=h:z=1";

// Distinct pixels with their counts, in order of first occurrence; false if a pixel is one
// Mapnik's quantizer treats as a hole (alpha < 5), a case left to Mapnik itself.
bool count_colours(const mapnik::image_view_rgba8& view, std::vector<std::pair<std::uint32_t, std::uint32_t>>& out) {
    std::unordered_map<std::uint32_t, std::size_t> slot;
    for (unsigned y = 0; y < view.height(); ++y) {
        const std::uint32_t* row = view.get_row(y);
        const unsigned width = view.width();
        for (unsigned x = 0; x < width;) {
            const std::uint32_t pixel = row[x];
            unsigned end = x + 1;
            while (end < width && row[end] == pixel) ++end;  // a run: one look-up
            if ((pixel >> 24) < HextreePalette::kMinAlpha) return false;
            auto [it, added] = slot.try_emplace(pixel, out.size());
            if (added) out.emplace_back(pixel, 0);
            out[it->second].second += end - x;
            x = end;
        }
    }
    return true;
}

}  // namespace

std::optional<std::uint32_t> uniform_colour(const mapnik::image_view_rgba8& view) {
    const std::uint32_t* first = view.get_row(0);
    for (unsigned x = 1; x < view.width(); ++x)
        if (first[x] != first[0]) return std::nullopt;
    for (unsigned y = 1; y < view.height(); ++y)
        if (std::memcmp(view.get_row(y), first, view.width() * sizeof(std::uint32_t)) != 0) return std::nullopt;
    return first[0];
}

std::string encode_tile_png(const mapnik::image_view_rgba8& view) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> colours;
    if (view.width() + view.height() <= 3 || !count_colours(view, colours))
        return mapnik::save_to_string(view, kTileFormat);
    const HextreePalette tree(colours);
    mapnik::png_options options;  // Mapnik's defaults for png8 with m=h, and z=1
    options.compression = 1;
    std::ostringstream out;
    mapnik::save_as_png8(out, view, tree, tree.palette(), tree.alpha_table(), options);
    return out.str();
}

}  // namespace rxmap::tiles
