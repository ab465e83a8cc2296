// styles/memory_layer.*: the datasource with envelopes computed once answers every query with
// the features Mapnik's own memory datasource gives, in the same order (so maps draw the same).
#include <gtest/gtest.h>

#include <mapnik/feature.hpp>
#include <mapnik/feature_factory.hpp>
#include <mapnik/featureset.hpp>
#include <mapnik/query.hpp>
#include <mapnik/unicode.hpp>

#include <utility>
#include <vector>

#include "styles/memory_layer.h"

using namespace rxmap;

namespace {

mapnik::feature_ptr square(mapnik::value_integer id, double x, double y, double size) {
    static const auto ctx = std::make_shared<mapnik::context_type>();
    mapnik::feature_ptr f = mapnik::feature_factory::create(ctx, id);
    mapnik::geometry::polygon<double> poly;
    for (const auto& [px, py] : {std::pair{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}})
        poly.exterior_ring.emplace_back(px, py);
    f->set_geometry(std::move(poly));
    return f;
}

std::vector<mapnik::value_integer> ids(const mapnik::datasource& ds, const mapnik::box2d<double>& box) {
    std::vector<mapnik::value_integer> out;
    const mapnik::featureset_ptr fs = ds.features(mapnik::query(box));
    for (mapnik::feature_ptr f; fs && (f = fs->next());) out.push_back(f->id());
    return out;
}

}  // namespace

TEST(MemoryLayer, SameFeaturesInTheSameOrderAsMapniksMemoryDatasource) {
    mapnik::parameters p;
    p["type"] = "memory";
    mapnik::memory_datasource plain(p);
    const auto cached = styles::new_memory_datasource();
    std::uint32_t state = 7;
    auto next = [&] { return (state = state * 1664525u + 1013904223u) % 1000; };
    for (int i = 0; i < 400; ++i) {
        const double x = next(), y = next(), size = 1 + next() % 50;
        plain.push(square(i, x, y, size));
        cached->push(square(i, x, y, size));
    }
    int nonempty = 0;
    for (int q = 0; q < 200; ++q) {
        const double x = next(), y = next(), size = 1 + next() % 300;
        const mapnik::box2d<double> box(x, y, x + size, y + size);
        const auto expected = ids(plain, box);
        EXPECT_EQ(ids(*cached, box), expected) << "query " << q;
        nonempty += !expected.empty();
    }
    EXPECT_GT(nonempty, 100);
    // Features pushed after a query are found by the next one.
    cached->push(square(1000, 5000, 5000, 10));
    EXPECT_EQ(ids(*cached, {4990, 4990, 5020, 5020}), std::vector<mapnik::value_integer>{1000});
}
