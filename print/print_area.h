#pragma once
// What part of Japan a printed map shows: all of Japan (a main map plus an inset
// of the southwestern islands), one prefecture fitted to its land, or a lon/lat box.
// Also the land geometry that decides where a legend may sit without hiding data.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layers/atlas.h"
#include "common/tile_math.h"

namespace rxmap::styles {

struct PrintArea {
    enum class Kind { japan, prefecture, bbox };
    Kind kind = Kind::japan;
    std::string pref_code;                     // prefecture: "20"
    double west = 0, south = 0, east = 0, north = 0;  // bbox: lon/lat (WGS 84)
};

// Exactly one of pref (code "20"/"20000" or name 長野県/長野), bbox ("lon,lat,lon,lat": west,
// south, east, north, inside 120..155 E and 20..47 N) or japan. Throws PrintError.
PrintArea parse_print_area(const std::optional<std::string>& pref, const std::optional<std::string>& bbox,
                           bool japan, const data::Atlas& atlas);

// The main map of all of Japan: 北海道 (with the 北方領土) to 九州 down to 屋久島 (30° N).
constexpr tiles::LonLat kJapanMainSouthWest{128.3, 30.0}, kJapanMainNorthEast{149.0, 45.7};
// The inset: the southwestern islands, トカラ列島 and 奄美 to 沖縄, 先島 and the 大東 islands.
constexpr tiles::LonLat kSouthwestIslandsSouthWest{122.8, 23.9}, kSouthwestIslandsNorthEast{131.45, 29.95};

// Where a print looks, in EPSG:3857 metres, before it is fitted to a frame.
struct AreaTarget {
    tiles::Bounds main;
    std::optional<tiles::Bounds> inset;  // japan: the southwestern islands
    bool grow_north = false;             // japan: widen the view to the north only (keeps 奄美 out of the main map)
    bool omits_islands = false;          // prefecture: remote islands lie outside the view
    std::string focus_wkb;               // prefecture: its geometry (WKB, EPSG:3857), faded around it
    std::string name_ja, name_en;        // 長野県 / Nagano; 全国 / Japan; "" for a bbox
};

// The prefecture's land: the envelope of its largest polygon and of every other part within
// max(60 km, half the largest part's size) of it, with a 5 % margin. Remote islands further out
// (小笠原 for 東京都, 奄美 for 鹿児島県, 先島 for 沖縄県) set omits_islands.
AreaTarget area_target(const PrintArea& area, const data::Atlas& atlas);

// Share (0..1) of a rectangle (EPSG:3857) covered by land: the focus prefecture for a prefecture
// map, every prefecture otherwise.
class LandCover {
public:
    LandCover(const data::Atlas& atlas, const AreaTarget& target);
    ~LandCover();
    LandCover(const LandCover&) = delete;
    LandCover& operator=(const LandCover&) = delete;
    double share(const tiles::Bounds& rect) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// English names of the 47 prefectures ("20" -> "Nagano"), "" for another code.
std::string prefecture_name_en(std::string_view pref_code);

}  // namespace rxmap::styles
