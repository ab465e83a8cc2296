#include "server/area_rows.h"

#include <cmath>

#include "styles/choropleth.h"

namespace rxmap::server {

std::vector<AreaRow> area_rows(const catalog::LayerCatalog& catalog, const catalog::Variant& v,
                               const std::string& pref_code) {
    const data::Atlas& atlas = catalog.atlas();
    const styles::Choropleth& c = styles::choropleth(catalog, v);
    std::vector<AreaRow> rows;
    for (const data::Area* a : data::layer_areas(atlas, v.level, v.definition->value.merged_areas)) {
        if (!pref_code.empty() && a->pref_code != pref_code) continue;
        AreaRow r;
        r.area = a;
        if (v.level != data::Level::bloc && v.level != data::Level::meti)
            if (const data::Area* p = atlas.find(data::Level::prefecture, data::prefecture_area_code(a->pref_code)))
                r.prefecture = p->name;
        r.value = c.value(v.year, a->code);
        r.cls = c.class_of_area(v.year, a->code);
        rows.push_back(r);
    }
    return rows;
}

std::string indicator_label(const data::Atlas& atlas, const std::string& indicator) {
    auto it = atlas.stats.indicators().find(indicator);
    return it == atlas.stats.indicators().end() ? indicator : it->second.label;
}

}  // namespace rxmap::server
