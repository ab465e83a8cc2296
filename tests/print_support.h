#pragma once
// What the print tests (test_print_*.cpp) share: the real catalogue's variants and print areas, paper
// sizes, artifacts written atomically to tests/artifacts/print/, PNG pixels through Cairo, colours, and
// the renders several tests look at (made once a process: inline, not in an unnamed namespace).
#include <gtest/gtest.h>

#include <cairo.h>
#include <cpl_minixml.h>
#include <geodesic.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>

#include <unistd.h>

#include "engine_fixture.h"
#include "styles/choropleth.h"
#include "styles/palette.h"
#include "print/print_map.h"
#include "common/tile_math.h"

namespace rxmap::test::print_support {

using styles::PageRequest;
using styles::PrintArea;
using styles::PrintError;
using styles::PrintFormat;

inline const std::filesystem::path kArtifacts = std::filesystem::path(RXMAP_SOURCE_DIR) / "tests/artifacts/print";
inline const std::string kN03Credit = "出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成";

inline std::shared_ptr<const catalog::LayerCatalog> layer_catalog() { return real_catalog(); }

inline catalog::Variant variant(const std::string& path) {
    const auto v = layer_catalog()->resolve(path);
    if (!v) throw std::runtime_error("no variant " + path);
    return *v;
}

inline PrintArea japan() { return styles::parse_print_area(std::nullopt, std::nullopt, true, layer_catalog()->atlas()); }
inline PrintArea pref(const std::string& p) { return styles::parse_print_area(p, std::nullopt, false, layer_catalog()->atlas()); }

inline styles::PageSpec paper(const std::string& name, const std::string& orientation, double dpi) {
    PageRequest r;
    r.paper = name;
    r.orientation = orientation;
    r.dpi = dpi;
    return styles::resolve_page(r);
}

// Written to a temporary name and renamed, so that tests running in parallel (ctest -j) never read
// a half-written file.
inline std::filesystem::path save(const std::string& name, const std::string& bytes) {
    std::filesystem::create_directories(kArtifacts);
    const auto path = kArtifacts / name;
    const auto tmp = kArtifacts / (name + ".tmp" + std::to_string(::getpid()));
    std::ofstream(tmp, std::ios::binary) << bytes;
    std::filesystem::rename(tmp, path);
    return path;
}

inline std::string run(const std::string& command) {
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    pclose(p);
    return out;
}

// A decoded PNG (through Cairo), pixels as 0xRRGGBB (the maps are opaque).
struct Image {
    int width = 0, height = 0;
    std::vector<std::uint32_t> rgb;

    std::uint32_t at(int x, int y) const { return rgb.at(static_cast<size_t>(y) * width + x); }
    // The most common colour in a (2r+1)^2 window: the fill of an area, not a label or boundary.
    std::uint32_t mode(int cx, int cy, int r) const {
        std::map<std::uint32_t, int> counts;
        for (int y = cy - r; y <= cy + r; ++y)
            for (int x = cx - r; x <= cx + r; ++x)
                if (x >= 0 && y >= 0 && x < width && y < height) ++counts[at(x, y)];
        return std::max_element(counts.begin(), counts.end(), [](auto& a, auto& b) { return a.second < b.second; })
            ->first;
    }
};

inline Image decode_png(const std::string& png) {
    struct Reader {
        const std::string* data;
        size_t pos = 0;
    } reader{&png};
    cairo_surface_t* s = cairo_image_surface_create_from_png_stream(
        [](void* closure, unsigned char* out, unsigned int length) {
            auto* r = static_cast<Reader*>(closure);
            if (r->pos + length > r->data->size()) return CAIRO_STATUS_READ_ERROR;
            std::memcpy(out, r->data->data() + r->pos, length);
            r->pos += length;
            return CAIRO_STATUS_SUCCESS;
        },
        &reader);
    Image img;
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        img.width = cairo_image_surface_get_width(s);
        img.height = cairo_image_surface_get_height(s);
        const int stride = cairo_image_surface_get_stride(s);
        const unsigned char* data = cairo_image_surface_get_data(s);
        img.rgb.resize(static_cast<size_t>(img.width) * img.height);
        for (int y = 0; y < img.height; ++y)
            for (int x = 0; x < img.width; ++x)
                img.rgb[static_cast<size_t>(y) * img.width + x] =
                    reinterpret_cast<const std::uint32_t*>(data + static_cast<size_t>(y) * stride)[x] & 0xffffff;
    }
    cairo_surface_destroy(s);
    return img;
}

inline std::uint32_t rgb_of(const std::string& hex) { return static_cast<std::uint32_t>(std::stoul(hex.substr(1), nullptr, 16)); }

inline std::string hex(std::uint32_t c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%06x", c);
    return buf;
}

inline bool near_color(std::uint32_t a, std::uint32_t b) {
    for (int shift : {0, 8, 16})
        if (std::abs(static_cast<int>((a >> shift) & 0xff) - static_cast<int>((b >> shift) & 0xff)) > 2) return false;
    return true;
}

inline bool is_one_of(std::uint32_t c, const std::vector<std::string>& colors) {
    for (const std::string& h : colors)
        if (near_color(c, rgb_of(h))) return true;
    return false;
}

// Page pixel of a lon/lat in a frame.
inline std::pair<int, int> pixel_of(const styles::MapFrame& f, double lon, double lat) {
    const tiles::Mercator m = tiles::to_mercator({lon, lat});
    return {static_cast<int>(std::floor(f.page_x(m.x))), static_cast<int>(std::floor(f.page_y(m.y)))};
}

// The renders several tests look at, made once.
struct Renders {
    styles::PrintOutput nagano_png, japan_png, nagano_pdf;
};
inline const Renders& renders() {
    static const Renders r = [] {
        Renders out;
        const auto v = variant("population/2020");
        out.nagano_png = styles::render_print(v, *layer_catalog(), pref("20"), paper("A4", "portrait", 300), PrintFormat::png);
        save("population_nagano_a4_300.png", out.nagano_png.bytes);
        out.japan_png = styles::render_print(v, *layer_catalog(), japan(), paper("A4", "portrait", 300), PrintFormat::png);
        save("population_japan_a4_300.png", out.japan_png.bytes);
        out.nagano_pdf = styles::render_print(v, *layer_catalog(), pref("20"), paper("A4", "portrait", 300), PrintFormat::pdf);
        const auto pdf = save("population_nagano_a4.pdf", out.nagano_pdf.bytes);
        run("pdftoppm -png -r 50 -singlefile '" + pdf.string() + "' '" + (kArtifacts / "population_nagano_a4_pdf").string() +
            "' 2>&1");
        return out;
    }();
    return r;
}

}  // namespace rxmap::test::print_support
