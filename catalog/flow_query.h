#pragma once
// A flow layer's loaded table and the query a variant puts to it (mode, threshold).
// Modes (part of the tile address, so each caches apart):
//   gross              flows in both directions, the largest `top` (or those >= `min`)
//   net                A->B minus B->A, one arrow per pair towards the gaining side
//   focus/<pref>       only flows into and out of one prefecture, in two colours
//   groups/<bloc|meti> flows between groups of prefectures (東京圏 + the 8 blocs, or METI bureaus)
// Threshold segment (optional): top<N> (largest N flows) or min<N> (flows of at least N people).
//   e.g. migration/gross/top30, migration/net/min2000, migration/focus/13, migration/groups/meti
//
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "layers/flows.h"

namespace rxmap::catalog {

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
std::optional<FlowQuery> parse_flow_query(const std::vector<std::string>& segments, const data::Atlas& atlas);

// A flow layer's table as loaded (load_catalog.h), with what every query of it needs.
struct FlowSource {
    std::shared_ptr<const data::FlowTable> flows;
    std::map<std::string, data::Anchor> prefecture_anchors;
    std::set<std::string> tokyo_area;  // prefecture codes of 東京圏
};

}  // namespace rxmap::catalog
