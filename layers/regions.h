#pragma once
// facts/regions.csv: each prefecture's regional bloc, METI bureau and metro-area flags.
#include <map>
#include <string>

namespace rxmap::layers {

struct PrefectureRegion {
    std::string pref_code;  // "13"
    std::string name;       // 東京都
    std::string bloc;       // 関東
    std::string meti;       // 関東経済産業局
    bool tokyo_area = false;
    bool three_metro_areas = false;
};

using Regions = std::map<std::string, PrefectureRegion>;  // by pref_code

// Throws ImportError naming the file and line on a malformed row.
Regions read_regions(const std::string& path);

}  // namespace rxmap::layers
