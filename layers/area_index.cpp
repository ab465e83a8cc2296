#include "layers/area_index.h"

namespace rxmap::data {

AreaIndex::AreaIndex(const std::vector<const Area*>& areas) {
    for (const Area* a : areas) {
        Entry e{a, {}, from_wkb(a->wkb)};
        e.geometry->getEnvelope(&e.envelope);
        entries_.push_back(std::move(e));
    }
}

const Area* AreaIndex::at(double x, double y) const {
    const OGRPoint p(x, y);
    for (const Entry& e : entries_) {
        if (x < e.envelope.MinX || x > e.envelope.MaxX || y < e.envelope.MinY || y > e.envelope.MaxY) continue;
        if (e.geometry->Contains(&p)) return e.area;
    }
    return nullptr;
}

}  // namespace rxmap::data
