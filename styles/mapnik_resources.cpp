#include "styles/mapnik_resources.h"

#include <mapnik/datasource_cache.hpp>
#include <mapnik/font_engine_freetype.hpp>
#include <mapnik/text/font_library.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "styles/map_style.h"

namespace rxmap::styles {

namespace {
constexpr const char* kPluginDir = "/usr/lib/mapnik/3.1/input";
constexpr const char* kFontDir = "/usr/share/fonts/opentype/noto";

// Mapnik reads a font file into its process-wide cache the first time a renderer asks for the
// face. Render threads starting together each missed it and read the 20 MB CJK files again
// (5 reads each in a cold seed, ~3 % of its CPU): read them here, once, before any thread renders.
void load_label_fonts() {
    mapnik::font_library library;
    const mapnik::freetype_engine::font_file_mapping_type no_map_fonts;
    const mapnik::freetype_engine::font_memory_cache_type no_map_cache;
    mapnik::face_manager faces(library, no_map_fonts, no_map_cache);
    for (const char* name : {kLabelFont, kLabelFontBold})
        if (!faces.get_face(name))
            throw std::runtime_error(std::string("font '") + name + "' not found in " + kFontDir + " (install fonts-noto-cjk)");
}
}  // namespace

const std::string& arrowhead_marker_path() {
    // Mapnik loads SVG markers from files only. The path is the same in every process of a user
    // (content in the name; written then renamed into place), because flow tiles' versions hash
    // the style that names it.
    static const std::string path = [] {
        const auto dir = std::filesystem::temp_directory_path() / ("rxmap-patterns-" + std::to_string(::getuid()));
        std::filesystem::create_directories(dir);
        const auto file = dir / "arrowhead-v1.svg";
        const auto scratch = dir / ("arrowhead-v1.svg." + std::to_string(::getpid()));
        std::ofstream(scratch) << "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10' viewBox='0 0 10 10'>"
                                  "<path d='M 0 0 L 10 5 L 0 10 L 2.5 5 Z' fill='#000000' stroke='#ffffff' stroke-width='0.8'/></svg>";
        std::filesystem::rename(scratch, file);
        return file.string();
    }();
    return path;
}

void register_mapnik_resources() {
    static std::once_flag once;
    std::call_once(once, [] {
        arrowhead_marker_path();
        mapnik::datasource_cache::instance().register_datasources(kPluginDir);
        if (!mapnik::freetype_engine::register_fonts(kFontDir, true))
            throw std::runtime_error(std::string("no fonts in ") + kFontDir + " (install fonts-noto-cjk)");
        load_label_fonts();
    });
}

}  // namespace rxmap::styles
