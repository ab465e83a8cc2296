#pragma once
// facts/regions.csv: each prefecture's regional bloc, METI bureau and metro-area flags.
#include <map>
#include <set>
#include <string>

namespace rxmap::data {

struct PrefectureRegion {
    std::string pref_code;  // "13"
    std::string name;       // 東京都
    std::string bloc;       // 関東
    std::string meti;       // 関東経済産業局
    bool tokyo_area = false;
    bool three_metro_areas = false;
};

using Regions = std::map<std::string, PrefectureRegion>;  // by pref_code

// Columns by header name. Throws ImportError naming the file (and line) when it
// cannot be read, lacks a column, or a row has no two-digit pref_code ("1" reads
// as "01") or a flag other than 0 or 1.
Regions read_regions(const std::string& path);

// Prefecture codes ("11", "12", ...) with three_metro_areas = 1.
std::set<std::string> three_metro_prefectures(const Regions& regions);

}  // namespace rxmap::data
