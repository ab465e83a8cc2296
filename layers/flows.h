#pragma once
// Flows between prefectures (or any coded areas): an origin–destination table
// read from a square matrix CSV (names or codes as keys, the first column the
// origin, the header row the destinations, "-" on the diagonal) or a long CSV
// with origin,destination,count columns. Bad cells are reported with their row
// and column and skipped.
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "layers/atlas.h"
#include "layers/flow_table.h"
#include "layers/stats_table.h"

namespace rxmap::data {

// Resolves a prefecture given by name (東京都, 東京) or code (13, 13000) to its 2-digit code, or "".
std::string prefecture_code(const std::string& key, const Atlas& atlas);

// Reads either layout (detected from the header: origin,destination,count → long).
FlowTable read_flows(const std::string& path, const Atlas& atlas, DatasetReport& report);

// Population-weighted centre (EPSG:3857) of the municipalities of each prefecture,
// weighted by the census 2020 population: where people live, not the polygon centroid.
struct Anchor {
    std::string code;  // "13", or a group code ("bloc:関東")
    std::string name;
    double x = 0, y = 0;
    double population = 0;
};
std::map<std::string, Anchor> prefecture_anchors(const Atlas& atlas);

// Groups of prefectures for the `groups` mode: "bloc" (8 regional blocs, with 東京圏
// split from 関東 as its own group) or "meti" (METI bureau areas).
std::map<std::string, std::string> prefecture_groups(const Atlas& atlas, const std::string& grouping,
                                                     const std::set<std::string>& tokyo_area);
std::map<std::string, Anchor> group_anchors(const std::map<std::string, Anchor>& prefectures,
                                            const std::map<std::string, std::string>& group_of);
FlowTable aggregate_flows(const FlowTable& flows, const std::map<std::string, std::string>& group_of);

}  // namespace rxmap::data
