#include "styles/flow_map.h"

#include <mapnik/feature.hpp>
#include <mapnik/feature_factory.hpp>
#include <mapnik/layer.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/unicode.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "styles/classify.h"
#include "styles/map_builder.h"
#include "styles/map_style.h"
#include "styles/memory_layer.h"

namespace rxmap::styles {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kBend = 0.18;                   // control point offset, as a share of the distance
// Gross and group flows: light to dark oranges (they sit on a choropleth, so no pale classes).
const std::vector<std::string> kMagnitudeColors = {"#fdae6b", "#f16913", "#d94801", "#7f2704"};
// Net flows: into 東京圏 in reds, out of it in blues, between other prefectures in grey.
const std::vector<std::string> kNetColors = {"#cb181d", "#2171b5", "#737373"};
// Focus: out of the prefecture, into it. ColorBrewer PuOr's ends: orange and purple differ in
// lightness and hue for every kind of colour vision (Dark2's orange and green did not for
// deuteranopes).
const std::vector<std::string> kFocusColors = {"#e66101", "#5e3c99"};

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

std::optional<double> positive_number(const std::string& s) {
    try {
        size_t used = 0;
        const double v = std::stod(s, &used);
        if (used == s.size() && v >= 0 && std::isfinite(v)) return v;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

}  // namespace

std::string FlowQuery::key() const {
    std::string k;
    switch (mode) {
        case Mode::gross: k = "gross"; break;
        case Mode::net: k = "net"; break;
        case Mode::focus: k = "focus/" + origin; break;
        case Mode::groups: k = "groups/" + grouping; break;
    }
    if (min_count > 0) k += "/min" + std::to_string(static_cast<long long>(min_count));
    else k += top > 0 ? "/top" + std::to_string(top) : "/all";
    return labels ? k : k + "/nolabels";
}

std::optional<FlowQuery> parse_flow_query(const std::vector<std::string>& segs, const layers::Atlas& atlas) {
    FlowQuery q;
    size_t i = 0, segs_end = segs.size();
    if (i < segs.size()) {
        const std::string& mode = segs[i++];
        if (mode == "gross") {
            q.mode = FlowQuery::Mode::gross;
        } else if (mode == "net") {
            q.mode = FlowQuery::Mode::net;
        } else if (mode == "focus") {
            q.mode = FlowQuery::Mode::focus;
            if (i >= segs.size()) return std::nullopt;
            q.origin = layers::prefecture_code(segs[i++], atlas);
            if (q.origin.empty()) return std::nullopt;
            q.top = 20;
        } else if (mode == "groups") {
            q.mode = FlowQuery::Mode::groups;
            if (i < segs.size() && (segs[i] == "bloc" || segs[i] == "meti")) q.grouping = segs[i++];
        } else {
            --i;  // no mode: gross, and the segment may be a threshold
        }
    }
    if (i < segs.size() && segs.back() == "nolabels") {
        q.labels = false;
        segs_end = segs.size() - 1;
    }
    if (i < segs_end) {
        const std::string& t = segs[i++];
        if (starts_with(t, "top")) {
            auto n = positive_number(t.substr(3));
            if (!n || *n < 1 || *n > 2209) return std::nullopt;
            q.top = static_cast<int>(*n);
        } else if (starts_with(t, "min")) {
            auto n = positive_number(t.substr(3));
            if (!n) return std::nullopt;
            q.min_count = *n;
            q.top = 0;
        } else if (t == "all") {
            q.top = 0;
        } else {
            return std::nullopt;
        }
    }
    if (i != segs_end) return std::nullopt;
    return q;
}

std::vector<std::pair<double, double>> flow_arc(const layers::Anchor& from, const layers::Anchor& to, double t0,
                                                double t1, int steps) {
    const double x0 = from.x, y0 = from.y, x2 = to.x, y2 = to.y;
    const double dx = x2 - x0, dy = y2 - y0;
    // Control point to the right of the direction of travel: A->B and B->A bend apart.
    const double x1 = (x0 + x2) / 2 + kBend * dy, y1 = (y0 + y2) / 2 - kBend * dx;
    std::vector<std::pair<double, double>> points;
    for (int i = 0; i <= steps; ++i) {
        const double t = t0 + (t1 - t0) * i / steps, u = 1 - t;
        points.emplace_back(u * u * x0 + 2 * u * t * x1 + t * t * x2, u * u * y0 + 2 * u * t * y1 + t * t * y2);
    }
    return points;
}

double flow_width(double count, double max_count) {
    if (max_count <= 0) return 1;
    return 1 + (kFlowMaxWidth - 1) * std::sqrt(std::max(0.0, count) / max_count);
}

FlowSelection select_flows(const FlowSource& source, const FlowQuery& q, const layers::Atlas& atlas) {
    FlowSelection s;
    s.labels = q.labels;
    s.anchors = source.prefecture_anchors;
    layers::FlowTable table = *source.flows;
    if (q.mode == FlowQuery::Mode::groups) {
        const auto group_of = layers::prefecture_groups(atlas, q.grouping, source.tokyo_area);
        s.anchors = layers::group_anchors(source.prefecture_anchors, group_of);
        table = layers::aggregate_flows(table, group_of);
    }
    std::vector<FlowLine> lines;
    for (const auto& [od, count] : table.counts) {
        const auto& [from, to] = od;
        if (count <= 0) continue;
        if (q.mode == FlowQuery::Mode::focus && from != q.origin && to != q.origin) continue;
        if (q.mode == FlowQuery::Mode::net) {
            const double back = table.get(to, from);
            if (count <= back) continue;  // drawn from the other side (or balanced)
            lines.push_back({from, to, "", "", count - back, 0, 1});
            continue;
        }
        lines.push_back({from, to, "", "", count, 0, 1});
    }
    std::sort(lines.begin(), lines.end(), [](auto& a, auto& b) { return a.count > b.count; });
    auto keep = [&](std::vector<FlowLine> v) {
        if (q.min_count > 0)
            v.erase(std::remove_if(v.begin(), v.end(), [&](auto& l) { return l.count < q.min_count; }), v.end());
        if (q.top > 0 && static_cast<int>(v.size()) > q.top) v.resize(q.top);
        return v;
    };
    if (q.mode == FlowQuery::Mode::focus) {  // the threshold applies to each direction
        std::vector<FlowLine> out, in;
        for (auto& l : lines) (l.from == q.origin ? out : in).push_back(l);
        out = keep(out);
        in = keep(in);
        lines = out;
        lines.insert(lines.end(), in.begin(), in.end());
    } else {
        lines = keep(lines);
    }
    for (auto& l : lines) {
        s.max_count = std::max(s.max_count, l.count);
        l.from_name = s.anchors.count(l.from) ? s.anchors.at(l.from).name : l.from;
        l.to_name = s.anchors.count(l.to) ? s.anchors.at(l.to).name : l.to;
    }

    std::vector<double> counts;
    for (const auto& l : lines) counts.push_back(l.count);
    switch (q.mode) {
        case FlowQuery::Mode::gross:
        case FlowQuery::Mode::groups:
            s.edges = class_edges(counts, Method::quantile, static_cast<int>(kMagnitudeColors.size()));
            s.colors.assign(kMagnitudeColors.begin(), kMagnitudeColors.begin() + std::max<size_t>(1, s.edges.size() - 1));
            for (auto& l : lines) l.cls = class_of(s.edges, l.count);
            break;
        case FlowQuery::Mode::net:
            s.colors = kNetColors;
            for (auto& l : lines)
                l.cls = source.tokyo_area.count(l.to) && !source.tokyo_area.count(l.from)   ? 0
                        : source.tokyo_area.count(l.from) && !source.tokyo_area.count(l.to) ? 1
                                                                                             : 2;
            break;
        case FlowQuery::Mode::focus:
            s.colors = kFocusColors;
            for (auto& l : lines) l.cls = l.from == q.origin ? 0 : 1;
            break;
    }
    for (auto& l : lines) l.width = flow_width(l.count, s.max_count);
    std::sort(lines.begin(), lines.end(), [](auto& a, auto& b) { return a.count < b.count; });
    s.lines = std::move(lines);

    const std::string limit_ja = q.min_count > 0 ? std::to_string(static_cast<long long>(q.min_count)) + "人以上の流れ"
                                 : q.top > 0     ? "上位" + std::to_string(q.top) + "の流れ"
                                                 : "すべての流れ";
    const std::string limit_en = q.min_count > 0 ? "flows of at least " + std::to_string(static_cast<long long>(q.min_count))
                                 : q.top > 0     ? "the largest " + std::to_string(q.top) + " flows"
                                                 : "all flows";
    switch (q.mode) {
        case FlowQuery::Mode::gross: s.description_ja = "総移動（" + limit_ja + "）"; s.description_en = "Gross flows (" + limit_en + ")"; break;
        case FlowQuery::Mode::net: s.description_ja = "純移動：転入超過側への矢印（" + limit_ja + "）"; s.description_en = "Net flows towards the gaining side (" + limit_en + ")"; break;
        case FlowQuery::Mode::focus: {
            const std::string name = s.anchors.count(q.origin) ? s.anchors.at(q.origin).name : q.origin;
            s.description_ja = name + "の転出・転入（各方向" + limit_ja + "）";
            s.description_en = "Flows out of and into " + name + " (" + limit_en + " each way)";
            break;
        }
        case FlowQuery::Mode::groups:
            s.description_ja = std::string(q.grouping == "bloc" ? "東京圏と地方ブロック" : "経済産業局管内") + "間の移動（" + limit_ja + "）";
            s.description_en = std::string(q.grouping == "bloc" ? "Between 東京圏 and the regional blocs" : "Between METI bureau areas") + " (" + limit_en + ")";
            break;
    }
    return s;
}

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

std::string flow_style_xml(const FlowSelection& s) {
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
      << "  <Rule><MarkersSymbolizer file=\"shape://ellipse\" fill=\"#303030\" stroke=\"#ffffff\" stroke-width=\"1\""
         " width=\"6\" height=\"6\" allow-overlap=\"true\"/>";
    if (s.labels)
        x << "<TextSymbolizer face-name=\"" << kLabelFontBold << "\" size=\"11\" fill=\"#202020\" halo-fill=\"rgba(255,255,255,0.9)\""
             " halo-radius=\"2\" placement=\"point\" dy=\"-9\" allow-overlap=\"false\" minimum-padding=\"1\">[label]</TextSymbolizer>";
    x << "</Rule>\n"
      << "</Style>\n</Map>\n";
    return x.str();
}

}  // namespace

std::unique_ptr<mapnik::Map> build_flow_map(const FlowSelection& s) {
    auto map = std::make_unique<mapnik::Map>(256, 256);
    mapnik::load_map_string(*map, flow_style_xml(s), true);
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

        // Arrowhead at the end, along the curve's last segment (screen y points down).
        const auto [ex, ey] = arc.back();
        const double tx = ex - arc[arc.size() - 2].first, ty = ey - arc[arc.size() - 2].second;
        mapnik::feature_ptr arrow(mapnik::feature_factory::create(arrow_ctx, id++));
        arrow->put("cls", static_cast<mapnik::value_integer>(l.cls));
        arrow->put("arrow", 8 + 1.4 * l.width);
        arrow->put("angle", -std::atan2(ty, tx) * 180 / kPi);
        arrow->set_geometry(mapnik::geometry::point<double>(ex, ey));
        arrows->push(arrow);
    }
    auto anchor_ctx = std::make_shared<mapnik::context_type>();
    anchor_ctx->push("label");
    std::vector<const layers::Anchor*> ranked;
    for (const auto& [_, a] : s.anchors) ranked.push_back(&a);
    std::sort(ranked.begin(), ranked.end(), [](auto* l, auto* r) { return l->population > r->population; });
    for (const layers::Anchor* a : ranked) {
        mapnik::feature_ptr f(mapnik::feature_factory::create(anchor_ctx, id++));
        f->put("label", mapnik::value_unicode_string::fromUTF8(a->name));
        f->set_geometry(mapnik::geometry::point<double>(a->x, a->y));
        anchors->push(f);
    }
    map->add_layer(map_layer("flows", lines, {"flows"}));
    map->add_layer(map_layer("arrows", arrows, {"arrows"}));
    map->add_layer(map_layer("anchors", anchors, {"anchors"}));
    return map;
}

Legend flow_legend(const FlowSelection& s, const std::string& title_ja, const std::string& title_en,
                   const std::vector<std::string>& credits) {
    Legend legend;
    legend.title_ja = title_ja + "：" + s.description_ja;
    legend.title_en = title_en + ": " + s.description_en;
    legend.unit = "人";
    auto add = [&](const std::string& color, const std::string& ja, const std::string& en, double width) {
        LegendEntry e{color, ja, en};
        e.line_width = width;
        legend.entries.push_back(e);
    };
    if (!s.edges.empty()) {
        const auto labels = class_labels(s.edges, 0);
        for (size_t i = 0; i < s.colors.size() && i < labels.size(); ++i)
            add(s.colors[i], labels[i] + "人", labels[i] + " people", 0);
    } else if (s.colors.size() == 3) {
        add(s.colors[0], "東京圏へ", "into Tokyo area", 0);
        add(s.colors[1], "東京圏から", "out of Tokyo area", 0);
        add(s.colors[2], "その他", "other", 0);
    } else if (s.colors.size() == 2) {
        add(s.colors[0], "転出", "out", 0);
        add(s.colors[1], "転入", "in", 0);
    }
    // Widths for three round volumes under the maximum.
    for (double share : {1.0, 0.25, 0.04}) {
        const double v = s.max_count * share;
        if (v <= 0) continue;
        const double magnitude = std::pow(10, std::floor(std::log10(v)));
        const double rounded = std::floor(v / magnitude) * magnitude;
        const std::string label = class_labels({rounded, rounded}, 0).front();  // "80,000"
        add("#7f7f7f", label + "人", label + " people", flow_width(rounded, s.max_count));
    }
    legend.credits = credits;
    return legend;
}

}  // namespace rxmap::styles
