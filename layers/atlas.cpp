#include "layers/atlas.h"

namespace rxmap::layers {

const Area* Atlas::find(Level level, const std::string& code) const {
    for (const Area& a : at(level))
        if (a.code == code) return &a;
    return nullptr;
}

}  // namespace rxmap::layers
