#include "styles/hatch.h"

#include <cairo.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace rxmap::styles {

namespace {

struct Rgb8 {
    unsigned char r, g, b;
};

Rgb8 line_rgb() {
    const std::string hex = kHatchLineColor;
    return {static_cast<unsigned char>(std::stoi(hex.substr(1, 2), nullptr, 16)),
            static_cast<unsigned char>(std::stoi(hex.substr(3, 2), nullptr, 16)),
            static_cast<unsigned char>(std::stoi(hex.substr(5, 2), nullptr, 16))};
}

// A new ARGB32 surface holding the tile. Pixels are set one by one, not stroked, so the line is
// crisp and wraps exactly at the tile's edges.
cairo_surface_t* new_tile() {
    cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, kHatchTile, kHatchTile);
    cairo_surface_flush(s);
    unsigned char* data = cairo_image_surface_get_data(s);
    const int stride = cairo_image_surface_get_stride(s);
    const Rgb8 c = line_rgb();
    for (int y = 0; y < kHatchTile; ++y)
        for (int x = 0; x < kHatchTile; ++x) {
            const int d = (x + y) % kHatchTile;  // anti-diagonals x + y = 7 and 8 (mod 8): 2 px wide
            const bool on = d == kHatchTile - 1 || d == 0;
            auto* px = reinterpret_cast<uint32_t*>(data + y * stride) + x;  // premultiplied, native endian
            *px = on ? (0xffu << 24) | (uint32_t(c.r) << 16) | (uint32_t(c.g) << 8) | c.b : 0;
        }
    cairo_surface_mark_dirty(s);
    return s;
}

}  // namespace

const std::string& hatch_tile_path() {
    static const std::string path = [] {
        // Same content, same name: written to a private name, then renamed into place (atomic), so
        // concurrent processes never read half a file.
        const auto dir = std::filesystem::temp_directory_path() / ("rxmap-patterns-" + std::to_string(::getuid()));
        std::filesystem::create_directories(dir);
        const std::string name = std::string("hatch-") + std::to_string(kHatchTile) + "-" + (kHatchLineColor + 1) + ".png";
        const auto file = dir / name;
        const auto scratch = dir / (name + "." + std::to_string(::getpid()));
        cairo_surface_t* tile = new_tile();
        const cairo_status_t status = cairo_surface_write_to_png(tile, scratch.c_str());
        cairo_surface_destroy(tile);
        if (status != CAIRO_STATUS_SUCCESS)
            throw std::runtime_error("cannot write " + scratch.string() + ": " + cairo_status_to_string(status));
        std::filesystem::rename(scratch, file);
        return file.string();
    }();
    return path;
}

void hatch_rectangle(cairo_t* cr, double x, double y, double width, double height, double scale) {
    cairo_surface_t* tile = new_tile();
    cairo_pattern_t* pattern = cairo_pattern_create_for_surface(tile);
    cairo_pattern_set_extend(pattern, CAIRO_EXTEND_REPEAT);
    cairo_pattern_set_filter(pattern, CAIRO_FILTER_NEAREST);  // whole pixels at 2x, no blur
    cairo_matrix_t m;  // pattern space = user space scaled by 1/scale, anchored at the rectangle
    cairo_matrix_init_scale(&m, 1 / scale, 1 / scale);
    cairo_matrix_translate(&m, -x, -y);
    cairo_pattern_set_matrix(pattern, &m);
    cairo_save(cr);
    cairo_set_source(cr, pattern);
    cairo_rectangle(cr, x, y, width, height);
    cairo_fill(cr);
    cairo_restore(cr);
    cairo_pattern_destroy(pattern);
    cairo_surface_destroy(tile);
}

}  // namespace rxmap::styles
