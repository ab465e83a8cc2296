#include "tiles/mvt_areas.h"

#include "layers/indicator_values.h"

namespace rxmap::tiles {

const MvtAreas& mvt_areas(const catalog::LayerCatalog& catalog, data::Level level, bool merged_areas) {
    const std::string key = std::string("mvt-areas/") + data::level_name(level) + (merged_areas ? "/merged" : "");
    return catalog.derived<MvtAreas>(key, [&] {
        MvtAreas out;
        for (const data::Area* a : data::layer_areas(catalog.atlas(), level, merged_areas)) {
            MvtArea m;
            m.area = a;
            if (a->wkb.empty()) continue;  // an area without geometry draws nothing in the PNG either
            m.full = data::from_wkb(a->wkb);
            if (!a->wkb_low.empty()) m.low = data::from_wkb(a->wkb_low);
            m.full->getEnvelope(&m.envelope);
            out.push_back(std::move(m));
        }
        return out;
    });
}

}  // namespace rxmap::tiles
