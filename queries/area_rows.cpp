#include "queries/area_rows.h"

#include <cmath>

#include "styles/choropleth.h"

namespace rxmap::queries {

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

std::pair<std::string, std::string> indicator_unit(const std::string& indicator) {
    const auto colon = indicator.rfind(':');
    const std::string item = colon == std::string::npos ? indicator : indicator.substr(colon + 1);
    const std::string source = indicator.substr(0, indicator.find(':'));
    if (source != "ssdse" || item.empty()) return {"人", "persons"};  // census, IPSS, flows: people
    auto starts = [&](const char* prefix) { return item.rfind(prefix, 0) == 0; };
    if (starts("D3")) return {"千円", "thousand yen"};             // 歳入・歳出 (決算額)
    if (starts("D22")) return {"%", "%"};                         // 経常収支比率, 実質公債費比率
    if (starts("A71")) return {"世帯", "households"};
    if (starts("C21")) return {"事業所", "establishments"};
    if (item[0] == 'E' || item[0] == 'G' || item[0] == 'H' || item[0] == 'I' || item[0] == 'J')
        return {"施設", "facilities"};                              // schools, shops, hospitals, nurseries…
    return {"人", "persons"};                                       // A (population), C22, D1, F (labour)
}

}  // namespace rxmap::queries
