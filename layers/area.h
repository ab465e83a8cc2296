#pragma once
// One mapped area (ward, municipality or prefecture) in Web Mercator.
#include <string>
#include <vector>

namespace rxmap::data {

// ward: as N03 has it; municipality: designated-city wards dissolved into the city;
// prefecture; bloc: the eight regional blocs (地方); meti: METI regional bureau areas (経済産業局).
enum class Level { ward, municipality, prefecture, bloc, meti };
constexpr int kLevelCount = 5;

const char* level_name(Level level);  // "ward", "municipality", "prefecture", "bloc", "meti"
const char* level_name_ja(Level level);
bool parse_level(const std::string& name, Level& out);
constexpr Level kAllLevels[] = {Level::ward, Level::municipality, Level::prefecture, Level::bloc, Level::meti};
// Levels built by summing municipalities.
inline bool is_aggregate(Level l) { return l == Level::prefecture || l == Level::bloc || l == Level::meti; }

struct Area {
    std::string code;       // 5-digit JIS code; prefectures "PP000"; blocs "bloc:東北"; bureaus "meti:東北経済産業局"
    std::string name;       // full name: 千代田区, 札幌市, 札幌市中央区, 東京都
    std::string label;      // map label: 中央区 for a ward, otherwise the name
    std::string pref_code;  // "13"
    std::string parent;     // code of the municipality/prefecture this dissolves into
    std::vector<std::string> members;  // for merged areas (e.g. IPSS 浜通り地域): the municipalities inside
    std::string wkb;        // MultiPolygon, EPSG:3857, ISO WKB (little endian)
    std::string wkb_low;    // the same simplified for zooms up to kLowBandMaxZoom; "" = wkb
    double label_x = 0, label_y = 0;  // a point inside the largest part, EPSG:3857

    // The geometry a map draws in the low zoom band (low_band) or below it.
    const std::string& wkb_for(bool low_band) const { return low_band && !wkb_low.empty() ? wkb_low : wkb; }
};

using AreaList = std::vector<Area>;

// Full-resolution boundaries (MLIT's N03 as published) make low-zoom tiles slow: the import adds a
// copy of every area simplified to half a pixel at this zoom (GEOS, topology-preserving per area),
// which maps draw up to this zoom; deeper zooms draw the full geometry.
constexpr int kLowBandMaxZoom = 8;
double low_band_tolerance();  // metres (EPSG:3857 units): half a pixel at kLowBandMaxZoom
// Whether any of these areas has a simplified copy: maps (and exported styles) draw them in two zoom bands.
bool has_low_band(const std::vector<const Area*>& areas);

// "13" -> "13000"
inline std::string prefecture_area_code(const std::string& pref_code) { return pref_code + "000"; }

}  // namespace rxmap::data
