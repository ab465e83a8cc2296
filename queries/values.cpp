#include "queries/values.h"

#include "common/number_text.h"
#include "queries/area_rows.h"
#include "styles/choropleth.h"
#include "styles/choropleth_legend.h"

namespace rxmap::queries {

ValuesTable values(const catalog::LayerCatalog& catalog, const catalog::Variant& v, const std::string& pref_code) {
    const catalog::LayerDefinition& d = *v.definition;
    const data::Atlas& atlas = catalog.atlas();
    // Every class, so that entry i is class i: a categorical layer's short legend (only the
    // categories some area has) would give wrong labels and read past its end.
    const styles::Legend legend = styles::choropleth_legend(styles::choropleth(catalog, v), v.year, /*every_class=*/true);
    ValuesTable t;
    for (const auto& c : d.credits) t.credits += (t.credits.empty() ? "" : " / ") + c;
    t.numerator_label = d.value.presence ? "推計人口" : indicator_label(atlas, d.value.numerator.indicator);
    if (d.value.denominator) t.denominator_label = indicator_label(atlas, d.value.denominator->indicator);
    t.base_year = d.value.change_from;
    for (const AreaRow& r : area_rows(catalog, v, pref_code)) {
        ValueRow row;
        row.area = r.area;
        if (!r.prefecture.empty()) {
            row.prefecture_code = r.area->pref_code;
            row.prefecture = r.prefecture;
        }
        row.state = catalog::value_state(d, r.value);
        if (r.value) {
            if (row.state == catalog::ValueState::value) row.value = common::round_to(r.value->value, catalog::value_digits(d) + 2);
            row.numerator = common::round_to(r.value->numerator, 2);
            row.denominator = common::round_to(r.value->denominator, 2);
            if (d.value.change_from) row.base_value = common::round_to(r.value->base_numerator, 2);
        }
        row.cls = r.cls;
        row.class_label = (r.cls >= 0 ? legend.entries[r.cls] : legend.entries.back()).label_ja;
        t.rows.push_back(std::move(row));
    }
    return t;
}

data::GeometryPtr boundary(const ValueRow& row) { return data::from_wkb(row.area->wkb); }

}  // namespace rxmap::queries
