#include "queries/area_finder.h"

#include <algorithm>

#include "layers/indicator_values.h"
#include "common/tile_math.h"

namespace rxmap::queries {

const data::Area* AreaFinder::at(data::Level level, bool merged_areas, double lon, double lat) {
    const data::AreaIndex* index = nullptr;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto& slot = indexes_[{level, merged_areas}];
        if (!slot) slot = std::make_unique<data::AreaIndex>(data::layer_areas(atlas_, level, merged_areas));
        index = slot.get();  // never replaced once built: safe to read outside the lock
    }
    const auto m = tiles::to_mercator({lon, lat});
    return index->at(m.x, m.y);
}

const data::Area* AreaFinder::with_code(data::Level level, bool merged_areas, const std::string& code) const {
    for (const data::Area* a : data::layer_areas(atlas_, level, merged_areas))
        if (a->code == code || std::count(a->members.begin(), a->members.end(), code)) return a;
    return nullptr;
}

}  // namespace rxmap::queries
