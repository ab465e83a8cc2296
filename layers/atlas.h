#pragma once
// Everything the map engine needs from the import: the areas of every level, the
// statistics table and the flow tables.
#include <array>
#include <map>
#include <memory>
#include <string>

#include "layers/area.h"
#include "layers/flow_table.h"
#include "layers/stats_table.h"

namespace rxmap::data {

struct Atlas {
    std::array<AreaList, kLevelCount> areas;  // indexed by Level
    // Areas that a source reports only as one (IPSS projects Fukushima's 13 浜通り
    // municipalities as 07999 浜通り地域): each lists its member municipalities.
    AreaList merged;
    StatsTable stats;
    // The flow tables of raw/flows/, by the name a layer declares them with ("raw:flows/x.csv"):
    // stored with the atlas, so that nodes reading the database need no local copy. Shared with
    // the flow layers that declare them, never copied.
    std::map<std::string, std::shared_ptr<const FlowTable>> flows;
    std::string fingerprint;  // of the inputs and the code that imported them
    // The import's source options (`--boundaries a.gpkg --code-field …`, one per line), so that later
    // starts without them check and read the same sources.
    std::string source_args;

    AreaList& at(Level level) { return areas[static_cast<int>(level)]; }
    const AreaList& at(Level level) const { return areas[static_cast<int>(level)]; }
    const Area* find(Level level, const std::string& code) const;
    const Area* find_merged(const std::string& code) const;
    // The merged area a municipality belongs to, or nullptr.
    const Area* merged_containing(const std::string& municipality_code) const;
};

}  // namespace rxmap::data
