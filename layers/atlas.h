#pragma once
// Everything the map engine needs from the import: the areas of the three
// levels and the statistics table.
#include <array>
#include <string>

#include "layers/area.h"
#include "layers/stats_table.h"

namespace rxmap::layers {

struct Atlas {
    std::array<AreaList, 3> areas;  // indexed by Level
    StatsTable stats;
    std::string fingerprint;  // of the inputs and the code that imported them

    AreaList& at(Level level) { return areas[static_cast<int>(level)]; }
    const AreaList& at(Level level) const { return areas[static_cast<int>(level)]; }
    const Area* find(Level level, const std::string& code) const;
};

}  // namespace rxmap::layers
