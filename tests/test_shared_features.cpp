// styles/shared_features.*: the Maps of a level's variants share its geometry (building another
// variant's Map costs little memory), draw the same pixels as Maps over Mapnik's own memory
// datasource, and render concurrently from shared features.
#include <gtest/gtest.h>

#include <malloc.h>

#include <mapnik/agg_renderer.hpp>
#include <mapnik/featureset.hpp>
#include <mapnik/image.hpp>
#include <mapnik/layer.hpp>
#include <mapnik/memory_datasource.hpp>
#include <mapnik/query.hpp>

#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <thread>

#include "common/tile_math.h"
#include "engine_fixture.h"
#include "styles/map_builder.h"
#include "styles/mapnik_resources.h"

using namespace rxmap;

namespace {

catalog::Variant variant(const std::string& path) {
    const auto v = test::real_catalog()->resolve(path);
    if (!v) throw std::runtime_error("no variant " + path);
    return *v;
}

// A 512-px image of the 2x2 tiles from z/x/y on.
mapnik::image_rgba8 render(mapnik::Map& map, int z, int x, int y) {
    map.resize(512, 512);
    const tiles::Bounds b = tiles::block_bounds(z, x, y, 2);
    map.zoom_to_box(mapnik::box2d<double>(b.minx, b.miny, b.maxx, b.maxy));
    mapnik::image_rgba8 image(512, 512);
    mapnik::agg_renderer<mapnik::image_rgba8> renderer(map, image);
    renderer.apply();
    return image;
}

long differing_pixels(const mapnik::image_rgba8& a, const mapnik::image_rgba8& b) {
    long n = 0;
    for (std::size_t y = 0; y < a.height(); ++y)
        for (std::size_t x = 0; x < a.width(); ++x) n += a(x, y) != b(x, y);
    return n;
}

// The same Map with each layer's features copied into a mapnik::memory_datasource of its own:
// how every Map held its features before they were shared.
std::unique_ptr<mapnik::Map> with_own_memory_datasources(const mapnik::Map& shared) {
    auto map = std::make_unique<mapnik::Map>(shared);
    constexpr double big = std::numeric_limits<double>::max();
    for (mapnik::layer& layer : map->layers()) {
        mapnik::parameters p;
        p["type"] = "memory";
        auto own = std::make_shared<mapnik::memory_datasource>(p);
        const auto all = layer.datasource()->features(mapnik::query({-big, -big, big, big}));
        for (mapnik::feature_ptr f; all && (f = all->next());) own->push(f);
        layer.set_datasource(own);
    }
    return map;
}

std::size_t allocated_bytes() { return mallinfo2().uordblks + mallinfo2().hblkhd; }

}  // namespace

TEST(SharedFeatures, AnotherVariantOfTheSameLevelAddsLittleMemory) {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "mallinfo2 sees nothing of AddressSanitizer's allocator (the plain build runs this test)";
#endif
    styles::register_mapnik_resources();
    const auto& catalog = *test::real_catalog();
    const auto first = styles::build_variant_map(variant("population/2020"), catalog);  // builds the level's tables
    const auto aging = variant("aging/2050");
    const styles::Choropleth& choropleth = styles::choropleth(catalog, aging);  // its values and classes, kept
    const auto mib_added_by = [](const auto& build) {
        const double before = static_cast<double>(allocated_bytes());
        const auto map = build();
        return (static_cast<double>(allocated_bytes()) - before) / (1 << 20);
    };
    const double shared = mib_added_by([&] { return styles::build_variant_map(aging, catalog); });
    const double own = mib_added_by([&] { return styles::build_map(choropleth, aging.year, catalog.atlas()); });
    std::printf("another variant's Map: %.2f MiB (with geometry of its own: %.2f MiB)\n", shared, own);
    // A Map with geometry of its own holds every area's (~9 MiB at ward level, prefectures too).
    EXPECT_GT(own, 5.0);
    EXPECT_LT(shared, 1.0) << "the second variant's Map copied the geometry";
}

TEST(SharedFeatures, PixelsAsFromMapniksMemoryDatasource) {
    styles::register_mapnik_resources();
    const auto& catalog = *test::real_catalog();
    auto shared = styles::build_variant_map(variant("aging/2050"), catalog);
    auto own = with_own_memory_datasources(*shared);
    // Low band (z6, z8) and full geometry (z10, z12: 東京, with labels).
    for (const auto& [z, x, y] : {std::tuple{6, 56, 25}, {8, 226, 100}, {10, 908, 402}, {12, 3637, 1612}}) {
        const auto expected = render(*own, z, x, y);
        EXPECT_EQ(differing_pixels(render(*shared, z, x, y), expected), 0) << z << "/" << x << "/" << y;
    }
}

TEST(SharedFeatures, VariantsRenderConcurrentlyFromTheSameFeatures) {
    styles::register_mapnik_resources();
    const auto& catalog = *test::real_catalog();
    const char* paths[] = {"population/2020", "aging/2050"};
    mapnik::image_rgba8 alone[2], together[2];
    for (int i = 0; i < 2; ++i) alone[i] = render(*styles::build_variant_map(variant(paths[i]), catalog), 10, 908, 402);
    std::unique_ptr<mapnik::Map> maps[] = {styles::build_variant_map(variant(paths[0]), catalog),
                                           styles::build_variant_map(variant(paths[1]), catalog)};
    std::thread other([&] {
        for (int round = 0; round < 3; ++round) together[1] = render(*maps[1], 10, 908, 402);
    });
    for (int round = 0; round < 3; ++round) together[0] = render(*maps[0], 10, 908, 402);
    other.join();
    EXPECT_GT(differing_pixels(alone[0], alone[1]), 1000) << "two variants, two colourings";
    for (int i = 0; i < 2; ++i) EXPECT_EQ(differing_pixels(together[i], alone[i]), 0) << paths[i];
}
