#include "layers/area.h"

#include <algorithm>

namespace rxmap::data {

const char* level_name(Level level) {
    switch (level) {
        case Level::ward: return "ward";
        case Level::municipality: return "municipality";
        case Level::prefecture: return "prefecture";
        case Level::bloc: return "bloc";
        case Level::meti: return "meti";
    }
    return "?";
}

const char* level_name_ja(Level level) {
    switch (level) {
        case Level::ward: return "市区町村（区別）";
        case Level::municipality: return "市区町村";
        case Level::prefecture: return "都道府県";
        case Level::bloc: return "地方ブロック";
        case Level::meti: return "経済産業局管内";
    }
    return "?";
}

bool parse_level(const std::string& name, Level& out) {
    for (Level l : kAllLevels) {
        if (name == level_name(l)) {
            out = l;
            return true;
        }
    }
    return false;
}

double low_band_tolerance() {
    constexpr double kWorldMetres = 2 * 20037508.342789244;
    return kWorldMetres / (256.0 * (1 << kLowBandMaxZoom)) / 2;
}

bool has_low_band(const std::vector<const Area*>& areas) {
    return std::any_of(areas.begin(), areas.end(), [](const Area* a) { return !a->wkb_low.empty(); });
}

}  // namespace rxmap::data
