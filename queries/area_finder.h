#pragma once
// The area of a layer's level at a point or with a code. Point indexes (envelopes, then an exact
// point-in-polygon test) are built on first use per level and kept; thread-safe.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "layers/area_index.h"
#include "layers/atlas.h"

namespace rxmap::queries {

class AreaFinder {
public:
    explicit AreaFinder(const data::Atlas& atlas) : atlas_(atlas) {}
    // The area containing (lon, lat) in degrees, or nullptr (sea, or outside Japan). merged_areas:
    // the level as projection layers draw it (浜通り地域 as one area).
    const data::Area* at(data::Level level, bool merged_areas, double lon, double lat);
    // The area with `code`, or the merged area holding it (双葉町 07545 → 浜通り地域 07999); nullptr when none.
    const data::Area* with_code(data::Level level, bool merged_areas, const std::string& code) const;

private:
    const data::Atlas& atlas_;
    std::mutex mutex_;
    std::map<std::pair<data::Level, bool>, std::unique_ptr<data::AreaIndex>> indexes_;
};

}  // namespace rxmap::queries
