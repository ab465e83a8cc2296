#include "layers/atlas.h"

namespace rxmap::data {

const Area* Atlas::find(Level level, const std::string& code) const {
    for (const Area& a : at(level))
        if (a.code == code) return &a;
    return nullptr;
}

const Area* Atlas::find_merged(const std::string& code) const {
    for (const Area& a : merged)
        if (a.code == code) return &a;
    return nullptr;
}

const Area* Atlas::merged_containing(const std::string& municipality_code) const {
    for (const Area& a : merged)
        for (const std::string& m : a.members)
            if (m == municipality_code) return &a;
    return nullptr;
}

}  // namespace rxmap::data
