#pragma once
// Flow maps: which flows a variant shows (mode, threshold) and how they are drawn.
//
// Modes (part of the tile address, so each caches apart):
//   gross              flows in both directions, the largest `top` (or those >= `min`)
//   net                A->B minus B->A, one arrow per pair towards the gaining side
//   focus/<pref>       only flows into and out of one prefecture, in two colours
//   groups/<bloc|meti> flows between groups of prefectures (東京圏 + the 8 blocs, or METI bureaus)
// Threshold segment (optional): top<N> (largest N flows) or min<N> (flows of at least N people).
//   e.g. migration/gross/top30, migration/net/min2000, migration/focus/13, migration/groups/meti
//
// Drawing: a quadratic curve between the origin's and destination's anchors (the
// population-weighted centre of each prefecture or group), bent to the right of its
// direction so the two directions of a pair never overlap; line width grows with the
// square root of the volume, w = 1 + (w_max - 1) * sqrt(v / v_max) px (w_max = 14) from z7,
// times 0.75 at z6, 0.55 at z5 and 0.45 at z4 and below so national maps stay readable;
// colour by magnitude class; an arrowhead at the destination; larger flows on top;
// the curve stops short of the anchors so it never covers their labels.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <mapnik/map.hpp>

#include "layers/flows.h"
#include "styles/legend.h"

namespace rxmap::styles {

struct FlowQuery {
    enum class Mode { gross, net, focus, groups } mode = Mode::gross;
    std::string origin;           // focus: prefecture code "13"
    std::string grouping = "bloc";  // groups: bloc | meti
    int top = 40;                 // 0 = no limit
    double min_count = 0;
    // Anchor names on the tiles. A last segment "nolabels" turns them off for an overlay on a
    // prefecture map, which names the prefectures itself (else 「北海道北海道」).
    bool labels = true;

    std::string key() const;  // canonical path segments: "gross/top40", "focus/13/top20/nolabels"
};

// Parses the segments after the layer id; nullopt when they do not name a query.
std::optional<FlowQuery> parse_flow_query(const std::vector<std::string>& segments, const layers::Atlas& atlas);

struct FlowLine {
    std::string from, to;            // anchor codes
    std::string from_name, to_name;
    double count = 0;
    int cls = 0;                     // magnitude class (focus: 0 = outflow, 1 = inflow)
    double width = 1;                // px
};

struct FlowSelection {
    std::vector<FlowLine> lines;              // ascending by count: larger drawn later, on top
    std::map<std::string, layers::Anchor> anchors;
    std::vector<double> edges;                // magnitude class edges
    std::vector<std::string> colors;          // one per class
    double max_count = 0;
    bool labels = true;                       // anchor names drawn (FlowQuery::labels)
    std::string description_ja, description_en;  // mode and threshold in words
};

struct FlowSource {
    std::shared_ptr<const layers::FlowTable> flows;
    std::map<std::string, layers::Anchor> prefecture_anchors;
    std::set<std::string> tokyo_area;  // prefecture codes of 東京圏
};

FlowSelection select_flows(const FlowSource& source, const FlowQuery& query, const layers::Atlas& atlas);

constexpr double kFlowMaxWidth = 14;
double flow_width(double count, double max_count);

// The arc of a flow from anchor to anchor (EPSG:3857): a quadratic curve bent to the right of
// its direction, sampled from parameter t0 to t1 (0 = origin anchor, 1 = destination anchor).
// Maps draw t = kFlowDrawnFrom..kFlowDrawnTo, so lines stop short of the anchors and their labels.
constexpr double kFlowDrawnFrom = 0.07, kFlowDrawnTo = 0.93;
std::vector<std::pair<double, double>> flow_arc(const layers::Anchor& from, const layers::Anchor& to,
                                                double t0 = 0, double t1 = 1, int steps = 24);

std::unique_ptr<mapnik::Map> build_flow_map(const FlowSelection& selection);
Legend flow_legend(const FlowSelection& selection, const std::string& title_ja, const std::string& title_en,
                   const std::vector<std::string>& credits);

}  // namespace rxmap::styles
