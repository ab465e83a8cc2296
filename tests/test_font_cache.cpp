// styles/mapnik_resources.*: Mapnik's font cache holds read-only mappings of the Noto CJK files
// (Mapnik itself would read each file whole into memory on first use: 38 MiB for the two the
// styles use), and labels are drawn from them.
#include <gtest/gtest.h>

#include <malloc.h>

#include <mapnik/agg_renderer.hpp>
#include <mapnik/font_engine_freetype.hpp>
#include <mapnik/image.hpp>
#include <mapnik/layer.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <set>
#include <string>

#include "common/tile_math.h"
#include "engine_fixture.h"
#include "styles/map_builder.h"
#include "styles/mapnik_resources.h"

using namespace rxmap;

namespace {

std::size_t allocated_bytes() { return mallinfo2().uordblks + mallinfo2().hblkhd; }

}  // namespace

TEST(FontCache, HoldsTheFontFilesAsTheyAreOnDisk) {
    styles::register_mapnik_resources();
    std::set<std::string> files;
    for (const auto& [face, index_and_file] : mapnik::freetype_engine::get_mapping()) files.insert(index_and_file.second);
    ASSERT_FALSE(files.empty());
    const auto& cache = mapnik::freetype_engine::get_cache();
    for (const std::string& file : files) {
        const auto it = cache.find(file);
        ASSERT_NE(it, cache.end()) << file << " is not in Mapnik's font cache before any render";
        std::ifstream in(file, std::ios::binary | std::ios::ate);
        std::string bytes(static_cast<std::size_t>(in.tellg()), '\0');
        in.seekg(0).read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        ASSERT_EQ(it->second.second, bytes.size()) << file;
        EXPECT_EQ(std::memcmp(it->second.first.get(), bytes.data(), bytes.size()), 0) << file;
    }
}

TEST(FontCache, LabelsAddNoCopyOfTheFonts) {
    styles::register_mapnik_resources();
    const auto& catalog = *test::real_catalog();
    const auto v = catalog.resolve("population/2020");
    ASSERT_TRUE(v);
    auto map = styles::build_variant_map(*v, catalog);
    map->resize(512, 512);
    const tiles::Bounds b = tiles::block_bounds(10, 908, 402, 2);  // 東京: municipal and prefecture labels
    map->zoom_to_box(mapnik::box2d<double>(b.minx, b.miny, b.maxx, b.maxy));
    const auto render = [](mapnik::Map& m) {
        mapnik::image_rgba8 image(512, 512);
        mapnik::agg_renderer<mapnik::image_rgba8> renderer(m, image);
        renderer.apply();
        return image;
    };
    const double before = static_cast<double>(allocated_bytes());
    const mapnik::image_rgba8 labelled = render(*map);
    const double added_mib = (static_cast<double>(allocated_bytes()) - before) / (1 << 20);
    EXPECT_LT(added_mib, 8.0) << "the first labels read a font file into memory (each Noto CJK file is ~19 MiB)";

    mapnik::Map unlabelled(*map);
    auto& layers = unlabelled.layers();
    layers.erase(std::remove_if(layers.begin(), layers.end(),
                                [](const mapnik::layer& l) { return l.name().find("labels") != std::string::npos; }),
                 layers.end());
    const mapnik::image_rgba8 plain = render(unlabelled);
    long text = 0;
    for (std::size_t y = 0; y < plain.height(); ++y)
        for (std::size_t x = 0; x < plain.width(); ++x) text += plain(x, y) != labelled(x, y);
    EXPECT_GT(text, 500) << "no label drawn";
}
