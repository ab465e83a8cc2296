#include "styles/mapnik_resources.h"

#include <mapnik/datasource_cache.hpp>
#include <mapnik/font_engine_freetype.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <set>
#include <vector>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>

namespace rxmap::styles {

namespace {
constexpr const char* kPluginDir = "/usr/lib/mapnik/3.1/input";
constexpr const char* kFontDir = "/usr/share/fonts/opentype/noto";

// Font files mapped by map_font_files: released from Mapnik's cache before its singleton is
// destroyed at exit (it would delete[] them).
std::vector<std::string>& mapped_font_files() {
    static std::vector<std::string> files;
    return files;
}

void release_mapped_fonts() {
    auto& cache = mapnik::freetype_engine::get_cache();
    for (const std::string& file : mapped_font_files()) {
        auto it = cache.find(file);
        if (it != cache.end()) (void)it->second.first.release();  // the process's mapping ends with it
    }
}

// Mapnik reads a font file whole into its memory cache on first use (the two Noto Sans CJK files
// the styles use: 38 MiB of anonymous memory, for life). Put read-only mappings of the files in
// that cache first: FreeType reads the same bytes, and only the pages it touches (the tables, the
// glyphs drawn) are resident, as page cache shared with other processes.
void map_font_files() {
    auto& cache = mapnik::freetype_engine::get_cache();
    std::set<std::string> files;
    for (const auto& [face, index_and_file] : mapnik::freetype_engine::get_mapping()) files.insert(index_and_file.second);
    for (const std::string& file : files) {
        if (cache.count(file)) continue;
        const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;  // Mapnik reports it when a style asks for the face
        struct stat st {};
        void* bytes = ::fstat(fd, &st) == 0 && st.st_size > 0
                          ? ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0)
                          : MAP_FAILED;
        ::close(fd);
        if (bytes == MAP_FAILED) continue;  // Mapnik reads it itself
        cache.emplace(file, std::make_pair(std::unique_ptr<char[]>(static_cast<char*>(bytes)),
                                           static_cast<std::size_t>(st.st_size)));
        mapped_font_files().push_back(file);
    }
    std::atexit(release_mapped_fonts);  // after the singleton's own atexit: runs before it
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
        map_font_files();
    });
}

}  // namespace rxmap::styles
