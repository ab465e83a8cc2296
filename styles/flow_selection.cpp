#include "styles/flow_selection.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "layers/indicator_values.h"
#include "styles/classify.h"

namespace rxmap::styles {

namespace {

constexpr double kBend = 0.18;                   // control point offset, as a share of the distance
// Gross and group flows: light to dark oranges (they sit on a choropleth, so no pale classes).
const std::vector<std::string> kMagnitudeColors = {"#fdae6b", "#f16913", "#d94801", "#7f2704"};
// Net flows: into 東京圏 in reds, out of it in blues, between other prefectures in grey.
const std::vector<std::string> kNetColors = {"#cb181d", "#2171b5", "#737373"};
// Focus: out of the prefecture, into it. ColorBrewer PuOr's ends: orange and purple differ in
// lightness and hue for every kind of colour vision (Dark2's orange and green did not for
// deuteranopes).
const std::vector<std::string> kFocusColors = {"#e66101", "#5e3c99"};

// The prefectures' names as choropleth maps place them (styles/map_builder.cpp): at their label
// points, largest 2020 population first.
std::vector<FlowLabel> prefecture_labels(const data::Atlas& atlas) {
    std::vector<std::pair<double, const data::Area*>> ranked;
    for (const data::Area* a : data::layer_areas(atlas, data::Level::prefecture, false))
        ranked.emplace_back(atlas.stats.get("ipss:population", 2020, a->code).value_or(0), a);
    std::stable_sort(ranked.begin(), ranked.end(), [](auto& l, auto& r) { return l.first > r.first; });
    std::vector<FlowLabel> out;
    for (const auto& [_, a] : ranked) out.push_back({a->label, a->label_x, a->label_y});
    return out;
}

}  // namespace

std::vector<std::pair<double, double>> flow_arc(const data::Anchor& from, const data::Anchor& to, double t0,
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

FlowSelection select_flows(const catalog::FlowSource& source, const catalog::FlowQuery& q, const data::Atlas& atlas) {
    using catalog::FlowQuery;
    FlowSelection s;
    s.labels = q.labels;
    s.anchors = source.prefecture_anchors;
    data::FlowTable table = *source.flows;
    std::vector<FlowLabel> prefecture_names = prefecture_labels(atlas);
    if (q.mode == catalog::FlowQuery::Mode::groups) {
        const auto group_of = data::prefecture_groups(atlas, q.grouping, source.tokyo_area);
        s.anchors = data::group_anchors(source.prefecture_anchors, group_of);
        table = data::aggregate_flows(table, group_of);
        std::vector<const data::Anchor*> groups;
        for (const auto& [_, a] : s.anchors) groups.push_back(&a);
        std::stable_sort(groups.begin(), groups.end(), [](auto* l, auto* r) { return l->population > r->population; });
        for (const data::Anchor* a : groups) s.names.push_back({a->name, a->x, a->y});
        s.name_obstacles = std::move(prefecture_names);
    } else {
        s.names = std::move(prefecture_names);
    }
    std::vector<FlowLine> lines;
    for (const auto& [od, count] : table.counts) {
        const auto& [from, to] = od;
        if (count <= 0) continue;
        if (q.mode == catalog::FlowQuery::Mode::focus && from != q.origin && to != q.origin) continue;
        if (q.mode == catalog::FlowQuery::Mode::net) {
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
    if (q.mode == catalog::FlowQuery::Mode::focus) {  // the threshold applies to each direction
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
        case catalog::FlowQuery::Mode::gross:
        case catalog::FlowQuery::Mode::groups:
            s.edges = class_edges(counts, Method::quantile, static_cast<int>(kMagnitudeColors.size()));
            s.colors.assign(kMagnitudeColors.begin(), kMagnitudeColors.begin() + std::max<size_t>(1, s.edges.size() - 1));
            for (auto& l : lines) l.cls = class_of(s.edges, l.count);
            break;
        case catalog::FlowQuery::Mode::net:
            s.colors = kNetColors;
            for (auto& l : lines)
                l.cls = source.tokyo_area.count(l.to) && !source.tokyo_area.count(l.from)   ? 0
                        : source.tokyo_area.count(l.from) && !source.tokyo_area.count(l.to) ? 1
                                                                                             : 2;
            break;
        case catalog::FlowQuery::Mode::focus:
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
        case catalog::FlowQuery::Mode::gross: s.description_ja = "総移動（" + limit_ja + "）"; s.description_en = "Gross flows (" + limit_en + ")"; break;
        case catalog::FlowQuery::Mode::net: s.description_ja = "純移動：転入超過側への矢印（" + limit_ja + "）"; s.description_en = "Net flows towards the gaining side (" + limit_en + ")"; break;
        case catalog::FlowQuery::Mode::focus: {
            const std::string name = s.anchors.count(q.origin) ? s.anchors.at(q.origin).name : q.origin;
            s.description_ja = name + "の転出・転入（各方向" + limit_ja + "）";
            s.description_en = "Flows out of and into " + name + " (" + limit_en + " each way)";
            break;
        }
        case catalog::FlowQuery::Mode::groups:
            s.description_ja = std::string(q.grouping == "bloc" ? "東京圏と地方ブロック" : "経済産業局管内") + "間の移動（" + limit_ja + "）";
            s.description_en = std::string(q.grouping == "bloc" ? "Between 東京圏 and the regional blocs" : "Between METI bureau areas") + " (" + limit_en + ")";
            break;
    }
    return s;
}

const FlowSelection& flow_selection(const catalog::LayerCatalog& catalog, const catalog::Variant& v) {
    return catalog.derived<FlowSelection>("flow-selection/" + v.key(), [&] {
        if (!v.flow) throw std::invalid_argument(v.definition->id + " is not a flow layer");
        return select_flows(catalog.flow_source(*v.definition), *v.flow, catalog.atlas());
    });
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

