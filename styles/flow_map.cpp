#include "styles/flow_map.h"

#include <mapnik/feature.hpp>
#include <mapnik/feature_factory.hpp>
#include <mapnik/layer.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/unicode.hpp>

#include <cmath>
#include <sstream>

#include "styles/map_style.h"
#include "styles/memory_layer.h"
#include "styles/mapnik_resources.h"

namespace rxmap::styles {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kArrowAt = 0.62;  // where along a flow (0 origin, 1 destination) its arrowhead sits

}  // namespace

namespace {

// Lines and arrowheads are thinner at national zooms, so the many short flows around 東京
// stay readable at z4-z6: widths are multiplied by the zoom band's factor.
struct ZoomBand {
    int min_zoom, max_zoom;  // -1: open
    double factor;
};
constexpr ZoomBand kBands[] = {{-1, 4, 0.45}, {5, 5, 0.55}, {6, 6, 0.75}, {7, -1, 1.0}};

std::string band_scale(const ZoomBand& b) {
    std::ostringstream s;
    if (b.min_zoom > 0) s << "<MaxScaleDenominator>" << scale_denominator(b.min_zoom) * std::sqrt(2.0) << "</MaxScaleDenominator>";
    if (b.max_zoom >= 0) s << "<MinScaleDenominator>" << scale_denominator(b.max_zoom) / std::sqrt(2.0) << "</MinScaleDenominator>";
    return s.str();
}

std::string style_xml(const FlowSelection& s) {
    std::ostringstream x;
    x << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Map srs=\"epsg:3857\" buffer-size=\"256\">\n";
    x << "<Style name=\"flows\">\n";
    for (const ZoomBand& band : kBands)
        for (size_t i = 0; i < s.colors.size(); ++i)
            // A white casing under each line keeps it visible on any fill (orange outflows over the
            // red of a net-migration map vanished for deuteranopes).
            x << "  <Rule>" << band_scale(band) << "<Filter>[cls] = " << i << "</Filter>"
              << "<LineSymbolizer stroke=\"#ffffff\" stroke-width=\"[width] * " << band.factor
              << " + 2\" stroke-opacity=\"0.8\" stroke-linecap=\"butt\"/><LineSymbolizer stroke=\""
              << s.colors[i] << "\" stroke-width=\"[width] * " << band.factor
              << "\" stroke-opacity=\"0.85\" stroke-linecap=\"butt\"/></Rule>\n";
    x << "</Style>\n<Style name=\"arrows\">\n";
    for (const ZoomBand& band : kBands)
        for (size_t i = 0; i < s.colors.size(); ++i)
            x << "  <Rule>" << band_scale(band) << "<Filter>[cls] = " << i << "</Filter><MarkersSymbolizer file=\""
              << arrowhead_marker_path() << "\" fill=\"" << s.colors[i]
              << "\" stroke=\"#ffffff\" stroke-width=\"0.8\" width=\"[arrow] * " << band.factor
              << "\" height=\"[arrow] * " << band.factor
              << "\" transform=\"rotate([angle])\" allow-overlap=\"true\" ignore-placement=\"true\" placement=\"point\"/></Rule>\n";
    x << "</Style>\n<Style name=\"anchors\">\n"
      // The dots never keep a name off the map: they take no room in label placement.
      << "  <Rule><MarkersSymbolizer file=\"shape://ellipse\" fill=\"#303030\" stroke=\"#ffffff\" stroke-width=\"1\""
         " width=\"6\" height=\"6\" allow-overlap=\"true\" ignore-placement=\"true\"/></Rule>\n"
      << "</Style>\n";
    // Names come last, over the lines, each with a halo and none over another.
    const std::string from_zoom = "<MaxScaleDenominator>" + std::to_string(scale_denominator(kPrefectureLabelsFromZoom) * std::sqrt(2.0)) +
                                  "</MaxScaleDenominator>";
    if (s.name_obstacles.empty()) {
        x << "<Style name=\"names\">\n  <Rule>" << from_zoom << prefecture_label_symbolizer() << "</Rule>\n</Style>\n";
    } else {
        // The map underneath names the prefectures: their places are taken (invisible text, same
        // symbolizer), and each group name moves around its anchor until it finds a free place.
        std::string hidden = prefecture_label_symbolizer();
        hidden.insert(hidden.find(' '), " opacity=\"0\" halo-opacity=\"0\"");
        x << "<Style name=\"name-obstacles\">\n  <Rule>" << from_zoom << hidden << "</Rule>\n</Style>\n"
          << "<Style name=\"names\">\n  <Rule>" << from_zoom << "<TextSymbolizer face-name=\"" << kLabelFontBold
          << "\" size=\"14\" fill=\"#101010\" halo-fill=\"rgba(255,255,255,0.95)\" halo-radius=\"2.5\" placement=\"point\""
             " placement-type=\"simple\" placements=\"N,S,E,W,NE,SE,NW,SW\" dx=\"8\" dy=\"8\" minimum-padding=\"2\""
             " allow-overlap=\"false\">[label]</TextSymbolizer></Rule>\n</Style>\n";
    }
    x << "</Map>\n";
    return x.str();
}

// Names as point features, in placement order.
std::shared_ptr<mapnik::memory_datasource> name_datasource(const std::vector<FlowLabel>& names) {
    auto ds = new_memory_datasource();
    auto ctx = std::make_shared<mapnik::context_type>();
    ctx->push("label");
    mapnik::value_integer id = 1;
    for (const FlowLabel& n : names) {
        mapnik::feature_ptr f(mapnik::feature_factory::create(ctx, id++));
        f->put("label", mapnik::value_unicode_string::fromUTF8(n.text));
        f->set_geometry(mapnik::geometry::point<double>(n.x, n.y));
        ds->push(f);
    }
    return ds;
}

}  // namespace

std::string flow_style_xml(const FlowSelection& s) { return style_xml(s); }

std::unique_ptr<mapnik::Map> build_flow_map(const FlowSelection& s) {
    auto map = std::make_unique<mapnik::Map>(256, 256);
    mapnik::load_map_string(*map, style_xml(s), true);
    auto lines = new_memory_datasource(), arrows = new_memory_datasource(), anchors = new_memory_datasource();
    auto line_ctx = std::make_shared<mapnik::context_type>();
    for (const char* f : {"cls", "width", "count"}) line_ctx->push(f);
    auto arrow_ctx = std::make_shared<mapnik::context_type>();
    for (const char* f : {"cls", "arrow", "angle"}) arrow_ctx->push(f);
    mapnik::value_integer id = 1;
    for (const FlowLine& l : s.lines) {  // ascending: larger flows are drawn later, on top
        auto a = s.anchors.find(l.from), b = s.anchors.find(l.to);
        if (a == s.anchors.end() || b == s.anchors.end()) continue;
        const auto arc = flow_arc(a->second, b->second, kFlowDrawnFrom, kFlowDrawnTo);
        mapnik::geometry::line_string<double> curve;
        for (const auto& [px, py] : arc) curve.emplace_back(px, py);
        mapnik::feature_ptr f(mapnik::feature_factory::create(line_ctx, id++));
        f->put("cls", static_cast<mapnik::value_integer>(l.cls));
        f->put("width", l.width);
        f->put("count", l.count);
        f->set_geometry(std::move(curve));
        lines->push(f);

        // Arrowhead part-way along the curve, not at its end, so that the heads of the many flows
        // into one place do not pile up there (screen y points down).
        const auto head = flow_arc(a->second, b->second, kArrowAt - 0.01, kArrowAt + 0.01, 2);
        const auto [ex, ey] = head[1];
        const double tx = head[2].first - head[0].first, ty = head[2].second - head[0].second;
        mapnik::feature_ptr arrow(mapnik::feature_factory::create(arrow_ctx, id++));
        arrow->put("cls", static_cast<mapnik::value_integer>(l.cls));
        arrow->put("arrow", 8 + 1.4 * l.width);
        arrow->put("angle", -std::atan2(ty, tx) * 180 / kPi);
        arrow->set_geometry(mapnik::geometry::point<double>(ex, ey));
        arrows->push(arrow);
    }
    auto anchor_ctx = std::make_shared<mapnik::context_type>();
    for (const auto& [_, a] : s.anchors) {
        mapnik::feature_ptr f(mapnik::feature_factory::create(anchor_ctx, id++));
        f->set_geometry(mapnik::geometry::point<double>(a.x, a.y));
        anchors->push(f);
    }
    map->add_layer(map_layer("flows", lines, {"flows"}));
    map->add_layer(map_layer("arrows", arrows, {"arrows"}));
    map->add_layer(map_layer("anchors", anchors, {"anchors"}));
    if (s.labels) {
        if (!s.name_obstacles.empty()) map->add_layer(map_layer("name-obstacles", name_datasource(s.name_obstacles), {"name-obstacles"}));
        map->add_layer(map_layer("names", name_datasource(s.names), {"names"}));
    }
    return map;
}


}  // namespace rxmap::styles
