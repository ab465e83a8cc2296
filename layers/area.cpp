#include "area.h"

namespace rxmap::layers {

const char* level_name(Level level) {
    switch (level) {
        case Level::ward: return "ward";
        case Level::municipality: return "municipality";
        case Level::prefecture: return "prefecture";
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

}  // namespace rxmap::layers
