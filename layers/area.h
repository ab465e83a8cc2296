#pragma once
// One mapped area (ward, municipality or prefecture) in Web Mercator.
#include <string>
#include <vector>

namespace rxmap::layers {

enum class Level { ward, municipality, prefecture };

const char* level_name(Level level);             // "ward", "municipality", "prefecture"
bool parse_level(const std::string& name, Level& out);
constexpr Level kAllLevels[] = {Level::ward, Level::municipality, Level::prefecture};

struct Area {
    std::string code;       // 5-digit JIS code; prefectures are "PP000"
    std::string name;       // full name: 千代田区, 札幌市, 札幌市中央区, 東京都
    std::string label;      // map label: 中央区 for a ward, otherwise the name
    std::string pref_code;  // "13"
    std::string parent;     // code of the municipality/prefecture this dissolves into
    std::string wkb;        // MultiPolygon, EPSG:3857, ISO WKB (little endian)
    double label_x = 0, label_y = 0;  // a point inside the largest part, EPSG:3857
};

using AreaList = std::vector<Area>;

// "13" -> "13000"
inline std::string prefecture_area_code(const std::string& pref_code) { return pref_code + "000"; }

}  // namespace rxmap::layers
