#pragma once
// Which flows a flow-layer variant shows, in which classes, colours and widths (no Mapnik:
// services and the print use it; styles/flow_map.h draws it).
// Classes: gross and group flows by quantiles of volume; net flows into, out of and apart from
// 東京圏; focus flows out of and into the prefecture. Width: flow_width().
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "catalog/flow_query.h"
#include "catalog/layer_catalog.h"
#include "styles/legend.h"

namespace rxmap::styles {

struct FlowLine {
    std::string from, to;            // anchor codes
    std::string from_name, to_name;
    double count = 0;
    int cls = 0;                     // magnitude class (focus: 0 = outflow, 1 = inflow)
    double width = 1;                // px
};

// A name drawn on a flow map, in the order names are placed (largest population first).
struct FlowLabel {
    std::string text;
    double x = 0, y = 0;  // EPSG:3857
};

struct FlowSelection {
    std::vector<FlowLine> lines;              // ascending by count: larger drawn later, on top
    std::map<std::string, data::Anchor> anchors;
    std::vector<double> edges;                // magnitude class edges
    std::vector<std::string> colors;          // one per class
    double max_count = 0;
    bool labels = true;                       // names drawn (catalog::FlowQuery::labels)
    // Prefecture modes: the prefectures' names where the choropleth maps put them (their label
    // points, same order), so that over a prefecture map the two coincide and the names stay on top
    // of the lines. Group modes: the groups' names at their anchors, placed clear of
    // `name_obstacles` (the prefecture names of the map underneath), so one set never covers the other.
    std::vector<FlowLabel> names, name_obstacles;
    std::string description_ja, description_en;  // mode and threshold in words
};

FlowSelection select_flows(const catalog::FlowSource& source, const catalog::FlowQuery& query,
                           const data::Atlas& atlas);
// The selection of a flow variant, built on first use and then kept by the catalogue. Thread-safe.
// Throws std::invalid_argument for a variant of another kind of layer.
const FlowSelection& flow_selection(const catalog::LayerCatalog& catalog, const catalog::Variant& variant);

constexpr double kFlowMaxWidth = 14;
double flow_width(double count, double max_count);

// The arc of a flow from anchor to anchor (EPSG:3857): a quadratic curve bent to the right of
// its direction, sampled from parameter t0 to t1 (0 = origin anchor, 1 = destination anchor).
// Maps draw t = kFlowDrawnFrom..kFlowDrawnTo, so lines stop short of the anchors and their labels.
constexpr double kFlowDrawnFrom = 0.07, kFlowDrawnTo = 0.93;
std::vector<std::pair<double, double>> flow_arc(const data::Anchor& from, const data::Anchor& to,
                                                double t0 = 0, double t1 = 1, int steps = 24);

Legend flow_legend(const FlowSelection& selection, const std::string& title_ja, const std::string& title_en,
                   const std::vector<std::string>& credits);

}  // namespace rxmap::styles
