#include "tiles/blank_metatile.h"

#include <mapnik/datasource.hpp>
#include <mapnik/feature.hpp>
#include <mapnik/featureset.hpp>
#include <mapnik/geometry.hpp>
#include <mapnik/geometry_envelope.hpp>
#include <mapnik/layer.hpp>
#include <mapnik/map.hpp>
#include <mapnik/query.hpp>
#include <mapnik/scale_denominator.hpp>

#include <algorithm>
#include <string>

namespace rxmap::tiles {

namespace {

bool in_memory(const mapnik::datasource& ds) {
    const auto type = ds.params().get<std::string>("type");
    return type && *type == "memory";
}

template <typename Points>
mapnik::box2d<double> points_box(const Points& points) {
    mapnik::box2d<double> box;
    for (const auto& p : points) {
        if (box.valid()) box.expand_to_include(p.x, p.y);
        else box.init(p.x, p.y, p.x, p.y);
    }
    return box;
}

// Whether a part of the geometry (a polygon of a multipolygon, a line of a multiline) comes near
// box: the datasources answer with the envelope of the whole feature, and a prefecture with
// islands far out spans much open sea.
bool part_near(const mapnik::geometry::geometry<double>& geometry, const mapnik::box2d<double>& box) {
    using namespace mapnik::geometry;
    if (geometry.is<multi_polygon<double>>()) {
        for (const polygon<double>& part : geometry.get<multi_polygon<double>>())
            if (points_box(part.exterior_ring).intersects(box)) return true;
        return false;
    }
    if (geometry.is<multi_line_string<double>>()) {
        for (const line_string<double>& part : geometry.get<multi_line_string<double>>())
            if (points_box(part).intersects(box)) return true;
        return false;
    }
    return envelope(geometry).intersects(box);
}

// Features of a query looked at before the metatile is rendered anyway: each costs its vertices.
constexpr int kFeaturesLookedAt = 16;

}  // namespace

std::optional<std::uint32_t> blank_colour(const mapnik::Map& map, int scale) {
    if (map.background_image()) return std::nullopt;
    std::uint32_t colour = 0;  // no background: transparent
    if (const auto& background = map.background()) {
        if (background->alpha() != 255) return std::nullopt;  // Mapnik premultiplies such a fill
        colour = background->rgba();
    }

    // As mapnik::feature_style_processor asks its layers: the box and the buffer around it.
    const double scale_denominator = mapnik::scale_denominator(map.scale(), false) * scale;
    const mapnik::box2d<double> extent = map.get_current_extent();
    const mapnik::query::resolution_type resolution(map.width() / extent.width(), map.height() / extent.height());
    for (const mapnik::layer& layer : map.layers()) {
        if (!layer.visible(scale_denominator)) continue;
        const mapnik::datasource_ptr ds = layer.datasource();
        if (!ds) continue;
        if (!in_memory(*ds) || layer.srs() != map.srs()) return std::nullopt;
        const int buffer_px = std::max(layer.buffer_size().value_or(map.buffer_size()), 0);
        const double pad = buffer_px * map.scale() * scale;
        mapnik::box2d<double> box = extent;
        box.pad(pad);
        if (!box.intersects(ds->envelope())) continue;
        const mapnik::featureset_ptr features = ds->features(mapnik::query(box, resolution, scale_denominator, extent));
        if (!features) continue;
        int looked_at = 0;
        for (mapnik::feature_ptr f = features->next(); f; f = features->next())
            if (++looked_at > kFeaturesLookedAt || part_near(f->get_geometry(), box)) return std::nullopt;
    }
    return colour;
}

}  // namespace rxmap::tiles
