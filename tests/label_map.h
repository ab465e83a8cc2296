#pragma once
// A Mapnik map that draws text labels with halos at points (EPSG:3857 metres), in the project's
// label font, from memory: the font-cache tests draw through it.
#include <mapnik/agg_renderer.hpp>
#include <mapnik/feature.hpp>
#include <mapnik/feature_factory.hpp>
#include <mapnik/image.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/map.hpp>
#include <mapnik/unicode.hpp>

#include <memory>
#include <string>
#include <vector>

#include "styles/map_style.h"
#include "styles/mapnik_resources.h"
#include "styles/memory_layer.h"

namespace rxmap::test {

struct LabelAt {
    std::string text;
    double x = 0, y = 0;
};

// text_attributes: the TextSymbolizer's attributes after face-name, e.g. size="14" halo-radius="1".
inline mapnik::Map label_map(int width, int height, const mapnik::box2d<double>& extent, const std::string& background,
                             const std::string& text_attributes, const std::vector<LabelAt>& labels) {
    styles::register_mapnik_resources();
    mapnik::Map map(width, height);
    mapnik::load_map_string(map, "<Map srs=\"epsg:3857\" background-color=\"" + background +
                                     "\"><Style name=\"labels\"><Rule><TextSymbolizer face-name=\"" + styles::kLabelFont +
                                     "\" " + text_attributes + ">[label]</TextSymbolizer></Rule></Style></Map>");
    auto ds = styles::new_memory_datasource();
    auto ctx = std::make_shared<mapnik::context_type>();
    ctx->push("label");
    for (std::size_t i = 0; i < labels.size(); ++i) {
        mapnik::feature_ptr f(mapnik::feature_factory::create(ctx, static_cast<mapnik::value_integer>(i + 1)));
        f->put("label", mapnik::value_unicode_string::fromUTF8(labels[i].text));
        f->set_geometry(mapnik::geometry::point<double>(labels[i].x, labels[i].y));
        ds->push(f);
    }
    map.add_layer(styles::map_layer("labels", ds, {"labels"}));
    map.zoom_to_box(extent);
    return map;
}

inline mapnik::image_rgba8 draw(const mapnik::Map& map) {
    mapnik::image_rgba8 image(static_cast<int>(map.width()), static_cast<int>(map.height()));
    mapnik::agg_renderer<mapnik::image_rgba8> renderer(map, image);
    renderer.apply();
    return image;
}

}  // namespace rxmap::test
