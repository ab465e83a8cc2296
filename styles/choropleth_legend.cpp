#include "styles/choropleth_legend.h"

#include <cmath>
#include <set>

namespace rxmap::styles {

Legend choropleth_legend(const Choropleth& c, int year, bool every_class) {
    const catalog::LayerDefinition& d = c.definition;
    Legend legend;
    const bool yearly = d.years.size() > 1;
    legend.title_ja = d.title_ja + (yearly ? "（" + std::to_string(year) + "年）" : "");
    legend.title_en = d.title_en + (yearly ? " (" + std::to_string(year) + ")" : "");
    legend.unit = d.unit_ja;
    legend.entries = class_entries(c.edges, c.colors, d.decimals);
    for (size_t i = 0; i + 1 < legend.entries.size(); ++i) {  // the last entry is "no data"
        if (i < d.class_labels_ja.size()) legend.entries[i].label_ja = d.class_labels_ja[i];
        if (i < d.class_labels_en.size()) legend.entries[i].label_en = d.class_labels_en[i];
    }
    if (const auto& fit = d.value.presence) {
        const auto people = [](double v) { return class_labels({std::round(v), std::round(v)}, 0).front(); };
        if (fit->kind == "fitted") {
            legend.notes_ja.push_back("存在確率50%: 人口" + people(fit->p50_population) + "人、80%: " +
                                      people(fit->p80_population) + "人（" + std::to_string(fit->n) + "市町村で推定）");
            legend.notes_en.push_back("50 %: " + people(fit->p50_population) + " people, 80 %: " +
                                      people(fit->p80_population) + " (fitted on " + std::to_string(fit->n) + " municipalities)");
        } else {
            legend.notes_ja.push_back("公表値の50%: " + people(fit->p50_population) + "人、80%: " + people(fit->p80_population) + "人を通る曲線");
            legend.notes_en.push_back("Curve through the published 50 % (" + people(fit->p50_population) + ") and 80 % (" +
                                      people(fit->p80_population) + ") populations");
        }
    }
    // The rule that picks an area's category, or what a location quotient is computed from: needed to read the map.
    if (d.method == Method::categorical || d.value.relative_to_japan) {
        if (!d.description_ja.empty()) legend.notes_ja.push_back(d.description_ja);
        if (!d.description_en.empty()) legend.notes_en.push_back(d.description_en);
    }
    if (d.method == Method::categorical) {
        if (!every_class) {
            std::set<int> present;
            for (const auto& [code, _] : c.values.at(year)) present.insert(c.class_of_area(year, code));
            std::vector<LegendEntry> kept;
            for (size_t i = 0; i < legend.entries.size(); ++i)
                if (i + 1 == legend.entries.size() || present.count(static_cast<int>(i))) kept.push_back(legend.entries[i]);
            legend.entries = std::move(kept);
        }
    }
    legend.credits = d.credits;
    return legend;
}

}  // namespace rxmap::styles
